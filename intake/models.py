"""The front desk: queue tickets, counter sessions, calls and appointments.

State changes go through the service modules (queue, appointments, cases, lost); the
models hold the data and one-object helpers.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from disclosure.models import Category
from servicecenter.dates import local_datetime
from servicecenter.history import StepRecord
from servicecenter.personal import EncryptedCharField, mask_name, mask_phone, validate_phone
from servicecenter.roles import is_manager, user_roles
from staff.models import Counter


class CachedHistoryManager(HistoryManager):
    """simple-history builds its manager class anew on every `.history` access, which
    each save does; the ticket path saves often, so the class is built once."""

    _classes: dict = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in cls._classes:
            cls._classes[key] = super().from_queryset(queryset_class, class_name)
        return cls._classes[key]


class QueueSettings(models.Model):
    """How the queue behaves; one row, edited by a supervisor."""

    class AtClosing(models.TextChoices):
        CANCEL = "cancel", _("Cancel tickets still waiting")
        CARRY_OVER = "carry_over", _("Carry them over to the next opening")

    at_closing = models.CharField(
        _("tickets waiting at closing time"),
        max_length=12,
        choices=AtClosing,
        default=AtClosing.CANCEL,
    )
    minutes_per_ticket = models.PositiveSmallIntegerField(
        _("assumed minutes per ticket"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Used for the estimated wait until today's real service times are known."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("queue settings")
        verbose_name_plural = _("queue settings")

    def __str__(self) -> str:
        return str(_("Queue settings"))

    @classmethod
    def current(cls) -> "QueueSettings":
        return cls.objects.order_by("pk").first() or cls()


class Appointment(models.Model):
    """预约服务: a resident books a half-hour slot and checks in at the kiosk."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        CANCEL = "cancel", pgettext_lazy("step", "Cancelled by the resident")
        CHECK_IN = "check_in", pgettext_lazy("step", "Checked in")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not come")

    code = models.CharField(_("booking code"), max_length=8, unique=True, editable=False)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="appointments", verbose_name=_("category")
    )
    day = models.DateField(_("day"))
    slot = models.TimeField(_("half-hour slot"))
    name = models.CharField(_("name"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.BOOKED)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    # Who booked stays in the booking itself, shown masked; the history keeps what changed.
    history = HistoricalRecords(excluded_fields=["name", "phone"], bases=[StepRecord])

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "slot"]
        indexes = [models.Index(fields=["category", "day", "slot", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.day:%Y-%m-%d} {self.slot:%H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self.code:
            self.code = new_booking_code()
        super().save(*args, **kwargs)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def starts_at(self) -> dt.datetime:
        return local_datetime(self.day, self.slot)

    def phone_matches(self, last4: str) -> bool:
        return len(last4) == 4 and self.phone.endswith(last4)


def new_booking_code() -> str:
    # No 0/O or 1/I, so a code read aloud or typed at the kiosk is not mistaken.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class CounterSession(models.Model):
    """A clerk signed on to a counter, from sign-on to sign-off."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        PAUSE = "pause", pgettext_lazy("step", "Counter paused")
        RESUME = "resume", pgettext_lazy("step", "Counter resumed")

    counter = models.ForeignKey(
        Counter, models.PROTECT, related_name="sessions", verbose_name=_("counter")
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="counter_sessions",
        verbose_name=_("clerk"),
    )
    started_at = models.DateTimeField(_("signed on"), default=timezone.now)
    ended_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    is_paused = models.BooleanField(_("paused"), default=False)
    history = HistoricalRecords(bases=[StepRecord])

    class Meta:
        verbose_name = _("counter session")
        verbose_name_plural = _("counter sessions")
        constraints = [
            # One clerk per counter and one counter per clerk at a time.
            models.UniqueConstraint(
                fields=["counter"], condition=Q(ended_at__isnull=True), name="one_clerk_per_counter"
            ),
            models.UniqueConstraint(
                fields=["clerk"], condition=Q(ended_at__isnull=True), name="one_counter_per_clerk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counter} · {self.clerk}"


class Ticket(models.Model):
    """A queue number (A001…), numbered per category per day, gapless."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        ISSUE = "issue", pgettext_lazy("step", "Ticket issued")
        CALL = "call", pgettext_lazy("step", "Called")
        RECALL = "recall", pgettext_lazy("step", "Called again")
        NO_SHOW = "no_show", pgettext_lazy("step", "Did not come")
        START = "start", pgettext_lazy("step", "Service started")
        FINISH = "finish", pgettext_lazy("step", "Finished")
        TRANSFER = "transfer", pgettext_lazy("step", "Transferred")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        SERVING = "serving", _("Being served")
        DONE = "done", _("Done")
        NO_SHOW = "no_show", _("Skipped (did not come)")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.TextChoices):
        NONE = "", _("None")
        ELDERLY = "elderly", _("Elderly")
        # A context: Django's own "Disabled" (禁用) must not become 残疾人 on the user form.
        DISABLED = "disabled", pgettext_lazy("green channel", "Disabled")
        PREGNANT = "pregnant", _("Pregnant")

    # The order in which waiting tickets are called, lowest first.
    RANK_TRANSFERRED, RANK_PRIORITY, RANK_APPOINTMENT, RANK_WALK_IN = 0, 1, 2, 3

    day = models.DateField(_("day"))
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="tickets", verbose_name=_("category")
    )
    letter = models.CharField(_("letter"), max_length=1)  # the category's, as printed
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    priority = models.CharField(
        _("green channel"), max_length=10, choices=Priority, default=Priority.NONE, blank=True
    )
    appointment = models.OneToOneField(
        Appointment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ticket",
        verbose_name=_("appointment"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=RANK_WALK_IN)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    target_counter = models.ForeignKey(
        Counter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred to counter"),
        db_index=False,  # every index costs each ticket insert; this one is never searched
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("counter"),
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("clerk"),
        db_index=False,  # figures read a day's tickets through the day index
    )
    recalls = models.PositiveSmallIntegerField(_("recalls"), default=0)
    carried_over = models.BooleanField(_("carried over"), default=False)
    # The kiosk form's one-time token: a double tap or a replayed form gives the same ticket.
    request_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords(
        excluded_fields=["request_token"],
        history_manager=CachedHistoryManager,
        bases=[StepRecord],
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["day", "letter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["day", "letter", "number"], name="one_number_per_day")
        ]
        indexes = [
            models.Index(fields=["status", "category", "rank", "queued_at"]),
            models.Index(fields=["day", "status"]),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.letter}{self.number:03d}"

    @property
    def wait_seconds(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds()

    @property
    def service_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class Call(models.Model):
    """One call of a ticket to a counter, shown and spoken by the hall display."""

    ticket = models.ForeignKey(
        Ticket, models.CASCADE, related_name="calls", verbose_name=_("ticket")
    )
    counter = models.ForeignKey(
        Counter, models.PROTECT, related_name="+", verbose_name=_("counter")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    history = HistoricalRecords(history_manager=CachedHistoryManager)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.ticket} → {self.counter}"


class CaseQuerySet(models.QuerySet):
    def open(self) -> "CaseQuerySet":
        return self.filter(stage__in=Case.OPEN_STAGES)

    def overdue(self, day: dt.date | None = None) -> "CaseQuerySet":
        """Open cases whose due date is before `day` (today when not given)."""
        return self.open().filter(due_date__lt=day or timezone.localdate())

    def on_time(self) -> "CaseQuerySet":
        """Completed by the due date in force: Case.completed_by_due, counted in SQL."""
        return self.filter(Case.ON_TIME)

    def awaiting_reply(self) -> "CaseQuerySet":
        """办结待告知: completed, the applicant not told yet (全程代理制: 回复)."""
        return self.filter(stage=Case.Stage.COMPLETED)

    def visible_to(self, user) -> "CaseQuerySet":
        """首问负责制: a clerk sees the cases they registered or handle; managers see all.

        The one access rule for cases: the case page, its steps, the receipt, the ledger and
        its exports and the workstation's list all go through it. Anything else is a 404.
        """
        if is_manager(user):
            return self.all()
        if not user_roles(user):
            return self.none()
        return self.filter(Q(first_clerk=user) | Q(handler=user))

    def with_people(self) -> "CaseQuerySet":
        """The item and both clerks' profiles, which every case page and list shows."""
        # The staff's own encrypted ID numbers are never shown with a case: not loading them
        # saves two decryptions a row.
        return self.select_related(
            "item", "handler__staff_profile", "first_clerk__staff_profile"
        ).defer("handler__staff_profile__id_number", "first_clerk__staff_profile__id_number")


class Case(models.Model):
    """A case (办件) registered under 首问负责制 and carried under 全程代理制:
    受理 → 办理 → 办结 → 回复 → 归档."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Done on the spot (即办件)")
        PROMISED = "promised", _("Promised (承诺件)")
        PROXY = "proxy", _("Handled on the applicant's behalf (代办/协办)")

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        ACCEPT = "accept", pgettext_lazy("step", "Accepted")
        START = "start", pgettext_lazy("step", "Handling started")
        COMPLETE = "complete", pgettext_lazy("step", "Completed")
        REPLY = "reply", pgettext_lazy("step", "Applicant told")
        ARCHIVE = "archive", pgettext_lazy("step", "Archived")
        SUPPLEMENT = "supplement", pgettext_lazy("step", "Materials supplemented")
        SUSPEND = "suspend", pgettext_lazy("step", "Suspended")
        RESUME = "resume", pgettext_lazy("step", "Resumed")
        EXTEND = "extend", pgettext_lazy("step", "Time limit extended")
        HAND_OVER = "hand_over", pgettext_lazy("step", "Handed over")

    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSING = "processing", _("Being handled")
        SUSPENDED = "suspended", _("Suspended")
        COMPLETED = "completed", _("Case completed")
        REPLIED = "replied", _("Applicant told")
        ARCHIVED = "archived", _("Archived")

    # The stage rules, in one place: views, templates, the ledger and the reports ask these.
    OPEN_STAGES = (Stage.RECEIVED, Stage.PROCESSING, Stage.SUSPENDED)
    # The stages each step may start from (受理 makes the case, so it has none).
    STEP_STAGES = {
        Step.START: (Stage.RECEIVED,),
        Step.COMPLETE: (Stage.PROCESSING,),
        Step.REPLY: (Stage.COMPLETED,),
        Step.ARCHIVE: (Stage.REPLIED,),
        Step.SUPPLEMENT: OPEN_STAGES,
        Step.SUSPEND: (Stage.RECEIVED, Stage.PROCESSING),
        Step.RESUME: (Stage.SUSPENDED,),
        Step.EXTEND: OPEN_STAGES,
        Step.HAND_OVER: OPEN_STAGES,
    }
    # 延期 needs a supervisor's approval; every other step is any clerk's who sees the case.
    MANAGER_STEPS = frozenset({Step.EXTEND})
    # Case.completed_by_due in SQL (CaseQuerySet.on_time, the reports' counts):
    # completed_at__date is the center's day (TIME_ZONE), as timezone.localdate is.
    ON_TIME = Q(completed_at__isnull=False, completed_at__date__lte=F("due_date"))

    class ReplyMethod(models.TextChoices):
        PHONE = "phone", _("By phone")
        SMS = "sms", _("By SMS")
        IN_PERSON = "in_person", _("Told in person")

    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    item = models.ForeignKey(
        "disclosure.ServiceItem",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("service item"),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage, default=Stage.RECEIVED)
    applicant_name = models.CharField(_("applicant"), max_length=40)
    applicant_id_number = EncryptedCharField(_("applicant's ID number"))
    applicant_id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=20)
    agent_name = models.CharField(_("agent"), max_length=40, blank=True)
    agent_id_number = EncryptedCharField(_("agent's ID number"), blank=True)
    agent_phone = models.CharField(_("agent's phone"), max_length=20, blank=True)
    first_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="first_asked_cases",
        verbose_name=_("first-asked clerk (首问负责人)"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("handling clerk"),
    )
    ticket = models.ForeignKey(
        Ticket,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("ticket"),
    )
    # 一次性告知: the one-time notice this case was accepted from once the materials came.
    notice = models.OneToOneField(
        "CaseNotice",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("accepted after the one-time notice"),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    clock_starts = models.DateField(_("time limit counted from"))
    due_date = models.DateField(_("due"), db_index=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    replied_at = models.DateTimeField(_("applicant told"), null=True, blank=True)
    reply_method = models.CharField(
        _("how the applicant was told"), max_length=10, choices=ReplyMethod, blank=True
    )
    documents_returned = models.BooleanField(_("documents returned"), default=False)
    fees_settled = models.BooleanField(_("fees settled"), default=False)
    opinion = models.CharField(_("applicant's opinion"), max_length=300, blank=True)
    # 廉洁自律: 按规定标准收费 — what was charged at 回复, checked against the published fees.
    fee_charged = models.DecimalField(
        _("fee charged (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    fee_receipt_number = models.CharField(_("fee receipt number"), max_length=40, blank=True)
    # A registration form sent twice gives one case through servicecenter.tokens. Phones stay
    # out of the history as ID numbers do: the case row holds the one current copy.
    history = HistoricalRecords(
        excluded_fields=[
            "applicant_id_number",
            "agent_id_number",
            "applicant_phone",
            "agent_phone",
        ],
        bases=[StepRecord],
    )
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        # The ledger filters by these and shows the newest first; statistics read a day.
        indexes = [
            models.Index(fields=["stage", "due_date"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["completed_at"]),
            models.Index(fields=["replied_at"]),
            models.Index(fields=["item", "received_at"]),
            models.Index(fields=["handler", "received_at"]),
            models.Index(fields=["first_clerk", "received_at"]),
            # The open cases, newest first, their due date read in the index: the ledger's
            # 只看未办结 and overdue filters skip the cases not due yet without reading their
            # rows (one clerk's overdue page read ~10,000 rows backward through received_at).
            # The stages are Case.OPEN_STAGES, which Meta cannot name (a test checks).
            models.Index(
                fields=["received_at", "due_date"],
                condition=Q(stage__in=["received", "processing", "suspended"]),
                name="case_open_received_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("case_detail", args=[self.number])

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    def allows(self, step: str, user=None) -> bool:
        """Whether `step` is possible in the case's stage (and, given a user, for their role)."""
        if self.stage not in self.STEP_STAGES.get(step, ()):
            return False
        return user is None or step not in self.MANAGER_STEPS or is_manager(user)

    def steps_for(self, user) -> dict[str, bool]:
        """The steps `user` may take now, by code: what the case page offers."""
        return {step.value: True for step in self.Step if self.allows(step, user)}

    @property
    def is_overdue(self) -> bool:
        return self.overdue_by(self.stage, self.due_date)

    @classmethod
    def overdue_by(cls, stage: str, due_date: dt.date, today: dt.date | None = None) -> bool:
        """Open and past its due date (as CaseQuerySet.overdue): is_overdue for plain values,
        the ledger's rows."""
        return stage in cls.OPEN_STAGES and due_date < (today or timezone.localdate())

    @staticmethod
    def completed_by_due(completed_at: dt.datetime | None, due_date: dt.date) -> bool | None:
        """ "On time", defined once: completed on or before the due date in force, in the
        center's days. The due date only moves by steps taken in time (延期 and 补正 are
        refused or do not move it once it has passed), so a late case stays late."""
        if completed_at is None:
            return None
        return timezone.localdate(completed_at) <= due_date

    @property
    def on_time(self) -> bool | None:
        return self.completed_by_due(self.completed_at, self.due_date)

    @property
    def is_past_due(self) -> bool:
        """The due date in force has passed: a suspension begun in time stopped the clock."""
        if self.stage == self.Stage.SUSPENDED and self.suspended_on:
            if self.suspended_on <= self.due_date:
                return False
        return self.due_date < timezone.localdate()

    @property
    def extension_cap(self) -> int:
        """The working days all extensions of this case may add together: up to the item's
        statutory time limit where the catalog names one, else CASE_EXTENSION_CAP_DAYS."""
        statutory = self.item.statutory_days
        if statutory is None:
            return settings.CASE_EXTENSION_CAP_DAYS
        promised = 0 if self.mode == self.Mode.IMMEDIATE else self.item.promised_days
        return max(statutory - promised, 0)

    @property
    def extension_days_left(self) -> int:
        return max(self.extension_cap - self.extension_days, 0)

    @property
    def masked_applicant(self) -> str:
        return mask_name(self.applicant_name)


class CaseExtension(models.Model):
    """延期: one approved extension, and how and when the applicant was told of it."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="extensions", verbose_name=_("case")
    )
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    due_before = models.DateField(_("due before"))
    due_after = models.DateField(_("new due date"))
    told_how = models.CharField(
        _("how the applicant was told"), max_length=10, choices=Case.ReplyMethod
    )
    told_at = models.DateTimeField(_("applicant told at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["case", "approved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"


class CaseSupplement(models.Model):
    """补正: the materials asked for, by whom, and whether the clock started again."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="supplements", verbose_name=_("case")
    )
    materials = models.CharField(_("materials asked for"), max_length=300)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    due_before = models.DateField(_("due before"))
    due_after = models.DateField(_("due after"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.materials}"

    @property
    def restarted_clock(self) -> bool:
        return self.due_after != self.due_before


class SmsMessage(models.Model):
    """A text message sent to the applicant about their case, as sent: number masked."""

    class Kind(models.TextChoices):
        ACCEPT = "accept", _("Case accepted")
        SUPPLEMENT = "supplement", _("Materials supplemented")
        COMPLETE = "complete", _("Ready to collect")
        EXTEND = "extend", _("Time limit extended")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="sms_messages", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    number_masked = models.CharField(_("number (masked)"), max_length=20)
    text = models.CharField(_("text"), max_length=300)
    ok = models.BooleanField(_("sent"))
    result = models.CharField(_("gateway result"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class CaseMaterial(models.Model):
    """A material handed in for a case, as the catalog named it that day."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="materials", verbose_name=_("case"))
    name = models.CharField(_("name"), max_length=100)
    form = models.CharField(_("original or copy"), max_length=10)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material received")
        verbose_name_plural = _("materials received")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseNoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseNoticeQuerySet":
        """A clerk sees the notices they issued; managers see all (the page, the PDF)."""
        if is_manager(user):
            return self.all()
        if not user_roles(user):
            return self.none()
        return self.filter(clerk=user)


class CaseNotice(models.Model):
    """一次性告知书 (all missing materials at once), a referral notice (告知承办单位) or a
    不予受理告知书 (what is refused and on what basis)."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        NOTIFY = "notify", pgettext_lazy("step", "One-time notice given")
        REFER = "refer", pgettext_lazy("step", "Referred to the responsible unit")
        REFUSE = "refuse", pgettext_lazy("step", "Not accepted (refusal notice given)")

    class Kind(models.TextChoices):
        MISSING = "missing", _("One-time notice of missing materials")
        REFERRAL = "referral", _("Referral to the responsible unit")
        REFUSAL = "refusal", _("Notice of non-acceptance")

    serial = models.CharField(_("serial number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    item = models.ForeignKey(
        "disclosure.ServiceItem",
        models.PROTECT,
        related_name="notices",
        verbose_name=_("service item"),
    )
    applicant_name = models.CharField(_("applicant"), max_length=40)
    applicant_id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    missing = models.JSONField(_("missing materials"), default=list, blank=True)
    # 一次性告知制度: 不予办理的事项、依据, told at once and in writing.
    refusal_reason = models.CharField(
        _("what is not accepted, and why"), max_length=300, blank=True
    )
    refusal_basis = models.CharField(_("legal basis of the refusal"), max_length=300, blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="notices", verbose_name=_("clerk")
    )
    created_at = models.DateTimeField(_("told at"), default=timezone.now)
    # 一次性告知: the same applicant told about the same item again within 30 days.
    is_repeat = models.BooleanField(_("told again within 30 days"), default=False)
    history = HistoricalRecords(bases=[StepRecord])
    objects = CaseNoticeQuerySet.as_manager()

    class Meta:
        # Not the home page's 公告 (disclosure.Notice): its own name in the admin.
        verbose_name = _("notice to the applicant")
        verbose_name_plural = _("notices to the applicant")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.serial

    @property
    def masked_applicant(self) -> str:
        return mask_name(self.applicant_name)

    @property
    def is_accepted(self) -> bool:
        return hasattr(self, "case")

    @property
    def can_be_accepted(self) -> bool:
        """A one-time notice is accepted from once, when the missing materials come."""
        return self.kind == self.Kind.MISSING and not self.is_accepted


class LostItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LostItemQuerySet":
        """遗失物品登记 is the center's register, not one clerk's: every staff role sees all of
        it (whoever is at the counter hands an item back), and nobody else sees any."""
        return self.all() if user_roles(user) else self.none()

    def held(self) -> "LostItemQuerySet":
        """Still in the center's keeping (kept, or waiting for a hand-over's approval)."""
        return self.filter(status__in=LostItem.HELD)

    def due_for_hand_over(self) -> "LostItemQuerySet":
        """Kept past the holding period (LOST_PROPERTY_HOLD_DAYS), nobody has claimed them."""
        first_kept_day = timezone.localdate() - dt.timedelta(days=settings.LOST_PROPERTY_HOLD_DAYS)
        limit = local_datetime(first_kept_day + dt.timedelta(days=1), dt.time(0, 0))
        return self.filter(status=LostItem.Status.KEPT, found_at__lt=limit)


class LostItem(models.Model):
    """遗失物品: found, kept safely, claimed with identity checked, or, when nobody claimed it
    within the holding period, handed on with a supervisor's approval (交由上级领导处理)."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        REGISTER = "register", pgettext_lazy("step", "Found item registered")
        CLAIM = "claim", pgettext_lazy("step", "Claimed (identity checked)")
        REQUEST_HAND_OVER = "request_hand_over", pgettext_lazy("step", "Hand-over requested")
        REFUSE_HAND_OVER = "refuse_hand_over", pgettext_lazy("step", "Hand-over refused")
        HAND_OVER = "hand_over", pgettext_lazy("step", "Handed on")

    class Status(models.TextChoices):
        KEPT = "kept", _("Kept")
        REQUESTED = "requested", _("Hand-over requested")
        CLAIMED = "claimed", _("Claimed")
        HANDED_OVER = "handed_over", _("Handed over")

    # Still in the center's keeping: it can be claimed, and it is on the public 招领 list.
    HELD = (Status.KEPT, Status.REQUESTED)

    description = models.CharField(_("what"), max_length=200)
    found_where = models.CharField(_("where found"), max_length=100)
    found_at = models.DateTimeField(_("when found"), default=timezone.now)
    found_by = models.CharField(_("found by"), max_length=60)
    kept_at = models.CharField(_("where kept"), max_length=100)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.KEPT)
    claimant_name = models.CharField(_("claimed by"), max_length=40, blank=True)
    claimant_id_masked = models.CharField(_("claimant's ID (masked)"), max_length=18, blank=True)
    claimant_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed back by"),
    )
    handed_to = models.CharField(_("handed over to"), max_length=100, blank=True)
    hand_over_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hand-over requested by"),
    )
    hand_over_requested_at = models.DateTimeField(
        _("hand-over requested at"), null=True, blank=True
    )
    hand_over_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hand-over approved by"),
    )
    handed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    history = HistoricalRecords(bases=[StepRecord])
    objects = LostItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("lost item")
        verbose_name_plural = _("lost items")
        ordering = ["-found_at"]

    def __str__(self) -> str:
        return self.description

    @property
    def hold_ends(self) -> dt.date:
        """The first day it may be handed on (遗失物品: 一定时间仍无人认领, 交由上级领导处理)."""
        found = timezone.localdate(self.found_at)
        return found + dt.timedelta(days=settings.LOST_PROPERTY_HOLD_DAYS)

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD

    @property
    def may_be_handed_on(self) -> bool:
        return self.status == self.Status.KEPT and timezone.localdate() >= self.hold_ends


class PersonalDataRequest(models.Model):
    """A director's export or erasure of one resident's personal data (PIPL), recorded with
    the keyed hash of the 身份证号, never the number itself."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")

    action = models.CharField(_("what"), max_length=10, choices=Action)
    id_hash = models.CharField(_("ID number's keyed hash"), max_length=64, db_index=True)
    records = models.PositiveIntegerField(_("records"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.id_hash[:8]} {self.at:%Y-%m-%d}"


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsultationQuerySet":
        """首问负责制: a clerk sees the questions they took and those escalated to them;
        managers see all. The register, its pages and the workstation go through it."""
        if is_manager(user):
            return self.all()
        if not user_roles(user):
            return self.none()
        return self.filter(Q(clerk=user) | Q(escalated_to=user))

    def unanswered(self) -> "ConsultationQuerySet":
        return self.filter(answered_at__isnull=True)

    def overdue(self, day: dt.date | None = None) -> "ConsultationQuerySet":
        """Unanswered after their answer-by date (today when no day is given)."""
        return self.unanswered().filter(answer_by__lt=day or timezone.localdate())


class Consultation(models.Model):
    """咨询登记: a question at the counter, on the phone or during 值班, taken by the 首问
    clerk, who answers it at once or by the answer-by date (请示报告 if need be)."""

    class Channel(models.TextChoices):
        # A context: the reply's "By phone" is 电话告知, a question's channel is 电话咨询.
        COUNTER = "counter", pgettext_lazy("consultation channel", "At the counter")
        PHONE = "phone", pgettext_lazy("consultation channel", "By phone")
        DUTY = "duty", pgettext_lazy("consultation channel", "On duty (值班)")
        ONLINE = "online", pgettext_lazy("consultation channel", "Online")
        LETTER = "letter", pgettext_lazy("consultation channel", "By letter")

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        RECORD = "record", pgettext_lazy("step", "Question recorded")
        ESCALATE = "escalate", pgettext_lazy("step", "Referred to a supervisor (请示报告)")
        INSTRUCT = "instruct", pgettext_lazy("step", "Supervisor's instruction recorded")
        ANSWER = "answer", pgettext_lazy("step", "Answered")

    class LegalOutcome(models.TextChoices):
        # 法律咨询、援助、政策解答制度
        ANSWERED = "answered", _("Answered")
        MEDIATION = "mediation", _("Mediation suggested")
        LEGAL_AID = "legal_aid", _("Referred to legal aid (法律援助)")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    item = models.ForeignKey(
        "disclosure.ServiceItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("service item"),
    )
    matter = models.CharField(_("matter"), max_length=100)
    question = models.TextField(_("question"))
    is_legal = models.BooleanField(_("legal question (法律咨询)"), default=False)
    name = models.CharField(_("resident's name"), max_length=40, blank=True)
    phone = models.CharField(_("resident's phone"), max_length=20, blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="consultations",
        verbose_name=_("first-asked clerk (首问负责人)"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_consultations",
        verbose_name=_("referred to"),
    )
    escalated_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    escalation_note = models.TextField(_("what was asked of the supervisor"), blank=True)
    instruction = models.TextField(_("supervisor's instruction"), blank=True)
    instructed_at = models.DateTimeField(_("instruction given at"), null=True, blank=True)
    answer = models.TextField(_("answer given"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    legal_outcome = models.CharField(
        _("outcome of the legal question"), max_length=10, choices=LegalOutcome, blank=True
    )
    legal_aid_unit = models.CharField(_("legal aid unit"), max_length=100, blank=True)
    # The resident's phone stays in the row alone (shown masked); the history keeps no copy.
    history = HistoricalRecords(excluded_fields=["phone"], bases=[StepRecord])
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["asked_at"]),
            models.Index(fields=["answered_at", "answer_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.asked_at:%Y-%m-%d} {self.matter}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultation_detail", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def awaits_instruction(self) -> bool:
        return self.escalated_to_id is not None and not self.instruction and not self.is_answered

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_answered
            and self.answer_by is not None
            and self.answer_by < timezone.localdate()
        )

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class DayReport(models.Model):
    """每天统计汇总上报: a day's figures as a supervisor submitted them, frozen. A later
    correction is a DayReportAmendment; the submitted figures are never edited."""

    class Step(models.TextChoices):
        SUBMIT = "submit", pgettext_lazy("step", "Day submitted (上报)")
        AMEND = "amend", pgettext_lazy("step", "Submitted day amended")

    day = models.DateField(_("day"), unique=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # [{"key", "label", "value"}, …] and the per-item rows, as they were submitted.
    figures = models.JSONField(_("figures as submitted"))
    history = HistoricalRecords(bases=[StepRecord])

    class Meta:
        verbose_name = _("submitted day report")
        verbose_name_plural = _("submitted day reports")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"

    @property
    def current_figures(self) -> dict:
        """The figures as last amended, else as submitted."""
        last = self.amendments.order_by("-at", "-pk").first()
        return last.figures if last else self.figures


class DayReportAmendment(models.Model):
    """A correction of a submitted day: who, when, why and what changed."""

    report = models.ForeignKey(
        DayReport, models.PROTECT, related_name="amendments", verbose_name=_("day report")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    # {"key": [before, after], …} and the whole corrected figures.
    changes = models.JSONField(_("what changed"))
    figures = models.JSONField(_("figures after the amendment"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment of a submitted day")
        verbose_name_plural = _("amendments of submitted days")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.at:%Y-%m-%d %H:%M}"
