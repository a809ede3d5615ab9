"""The clerk's case pages: register (受理登记), the case with its steps, the printouts."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disclosure.models import ServiceItem
from intake import cases, printouts
from intake.forms import (
    ID_NUMBER_AS_TYPED,
    CaseForm,
    CaseHandOverForm,
    ExtendForm,
    NoticeLedgerForm,
    ReplyForm,
    StepReasonForm,
    SupplementForm,
)
from intake.models import Case, CaseNotice, Ticket
from intake.track import case_track, track_allowed, track_failed
from servicecenter.clients import client_ip
from servicecenter.dates import local_datetime
from servicecenter.figures import provide
from servicecenter.forms import form_errors, parse_id
from servicecenter.models import CenterProfile
from servicecenter.personal import lookup_hash, mask_phone, normalize_id_number
from servicecenter.public import public_view
from servicecenter.qr import qr_data_uri
from servicecenter.roles import EVERYONE, is_manager, role_required
from servicecenter.tokens import ALREADY_DONE, AlreadyDone, submit_once
from servicecenter.workdays import add_working_days
from staff.names import name_and_badge


def open_cases_for(user, limit: int = 20) -> dict:
    """The workstation's list: the most urgent open cases first (by due date, so the overdue
    lead), at most `limit` of them, with how many are open, overdue and due within 2 working
    days, and where the ledger lists them all."""
    today = timezone.localdate()
    # 承诺时限 are working days, so "soon" is too: on a Friday, next Tuesday is 2 away.
    soon = add_working_days(today, 2)
    visible = Case.objects.visible_to(user)
    open_cases = visible.open()
    totals = open_cases.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
    )
    # Only what the table shows: no applicant's encrypted ID number to decrypt a row.
    shown = ("number", "stage", "due_date", "completed_at", "item__name")
    ledger = reverse("ledger")
    return {
        "cases": open_cases.select_related("item").only(*shown).order_by("due_date", "pk")[:limit],
        "open_count": totals["open"],
        # A manager sees every clerk's open cases here, so the whole ledger's; a clerk their own.
        "open_cases_url": f"{ledger}?open=on" + ("" if is_manager(user) else f"&clerk={user.pk}"),
        "overdue": totals["overdue"],
        "due_soon": totals["due_soon"],
        "today": today,
        # 办结待告知: completed but not replied to stay in sight until the applicant is told.
        "awaiting_reply": visible.awaiting_reply()
        .select_related("item")
        .only(*shown)
        .order_by("completed_at")[:limit],
        "repeat_notices": CaseNotice.objects.visible_to(user)
        .filter(is_repeat=True)
        .select_related("item")[:10]
        if is_manager(user)
        else [],
    }


NOTICE_PAGE = 50
APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "agent_name",
    "agent_id_number",
    "agent_phone",
)


@role_required(*EVERYONE)
def case_new(request: HttpRequest) -> HttpResponse:
    """受理登记: choose the service, tick the materials handed in, then one of
    一次性告知 / 告知承办单位 / 不予受理 / 受理. From a one-time notice (`notice=`), the
    applicant is back with the missing materials: the form comes filled in from it."""
    items = ServiceItem.objects.published().select_related("category")
    notice = None
    serial = request.GET.get("notice") or request.POST.get("notice")
    if serial:
        notice = get_object_or_404(
            CaseNotice.objects.visible_to(request.user).select_related("item"),
            serial=serial[:20],
            kind=CaseNotice.Kind.MISSING,
        )
        if not notice.can_be_accepted:
            messages.info(request, _("A case was already accepted from this notice."))
            return redirect("notice_detail", serial=notice.serial)
        item = notice.item
    else:
        code = request.POST.get("item") or request.GET.get("item") or ""
        item = items.filter(code=code[:50]).first()
    ticket_value = request.GET.get("ticket") or request.POST.get("ticket")
    ticket = None
    if ticket_value:
        ticket_id = parse_id(ticket_value)
        ticket = Ticket.objects.filter(pk=ticket_id).first() if ticket_id else None
        if ticket is None:
            return render(
                request,
                "intake/case_new.html",
                {"items": items, "error": _("No such ticket; register from a called ticket.")},
                status=400,
            )
    form = None
    if item is not None:
        # The service was chosen (or changed) in the form: show its materials and keep what
        # was typed, without judging a form not yet sent.
        choosing = request.method == "POST" and request.POST.get("action") == "choose"
        if request.method == "POST" and not choosing:
            form = CaseForm(item, request.POST)
            if form.is_valid():
                try:
                    return _register(request, item, form, ticket, notice)
                except ValidationError as exc:
                    _add_errors(form, exc)
        else:
            initial = {name: request.POST.get(name, "") for name in APPLICANT_FIELDS}
            if notice is not None:
                # Everything the notice knows; the ID number is typed again (it keeps a hash).
                initial["applicant_name"] = notice.applicant_name
                initial["received"] = [m.pk for m in item.materials.all()]
            form = CaseForm(item, initial=initial)
    context = {
        "items": items,
        "item": item,
        "form": form,
        "ticket": ticket,
        "notice": notice,
        # 首问负责制: the ticket's cases so far, so a second one is a deliberate choice.
        "ticket_cases": list(ticket.cases.select_related("item").order_by("received_at"))
        if ticket
        else [],
    }
    return render(
        request, "intake/case_new.html", context, status=400 if form and form.errors else 200
    )


def _register(
    request: HttpRequest, item: ServiceItem, form: CaseForm, ticket, notice: CaseNotice | None
) -> HttpResponse:
    data = form.cleaned_data
    applicant = form.applicant()
    received = list(data["received"])
    action = request.POST.get("action")
    if action not in ("accept", "notice", "referral", "refusal"):
        raise ValidationError(_("Unknown action."))
    missing = cases.missing_materials(item, {m.pk for m in received})

    def issue() -> CaseNotice:
        if action == "referral":
            return cases.referral_issue(item=item, applicant=applicant, clerk=request.user)
        if action == "refusal":
            refusal = (data["refusal_reason"], data["refusal_basis"])
            again = cases.recent_registration(
                item=item, applicant=applicant, clerk=request.user, refusal=refusal
            )
            if again is not None:
                raise AlreadyDone(again)
            return cases.refusal_issue(
                item=item,
                applicant=applicant,
                reason=data["refusal_reason"],
                basis=data["refusal_basis"],
                clerk=request.user,
            )
        # Back + resubmit reloads the form with a fresh token: the same notice again.
        again = cases.recent_registration(
            item=item, applicant=applicant, clerk=request.user, missing=missing
        )
        if again is not None:
            raise AlreadyDone(again)
        return cases.notice_issue(
            item=item, applicant=applicant, missing=missing, clerk=request.user
        )

    def accept() -> Case:
        if not data["another"]:
            try:
                again = cases.recent_registration(
                    item=item, applicant=applicant, clerk=request.user
                )
            except ValidationError:
                again = None  # case_accept names every problem at once
            if again is not None:
                raise AlreadyDone(again)
        return cases.case_accept(
            item=item,
            applicant=applicant,
            received=received,
            mode=data["mode"],
            clerk=request.user,
            ticket=ticket,
            another=data["another"],
            notice=notice,
        )

    outcome = submit_once(
        token=request.POST.get("token", ""),
        action=accept if action == "accept" else issue,
        url=_registration_url,
    )
    record = outcome.record
    if record is None:
        messages.info(request, ALREADY_DONE)
    elif isinstance(record, Case):
        messages.success(
            request, _("Case %(number)s received; print the receipt.") % {"number": record.number}
        )
    elif record.kind == CaseNotice.Kind.REFERRAL:
        messages.success(
            request, _("Referral notice %(serial)s issued.") % {"serial": record.serial}
        )
    elif record.kind == CaseNotice.Kind.REFUSAL:
        messages.success(
            request,
            _("Notice of non-acceptance %(serial)s issued: print both copies.")
            % {"serial": record.serial},
        )
    else:
        if record.is_repeat:
            messages.warning(
                request,
                _(
                    "This applicant was already told about this service within 30 days; "
                    "the supervisor will see it."
                ),
            )
        messages.success(
            request,
            _("One-time notice %(serial)s issued: print both copies.") % {"serial": record.serial},
        )
    return redirect(outcome.url)


def _registration_url(record: Case | CaseNotice) -> str:
    if isinstance(record, Case):
        return record.get_absolute_url()
    return reverse("notice_detail", args=[record.serial])


def _add_errors(form: CaseForm, exc: ValidationError) -> None:
    names = {
        "name": "applicant_name",
        "id_number": "applicant_id_number",
        "phone": "applicant_phone",
    }
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(names.get(field, field if field in form.fields else None), error)
    else:
        form.add_error(None, exc)


@role_required(*EVERYONE)
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.visible_to(request.user).with_people(), number=number)
    history = case.history.select_related("history_user__staff_profile").order_by("history_date")
    context = {
        "case": case,
        "materials": case.materials.all(),
        "history": history,
        "reply_form": ReplyForm(),
        "reason_form": StepReasonForm(),
        "extend_form": ExtendForm(auto_id="%s"),
        "supplement_form": SupplementForm(),
        "extensions": case.extensions.select_related("approved_by__staff_profile"),
        "supplements": case.supplements.select_related("asked_by__staff_profile"),
        "sms_messages": case.sms_messages.all(),
        "clerks": get_user_model()
        .objects.filter(is_active=True, staff_profile__isnull=False)
        .exclude(pk=case.handler_id)
        .select_related("staff_profile"),
        "steps": case.steps_for(request.user),
    }
    return render(request, "intake/case_detail.html", context)


def _case_step(request: HttpRequest, number: str, form_class, run, done: str) -> HttpResponse:
    """One step of the case: `run(case, data)` with the form's cleaned data. An impossible
    step is refused with a message, all of a form's errors at once, and the same form sent
    twice (a double-click) does the step once and says so calmly."""
    case = get_object_or_404(Case.objects.visible_to(request.user).with_people(), number=number)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form_errors(form))
        data = form.cleaned_data if form is not None else {}
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: run(case, data),
            url=lambda c: c.get_absolute_url(),
        )
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("case_detail", number=number)


@role_required(*EVERYONE)
@require_POST
def case_start(request: HttpRequest, number: str) -> HttpResponse:
    """办理."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_start(case=case)

    return _case_step(request, number, None, run, _("Handling started."))


@role_required(*EVERYONE)
@require_POST
def case_complete(request: HttpRequest, number: str) -> HttpResponse:
    """办结."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_complete(case=case)

    return _case_step(request, number, None, run, _("Case completed; tell the applicant."))


@role_required(*EVERYONE)
@require_POST
def case_reply(request: HttpRequest, number: str) -> HttpResponse:
    """回复."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_reply(case=case, **data)

    return _case_step(request, number, ReplyForm, run, _("The reply is recorded."))


@role_required(*EVERYONE)
@require_POST
def case_archive(request: HttpRequest, number: str) -> HttpResponse:
    """归档."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_archive(case=case)

    return _case_step(request, number, None, run, _("Case archived."))


@role_required(*EVERYONE)
@require_POST
def case_supplement(request: HttpRequest, number: str) -> HttpResponse:
    """补正."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_supplement(case=case, materials=data["materials"], asked_by=request.user)

    return _case_step(request, number, SupplementForm, run, _("Materials supplemented."))


@role_required(*EVERYONE)
@require_POST
def case_suspend(request: HttpRequest, number: str) -> HttpResponse:
    """中止."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_suspend(case=case, reason=data["reason"])

    return _case_step(request, number, StepReasonForm, run, _("Case suspended."))


@role_required(*EVERYONE)
@require_POST
def case_resume(request: HttpRequest, number: str) -> HttpResponse:
    """恢复办理."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_resume(case=case, reason=data["reason"])

    return _case_step(request, number, StepReasonForm, run, _("Case resumed."))


@role_required(*EVERYONE)
@require_POST
def case_extend(request: HttpRequest, number: str) -> HttpResponse:
    """延期."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_extend(case=case, approved_by=request.user, **data)

    return _case_step(
        request, number, ExtendForm, run, _("Extension approved; tell the applicant the new date.")
    )


@role_required(*EVERYONE)
@require_POST
def case_hand_over(request: HttpRequest, number: str) -> HttpResponse:
    """移交承办."""

    def run(case: Case, data: dict) -> Case:
        return cases.case_hand_over(case=case, to=data["to"], reason=data["reason"])

    return _case_step(
        request,
        number,
        CaseHandOverForm,
        run,
        _("Case handed over; you stay its first-asked clerk."),
    )


@role_required(*EVERYONE)
def case_receipt(request: HttpRequest, number: str) -> HttpResponse:
    """回执: case number, item, materials, due date, how the applicant is told, QR to /track/;
    全程代理制: 受理 tells 办理流程、承诺时间、收费规定 (the catalog's steps and fees)."""
    case = get_object_or_404(Case.objects.visible_to(request.user).with_people(), number=number)
    name, badge = name_and_badge(case.first_clerk)
    track = request.build_absolute_uri(reverse("track"))
    context = {
        "case": case,
        "materials": case.materials.all(),
        "steps": case.item.steps.all(),
        "fees": case.item.fees.all(),
        "days": case.item.promised_days if case.mode != Case.Mode.IMMEDIATE else 0,
        "phone": mask_phone(case.applicant_phone),
        "clerk_name": name,
        "badge": badge,
        "center": CenterProfile.current(),
        "track_url": track,
        "qr": qr_data_uri(f"{track}?case={case.number}"),
    }
    content = printouts.render_pdf("intake/pdf/receipt.html", context)
    return printouts.pdf_response(content, f"receipt-{case.number}.pdf")


@role_required(*EVERYONE)
def notice_detail(request: HttpRequest, serial: str) -> HttpResponse:
    notice = get_object_or_404(
        CaseNotice.objects.visible_to(request.user).select_related("item", "clerk__staff_profile"),
        serial=serial,
    )
    case = Case.objects.visible_to(request.user).filter(notice=notice).first()
    history = notice.history.select_related("history_user__staff_profile").order_by("history_date")
    context = {
        "notice": notice,
        "case": case,
        "accepted": case is not None or notice.is_accepted,
        "history": history,
    }
    return render(request, "intake/notice_detail.html", context)


@role_required(*EVERYONE)
def notice_ledger(request: HttpRequest) -> HttpResponse:
    """The ledger's notices: every 一次性告知书, referral and 不予受理告知书 one may see."""
    form = NoticeLedgerForm(request.GET or None)
    notices = (
        CaseNotice.objects.visible_to(request.user)
        .select_related("item", "clerk__staff_profile", "case")
        .defer("clerk__staff_profile__id_number")
        .order_by("-created_at", "-pk")
    )
    if form.is_bound and not form.is_valid():
        return render(
            request, "intake/notice_ledger.html", {"form": form, "notices": []}, status=400
        )
    data = form.cleaned_data if form.is_bound else {}
    if data.get("kind"):
        notices = notices.filter(kind=data["kind"])
    if data.get("date_from"):
        notices = notices.filter(created_at__gte=local_datetime(data["date_from"]))
    if data.get("date_to"):
        notices = notices.filter(
            created_at__lt=local_datetime(data["date_to"] + dt.timedelta(days=1))
        )
    page = min(parse_id(request.GET.get("page", 1)) or 1, 10**6)
    rows = list(notices[(page - 1) * NOTICE_PAGE : page * NOTICE_PAGE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "notices": rows[:NOTICE_PAGE],
        "page": page,
        "has_next": len(rows) > NOTICE_PAGE,
        "query": query.urlencode(),
    }
    return render(request, "intake/notice_ledger.html", context)


@role_required(*EVERYONE)
def notice_find(request: HttpRequest) -> HttpResponse:
    """The applicant is back: find their notice by its serial (on their copy) or by their
    身份证号, looked up through its keyed hash; the number itself is sent by POST only."""
    notices = CaseNotice.objects.visible_to(request.user).select_related("item")
    found, error = None, None
    serial = request.GET.get("serial", "").strip().upper()[:20]
    if serial:
        notice = notices.filter(serial=serial).first()
        if notice is not None:
            return redirect("notice_detail", serial=notice.serial)
        error = _("No notice of yours has this serial number.")
    elif request.method == "POST":
        try:
            id_number = normalize_id_number(request.POST.get("id_number", "")[:ID_NUMBER_AS_TYPED])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            found = list(
                notices.filter(applicant_id_hash=lookup_hash(id_number)).order_by("-created_at")[
                    :20
                ]
            )
            if not found:
                error = _("No notice of yours was given for this ID number.")
    context = {"found": found, "error": error, "serial": serial}
    return render(request, "intake/notice_find.html", context, status=400 if error else 200)


@role_required(*EVERYONE)
def notice_pdf(request: HttpRequest, serial: str) -> HttpResponse:
    """一次性告知书 (申请人联 and 存根联 on one A4 page) or the referral notice."""
    notice = get_object_or_404(
        CaseNotice.objects.visible_to(request.user).select_related("item", "clerk__staff_profile"),
        serial=serial,
    )
    name, badge = name_and_badge(notice.clerk)
    item = notice.item
    context = {
        "notice": notice,
        "item": item,
        "steps": item.steps.all(),
        "counters": item.counters.all(),
        "center": CenterProfile.current(),
        "clerk_name": name,
        "badge": badge,
        "copies": ["申请人联", "存根联"],
    }
    template = {
        CaseNotice.Kind.MISSING: "intake/pdf/notice.html",
        CaseNotice.Kind.REFUSAL: "intake/pdf/refusal.html",
    }.get(notice.kind, "intake/pdf/referral.html")
    return printouts.pdf_response(printouts.render_pdf(template, context), f"{notice.serial}.pdf")


@public_view
def track(request: HttpRequest) -> HttpResponse:
    """办理进度查询: the stage timeline, masked, for the case number and phone digits."""

    case, error, status = None, None, 200
    number = (request.POST.get("case") or request.GET.get("case") or "")[:20]
    if request.method == "POST":
        address = client_ip(request)
        if not track_allowed(address):
            error, status = _("Too many lookups; please try again in 10 minutes."), 429
        else:
            case = case_track(number=number, last4=request.POST.get("last4", ""))
            if case is None:
                track_failed(address)
                error, status = _("No case matches this number and phone digits."), 404
    steps = []
    if case is not None:
        # The steps' names from their codes; a reason a clerk typed stays inside.
        records = case.history.exclude(history_step="").order_by("history_date", "history_id")
        steps = [(record.history_date, record.step_label) for record in records]
    # 延期 is told: how long and the new due date; never the reason (typed by a clerk).
    extensions = list(case.extensions.only("days", "approved_at", "due_after")) if case else []
    # What higher apps add to a found case (the complaints app's link to rate it, 好差评).
    links = provide("track", case=case) if case is not None else []
    context = {
        "case": case,
        "error": error,
        "number": number,
        "steps": steps,
        "extensions": extensions,
        "links": links,
    }
    response = render(request, "intake/track.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "600"
    return response
