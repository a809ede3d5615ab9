import calendar
import datetime as dt

from django.conf import settings
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
