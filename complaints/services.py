"""Complaints (投诉受理制度): filing from any channel and every handling step.

Each step is a keyword-only function in one transaction: it locks the complaint, checks that
the step is allowed in its stage for this person (Complaint.allows), changes it and saves
with the step's code (servicecenter.history.save_step).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import (
    CODE_LENGTH,
    Complaint,
    ComplaintNote,
    new_tracking_code,
    normalize_tracking_code,
)
from servicecenter import ratelimit
from servicecenter.history import save_step
from servicecenter.models import DailyCounter
from servicecenter.personal import normalize_phone
from servicecenter.roles import is_manager
from servicecenter.tokens import RESUBMIT_WINDOW, AlreadyDone
from servicecenter.workdays import add_working_days

TRACK_ATTEMPTS = 10  # wrong lookups per address per window, as /track/
TRACK_WINDOW = 600  # seconds
FILING_WINDOW = 3600


@dataclass(frozen=True)
class ComplaintInput:
    """What a complainant tells, from the public form or as staff write it down."""

    description: str
    about: str
    happened_on: dt.date | None = None
    subject_counter: object = None
    subject_staff: object = None  # a user
    subject_item: object = None
    subject_other: str = ""
    reference: str = ""
    wish: str = ""
    name: str = ""
    phone: str = ""


# -- filing -------------------------------------------------------------------------------


def filing_allowed(address: str) -> bool:
    """The public form, per client: COMPLAINT_FILINGS_PER_HOUR complaints an hour."""
    return ratelimit.hit_within(
        "complaint-file", address, limit=settings.COMPLAINT_FILINGS_PER_HOUR, window=FILING_WINDOW
    )


def reply_due(received: dt.date) -> dt.date:
    """投诉受理制度: answered within COMPLAINT_REPLY_DAYS working days of receipt."""
    return add_working_days(received, settings.COMPLAINT_REPLY_DAYS)


@transaction.atomic
def complaint_file(
    *, complaint: ComplaintInput, channel: str, registered_by=None, now: dt.datetime | None = None
) -> Complaint:
    """Register a complaint in the 投诉登记簿: online by the resident, or by staff."""
    now = now or timezone.now()
    errors = {}
    if channel not in Complaint.Channel.values:
        errors["channel"] = ValidationError(_("Choose how the complaint arrived."), code="channel")
    elif (channel == Complaint.Channel.ONLINE) != (registered_by is None):
        errors["channel"] = ValidationError(
            _("Staff register complaints from the counter, phone, letter, box or 12345."),
            code="channel",
        )
    if not complaint.description.strip():
        errors["description"] = ValidationError(_("Say what happened."), code="required")
    if complaint.about not in Complaint.About.values:
        errors["about"] = ValidationError(_("Say what the complaint is about."), code="about")
    if complaint.happened_on and complaint.happened_on > timezone.localdate(now):
        errors["happened_on"] = ValidationError(_("This date is in the future."), code="future")
    phone = ""
    if complaint.phone.strip():
        try:
            phone = normalize_phone(complaint.phone)
        except ValidationError as exc:
            errors["phone"] = exc
    staff = complaint.subject_staff if complaint.about == Complaint.About.STAFF else None
    if registered_by is not None and staff is not None and staff.pk == registered_by.pk:
        # 严格保密: the one complained about does not take down who complains about them.
        errors["staff"] = ValidationError(
            _("A complaint about yourself is registered by a colleague or a supervisor."),
            code="self",
        )
    if errors:
        raise ValidationError(errors)
    # Back + resubmit refills the form under a fresh token: the same complaint again.
    again = Complaint.objects.filter(
        received_at__gte=now - RESUBMIT_WINDOW,
        received_at__lte=now,
        channel=channel,
        registered_by=registered_by,
        description=complaint.description.strip(),
        complainant_name=complaint.name.strip(),
        complainant_phone=phone,
        about=complaint.about,
    ).first()
    if again is not None:
        raise AlreadyDone(again)
    received = timezone.localdate(now)
    record = Complaint(
        number=f"TS{received:%Y%m%d}{DailyCounter.next_value('complaint', received):03d}",
        tracking_code=new_tracking_code(),
        channel=channel,
        received_at=now,
        complainant_name=complaint.name.strip(),
        complainant_phone=phone,
        happened_on=complaint.happened_on,
        description=complaint.description.strip(),
        about=complaint.about,
        subject_counter=complaint.subject_counter
        if complaint.about == Complaint.About.COUNTER
        else None,
        subject_staff=staff,
        subject_item=complaint.subject_item if complaint.about == Complaint.About.ITEM else None,
        subject_other=complaint.subject_other.strip()
        if complaint.about == Complaint.About.OTHER
        else "",
        about_manager=staff is not None and is_manager(staff),
        reference=complaint.reference.strip(),
        wish=complaint.wish.strip(),
        registered_by=registered_by,
        due_date=reply_due(received),
    )
    step = Complaint.Step.FILE if registered_by is None else Complaint.Step.REGISTER
    for _attempt in range(3):
        try:
            with transaction.atomic():  # a (very unlikely) code collision: draw again
                save_step(record, step)
            return record
        except IntegrityError:
            record.pk = None
            record.tracking_code = new_tracking_code()
    raise ValidationError(_("Please send the form again."), code="collision")


# -- the resident's lookup ------------------------------------------------------------------


def track_allowed(address: str) -> bool:
    return ratelimit.allowed("complaint-track", address, limit=TRACK_ATTEMPTS, window=TRACK_WINDOW)


def track_failed(address: str) -> None:
    ratelimit.hit("complaint-track", address, window=TRACK_WINDOW)


def complaint_track(*, code: str, last4: str) -> Complaint | None:
    """The complaint, or None; a wrong code and wrong phone digits look the same outside.

    The phone's last four digits are asked when the complainant gave a phone."""
    code, last4 = normalize_tracking_code(code), (last4 or "").strip()
    if len(code) != CODE_LENGTH:
        return None
    complaint = Complaint.objects.filter(tracking_code=code).first()
    if complaint is None:
        return None
    if complaint.complainant_phone and not (
        len(last4) == 4 and last4.isdigit() and complaint.complainant_phone.endswith(last4)
    ):
        return None
    return complaint


# -- handling -------------------------------------------------------------------------------


def _locked(complaint: Complaint, step: str, by) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not locked.allows(step, by):
        raise ValidationError(
            _("This step is not possible now, or not yours to take."), code="step"
        )
    return locked


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(message, code="required")})
    return value


@transaction.atomic
def complaint_accept(*, complaint: Complaint, by, nature: str) -> Complaint:
    """投诉专员 accepts it as a complaint and names its nature (性质)."""
    if nature not in Complaint.Nature.values:
        raise ValidationError({"nature": ValidationError(_("Choose the nature."), code="nature")})
    complaint = _locked(complaint, Complaint.Step.ACCEPT, by)
    complaint.stage = Complaint.Stage.ACCEPTED
    complaint.nature = nature
    complaint.commissioner = by
    save_step(complaint, Complaint.Step.ACCEPT)
    return complaint


@transaction.atomic
def complaint_decline(*, complaint: Complaint, by, reason: str) -> Complaint:
    """Not a complaint (e.g. a question for another office): why, shown to the complainant."""
    reason = _text(reason, "reason", _("Say why this is not a complaint."))
    complaint = _locked(complaint, Complaint.Step.DECLINE, by)
    complaint.stage = Complaint.Stage.DECLINED
    complaint.decline_reason = reason
    complaint.commissioner = by
    save_step(complaint, Complaint.Step.DECLINE, reason=reason)
    return complaint


@transaction.atomic
def complaint_forward(*, complaint: Complaint, by, handler) -> Complaint:
    """转交: to the person responsible, who replies by the due date."""
    complaint = _locked(complaint, Complaint.Step.FORWARD, by)
    if handler is None or not handler.is_active:
        raise ValidationError(
            {"handler": ValidationError(_("Choose who handles it."), code="handler")}
        )
    if complaint.is_subject(handler):
        # 严格保密: the one complained about never handles the complaint.
        raise ValidationError(
            {
                "handler": ValidationError(
                    _("The staff member complained about cannot handle this complaint."),
                    code="subject",
                )
            }
        )
    complaint.stage = Complaint.Stage.FORWARDED
    complaint.handler = handler
    complaint.due_date = complaint.due_date or reply_due(timezone.localdate(complaint.received_at))
    save_step(complaint, Complaint.Step.FORWARD)
    return complaint


@transaction.atomic
def complaint_extend(
    *, complaint: Complaint, by, days: int, reason: str, told_how: str
) -> Complaint:
    """延期: with a reason, and the complainant told how."""
    reason = _text(reason, "reason", _("Give the reason for the extension."))
    if told_how not in Complaint.ReplyMethod.values:
        raise ValidationError(
            {"told_how": ValidationError(_("Say how the complainant was told."), code="told")}
        )
    if not 1 <= days <= 30:
        raise ValidationError(
            {"days": ValidationError(_("Extend by 1 to 30 working days."), code="days")}
        )
    complaint = _locked(complaint, Complaint.Step.EXTEND, by)
    complaint.due_date = add_working_days(complaint.due_date, days)
    complaint.extension_days += days
    complaint.extension_reason = reason
    told = Complaint.ReplyMethod(told_how).label
    save_step(complaint, Complaint.Step.EXTEND, reason=f"{reason}（{told}）")
    return complaint


@transaction.atomic
def complaint_note(*, complaint: Complaint, by, text: str, kind: str) -> ComplaintNote:
    """An investigation note (handler, 投诉专员) or the statement (the staff member)."""
    text = _text(text, "text", _("Write the text."))
    step = Complaint.Step.NOTE if kind == ComplaintNote.Kind.NOTE else Complaint.Step.STATEMENT
    complaint = _locked(complaint, step, by)
    note = ComplaintNote.objects.create(complaint=complaint, kind=kind, text=text, author=by)
    # The complaint's history notes that a note was written; its text stays in the note.
    save_step(complaint, step)
    return note


@transaction.atomic
def complaint_finding(
    *, complaint: Complaint, by, finding: str, outcome: str, opinion: str
) -> Complaint:
    """The finding (属实 / 部分属实 / 不属实), the outcome and the handling opinion."""
    errors = {}
    if finding not in Complaint.Finding.values:
        errors["finding"] = ValidationError(_("Choose the finding."), code="finding")
    if outcome not in Complaint.Outcome.values:
        errors["outcome"] = ValidationError(_("Choose the outcome."), code="outcome")
    if not (opinion or "").strip():
        errors["opinion"] = ValidationError(_("Write the handling opinion."), code="required")
    if errors:
        raise ValidationError(errors)
    complaint = _locked(complaint, Complaint.Step.FINDING, by)
    complaint.finding, complaint.outcome, complaint.opinion = finding, outcome, opinion.strip()
    save_step(complaint, Complaint.Step.FINDING)
    return complaint


@transaction.atomic
def complaint_reply(*, complaint: Complaint, by, method: str, text: str) -> Complaint:
    """答复: how, what, by whom and when."""
    text = _text(text, "text", _("Write what the complainant was told."))
    if method not in Complaint.ReplyMethod.values:
        raise ValidationError(
            {"method": ValidationError(_("Say how the complainant was told."), code="method")}
        )
    complaint = _locked(complaint, Complaint.Step.REPLY, by)
    complaint.stage = Complaint.Stage.REPLIED
    complaint.reply_method, complaint.reply_text = method, text
    complaint.replied_by, complaint.replied_at = by, timezone.now()
    save_step(complaint, Complaint.Step.REPLY)
    return complaint


@transaction.atomic
def complaint_follow_up(*, complaint: Complaint, by, satisfied: bool, note: str = "") -> Complaint:
    """回访: is the complainant satisfied with the handling?"""
    complaint = _locked(complaint, Complaint.Step.FOLLOW_UP, by)
    complaint.stage = Complaint.Stage.FOLLOWED_UP
    complaint.satisfied, complaint.follow_up_note = satisfied, (note or "").strip()
    complaint.followed_up_at = timezone.now()
    save_step(complaint, Complaint.Step.FOLLOW_UP)
    return complaint


@transaction.atomic
def complaint_archive(*, complaint: Complaint, by) -> Complaint:
    complaint = _locked(complaint, Complaint.Step.ARCHIVE, by)
    complaint.stage = Complaint.Stage.ARCHIVED
    complaint.archived_at = timezone.now()
    save_step(complaint, Complaint.Step.ARCHIVE)
    return complaint


def handlers_for(complaint: Complaint):
    """Who may be given the complaint: active staff, never the one complained about."""
    users = get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct()
    if complaint.subject_staff_id:
        users = users.exclude(pk=complaint.subject_staff_id)
    return users.select_related("staff_profile").order_by("staff_profile__name", "username")
