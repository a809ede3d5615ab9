"""节假日实行值班或预约服务: a day open for service (值班/预约) is not a working day for
deadlines; extended hours (延长工作时间) show publicly once approved in advance."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from servicecenter import workdays
from servicecenter.models import CenterProfile, ExtendedHours, ServiceDay, WorkdayOverride
from staff import rota

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 9, 30)  # 10-01..10-07 National Day; 10-10 (Saturday) a working day


def test_a_case_received_before_national_day_is_due_on_the_working_saturday():
    assert workdays.add_working_days(RECEIVED, 3) == dt.date(2026, 10, 10)


def test_opening_a_holiday_for_duty_keeps_the_deadline(demo):
    ServiceDay.objects.create(
        date=dt.date(2026, 10, 3), kind=ServiceDay.Kind.DUTY, opens=dt.time(9), closes=dt.time(12)
    )
    cache.clear()
    assert workdays.add_working_days(RECEIVED, 3) == dt.date(2026, 10, 10)
    assert not workdays.is_working_day(dt.date(2026, 10, 3))
    hours = CenterProfile.objects.get().hours_on(dt.date(2026, 10, 3))
    assert (hours.opens, hours.closes) == (dt.time(9), dt.time(12))


def test_a_working_day_override_would_have_moved_it(demo):
    # The difference that matters: an extra working day counts towards deadlines.
    WorkdayOverride.objects.create(date=dt.date(2026, 10, 3), kind="working", reason="补班")
    cache.clear()
    assert workdays.add_working_days(RECEIVED, 3) == dt.date(2026, 10, 9)


def test_a_closure_beats_a_service_day(demo):
    ServiceDay.objects.create(
        date=dt.date(2026, 10, 4),
        kind=ServiceDay.Kind.APPOINTMENT,
        opens=dt.time(9),
        closes=dt.time(11),
    )
    WorkdayOverride.objects.create(date=dt.date(2026, 10, 4), kind="closed", reason="停电")
    cache.clear()
    assert CenterProfile.objects.get().hours_on(dt.date(2026, 10, 4)) is None


def test_the_home_page_lists_the_coming_duty_day(client, demo):
    day = timezone.localdate() + dt.timedelta(days=3)
    ServiceDay.objects.create(
        date=day, kind=ServiceDay.Kind.DUTY, opens=dt.time(9), closes=dt.time(12), reason="国庆"
    )
    page = client.get("/").content.decode()
    assert f"{day.month}月{day.day}日" in page and "09:00–12:00" in page


def test_extended_hours_show_publicly_only_once_approved(client, demo, supervisor, director):
    center = CenterProfile.objects.get()
    day = timezone.localdate() + dt.timedelta(days=1)
    while center.hours_on(day) is None:
        day += dt.timedelta(days=1)
    usual = center.hours_on(day).closes
    extension = rota.extension_request(
        day=day, closes=dt.time(20, 30), reason="社保集中办理", by=supervisor
    )
    assert "20:30" not in client.get("/").content.decode()
    assert center.hours_on(day).closes == usual
    rota.extension_decide(extension=extension, approve=True, by=director)
    cache.clear()
    assert CenterProfile.objects.get().hours_on(day).closes == dt.time(20, 30)
    assert "20:30" in client.get("/").content.decode()
    steps = [row.history_step for row in extension.history.order_by("history_id")]
    assert steps == [ExtendedHours.Step.REQUEST, ExtendedHours.Step.APPROVE]


def test_extended_hours_are_asked_for_in_advance(demo, supervisor):
    with pytest.raises(ValidationError) as refused:
        rota.extension_request(
            day=timezone.localdate(), closes=dt.time(23), reason="加班", by=supervisor
        )
    assert refused.value.code == "late"
    assert not ExtendedHours.objects.exists()


def test_extended_hours_must_be_later_than_the_usual_closing(demo, supervisor):
    center = CenterProfile.objects.get()
    day = timezone.localdate() + dt.timedelta(days=1)
    while center.hours_on(day) is None:
        day += dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        rota.extension_request(day=day, closes=dt.time(10), reason="x", by=supervisor)
    assert refused.value.code == "not_later"
