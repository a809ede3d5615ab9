"""Complaint pages: the resident's form, confirmation and lookup; the staff's register
(投诉登记簿), one complaint with its steps, the 投诉受理回执 and the monthly report."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import forms, reports, services
from complaints.models import Complaint, ComplaintNote
from intake import printouts
from servicecenter import exports
from servicecenter.clients import client_ip
from servicecenter.forms import form_errors
from servicecenter.models import CenterProfile
from servicecenter.public import public_view
from servicecenter.qr import qr_data_uri
from servicecenter.roles import EVERYONE, MANAGERS, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once
from staff.names import display_name

FILED_SALT = "complaints.filed"
FILED_MAX_AGE = 24 * 60 * 60  # the confirmation page can be opened again that day


# -- the resident's pages -----------------------------------------------------------------


def filed_url(complaint: Complaint) -> str:
    return reverse(
        "complaints:complaint_filed", args=[signing.dumps(complaint.pk, salt=FILED_SALT)]
    )


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form's fields (or above them), all at once."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def _new_page(request: HttpRequest, form, status: int) -> HttpResponse:
    errors = form_errors(form) if form.is_bound else []
    context = {"form": form, "errors": errors}
    return render(request, "complaints/new.html", context, status=status)


@public_view
def complaint_new(request: HttpRequest) -> HttpResponse:
    """投诉: anyone, anonymously if they wish, on a phone."""
    form = forms.ComplaintForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return _new_page(request, form, 400 if form.is_bound else 200)
    if not services.filing_allowed(client_ip(request)):
        form.add_error(None, _("Too many complaints from this connection; please call us instead."))
        return _new_page(request, form, 429)
    try:
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: services.complaint_file(
                complaint=form.complaint(), channel=Complaint.Channel.ONLINE
            ),
            url=filed_url,
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _new_page(request, form, 400)
    return redirect(outcome.url)


@public_view
def complaint_filed(request: HttpRequest, token: str) -> HttpResponse:
    """The tracking code, to print or screenshot; reading it again files nothing."""
    try:
        pk = signing.loads(token, salt=FILED_SALT, max_age=FILED_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    complaint = get_object_or_404(Complaint, pk=pk)
    return render(
        request,
        "complaints/filed.html",
        {"complaint": complaint, "days": settings.COMPLAINT_REPLY_DAYS},
    )


@public_view
def complaint_track(request: HttpRequest) -> HttpResponse:
    """投诉进度查询: the stage and steps for the code (and the phone's last four digits)."""
    complaint, error, status = None, None, 200
    code = (request.POST.get("code") or request.GET.get("code") or "")[:40]
    if request.method == "POST":
        address = client_ip(request)
        if not services.track_allowed(address):
            error, status = _("Too many lookups; please try again in 10 minutes."), 429
        else:
            complaint = services.complaint_track(code=code, last4=request.POST.get("last4", ""))
            if complaint is None:
                services.track_failed(address)
                error, status = _("No complaint matches this code and phone digits."), 404
    steps = []
    if complaint is not None:
        # Steps by their labels only: notes, statements and names stay inside.
        records = complaint.history.exclude(history_step="").order_by("history_date", "history_id")
        public = {s for s in Complaint.Step} - {Complaint.Step.NOTE, Complaint.Step.STATEMENT}
        steps = [(r.history_date, r.step_label) for r in records if r.history_step in public]
    context = {"complaint": complaint, "error": error, "code": code, "steps": steps}
    response = render(request, "complaints/track.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "600"
    return response


@public_view
def complaint_figures(request: HttpRequest) -> HttpResponse:
    """Public monthly figures: complaints received and replied on time (no personal data)."""
    return render(
        request,
        "complaints/figures.html",
        {"months": reports.public_months(), "days": settings.COMPLAINT_REPLY_DAYS},
    )


# -- the staff's pages ----------------------------------------------------------------------


@role_required(*EVERYONE)
def complaint_register(request: HttpRequest) -> HttpResponse:
    """投诉登记簿: the complaints this person may see, open ones first by due date."""
    complaints = (
        Complaint.objects.visible_to(request.user)
        .select_related("subject_counter", "subject_item", "subject_staff__staff_profile")
        .order_by("-received_at")
    )
    stage = request.GET.get("stage", "")
    if stage == "open":
        complaints = complaints.open().order_by("due_date")
    elif stage in Complaint.Stage.values:
        complaints = complaints.filter(stage=stage)
    return render(
        request,
        "complaints/register.html",
        {"complaints": complaints[:200], "stage": stage, "stages": Complaint.Stage.choices},
    )


@role_required(*EVERYONE)
def complaint_register_new(request: HttpRequest) -> HttpResponse:
    """Staff write down a complaint from the counter, phone, letter, box or 12345."""
    form = forms.StaffComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: services.complaint_file(
                    complaint=form.complaint(),
                    channel=form.cleaned_data["channel"],
                    registered_by=request.user,
                ),
                url=lambda complaint: complaint.get_absolute_url(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if outcome.repeated:
                messages.info(request, ALREADY_DONE)
            else:
                messages.success(
                    request,
                    _("Complaint %(number)s registered; print the receipt if asked.")
                    % {"number": outcome.record.number},
                )
            return redirect(outcome.url)
    return render(
        request,
        "complaints/register_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _visible(request: HttpRequest, number: str) -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related(
            "subject_counter",
            "subject_item",
            "subject_staff__staff_profile",
            "handler__staff_profile",
            "commissioner__staff_profile",
            "replied_by__staff_profile",
        ),
        number=number,
    )


@role_required(*EVERYONE)
def complaint_detail(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    user = request.user
    notes = record.notes.select_related("author__staff_profile")
    if not record.shows_notes_to(user):
        # 严格保密: the staff member concerned reads only their own statement.
        notes = notes.filter(kind=ComplaintNote.Kind.STATEMENT, author=user)
    history = record.history.select_related("history_user__staff_profile").order_by(
        "history_date", "history_id"
    )
    context = {
        "complaint": record,
        "shows_complainant": record.shows_complainant_to(user),
        "notes": notes,
        "history": history,
        "steps": record.steps_for(user),
        "accept_form": forms.AcceptForm(auto_id="accept_%s"),
        "decline_form": forms.DeclineForm(auto_id="decline_%s"),
        "forward_form": forms.ForwardForm(
            handlers=services.handlers_for(record), auto_id="forward_%s"
        ),
        "extend_form": forms.ExtendForm(auto_id="extend_%s"),
        "note_form": forms.NoteForm(auto_id="note_%s"),
        "finding_form": forms.FindingForm(
            auto_id="finding_%s",
            initial={
                "finding": record.finding,
                "outcome": record.outcome,
                "opinion": record.opinion,
            },
        ),
        "reply_form": forms.ReplyForm(auto_id="reply_%s"),
        "follow_up_form": forms.FollowUpForm(auto_id="follow_up_%s"),
        "handler_name": display_name(record.handler),
        "subject_name": display_name(record.subject_staff),
    }
    return render(request, "complaints/detail.html", context)


def _step(
    request: HttpRequest,
    record: Complaint,
    form,
    act: Callable[[dict], object],
    done: str,
) -> HttpResponse:
    """One handling step: check the form, do the step once, back to the complaint."""
    if not form.is_valid():
        for error in form_errors(form):
            messages.error(request, error)
        return redirect(record.get_absolute_url())
    try:
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: act(form.cleaned_data) or record,
            url=lambda _result: record.get_absolute_url(),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
    return redirect(record.get_absolute_url())


@role_required(*MANAGERS)
@require_POST
def complaint_accept(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.AcceptForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_accept(complaint=record, by=request.user, **data),
        _("Complaint accepted."),
    )


@role_required(*MANAGERS)
@require_POST
def complaint_decline(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.DeclineForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_decline(complaint=record, by=request.user, **data),
        _("Recorded as not a complaint; the complainant sees why."),
    )


@role_required(*MANAGERS)
@require_POST
def complaint_forward(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.ForwardForm(request.POST, handlers=services.handlers_for(record))
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_forward(complaint=record, by=request.user, **data),
        _("Complaint forwarded to the person responsible."),
    )


@role_required(*MANAGERS)
@require_POST
def complaint_extend(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.ExtendForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_extend(complaint=record, by=request.user, **data),
        _("Reply deadline extended."),
    )


@role_required(*EVERYONE)
@require_POST
def complaint_note(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.NoteForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_note(
            complaint=record, by=request.user, text=data["text"], kind=ComplaintNote.Kind.NOTE
        ),
        _("Note added."),
    )


@role_required(*EVERYONE)
@require_POST
def complaint_statement(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.NoteForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_note(
            complaint=record, by=request.user, text=data["text"], kind=ComplaintNote.Kind.STATEMENT
        ),
        _("Your statement is recorded."),
    )


@role_required(*EVERYONE)
@require_POST
def complaint_finding(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.FindingForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_finding(complaint=record, by=request.user, **data),
        _("Finding recorded."),
    )


@role_required(*EVERYONE)
@require_POST
def complaint_reply(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.ReplyForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_reply(complaint=record, by=request.user, **data),
        _("Reply recorded."),
    )


@role_required(*MANAGERS)
@require_POST
def complaint_follow_up(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.FollowUpForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_follow_up(complaint=record, by=request.user, **data),
        _("Follow-up recorded."),
    )


@role_required(*MANAGERS)
@require_POST
def complaint_archive(request: HttpRequest, complaint: str) -> HttpResponse:
    record = _visible(request, complaint)
    form = forms.EmptyForm(request.POST)
    return _step(
        request,
        record,
        form,
        lambda data: services.complaint_archive(complaint=record, by=request.user),
        _("Complaint archived."),
    )


@role_required(*EVERYONE)
def complaint_receipt(request: HttpRequest, complaint: str) -> HttpResponse:
    """投诉受理回执 for the complainant: number, code, deadline, how to follow it."""
    record = _visible(request, complaint)
    if not record.shows_complainant_to(request.user):
        raise Http404  # 严格保密: the receipt names the complainant
    track = request.build_absolute_uri(reverse("complaints:complaint_track"))
    context = {
        "complaint": record,
        "center": CenterProfile.current(),
        "days": settings.COMPLAINT_REPLY_DAYS,
        "track_url": track,
        "qr": qr_data_uri(track),
        "clerk_name": display_name(record.registered_by) or "—",
    }
    content = printouts.render_pdf("complaints/pdf/receipt.html", context)
    return printouts.pdf_response(content, f"complaint-receipt-{record.number}.pdf")


@role_required(*MANAGERS)
def complaint_report(request: HttpRequest) -> HttpResponse:
    """The monthly complaints report, with a chart; the same figures as Excel."""
    form = forms.ReportForm(request.GET or None)
    start, end = reports.month_bounds(form.cleaned_data["month"] if form.is_valid() else None)
    report = reports.monthly(user=request.user, start=start, end=end)
    return render(
        request,
        "complaints/report.html",
        {"form": form, "report": report, "start": start, "end": end},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*MANAGERS)
def complaint_report_export(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(request.GET or None)
    start, end = reports.month_bounds(form.cleaned_data["month"] if form.is_valid() else None)
    report = reports.monthly(user=request.user, start=start, end=end)
    sheets = reports.sheets(report, user=request.user, start=start, end=end)
    return exports.xlsx_response(
        sheets, exports.filename("投诉月报", "xlsx", first=start, last=end), stream=False
    )
