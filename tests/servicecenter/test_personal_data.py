import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template

from intake.management.commands.load_demo import fake_id_number
from servicecenter import personal
from staff.models import StaffProfile

VALID_ID = "11010519491231002X"


def test_valid_id_number_is_accepted_and_normalized():
    assert personal.normalize_id_number("11010519491231002x") == VALID_ID


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "checksum"),  # wrong check digit
        ("110105194913310021", "component"),  # month 13, right check digit
        ("11010519491231", "format"),  # too short
        ("", "format"),
    ],
)
def test_invalid_id_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as info:
        personal.normalize_id_number(value)
    assert info.value.code == code


def test_id_number_error_message_is_chinese():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        personal.normalize_id_number("110105194912310021")
    assert "校验" in info.value.messages[0]


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("010-62881234", "01062881234"),
    ],
)
def test_mainland_mobiles_and_landlines_are_accepted(value, normalized):
    assert personal.normalize_phone(value) == normalized


@pytest.mark.parametrize("value", ["12345", "1381234567", "+1 202 555 0100", "abc"])
def test_other_phone_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        personal.normalize_phone(value)


def test_masks():
    assert personal.mask_id_number("11010519491231002X") == "110105********002X"
    assert personal.mask_phone("13812345678") == "138****5678"
    assert personal.mask_phone("01062881234") == "010****1234"
    assert personal.mask_name("张三") == "张*"
    assert personal.mask_name("欧阳娜娜") == "欧***"
    assert personal.mask_name("") == ""


def test_template_filters_mask():
    template = Template("{% load personal %}{{ i|mask_id }} {{ p|mask_phone }} {{ n|mask_name }}")
    rendered = template.render(Context({"i": VALID_ID, "p": "13812345678", "n": "张三"}))
    assert rendered == "110105********002X 138****5678 张*"


def test_fake_demo_id_numbers_are_valid():
    import datetime as dt

    number = fake_id_number("110108", dt.date(1985, 3, 12), 901)
    assert personal.normalize_id_number(number) == number


@pytest.fixture
def staff_with_id(clerk) -> StaffProfile:
    return StaffProfile.objects.create(
        user=clerk, name="王芳", title="综合受理员", badge_number="SQ-001", id_number=VALID_ID
    )


def raw_values(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - test-only, fixed names
        return [row[0] for row in cursor.fetchall()]


def test_id_number_is_encrypted_at_rest_and_never_in_history(staff_with_id):
    staff_with_id.title = "窗口负责人"
    staff_with_id.save()
    stored = raw_values("staff_staffprofile", "id_number")
    assert VALID_ID not in stored[0] and "19491231" not in stored[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM staff_historicalstaffprofile")
        history = cursor.fetchall()
    assert len(history) == 2
    assert "19491231" not in repr(history)
    assert StaffProfile.objects.get().id_number == VALID_ID
    # The change is still visible: the keyed hash is in the history.
    assert staff_with_id.history.earliest().id_number_hash == personal.lookup_hash(VALID_ID)


def test_id_number_is_found_by_keyed_hash(staff_with_id):
    found = StaffProfile.objects.get(id_number_hash=personal.lookup_hash("11010519491231002x"))
    assert found == staff_with_id


def test_key_rotation_keeps_old_data_readable(staff_with_id, settings):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old_keys]
    assert StaffProfile.objects.get().id_number == VALID_ID
    from django.core.management import call_command

    call_command("rotate_personal_data", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    assert StaffProfile.objects.get().id_number == VALID_ID


def test_an_erased_name_reads_as_erased_not_as_a_surname():
    from servicecenter.personal import ANONYMIZED, mask_name

    assert mask_name(ANONYMIZED) == "已匿名"
    assert mask_name("已经") == "已*"
