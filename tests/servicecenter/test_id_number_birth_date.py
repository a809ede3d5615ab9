import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from servicecenter import personal

BORN_2030 = "11010520300101001X"  # right check digit, born 1 January 2030


def id_number_born(day: datetime.date) -> str:
    first17 = f"110105{day:%Y%m%d}001"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # GB 11643
    return (
        first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]
    )


def test_id_number_born_in_2030_is_refused_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        personal.normalize_id_number(BORN_2030)
    assert info.value.code == "future"
    assert "出生日期" in info.value.messages[0]


def test_id_number_born_tomorrow_is_refused_and_born_today_accepted():
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        personal.normalize_id_number(id_number_born(today + datetime.timedelta(days=1)))
    assert personal.normalize_id_number(id_number_born(today)) == id_number_born(today)
