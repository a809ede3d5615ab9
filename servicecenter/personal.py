"""Personal data (PIPL): validation, masking, and encryption at rest.

保密制度: residents' personal information is kept confidential. 身份证号 is validated with
python-stdnum (GB 11643 checksum and birth date), phones with phonenumbers; both are shown
masked by default; 身份证号 is stored encrypted, with a keyed hash beside it for exact lookup.
"""

import hashlib
import hmac

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

# -- validation ---------------------------------------------------------------------------


def normalize_id_number(value: str) -> str:
    """A valid 身份证号 in its stored form (18 characters, upper-case X), or ValidationError."""
    # Typed or read aloud in groups (110105 19491231 002X): the groups' spaces do not count.
    value = "".join((value or "").split()).replace("-", "")
    try:
        value = ric.validate(value).upper()
    except InvalidChecksum as exc:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check it."), code="checksum"
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _("The ID number has an impossible birth date or region."), code="component"
        ) from exc
    except (InvalidLength, InvalidFormat) as exc:
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."), code="format"
        ) from exc
    # stdnum checks that the birth date exists, not that it has already happened.
    if ric.get_birth_date(value) > timezone.localdate():
        raise ValidationError(
            _("The ID number's birth date is in the future; please check it."), code="future"
        )
    return value


def validate_id_number(value: str) -> None:
    normalize_id_number(value)


def normalize_phone(value: str) -> str:
    """A mainland mobile or landline number as digits (landlines keep their 0 area code)."""
    try:
        number = phonenumbers.parse(value or "", "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a mainland mobile or landline number."), code="phone"
        ) from exc
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a mainland mobile or landline number."), code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(
        " ", ""
    )


def validate_phone(value: str) -> None:
    normalize_phone(value)


# What an erased name becomes (intake.personal_data, manage.py anonymize_expired).
ANONYMIZED = "已匿名"


# -- masking ------------------------------------------------------------------------------


def mask_id_number(value: str | None) -> str:
    """110105199001010020 → 110105********002X style: region and last four shown."""
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678; a landline keeps its area code and last four."""
    if not value:
        return ""
    digits = value.replace("-", "").replace(" ", "")
    if len(digits) <= 4:
        return "*" * len(digits)
    head = 3 if digits.startswith("1") or len(digits) <= 8 else len(digits) - 8
    head = min(head, len(digits) - 4)
    return digits[:head] + "*" * (len(digits) - head - 4) + digits[-4:]


def mask_name(value: str | None) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the family name's first character only."""
    if not value:
        return ""
    if value == ANONYMIZED:  # erased (PIPL): says so, rather than reading like a surname 已
        return value
    return value[0] + "*" * max(len(value) - 1, 1)


# -- encryption at rest -------------------------------------------------------------------


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def lookup_hash(value: str) -> str:
    """A keyed hash of a normalized 身份证号, for exact lookup without decrypting."""
    key = settings.PERSONAL_DATA_HASH_KEY.encode()
    return hmac.new(key, value.upper().encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """Clear text in Python, a Fernet token in the database (and in history tables)."""

    description = _("Encrypted text")

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None or value == "" else encrypt(value)
