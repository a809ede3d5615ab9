"""Working days on the Chinese calendar: statutory holidays, 调休 make-up workdays, and the
center's own overrides (a closure day, an extra duty day) that a supervisor adds in the admin.

承诺时限 and other deadlines are counted in working days from the day after receipt
(受理次日起算).
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.core.cache import cache

OVERRIDES_CACHE_KEY = "servicecenter:workday-overrides"


@lru_cache(maxsize=16)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year, language="zh_CN")


def _overrides() -> dict[dt.date, str]:
    overrides = cache.get(OVERRIDES_CACHE_KEY)
    if overrides is None:
        from servicecenter.models import WorkdayOverride

        overrides = dict(WorkdayOverride.objects.values_list("date", "kind"))
        cache.set(OVERRIDES_CACHE_KEY, overrides, 3600)
    return overrides


def forget_overrides() -> None:
    cache.delete(OVERRIDES_CACHE_KEY)


def is_working_day(day: dt.date, overrides: dict[dt.date, str] | None = None) -> bool:
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day] == "working"
    return _national(day.year).is_working_day(day)


def holiday_name(day: dt.date) -> str | None:
    """The statutory holiday's Chinese name, or None on an ordinary day."""
    return _national(day.year).get(day)


def is_makeup_workday(day: dt.date) -> bool:
    """A weekend day that is a working day (调休上班)."""
    return day.weekday() >= 5 and is_working_day(day)


def next_working_day(after: dt.date) -> dt.date:
    overrides = _overrides()
    day = after + dt.timedelta(days=1)
    while not is_working_day(day, overrides):
        day += dt.timedelta(days=1)
    return day


def add_working_days(received: dt.date, days: int) -> dt.date:
    """The due date of something received on `received` with `days` working days to go.

    Counting starts the day after receipt (受理次日起算); 0 days means the same day (即办件).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    overrides = _overrides()
    day, counted = received, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, overrides):
            counted += 1
    return day
