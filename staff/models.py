import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from servicecenter.history import StepRecord
from servicecenter.personal import (
    EncryptedCharField,
    lookup_hash,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_id_number,
    validate_phone,
)
from servicecenter.public import PublicContent
from servicecenter.roles import is_manager
from servicecenter.uploads import validate_photo


class Counter(PublicContent, models.Model):
    """A service window (窗口) in the hall."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    location = models.CharField(_("location"), max_length=100, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["number"]

    def __str__(self) -> str:
        return _("Counter %(number)s · %(name)s") % {"number": self.number, "name": self.name}


class StaffProfile(PublicContent, models.Model):
    """One member of staff: what the identity board (挂牌上岗) shows, and their HR record."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(
        _("job title"), max_length=40, help_text=_("As shown on the identity board.")
    )
    badge_number = models.CharField(
        _("badge number"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", _("Use capital letters, digits and dashes."))],
    )
    phone = models.CharField(
        _("work phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    phone_is_public = models.BooleanField(
        _("show phone publicly"),
        default=True,
        help_text=_("Open disclosure: the work phone is shown on the identity board."),
    )
    photo = models.ImageField(
        _("photo"), upload_to="staff/", blank=True, validators=[validate_photo]
    )
    is_public = models.BooleanField(_("shown on the identity board"), default=True)
    counter = models.ForeignKey(
        Counter,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("usual counter"),
    )
    id_number = EncryptedCharField(
        _("ID number"),
        blank=True,
        validators=[validate_id_number],
        help_text=_("Stored encrypted."),
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # The history notes that the ID number changed (its hash did), never the number itself.
    history = HistoricalRecords(excluded_fields=["id_number"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["badge_number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.badge_number}）"

    def save(self, *args, **kwargs) -> None:
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
        self.id_number_hash = lookup_hash(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def public_phone(self) -> str:
        return self.phone if self.phone_is_public else ""


# -- Shifts, rota, leave and attendance ------------------------------------------------------


class Shift(PublicContent, models.Model):
    """A 班次: its working times and an optional break (the center's day 9:00–18:00 with
    lunch 12:00–13:00; 早班 8:00–17:00, 中班 12:00–21:00, 晚班 17:00–21:00)."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    break_starts = models.TimeField(_("break starts"), null=True, blank=True)
    break_ends = models.TimeField(_("break ends"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts", "ends"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="shift_starts_before_ends",
                violation_error_code="times",
                violation_error_message=_("A shift must start before it ends."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.starts and self.ends and self.starts >= self.ends:
            raise ValidationError(_("A shift must start before it ends."), code="times")
        if bool(self.break_starts) != bool(self.break_ends):
            raise ValidationError(
                _("Give both the start and the end of the break, or neither."), code="times"
            )
        if self.break_starts and not (
            self.starts < self.break_starts < self.break_ends < self.ends
        ):
            raise ValidationError(_("The break must lie within the shift."), code="times")

    @property
    def working_minutes(self) -> int:
        def minutes(time: dt.time) -> int:
            return time.hour * 60 + time.minute

        total = minutes(self.ends) - minutes(self.starts)
        if self.break_starts:
            total -= minutes(self.break_ends) - minutes(self.break_starts)
        return total

    @property
    def middle(self) -> dt.time:
        minutes = (self.starts.hour * 60 + self.starts.minute) + (
            self.ends.hour * 60 + self.ends.minute
        )
        return dt.time(minutes // 2 // 60, minutes // 2 % 60)

    @property
    def morning_ends(self) -> dt.time:
        """Where the first half day ends: at the break, or at the middle."""
        return self.break_starts or self.middle

    @property
    def afternoon_starts(self) -> dt.time:
        """Where the second half day begins: after the break, or at the middle."""
        return self.break_ends or self.middle


class RotaEntryQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> "RotaEntryQuerySet":
        return self.filter(date=day)


class RotaEntry(PublicContent, models.Model):
    """One staff member's shift on one day of the 排班表, at a counter; on a weekend or
    holiday the day is 值班 or 预约 (节假日实行值班或预约服务)."""

    class Duty(models.TextChoices):
        REGULAR = "regular", _("Regular")
        DUTY = "duty", _("On duty (值班)")
        APPOINTMENT = "appointment", _("Appointments (预约)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="rota", verbose_name=_("staff")
    )
    date = models.DateField(_("date"))
    shift = models.ForeignKey(Shift, models.PROTECT, related_name="+", verbose_name=_("shift"))
    duty = models.CharField(
        _("kind of day"), max_length=12, choices=Duty.choices, default=Duty.REGULAR
    )
    counter = models.ForeignKey(
        Counter,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counter"),
    )
    history = HistoricalRecords()

    objects = RotaEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("rota entry")
        verbose_name_plural = _("rota")
        ordering = ["date", "shift__starts", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_shift_per_person_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.shift}"

    @property
    def is_holiday_duty(self) -> bool:
        return self.duty != self.Duty.REGULAR


class AnnualLeave(models.Model):
    """A staff member's 年休假 days for one year, where they differ from the setting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("staff")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    days = models.DecimalField(_("annual leave days"), max_digits=4, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual leave allowance")
        verbose_name_plural = _("annual leave allowances")
        constraints = [
            models.UniqueConstraint(fields=["user", "year"], name="one_allowance_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.days}"


class LeaveRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LeaveRequestQuerySet":
        """Managers see every request; a clerk their own and those they substitute in."""
        if is_manager(user):
            return self
        return self.filter(models.Q(user=user) | models.Q(substitute=user))

    def live(self) -> "LeaveRequestQuerySet":
        """Requests still standing (asked for or approved)."""
        return self.filter(status__in=LeaveRequest.LIVE)

    def approved(self) -> "LeaveRequestQuerySet":
        return self.filter(status=LeaveRequest.Status.APPROVED)

    def covering(self, day: dt.date) -> "LeaveRequestQuerySet":
        return self.filter(start_date__lte=day, end_date__gte=day)


class LeaveRequest(PublicContent, models.Model):
    """A 请假单: type, from–to in half days, reason and the named substitute (替班).
    Unapproved leave is no leave."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal leave (事假)")
        SICK = "sick", _("Sick leave (病假)")
        ANNUAL = "annual", _("Annual leave (年休假)")
        COMPENSATORY = "compensatory", _("Time off in lieu (调休)")
        MARRIAGE = "marriage", _("Marriage leave (婚假)")
        BEREAVEMENT = "bereavement", _("Bereavement leave (丧假)")
        MATERNITY = "maternity", _("Maternity leave (产假)")

    class Half(models.TextChoices):
        MORNING = "am", _("morning")
        AFTERNOON = "pm", _("afternoon")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Step(models.TextChoices):
        FILE = "file", _("Leave requested")
        FILE_AFTER = "file_after", _("Leave reported afterwards (补假)")
        APPROVE = "approve", _("Leave approved")
        REFUSE = "refuse", _("Leave refused")
        WITHDRAW = "withdraw", _("Leave withdrawn")

    LIVE = (Status.REQUESTED, Status.APPROVED)
    # Short marks on the 考勤表, one per kind.
    MARKS = {
        Kind.PERSONAL: "事",
        Kind.SICK: "病",
        Kind.ANNUAL: "年",
        Kind.COMPENSATORY: "调",
        Kind.MARRIAGE: "婚",
        Kind.BEREAVEMENT: "丧",
        Kind.MATERNITY: "产",
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="leave", verbose_name=_("staff")
    )
    kind = models.CharField(_("type of leave"), max_length=12, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    start_half = models.CharField(
        _("from (half day)"), max_length=2, choices=Half.choices, default=Half.MORNING
    )
    end_date = models.DateField(_("to"))
    end_half = models.CharField(
        _("to (half day)"), max_length=2, choices=Half.choices, default=Half.AFTERNOON
    )
    reason = models.CharField(_("reason"), max_length=200)
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="substituting",
        verbose_name=_("substitute (替班)"),
    )
    filed_after = models.BooleanField(_("reported afterwards (补假)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1, default=0)
    created_at = models.DateTimeField(_("filed at"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords(bases=[StepRecord])

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="leave_starts_before_it_ends",
                violation_error_code="order",
                violation_error_message=_("The leave must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d}"

    @property
    def mark(self) -> str:
        return self.MARKS.get(self.kind, "假")

    def half_days(self) -> list[tuple[dt.date, str]]:
        """Every (date, half) the request covers, holidays included."""
        halves = []
        day = self.start_date
        while day <= self.end_date:
            for half in (self.Half.MORNING, self.Half.AFTERNOON):
                if day == self.start_date and half == self.Half.MORNING:
                    if self.start_half == self.Half.AFTERNOON:
                        continue
                if day == self.end_date and half == self.Half.AFTERNOON:
                    if self.end_half == self.Half.MORNING:
                        continue
                halves.append((day, str(half)))
            day += dt.timedelta(days=1)
        return halves


class Attendance(models.Model):
    """One staff member's 签到/签退 for one day. Never edited directly: signing in and out
    and an approved correction (corrected=True) are the only ways a row changes."""

    class Step(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_OUT = "sign_out", _("Signed out")
        CORRECT = "correct", _("Corrected (approved request)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="attendance",
        verbose_name=_("staff"),
    )
    date = models.DateField(_("date"))
    signed_in_at = models.DateTimeField(_("signed in"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("signed out"), null=True, blank=True)
    corrected = models.BooleanField(_("corrected"), default=False)
    history = HistoricalRecords(bases=[StepRecord])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-date", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_attendance_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class AttendanceCorrectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttendanceCorrectionQuerySet":
        return self if is_manager(user) else self.filter(user=user)


class AttendanceCorrection(models.Model):
    """A forgotten sign-in or sign-out, put right only when a supervisor approves."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Forgotten sign-in")
        SIGN_OUT = "sign_out", _("Forgotten sign-out")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Step(models.TextChoices):
        REQUEST = "request", _("Correction requested")
        APPROVE = "approve", _("Correction approved")
        REFUSE = "refuse", _("Correction refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("what was forgotten"), max_length=10, choices=Kind.choices)
    time = models.TimeField(_("actual time"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    # Approved after the month's 考勤表 was confirmed: a recorded amendment to it.
    is_amendment = models.BooleanField(_("amends a confirmed month"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    history = HistoricalRecords(bases=[StepRecord])

    objects = AttendanceCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class AttendanceMonth(models.Model):
    """A month's 考勤表 as the director confirmed it: a confirmed month is locked."""

    class Step(models.TextChoices):
        CONFIRM = "confirm", _("考勤表 confirmed")

    month = models.DateField(_("month"), unique=True, help_text=_("Its first day."))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    history = HistoricalRecords(bases=[StepRecord])

    class Meta:
        verbose_name = _("confirmed attendance month")
        verbose_name_plural = _("confirmed attendance months")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


# -- Overtime, training and induction, assessment (staff/overtime.py, training.py,
# assessment.py) ----------------------------------------------------------------------------

HOURS = [MinValueValidator(0), MaxValueValidator(24)]


class OwnOrManagedQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OwnOrManagedQuerySet":
        """A staff member sees their own records; supervisors and the director see all."""
        if is_manager(user):
            return self
        return self.filter(user=user)


class OvertimeRequest(models.Model):
    """加班: asked for in advance, approved before it is worked, hours recorded afterwards."""

    class Step(models.TextChoices):
        REQUEST = "request", pgettext_lazy("step", "Overtime requested")
        APPROVE = "approve", pgettext_lazy("step", "Overtime approved")
        REFUSE = "refuse", pgettext_lazy("step", "Overtime refused")
        RECORD = "record", pgettext_lazy("step", "Overtime hours recorded")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("overtime", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("overtime", "Approved")
        REFUSED = "refused", pgettext_lazy("overtime", "Refused")
        WORKED = "worked", pgettext_lazy("overtime", "Hours recorded")

    class Compensation(models.TextChoices):
        TIME_OFF = "time_off", _("Time off in lieu (调休)")
        PAY = "pay", _("Overtime pay (加班费)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="overtime_requests",
        verbose_name=_("staff member"),
    )
    day = models.DateField(_("day"))
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=3, decimal_places=1, validators=HOURS
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    # More than the day's cap: only the director may approve it, with a reason.
    over_cap = models.BooleanField(_("beyond the daily cap"), default=False)
    exception_reason = models.CharField(_("reason for the exception"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    worked_hours = models.DecimalField(
        _("hours worked"), max_digits=3, decimal_places=1, null=True, blank=True, validators=HOURS
    )
    compensation = models.CharField(
        _("compensation"), max_length=10, choices=Compensation, blank=True
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    history = HistoricalRecords(bases=[StepRecord])
    objects = OwnOrManagedQuerySet.as_manager()

    class Meta:
        verbose_name = _("overtime request")
        verbose_name_plural = _("overtime requests")
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%Y-%m-%d} {self.planned_hours}h"


class TrainingSession(models.Model):
    """培训: one session, with who attended."""

    topic = models.CharField(_("topic"), max_length=100)
    trainer = models.CharField(_("trainer"), max_length=60)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1, validators=HOURS)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="training_sessions", verbose_name=_("attendees")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "topic"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"


class InductionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InductionQuerySet":
        """The new staff member, their mentor, and the managers."""
        if is_manager(user):
            return self
        return self.filter(models.Q(user=user) | models.Q(mentor=user))


class Induction(models.Model):
    """入职培训: a new staff member's induction, with a named mentor (专人负责) and a
    checklist of 工作规范 and 服务流程."""

    class Step(models.TextChoices):
        OPEN = "open", pgettext_lazy("step", "Induction opened")
        TICK = "tick", pgettext_lazy("step", "Checklist item done")
        COMPLETE = "complete", pgettext_lazy("step", "Induction completed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="induction",
        verbose_name=_("new staff member"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="mentored_inductions",
        verbose_name=_("mentor"),
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords(bases=[StepRecord])
    objects = InductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("induction")
        verbose_name_plural = _("inductions")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class InductionItem(models.Model):
    """One point of the induction checklist, ticked by the mentor or a manager."""

    class Kind(models.TextChoices):
        RULES = "rules", _("Work rules (工作规范)")
        PROCESS = "process", _("Service process (服务流程)")

    induction = models.ForeignKey(
        Induction, models.CASCADE, related_name="items", verbose_name=_("induction")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("item"), max_length=100)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("induction checklist item")
        verbose_name_plural = _("induction checklist items")
        ordering = ["induction", "pk"]  # the checklist's order: 工作规范 first

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """考核: one staff member's grade for a month or a year, given by their supervisor (the
    director for supervisors) and confirmed by the director."""

    class Step(models.TextChoices):
        GRADE = "grade", pgettext_lazy("step", "Assessment graded")
        CONFIRM = "confirm", pgettext_lazy("step", "Assessment confirmed")

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent (优秀)")
        COMPETENT = "competent", _("Competent (称职)")
        BASIC = "basic", _("Basically competent (基本称职)")
        INCOMPETENT = "incompetent", _("Incompetent (不称职)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="assessments",
        verbose_name=_("staff member"),
    )
    period = models.CharField(_("period"), max_length=5, choices=Period)
    period_start = models.DateField(_("period starts"))
    grade = models.CharField(_("grade"), max_length=12, choices=Grade)
    comments = models.TextField(_("supervisor's comments"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    history = HistoricalRecords(bases=[StepRecord])
    objects = OwnOrManagedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-period_start", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="one_assessment_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period_label}"

    @property
    def period_end(self) -> dt.date:
        start = self.period_start
        if self.period == self.Period.YEAR:
            return dt.date(start.year, 12, 31)
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])

    @property
    def period_label(self) -> str:
        if self.period == self.Period.YEAR:
            return f"{self.period_start:%Y}"
        return f"{self.period_start:%Y-%m}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
