"""Working days on the Chinese calendar: statutory holidays, 调休 make-up workdays, and the
center's own overrides (a closure day, an extra duty day) that a supervisor adds in the admin.

承诺时限 and other deadlines are counted in working days from the day after receipt
(受理次日起算).

Functions that look at several days accept `known`, the overrides already fetched with
`overrides()`, so a page asks the cache once.
"""

import datetime as dt
from functools import lru_cache

import holidays

from servicecenter.public import cached

OVERRIDES_KEY = "servicecenter:workday-overrides"
SPECIAL_KEY = "servicecenter:special-hours"
Overrides = dict[dt.date, str] | None


@lru_cache(maxsize=16)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year, language="zh_CN")


class Known(dict):
    """The center's overrides, carrying the special hours (special_hours()) fetched in the
    same round trip to the cache."""

    special: dict | None = None


def overrides() -> dict[dt.date, str]:
    """The center's overrides, {date: "closed" | "working"}, from the shared cache."""
    found = cached({OVERRIDES_KEY: load_overrides, SPECIAL_KEY: load_special_hours})
    known = Known(found[OVERRIDES_KEY])
    known.special = found[SPECIAL_KEY]
    return known


def load_overrides() -> dict[dt.date, str]:
    from servicecenter.models import WorkdayOverride

    return dict(WorkdayOverride.objects.values_list("date", "kind"))


def special_hours(known: Overrides = None) -> dict[str, dict]:
    """Days open for service ({date: ServiceDay}) and approved extended hours
    ({date: closing time}), from the shared cache (or from `known`, which has them)."""
    special = getattr(known, "special", None)
    if special is not None:
        return special
    return cached({SPECIAL_KEY: load_special_hours})[SPECIAL_KEY]


def load_special_hours() -> dict[str, dict]:
    from servicecenter.models import ExtendedHours, ServiceDay

    approved = ExtendedHours.objects.filter(status=ExtendedHours.Status.APPROVED)
    return {
        "service_days": {day.date: day for day in ServiceDay.objects.all()},
        "extensions": dict(approved.values_list("date", "closes")),
    }


def service_day(day: dt.date, special: dict | None = None):
    """The ServiceDay opening `day` for 值班/预约, or None. Open for service is not a
    working day: deadlines never count it. `special`: special_hours() fetched already."""
    return (special or special_hours())["service_days"].get(day)


def extended_until(day: dt.date, special: dict | None = None) -> dt.time | None:
    """The approved later closing time of `day` (延长工作时间), or None."""
    return (special or special_hours())["extensions"].get(day)


def is_working_day(day: dt.date, known: Overrides = None) -> bool:
    known = overrides() if known is None else known
    if day in known:
        return known[day] == "working"
    return _national(day.year).is_working_day(day)


def override_kind(day: dt.date, known: Overrides = None) -> str | None:
    """ "closed" or "working" where the center changed the national calendar, else None."""
    return (overrides() if known is None else known).get(day)


def holiday_name(day: dt.date) -> str | None:
    """The statutory holiday's Chinese name, or None on an ordinary day."""
    return _national(day.year).get(day)


def is_makeup_workday(day: dt.date, known: Overrides = None) -> bool:
    """A weekend day that is a working day (调休上班)."""
    return day.weekday() >= 5 and is_working_day(day, known)


def next_working_day(after: dt.date) -> dt.date:
    known = overrides()
    day = after + dt.timedelta(days=1)
    while not is_working_day(day, known):
        day += dt.timedelta(days=1)
    return day


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days after `first` up to and including `last`."""
    known = overrides()
    return sum(
        is_working_day(first + dt.timedelta(days=offset), known)
        for offset in range(1, (last - first).days + 1)
    )


def add_working_days(received: dt.date, days: int) -> dt.date:
    """The due date of something received on `received` with `days` working days to go.

    Counting starts the day after receipt (受理次日起算); 0 days means the same day (即办件).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    known = overrides()
    day, counted = received, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, known):
            counted += 1
    return day
