"""The lost-property register: register, claim, hand over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import lost
from intake.forms import ClaimForm, HandOverForm, LostItemForm
from intake.models import LostItem
from servicecenter.forms import form_error
from servicecenter.roles import EVERYONE, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once


@role_required(*EVERYONE)
def lost_list(request: HttpRequest) -> HttpResponse:
    form = LostItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_once(
                token=request.POST.get("token", ""),
                action=lambda: lost.lost_register(clerk=request.user, **form.cleaned_data),
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
        "due": lost.lost_due_for_hand_over().visible_to(request.user),
        "days": lost.LOST_PROPERTY_DAYS,
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
                lambda: lost.lost_hand_over(item=item, **form.cleaned_data),
                _("Handed over."),
            )
        else:
            step, done = (
                lambda: lost.lost_claim(item=item, **form.cleaned_data),
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
