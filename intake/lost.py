"""The lost-property register (遗失物品处理制度): register, claim with an identity check,
hand on what nobody claimed."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import LostItem
from servicecenter.history import save_step
from servicecenter.personal import lookup_hash, mask_id_number, normalize_id_number

LOST_PROPERTY_DAYS = 30  # 遗失物品处理制度: unclaimed after 30 days, handed on


@transaction.atomic
def lost_register(
    *, description: str, found_where: str, found_by: str, kept_at: str, clerk
) -> LostItem:
    for value in (description, found_where, found_by, kept_at):
        if not value or not value.strip():
            raise ValidationError(_("Fill in what was found, where, by whom and where it is kept."))
    item = LostItem(
        description=description.strip(),
        found_where=found_where.strip(),
        found_by=found_by.strip(),
        kept_at=kept_at.strip(),
        registered_by=clerk,
    )
    save_step(item, LostItem.Step.REGISTER)
    return item


@transaction.atomic
def lost_claim(*, item: LostItem, name: str, id_number: str) -> LostItem:
    """Handed to its owner only after checking an identity document (身份证号 validated)."""
    item = LostItem.objects.select_for_update().get(pk=item.pk)
    if item.status != LostItem.Status.KEPT:
        raise ValidationError(_("This item is no longer kept here."))
    if not name or not name.strip():
        raise ValidationError(_("Enter the name of the person who claims it."))
    number = normalize_id_number(id_number)
    item.status = LostItem.Status.CLAIMED
    item.claimant_name = name.strip()
    item.claimant_id_masked = mask_id_number(number)
    item.claimant_id_hash = lookup_hash(number)
    item.claimed_at = timezone.now()
    save_step(item, LostItem.Step.CLAIM)
    return item


@transaction.atomic
def lost_hand_over(*, item: LostItem, to: str) -> LostItem:
    item = LostItem.objects.select_for_update().get(pk=item.pk)
    if item.status != LostItem.Status.KEPT:
        raise ValidationError(_("This item is no longer kept here."))
    if not to or not to.strip():
        raise ValidationError(_("Enter who received it."))
    item.status = LostItem.Status.HANDED_OVER
    item.handed_to = to.strip()
    item.handed_at = timezone.now()
    save_step(item, LostItem.Step.HAND_OVER)
    return item


def lost_due_for_hand_over() -> QuerySet[LostItem]:
    limit = timezone.now() - dt.timedelta(days=LOST_PROPERTY_DAYS)
    return LostItem.objects.filter(status=LostItem.Status.KEPT, found_at__lt=limit)
