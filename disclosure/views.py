import datetime as dt

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from disclosure.models import Fee, Notice, PublishedResult, Rule, ServiceItem
from servicecenter import workdays
from servicecenter.figures import provide
from servicecenter.models import CenterProfile
from servicecenter.public import public_page
from servicecenter.qr import qr_svg
from staff import rota


@public_page(per="minute")
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.localtime()
    today = now.date()
    tomorrow = today + dt.timedelta(days=1)
    center = CenterProfile.current()
    known = workdays.overrides()
    context = {
        "status": center.status_at(now, known) if center else None,
        "tomorrow": tomorrow,
        "tomorrow_holiday": workdays.holiday_name(tomorrow),
        "tomorrow_is_makeup": workdays.is_makeup_workday(tomorrow, known),
        "tomorrow_closed": center is not None and center.hours_on(tomorrow, known) is None,
        # What the page promises for weekends follows the hours the center keeps.
        "weekend_hours": center is not None
        and any(hours.weekday >= 5 for hours in center.opening_hours.all()),
        "special_hours": center.special_hours_ahead(known) if center else [],
        "notices": Notice.objects.current(today),
    }
    return render(request, "disclosure/home.html", context)


@public_page()
def guide_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:40]
    items = ServiceItem.objects.published().search(query).select_related("category")
    return render(request, "disclosure/guide_list.html", {"items": items, "query": query})


@public_page()
def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    items = ServiceItem.objects.published().select_related("category")
    item = get_object_or_404(
        items.prefetch_related("materials", "steps", "fees", "counters"), code=code
    )
    url = request.build_absolute_uri(item.get_absolute_url())
    qr = qr_svg(url, box_size=8, border=2)
    return render(
        request,
        "disclosure/guide_detail.html",
        {"item": item, "page_url": url, "qr_svg": mark_safe(qr)},
    )


@public_page()
def board(request: HttpRequest) -> HttpResponse:
    """挂牌上岗: who is on duty today, at which counter: the rota, minus approved leave,
    plus the substitutes named on it (staff.rota.on_duty)."""
    today = timezone.localdate()
    staff = [
        person
        for person in rota.on_duty(today)
        if person.profile.is_public and person.profile.user.is_active
    ]
    return render(request, "disclosure/board.html", {"staff": staff, "today": today})


@public_page()
def fees(request: HttpRequest) -> HttpResponse:
    """收费公开: every charged item with amount and basis, and the free ones."""
    items = (
        ServiceItem.objects.published()
        .select_related("category")
        .prefetch_related(Prefetch("fees", queryset=Fee.objects.order_by("pk")))
        .annotate(fee_count=Count("fees"))
    )
    charged = [item for item in items if item.fee_count]
    free = [item for item in items if not item.fee_count]
    return render(request, "disclosure/fees.html", {"charged": charged, "free": free})


@public_page()
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = Rule.objects.filter(is_published=True)
    return render(request, "disclosure/rule_list.html", {"rules": rules})


@public_page()
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    rule = get_object_or_404(Rule, code=code, is_published=True)
    return render(request, "disclosure/rule_detail.html", {"rule": rule})


@public_page()
def supervision(request: HttpRequest) -> HttpResponse:
    """监督措施公开: where to complain and who supervises."""
    rules = Rule.objects.filter(is_published=True, code__in=["tousu-shouli", "banshi-gongkai"])
    # The reply time is the center's setting (投诉受理制度), not a fixed sentence.
    context = {"rules": rules, "reply_days": settings.COMPLAINT_REPLY_DAYS}
    return render(request, "disclosure/supervision.html", context)


@public_page(per="minute")
def results(request: HttpRequest) -> HttpResponse:
    """办理结果公开: completed cases of the last 30 days and this month's figures."""
    today = timezone.localdate()
    recent = PublishedResult.objects.filter(
        completed_on__gt=today - dt.timedelta(days=30)
    ).select_related("item")
    # This month's figures as the reports define them (the front desk lends them through
    # servicecenter.figures): the same count of completed cases and the same on-time rule.
    month = {
        figure.key: figure.value
        for figure in provide("period", start=today.replace(day=1), end=today)
        if figure.key in ("cases_completed", "cases_on_time_rate")
    }
    return render(
        request,
        "disclosure/results.html",
        {
            "results": recent[:500],
            "completed": month.get("cases_completed"),
            "on_time_rate": month.get("cases_on_time_rate"),
            "today": today,
        },
    )
