"""The lost-property register (遗失物品): register, claim and its 认领单, hand over with a
supervisor's approval, and the public 招领 list."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import lost, printouts
from intake.forms import ClaimForm, HandOverForm, LostItemForm, RefuseHandOverForm
from intake.models import LostItem
from servicecenter.forms import form_error
from servicecenter.models import CenterProfile
from servicecenter.public import public_view
from servicecenter.roles import EVERYONE, is_manager, role_required
from servicecenter.tokens import ALREADY_DONE, submit_once
from staff.names import name_and_badge


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
    items = LostItem.objects.visible_to(request.user)
    context = {
        "form": form,
        "kept": items.held(),
        "due": items.due_for_hand_over(),
        "requested": items.filter(status=LostItem.Status.REQUESTED),
        "days": settings.LOST_PROPERTY_HOLD_DAYS,
        "done": items.exclude(status__in=LostItem.HELD)[:20],
    }
    return render(request, "intake/lost.html", context, status=400 if form.errors else 200)


def _item_page(request: HttpRequest, item: LostItem, claim_form: ClaimForm, status: int = 200):
    context = {
        "item": item,
        "claim_form": claim_form,
        "hand_over_form": HandOverForm(),
        "refuse_form": RefuseHandOverForm(),
        "is_manager": is_manager(request.user),
        "days": settings.LOST_PROPERTY_HOLD_DAYS,
        "history": item.history.select_related("history_user__staff_profile").order_by(
            "history_date", "history_id"
        ),
    }
    return render(request, "intake/lost_item.html", context, status=status)


@role_required(*EVERYONE)
def lost_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One found item; its form is the claim (identity checked). A refused claim shows the
    page again with what the clerk typed and why."""
    item = get_object_or_404(LostItem.objects.visible_to(request.user), pk=pk)
    form = ClaimForm(request.POST or None)
    if request.method != "POST":
        return _item_page(request, item, form)
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: lost.lost_claim(item=item, clerk=request.user, **form.cleaned_data),
            url=lambda found: reverse("lost_detail", args=[found.pk]),
        )
    except ValidationError as exc:
        # The typed name and ID number stay in the form (a clerk's page; never shown publicly).
        form.add_error(None, exc)
        item.refresh_from_db()
        return _item_page(request, item, form, status=400)
    if outcome.repeated:
        messages.info(request, ALREADY_DONE)
    else:
        messages.success(
            request,
            _("Claimed; identity checked and recorded (masked). Print the claim form to sign."),
        )
    return redirect(outcome.url)


def _step(request: HttpRequest, pk: int, form, action: Callable, done: str) -> HttpResponse:
    """A POST step on one item: run it once, come back to the item's page with a message."""
    item = get_object_or_404(LostItem.objects.visible_to(request.user), pk=pk)
    url = reverse("lost_detail", args=[item.pk])
    try:
        if not form.is_valid():
            raise ValidationError(form_error(form))
        outcome = submit_once(
            token=request.POST.get("token", ""),
            action=lambda: action(item, form.cleaned_data),
            url=lambda _item: url,
        )
        if outcome.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(url)


@role_required(*EVERYONE)
@require_POST
def lost_hand_over_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        HandOverForm(request.POST),
        lambda item, data: lost.lost_request_hand_over(item=item, clerk=request.user, **data),
        _("Hand-over requested; a supervisor approves it."),
    )


# Every staff role reaches the step; the service refuses one who is not a supervisor
# (as the case's 延期), so a clerk gets the reason, not a bare 403.
@role_required(*EVERYONE)
@require_POST
def lost_hand_over_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.Form(request.POST),  # nothing to type: the approval is the click
        lambda item, _data: lost.lost_approve_hand_over(item=item, supervisor=request.user),
        _("Hand-over approved; the item is handed on."),
    )


@role_required(*EVERYONE)
@require_POST
def lost_hand_over_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        RefuseHandOverForm(request.POST),
        lambda item, data: lost.lost_refuse_hand_over(item=item, supervisor=request.user, **data),
        _("Hand-over refused; the item stays here."),
    )


@role_required(*EVERYONE)
def lost_claim_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """认领单: what was handed back to whom (ID masked), with the claimant's signature line."""
    item = get_object_or_404(
        LostItem.objects.visible_to(request.user).filter(status=LostItem.Status.CLAIMED), pk=pk
    )
    name, badge = name_and_badge(item.claim_clerk or item.registered_by)
    context = {
        "item": item,
        "center": CenterProfile.current(),
        "clerk_name": name,
        "badge": badge,
        "copies": ["认领人联", "存根联"],
    }
    content = printouts.render_pdf("intake/pdf/lost_claim.html", context)
    return printouts.pdf_response(content, f"lost-claim-{item.pk}.pdf")


@public_view
def lost_public(request: HttpRequest) -> HttpResponse:
    """招领: what is kept for its owner, when and where it was found, and where to ask —
    nothing about who found it or where it is stored."""
    items = LostItem.objects.held().only("description", "found_where", "found_at")
    context = {"items": items, "days": settings.LOST_PROPERTY_HOLD_DAYS}
    return render(request, "intake/lost_public.html", context)
