"""Accounts locked by django-axes, and the director's unlock (recorded)."""

from dataclasses import dataclass, field
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass
class Lockout:
    user: User
    failures: int
    last_failure: datetime
    ip_addresses: list[str] = field(default_factory=list)

    @property
    def until(self) -> datetime:
        # axes counts only the failures within the cool-off, so the lock ends that long after
        # the last one.
        return self.last_failure + get_cool_off()

    @property
    def name(self) -> str:
        profile = getattr(self.user, "staff_profile", None)
        return profile.name if profile else ""


def locked_accounts(*, viewer: User) -> list[Lockout]:
    """The accounts axes refuses right now, newest lock first; two queries whatever the count.

    axes locks a username from one address (AXES_LOCKOUT_PARAMETERS) once the failures
    recorded within the cool-off reach AXES_FAILURE_LIMIT, whatever the browser.
    """
    since = timezone.now() - get_cool_off()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by()
    )
    users = User.objects.select_related("staff_profile").filter(
        username__in={row["username"] for row in rows}
    )
    if not viewer.is_superuser:
        users = users.filter(is_superuser=False)  # a superuser's lock is a superuser's business
    by_name = {user.username: user for user in users}
    lockouts: dict[str, Lockout] = {}
    for row in rows:
        user = by_name.get(row["username"])
        if user is None:  # a name nobody has: nothing to unlock, it expires on its own
            continue
        lockout = lockouts.setdefault(
            user.username, Lockout(user=user, failures=0, last_failure=row["last"])
        )
        lockout.failures += row["failures"]
        lockout.last_failure = max(lockout.last_failure, row["last"])
        lockout.ip_addresses.append(row["ip_address"] or "—")
    return sorted(lockouts.values(), key=lambda lockout: lockout.last_failure, reverse=True)


@transaction.atomic
def account_unlock(*, username: str, by: User) -> Lockout:
    """Lift the lock on `username` at once, and record who did it in the admin's log."""
    lockout = next(
        (lockout for lockout in locked_accounts(viewer=by) if lockout.user.username == username),
        None,
    )
    if lockout is None:
        raise ValidationError(_("This account is not locked (or its lock has already ended)."))
    reset(username=username)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[lockout.user],
        action_flag=CHANGE,
        change_message=_("Unlocked after %(failures)s wrong passwords.")
        % {"failures": lockout.failures},
        single_object=True,
    )
    return lockout
