"""过错责任追究 pages: the records, each step one POST view, the 处理决定书 PDF."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import faults
from complaints.fault_forms import (
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    FaultOpenForm,
    StatementForm,
)
from complaints.models import FaultRecord
from intake import printouts
from servicecenter.forms import form_errors, parse_id
from servicecenter.models import CenterProfile
from servicecenter.roles import EVERYONE, Role, role_required, user_roles
from servicecenter.tokens import ALREADY_DONE, submit_once
from staff.names import display_name, name_and_badge

RELATED = ("staff__staff_profile", "opened_by__staff_profile", "decided_by__staff_profile")


def _record(request: HttpRequest, pk: int) -> FaultRecord:
    """A record the user may see (their own, or any for a manager); else 404."""
    return get_object_or_404(
        FaultRecord.objects.visible_to(request.user).select_related(*RELATED), pk=pk
    )


@role_required(*EVERYONE)
def fault_list(request: HttpRequest) -> HttpResponse:
    """The records the user may see; ?staff=<id> narrows them to one staff member."""
    records = FaultRecord.objects.visible_to(request.user).select_related(*RELATED)
    staff_id = parse_id(request.GET.get("staff", ""))
    if staff_id:
        records = records.filter(staff_id=staff_id)
    context = {
        "records": records[:200],
        "staff_name": display_name(records[0].staff) if staff_id and records else "",
        "can_open": str(Role.DIRECTOR) in user_roles(request.user),
    }
    return render(request, "complaints/fault_list.html", context)


@role_required(Role.DIRECTOR)
def fault_new(request: HttpRequest) -> HttpResponse:
    form = FaultOpenForm(
        request.POST if request.method == "POST" else None, initial=request.GET.dict()
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: faults.fault_open(by=request.user, **form.cleaned_data),
                url=lambda record: record.get_absolute_url(),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if outcome.repeated:
                messages.info(request, ALREADY_DONE)
            else:
                messages.success(request, _("Fault record opened."))
            return redirect(outcome.url)
    return render(
        request,
        "complaints/fault_new.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


@role_required(*EVERYONE)
def fault_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    context = {
        "record": record,
        "steps": record.steps_for(request.user),
        "statement_form": StatementForm(),
        "decision_form": DecisionForm(),
        "appeal_form": AppealForm(),
        "appeal_decision_form": AppealDecisionForm(),
        "history": record.history.order_by("history_date", "history_id").select_related(
            "history_user"
        ),
    }
    return render(request, "complaints/fault_detail.html", context)


def _step(request: HttpRequest, pk: int, form_class, run, done: str) -> HttpResponse:
    record = _record(request, pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: run(record, form.cleaned_data),
            url=lambda saved: saved.get_absolute_url(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(record.get_absolute_url())
    messages.info(request, ALREADY_DONE) if outcome.repeated else messages.success(request, done)
    return redirect(outcome.url)


@role_required(*EVERYONE)
@require_POST
def fault_statement(request: HttpRequest, pk: int) -> HttpResponse:
    def run(record: FaultRecord, data: dict) -> FaultRecord:
        return faults.fault_statement(record=record, statement=data["statement"], by=request.user)

    return _step(request, pk, StatementForm, run, _("Statement saved."))


@role_required(Role.DIRECTOR)
@require_POST
def fault_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(record: FaultRecord, data: dict) -> FaultRecord:
        return faults.fault_decide(record=record, by=request.user, **data)

    return _step(request, pk, DecisionForm, run, _("Decision recorded; print the decision."))


@role_required(*EVERYONE)
@require_POST
def fault_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    def run(record: FaultRecord, data: dict) -> FaultRecord:
        return faults.fault_appeal(record=record, reason=data["reason"], by=request.user)

    return _step(request, pk, AppealForm, run, _("Appeal lodged."))


@role_required(Role.DIRECTOR)
@require_POST
def fault_appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(record: FaultRecord, data: dict) -> FaultRecord:
        return faults.fault_appeal_decide(record=record, by=request.user, **data)

    return _step(request, pk, AppealDecisionForm, run, _("Appeal decided."))


@role_required(*EVERYONE)
def fault_decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """处理决定书: the facts, the clause, the statement, the decision and how to appeal (A4)."""
    record = _record(request, pk)
    if not record.decision:
        return render(request, "404.html", status=404)
    staff_name, badge = name_and_badge(record.staff)
    director_name, _badge = name_and_badge(record.decided_by)
    context = {
        "record": record,
        "staff_name": staff_name,
        "badge": badge,
        "director_name": director_name,
        "center": CenterProfile.current(),
        "appeal_days": settings.FAULT_APPEAL_DAYS,
    }
    # An official form: in Chinese whatever the reader's language (the labels of the choices).
    with translation.override("zh-hans"):
        content = printouts.render_pdf("complaints/pdf/fault_decision.html", context)
    return printouts.pdf_response(content, f"fault-decision-{record.pk}.pdf")
