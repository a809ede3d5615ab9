"""The director's per-resident page (PIPL): find one resident's data by 身份证号, export it
for them, or erase it. Each export and erasure is recorded; the 身份证号 goes only in POST
bodies, never in a URL or a log."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intake import personal_data
from intake.models import PersonalDataRequest
from servicecenter.personal import lookup_hash, mask_id_number, normalize_id_number
from servicecenter.roles import Role, role_required


class ResidentForm(forms.Form):
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=30)

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"].replace(" ", ""))


def _page(request: HttpRequest, form: ResidentForm, **context) -> HttpResponse:
    context = {
        "form": form,
        "requests": PersonalDataRequest.objects.select_related("by__staff_profile")[:20],
        **context,
    }
    if "resident" in context:
        context["masked_id"] = mask_id_number(context["resident"].id_number)
    return render(request, "intake/personal_data.html", context, status=400 if form.errors else 200)


@role_required(Role.DIRECTOR)
def personal_data_find(request: HttpRequest) -> HttpResponse:
    """What is held about one resident: cases (applicant or agent), notices, claims."""
    if request.method != "POST":
        return _page(request, ResidentForm())
    form = ResidentForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    return _page(
        request, form, resident=personal_data.resident_find(form.cleaned_data["id_number"])
    )


@role_required(Role.DIRECTOR)
@require_POST
def personal_data_export(request: HttpRequest) -> HttpResponse:
    """Everything held about the resident, in clear, as JSON: it is their own data."""
    form = ResidentForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    id_number = form.cleaned_data["id_number"]
    data = personal_data.resident_export(id_number=id_number, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    # The file name carries the hash's start, never the number.
    name = f"personal-data-{lookup_hash(id_number)[:8]}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.DIRECTOR)
@require_POST
def personal_data_erase(request: HttpRequest) -> HttpResponse:
    """Erase after a confirmation page that names how many records will be anonymized."""
    form = ResidentForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    id_number = form.cleaned_data["id_number"]
    resident = personal_data.resident_find(id_number)
    if request.POST.get("confirmed") != "yes":
        return _page(request, form, resident=resident, confirm=True)
    try:
        erased = personal_data.resident_erase(id_number=id_number, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("personal_data")
    messages.success(
        request,
        _("%(count)d records about %(id)s were anonymized; the erasure is recorded.")
        % {"count": erased, "id": mask_id_number(id_number)},
    )
    return redirect("personal_data")
