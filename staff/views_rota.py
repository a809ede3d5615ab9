"""The rota, leave and attendance pages: parse, call the service (staff.rota, staff.leave,
staff.attendance), redirect with a message."""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from weasyprint import HTML

from servicecenter import exports
from servicecenter.models import ExtendedHours
from servicecenter.roles import EVERYONE, MANAGERS, Role, is_manager, role_required, user_roles
from servicecenter.tokens import ALREADY_DONE, submit_once
from staff import attendance, leave, rota
from staff.forms_rota import (
    CorrectionForm,
    DecideForm,
    ExtensionForm,
    LeaveForm,
    MonthForm,
    RotaCellForm,
)
from staff.models import Attendance, AttendanceCorrection, LeaveRequest, Shift


def _once(request: HttpRequest, action: Callable, done: str, url: str) -> HttpResponse:
    """Do a form's work once (servicecenter.tokens), tell what happened, and go to `url`."""
    try:
        outcome = submit_once(
            token=request.POST.get("token", ""), action=action, url=lambda _record: url
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, ALREADY_DONE) if outcome.repeated else messages.success(
            request, done
        )
    return redirect(url)


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _week(request: HttpRequest) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return rota.week_start(day)


def _month(request: HttpRequest) -> dt.date:
    form = MonthForm(request.GET)
    return form.cleaned_data["month"] if form.is_valid() else timezone.localdate().replace(day=1)


# -- the rota --------------------------------------------------------------------------------


@role_required(*EVERYONE)
def rota_week(request: HttpRequest) -> HttpResponse:
    """排班表 of one week: everyone reads, supervisors edit and copy last week."""
    monday = _week(request)
    context = {
        "monday": monday,
        "days": rota.week_days(monday),
        "grid": rota.week_grid(monday),
        "shifts": Shift.objects.filter(is_active=True),
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "may_edit": is_manager(request.user),
    }
    return render(request, "staff/rota_week.html", context)


@role_required(*MANAGERS)
@require_POST
def rota_set_view(request: HttpRequest) -> HttpResponse:
    form = RotaCellForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("rota_week")
    data = form.cleaned_data
    url = reverse("rota_week") + f"?week={rota.week_start(data['date']):%Y-%m-%d}"
    return _once(
        request,
        lambda: rota.rota_set(
            user=data["user"], day=data["date"], shift=data["shift"], by=request.user
        ),
        _("Rota changed."),
        url,
    )


@role_required(*MANAGERS)
@require_POST
def rota_copy(request: HttpRequest) -> HttpResponse:
    try:
        monday = dt.date.fromisoformat(request.POST.get("week", ""))
    except ValueError:
        messages.error(request, _("Choose a week."))
        return redirect("rota_week")
    url = reverse("rota_week") + f"?week={monday:%Y-%m-%d}"
    return _once(
        request,
        lambda: rota.rota_copy_week(monday=monday, by=request.user),
        _("Last week's shifts copied; edit where this week differs."),
        url,
    )


@role_required(*EVERYONE)
def rota_export(request: HttpRequest) -> HttpResponse:
    """The week's rota as Excel (the export helper)."""
    monday = _week(request)
    days = rota.week_days(monday)
    columns = [
        exports.Column(_("Badge"), exports.at(0)),
        exports.Column(_("Name"), exports.at(1)),
    ] + [
        exports.Column(f"{day:%m-%d} {_(day.strftime('%A'))}", exports.at(2 + index))
        for index, day in enumerate(days)
    ]
    rows = [
        [profile.badge_number, profile.name]
        + [str(entry.shift) if entry else _("day off") for entry in cells]
        for profile, cells in rota.week_grid(monday)
    ]
    sheet = exports.Sheet(_("Rota"), columns, rows)
    name = exports.filename("排班表", "xlsx", first=days[0], last=days[-1])
    return exports.xlsx_response([sheet], name, stream=False)


# -- 延长工作时间 ------------------------------------------------------------------------------


@role_required(*MANAGERS)
def extension_list(request: HttpRequest) -> HttpResponse:
    form = ExtensionForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("extension_list")
        return _once(
            request,
            lambda: rota.extension_request(
                day=form.cleaned_data["date"],
                closes=form.cleaned_data["closes"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("Longer hours asked for; a supervisor approves them before the day."),
            reverse("extension_list"),
        )
    extensions = ExtendedHours.objects.select_related("requested_by", "decided_by")[:50]
    return render(request, "staff/rota_extensions.html", {"form": form, "extensions": extensions})


@role_required(*MANAGERS)
@require_POST
def extension_decide(request: HttpRequest) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("extension_list")
    extension = get_object_or_404(ExtendedHours, pk=form.cleaned_data["id"])
    approve = form.cleaned_data["decision"] == "approve"
    return _once(
        request,
        lambda: rota.extension_decide(extension=extension, approve=approve, by=request.user),
        _("Approved: the public pages show the longer hours.") if approve else _("Refused."),
        reverse("extension_list"),
    )


# -- leave -----------------------------------------------------------------------------------


@role_required(*EVERYONE)
def leave_list(request: HttpRequest) -> HttpResponse:
    """My 请假单 and the form for a new one; supervisors also see what awaits them."""
    form = LeaveForm(user=request.user)
    mine = LeaveRequest.objects.filter(user=request.user).select_related(
        "substitute__staff_profile"
    )[:30]
    pending = []
    if is_manager(request.user):
        waiting = (
            LeaveRequest.objects.filter(status=LeaveRequest.Status.REQUESTED)
            .select_related("user__staff_profile", "substitute__staff_profile")
            .prefetch_related("user__groups")
        )
        pending = [request_ for request_ in waiting if leave.may_decide(request_, request.user)]
    year = timezone.localdate().year
    context = {
        "form": form,
        "mine": mine,
        "pending": pending,
        "substituting": LeaveRequest.objects.live()
        .filter(substitute=request.user, end_date__gte=timezone.localdate())
        .select_related("user__staff_profile"),
        "year": year,
        "balance": leave.annual_balance(request.user, year),
        "notice_hours": settings.LEAVE_NOTICE_HOURS,
        "notice_duty_days": settings.LEAVE_NOTICE_DUTY_DAYS,
    }
    return render(request, "staff/leave_list.html", context)


@role_required(*EVERYONE)
@require_POST
def leave_new(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST, user=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("leave_list")
    data = form.cleaned_data
    return _once(
        request,
        lambda: leave.leave_file(user=request.user, **data),
        _("Leave request filed; it counts once a supervisor approves it."),
        reverse("leave_list"),
    )


@role_required(*MANAGERS)
@require_POST
def leave_decide(request: HttpRequest) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("leave_list")
    found = get_object_or_404(
        LeaveRequest.objects.visible_to(request.user), pk=form.cleaned_data["id"]
    )
    approve = form.cleaned_data["decision"] == "approve"
    return _once(
        request,
        lambda: leave.leave_decide(
            request=found, approve=approve, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("Leave approved.") if approve else _("Leave refused."),
        reverse("leave_list"),
    )


@role_required(*EVERYONE)
@require_POST
def leave_withdraw(request: HttpRequest) -> HttpResponse:
    found = get_object_or_404(
        LeaveRequest.objects.filter(user=request.user), pk=request.POST.get("id") or 0
    )
    return _once(
        request,
        lambda: leave.leave_withdraw(request=found, by=request.user),
        _("Leave request withdrawn."),
        reverse("leave_list"),
    )


# -- attendance ------------------------------------------------------------------------------


@role_required(*EVERYONE)
def attendance_mine(request: HttpRequest) -> HttpResponse:
    """My month: each day against the rota, sign-in and sign-out, corrections."""
    month = _month(request)
    rows = attendance.month_rows(month, users=[request.user])
    corrections = AttendanceCorrection.objects.visible_to(request.user)
    pending = []
    if is_manager(request.user):
        pending = (
            AttendanceCorrection.objects.filter(status=AttendanceCorrection.Status.REQUESTED)
            .exclude(user=request.user)
            .select_related("user__staff_profile")
        )
    context = {
        "month": month,
        "row": rows[0] if rows else None,
        "today": timezone.localdate(),
        "record": Attendance.objects.filter(user=request.user, date=timezone.localdate()).first(),
        "entry": attendance.shift_today(request.user, timezone.localdate()),
        "reminder": attendance.sign_in_reminder(request.user),
        "form": CorrectionForm(),
        "corrections": corrections.filter(user=request.user)[:20],
        "pending": pending,
        **_rule_numbers(),
    }
    return render(request, "staff/attendance_mine.html", context)


def _rule_numbers() -> dict:
    return {
        "sign_in_minutes": settings.ATTENDANCE_SIGN_IN_MINUTES,
        "late_limit": settings.ATTENDANCE_LATE_LIMIT,
        "late_period_months": settings.ATTENDANCE_LATE_PERIOD_MONTHS,
    }


def _back(request: HttpRequest) -> str:
    # Back to the workstation when signing in from there.
    return reverse("desk") if request.POST.get("next") == "desk" else reverse("attendance_mine")


@role_required(*EVERYONE)
@require_POST
def attendance_sign_in(request: HttpRequest) -> HttpResponse:
    return _once(
        request,
        lambda: attendance.attendance_sign_in(user=request.user),
        _("Signed in for today (签到)."),
        _back(request),
    )


@role_required(*EVERYONE)
@require_POST
def attendance_sign_out(request: HttpRequest) -> HttpResponse:
    return _once(
        request,
        lambda: attendance.attendance_sign_out(user=request.user),
        _("Signed out for today (签退)."),
        _back(request),
    )


@role_required(*EVERYONE)
@require_POST
def correction_new(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("attendance_mine")
    data = form.cleaned_data
    return _once(
        request,
        lambda: attendance.correction_request(
            user=request.user,
            day=data["date"],
            kind=data["kind"],
            time=data["time"],
            reason=data["reason"],
        ),
        _("Correction asked for; a supervisor approves it."),
        reverse("attendance_mine"),
    )


@role_required(*MANAGERS)
@require_POST
def correction_decide(request: HttpRequest) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("attendance_mine")
    correction = get_object_or_404(AttendanceCorrection, pk=form.cleaned_data["id"])
    approve = form.cleaned_data["decision"] == "approve"
    return _once(
        request,
        lambda: attendance.correction_decide(
            correction=correction, approve=approve, by=request.user
        ),
        _("Correction approved and marked as corrected.") if approve else _("Refused."),
        reverse("attendance_mine"),
    )


# -- the monthly 考勤表 ------------------------------------------------------------------------


def _sheet_context(month: dt.date) -> dict:
    first, last = attendance.month_bounds(month)
    return {
        "month": first,
        "dates": [first + dt.timedelta(days=offset) for offset in range(last.day)],
        "rows": attendance.month_rows(first),
        "leave_kinds": LeaveRequest.Kind,
        "confirmed": attendance.confirmed(first),
        "center_name": getattr(_center(), "name", ""),
        **_rule_numbers(),
    }


def _center():
    from servicecenter.models import CenterProfile

    return CenterProfile.objects.order_by("pk").first()


@role_required(*MANAGERS)
def attendance_sheet(request: HttpRequest) -> HttpResponse:
    context = _sheet_context(_month(request))
    context["may_confirm"] = str(Role.DIRECTOR) in user_roles(request.user)
    return render(request, "staff/attendance_sheet.html", context)


@role_required(*MANAGERS)
def attendance_sheet_pdf(request: HttpRequest) -> HttpResponse:
    """The 考勤表 on A4 landscape (WeasyPrint)."""
    context = _sheet_context(_month(request))
    html = render_to_string("staff/pdf/attendance_sheet.html", context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    name = f"考勤表_{context['month']:%Y-%m}.pdf"
    return exports.attach(response, name)


@role_required(*MANAGERS)
def attendance_sheet_xlsx(request: HttpRequest) -> HttpResponse:
    context = _sheet_context(_month(request))
    dates = context["dates"]
    kinds = list(LeaveRequest.Kind)
    columns = [
        exports.Column(_("Badge"), exports.at(0)),
        exports.Column(_("Name"), exports.at(1)),
    ]
    columns += [
        exports.Column(f"{day.day}", exports.at(2 + index)) for index, day in enumerate(dates)
    ]
    base = 2 + len(dates)
    totals = [
        _("Present"),
        _("Late"),
        _("Early leave"),
        _("Absent"),
        _("On duty"),
        _("Overtime hours"),
    ]
    totals += [kind.label for kind in kinds]
    columns += [
        exports.Column(str(title), exports.at(base + index), exports.Kind.NUMBER)
        for index, title in enumerate(totals)
    ]
    rows = []
    for row in context["rows"]:
        leave_days = row.leave_days()
        rows.append(
            [row.badge, row.name]
            + [day.symbol for day in row.days]
            + [row.present, row.late, row.early, row.absent_total, row.duty, row.overtime]
            + [leave_days.get(kind.value, 0) for kind in kinds]
        )
    sheet = exports.Sheet(_("Attendance"), columns, rows)
    first, last = attendance.month_bounds(context["month"])
    return exports.xlsx_response(
        [sheet], exports.filename("考勤表", "xlsx", first=first, last=last), stream=False
    )


@role_required(Role.DIRECTOR)
@require_POST
def attendance_sheet_confirm(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("attendance_sheet")
    month = form.cleaned_data["month"]
    return _once(
        request,
        lambda: attendance.month_confirm(month=month, by=request.user),
        _("考勤表 confirmed; the month is locked."),
        reverse("attendance_sheet") + f"?month={month:%Y-%m}",
    )
