"""The ledger (台帐), the day's statistics and the queue's figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import exports as sheets
from intake import reports
from intake.forms import DayAmendForm, LedgerForm, PeriodForm, StatsForm
from intake.models import Case, DayReport
from servicecenter import exports
from servicecenter.forms import form_error, parse_id
from servicecenter.roles import EVERYONE, MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once

PAGE = 50
MAX_PAGE = 10**6  # fifty million cases


def _ledger_cases(request: HttpRequest):
    form = LedgerForm(request.GET or None)
    # The page and the exports read plain values (never the encrypted ID numbers).
    cases = Case.objects.visible_to(request.user).order_by("-received_at", "-pk")
    if form.is_bound and form.is_valid():
        cases = reports.ledger_filter(cases, form.cleaned_data)
    return form, cases


@role_required(*EVERYONE)
def ledger_list(request: HttpRequest) -> HttpResponse:
    """Every case with filters; pages of 50 without counting a million rows."""
    form, cases = _ledger_cases(request)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "cases": [], "page": 1, "query": ""}
        return render(request, "intake/ledger.html", context, status=400)
    page = parse_id(request.GET.get("page", 1)) or 1
    if page > MAX_PAGE:
        # Past any real ledger; an offset this large overflows the database's integers.
        raise Http404(_("There is no such page."))
    rows = reports.ledger_rows(cases, (page - 1) * PAGE, page * PAGE + 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "cases": rows[:PAGE],
        "page": page,
        "has_next": len(rows) > PAGE,
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "intake/ledger.html", context)


@role_required(*EVERYONE)
def ledger_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered ledger as CSV or Excel, streamed; X-Total-Rows lets the page show
    progress (one COUNT of the same filtered rows)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, cases = _ledger_cases(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(form.non_field_errors()) or _("Check the filters."), status=400
        )
    data = form.cleaned_data if form.is_bound else {}
    # 台帐_2026-01-01_2026-12-31.csv; without a first day: 台帐截至_<last day>.csv
    what = "台帐" if data.get("date_from") else "台帐截至"
    name = exports.filename(what, fmt, first=data.get("date_from"), last=data.get("date_to"))
    sheet = sheets.ledger_sheet(cases, times_as_text=fmt == "csv")
    if fmt == "csv":
        return exports.csv_response(sheet, name, total=cases.count())
    return exports.xlsx_response([sheet], name, total=cases.count())


@role_required(*MANAGERS)
def daily(request: HttpRequest) -> HttpResponse:
    """每天统计汇总, for reporting upward: printable, with an Excel export. A submitted day
    shows its figures as submitted (and amended), the live ones only to compare."""
    form = StatsForm(request.GET or None, initial={"day": timezone.localdate()})
    if form.is_bound and not form.is_valid():
        return render(request, "intake/daily.html", {"form": form}, status=400)
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    submitted = (
        DayReport.objects.filter(day=day).select_related("submitted_by__staff_profile").first()
    )
    live = reports.day_report(day)
    figures = submitted.current_figures if submitted else live
    if request.GET.get("export") == "xlsx":
        return _daily_workbook(day, figures)
    context = {
        "form": form,
        "day": day,
        "figures": _shown(figures),
        "submitted": submitted,
        "amendments": [
            (amendment, reports.described(amendment.changes, amendment.figures))
            for amendment in submitted.amendments.select_related("by__staff_profile")
        ]
        if submitted
        else [],
        "changed": reports.figures_changed(figures, live) if submitted else {},
        "changed_described": reports.described(reports.figures_changed(figures, live), live)
        if submitted
        else [],
        "amend_form": DayAmendForm(),
    }
    return render(request, "intake/daily.html", context)


def _shown(figures: dict) -> dict:
    """The figures with bar lengths for the chart (not frozen: drawn when shown)."""
    return {**figures, "rows": reports.with_bars(figures["rows"], "received")}


def _daily_workbook(day, figures) -> HttpResponse:
    name = exports.filename("每日统计", "xlsx", last=day)
    sheet_list = [
        sheets.report_rows_sheet(f"{day:%Y-%m-%d}", figures),
        sheets.report_lines_sheet(figures),
    ]
    return exports.xlsx_response(sheet_list, name, stream=False)


def _day_step(request: HttpRequest, run, done: str) -> HttpResponse:
    form = StatsForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error(form))
        return redirect("daily")
    day = form.cleaned_data["day"]
    try:
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: run(day),
            url=lambda _r: f"{reverse('daily')}?day={day:%Y-%m-%d}",
        )
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
        return redirect(outcome.url)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('daily')}?day={day:%Y-%m-%d}")


@role_required(*MANAGERS)
@require_POST
def daily_submit(request: HttpRequest) -> HttpResponse:
    """上报: the day's figures frozen as submitted, by whom and when."""
    return _day_step(
        request,
        lambda day: reports.day_submit(day=day, by=request.user),
        _("Day submitted; its figures are frozen."),
    )


@role_required(*MANAGERS)
@require_POST
def daily_amend(request: HttpRequest) -> HttpResponse:
    """A recorded correction of a submitted day (never an edit)."""
    reason = DayAmendForm(request.POST)
    if not reason.is_valid():
        messages.error(request, form_error(reason))
        return redirect(f"{reverse('daily')}?day={request.POST.get('day', '')}")
    return _day_step(
        request,
        lambda day: reports.day_amend(
            day=day, by=request.user, reason=reason.cleaned_data["reason"]
        ),
        _("Amendment recorded."),
    )


@role_required(*MANAGERS)
def period(request: HttpRequest) -> HttpResponse:
    """The monthly and quarterly reports: the daily report's figures over the period, a
    chart per day (month) or per month (quarter), and Excel."""
    form = PeriodForm(request.GET)  # bound even when empty: this month by default
    if not form.is_valid():
        return render(request, "intake/period.html", {"form": form}, status=400)
    start, end, name = form.cleaned_data["period"]
    figures = reports.period_report(start, end)
    if request.GET.get("export") == "xlsx":
        workbook = [
            sheets.report_lines_sheet(figures),
            sheets.report_rows_sheet(_("By service"), figures),
            sheets.report_series_sheet(figures),
        ]
        filename = exports.filename("统计报表", "xlsx", first=start, last=end)
        return exports.xlsx_response(workbook, filename, stream=False)
    context = {
        "form": form,
        "period": name,
        "start": start,
        "end": end,
        "figures": {
            **_shown(figures),
            "series": reports.with_bars(figures["series"], "received", "completed"),
        },
    }
    return render(request, "intake/period.html", context)


@role_required(*MANAGERS)
def stats(request: HttpRequest) -> HttpResponse:
    """Waiting and service times of a day, per category, counter and clerk."""
    form = StatsForm(request.GET or None, initial={"day": timezone.localdate()})
    if form.is_bound and not form.is_valid():
        # A bad day shows the message and no figures, not another day's figures.
        return render(request, "intake/stats.html", {"form": form, "tables": {}}, status=400)
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    tables = reports.day_figures(day)
    return render(request, "intake/stats.html", {"form": form, "day": day, "tables": tables})


@role_required(*MANAGERS)
def stats_export(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(" ".join(form.errors["day"]), status=400, content_type="text/plain")
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    tables = sheets.day_sheets(day)
    name = exports.filename("排队统计", "xlsx", last=day)
    return exports.xlsx_response(tables, name, stream=False)
