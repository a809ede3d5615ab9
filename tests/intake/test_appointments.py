import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake import appointments, queue
from intake.models import Appointment, Ticket

pytestmark = pytest.mark.django_db
NEXT_MONDAY = None


def next_working_monday() -> dt.date:
    from servicecenter import workdays

    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 0 or not workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def book(category, slot=dt.time(9, 30), **kwargs):
    data = {"name": "张三", "phone": "13812345678", "day": next_working_monday(), "slot": slot}
    return appointments.appointment_book(category=category, **{**data, **kwargs})


def test_booking_gives_a_code_and_respects_capacity(minzheng):
    first, second = book(minzheng), book(minzheng, name="李四")
    assert len(first.code) == 6 and first.code != second.code
    with pytest.raises(ValidationError, match="已约满"):
        book(minzheng, name="王五")
    assert Appointment.objects.count() == 2


def test_lunch_break_and_closed_days_cannot_be_booked(minzheng):
    with pytest.raises(ValidationError, match="不接受预约"):
        book(minzheng, slot=dt.time(12, 0))
    from servicecenter import workdays

    closed = next_working_monday() + dt.timedelta(days=1)
    while workdays.is_working_day(closed):
        closed += dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="不接受预约"):
        book(minzheng, day=closed)


def test_bad_phone_is_refused(minzheng):
    with pytest.raises(ValidationError, match="手机"):
        book(minzheng, phone="12345")


def test_cancel_needs_the_code_and_the_phones_last_four(minzheng):
    appointment = book(minzheng)
    with pytest.raises(ValidationError, match="预约码或手机号后4位不正确"):
        appointments.appointment_cancel(code=appointment.code, last4="0000")
    appointments.appointment_cancel(code=appointment.code.lower(), last4="5678")
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED


def test_check_in_gives_a_ticket_called_ahead_of_walk_ins(minzheng, session3, monkeypatch):
    appointment = book(minzheng)
    walk_in = queue.ticket_issue(category=minzheng, check_open=False)
    monkeypatch.setattr(timezone, "now", lambda: appointment.starts_at - dt.timedelta(minutes=10))
    ticket = appointments.appointment_check_in(code=appointment.code, last4="5678")
    assert ticket.rank == Ticket.RANK_APPOINTMENT
    assert queue.ticket_call_next(session=session3) == ticket
    assert walk_in.status == Ticket.Status.WAITING
    # Checking in twice gives the same ticket.
    assert appointments.appointment_check_in(code=appointment.code, last4="5678") == ticket


def test_wrong_code_and_wrong_phone_get_the_same_answer(minzheng):
    appointment = book(minzheng)
    messages = []
    for code, last4 in [("ZZZZZZ", "5678"), (appointment.code, "1111")]:
        with pytest.raises(ValidationError) as info:
            appointments.appointment_check_in(code=code, last4=last4)
        messages.append(info.value.messages)
    assert messages[0] == messages[1]


def test_too_early_and_expired_check_ins_are_explained(minzheng, monkeypatch):
    appointment = book(minzheng)
    monkeypatch.setattr(timezone, "now", lambda: appointment.starts_at - dt.timedelta(hours=2))
    with pytest.raises(ValidationError, match="还没到签到时间"):
        appointments.appointment_check_in(code=appointment.code, last4="5678")
    monkeypatch.setattr(timezone, "now", lambda: appointment.starts_at + dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="已过期"):
        appointments.appointment_check_in(code=appointment.code, last4="5678")
    assert not Ticket.objects.exists()


def test_closing_the_day_records_no_shows_and_handles_waiting_tickets(minzheng):
    from intake.models import QueueSettings

    appointment = book(minzheng)
    waiting = queue.ticket_issue(category=minzheng, check_open=False)
    result = queue.queue_close_day(day=appointment.day)
    assert result == {"tickets": 1, "no_shows": 1}
    assert Appointment.objects.get().status == Appointment.Status.NO_SHOW
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.CANCELLED
    settings = QueueSettings.current()
    settings.at_closing = QueueSettings.AtClosing.CARRY_OVER
    settings.save()
    carried = queue.ticket_issue(category=minzheng, check_open=False)
    queue.queue_close_day()
    carried.refresh_from_db()
    assert carried.status == Ticket.Status.WAITING and carried.carried_over


def test_booking_page_books_and_shows_the_code(client, minzheng):
    day = next_working_monday()
    response = client.post(
        "/queue/book/",
        {
            "category": minzheng.pk,
            "day": day,
            "slot": "10:00",
            "name": "张三",
            "phone": "13812345678",
        },
        follow=True,
    )
    page = response.content.decode()
    code = Appointment.objects.get().code
    assert code in page and "138****5678" in page and "13812345678" not in page


def test_booking_page_bad_input_changes_nothing(client, minzheng):
    response = client.post(
        "/queue/book/",
        {"category": minzheng.pk, "day": "2020-01-01", "slot": "10:00", "name": "", "phone": "1"},
    )
    page = response.content.decode()
    assert "请选择今天或以后的日期" in page
    assert not Appointment.objects.exists()


def test_yesterdays_waiting_tickets_are_closed_before_today_is_called(minzheng, monkeypatch):
    waiting = queue.ticket_issue(category=minzheng, check_open=False)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    queue.queue_close_past_days()
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.CANCELLED
