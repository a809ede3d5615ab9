"""请假单: leave in half days with a named substitute (替班), filed in advance and approved.

Rules kept here (the regulations' 出勤/考勤/值班 clauses):
- 员工之间的请假需要提前24小时向上级领导提交请假申请 (LEAVE_NOTICE_HOURS); 值班人员需在提前
  一周向主管提交休假申请 (LEAVE_NOTICE_DUTY_DAYS) when the leave covers a 值班/预约 day.
- 需提前请假，并确保有其他员工可以替代自己的工作: a substitute who is on no other duty then.
- 未经批准的请假将不被视为有效请假: only approved leave counts (the 考勤表, the board).
- 病假 and emergencies may be reported afterwards (补假), confirmed by a supervisor.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from servicecenter import workdays
from servicecenter.dates import local_datetime
from servicecenter.history import save_step
from servicecenter.roles import Role, is_manager, user_roles
from staff.models import AnnualLeave, LeaveRequest, RotaEntry
from staff.names import display_name

MORNING_STARTS = dt.time(9, 0)
AFTERNOON_STARTS = dt.time(13, 0)


def starts_at(request: LeaveRequest) -> dt.datetime:
    """When the leave begins: the start (or the afternoon) of the person's shift that day,
    else the center's usual 9:00 / 13:00."""
    entry = (
        RotaEntry.objects.filter(user=request.user, date=request.start_date)
        .select_related("shift")
        .first()
    )
    if request.start_half == LeaveRequest.Half.AFTERNOON:
        time = entry.shift.afternoon_starts if entry else AFTERNOON_STARTS
    else:
        time = entry.shift.starts if entry else MORNING_STARTS
    return local_datetime(request.start_date, time)


def counted_days(request: LeaveRequest) -> Decimal:
    """Leave days counted: half days on working days or on the person's rota days (a
    statutory holiday inside the leave is not leave)."""
    rota_days = set(
        RotaEntry.objects.filter(
            user=request.user, date__range=(request.start_date, request.end_date)
        ).values_list("date", flat=True)
    )
    known = workdays.overrides()
    halves = [
        day
        for day, _half in request.half_days()
        if day in rota_days or workdays.is_working_day(day, known)
    ]
    return Decimal(len(halves)) / 2


def annual_allowance(user, year: int) -> Decimal:
    row = AnnualLeave.objects.filter(user=user, year=year).first()
    return row.days if row else Decimal(settings.ANNUAL_LEAVE_DAYS)


def annual_taken(user, year: int, *, excluding: int | None = None) -> Decimal:
    """年休假 days approved or asked for in `year`."""
    taken = (
        LeaveRequest.objects.live()
        .filter(user=user, kind=LeaveRequest.Kind.ANNUAL, start_date__year=year)
        .exclude(pk=excluding)
        .aggregate(total=Sum("days"))["total"]
    )
    return taken or Decimal(0)


def annual_balance(user, year: int) -> Decimal:
    return annual_allowance(user, year) - annual_taken(user, year)


def _overlapping(start: dt.date, end: dt.date):
    return LeaveRequest.objects.live().filter(start_date__lte=end, end_date__gte=start)


def _halves_overlap(first: LeaveRequest, second: LeaveRequest) -> bool:
    return bool(set(first.half_days()) & set(second.half_days()))


def _check_substitute(request: LeaveRequest) -> None:
    # 确保有其他员工可以替代自己的工作: the substitute is on no other duty then.
    substitute = request.substitute
    if substitute.pk == request.user_id:
        raise ValidationError(_("You cannot be your own substitute."), code="self_substitute")
    if not substitute.is_active or not hasattr(substitute, "staff_profile"):
        raise ValidationError(_("The substitute must be a member of staff."), code="substitute")
    nearby = _overlapping(request.start_date, request.end_date).exclude(pk=request.pk)
    for other in nearby.filter(Q(user=substitute) | Q(substitute=substitute)):
        if not _halves_overlap(request, other):
            continue
        if other.user_id == substitute.pk:
            raise ValidationError(
                _("%(name)s is on leave then and cannot substitute.")
                % {"name": display_name(substitute)},
                code="substitute_on_leave",
            )
        raise ValidationError(
            _("%(name)s already substitutes for %(other)s then.")
            % {"name": display_name(substitute), "other": display_name(other.user)},
            code="substitute_busy",
        )


def _check_notice(request: LeaveRequest, now: dt.datetime, *, exempt: bool) -> None:
    """提前24小时 (one week for 值班 days), quoting the rule; 病假 and emergencies go as 补假."""
    duty_days = RotaEntry.objects.filter(
        user=request.user,
        date__range=(request.start_date, request.end_date),
        duty__in=[RotaEntry.Duty.DUTY, RotaEntry.Duty.APPOINTMENT],
    ).exists()
    begins = starts_at(request)
    if duty_days:
        notice = dt.timedelta(days=settings.LEAVE_NOTICE_DUTY_DAYS)
        rule = _(
            "Rule: duty staff ask for leave from a 值班 day at least %(days)s days before "
            "(值班人员需提前一周提交休假申请)."
        ) % {"days": settings.LEAVE_NOTICE_DUTY_DAYS}
    else:
        notice = dt.timedelta(hours=settings.LEAVE_NOTICE_HOURS)
        rule = _(
            "Rule: leave is asked for at least %(hours)s hours before it starts "
            "(请假需要提前24小时提交请假申请)."
        ) % {"hours": settings.LEAVE_NOTICE_HOURS}
    if begins - now >= notice:
        return
    if exempt:
        request.filed_after = True  # 补假: confirmed by a supervisor afterwards
        return
    raise ValidationError(
        _(
            "Too late to ask for this leave: it starts %(start)s. %(rule)s Sick leave and "
            "emergencies are reported afterwards (补假)."
        )
        % {"start": f"{timezone.localtime(begins):%Y-%m-%d %H:%M}", "rule": rule},
        code="notice",
    )


@transaction.atomic
def leave_file(
    *,
    user,
    kind: str,
    start_date: dt.date,
    start_half: str,
    end_date: dt.date,
    end_half: str,
    reason: str,
    substitute,
    emergency: bool = False,
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """File a 请假单. 病假 or an emergency may start before it is filed (补假): it waits
    for a supervisor's confirmation like any other request."""
    now = now or timezone.now()
    request = LeaveRequest(
        user=user,
        kind=kind,
        start_date=start_date,
        start_half=start_half,
        end_date=end_date,
        end_half=end_half,
        reason=reason.strip(),
        substitute=substitute,
        created_at=now,
    )
    # Before full_clean: its check constraint would name the constraint, not the problem.
    if (start_date, start_half == LeaveRequest.Half.AFTERNOON) > (
        end_date,
        end_half == LeaveRequest.Half.AFTERNOON,
    ):
        raise ValidationError(_("The leave must end after it starts."), code="order")
    request.full_clean(exclude=["days"])
    request.days = counted_days(request)
    if not request.days:
        raise ValidationError(
            _("These days are all holidays without a shift: there is nothing to take leave from."),
            code="no_days",
        )
    # The substitute and the user are locked (one row each) so two requests naming the same
    # substitute for the same days cannot both pass the check.
    users = get_user_model().objects.select_for_update().filter(pk__in=[user.pk, substitute.pk])
    list(users.order_by("pk").values_list("pk", flat=True))
    for other in _overlapping(start_date, end_date).filter(user=user):
        if _halves_overlap(request, other):
            raise ValidationError(
                _("You already have a leave request for these days."), code="overlap"
            )
    _check_notice(request, now, exempt=kind == LeaveRequest.Kind.SICK or emergency)
    _check_substitute(request)
    if kind == LeaveRequest.Kind.ANNUAL:
        balance = annual_allowance(user, start_date.year) - annual_taken(user, start_date.year)
        if request.days > balance:
            raise ValidationError(
                _("Not enough annual leave left: %(left)s days in %(year)s.")
                % {"left": balance, "year": start_date.year},
                code="annual_balance",
            )
    step = LeaveRequest.Step.FILE_AFTER if request.filed_after else LeaveRequest.Step.FILE
    save_step(request, step, reason=request.reason)
    return request


def may_decide(request: LeaveRequest, user) -> bool:
    """A supervisor decides a clerk's leave; the director a supervisor's; nobody their own."""
    if request.user_id == user.pk or not is_manager(user):
        return False
    if str(Role.SUPERVISOR) in user_roles(request.user) or str(Role.DIRECTOR) in user_roles(
        request.user
    ):
        return str(Role.DIRECTOR) in user_roles(user)
    return True


@transaction.atomic
def leave_decide(
    *, request: LeaveRequest, approve: bool, by, reason: str = "", now: dt.datetime | None = None
) -> LeaveRequest:
    now = now or timezone.now()
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if not may_decide(request, by):
        raise ValidationError(
            _("A supervisor decides on a clerk's leave, the director on a supervisor's."),
            code="not_allowed",
        )
    if request.status != LeaveRequest.Status.REQUESTED:
        raise ValidationError(_("This request was decided already."), code="decided")
    if approve and not request.filed_after and starts_at(request) <= now:
        # Unapproved leave is no leave: once it has started, only a 补假 can be confirmed.
        raise ValidationError(
            _("This leave has started without approval; it can no longer be approved."),
            code="started",
        )
    if approve:
        _check_substitute(request)
    request.status = LeaveRequest.Status.APPROVED if approve else LeaveRequest.Status.REFUSED
    request.decided_by = by
    request.decided_at = now
    step = LeaveRequest.Step.APPROVE if approve else LeaveRequest.Step.REFUSE
    save_step(request, step, reason=reason)
    return request


@transaction.atomic
def leave_withdraw(*, request: LeaveRequest, by) -> LeaveRequest:
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if request.user_id != by.pk:
        raise ValidationError(_("Only who asked can withdraw a request."), code="not_owner")
    if request.status not in LeaveRequest.LIVE or starts_at(request) <= timezone.now():
        raise ValidationError(_("This request can no longer be withdrawn."), code="withdraw")
    request.status = LeaveRequest.Status.WITHDRAWN
    save_step(request, LeaveRequest.Step.WITHDRAW)
    return request


def leave_on(user, day: dt.date) -> LeaveRequest | None:
    """The approved leave covering `day` for `user`, if any."""
    return LeaveRequest.objects.approved().covering(day).filter(user=user).first()
