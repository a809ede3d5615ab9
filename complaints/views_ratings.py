"""好差评 pages: the resident's rating (from /track/ and at the counter's rating screen),
the supervisors' 整改 list and steps, and the public 好评率 per month."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import ratings
from complaints.models import Rating, Rectification
from complaints.rating_forms import (
    CompleteForm,
    ContactForm,
    RatingForm,
    ScreenPairForm,
    TicketRatingForm,
)
from intake.views.queue import hall_device
from servicecenter.forms import form_errors
from servicecenter.public import public_page, public_view
from servicecenter.roles import MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once

SCREEN_COOKIE_AGE = 5 * 365 * 24 * 3600  # a paired screen stays paired until re-paired


# -- the resident's rating of a case -------------------------------------------------------


@public_view
def rating_case(request: HttpRequest, token: str) -> HttpResponse:
    """The page a /track/ lookup links to: rate the finished case, once."""
    case = ratings.case_from_token(token)
    if case is None:
        return render(request, "complaints/rating_invalid.html", status=404)
    form = RatingForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: ratings.rating_for_case(case=case, **form.cleaned_data),
                url=lambda rating: request.path,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if outcome.repeated:
                messages.info(request, ALREADY_DONE)
            else:
                messages.success(request, _("Thank you for your rating."))
            return redirect(outcome.url)
    context = {
        "case": case,
        "rating": Rating.objects.filter(case=case).first(),
        "ratable": case.stage in ratings.RATABLE_STAGES,
        "form": form,
        "errors": errors,
    }
    return render(request, "complaints/rating_case.html", context, status=400 if errors else 200)


# -- the counter's rating screen -----------------------------------------------------------


@role_required(*MANAGERS)
def rating_screen_pair(request: HttpRequest) -> HttpResponse:
    """A supervisor pairs the tablet at a counter with that counter (a signed cookie)."""
    form = ScreenPairForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        counter = form.cleaned_data["counter"]
        response = redirect("complaints:rating_screen")
        response.set_cookie(
            ratings.SCREEN_COOKIE,
            ratings.screen_token(counter),
            max_age=SCREEN_COOKIE_AGE,
            httponly=True,
            samesite="Strict",
            secure=request.is_secure(),
        )
        done = _("This device is now the rating screen of %(counter)s.") % {"counter": counter}
        messages.success(request, done)
        return response
    return render(request, "complaints/rating_screen_pair.html", {"form": form})


@public_view
@hall_device
def rating_screen(request: HttpRequest) -> HttpResponse:
    """The hall device at a counter: the five ratings for the ticket being served there."""
    counter = ratings.screen_counter(request.COOKIES.get(ratings.SCREEN_COOKIE))
    if counter is None:
        return render(request, "complaints/rating_screen_unpaired.html", status=403)
    ticket = ratings.ticket_being_served(counter)
    form = TicketRatingForm(
        request.POST if request.method == "POST" else None,
        initial={"ticket": ticket.pk if ticket else None},
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            data = form.cleaned_data
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: ratings.rating_for_ticket(
                    counter=counter,
                    ticket_id=data["ticket"],
                    level=data["level"],
                    comment=data["comment"],
                    phone=data["phone"],
                ),
                url=lambda rating: reverse("complaints:rating_screen") + "?thanks=1",
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect(outcome.url)
    context = {
        "counter": counter,
        "ticket": ticket,
        "rated": ticket is not None and Rating.objects.filter(ticket=ticket).exists(),
        "thanks": request.GET.get("thanks") == "1",
        "form": form,
        "errors": errors,
    }
    return render(request, "complaints/rating_screen.html", context, status=400 if errors else 200)


# -- 整改 -------------------------------------------------------------------------------------


@role_required(*MANAGERS)
def rectification_list(request: HttpRequest) -> HttpResponse:
    found = Rectification.objects.visible_to(request.user).select_related(
        "rating__case__item", "rating__ticket", "rating__clerk__staff_profile"
    )
    context = {
        "open": found.open().order_by("contact_due", "done_due", "pk"),
        "overdue": found.overdue().count(),
        "done": found.filter(status=Rectification.Status.DONE).order_by("-done_at")[:20],
        "today": timezone.localdate(),
    }
    return render(request, "complaints/rating_rectifications.html", context)


def _rectification(request: HttpRequest, pk: int) -> Rectification:
    return get_object_or_404(
        Rectification.objects.visible_to(request.user).select_related(
            "rating__case__item", "rating__ticket", "rating__clerk__staff_profile"
        ),
        pk=pk,
    )


@role_required(*MANAGERS)
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = _rectification(request, pk)
    context = {
        "rectification": rectification,
        "rating": rectification.rating,
        "contact_form": ContactForm(),
        "complete_form": CompleteForm(),
        "history": rectification.history.order_by("history_date", "history_id").select_related(
            "history_user"
        ),
    }
    return render(request, "complaints/rating_rectification.html", context)


def _rectification_step(request, pk: int, form_class, run, done: str) -> HttpResponse:
    rectification = _rectification(request, pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: run(rectification, form.cleaned_data),
            url=lambda record: record.get_absolute_url(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(rectification.get_absolute_url())
    messages.info(request, ALREADY_DONE) if outcome.repeated else messages.success(request, done)
    return redirect(outcome.url)


@role_required(*MANAGERS)
@require_POST
def rectification_contact(request: HttpRequest, pk: int) -> HttpResponse:
    def run(rectification: Rectification, data: dict) -> Rectification:
        return ratings.rectification_contact(
            rectification=rectification, note=data["note"], by=request.user
        )

    return _rectification_step(request, pk, ContactForm, run, _("Contact recorded."))


@role_required(*MANAGERS)
@require_POST
def rectification_complete(request: HttpRequest, pk: int) -> HttpResponse:
    def run(rectification: Rectification, data: dict) -> Rectification:
        return ratings.rectification_complete(
            rectification=rectification, action=data["action"], by=request.user
        )

    return _rectification_step(request, pk, CompleteForm, run, _("Rectification recorded."))


# -- public figures ---------------------------------------------------------------------------


@public_page(per="day")
def rating_figures(request: HttpRequest) -> HttpResponse:
    """好评率 per month over the last twelve months: counts only, nobody named."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    months = ratings.monthly(start, today)
    top = max((tally.total for _month, tally in months), default=0) or 1
    rows = [
        {
            "month": month,
            "tally": tally,
            "bar_good": round(100 * tally.good / top),
            "bar_bad": round(100 * tally.bad / top),
        }
        for month, tally in months
    ]
    context = {"rows": rows, "year": ratings.tally(ratings.ratings_between(start, today))}
    return render(request, "complaints/rating_figures.html", context)
