"""Appointments (预约): half-hour slots, booking, cancelling, and checking in at the kiosk."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Category
from intake.models import Appointment, Ticket
from intake.queue import ticket_issue
from servicecenter import ratelimit, workdays
from servicecenter.dates import local_datetime
from servicecenter.history import save_step
from servicecenter.models import CenterProfile
from servicecenter.personal import normalize_phone
from servicecenter.tokens import AlreadyDone

SLOT = dt.timedelta(minutes=30)


def booking_days() -> int:
    """How many days ahead a resident may book (APPOINTMENT_DAYS_AHEAD)."""
    return settings.APPOINTMENT_DAYS_AHEAD


def last_booking_day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=booking_days())


class DayState(models.TextChoices):
    """Why a day has, or has no, half hours to book: the booking page says which."""

    OPEN = "open", gettext_lazy("Open for appointments")
    PAST = "past", gettext_lazy("Past")
    TOO_FAR = "too_far", gettext_lazy("Too far ahead")
    CLOSED = "closed", gettext_lazy("The center is closed")
    HOLIDAY = "holiday", gettext_lazy("Public holiday")
    NO_APPOINTMENTS = "none", gettext_lazy("No appointments for this category")
    OVER = "over", gettext_lazy("No more half hours today")
    FULL = "full", gettext_lazy("Fully booked")


def appointment_day_state(
    category: Category, day: dt.date, slots: list[tuple[dt.time, int]] | None = None
) -> DayState:
    today = timezone.localdate()
    if day < today:
        return DayState.PAST
    if day > last_booking_day():
        return DayState.TOO_FAR
    if category.appointment_capacity == 0:
        return DayState.NO_APPOINTMENTS
    center = CenterProfile.current()
    if center is None or center.hours_on(day) is None:
        # The opening hours decide (节假日实行值班或预约服务 where the center keeps hours).
        return DayState.HOLIDAY if workdays.holiday_name(day) else DayState.CLOSED
    slots = appointment_slots(category, day) if slots is None else slots
    if not slots:
        return DayState.OVER
    if all(left <= 0 for _time, left in slots):
        return DayState.FULL
    return DayState.OPEN


def next_appointment_day(category: Category, after: dt.date) -> dt.date | None:
    """The first day after `after`, within the booking window, with a place left."""
    day = max(after, timezone.localdate() - dt.timedelta(days=1))
    while (day := day + dt.timedelta(days=1)) <= last_booking_day():
        if appointment_day_state(category, day) == DayState.OPEN:
            return day
    return None


def appointment_slots(category: Category, day: dt.date) -> list[tuple[dt.time, int]]:
    """The half-hour slots of `day` with the places left, on the days the center keeps
    hours (working days, and weekend days with their own hours), within the booking window."""
    today = timezone.localdate()
    if not today <= day <= last_booking_day():
        return []
    center = CenterProfile.current()
    hours = center.hours_on(day) if center else None
    if hours is None or category.appointment_capacity == 0:
        return []
    now = timezone.localtime()
    taken = dict(
        Appointment.objects.filter(category=category, day=day)
        .exclude(status=Appointment.Status.CANCELLED)
        .values_list("slot")
        .annotate(n=Count("pk"))
    )
    slots = []
    start = dt.datetime.combine(day, hours.opens)
    end = dt.datetime.combine(day, hours.closes)
    while start + SLOT <= end:
        at = start.time()
        in_break = hours.break_starts and hours.break_starts <= at < hours.break_ends
        past = day == today and at <= now.time()
        if not in_break and not past:
            slots.append((at, category.appointment_capacity - taken.get(at, 0)))
        start += SLOT
    return slots


def appointment_book(
    *, category: Category, day: dt.date, slot: dt.time, name: str, phone: str
) -> Appointment:
    """预约: book a slot if it is in the future, on an open day, and has a place left."""
    phone = normalize_phone(phone)
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the name of the person who will come."))
    if local_datetime(day, slot) <= timezone.now():
        raise ValidationError(_("Choose a time in the future."))
    if day > last_booking_day():
        raise ValidationError(
            _("Appointments can be made up to %(days)d days ahead.") % {"days": booking_days()},
            code="too_far",
        )
    with transaction.atomic():
        # Lock the category row so two bookings cannot both take the last place.
        Category.objects.select_for_update().get(pk=category.pk)
        same = Appointment.objects.filter(
            category=category,
            day=day,
            slot=slot,
            name=name,
            phone=phone,
            status=Appointment.Status.BOOKED,
        ).first()
        if same is not None:
            # The same person booking the same half hour again (Back + Book): one booking.
            raise AlreadyDone(same)
        places = dict(appointment_slots(category, day))
        if slot not in places:
            raise ValidationError(_("The center does not take appointments at that time."))
        if places[slot] <= 0:
            raise ValidationError(_("That half hour is fully booked; please choose another."))
        # One phone cannot hold a day's places (fake names flooding the bookings).
        held = Appointment.objects.filter(phone=phone, day=day, status=Appointment.Status.BOOKED)
        if held.count() >= settings.BOOKINGS_PER_PHONE_PER_DAY:
            raise ValidationError(
                _("This phone number already has %(count)d bookings on that day; cancel one first.")
                % {"count": settings.BOOKINGS_PER_PHONE_PER_DAY},
                code="limit",
            )
        appointment = Appointment.objects.create(
            category=category, day=day, slot=slot, name=name, phone=phone
        )
    return appointment


def _find_appointment(code: str, last4: str) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("category")
        .filter(code=code.strip().upper())
        .first()
    )
    # Wrong code and wrong phone get the same answer.
    if appointment is None or not appointment.phone_matches(last4.strip()):
        raise ValidationError(_("No booking matches this code and phone number."))
    return appointment


@transaction.atomic
def appointment_cancel(*, code: str, last4: str) -> Appointment:
    appointment = _find_appointment(code, last4)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(
            _("This booking is %(status)s and cannot be cancelled.")
            % {"status": appointment.get_status_display()}
        )
    appointment.status = Appointment.Status.CANCELLED
    save_step(appointment, Appointment.Step.CANCEL)
    return appointment


def appointment_check_in(*, code: str, last4: str) -> Ticket:
    """At the kiosk: from 30 minutes before the slot to its end, the booking gives a ticket
    that is called ahead of walk-ins."""
    with transaction.atomic():
        appointment = _find_appointment(code, last4)
        if appointment.status == Appointment.Status.CHECKED_IN:
            return appointment.ticket
        if appointment.status != Appointment.Status.BOOKED:
            raise ValidationError(
                _("This booking is %(status)s.") % {"status": appointment.get_status_display()}
            )
        now = timezone.now()
        if now < appointment.starts_at - dt.timedelta(minutes=30):
            raise ValidationError(
                _("Too early: check in from 30 minutes before your time (%(time)s).")
                % {"time": timezone.localtime(appointment.starts_at).strftime("%m-%d %H:%M")}
            )
        if now > appointment.starts_at + SLOT:
            raise ValidationError(_("This booking has expired; please take a normal ticket."))
        ticket = ticket_issue(category=appointment.category, appointment=appointment)
        appointment.status = Appointment.Status.CHECKED_IN
        save_step(appointment, Appointment.Step.CHECK_IN)
    return ticket


# A booking code with the phone's last 4 digits cancels or checks in: wrong guesses are
# limited per code (and per client where the client is a resident's own phone), or the
# 10,000 possible digits of a code seen over someone's shoulder are soon tried.
CODE_GUESSES, CODE_WINDOW = 10, 3600
TOO_MANY_CODE_GUESSES = gettext_lazy(
    "Too many wrong tries; try again in an hour or ask at the desk."
)


def code_guesses_left(code: str, address: str = "") -> bool:
    who = [("booking-code", code.strip().upper())] + [("booking-client", address)] * bool(address)
    return all(
        ratelimit.allowed(scope, key, limit=CODE_GUESSES, window=CODE_WINDOW) for scope, key in who
    )


def code_guess_failed(code: str, address: str = "") -> None:
    ratelimit.hit("booking-code", code.strip().upper(), window=CODE_WINDOW)
    if address:
        ratelimit.hit("booking-client", address, window=CODE_WINDOW)
