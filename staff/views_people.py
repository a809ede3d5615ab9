"""Overtime, training and induction, assessment, and each staff member's own page."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from servicecenter.forms import form_error, parse_id
from servicecenter.roles import EVERYONE, MANAGERS, Role, is_manager, role_required, user_roles
from servicecenter.tokens import ALREADY_DONE, submit_once
from staff import assessment as assessments
from staff import attendance, overtime, rota, training
from staff.forms_people import (
    AssessmentChoiceForm,
    AssessmentForm,
    InductionForm,
    MonthForm,
    OvertimeDecisionForm,
    OvertimeRecordForm,
    OvertimeRequestForm,
    TrainingSessionForm,
)
from staff.models import Assessment, Induction, OvertimeRequest, RotaEntry, TrainingSession


def _done(request: HttpRequest, outcome, message: str) -> HttpResponse:
    if outcome.repeated:
        messages.info(request, ALREADY_DONE)
    else:
        messages.success(request, message)
    return redirect(outcome.url)


# -- my page ---------------------------------------------------------------------------------


@role_required(*EVERYONE)
def me(request: HttpRequest) -> HttpResponse:
    """The staff member's own page: overtime, training and induction, assessments, figures."""
    user = request.user
    today = timezone.localdate()
    start, end = assessments.period_bounds(Assessment.Period.MONTH, today)
    monday = rota.week_start(today)
    shifts = {
        entry.date: entry
        for entry in RotaEntry.objects.filter(
            user=user, date__range=(monday, monday + dt.timedelta(days=6))
        ).select_related("shift")
    }
    rows = attendance.month_rows(today, users=[user])
    context = {
        "today": today,
        "month_start": start,
        # This week's rota and this month's attendance (staff.rota, staff.attendance).
        "week": [(day, shifts.get(day)) for day in rota.week_days(monday)],
        "attendance_row": rows[0] if rows else None,
        "overtime_requests": OvertimeRequest.objects.filter(user=user)[:10],
        "overtime_month": sum(overtime.overtime_hours(user, start, end).values()),
        "sessions": TrainingSession.objects.filter(attendees=user, date__year=today.year),
        "training_hours": training.training_hours(user, today.replace(month=1, day=1), end),
        "induction": Induction.objects.filter(user=user).select_related("mentor").first(),
        "mentoring": Induction.objects.filter(mentor=user, completed_at__isnull=True),
        "assessments": Assessment.objects.filter(user=user),
        "figures": assessments.staff_figures(user, start, today),
        "pending": list(overtime.awaiting_decision(user)),
    }
    return render(request, "staff/me.html", context)


# -- overtime --------------------------------------------------------------------------------


@role_required(*EVERYONE)
def overtime_list(request: HttpRequest) -> HttpResponse:
    """Request overtime; one's own requests; for managers, those to decide and the month's
    totals."""
    form = OvertimeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: overtime.overtime_request(user=request.user, **form.cleaned_data),
                url=lambda _request: reverse("overtime_list"),
            )
            return _done(request, outcome, _("Overtime requested; it waits for approval."))
        except ValidationError as error:
            form.add_error(None, error)
    today = timezone.localdate()
    month = MonthForm(request.GET) if "month" in request.GET else None
    shown = month.cleaned_data["month"] if month is not None and month.is_valid() else today
    start, end = assessments.period_bounds(Assessment.Period.MONTH, shown)
    manager = is_manager(request.user)
    context = {
        "month_form": month or MonthForm(initial={"month": f"{today:%Y-%m}"}),
        "form": form,
        "cap_percent": settings.OVERTIME_CAP_PERCENT,
        "own": OvertimeRequest.objects.filter(user=request.user).select_related(
            "decided_by__staff_profile"
        )[:30],
        "pending": overtime.awaiting_decision(request.user),
        "totals": overtime.month_totals(start, end) if manager else [],
        "month_start": start,
        "today": today,
        "decision_form": OvertimeDecisionForm(),
        "record_form": OvertimeRecordForm(),
        "is_director": str(Role.DIRECTOR) in user_roles(request.user),
    }
    status = 400 if form.errors or (month is not None and month.errors) else 200
    return render(request, "staff/overtime_list.html", context, status=status)


@role_required(*EVERYONE)
@require_POST
def overtime_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, refuse or record the hours of one request (who may is the service's rule)."""
    record = get_object_or_404(OvertimeRequest.objects.visible_to(request.user), pk=pk)
    action = request.POST.get("action", "")
    form = (OvertimeRecordForm if action == "record" else OvertimeDecisionForm)(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        data = form.cleaned_data
        if action == "approve":
            step = lambda: overtime.overtime_approve(  # noqa: E731
                request=record, by=request.user, exception_reason=data["reason"]
            )
            message = _("Overtime approved.")
        elif action == "refuse":
            step = lambda: overtime.overtime_refuse(  # noqa: E731
                request=record, by=request.user, reason=data["reason"]
            )
            message = _("Overtime refused.")
        elif action == "record":
            step = lambda: overtime.overtime_record(request=record, by=request.user, **data)  # noqa: E731
            message = _("Hours worked recorded.")
        else:
            raise ValidationError(_("Unknown action."))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=step,
            url=lambda _r: reverse("overtime_list"),
        )
        return _done(request, outcome, message)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("overtime_list")


# -- training and induction ------------------------------------------------------------------


@role_required(*EVERYONE)
def training_list(request: HttpRequest) -> HttpResponse:
    manager = is_manager(request.user)
    sessions = TrainingSession.objects.prefetch_related("attendees__staff_profile")
    if not manager:
        sessions = sessions.filter(attendees=request.user)
    context = {
        "sessions": sessions[:100],
        "inductions": Induction.objects.visible_to(request.user)
        .select_related("user__staff_profile", "mentor__staff_profile")
        .prefetch_related("items"),
        "session_form": TrainingSessionForm() if manager else None,
        "induction_form": InductionForm() if manager else None,
    }
    return render(request, "staff/training_list.html", context)


@role_required(*MANAGERS)
@require_POST
def training_new(request: HttpRequest) -> HttpResponse:
    form = TrainingSessionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: training.training_record(by=request.user, **form.cleaned_data),
            url=lambda _session: reverse("training_list"),
        )
        return _done(request, outcome, _("Training session recorded."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("training_list")


@role_required(*MANAGERS)
@require_POST
def induction_new(request: HttpRequest) -> HttpResponse:
    form = InductionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: training.induction_open(by=request.user, **form.cleaned_data),
            url=lambda induction: reverse("induction_detail", args=[induction.pk]),
        )
        return _done(request, outcome, _("Induction opened with its checklist."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("training_list")


@role_required(*EVERYONE)
def induction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    induction = get_object_or_404(
        Induction.objects.visible_to(request.user).select_related("user", "mentor"), pk=pk
    )
    context = {
        "induction": induction,
        "items": induction.items.select_related("done_by__staff_profile"),
        "may_tick": training.may_tick(request.user, induction),
    }
    return render(request, "staff/training_induction.html", context)


@role_required(*EVERYONE)
@require_POST
def induction_tick(request: HttpRequest, pk: int) -> HttpResponse:
    induction = get_object_or_404(Induction.objects.visible_to(request.user), pk=pk)
    url = reverse("induction_detail", args=[induction.pk])
    try:
        item_id = parse_id(request.POST.get("item"))
        if item_id is None:
            raise ValidationError(_("No such item in this induction."))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: training.induction_tick(
                induction=induction, item_id=item_id, by=request.user
            ),
            url=lambda _item: url,
        )
        return _done(request, outcome, _("Checklist item done."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(url)


# -- assessment ------------------------------------------------------------------------------


@role_required(*EVERYONE)
def assessment_list(request: HttpRequest) -> HttpResponse:
    listed = Assessment.objects.visible_to(request.user).select_related(
        "user__staff_profile", "graded_by__staff_profile", "confirmed_by__staff_profile"
    )
    context = {
        "assessments": listed[:200],
        "choice_form": AssessmentChoiceForm(periods=assessments.periods())
        if is_manager(request.user)
        else None,
    }
    return render(request, "staff/assessment_list.html", context)


@role_required(*MANAGERS)
def assessment_new(request: HttpRequest) -> HttpResponse:
    """Grade a staff member for a period, with their figures beside the form."""
    choice = AssessmentChoiceForm(request.GET or None, periods=assessments.periods())
    if not choice.is_valid():
        status = 400 if choice.is_bound else 200
        return render(request, "staff/assessment_new.html", {"choice": choice}, status=status)
    user, period, day = (choice.cleaned_data[name] for name in ("user", "period", "day"))
    start, end = assessments.period_bounds(period, day)
    existing = Assessment.objects.filter(user=user, period=period, period_start=start).first()
    initial = {"grade": existing.grade, "comments": existing.comments} if existing else None
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: assessments.assessment_grade(
                    user=user, period=period, day=day, by=request.user, **form.cleaned_data
                ),
                url=lambda done: reverse("assessment_detail", args=[done.pk]),
            )
            return _done(request, outcome, _("Assessment saved; the director confirms it."))
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "choice": choice,
        "form": form,
        "subject": user,
        "start": start,
        "end": end,
        "existing": existing,
        "figures": assessments.staff_figures(user, start, end),
    }
    return render(request, "staff/assessment_new.html", context, status=400 if form.errors else 200)


@role_required(*EVERYONE)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "user__staff_profile", "graded_by__staff_profile", "confirmed_by__staff_profile"
        ),
        pk=pk,
    )
    context = {
        "assessment": assessment,
        "figures": assessments.staff_figures(
            assessment.user, assessment.period_start, assessment.period_end
        ),
        "may_confirm": str(Role.DIRECTOR) in user_roles(request.user)
        and not assessment.is_confirmed
        and assessment.user_id != request.user.pk,
    }
    return render(request, "staff/assessment_detail.html", context)


@role_required(*EVERYONE)
@require_POST
def assessment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.visible_to(request.user), pk=pk)
    url = reverse("assessment_detail", args=[assessment.pk])
    try:
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: assessments.assessment_confirm(assessment=assessment, by=request.user),
            url=lambda _done: url,
        )
        return _done(request, outcome, _("Assessment confirmed."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(url)
