"""The consultation register (咨询登记): record a question, refer it to a supervisor
(请示报告), record the supervisor's instruction, record the answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import consultations
from intake import exports as sheets
from intake.forms import (
    ConsultationAnswerForm,
    ConsultationEscalateForm,
    ConsultationForm,
    ConsultationInstructForm,
)
from intake.models import Consultation
from servicecenter import exports
from servicecenter.forms import form_errors
from servicecenter.roles import EVERYONE, is_manager, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once


def _register(user):
    return Consultation.objects.visible_to(user).select_related(
        "item", "clerk__staff_profile", "escalated_to__staff_profile"
    )


@role_required(*EVERYONE)
def consultation_list(request: HttpRequest) -> HttpResponse:
    """The register: record a question, see those waiting for an answer and the latest."""
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: consultations.consultation_record(
                    clerk=request.user, **form.cleaned_data
                ),
                url=lambda c: c.get_absolute_url(),
            )
            if outcome.repeated:
                messages.info(request, ALREADY_DONE)
            elif outcome.record.is_answered:
                messages.success(request, _("Question and answer recorded."))
            else:
                messages.success(
                    request,
                    _("Question recorded; answer it by %(day)s.")
                    % {"day": f"{outcome.record.answer_by:%Y-%m-%d}"},
                )
            return redirect(outcome.url)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    context = {
        "form": form,
        **consultations.consultation_reminders(request.user),
        "latest": _register(request.user)[:50],
    }
    return render(request, "intake/consultations.html", context, status=400 if form.errors else 200)


@role_required(*EVERYONE)
def consultation_detail(request: HttpRequest, consultation: int) -> HttpResponse:
    record = get_object_or_404(_register(request.user), pk=consultation)
    history = record.history.select_related("history_user__staff_profile").order_by("history_date")
    context = {
        "consultation": record,
        "history": history,
        "escalate_form": ConsultationEscalateForm(),
        "instruct_form": ConsultationInstructForm(),
        "answer_form": ConsultationAnswerForm(),
        "may_instruct": is_manager(request.user),
    }
    return render(request, "intake/consultation_detail.html", context)


def _step(request: HttpRequest, pk: int, form_class, run, done: str) -> HttpResponse:
    """One step of a consultation: `run(record, data)`; all of a form's errors at once, the
    same form sent twice does the step once."""
    record = get_object_or_404(Consultation.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: run(record, form.cleaned_data),
            url=lambda c: c.get_absolute_url(),
        )
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("consultation_detail", consultation=pk)


@role_required(*EVERYONE)
@require_POST
def consultation_escalate(request: HttpRequest, consultation: int) -> HttpResponse:
    """请示报告."""

    def run(record: Consultation, data: dict) -> Consultation:
        return consultations.consultation_escalate(
            consultation=record, to=data["to"], note=data["note"]
        )

    return _step(
        request, consultation, ConsultationEscalateForm, run, _("Referred to the supervisor.")
    )


@role_required(*EVERYONE)
@require_POST
def consultation_instruct(request: HttpRequest, consultation: int) -> HttpResponse:
    """The supervisor's instruction (a clerk is refused by the service, after the 404)."""

    def run(record: Consultation, data: dict) -> Consultation:
        return consultations.consultation_instruct(
            consultation=record, instruction=data["instruction"], by=request.user
        )

    return _step(request, consultation, ConsultationInstructForm, run, _("Instruction recorded."))


@role_required(*EVERYONE)
@require_POST
def consultation_answer(request: HttpRequest, consultation: int) -> HttpResponse:
    def run(record: Consultation, data: dict) -> Consultation:
        return consultations.consultation_answer(consultation=record, by=request.user, **data)

    return _step(request, consultation, ConsultationAnswerForm, run, _("Answer recorded."))


@role_required(*EVERYONE)
def consultation_export(request: HttpRequest) -> HttpResponse:
    """咨询登记台帐 in Excel: the questions this user may see, personal data masked."""
    questions = Consultation.objects.visible_to(request.user)
    name = exports.filename("咨询登记", "xlsx")
    sheet = sheets.consultation_sheet(questions)
    return exports.xlsx_response([sheet], name, total=questions.count())
