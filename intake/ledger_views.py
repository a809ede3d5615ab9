"""The ledger (台帐), the day's statistics and the lost-property register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import ledger
from intake.case_views import visible_cases
from intake.forms import ClaimForm, HandOverForm, LedgerForm, LostItemForm, StatsForm
from intake.models import LostItem
from servicecenter.forms import form_error, parse_id
from servicecenter.roles import EVERYONE, MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once

PAGE = 50
MAX_PAGE = 10**6  # fifty million cases


def _ledger_cases(request: HttpRequest):
    form = LedgerForm(request.GET or None)
    # The encrypted ID numbers are never shown here; not loading them saves a decryption a row.
    cases = (
        visible_cases(request.user)
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
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, cases = _ledger_cases(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(form.non_field_errors()) or _("Check the filters."), status=400
        )
    name = f"台帐-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            ledger.ledger_csv(cases), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}.csv"
        return response
    return FileResponse(ledger.ledger_xlsx(cases), as_attachment=True, filename=f"{name}.xlsx")


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value)


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
    import tablib

    sheet = tablib.Dataset(
        headers=[
            "事项",
            "受理",
            "即办件",
            "承诺件",
            "代办/协办",
            "办结",
            "按时率%",
            "超期",
            "平均办理天数",
            "满意度",
        ],
        title=f"{day:%Y-%m-%d}",
    )
    for row in stats["rows"]:
        sheet.append(
            [
                row["item"],
                row.get("total", 0),
                row.get("immediate", 0),
                row.get("promised", 0),
                row.get("proxy", 0),
                row.get("completed", 0),
                row.get("on_time_rate"),
                row.get("overdue", 0),
                row.get("handling_days", ""),
                row.get("satisfaction", ""),
            ]
        )
    response = HttpResponse(
        sheet.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="daily-{day:%Y-%m-%d}.xlsx"'
    return response


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
        "kept": LostItem.objects.filter(status=LostItem.Status.KEPT),
        "due": ledger.lost_due_for_hand_over(),
        "days": ledger.LOST_PROPERTY_DAYS,
        "done": LostItem.objects.exclude(status=LostItem.Status.KEPT)[:20],
        "claim_form": ClaimForm(),
        "hand_over_form": HandOverForm(),
    }
    return render(request, "intake/lost.html", context, status=400 if form.errors else 200)


@role_required(*EVERYONE)
@require_POST
def lost_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LostItem, pk=pk)
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
