"""Anonymous endpoints cannot be flooded: the kiosk and bookings are limited per client
(through the shared cache) and bookings per phone number, with a Chinese message and 429."""

import datetime as dt

import pytest
from django.utils import timezone

from intake.models import Appointment, Ticket
from servicecenter.workdays import is_working_day
from tests.intake.test_appointments import next_working_monday

pytestmark = pytest.mark.django_db


def take_ticket(client, address="192.0.2.10"):
    return client.post("/queue/kiosk/", {"category": "minzheng"}, REMOTE_ADDR=address)


def test_a_busy_kiosk_is_never_limited_but_a_flood_is(client, open_center, settings):
    assert settings.KIOSK_TICKETS_PER_MINUTE == 30  # a busy hall issues about 10 a minute
    for _ in range(30):
        assert take_ticket(client).status_code == 302
    flood = take_ticket(client)
    assert flood.status_code == 429
    assert "取号过于频繁" in flood.content.decode()
    assert Ticket.objects.count() == 30
    assert take_ticket(client, address="192.0.2.11").status_code == 302  # another kiosk


def test_a_kiosk_issuing_ten_a_minute_all_morning_is_never_limited(
    client, open_center, monkeypatch
):
    start = 1_800_000_000 - 1_800_000_000 % 60
    for minute in range(4):
        clock = start + minute * 60 + 5
        monkeypatch.setattr(
            "servicecenter.ratelimit.clock", lambda clock=clock: clock, raising=False
        )
        for _ in range(10):
            assert take_ticket(client).status_code == 302
    assert Ticket.objects.count() == 40


def test_the_kiosk_limit_can_be_raised(client, open_center, settings):
    settings.KIOSK_TICKETS_PER_MINUTE = 40
    for _ in range(35):
        assert take_ticket(client).status_code == 302


def book(client, minzheng, *, slot, phone="13812345678", day=None, address="192.0.2.20"):
    data = {
        "category": minzheng.pk,
        "day": (day or next_working_monday()).isoformat(),
        "slot": slot,
        "name": "张三",
        "phone": phone,
    }
    return client.post("/queue/book/", data, REMOTE_ADDR=address)


SLOTS = ["09:00", "09:30", "10:00", "10:30", "14:00", "14:30", "15:00"]


def test_one_client_books_at_most_five_an_hour(client, minzheng, settings):
    assert settings.BOOKINGS_PER_CLIENT_PER_HOUR == 5
    for n, slot in enumerate(SLOTS[:5]):
        assert book(client, minzheng, slot=slot, phone=f"1381234{n:04d}").status_code == 302
    assert Appointment.objects.count() == 5
    sixth = book(client, minzheng, slot=SLOTS[5], phone="13812349999")
    assert sixth.status_code == 429
    assert "预约过于频繁" in sixth.content.decode()
    assert Appointment.objects.count() == 5
    other = book(client, minzheng, slot=SLOTS[5], phone="13812349999", address="192.0.2.21")
    assert other.status_code == 302 and Appointment.objects.count() == 6


def test_one_phone_holds_at_most_two_open_bookings_a_day(client, minzheng):
    for n, slot in enumerate(SLOTS[:2]):
        assert book(client, minzheng, slot=slot, address=f"192.0.2.{n}").status_code == 302
    third = book(client, minzheng, slot=SLOTS[2], address="192.0.2.99")
    assert third.status_code == 429
    assert "该手机号当天已有2个预约" in third.content.decode()
    assert Appointment.objects.count() == 2
    # Another day is another day; a cancelled booking frees its place.
    next_week = next_working_monday() + dt.timedelta(days=7)
    if next_week <= timezone.localdate() + dt.timedelta(days=14) and is_working_day(next_week):
        assert book(client, minzheng, slot="09:00", day=next_week, address="192.0.2.98")
        assert Appointment.objects.filter(day=next_week).count() == 1
    first = Appointment.objects.order_by("pk").first()
    client.post("/queue/book/cancel/", {"code": first.code, "last4": "5678"})
    again = book(client, minzheng, slot=SLOTS[2], address="192.0.2.97")
    assert again.status_code == 302
    assert (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED, day=next_working_monday()
        ).count()
        == 2
    )
