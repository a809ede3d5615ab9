from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from servicecenter.roles import MANAGERS, Role, role_required
from staff.accounts import account_unlock, locked_accounts
from staff.models import Counter, StaffProfile


@role_required(*MANAGERS)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Supervisors' overview of staff and counters."""
    profiles = StaffProfile.objects.select_related("user", "counter").prefetch_related(
        "user__groups"
    )
    counters = Counter.objects.all()
    return render(request, "staff/staff_list.html", {"profiles": profiles, "counters": counters})


@role_required(Role.DIRECTOR)
def locked_account_list(request: HttpRequest) -> HttpResponse:
    """The director's list of accounts locked after too many wrong passwords."""
    lockouts = locked_accounts(viewer=request.user)
    context = {"lockouts": lockouts, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "staff/locked_accounts.html", context)


@role_required(Role.DIRECTOR)
@require_POST
def unlock_account(request: HttpRequest) -> HttpResponse:
    """Unlock one account; unlocking twice finds nothing left to unlock and records nothing."""
    try:
        lockout = account_unlock(username=request.POST.get("username", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Unlocked: %(name)s (%(username)s) can sign in again.")
            % {"name": lockout.name or lockout.user.username, "username": lockout.user.username},
        )
    return redirect("locked_accounts")
