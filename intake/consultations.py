"""The consultation register (咨询登记) under 首问负责制: the clerk who is asked first records
the question and answers it, at once or by the answer-by date; what the clerk cannot answer
is referred to a supervisor (请示报告), whose instruction is recorded before the answer.

Every step is a function here: it checks that the step is allowed, saves in one
transaction and names the step in the history (who did it comes from the request).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import ServiceItem
from intake.models import Consultation
from servicecenter import workdays
from servicecenter.history import save_step
from servicecenter.personal import normalize_phone
from servicecenter.roles import is_manager
from servicecenter.tokens import RESUBMIT_WINDOW, AlreadyDone


def answer_by_date(day=None):
    """首问负责制: an answer within CONSULTATION_ANSWER_DAYS working days of the question."""
    return workdays.add_working_days(day or timezone.localdate(), settings.CONSULTATION_ANSWER_DAYS)


def _legal_outcome(*, is_legal: bool, outcome: str, unit: str) -> tuple[str, str]:
    """法律咨询、援助、政策解答制度: a legal question's answer says what came of it, and a
    referral to 法律援助 names the unit."""
    if not is_legal:
        return "", ""
    if outcome not in Consultation.LegalOutcome.values:
        raise ValidationError(
            {"legal_outcome": _("Say what came of the legal question.")}, code="legal_outcome"
        )
    unit = (unit or "").strip()
    if outcome == Consultation.LegalOutcome.LEGAL_AID and not unit:
        raise ValidationError(
            {"legal_aid_unit": _("Name the legal aid unit the resident was referred to.")},
            code="legal_aid_unit",
        )
    return outcome, unit if outcome == Consultation.LegalOutcome.LEGAL_AID else ""


@transaction.atomic
def consultation_record(
    *,
    channel: str,
    matter: str,
    question: str,
    clerk,
    item: ServiceItem | None = None,
    answer: str = "",
    is_legal: bool = False,
    legal_outcome: str = "",
    legal_aid_unit: str = "",
    name: str = "",
    phone: str = "",
) -> Consultation:
    """Record a question; answered at once, or given an answer-by date (and a reminder)."""
    errors: dict[str, list[str]] = {}
    if channel not in Consultation.Channel.values:
        errors["channel"] = [_("Choose how the question came in.")]
    if not (matter or "").strip():
        errors["matter"] = [_("Say what the question is about.")]
    if not (question or "").strip():
        errors["question"] = [_("Write down the question.")]
    phone = (phone or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    answer = (answer or "").strip()
    outcome, unit = "", ""
    if answer:
        try:
            outcome, unit = _legal_outcome(
                is_legal=is_legal, outcome=legal_outcome, unit=legal_aid_unit
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors, code="invalid")
    now = timezone.now()
    # Back + resubmit refills the form under a fresh token: the same question again.
    again = Consultation.objects.filter(
        asked_at__gte=now - RESUBMIT_WINDOW,
        asked_at__lte=now,
        clerk=clerk,
        channel=channel,
        matter=matter.strip(),
        question=question.strip(),
        name=(name or "").strip(),
        phone=phone,
    ).first()
    if again is not None:
        raise AlreadyDone(again)
    consultation = Consultation(
        channel=channel,
        item=item,
        matter=matter.strip(),
        question=question.strip(),
        is_legal=is_legal,
        name=(name or "").strip(),
        phone=phone,
        clerk=clerk,
        asked_at=now,
    )
    if answer:
        consultation.answer = answer
        consultation.answered_at = now
        consultation.answered_by = clerk
        consultation.legal_outcome, consultation.legal_aid_unit = outcome, unit
    else:
        consultation.answer_by = answer_by_date(timezone.localdate(now))
    save_step(consultation, Consultation.Step.RECORD)
    return consultation


def _locked(consultation: Consultation) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_answered:
        raise ValidationError(_("This question has been answered already."), code="answered")
    return consultation


@transaction.atomic
def consultation_escalate(*, consultation: Consultation, to, note: str) -> Consultation:
    """请示报告: the clerk refers what they cannot answer to a supervisor."""
    consultation = _locked(consultation)
    if not is_manager(to):
        raise ValidationError(_("Refer the question to a supervisor."), code="not_supervisor")
    if consultation.escalated_to_id and not consultation.instruction:
        raise ValidationError(
            _("The question waits for a supervisor's instruction already."), code="escalated"
        )
    if not (note or "").strip():
        raise ValidationError(_("Say what you ask the supervisor."), code="note")
    consultation.escalated_to = to
    consultation.escalated_at = timezone.now()
    consultation.escalation_note = note.strip()
    consultation.instruction = ""
    consultation.instructed_at = None
    save_step(consultation, Consultation.Step.ESCALATE, reason=note)
    return consultation


@transaction.atomic
def consultation_instruct(*, consultation: Consultation, instruction: str, by) -> Consultation:
    """The supervisor's instruction (批示), recorded for the clerk who answers the resident."""
    consultation = _locked(consultation)
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor gives an instruction."), code="role")
    if not consultation.escalated_to_id:
        raise ValidationError(_("The question was not referred to a supervisor."), code="stage")
    if not (instruction or "").strip():
        raise ValidationError(_("Write down the instruction."), code="instruction")
    consultation.instruction = instruction.strip()
    consultation.instructed_at = timezone.now()
    save_step(consultation, Consultation.Step.INSTRUCT)
    return consultation


@transaction.atomic
def consultation_answer(
    *,
    consultation: Consultation,
    answer: str,
    by,
    legal_outcome: str = "",
    legal_aid_unit: str = "",
) -> Consultation:
    """The answer given to the resident, with the outcome of a legal question."""
    consultation = _locked(consultation)
    errors: dict[str, list[str]] = {}
    if not (answer or "").strip():
        errors["answer"] = [_("Write down the answer given.")]
    try:
        outcome, unit = _legal_outcome(
            is_legal=consultation.is_legal, outcome=legal_outcome, unit=legal_aid_unit
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors, code="invalid")
    if consultation.awaits_instruction and not is_manager(by):
        raise ValidationError(
            _("The question waits for the supervisor's instruction."), code="awaits_instruction"
        )
    consultation.answer = answer.strip()
    consultation.answered_at = timezone.now()
    consultation.answered_by = by
    consultation.legal_outcome, consultation.legal_aid_unit = outcome, unit
    save_step(consultation, Consultation.Step.ANSWER)
    return consultation


def consultation_reminders(user) -> dict:
    """The workstation's reminders: questions waiting for an answer (overdue first) and,
    for a supervisor, those referred to them waiting for an instruction."""
    waiting = (
        Consultation.objects.visible_to(user)
        .unanswered()
        .select_related("item")
        .order_by("answer_by", "asked_at")
    )
    today = timezone.localdate()
    # The first 20 and how many of all are overdue, in one query.
    shown = list(
        waiting.annotate(overdue_total=Window(Count("pk", filter=Q(answer_by__lt=today))))[:20]
    )
    return {
        "consultations_waiting": shown,
        "consultations_overdue": shown[0].overdue_total if shown else 0,
        "consultations_to_instruct": waiting.filter(escalated_to=user, instruction="")
        if is_manager(user)
        else [],
        "today": today,
    }
