"""The lost-property register (遗失物品处理): register, claim with an identity check, and
hand on what nobody claimed within the holding period, with a supervisor's approval."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import LostItem
from servicecenter.history import save_step
from servicecenter.personal import lookup_hash, mask_id_number, normalize_id_number
from servicecenter.roles import is_manager
from servicecenter.tokens import RESUBMIT_WINDOW, AlreadyDone

# Nine or more digits in a row (spaces and dashes allowed between) are an ID, phone or card
# number, not a date: what and where are shown on the public 招领 list (no personal data).
NUMBER_RUN = re.compile(r"\d(?:[\s-]?\d){8,}")


@transaction.atomic
def lost_register(
    *, description: str, found_where: str, found_by: str, kept_at: str, clerk
) -> LostItem:
    """遗失物品处理: 及时妥善保管并登记记录."""
    for value in (description, found_where, found_by, kept_at):
        if not value or not value.strip():
            raise ValidationError(
                _("Fill in what was found, where, by whom and where it is kept."), code="required"
            )
    if NUMBER_RUN.search(description) or NUMBER_RUN.search(found_where):
        raise ValidationError(
            _(
                "What and where are shown on the public lost-and-found list: describe the item "
                "without ID, phone or card numbers."
            ),
            code="personal",
        )
    # Back + resubmit refills the form under a fresh token: the same item again.
    again = LostItem.objects.filter(
        found_at__gte=timezone.now() - RESUBMIT_WINDOW,
        registered_by=clerk,
        description=description.strip(),
        found_where=found_where.strip(),
        found_by=found_by.strip(),
    ).first()
    if again is not None:
        raise AlreadyDone(again)
    item = LostItem(
        description=description.strip(),
        found_where=found_where.strip(),
        found_by=found_by.strip(),
        kept_at=kept_at.strip(),
        registered_by=clerk,
    )
    save_step(item, LostItem.Step.REGISTER)
    return item


def _locked(item: LostItem) -> LostItem:
    return LostItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def lost_claim(*, item: LostItem, name: str, id_number: str, clerk=None) -> LostItem:
    """Handed to its owner only after checking an identity document (身份证号 validated).
    An owner may claim it until it has been handed on, also while a hand-over waits."""
    item = _locked(item)
    if not item.is_held:
        raise ValidationError(_("This item is no longer kept here."), code="not_held")
    if not name or not name.strip():
        raise ValidationError(_("Enter the name of the person who claims it."), code="name")
    number = normalize_id_number(id_number)
    item.status = LostItem.Status.CLAIMED
    item.claimant_name = name.strip()
    item.claimant_id_masked = mask_id_number(number)
    item.claimant_id_hash = lookup_hash(number)
    item.claimed_at = timezone.now()
    item.claim_clerk = clerk
    # A pending hand-over ends with the owner's claim.
    item.hand_over_requested_by = item.hand_over_requested_at = None
    item.handed_to = ""
    save_step(item, LostItem.Step.CLAIM)
    return item


@transaction.atomic
def lost_request_hand_over(*, item: LostItem, to: str, clerk, reason: str = "") -> LostItem:
    """遗失物品处理: 经过一定时间仍无人认领, 交由上级领导处理 — asked for by a clerk once the
    holding period (LOST_PROPERTY_HOLD_DAYS) is over; a supervisor approves."""
    item = _locked(item)
    if item.status != LostItem.Status.KEPT:
        raise ValidationError(_("This item is no longer kept here."), code="not_kept")
    if not item.may_be_handed_on:
        raise ValidationError(
            _("It is kept for its owner until %(day)s; it cannot be handed on before.")
            % {"day": item.hold_ends.strftime("%Y-%m-%d")},
            code="too_early",
        )
    if not to or not to.strip():
        raise ValidationError(_("Enter who is to receive it."), code="to")
    item.status = LostItem.Status.REQUESTED
    item.handed_to = to.strip()
    item.hand_over_requested_by = clerk
    item.hand_over_requested_at = timezone.now()
    save_step(item, LostItem.Step.REQUEST_HAND_OVER, reason=reason)
    return item


def _check_approver(item: LostItem, supervisor) -> LostItem:
    item = _locked(item)
    if not is_manager(supervisor):
        raise ValidationError(_("Only a supervisor can approve a hand-over."), code="role")
    if item.status != LostItem.Status.REQUESTED:
        raise ValidationError(_("No hand-over of this item is waiting."), code="not_requested")
    return item


@transaction.atomic
def lost_approve_hand_over(*, item: LostItem, supervisor) -> LostItem:
    """The supervisor's approval hands the item on (交由上级领导处理)."""
    item = _check_approver(item, supervisor)
    if not timezone.localdate() >= item.hold_ends:
        # The holding period may have been lengthened since the request.
        raise ValidationError(
            _("It is kept for its owner until %(day)s; it cannot be handed on before.")
            % {"day": item.hold_ends.strftime("%Y-%m-%d")},
            code="too_early",
        )
    item.status = LostItem.Status.HANDED_OVER
    item.hand_over_approved_by = supervisor
    item.handed_at = timezone.now()
    save_step(item, LostItem.Step.HAND_OVER)
    return item


@transaction.atomic
def lost_refuse_hand_over(*, item: LostItem, supervisor, reason: str) -> LostItem:
    """The supervisor keeps it here; the reason is recorded."""
    item = _check_approver(item, supervisor)
    if not reason or not reason.strip():
        raise ValidationError(_("Say why the hand-over is refused."), code="reason")
    item.status = LostItem.Status.KEPT
    item.handed_to = ""
    item.hand_over_requested_by = item.hand_over_requested_at = None
    save_step(item, LostItem.Step.REFUSE_HAND_OVER, reason=reason)
    return item


def lost_due_for_hand_over() -> QuerySet[LostItem]:
    return LostItem.objects.due_for_hand_over()
