"""Booking an appointment (预约) and cancelling it."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import appointments
from intake.forms import (
    BookingForm,
    CheckInForm,
    SlotQueryForm,
)
from intake.models import Appointment
from intake.views.queue import first_error
from servicecenter import ratelimit, workdays
from servicecenter.clients import client_ip
from servicecenter.public import public_view
from servicecenter.tokens import ALREADY_DONE, submit_once

BOOKING_SALT = "intake.booking"


def booking_url(appointment: Appointment) -> str:
    """The confirmation page of a booking: signed, so nobody reads another's by guessing."""
    return reverse("book_done", args=[signing.dumps(appointment.pk, salt=BOOKING_SALT)])


@public_view
def book(request: HttpRequest) -> HttpResponse:
    """预约: choose a category, day and half hour; get a booking code.

    POST → redirect → GET: the code is shown on its own page, so a refresh does not book
    again, and the form's one-time token makes Back + Book lead to the same booking."""
    status = 200
    if request.method == "POST":
        form = BookingForm(request.POST)
        address = client_ip(request)
        limit = settings.BOOKINGS_PER_CLIENT_PER_HOUR
        if not ratelimit.allowed("book", address, limit=limit, window=3600):
            form.add_error(None, _("Too many bookings from this device; try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                outcome = submit_once(
                    token=request.POST.get("token", ""),
                    action=lambda: appointments.appointment_book(**form.cleaned_data),
                    url=booking_url,
                )
                if outcome.repeated:
                    messages.info(request, ALREADY_DONE)
                else:
                    ratelimit.hit("book", address, window=3600)
                return redirect(outcome.url)
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 429 if exc.code == "limit" else status
    # The slots shown follow the category and day chosen so far (only those two are sent
    # by GET: the name and phone never go into an address or a log).
    chosen = SlotQueryForm(request.POST or request.GET or None)
    if chosen.is_valid():
        category, day = chosen.cleaned_data["category"], chosen.cleaned_data["day"]
    else:
        category, day = BookingForm.base_fields["category"].queryset.first(), timezone.localdate()
        # Nothing chosen yet: the first day with a place left, not a closed today.
        opens_today = appointments.appointment_day_state(category, day) if category else None
        if opens_today not in (None, appointments.DayState.OPEN):
            day = appointments.next_appointment_day(category, day) or day
    if request.method != "POST":
        form = BookingForm(initial={"day": day, "category": category})
    slots = appointments.appointment_slots(category, day) if category else []
    state = appointments.appointment_day_state(category, day, slots) if category else None
    context = {
        "form": form,
        "slots": slots,
        "chosen_category": category,
        "chosen_day": day,
        "state": state,
        # Where the day has nothing to book, the page says why and offers the next day.
        "next_day": (
            appointments.next_appointment_day(category, day)
            if state not in (None, appointments.DayState.OPEN)
            else None
        ),
        "holiday": workdays.holiday_name(day),
        "days_ahead": appointments.booking_days(),
        "today": timezone.localdate(),
        "last_day": appointments.last_booking_day(),
    }
    if status == 200 and form.errors:
        status = 400
    response = render(request, "intake/book.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "3600"
    return response


@public_view
def book_done(request: HttpRequest, token: str) -> HttpResponse:
    """The booking's code and time; reading it again books nothing."""
    try:
        # A booking's page outlives its day.
        max_age = (appointments.booking_days() + 1) * 86400
        pk = signing.loads(token, salt=BOOKING_SALT, max_age=max_age)
    except signing.BadSignature:
        raise Http404 from None
    appointment = get_object_or_404(Appointment.objects.select_related("category"), pk=pk)
    return render(request, "intake/book.html", {"appointment": appointment})


@public_view
@require_POST
def book_cancel(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if form.is_valid():
        code, address = form.cleaned_data["code"], client_ip(request)
        if not appointments.code_guesses_left(code, address):
            messages.error(request, appointments.TOO_MANY_CODE_GUESSES)
            return redirect("book")
        try:
            appointments.appointment_cancel(**form.cleaned_data)
            messages.success(request, _("Your booking is cancelled."))
        except ValidationError as exc:
            appointments.code_guess_failed(code, address)
            messages.error(request, first_error(exc))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("book")
