import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from disclosure.models import Category
from intake import case_views, figures, services
from intake.forms import (
    BookingForm,
    CheckInForm,
    KioskForm,
    PriorityTicketForm,
    SignOnForm,
    SlotQueryForm,
    StatsForm,
    TransferForm,
)
from intake.models import Appointment, Call, CounterSession, Ticket
from servicecenter import exports, ratelimit
from servicecenter.clients import client_ip
from servicecenter.public import public_view
from servicecenter.roles import EVERYONE, MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once

TICKET_SALT = "intake.ticket"


def ticket_url(ticket: Ticket, *, print_now: bool = False, kiosk: bool = False) -> str:
    """The ticket's page; `print_now` prints it on load, `kiosk` then returns to the kiosk."""
    url = reverse("ticket_show", args=[signing.dumps(ticket.pk, salt=TICKET_SALT)])
    if print_now:
        url += "?print=1" + ("&kiosk=1" if kiosk else "")
    return url


def hall_device(view):
    """The kiosk, the printed ticket and the hall display speak Chinese whatever the
    device's browser is set to (the display's voice is a Mandarin one)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override("zh-hans"):
            request.LANGUAGE_CODE = "zh-hans"
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    return wrapped


def first_error(error: ValidationError) -> str:
    return error.messages[0]


# -- kiosk ----------------------------------------------------------------------------------


@public_view
@hall_device
def kiosk(request: HttpRequest) -> HttpResponse:
    """取号: big buttons for the categories open now."""
    desk = services.front_desk()
    error, status = None, 400
    if request.method == "POST":
        form = KioskForm(request.POST)
        category = desk.category(request.POST.get("category", ""))
        if not _kiosk_within_limit(request):
            error, status = _("Too many tickets in a short time; please wait a minute."), 429
        elif not form.is_valid():
            error = next(iter(form.errors.values()))[0]
        elif category is None:
            error = _("This service category does not exist.")
        else:
            error = _kiosk_issue(desk, category, form.cleaned_data["token"])
            if not isinstance(error, str):
                return redirect(ticket_url(error, print_now=True, kiosk=True))
    context = {
        "categories": desk.open_categories(),
        "status": desk.status(),
        "token": signing.dumps(secrets.token_urlsafe(16), salt="intake.kiosk"),
        "error": error,
    }
    response = render(request, "intake/kiosk.html", context, status=status if error else 200)
    if response.status_code == 429:
        response["Retry-After"] = "60"
    return response


def _kiosk_within_limit(request: HttpRequest) -> bool:
    """A flood of tickets from one client is refused; a real kiosk never reaches the limit."""
    limit = settings.KIOSK_TICKETS_PER_MINUTE
    return ratelimit.hit_within("kiosk", client_ip(request), limit=limit, window=60)


def _kiosk_issue(desk: services.FrontDesk, category: Category, token: str) -> Ticket | str:
    """The ticket, or what to tell the resident."""
    if token:
        try:
            # One-time form token: signed, so a tampered one is refused.
            token = signing.loads(token, salt="intake.kiosk", max_age=600)
        except signing.SignatureExpired:
            return _("This page has expired; please tap your choice again.")
        except signing.BadSignature:
            return _("This form was altered; nothing was issued.")
    try:
        return services.ticket_issue(category=category, token=token or None, desk=desk)
    except ValidationError as exc:
        return first_error(exc)


@public_view
@require_POST
@hall_device
def kiosk_check_in(request: HttpRequest) -> HttpResponse:
    """The appointment's code and the phone's last four digits give a ticket."""
    form = CheckInForm(request.POST)
    if form.is_valid():
        # Per code only: the hall's kiosk is one client for every resident who mistypes.
        code = form.cleaned_data["code"]
        if not code_guesses_left(code):
            messages.error(request, TOO_MANY_CODE_GUESSES)
            return redirect("kiosk")
        try:
            ticket = services.appointment_check_in(**form.cleaned_data)
            return redirect(ticket_url(ticket, print_now=True, kiosk=True))
        except ValidationError as exc:
            code_guess_failed(code)
            messages.error(request, first_error(exc))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("kiosk")


@public_view
@hall_device
def ticket_show(request: HttpRequest, token: str) -> HttpResponse:
    """The printed ticket (80 mm receipt): number, category, waiting ahead, estimate, time."""
    try:
        pk = signing.loads(token, salt=TICKET_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    ticket = get_object_or_404(Ticket.objects.select_related("category"), pk=pk)
    ahead, minutes = services.estimated_wait_minutes(ticket)
    return render(
        request, "intake/ticket.html", {"ticket": ticket, "ahead": ahead, "minutes": minutes}
    )


# -- hall display ---------------------------------------------------------------------------


@public_view
@hall_device
def display(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/display.html")


@public_view
@hall_device
def display_data(request: HttpRequest) -> JsonResponse:
    """What the hall display polls every second: cached for a second, shared by all screens."""
    second = timezone.now().strftime("%Y%m%d%H%M%S")
    data = cache.get(f"intake:display:{second}")
    if data is None:
        data = _display_data()
        cache.set(f"intake:display:{second}", data, 5)
    return JsonResponse(data)


def _display_data() -> dict:
    today = timezone.localdate()
    calls = list(
        Call.objects.filter(at__date=today)
        .select_related("ticket", "counter")
        .order_by("-at", "-pk")[:8]
    )
    serving = (
        Ticket.objects.filter(status__in=services.ACTIVE, counter__isnull=False)
        .select_related("counter")
        .order_by("counter__number", "-called_at")
    )
    waiting = (
        Category.objects.filter(counters__is_active=True)
        .distinct()
        # distinct: the join with counters would count a ticket once per counter.
        .annotate(
            waiting=Count("tickets", filter=Q(tickets__status=Ticket.Status.WAITING), distinct=True)
        )
        .values("name", "prefix", "waiting")
    )
    now_at = {}
    for ticket in serving:
        now_at.setdefault(ticket.counter.number, ticket.display_number)
    return {
        "calls": [
            {"id": call.pk, "number": call.ticket.display_number, "counter": call.counter.number}
            for call in calls
        ],
        "counters": [{"counter": n, "number": number} for n, number in sorted(now_at.items())],
        "waiting": list(waiting),
    }


# -- appointments ---------------------------------------------------------------------------

# A booking code with the phone's last 4 digits cancels or checks in: wrong guesses are
# limited per code (and per client where the client is a resident's own phone), or the
# 10,000 possible digits of a code seen over someone's shoulder are soon tried.
CODE_GUESSES, CODE_WINDOW = 10, 3600
TOO_MANY_CODE_GUESSES = _lazy("Too many wrong tries; try again in an hour or ask at the desk.")


def code_guesses_left(code: str, address: str = "") -> bool:
    who = [("booking-code", code.strip().upper())] + [("booking-client", address)] * bool(address)
    return all(
        ratelimit.allowed(scope, key, limit=CODE_GUESSES, window=CODE_WINDOW) for scope, key in who
    )


def code_guess_failed(code: str, address: str = "") -> None:
    ratelimit.hit("booking-code", code.strip().upper(), window=CODE_WINDOW)
    if address:
        ratelimit.hit("booking-client", address, window=CODE_WINDOW)


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
                    action=lambda: services.appointment_book(**form.cleaned_data),
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
    if request.method != "POST":
        form = BookingForm(initial={"day": day, "category": category})
    slots = services.appointment_slots(category, day) if category else []
    context = {
        "form": form,
        "slots": slots,
        "chosen_category": category.pk if category else "",
        "chosen_day": day,
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
        pk = signing.loads(token, salt=BOOKING_SALT, max_age=(services.BOOKING_DAYS + 1) * 86400)
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
        if not code_guesses_left(code, address):
            messages.error(request, TOO_MANY_CODE_GUESSES)
            return redirect("book")
        try:
            services.appointment_cancel(**form.cleaned_data)
            messages.success(request, _("Your booking is cancelled."))
        except ValidationError as exc:
            code_guess_failed(code, address)
            messages.error(request, first_error(exc))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("book")


# -- the clerk's workstation ----------------------------------------------------------------


@role_required(*EVERYONE)
def desk(request: HttpRequest) -> HttpResponse:
    """The workstation: sign on to a counter, call and serve tickets."""
    services.queue_close_past_days()
    session = services.session_for(request.user)
    context = {
        "staff_profile": getattr(request.user, "staff_profile", None),
        "session": session,
        "signon_form": SignOnForm(
            initial={
                "counter": getattr(getattr(request.user, "staff_profile", None), "counter", None)
            }
        ),
        "priority_form": PriorityTicketForm(prefix="priority"),
        "transfer_form": TransferForm(prefix="transfer"),
        "priority_ticket": request.session.get("priority_ticket"),
    }
    if session is not None:
        context.update(_desk_queue(session))
    context.update(case_views.open_cases_for(request.user))
    return render(request, "intake/desk.html", context)


def _desk_queue(session: CounterSession) -> dict:
    waiting = services.waiting_for(session.counter).select_related("category")
    return {
        "current": services.current_ticket(session.counter),
        "waiting": waiting[:12],
        "waiting_count": waiting.count(),
    }


@role_required(*EVERYONE)
def desk_queue(request: HttpRequest) -> HttpResponse:
    """The waiting list, polled by the workstation every few seconds."""
    session = services.session_for(request.user)
    if session is None:
        return HttpResponse(status=204)
    return render(request, "intake/_desk_queue.html", {"session": session, **_desk_queue(session)})


@role_required(*EVERYONE)
@require_POST
def desk_sign_on(request: HttpRequest) -> HttpResponse:
    form = SignOnForm(request.POST)
    if form.is_valid():
        try:
            session = services.session_open(
                clerk=request.user, counter=form.cleaned_data["counter"]
            )
            messages.success(request, _("Signed on at %(counter)s.") % {"counter": session.counter})
        except ValidationError as exc:
            messages.error(request, first_error(exc))
    else:
        messages.error(request, _("Choose a counter."))
    return redirect("desk")


ACTIONS = {
    "call": (None, _("Called %(number)s.")),
    "recall": (services.ticket_recall, _("Called %(number)s again.")),
    "no_show": (services.ticket_no_show, _("%(number)s marked as not come.")),
    "start": (services.ticket_start, _("Serving %(number)s.")),
    "finish": (services.ticket_finish, _("%(number)s finished.")),
    "transfer": (services.ticket_transfer, _("%(number)s transferred.")),
}


@role_required(*EVERYONE)
@require_POST
def desk_action(request: HttpRequest) -> HttpResponse:
    """One button of the workstation; the message says what happened."""
    session = services.session_for(request.user)
    action = request.POST.get("action", "")
    if session is None:
        messages.error(request, _("You are not signed on to a counter."))
        return redirect("desk")
    try:
        if action == "sign_off":
            services.session_close(session=session)
            messages.success(request, _("Signed off."))
        elif action in ("pause", "resume"):
            services.session_pause(session=session, paused=action == "pause")
            messages.success(
                request, _("Counter paused.") if action == "pause" else _("Counter resumed.")
            )
        elif action == "call":
            ticket = services.ticket_call_next(session=session)
            if ticket is None:
                messages.info(request, _("Nobody is waiting."))
            else:
                messages.success(request, ACTIONS["call"][1] % {"number": ticket.display_number})
        elif action in ACTIONS:
            ticket_id = _ticket_id(request)
            extra = {}
            if action == "transfer":
                form = TransferForm(request.POST, prefix="transfer")
                if not form.is_valid():
                    raise ValidationError(_("Choose where to transfer the ticket."))
                extra = {key: value for key, value in form.cleaned_data.items() if value}
            function, done = ACTIONS[action]
            ticket = function(session=session, ticket_id=ticket_id, **extra)
            messages.success(request, done % {"number": ticket.display_number})
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    return redirect("desk")


def _ticket_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("ticket", ""))
    except ValueError:
        raise ValidationError(_("No ticket was chosen.")) from None


@role_required(*EVERYONE)
@require_POST
def desk_priority(request: HttpRequest) -> HttpResponse:
    """绿色通道: staff issue a priority ticket for the elderly, disabled or pregnant."""
    form = PriorityTicketForm(request.POST, prefix="priority")
    if not form.is_valid():
        messages.error(request, _("Choose a category and a reason."))
        return redirect("desk")
    try:
        ticket = services.ticket_issue(
            category=form.cleaned_data["category"], priority=form.cleaned_data["priority"]
        )
    except ValidationError as exc:
        messages.error(request, first_error(exc))
        return redirect("desk")
    messages.success(
        request,
        _("Green-channel ticket %(number)s issued; it is called first.")
        % {"number": ticket.display_number},
    )
    # Back at the workstation, with a link to print the resident's ticket.
    request.session["priority_ticket"] = [ticket.display_number, ticket_url(ticket, print_now=True)]
    return redirect("desk")


# -- figures --------------------------------------------------------------------------------


@role_required(*MANAGERS)
def stats(request: HttpRequest) -> HttpResponse:
    """Waiting and service times of a day, per category, counter and clerk."""
    form = StatsForm(request.GET or None, initial={"day": timezone.localdate()})
    if form.is_bound and not form.is_valid():
        # A bad day shows the message and no figures, not another day's figures.
        return render(request, "intake/stats.html", {"form": form, "tables": {}}, status=400)
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    tables = figures.day_figures(day)
    return render(request, "intake/stats.html", {"form": form, "day": day, "tables": tables})


@role_required(*MANAGERS)
def stats_export(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(" ".join(form.errors["day"]), status=400, content_type="text/plain")
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    sheets = figures.day_sheets(day)
    name = exports.filename("排队统计", "xlsx", last=day)
    return exports.xlsx_response(sheets, name, stream=False)
