"""The queue's pages: the kiosk, the printed ticket, the hall display and the clerk's
workstation."""

import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disclosure.models import Category
from intake import appointments, queue
from intake.consultations import consultation_reminders
from intake.forms import (
    CheckInForm,
    KioskForm,
    PriorityTicketForm,
    SignOnForm,
    TicketForm,
    TransferForm,
)
from intake.models import Call, CounterSession, Ticket
from intake.views.cases import open_cases_for
from servicecenter import ratelimit
from servicecenter.clients import client_ip
from servicecenter.figures import provide
from servicecenter.forms import form_errors
from servicecenter.public import public_view
from servicecenter.roles import EVERYONE, role_required
from staff import attendance

TICKET_SALT = "intake.ticket"
PRIORITY_SALT = "intake.priority"


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
    desk = queue.front_desk()
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
                # Not redirect(): it would first try the address as a URL name to reverse.
                return HttpResponseRedirect(ticket_url(error, print_now=True, kiosk=True))
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


def _kiosk_issue(desk: queue.FrontDesk, category: Category, token: str) -> Ticket | str:
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
        return queue.ticket_issue(category=category, token=token or None, desk=desk)
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
        if not appointments.code_guesses_left(code):
            messages.error(request, appointments.TOO_MANY_CODE_GUESSES)
            return redirect("kiosk")
        try:
            ticket = appointments.appointment_check_in(**form.cleaned_data)
            return redirect(ticket_url(ticket, print_now=True, kiosk=True))
        except ValidationError as exc:
            appointments.code_guess_failed(code)
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
    ahead, minutes = queue.estimated_wait_minutes(ticket)
    return render(
        request, "intake/ticket.html", {"ticket": ticket, "ahead": ahead, "minutes": minutes}
    )


# -- hall display ---------------------------------------------------------------------------


@public_view
@hall_device
def display(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/display.html", {"time_zone": settings.TIME_ZONE})


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
        Ticket.objects.filter(status__in=queue.ACTIVE, counter__isnull=False)
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


# -- the clerk's workstation ----------------------------------------------------------------


@role_required(*EVERYONE)
def desk(request: HttpRequest) -> HttpResponse:
    """The workstation: sign on to a counter, call and serve tickets."""
    queue.queue_close_past_days()
    session = queue.session_for(request.user)
    profile = getattr(request.user, "staff_profile", None)
    categories, counters = queue.desk_choices()
    context = {
        "staff_profile": profile,
        "session": session,
        # The lists are written out in the template: one cached read, not a query a list.
        "categories": categories,
        "counters": counters,
        "priorities": [choice for choice in Ticket.Priority.choices if choice[0]],
        "priority_ticket": request.session.get("priority_ticket"),
        # A double click on 绿色通道 sends this twice: one ticket (as the kiosk's token).
        "priority_token": signing.dumps(secrets.token_urlsafe(16), salt=PRIORITY_SALT),
    }
    if session is None:
        context["signon_form"] = SignOnForm(initial={"counter": getattr(profile, "counter", None)})
    else:
        context.update(_desk_queue(session))
    context.update(open_cases_for(request.user))
    context.update(consultation_reminders(request.user))
    # Reminders lent by the apps above (complaints due soon, overdue 整改, fault records…).
    context["workstation_figures"] = provide("workstation", user=request.user)
    # 签到/签退 for the day, apart from signing on at a counter (staff.attendance).
    context["attendance"] = attendance.today_for(request.user)
    return render(request, "intake/desk.html", context)


def _desk_queue(session: CounterSession) -> dict:
    found = queue.counter_queue(session.counter)
    return {
        "current": found.current,
        "waiting": found.waiting,
        "waiting_count": found.waiting_count,
    }


@role_required(*EVERYONE)
def desk_queue(request: HttpRequest) -> HttpResponse:
    """The waiting list, polled by the workstation every few seconds."""
    session = queue.session_for(request.user)
    if session is None or not _page_is_for(session, request.GET):
        # Signed off, or signed on elsewhere, from another tab: the script reloads the page.
        return HttpResponse(status=409 if "session" in request.GET else 204)
    return HttpResponse(_desk_queue_html(session))


def _page_is_for(session: CounterSession, data) -> bool:
    """Whether the workstation page that sent `data` was made for this counter session: a
    tab left open from an earlier sign-on must not act on (or show) the clerk's new counter.
    Requests without the field (older pages) are taken as the current session's."""
    return data.get("session", str(session.pk)) == str(session.pk)


def _desk_queue_html(session: CounterSession) -> str:
    # A fragment: no request context (the footer's center profile, the navigation's roles).
    return render_to_string("intake/_desk_queue.html", {"session": session, **_desk_queue(session)})


@role_required(*EVERYONE)
@require_POST
def desk_sign_on(request: HttpRequest) -> HttpResponse:
    form = SignOnForm(request.POST)
    if form.is_valid():
        try:
            session = queue.session_open(clerk=request.user, counter=form.cleaned_data["counter"])
            messages.success(request, _("Signed on at %(counter)s.") % {"counter": session.counter})
        except ValidationError as exc:
            messages.error(request, first_error(exc))
    else:
        messages.error(request, _("Choose a counter."))
    return redirect("desk")


def _desk_step(request: HttpRequest, step) -> HttpResponse:
    """Run one workstation step for the clerk's counter session; the message says what
    happened. `step(session)` returns the message (or a `(level, message)` pair, or None) or
    raises ValidationError.

    Sent by the workstation's script (`X-Requested-With: fetch`), the step answers the queue
    panel and its messages as JSON instead of redirecting to the whole page."""
    fetch = request.headers.get("X-Requested-With") == "fetch"
    session = queue.session_for(request.user)
    if session is None or not _page_is_for(session, request.POST):
        if session is None:
            messages.error(request, _("You are not signed on to a counter."))
        else:
            messages.error(
                request,
                _(
                    "This page was opened for an earlier sign-on, so nothing was done. "
                    "It now shows your counter."
                ),
            )
        # The page's buttons belong to a session that has ended: the script reloads it.
        return JsonResponse({"reload": True}, status=409) if fetch else redirect("desk")
    said: list[tuple[int, str]] = []
    try:
        done = step(session)
        if done:
            said.append(done if isinstance(done, tuple) else (messages.SUCCESS, done))
    except ValidationError as exc:
        said += [(messages.ERROR, message) for message in exc.messages]
    if not fetch:
        for level, message in said:
            messages.add_message(request, level, message)
        return redirect("desk")
    # A refused step is a normal answer (200): the panel shows what is true now.
    return JsonResponse(
        {
            "html": _desk_queue_html(session),
            "messages": [
                {"level": messages.DEFAULT_TAGS[level], "text": str(message)}
                for level, message in said
            ],
        }
    )


def _ticket_step(request: HttpRequest, function, done: str, **extra) -> HttpResponse:
    """A step on the current ticket (its id comes with the button)."""
    form = TicketForm(request.POST)

    def step(session: CounterSession) -> str:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        ticket = function(session=session, ticket_id=form.cleaned_data["ticket"], **extra)
        return done % {"number": ticket.display_number}

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_call(request: HttpRequest) -> HttpResponse:
    """叫号: the next ticket for this counter."""

    def step(session: CounterSession) -> str | tuple[int, str]:
        ticket = queue.ticket_call_next(session=session)
        if ticket is None:
            return messages.INFO, _("Nobody is waiting.")
        return _("Called %(number)s.") % {"number": ticket.display_number}

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_recall(request: HttpRequest) -> HttpResponse:
    return _ticket_step(request, queue.ticket_recall, _("Called %(number)s again."))


@role_required(*EVERYONE)
@require_POST
def desk_start(request: HttpRequest) -> HttpResponse:
    return _ticket_step(request, queue.ticket_start, _("Serving %(number)s."))


@role_required(*EVERYONE)
@require_POST
def desk_finish(request: HttpRequest) -> HttpResponse:
    return _ticket_step(request, queue.ticket_finish, _("%(number)s finished."))


@role_required(*EVERYONE)
@require_POST
def desk_no_show(request: HttpRequest) -> HttpResponse:
    return _ticket_step(request, queue.ticket_no_show, _("%(number)s marked as not come."))


@role_required(*EVERYONE)
@require_POST
def desk_transfer(request: HttpRequest) -> HttpResponse:
    """转窗: to another category or another counter."""
    form = TicketForm(request.POST)
    where = TransferForm(request.POST, prefix="transfer")

    def step(session: CounterSession) -> str:
        if not (form.is_valid() & where.is_valid()):
            raise ValidationError(form_errors(form) + form_errors(where))
        target = {key: value for key, value in where.cleaned_data.items() if value}
        if not target:
            raise ValidationError(_("Choose where to transfer the ticket."))
        ticket = queue.ticket_transfer(
            session=session, ticket_id=form.cleaned_data["ticket"], **target
        )
        return _("%(number)s transferred.") % {"number": ticket.display_number}

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_pause(request: HttpRequest) -> HttpResponse:
    def step(session: CounterSession) -> str:
        queue.session_pause(session=session, paused=True)
        return _("Counter paused.")

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_resume(request: HttpRequest) -> HttpResponse:
    def step(session: CounterSession) -> str:
        queue.session_pause(session=session, paused=False)
        return _("Counter resumed.")

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_sign_off(request: HttpRequest) -> HttpResponse:
    def step(session: CounterSession) -> str:
        queue.session_close(session=session)
        return _("Signed off.")

    return _desk_step(request, step)


@role_required(*EVERYONE)
@require_POST
def desk_priority(request: HttpRequest) -> HttpResponse:
    """绿色通道: staff issue a priority ticket for the elderly, disabled or pregnant."""
    form = PriorityTicketForm(request.POST, prefix="priority")
    if not form.is_valid():
        messages.error(request, _("Choose a category and a reason."))
        return redirect("desk")
    token = request.POST.get("priority-token", "")
    try:
        token = signing.loads(token, salt=PRIORITY_SALT) if token else None
    except signing.BadSignature:
        messages.error(request, _("This form was altered; nothing was issued."))
        return redirect("desk")
    try:
        ticket = queue.ticket_issue(
            category=form.cleaned_data["category"],
            priority=form.cleaned_data["priority"],
            token=token,
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
