"""The ledger (台帐), the day's statistics and the queue's figures."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import exports as sheets
from intake import reports
from intake.forms import LedgerForm, StatsForm
from intake.models import Case
from servicecenter import exports
from servicecenter.forms import parse_id
from servicecenter.roles import EVERYONE, MANAGERS, role_required

PAGE = 50
MAX_PAGE = 10**6  # fifty million cases


def _ledger_cases(request: HttpRequest):
    form = LedgerForm(request.GET or None)
    # The encrypted ID numbers are never shown here; not loading them saves a decryption a row.
    cases = (
        Case.objects.visible_to(request.user)
        .with_people()
        .defer("applicant_id_number", "agent_id_number")
        .order_by("-received_at", "-pk")
    )
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
    rows = list(cases[(page - 1) * PAGE : page * PAGE + 1])
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
    sheet = sheets.ledger_sheet(cases)
    if fmt == "csv":
        return exports.csv_response(sheet, name, total=cases.count())
    return exports.xlsx_response([sheet], name, total=cases.count())


@role_required(*MANAGERS)
def daily(request: HttpRequest) -> HttpResponse:
    """每天统计汇总, for reporting upward: printable, with an Excel export."""
    form = StatsForm(request.GET or None, initial={"day": timezone.localdate()})
    if form.is_bound and not form.is_valid():
        return render(request, "intake/daily.html", {"form": form}, status=400)
    day = form.cleaned_data["day"] if form.is_bound else timezone.localdate()
    if request.GET.get("export") == "xlsx":
        return _daily_workbook(day, reports.day_statistics(day))
    return render(
        request,
        "intake/daily.html",
        {"form": form, "day": day, "stats": reports.day_statistics(day)},
    )


def _daily_workbook(day, stats) -> HttpResponse:
    name = exports.filename("每日统计", "xlsx", last=day)
    return exports.xlsx_response([sheets.daily_sheet(day, stats)], name, stream=False)


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
