"""Complaints (投诉受理), residents' ratings (好差评) and accountability (过错责任追究)."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from servicecenter.history import StepRecord
from servicecenter.personal import mask_name, mask_phone
from servicecenter.roles import Role, is_manager, user_roles

# -- complaints (投诉受理) -------------------------------------------------------------------

# Tracking codes: no 0/O, 1/I/L, so a code read aloud or copied by hand stays right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 2**59: not guessable behind the lookup's rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_tracking_code(value: str) -> str:
    """What a resident typed (any case, with dashes or spaces) as the stored code."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[:40]


def is_director(user) -> bool:
    return str(Role.DIRECTOR) in user_roles(user)


class ComplaintQuerySet(models.QuerySet):
    def open(self) -> "ComplaintQuerySet":
        return self.filter(stage__in=Complaint.OPEN_STAGES)

    def overdue(self, day: dt.date | None = None) -> "ComplaintQuerySet":
        """Complaints not yet answered whose reply is due before `day` (today by default)."""
        return self.filter(
            stage__in=Complaint.UNANSWERED_STAGES, due_date__lt=day or timezone.localdate()
        )

    def visible_to(self, user) -> "ComplaintQuerySet":
        """Who may open a complaint: the one access rule for its pages, PDF and exports.

        投诉受理制度 (严格保密): supervisors see every complaint except one about a supervisor or
        the director, which goes to the director; the handler sees what they were given; the
        staff member complained about sees it too, to write their statement, but the page
        hides who complained (`Complaint.shows_complainant_to`) and the investigation notes.
        """
        roles = user_roles(user)
        if not roles:
            return self.none()
        if is_director(user):
            return self.all()
        mine = Q(handler=user) | Q(subject_staff=user) | Q(registered_by=user)
        if is_manager(user):
            return self.filter(mine | Q(about_manager=False))
        return self.filter(mine)

    def handled_by(self, user) -> "ComplaintQuerySet":
        """What `user` must see answered: the handler theirs, a supervisor (投诉专员) every
        complaint they may see; never one about themselves."""
        mine = self.visible_to(user).exclude(subject_staff=user)
        return mine if is_manager(user) else mine.filter(handler=user)


class Complaint(models.Model):
    """A complaint (投诉) from any channel, registered in the 投诉登记簿 and carried through
    受理 → 转交 → 调查 → 答复 → 回访 → 归档, every step with who and when."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online form")
        COUNTER = "counter", _("At the counter")
        PHONE = "phone", _("By phone")
        LETTER = "letter", _("By letter")
        BOX = "box", _("Suggestion box")
        HOTLINE = "12345", _("Forwarded from 12345")

    class About(models.TextChoices):
        COUNTER = "counter", _("A counter")
        STAFF = "staff", _("A member of staff")
        ITEM = "item", _("A service")
        OTHER = "other", _("Something else")

    class Nature(models.TextChoices):
        ATTITUDE = "attitude", _("Service attitude")
        EFFICIENCY = "efficiency", _("Efficiency")
        FEES = "fees", _("Fees")
        INTEGRITY = "integrity", _("Integrity")
        FACILITIES = "facilities", _("Environment and facilities")
        OTHER = "other", _("Other")

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        FILE = "file", pgettext_lazy("complaint step", "Filed online")
        REGISTER = "register", pgettext_lazy("complaint step", "Registered by staff")
        ACCEPT = "accept", pgettext_lazy("complaint step", "Accepted")
        DECLINE = "decline", pgettext_lazy("complaint step", "Not a complaint")
        FORWARD = "forward", pgettext_lazy("complaint step", "Forwarded")
        EXTEND = "extend", pgettext_lazy("complaint step", "Reply deadline extended")
        NOTE = "note", pgettext_lazy("complaint step", "Investigation note")
        STATEMENT = "statement", pgettext_lazy("complaint step", "Statement of the staff member")
        FINDING = "finding", pgettext_lazy("complaint step", "Finding recorded")
        REPLY = "reply", pgettext_lazy("complaint step", "Replied")
        FOLLOW_UP = "follow_up", pgettext_lazy("complaint step", "Followed up")
        ARCHIVE = "archive", pgettext_lazy("complaint step", "Archived")

    class Stage(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("complaint", "Received")
        DECLINED = "declined", pgettext_lazy("complaint", "Not a complaint")
        ACCEPTED = "accepted", pgettext_lazy("complaint", "Accepted")
        FORWARDED = "forwarded", pgettext_lazy("complaint", "Being handled")
        REPLIED = "replied", pgettext_lazy("complaint", "Replied")
        FOLLOWED_UP = "followed_up", pgettext_lazy("complaint", "Followed up")
        ARCHIVED = "archived", pgettext_lazy("complaint", "Archived")

    class Finding(models.TextChoices):
        TRUE = "true", _("Substantiated")
        PARTLY = "partly", _("Partly substantiated")
        FALSE = "false", _("Not substantiated")

    class Outcome(models.TextChoices):
        EXPLANATION = "explanation", _("Explanation")
        APOLOGY = "apology", _("Apology")
        RECTIFICATION = "rectification", _("Rectification")
        DISCIPLINE = "discipline", _("Disciplinary action")

    class ReplyMethod(models.TextChoices):
        PHONE = "phone", _("By phone")
        SMS = "sms", _("By SMS")
        LETTER = "letter", _("By letter")
        IN_PERSON = "in_person", _("Told in person")
        TRACKING = "tracking", _("On the tracking page")

    # The stage rules, in one place: views, templates, reports and exports ask these.
    OPEN_STAGES = (Stage.RECEIVED, Stage.ACCEPTED, Stage.FORWARDED)
    UNANSWERED_STAGES = OPEN_STAGES
    STEP_STAGES = {
        Step.ACCEPT: (Stage.RECEIVED,),
        Step.DECLINE: (Stage.RECEIVED,),
        Step.FORWARD: (Stage.ACCEPTED, Stage.FORWARDED),
        Step.EXTEND: (Stage.FORWARDED,),
        Step.NOTE: (Stage.ACCEPTED, Stage.FORWARDED),
        Step.STATEMENT: (Stage.ACCEPTED, Stage.FORWARDED),
        Step.FINDING: (Stage.FORWARDED,),
        Step.REPLY: (Stage.FORWARDED,),
        Step.FOLLOW_UP: (Stage.REPLIED,),
        Step.ARCHIVE: (Stage.FOLLOWED_UP, Stage.DECLINED),
    }
    # 投诉专员: a supervisor (the director for a complaint about a supervisor) takes these.
    COMMISSIONER_STEPS = frozenset(
        {Step.ACCEPT, Step.DECLINE, Step.FORWARD, Step.EXTEND, Step.FOLLOW_UP, Step.ARCHIVE}
    )
    # The handler (or the 投诉专员) investigates and replies.
    HANDLER_STEPS = frozenset({Step.NOTE, Step.FINDING, Step.REPLY})
    # Only the staff member complained about writes their statement.
    SUBJECT_STEPS = frozenset({Step.STATEMENT})

    number = models.CharField(_("register number"), max_length=20, unique=True, editable=False)
    tracking_code = models.CharField(
        _("tracking code"), max_length=CODE_LENGTH, unique=True, editable=False
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage, default=Stage.RECEIVED)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # Anonymous complaints are welcome: name and phone are optional.
    complainant_name = models.CharField(_("complainant"), max_length=40, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=20, blank=True)
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    about = models.CharField(_("about"), max_length=10, choices=About)
    subject_counter = models.ForeignKey(
        "staff.Counter",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("counter"),
    )
    subject_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("staff member complained about"),
    )
    subject_item = models.ForeignKey(
        "disclosure.ServiceItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("service"),
    )
    subject_other = models.CharField(_("about (other)"), max_length=100, blank=True)
    # A complaint about a supervisor or the director is the director's (投诉专员 above them).
    about_manager = models.BooleanField(_("about a supervisor"), default=False, editable=False)
    reference = models.CharField(_("case or ticket number"), max_length=20, blank=True)
    wish = models.TextField(_("what the complainant asks for"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_registered",
        verbose_name=_("registered by"),
    )
    nature = models.CharField(_("nature"), max_length=12, choices=Nature, blank=True)
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_accepted",
        verbose_name=_("complaints officer (投诉专员)"),
    )
    decline_reason = models.TextField(_("why it is not a complaint"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handler"),
    )
    due_date = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    finding = models.CharField(_("finding"), max_length=8, choices=Finding, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome, blank=True)
    opinion = models.TextField(_("handling opinion"), blank=True)
    reply_method = models.CharField(
        _("how the reply was given"), max_length=10, choices=ReplyMethod, blank=True
    )
    reply_text = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_replied",
        verbose_name=_("replied by"),
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied at follow-up"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # 严格保密: who complained and how to reach them stay in this row only, never in history.
    history = HistoricalRecords(
        excluded_fields=["complainant_name", "complainant_phone", "tracking_code"],
        bases=[StepRecord],
    )
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["stage", "due_date"]),
            models.Index(fields=["replied_at"]),
            models.Index(fields=["subject_staff", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:complaint_detail", args=[self.number])

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def public_stage(self) -> str:
        """What the complainant reads: once answered, 已答复 (回访 and 归档 are the center's)."""
        if self.stage in (self.Stage.FOLLOWED_UP, self.Stage.ARCHIVED):
            return self.Stage.REPLIED.label
        return self.get_stage_display()

    @property
    def display_code(self) -> str:
        """The tracking code in groups of four, as printed for the complainant."""
        code = self.tracking_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def is_overdue(self) -> bool:
        return (
            self.stage in self.UNANSWERED_STAGES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def on_time(self) -> bool | None:
        if self.replied_at is None or self.due_date is None:
            return None
        return timezone.localdate(self.replied_at) <= self.due_date

    @property
    def masked_complainant(self) -> str:
        return mask_name(self.complainant_name) if self.complainant_name else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.complainant_phone)

    def is_subject(self, user) -> bool:
        return self.subject_staff_id is not None and self.subject_staff_id == user.pk

    def is_commissioner(self, user) -> bool:
        """May act as 投诉专员: a supervisor, or only the director when it is about a
        supervisor; never the staff member complained about."""
        if self.is_subject(user):
            return False
        return is_director(user) if self.about_manager else is_manager(user)

    def shows_complainant_to(self, user) -> bool:
        """严格保密: the staff member complained about never learns who complained."""
        return not self.is_subject(user)

    def shows_notes_to(self, user) -> bool:
        """Investigation notes: the 投诉专员 and the handler only (not the one complained
        about, nor the colleague who wrote the complaint down)."""
        if self.is_subject(user):
            return False
        return self.is_commissioner(user) or self.handler_id == user.pk

    def allows(self, step: str, user=None) -> bool:
        """Whether `step` is possible in this stage (and, given a user, for them)."""
        if self.stage not in self.STEP_STAGES.get(step, ()):
            return False
        if user is None:
            return True
        if step in self.SUBJECT_STEPS:
            return self.is_subject(user)
        if step in self.COMMISSIONER_STEPS:
            return self.is_commissioner(user)
        if step in self.HANDLER_STEPS:
            if step == self.Step.REPLY and not self.finding:
                return False
            return self.is_commissioner(user) or (
                self.handler_id == user.pk and not self.is_subject(user)
            )
        return False

    def steps_for(self, user) -> dict[str, bool]:
        return {step.value: True for step in self.Step if self.allows(step, user)}


class ComplaintNote(models.Model):
    """An investigation note (调查记录) or the statement (情况说明) of the staff member
    complained about. Notes are hidden from that staff member."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Investigation note")
        STATEMENT = "statement", _("Statement of the staff member")

    complaint = models.ForeignKey(
        Complaint, models.CASCADE, related_name="notes", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="complaint_notes",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint note")
        verbose_name_plural = _("complaint notes")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint} · {self.get_kind_display()}"


# -- end of complaints ------------------------------------------------------------------------
