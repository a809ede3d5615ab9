"""Cases (办件): registration under 首问负责制, then 受理 → 办理 → 办结 → 回复 → 归档.

Every step is a function here: it checks that the step is allowed, saves in one
transaction and names the step in the history (who did it comes from the request).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Material, ServiceItem, result_publish
from intake.models import (
    Case,
    CaseExtension,
    CaseMaterial,
    CaseNotice,
    CaseSupplement,
    SmsMessage,
    Ticket,
)
from intake.notify import case_sms
from servicecenter import workdays
from servicecenter.history import save_step
from servicecenter.models import DailyCounter
from servicecenter.personal import lookup_hash, normalize_id_number, normalize_phone

REPEAT_WINDOW = dt.timedelta(days=30)
# The same applicant and service registered again this soon is the same registration sent
# twice (Back + resubmit reloads the form with a fresh token), not a new application.
RESUBMIT_WINDOW = dt.timedelta(minutes=10)


def recent_registration(
    *,
    item: ServiceItem,
    applicant: "Applicant",
    clerk,
    missing: list[Material] | None = None,
    refusal: tuple[str, str] | None = None,
) -> "Case | CaseNotice | None":
    """What this clerk registered for this applicant and service within RESUBMIT_WINDOW,
    with everything typed the same: a case, or (with `missing`) a one-time notice listing the
    same materials, or (with `refusal`: reason, basis) the same refusal. A corrected name or
    phone is a new registration, never dropped."""
    since = timezone.now() - RESUBMIT_WINDOW
    applicant = applicant.cleaned()
    id_hash = lookup_hash(applicant.id_number)
    if refusal is not None:
        reason, basis = (part.strip() for part in refusal)
        return CaseNotice.objects.filter(
            kind=CaseNotice.Kind.REFUSAL,
            created_at__gte=since,
            item=item,
            applicant_id_hash=id_hash,
            applicant_name=applicant.name,
            clerk=clerk,
            refusal_reason=reason,
            refusal_basis=basis,
        ).first()
    if missing is None:
        found = Case.objects.filter(received_at__gte=since)
    else:
        names = [m.name for m in missing]
        found = CaseNotice.objects.filter(kind=CaseNotice.Kind.MISSING, created_at__gte=since)
        found = [
            n
            for n in found.filter(
                item=item, applicant_id_hash=id_hash, applicant_name=applicant.name, clerk=clerk
            )
            if [m["name"] for m in n.missing] == names
        ]
        return found[0] if found else None
    return (
        found.filter(
            item=item,
            applicant_id_hash=id_hash,
            applicant_name=applicant.name,
            applicant_phone=applicant.phone,
            agent_name=applicant.agent_name,
            agent_phone=applicant.agent_phone,
            first_clerk=clerk,
        )
        .order_by("-received_at")
        .first()
    )


@dataclass
class Applicant:
    name: str
    id_number: str
    phone: str
    agent_name: str = ""
    agent_id_number: str = ""
    agent_phone: str = ""

    def cleaned(self) -> "Applicant":
        """Validated and normalized, or ValidationError with every problem at once."""
        errors = {}
        values = {}
        for field, check in [
            ("name", _name),
            ("id_number", normalize_id_number),
            ("phone", normalize_phone),
        ]:
            try:
                values[field] = check(getattr(self, field))
            except ValidationError as exc:
                errors[field] = exc.error_list
        if self.agent_name.strip():
            for field, check in [
                ("agent_id_number", normalize_id_number),
                ("agent_phone", normalize_phone),
            ]:
                try:
                    values[field] = check(getattr(self, field))
                except ValidationError as exc:
                    errors[field] = exc.error_list
            try:
                values["agent_name"] = _name(self.agent_name)
            except ValidationError as exc:
                errors["agent_name"] = exc.error_list
        if errors:
            raise ValidationError(errors)
        return Applicant(**values)


def _required(value: str) -> str:
    if not value or not value.strip():
        raise ValidationError(_("This field is required."))
    return value.strip()


def _name(value: str) -> str:
    value = _required(value)
    # Too long is said, never cut (PostgreSQL would refuse the row; SQLite would keep it).
    limit = Case._meta.get_field("applicant_name").max_length
    if len(value) > limit:
        raise ValidationError(
            _("A name has at most %(limit)d characters (this one has %(length)d).")
            % {"limit": limit, "length": len(value)},
            code="max_length",
        )
    return value


def missing_materials(item: ServiceItem, received_ids: set[int]) -> list[Material]:
    return [material for material in item.materials.all() if material.pk not in received_ids]


# -- registration ---------------------------------------------------------------------------


@transaction.atomic
def notice_issue(
    *, item: ServiceItem, applicant: Applicant, missing: list[Material], clerk
) -> CaseNotice:
    """一次性告知制度: tell the applicant *all* missing materials at once, on paper."""
    if not missing:
        raise ValidationError(_("Nothing is missing; accept the case instead."))
    applicant = applicant.cleaned()
    id_hash = lookup_hash(applicant.id_number)
    today = timezone.localdate()
    since = timezone.now() - REPEAT_WINDOW
    # A notice the applicant came back to and was accepted from was no failure to tell.
    repeat = CaseNotice.objects.filter(
        kind=CaseNotice.Kind.MISSING,
        item=item,
        applicant_id_hash=id_hash,
        created_at__gte=since,
        case__isnull=True,
    ).exists()
    notice = CaseNotice(
        serial=f"GZ{today:%Y%m%d}-{DailyCounter.next_value('notice', today):04d}",
        kind=CaseNotice.Kind.MISSING,
        item=item,
        applicant_name=applicant.name,
        applicant_id_hash=id_hash,
        missing=[
            {"name": m.name, "form": m.get_form_display(), "copies": m.copies, "notes": m.notes}
            for m in missing
        ],
        clerk=clerk,
        is_repeat=repeat,
    )
    save_step(notice, CaseNotice.Step.NOTIFY)
    return notice


@transaction.atomic
def referral_issue(*, item: ServiceItem, applicant: Applicant, clerk) -> CaseNotice:
    """Not handled here: name the responsible unit, its address and phone."""
    if item.handled_here:
        raise ValidationError(_("This service is handled here; register the case instead."))
    applicant = applicant.cleaned()
    today = timezone.localdate()
    notice = CaseNotice(
        serial=f"ZB{today:%Y%m%d}-{DailyCounter.next_value('referral', today):04d}",
        kind=CaseNotice.Kind.REFERRAL,
        item=item,
        applicant_name=applicant.name,
        applicant_id_hash=lookup_hash(applicant.id_number),
        clerk=clerk,
    )
    save_step(notice, CaseNotice.Step.REFER)
    return notice


@transaction.atomic
def refusal_issue(
    *, item: ServiceItem, applicant: Applicant, reason: str, basis: str, clerk
) -> CaseNotice:
    """不予受理: 一次性告知制度 asks to tell 不予办理的事项、依据, on paper (申请人联, 存根联)."""
    errors: dict[str, list[ValidationError]] = {}
    if not item.handled_here:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(
                _("This service is not handled here; give a referral notice."),
                code="not_handled_here",
            )
        )
    limit = CaseNotice._meta.get_field("refusal_reason").max_length
    for field, value, required in [
        ("refusal_reason", reason, _("Say what is not accepted, and why.")),
        ("refusal_basis", basis, _("Name the legal basis of the refusal.")),
    ]:
        if not (value or "").strip():
            errors.setdefault(field, []).append(ValidationError(required, code="required"))
        elif len(value.strip()) > limit:
            errors.setdefault(field, []).append(
                ValidationError(
                    _("At most %(limit)d characters, please.") % {"limit": limit},
                    code="max_length",
                )
            )
    try:
        applicant = applicant.cleaned()
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    notice = CaseNotice(
        serial=f"BY{today:%Y%m%d}-{DailyCounter.next_value('refusal', today):04d}",
        kind=CaseNotice.Kind.REFUSAL,
        item=item,
        applicant_name=applicant.name,
        applicant_id_hash=lookup_hash(applicant.id_number),
        refusal_reason=reason.strip(),
        refusal_basis=basis.strip(),
        clerk=clerk,
    )
    save_step(notice, CaseNotice.Step.REFUSE, reason=reason)
    return notice


def case_accept(
    *,
    item: ServiceItem,
    applicant: Applicant,
    received: list[Material],
    mode: str,
    clerk,
    ticket: Ticket | None = None,
    another: bool = False,
    notice: CaseNotice | None = None,
) -> Case:
    """受理: everything is here. The registering clerk is the 首问负责人; the due date
    counts the promised working days from the day after receipt.

    A ticket that has a case already gets a second one only when the clerk says `another`
    (one resident, two services), never by accident. With `notice`, the applicant came back
    to a one-time notice with the missing materials: the case is linked to it, once.
    """
    if not item.handled_here:
        raise ValidationError(_("This service is not handled here; give a referral notice."))
    # Every problem at once: the materials, the mode and the applicant's data.
    errors: dict[str, list[ValidationError]] = {}
    missing = missing_materials(item, {m.pk for m in received})
    if missing:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(
                _("Materials are missing (%(names)s); give the one-time notice instead.")
                % {"names": "、".join(m.name for m in missing)},
                code="missing",
            )
        )
    if mode not in Case.Mode.values:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(_("Choose how the case is handled."), code="mode")
        )
    try:
        applicant = applicant.cleaned()
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if notice is not None and not errors:
        errors.update(_notice_problems(notice, item, applicant))
    if errors:
        raise ValidationError(errors)
    if ticket is not None and not another:
        existing = ticket.cases.order_by("received_at").first()
        if existing is not None:
            raise ValidationError(
                _(
                    "Ticket %(ticket)s already has case %(case)s. To register another case "
                    "for another service, tick “Register another case”."
                )
                % {"ticket": ticket.display_number, "case": existing.number},
                code="ticket_has_case",
            )
    with transaction.atomic():
        if notice is not None:
            # Two clerks (or a double click) accepting from one notice: one case.
            notice = CaseNotice.objects.select_for_update().get(pk=notice.pk)
            if CaseNotice.objects.filter(pk=notice.pk, case__isnull=False).exists():
                raise ValidationError(
                    _("A case was already accepted from notice %(serial)s.")
                    % {"serial": notice.serial},
                    code="notice_accepted",
                )
        now = timezone.now()
        today = timezone.localdate(now)
        days = 0 if mode == Case.Mode.IMMEDIATE else item.promised_days
        case = Case(
            number=f"{today:%Y%m%d}{DailyCounter.next_value('case', today):04d}",
            item=item,
            mode=mode,
            applicant_name=applicant.name,
            applicant_id_number=applicant.id_number,
            applicant_id_hash=lookup_hash(applicant.id_number),
            applicant_phone=applicant.phone,
            agent_name=applicant.agent_name,
            agent_id_number=applicant.agent_id_number,
            agent_phone=applicant.agent_phone,
            first_clerk=clerk,
            handler=clerk,
            ticket=ticket,
            notice=notice,
            received_at=now,
            clock_starts=today,
            due_date=workdays.add_working_days(today, days),
        )
        save_step(case, Case.Step.ACCEPT)
        for material in received:
            CaseMaterial.objects.create(
                case=case,
                name=material.name,
                form=material.get_form_display(),
                copies=material.copies,
            )
        if mode == Case.Mode.IMMEDIATE:
            # 即办件: handled and completed at the counter, one step after 受理.
            case.stage = Case.Stage.COMPLETED
            case.completed_at = timezone.now()
            save_step(case, Case.Step.COMPLETE)
            _publish(case)
        else:
            case_sms(case, SmsMessage.Kind.ACCEPT)
    return case


def _notice_problems(notice: CaseNotice, item: ServiceItem, applicant: Applicant) -> dict:
    """Why this case cannot be accepted from this notice, by field (none: it can)."""
    if notice.kind != CaseNotice.Kind.MISSING or notice.item_id != item.pk:
        problem = ValidationError(
            _("Notice %(serial)s is not a one-time notice for this service.")
            % {"serial": notice.serial},
            code="notice_kind",
        )
        return {NON_FIELD_ERRORS: [problem]}
    # The notice keeps only the keyed hash: the number typed again must be the same person's.
    if lookup_hash(applicant.id_number) != notice.applicant_id_hash:
        problem = ValidationError(
            _("This is not the ID number the notice was given for; check the applicant's ID card."),
            code="notice_id_mismatch",
        )
        return {"id_number": [problem]}
    return {}


# -- stages ---------------------------------------------------------------------------------


def _locked(case: Case, step: str) -> Case:
    """The case row, locked for this step; an impossible step is refused."""
    case = Case.objects.select_for_update().select_related("item").get(pk=case.pk)
    if not case.allows(step):
        raise ValidationError(
            _("Case %(number)s is “%(stage)s”; this step is not possible now.")
            % {"number": case.number, "stage": case.get_stage_display()},
            code="stage",
        )
    return case


@transaction.atomic
def case_start(*, case: Case) -> Case:
    """办理."""
    case = _locked(case, Case.Step.START)
    case.stage = Case.Stage.PROCESSING
    save_step(case, Case.Step.START)
    return case


@transaction.atomic
def case_complete(*, case: Case) -> Case:
    """办结."""
    case = _locked(case, Case.Step.COMPLETE)
    case.stage = Case.Stage.COMPLETED
    case.completed_at = timezone.now()
    save_step(case, Case.Step.COMPLETE)
    _publish(case)
    # 及时通知办理结果: the applicant is asked to come and collect.
    case_sms(case, SmsMessage.Kind.COMPLETE)
    return case


def _check_fee(case: Case, fee: Decimal | None, receipt: str) -> None:
    """廉洁自律: 所有服务项目一律按照规定标准收费 — never more than the published standard,
    nothing for a free service, and a receipt for every yuan."""
    fees = list(case.item.fees.all())
    if not fees:
        if fee:
            raise ValidationError(
                _("This service is free (不收费); no fee may be charged."), code="free"
            )
        return
    if fee is None:
        raise ValidationError(
            _("This service has fees: enter the fee charged (0 if waived)."), code="fee_required"
        )
    if fee < 0:
        raise ValidationError(_("The fee cannot be negative."), code="fee_negative")
    amounts = [f.amount for f in fees]
    # A standard without an amount in yuan cannot be checked; every demo standard has one.
    if None not in amounts and fee > sum(amounts):
        raise ValidationError(
            _(
                "%(fee)s yuan is more than the published standard (%(standard)s); "
                "charge only what the standard sets."
            )
            % {"fee": fee, "standard": "；".join(f.standard for f in fees)},
            code="over_standard",
        )
    if fee > 0 and not receipt:
        raise ValidationError(_("Enter the fee receipt's number."), code="receipt")


def _publish(case: Case) -> None:
    """办理结果公开: a case is published when it is completed (即办件 at the counter too), so
    the public results count what the reports count."""
    result_publish(
        case_number=case.number,
        item=case.item,
        applicant_name=case.applicant_name,
        completed_on=timezone.localdate(case.completed_at),
        on_time=bool(case.on_time),
    )


@transaction.atomic
def case_reply(
    *,
    case: Case,
    method: str,
    documents_returned: bool,
    fee_charged: Decimal | None = None,
    fee_receipt_number: str = "",
    opinion: str = "",
) -> Case:
    """回复: the applicant is told, documents returned, fees settled, opinion heard.
    Residents rate the service themselves (好差评), never through the clerk."""
    case = _locked(case, Case.Step.REPLY)
    if method not in Case.ReplyMethod.values:
        raise ValidationError(_("Choose how the applicant was told."))
    receipt = fee_receipt_number.strip()
    _check_fee(case, fee_charged, receipt)
    case.stage = Case.Stage.REPLIED
    case.replied_at = timezone.now()
    case.reply_method = method
    case.documents_returned = documents_returned
    case.fees_settled = fee_charged is not None
    case.fee_charged = fee_charged
    case.fee_receipt_number = receipt
    case.opinion = opinion.strip()
    save_step(case, Case.Step.REPLY)
    result_publish(
        case_number=case.number,
        item=case.item,
        applicant_name=case.applicant_name,
        completed_on=timezone.localdate(case.completed_at),
        on_time=bool(case.on_time),
    )
    return case


@transaction.atomic
def case_archive(*, case: Case) -> Case:
    """归档."""
    case = _locked(case, Case.Step.ARCHIVE)
    case.stage = Case.Stage.ARCHIVED
    save_step(case, Case.Step.ARCHIVE)
    return case


@transaction.atomic
def case_supplement(*, case: Case, materials: str, asked_by) -> Case:
    """补正: the materials asked for are in; the time limit counts again from the next
    working day — only while the case is not overdue: a late case stays late."""
    case = _locked(case, Case.Step.SUPPLEMENT)
    if not materials or not materials.strip():
        raise ValidationError(_("Name the materials that were asked for."), code="materials")
    due_before = case.due_date
    today = timezone.localdate()
    if not case.is_past_due:
        case.clock_starts = today
        case.due_date = workdays.add_working_days(
            today, case.item.promised_days + case.extension_days
        )
    if case.stage == Case.Stage.SUSPENDED:
        case.stage = Case.Stage.PROCESSING
        case.suspended_on = None
    save_step(case, Case.Step.SUPPLEMENT, reason=materials)
    CaseSupplement.objects.create(
        case=case,
        materials=materials.strip(),
        asked_by=asked_by,
        due_before=due_before,
        due_after=case.due_date,
    )
    case_sms(case, SmsMessage.Kind.SUPPLEMENT)
    return case


@transaction.atomic
def case_suspend(*, case: Case, reason: str) -> Case:
    """中止: the time limit stops until the case resumes."""
    case = _locked(case, Case.Step.SUSPEND)
    _reason_required(reason)
    case.stage = Case.Stage.SUSPENDED
    case.suspended_on = timezone.localdate()
    save_step(case, Case.Step.SUSPEND, reason=reason)
    return case


@transaction.atomic
def case_resume(*, case: Case, reason: str) -> Case:
    """恢复办理: the due date moves on by the working days the case stood still."""
    case = _locked(case, Case.Step.RESUME)
    _reason_required(reason)
    if case.suspended_on:
        stood = workdays.working_days_between(case.suspended_on, timezone.localdate())
        case.due_date = workdays.add_working_days(case.due_date, stood)
    case.stage = Case.Stage.PROCESSING
    case.suspended_on = None
    save_step(case, Case.Step.RESUME, reason=reason)
    return case


@transaction.atomic
def case_extend(
    *,
    case: Case,
    days: int,
    reason: str,
    approved_by,
    told_how: str = Case.ReplyMethod.SMS,
    told_at: dt.datetime | None = None,
) -> Case:
    """延期: approved by a supervisor, with a reason, before the due date in force, within
    the cap; how and when the applicant was told is recorded (an SMS goes out too)."""
    case = _locked(case, Case.Step.EXTEND)
    if not case.allows(Case.Step.EXTEND, approved_by):
        raise ValidationError(_("Only a supervisor can approve an extension."), code="role")
    # An overdue case stays overdue: extending it afterwards would make it count as on time.
    if case.is_past_due:
        raise ValidationError(
            _("Case %(number)s was due on %(due)s; an extension must be approved by then.")
            % {"number": case.number, "due": case.due_date.isoformat()},
            code="late",
        )
    if days < 1 or days > 60:
        raise ValidationError(_("Extend by 1 to 60 working days."), code="days")
    if days > case.extension_days_left:
        raise ValidationError(
            _("The extensions of this case may add %(cap)s working days in all (%(left)s left).")
            % {"cap": case.extension_cap, "left": case.extension_days_left},
            code="cap",
        )
    _reason_required(reason)
    if told_how not in Case.ReplyMethod.values:
        raise ValidationError(_("Choose how the applicant was told."), code="told_how")
    now = timezone.now()
    told_at = told_at or now
    # The form says the minute only: told in the minute of receipt is after it.
    received = case.received_at.replace(second=0, microsecond=0)
    if told_at > now + dt.timedelta(minutes=5) or told_at < received:
        raise ValidationError(
            _("The applicant was told between the case's receipt and now."), code="told_at"
        )
    due_before = case.due_date
    case.extension_days += days
    case.due_date = workdays.add_working_days(case.due_date, days)
    save_step(case, Case.Step.EXTEND, reason=reason)
    CaseExtension.objects.create(
        case=case,
        days=days,
        reason=reason.strip(),
        approved_by=approved_by,
        approved_at=now,
        due_before=due_before,
        due_after=case.due_date,
        told_how=told_how,
        told_at=told_at,
    )
    case_sms(case, SmsMessage.Kind.EXTEND, days=days)
    return case


@transaction.atomic
def case_hand_over(*, case: Case, to, reason: str) -> Case:
    """Another clerk 承办s; the 首问负责人 stays accountable until the case is closed."""
    case = _locked(case, Case.Step.HAND_OVER)
    _reason_required(reason)
    if to == case.handler:
        raise ValidationError(_("The case is already with this clerk."))
    case.handler = to
    save_step(case, Case.Step.HAND_OVER, reason=reason)
    return case


def _reason_required(reason: str) -> None:
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason; it is kept in the case's record."))
