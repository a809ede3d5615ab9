"""The booking page (预约): one category/day picker whose choice is the one booked, the
booking period stated from its setting, a closed day explained, and a home page that
promises weekend appointments only when the opening hours keep weekend hours."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import Category
from intake import appointments
from intake.models import Appointment
from servicecenter import workdays
from servicecenter.models import CenterProfile, OpeningHours
from tests.intake.test_appointments import book, next_working_monday

pytestmark = pytest.mark.django_db


def next_closed_sunday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 6 or workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def page(client, category: Category, day: dt.date) -> str:
    return client.get(f"/queue/book/?category={category.pk}&day={day:%Y-%m-%d}").content.decode()


def test_the_page_has_one_picker_and_books_what_it_shows(client, minzheng):
    other = Category.objects.exclude(pk=minzheng.pk).filter(appointment_capacity__gt=0).first()
    day = next_working_monday()
    html = page(client, minzheng, day)
    assert len(re.findall(r"<select[^>]*name=\"category\"", html)) == 1
    assert len(re.findall(r"<input[^>]*name=\"day\"[^>]*type=\"date\"", html)) == 1
    # The booking form carries the picked category and day, not a second choice of its own.
    assert f'<input type="hidden" name="category" value="{minzheng.pk}">' in html
    assert f'<input type="hidden" name="day" value="{day:%Y-%m-%d}">' in html
    if other is not None:
        assert f'name="category" value="{other.pk}"' not in html


def test_the_page_states_how_far_ahead_from_the_setting(client, minzheng, settings):
    settings.APPOINTMENT_DAYS_AHEAD = 9
    last = timezone.localdate() + dt.timedelta(days=9)
    html = page(client, minzheng, next_working_monday())
    assert "最多提前9天" in html and f'max="{last:%Y-%m-%d}"' in html
    too_far = page(client, minzheng, last + dt.timedelta(days=1))
    assert 'data-state="too_far"' in too_far and 'id="booking-form"' not in too_far
    with pytest.raises(ValidationError) as refused:
        book(minzheng, day=last + dt.timedelta(days=7))
    assert refused.value.code == "too_far"


def test_a_closed_sunday_says_so_and_offers_the_next_open_day(client, minzheng, settings):
    settings.APPOINTMENT_DAYS_AHEAD = 30
    sunday = next_closed_sunday()
    html = page(client, minzheng, sunday)
    assert 'data-state="closed"' in html and "中心不办公" in html
    assert 'id="booking-form"' not in html
    following = appointments.next_appointment_day(minzheng, sunday)
    assert following is not None and following > sunday
    assert f"day={following:%Y-%m-%d}" in html


def test_a_public_holiday_is_named(client, minzheng, settings):
    today = timezone.localdate()
    day = today + dt.timedelta(days=1)
    while not workdays.holiday_name(day) or workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    settings.APPOINTMENT_DAYS_AHEAD = (day - today).days + 1
    html = page(client, minzheng, day)
    assert 'data-state="holiday"' in html and workdays.holiday_name(day) in html


def test_a_refused_booking_keeps_the_picked_day(client, minzheng):
    day = next_working_monday()
    data = {"category": minzheng.pk, "day": day, "slot": "10:00", "name": "张三", "phone": "1"}
    html = client.post("/queue/book/", data).content.decode()
    assert f'<input type="hidden" name="day" value="{day:%Y-%m-%d}">' in html
    assert 'value="张三"' in html and not Appointment.objects.exists()


def next_saturday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 5 or workdays.holiday_name(day) or workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_the_home_page_promises_weekend_appointments_only_with_weekend_hours(client, minzheng):
    saturday = next_saturday()
    home = client.get("/").content.decode()
    # The demo center keeps Monday to Friday: no weekend promise, and no Saturday slots.
    assert "周末按上列时间值班" not in home and "周六、周日及法定节假日休息" in home
    assert appointments.appointment_slots(minzheng, saturday) == []
    OpeningHours.objects.create(
        profile=CenterProfile.objects.get(), weekday=5, opens=dt.time(9), closes=dt.time(12)
    )
    cache.clear()
    home = client.get("/").content.decode()
    assert "周末按上列时间值班" in home
    if saturday <= appointments.last_booking_day():
        assert appointments.appointment_slots(minzheng, saturday)


def test_the_eve_of_a_holiday_promises_no_appointments_the_hours_do_not_keep(
    client, minzheng, monkeypatch
):
    holiday = timezone.localdate() + dt.timedelta(days=1)
    while not workdays.holiday_name(holiday) or workdays.is_working_day(holiday):
        holiday += dt.timedelta(days=1)
    eve = timezone.make_aware(dt.datetime.combine(holiday - dt.timedelta(days=1), dt.time(10)))
    monkeypatch.setattr(timezone, "localtime", lambda *args, **kwargs: eve)
    home = client.get("/").content.decode()
    assert workdays.holiday_name(holiday) in home and "中心休息" in home
    assert "仅提供值班和预约服务" not in home
    assert CenterProfile.objects.get().hours_on(holiday) is None


def test_with_nothing_chosen_the_page_opens_on_a_day_with_places(client, minzheng):
    html = client.get("/queue/book/").content.decode()
    day = dt.date.fromisoformat(re.search(r'name="day" value="([\d-]+)"', html).group(1))
    first = Category.objects.filter(appointment_capacity__gt=0).first()
    assert appointments.appointment_day_state(first, day) == appointments.DayState.OPEN
    assert 'id="booking-form"' in html
