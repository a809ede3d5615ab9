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
from servicecenter.personal import (
    mask_name,
    mask_phone,
    validate_phone,  # noqa: E402
)
from servicecenter.public import PublicContent  # noqa: E402
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


# -- 好差评, 整改, 过错责任追究 and the 廉洁自律 registers (ratings.py, faults.py) ----------------


class Rating(PublicContent, models.Model):
    """好差评: a resident's own rating of one finished case or one served ticket (the public
    好评率 counts it, so saving one refreshes the public pages)."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        RATE = "rate", pgettext_lazy("step", "Rated by the resident")

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, _("Very satisfied")
        SATISFIED = 4, _("Satisfied")
        FAIRLY_SATISFIED = 3, _("Fairly satisfied")
        DISSATISFIED = 2, _("Dissatisfied")
        VERY_DISSATISFIED = 1, _("Very dissatisfied")

    class Channel(models.TextChoices):
        TRACK = "track", _("Case lookup or receipt QR code")
        COUNTER = "counter", _("Rating screen at the counter")

    # 好差评: 非常满意、满意、基本满意 are 好评; 不满意、非常不满意 are 差评.
    GOOD_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED, Level.FAIRLY_SATISFIED)
    BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)

    case = models.OneToOneField(
        "intake.Case",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rating",
        verbose_name=_("case"),
    )
    ticket = models.OneToOneField(
        "intake.Ticket",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rating",
        verbose_name=_("ticket"),
    )
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # A resident rating at the counter may leave a phone to be called back about a 差评.
    contact_phone = models.CharField(
        _("phone for a call back"), max_length=20, blank=True, validators=[validate_phone]
    )
    channel = models.CharField(_("rated through"), max_length=10, choices=Channel)
    # Who served: the case's handling clerk or the ticket's clerk, for the staff figures.
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("clerk rated"),
    )
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)
    history = HistoricalRecords(excluded_fields=["contact_phone"], bases=[StepRecord])

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at"]
        constraints = [
            # One rating per case or per ticket, and each rating rates exactly one of them.
            models.CheckConstraint(
                condition=Q(case__isnull=False, ticket__isnull=True)
                | Q(case__isnull=True, ticket__isnull=False),
                name="rating_rates_a_case_or_a_ticket",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_level_display()}"

    @property
    def subject(self) -> str:
        return self.case.number if self.case_id else str(self.ticket)

    @property
    def is_bad(self) -> bool:
        return self.level in self.BAD_LEVELS

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)


class RectificationQuerySet(models.QuerySet):
    def open(self) -> "RectificationQuerySet":
        return self.exclude(status=Rectification.Status.DONE)

    def overdue(self, day: dt.date | None = None) -> "RectificationQuerySet":
        """Not contacted by the contact date, or not done by the done date."""
        day = day or timezone.localdate()
        return self.open().filter(
            Q(status=Rectification.Status.OPEN, contact_due__lt=day) | Q(done_due__lt=day)
        )

    def visible_to(self, user) -> "RectificationQuerySet":
        """整改 is the supervisors' work: they and the director see all; nobody else any."""
        return self.all() if is_manager(user) else self.none()


class Rectification(models.Model):
    """整改 of a 差评: contact the resident, then record what was done, each by a due date."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        OPEN = "open", pgettext_lazy("step", "Rectification opened")
        CONTACT = "contact", pgettext_lazy("step", "Resident contacted")
        COMPLETE = "complete", pgettext_lazy("step", "Rectification recorded")

    class Status(models.TextChoices):
        OPEN = "open", _("Resident not yet contacted")
        CONTACTED = "contacted", _("Resident contacted")
        DONE = "done", _("Rectified")

    # The stages each step may start from.
    STEP_STATUSES = {Step.CONTACT: (Status.OPEN,), Step.COMPLETE: (Status.CONTACTED,)}

    rating = models.OneToOneField(
        Rating, models.PROTECT, related_name="rectification", verbose_name=_("rating")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    contact_due = models.DateField(_("contact the resident by"))
    done_due = models.DateField(_("rectify by"), db_index=True)
    contacted_at = models.DateTimeField(_("resident contacted at"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contacted by"),
    )
    contact_note = models.TextField(_("what the resident said"), max_length=1000, blank=True)
    done_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    action = models.TextField(_("what was done"), max_length=2000, blank=True)
    history = HistoricalRecords(bases=[StepRecord])
    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["done_due", "pk"]

    def __str__(self) -> str:
        return f"{_('Rectification')} {self.rating.subject}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:rectification_detail", args=[self.pk])

    def allows(self, step: str) -> bool:
        return self.status in self.STEP_STATUSES.get(step, ())

    @property
    def contact_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.contact_due < timezone.localdate()

    @property
    def done_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.done_due < timezone.localdate()


class FaultRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FaultRecordQuerySet":
        """过错责任追究: supervisors and the director see all records; a staff member sees
        their own and nobody else's."""
        if is_manager(user):
            return self.all()
        if not user_roles(user):
            return self.none()
        return self.filter(staff=user)


class FaultRecord(models.Model):
    """过错责任追究: facts, the staff member's statement, the director's decision, an appeal."""

    class Step(models.TextChoices):
        # Workflow steps named in the history (servicecenter.history.save_step).
        OPEN = "open", pgettext_lazy("step", "Fault record opened")
        STATEMENT = "statement", pgettext_lazy("step", "Staff member's statement")
        DECIDE = "decide", pgettext_lazy("step", "Decision taken")
        APPEAL = "appeal", pgettext_lazy("step", "Appeal lodged")
        DECIDE_APPEAL = "decide_appeal", pgettext_lazy("step", "Appeal decided")

    class Status(models.TextChoices):
        OPEN = "open", _("Under investigation")
        DECIDED = "decided", _("Decided")
        APPEALED = "appealed", _("Under appeal")
        CLOSED = "closed", _("Appeal decided")

    class Source(models.TextChoices):
        COMPLAINT = "complaint", _("A substantiated complaint")
        RECTIFICATION = "rectification", _("A bad rating's rectification")
        OVERDUE_CASE = "overdue_case", _("An overdue case")
        INSPECTION = "inspection", _("An inspection")

    class Clause(models.TextChoices):
        # 过错责任追究制度: the three kinds of fault it lists.
        FAVOUR = "favour", _("Accepting intercession, hospitality or bribes (说情、吃请、受贿)")
        NEGLIGENCE = (
            "negligence",
            _("Irresponsibility or lack of investigation (不负责、不深入调查)"),
        )
        ABUSE = "abuse", _("Using one's position to direct others into a fault (利用职权指使他人)")
        IGNORED_ADVICE = (
            "ignored_advice",
            _("Ignoring correct advice and deciding arbitrarily (不听正确意见主观臆断)"),
        )
        UNAUTHORISED = (
            "unauthorised",
            _("Acting without approval or reason, causing serious loss (未经批准造成重大损失)"),
        )
        # 工作纪律 and 廉洁自律制度: the breaches they name.
        LATE_OR_EARLY = "late_or_early", _("Arriving late or leaving early (迟到早退)")
        ABSENT_FROM_POST = "absent_from_post", _("Leaving one's post (擅离职守)")
        IMPROPER_FEES = "improper_fees", _("Improper fees or fines (乱收费、乱罚款)")
        GIFTS = "gifts", _("Accepting gifts or red envelopes (收受礼品、红包)")
        DATA_LEAK = "data_leak", _("Disclosing personal information (泄露个人信息)")

    class Decision(models.TextChoices):
        # The penalties the regulations list: 口头警告、书面警告、罚款、停职和开除.
        ORAL_WARNING = "oral_warning", _("Oral warning")
        WRITTEN_WARNING = "written_warning", _("Written warning")
        FINE = "fine", _("Fine")
        SUSPENSION = "suspension", _("Suspension")
        DISMISSAL = "dismissal", _("Dismissal")

    class AppealOutcome(models.TextChoices):
        UPHELD = "upheld", _("Decision upheld (维持)")
        CHANGED = "changed", _("Decision changed (变更)")
        REVOKED = "revoked", _("Decision revoked (撤销)")

    # The statuses each step may start from, and the steps only the director takes.
    STEP_STATUSES = {
        Step.STATEMENT: (Status.OPEN,),
        Step.DECIDE: (Status.OPEN,),
        Step.APPEAL: (Status.DECIDED,),
        Step.DECIDE_APPEAL: (Status.APPEALED,),
    }
    DIRECTOR_STEPS = frozenset({Step.OPEN, Step.DECIDE, Step.DECIDE_APPEAL})
    STAFF_STEPS = frozenset({Step.STATEMENT, Step.APPEAL})  # the staff member's own

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="fault_records",
        verbose_name=_("staff member"),
    )
    source = models.CharField(_("source"), max_length=15, choices=Source)
    # The complaint's code, the case number or the inspection's reference, as the source names it.
    source_reference = models.CharField(_("source reference"), max_length=40, blank=True)
    rectification = models.ForeignKey(
        Rectification,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="fault_records",
        verbose_name=_("rectification"),
    )
    clause = models.CharField(_("clause"), max_length=20, choices=Clause)
    facts = models.TextField(_("facts"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    statement = models.TextField(_("staff member's statement"), max_length=4000, blank=True)
    statement_at = models.DateTimeField(_("statement written"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision, blank=True)
    fine_amount = models.DecimalField(
        _("fine (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("grounds of the decision"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_due = models.DateField(_("appeal by"), null=True, blank=True)
    appeal_reason = models.TextField(_("grounds of the appeal"), max_length=4000, blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=10, choices=AppealOutcome, blank=True
    )
    appeal_note = models.TextField(_("grounds of the appeal decision"), max_length=4000, blank=True)
    # The decision an appeal changed, kept beside the new one (申诉 changes, never erases).
    original_decision = models.CharField(
        _("decision before the appeal"), max_length=20, choices=Decision, blank=True
    )
    original_fine_amount = models.DecimalField(
        _("fine before the appeal (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appeal decided by"),
    )
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    history = HistoricalRecords(bases=[StepRecord])
    objects = FaultRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("fault record")
        verbose_name_plural = _("fault records")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # 罚款 with an amount, and an amount only with 罚款.
            models.CheckConstraint(
                condition=Q(decision="fine", fine_amount__gt=0)
                | (~Q(decision="fine") & Q(fine_amount__isnull=True)),
                name="fault_fine_has_an_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Fault record')} {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:fault_detail", args=[self.pk])

    def allows(self, step: str, user=None) -> bool:
        """Whether `step` is possible now (and, given a user, for that user)."""
        if self.status not in self.STEP_STATUSES.get(step, ()):
            return False
        if step == self.Step.APPEAL and self.appeal_due and self.appeal_due < timezone.localdate():
            return False
        if user is None:
            return True
        if step in self.DIRECTOR_STEPS:
            return str(Role.DIRECTOR) in user_roles(user)
        return step not in self.STAFF_STEPS or user.pk == self.staff_id

    def steps_for(self, user) -> dict[str, bool]:
        return {step.value: True for step in self.Step if self.allows(step, user)}


class GiftRefusal(models.Model):
    """廉洁自律制度: 拒收礼品、红包登记 — a gift or red envelope offered and refused."""

    class Handling(models.TextChoices):
        RETURNED = "returned", _("Refused on the spot or returned")
        HANDED_IN = "handed_in", _("Handed in to the center")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    offered_at = models.DateTimeField(_("when offered"), default=timezone.now)
    # Who offered it in general terms (e.g. "一位办理居住证的居民"): no names or numbers.
    offered_by = models.CharField(_("offered by"), max_length=100)
    what = models.CharField(_("what was offered"), max_length=200)
    value = models.DecimalField(
        _("estimated value (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    handling = models.CharField(_("handled how"), max_length=10, choices=Handling)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refused gift")
        verbose_name_plural = _("refused gifts (拒收礼品、红包登记)")
        ordering = ["-offered_at"]

    def __str__(self) -> str:
        return f"{self.what} {self.offered_at:%Y-%m-%d}"


class PoliceReport(models.Model):
    """廉洁自律 and 违纪处罚: an incident (受贿、斗殴…) reported to the police."""

    occurred_at = models.DateTimeField(_("when it happened"))
    what = models.TextField(_("what happened"), max_length=2000)
    people = models.CharField(_("who was involved"), max_length=200)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_to = models.CharField(_("reported to (police station)"), max_length=100)
    reference = models.CharField(_("police reference"), max_length=60, blank=True)
    handling = models.TextField(_("handled how"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident reported to the police")
        verbose_name_plural = _("incidents reported to the police")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.reported_to} {self.reported_at:%Y-%m-%d}"
