import datetime as dt

import pytest

from servicecenter import workdays
from servicecenter.models import WorkdayOverride

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Sun 09-20 is a make-up workday for National Day.
        (dt.date(2026, 9, 18), 5, dt.date(2026, 9, 24)),
        # National Day 10-01..07; Sat 10-10 is a make-up workday.
        (dt.date(2026, 9, 30), 3, dt.date(2026, 10, 10)),
        # Sat 02-14 is a make-up workday; Spring Festival 02-15..23.
        (dt.date(2026, 2, 13), 2, dt.date(2026, 2, 24)),
        # An ordinary week: Mon + 5 → next Mon.
        (dt.date(2026, 11, 23), 5, dt.date(2026, 11, 30)),
        # 即办件: done the same day.
        (dt.date(2026, 11, 23), 0, dt.date(2026, 11, 23)),
    ],
)
def test_due_date_counts_working_days_from_the_next_day(received, days, due):
    assert workdays.add_working_days(received, days) == due


def test_make_up_workday_and_holiday_on_the_2026_calendar():
    assert workdays.is_makeup_workday(dt.date(2026, 9, 20))
    assert not workdays.is_working_day(dt.date(2026, 10, 1))
    assert workdays.holiday_name(dt.date(2026, 10, 1)) == "国庆节"
    assert workdays.next_working_day(dt.date(2026, 9, 30)) == dt.date(2026, 10, 8)


def test_local_closure_day_moves_the_due_date():
    WorkdayOverride.objects.create(
        date=dt.date(2026, 11, 25), kind=WorkdayOverride.Kind.CLOSED, reason="停电检修"
    )
    assert workdays.add_working_days(dt.date(2026, 11, 23), 2) == dt.date(2026, 11, 26)


def test_extra_duty_day_counts_as_working_day():
    WorkdayOverride.objects.create(
        date=dt.date(2026, 11, 28), kind=WorkdayOverride.Kind.WORKING, reason="集中办理日"
    )
    assert workdays.add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 28)


def test_removing_an_override_restores_the_national_calendar():
    override = WorkdayOverride.objects.create(
        date=dt.date(2026, 11, 25), kind=WorkdayOverride.Kind.CLOSED, reason="停电检修"
    )
    override.delete()
    assert workdays.is_working_day(dt.date(2026, 11, 25))


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(dt.date(2026, 11, 23), -1)
