"""Overtime (加班): requested in advance with a reason and planned hours, approved before it
is worked (a supervisor; the director for supervisors), the hours worked recorded afterwards
with their compensation (调休 or 加班费).

加班制度: "加班时间需提前向主管部门申请，并经批准后执行"; "加班时间不得超过每天工作时间的50%".
The day's normal working time comes from the center's opening hours for that date (lunch
break excluded). When the rota (班次) exists, a staff member's own shift is the better
measure; until then every staff member's normal day is the center's.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from servicecenter import workdays
from servicecenter.history import save_step
from servicecenter.models import CenterProfile, OpeningHours
from servicecenter.roles import MANAGERS, Role, is_manager, user_roles
from staff.models import OvertimeRequest

TENTH = Decimal("0.1")


def _hours_between(start: dt.time, end: dt.time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return Decimal(minutes) / 60


def _day_length(hours: OpeningHours) -> Decimal:
    length = _hours_between(hours.opens, hours.closes)
    if hours.break_starts and hours.break_ends:
        length -= _hours_between(hours.break_starts, hours.break_ends)
    return length


def normal_hours(day: dt.date) -> Decimal:
    """The normal working time of `day`: the center's hours that day; on a day it is closed
    (a weekend or holiday worked as overtime), the center's usual working day."""
    # Straight from the database, not the shared cache: a few requests a day, and the demo
    # load (which asks this) must leave the cache empty.
    profile = CenterProfile.load()
    if profile is None:
        return Decimal(8)
    hours = profile.hours_on(day, workdays.load_overrides())
    if hours is None:
        rows = list(profile.opening_hours.all())
        if not rows:
            return Decimal(8)
        hours = rows[0]  # the first weekday's (Monday's) hours: the usual working day
    return _day_length(hours)


def daily_cap(day: dt.date) -> Decimal:
    """加班时间不得超过每天工作时间的50%: the most overtime one person may work on `day`."""
    cap = normal_hours(day) * settings.OVERTIME_CAP_PERCENT / 100
    return cap.quantize(TENTH, rounding=ROUND_DOWN)


def _planned_that_day(user, day: dt.date, *, exclude: int | None = None, approved=False) -> Decimal:
    requests = OvertimeRequest.objects.filter(user=user, day=day).exclude(
        status=OvertimeRequest.Status.REFUSED
    )
    if approved:
        requests = requests.exclude(status=OvertimeRequest.Status.REQUESTED)
    if exclude is not None:
        requests = requests.exclude(pk=exclude)
    return requests.aggregate(total=Sum("planned_hours"))["total"] or Decimal(0)


def _over_cap_error(day: dt.date, cap: Decimal) -> ValidationError:
    return ValidationError(
        _(
            "Overtime may not exceed 50%% of the day's normal working time (加班时间不得超过"
            "每天工作时间的50%%): at most %(cap)s hours on %(day)s. Only the director can "
            "approve an exception."
        )
        % {"cap": cap, "day": day.isoformat()},
        code="over_cap",
    )


def may_decide(approver, requester) -> bool:
    """A supervisor decides a clerk's overtime, the director a supervisor's; nobody their own."""
    if approver.pk == requester.pk:
        return False
    if str(Role.DIRECTOR) in user_roles(approver):
        return True
    return is_manager(approver) and not is_manager(requester)


def is_director(user) -> bool:
    return str(Role.DIRECTOR) in user_roles(user)


def awaiting_decision(user) -> QuerySet[OvertimeRequest]:
    """The requests `user` may decide now (may_decide, in one query)."""
    if not is_manager(user):
        return OvertimeRequest.objects.none()
    requests = OvertimeRequest.objects.filter(status=OvertimeRequest.Status.REQUESTED).exclude(
        user=user
    )
    if not is_director(user):
        managers = [str(role) for role in MANAGERS]
        requests = requests.exclude(user__groups__name__in=managers).exclude(
            user__is_superuser=True
        )
    return requests.select_related("user__staff_profile").order_by("day", "created_at")


@transaction.atomic
def overtime_request(
    *, user, day: dt.date, planned_hours: Decimal, reason: str, exception: bool = False
) -> OvertimeRequest:
    """Ask for overtime on `day`. Beyond the day's cap it is refused, unless the request asks
    the director for an exception."""
    if day < timezone.localdate():
        # 提前申请: overtime is asked for before it is worked.
        raise ValidationError(
            _("Overtime is requested in advance: %(day)s has passed.") % {"day": day.isoformat()},
            code="past",
        )
    if planned_hours <= 0:
        raise ValidationError(_("Give the planned hours (more than 0)."), code="hours")
    cap = daily_cap(day)
    over_cap = _planned_that_day(user, day) + planned_hours > cap
    if over_cap and not exception:
        raise _over_cap_error(day, cap)
    request = OvertimeRequest(
        user=user, day=day, planned_hours=planned_hours, reason=reason.strip(), over_cap=over_cap
    )
    save_step(request, OvertimeRequest.Step.REQUEST)
    return request


def _locked(request: OvertimeRequest) -> OvertimeRequest:
    return OvertimeRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def overtime_approve(
    *, request: OvertimeRequest, by, exception_reason: str = ""
) -> OvertimeRequest:
    """经批准后执行: approved before the day is over. Beyond the cap only the director
    approves, and says why."""
    request = _locked(request)
    if request.status != OvertimeRequest.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if not may_decide(by, request.user):
        raise ValidationError(
            _("A supervisor decides a clerk's overtime, the director a supervisor's."),
            code="not_allowed",
        )
    if request.day < timezone.localdate():
        raise ValidationError(
            _("Overtime is approved before it is worked: %(day)s has passed.")
            % {"day": request.day.isoformat()},
            code="too_late",
        )
    cap = daily_cap(request.day)
    approved = _planned_that_day(request.user, request.day, exclude=request.pk, approved=True)
    if approved + request.planned_hours > cap:
        if not is_director(by):
            raise _over_cap_error(request.day, cap)
        if not exception_reason.strip():
            raise ValidationError(
                _("Beyond the daily cap: give the reason for the exception."),
                code="exception_reason",
            )
        request.over_cap = True
        request.exception_reason = exception_reason.strip()
    request.status = OvertimeRequest.Status.APPROVED
    request.decided_by, request.decided_at = by, timezone.now()
    save_step(request, OvertimeRequest.Step.APPROVE, reason=exception_reason)
    return request


@transaction.atomic
def overtime_refuse(*, request: OvertimeRequest, by, reason: str = "") -> OvertimeRequest:
    request = _locked(request)
    if request.status != OvertimeRequest.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if not may_decide(by, request.user):
        raise ValidationError(
            _("A supervisor decides a clerk's overtime, the director a supervisor's."),
            code="not_allowed",
        )
    request.status = OvertimeRequest.Status.REFUSED
    request.decided_by, request.decided_at = by, timezone.now()
    save_step(request, OvertimeRequest.Step.REFUSE, reason=reason)
    return request


@transaction.atomic
def overtime_record(
    *, request: OvertimeRequest, by, worked_hours: Decimal, compensation: str
) -> OvertimeRequest:
    """The hours actually worked, recorded afterwards by the staff member (or a manager),
    with the compensation: 调休 or pay."""
    request = _locked(request)
    if request.user_id != by.pk and not is_manager(by):
        raise ValidationError(_("Only the staff member or a manager records the hours."))
    if request.status != OvertimeRequest.Status.APPROVED:
        raise ValidationError(
            _("Only approved overtime is recorded (unapproved overtime is not overtime)."),
            code="not_approved",
        )
    if request.day > timezone.localdate():
        raise ValidationError(
            _("Record the hours on or after %(day)s.") % {"day": request.day.isoformat()},
            code="not_yet",
        )
    if worked_hours <= 0:
        raise ValidationError(_("Give the hours worked (more than 0)."), code="hours")
    if worked_hours > request.planned_hours:
        raise ValidationError(
            _("More than the %(hours)s hours approved: ask for the rest in a new request.")
            % {"hours": request.planned_hours},
            code="over_approved",
        )
    if compensation not in OvertimeRequest.Compensation.values:
        raise ValidationError(_("Choose time off in lieu or overtime pay."), code="compensation")
    request.worked_hours = worked_hours
    request.compensation = compensation
    request.status = OvertimeRequest.Status.WORKED
    save_step(request, OvertimeRequest.Step.RECORD)
    return request


def overtime_hours(user, start: dt.date, end: dt.date) -> dict[dt.date, Decimal]:
    """Worked, approved overtime per day from `start` to `end` (inclusive): the 考勤表's
    加班 column."""
    rows = (
        OvertimeRequest.objects.filter(
            user=user, day__range=(start, end), status=OvertimeRequest.Status.WORKED
        )
        .values("day")
        .annotate(hours=Sum("worked_hours"))
        .order_by("day")
    )
    return {row["day"]: row["hours"] for row in rows}


@dataclass
class MonthTotal:
    user: object
    time_off: Decimal = Decimal(0)
    pay: Decimal = Decimal(0)
    days: set = field(default_factory=set)

    @property
    def hours(self) -> Decimal:
        return self.time_off + self.pay


def month_totals(start: dt.date, end: dt.date, users=None) -> list[MonthTotal]:
    """Each staff member's worked overtime from `start` to `end`, by compensation; one query."""
    requests = OvertimeRequest.objects.filter(
        day__range=(start, end), status=OvertimeRequest.Status.WORKED
    ).select_related("user__staff_profile")
    if users is not None:
        requests = requests.filter(user__in=users)
    totals: dict[int, MonthTotal] = {}
    for request in requests.order_by("user_id", "day"):
        total = totals.setdefault(request.user_id, MonthTotal(request.user))
        if request.compensation == OvertimeRequest.Compensation.PAY:
            total.pay += request.worked_hours
        else:
            total.time_off += request.worked_hours
        total.days.add(request.day)
    return list(totals.values())
