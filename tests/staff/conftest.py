import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from servicecenter.models import CenterProfile, OpeningHours


@pytest.fixture
def center(db) -> CenterProfile:
    """A center open 9:00–18:00 with lunch 12:00–13:00 on weekdays (8 hours) and 9:00–12:00
    on Saturdays (3 hours), closed on Sundays."""
    profile = CenterProfile.objects.create(
        name="测试中心",
        address="测试路1号",
        complaint_phone="01062881234",
        supervision_phone="01062885678",
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            profile=profile,
            weekday=weekday,
            opens=dt.time(9),
            closes=dt.time(18),
            break_starts=dt.time(12),
            break_ends=dt.time(13),
        )
    OpeningHours.objects.create(profile=profile, weekday=5, opens=dt.time(9), closes=dt.time(12))
    cache.clear()
    return profile


@pytest.fixture
def today(monkeypatch):
    """Set the day it is: `today(dt.date(2026, 12, 1))`."""
    real = timezone.localdate

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, *args: day if value is None else real(value, *args),
        )

    return set_day
