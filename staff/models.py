from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
