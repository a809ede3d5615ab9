"""过错责任追究: the director opens a fault record on a staff member, the staff member writes
their statement, the director decides, the staff member may appeal, the director decides the
appeal. "责任自负，有错必究": each step is recorded with who took it and when."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import FaultRecord, Rectification
from servicecenter.history import save_step
from servicecenter.roles import Role, user_roles
from servicecenter.workdays import add_working_days


def _is_director(user) -> bool:
    return str(Role.DIRECTOR) in user_roles(user)


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError(_("This text is required."), code="required")
    if len(value) > FaultRecord._meta.get_field(field).max_length:
        raise ValidationError(_("The text is too long."), code="too_long")
    return value


def _decision(decision: str, fine: Decimal | None) -> tuple[str, Decimal | None]:
    if decision not in FaultRecord.Decision.values:
        raise ValidationError(_("Choose a decision."), code="decision")
    if decision == FaultRecord.Decision.FINE:
        if fine is None or fine <= 0:
            raise ValidationError(_("A fine needs its amount."), code="fine_amount")
        return decision, fine
    if fine is not None:
        raise ValidationError(_("Only a fine has an amount."), code="fine_amount")
    return decision, None


def _locked(record: FaultRecord, step: str, user) -> FaultRecord:
    record = FaultRecord.objects.select_for_update().get(pk=record.pk)
    if not record.allows(step, user):
        raise ValidationError(_("This step is not possible now."), code="step_not_allowed")
    return record


@transaction.atomic
def fault_open(
    *,
    staff,
    source: str,
    clause: str,
    facts: str,
    by,
    source_reference: str = "",
    rectification: Rectification | None = None,
) -> FaultRecord:
    """The director opens a fault record citing the clause it falls under."""
    if not _is_director(by):
        raise ValidationError(_("Only the director opens fault records."), code="not_director")
    if not user_roles(staff):
        raise ValidationError(_("Choose a member of staff."), code="not_staff")
    if staff.pk == by.pk:
        raise ValidationError(_("Nobody opens a fault record on themselves."), code="self")
    if source not in FaultRecord.Source.values:
        raise ValidationError(_("Choose where the fault came to light."), code="source")
    if clause not in FaultRecord.Clause.values:
        raise ValidationError(_("Choose the clause the fault falls under."), code="clause")
    if source == FaultRecord.Source.RECTIFICATION and rectification is None:
        raise ValidationError(_("Choose the rectification."), code="rectification")
    reference = _text(source_reference, "source_reference", required=False)
    if source in (FaultRecord.Source.COMPLAINT, FaultRecord.Source.OVERDUE_CASE) and not reference:
        raise ValidationError(
            _("Give the complaint's code or the case number."), code="source_reference"
        )
    record = FaultRecord(
        staff=staff,
        source=source,
        source_reference=reference,
        rectification=rectification if source == FaultRecord.Source.RECTIFICATION else None,
        clause=clause,
        facts=_text(facts, "facts"),
        opened_by=by,
    )
    save_step(record, FaultRecord.Step.OPEN)
    return record


@transaction.atomic
def fault_statement(*, record: FaultRecord, statement: str, by) -> FaultRecord:
    """The staff member's own statement, before the decision."""
    statement = _text(statement, "statement")
    record = _locked(record, FaultRecord.Step.STATEMENT, by)
    record.statement, record.statement_at = statement, timezone.now()
    save_step(record, FaultRecord.Step.STATEMENT)
    return record


def appeal_due(decided: dt.date) -> dt.date:
    return add_working_days(decided, settings.FAULT_APPEAL_DAYS)


@transaction.atomic
def fault_decide(
    *, record: FaultRecord, decision: str, fine_amount: Decimal | None, reason: str, by
) -> FaultRecord:
    """The director's decision (口头警告、书面警告、罚款、停职、开除), with its grounds."""
    decision, fine_amount = _decision(decision, fine_amount)
    reason = _text(reason, "decision_reason")
    record = _locked(record, FaultRecord.Step.DECIDE, by)
    now = timezone.now()
    record.decision, record.fine_amount, record.decision_reason = decision, fine_amount, reason
    record.decided_by, record.decided_at = by, now
    record.appeal_due = appeal_due(timezone.localdate(now))
    record.status = FaultRecord.Status.DECIDED
    save_step(record, FaultRecord.Step.DECIDE)
    return record


@transaction.atomic
def fault_appeal(*, record: FaultRecord, reason: str, by) -> FaultRecord:
    """申诉: the staff member appeals within FAULT_APPEAL_DAYS working days of the decision."""
    reason = _text(reason, "appeal_reason")
    locked = FaultRecord.objects.select_for_update().get(pk=record.pk)
    if (
        locked.status == FaultRecord.Status.DECIDED
        and locked.appeal_due
        and locked.appeal_due < timezone.localdate()
    ):
        raise ValidationError(_("The time for an appeal has passed."), code="appeal_late")
    record = _locked(record, FaultRecord.Step.APPEAL, by)
    record.appeal_reason, record.appealed_at = reason, timezone.now()
    record.status = FaultRecord.Status.APPEALED
    save_step(record, FaultRecord.Step.APPEAL)
    return record


@transaction.atomic
def fault_appeal_decide(
    *,
    record: FaultRecord,
    outcome: str,
    note: str,
    by,
    decision: str = "",
    fine_amount: Decimal | None = None,
) -> FaultRecord:
    """The director decides the appeal: 维持, 变更 (to a new decision) or 撤销."""
    if outcome not in FaultRecord.AppealOutcome.values:
        raise ValidationError(_("Choose the appeal's outcome."), code="outcome")
    note = _text(note, "appeal_note")
    if outcome == FaultRecord.AppealOutcome.CHANGED:
        decision, fine_amount = _decision(decision, fine_amount)
    elif decision or fine_amount is not None:
        raise ValidationError(
            _("A new decision is given only when the decision is changed."), code="decision"
        )
    record = _locked(record, FaultRecord.Step.DECIDE_APPEAL, by)
    if outcome == FaultRecord.AppealOutcome.CHANGED:
        if decision == record.decision and fine_amount == record.fine_amount:
            raise ValidationError(_("The changed decision is the same as before."), code="same")
        # An appeal never makes the penalty heavier (申诉不加重): only a lighter decision, or
        # a smaller fine.
        order = list(FaultRecord.Decision.values)
        heavier = order.index(decision) > order.index(record.decision) or (
            decision == record.decision == FaultRecord.Decision.FINE
            and fine_amount > record.fine_amount
        )
        if heavier:
            raise ValidationError(
                _("An appeal may lighten the decision, never make it heavier."), code="heavier"
            )
        record.original_decision = record.decision
        record.original_fine_amount = record.fine_amount
        record.decision, record.fine_amount = decision, fine_amount
    record.appeal_outcome, record.appeal_note = outcome, note
    record.appeal_decided_by, record.appeal_decided_at = by, timezone.now()
    record.status = FaultRecord.Status.CLOSED
    save_step(record, FaultRecord.Step.DECIDE_APPEAL)
    return record
