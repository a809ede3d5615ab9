"""Local dates and times: one place that turns the center's days and clock times into
aware date-times (the center's time zone, settings.TIME_ZONE)."""

import datetime as dt

from django.utils import timezone


def local_datetime(day: dt.date, time: dt.time | None = None) -> dt.datetime:
    """`day` at `time` (midnight when not given) in the center's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time()))


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of `day` and of the day after: a half-open range for queries."""
    return local_datetime(day), local_datetime(day + dt.timedelta(days=1))
