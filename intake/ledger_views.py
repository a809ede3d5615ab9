"""The ledger (台帐), the day's statistics and the lost-property register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import ledger
from intake.forms import ClaimForm, HandOverForm, LedgerForm, LostItemForm, StatsForm
from intake.models import Case, LostItem
from servicecenter import exports
from servicecenter.forms import form_error, parse_id
from servicecenter.roles import EVERYONE, MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once

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
        cases = ledger.ledger_filter(cases, form.cleaned_data)
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
    sheet = ledger.ledger_sheet(cases)
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
        return _daily_workbook(day, ledger.day_statistics(day))
    return render(
        request,
        "intake/daily.html",
        {"form": form, "day": day, "stats": ledger.day_statistics(day)},
    )


def _daily_workbook(day, stats) -> HttpResponse:
    Column, Kind = exports.Column, exports.Kind

    def get(key, default=None):
        return lambda row: row.get(key, default)

    columns = [
        Column("事项", get("item")),
        Column("受理", get("total", 0), Kind.NUMBER),
        Column("即办件", get("immediate", 0), Kind.NUMBER),
        Column("承诺件", get("promised", 0), Kind.NUMBER),
        Column("代办/协办", get("proxy", 0), Kind.NUMBER),
        Column("办结", get("completed", 0), Kind.NUMBER),
        Column("按时率", get("on_time_rate"), Kind.PERCENT),
        Column("超期", get("overdue", 0), Kind.NUMBER),
        Column("平均办理天数", get("handling_days"), Kind.NUMBER),
        Column("满意度", get("satisfaction"), Kind.NUMBER),
    ]
    sheet = exports.Sheet(f"{day:%Y-%m-%d}", columns, stats["rows"])
    name = exports.filename("每日统计", "xlsx", last=day)
    return exports.xlsx_response([sheet], name, stream=False)


@role_required(*EVERYONE)
def lost_list(request: HttpRequest) -> HttpResponse:
    form = LostItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: ledger.lost_register(clerk=request.user, **form.cleaned_data),
                url=lambda _item: reverse("lost_list"),
            )
            if outcome.repeated:
                messages.info(request, ALREADY_DONE)
            else:
                messages.success(request, _("Found item registered."))
            return redirect(outcome.url)
        except ValidationError as exc:
            form.add_error(None, exc)
    context = {
        "form": form,
        "kept": LostItem.objects.visible_to(request.user).filter(status=LostItem.Status.KEPT),
        "due": ledger.lost_due_for_hand_over().visible_to(request.user),
        "days": ledger.LOST_PROPERTY_DAYS,
        "done": LostItem.objects.visible_to(request.user).exclude(status=LostItem.Status.KEPT)[:20],
        "claim_form": ClaimForm(),
        "hand_over_form": HandOverForm(),
    }
    return render(request, "intake/lost.html", context, status=400 if form.errors else 200)


@role_required(*EVERYONE)
@require_POST
def lost_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LostItem.objects.visible_to(request.user), pk=pk)
    hand_over = request.POST.get("action") == "hand_over"
    form = HandOverForm(request.POST) if hand_over else ClaimForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        if hand_over:
            step, done = (
                lambda: ledger.lost_hand_over(item=item, **form.cleaned_data),
                _("Handed over."),
            )
        else:
            step, done = (
                lambda: ledger.lost_claim(item=item, **form.cleaned_data),
                _("Claimed; identity checked and recorded (masked)."),
            )
        outcome = submit_once(
            token=request.POST.get("token", ""), action=step, url=lambda _i: reverse("lost_list")
        )
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("lost_list")
