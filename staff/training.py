"""Training (培训) and the induction of new staff (入职培训).

员工培训: "新员工入职培训由上级主管部门指派专人负责，包括便民服务站的工作规范、服务流程等内容"
— a manager opens a new staff member's induction naming the mentor (专人负责); the mentor
(or a manager) ticks the checklist of 工作规范 and 服务流程; until every point is ticked the
new staff member may not sign on at a counter (INDUCTION_REQUIRED_FOR_COUNTER). Staff who
joined before inductions were kept have none on record and are not held back.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from servicecenter.history import save_step
from servicecenter.roles import is_manager
from staff.models import Induction, InductionItem, TrainingSession
from staff.names import display_name

Kind = InductionItem.Kind

# The checklist every induction starts with (员工培训: 工作规范 and 服务流程).
CHECKLIST = [
    (Kind.RULES, gettext_lazy("Working hours, attendance and leave (考勤与请假)")),
    (Kind.RULES, gettext_lazy("Conduct at the counter: dress, badge, courtesy (文明服务)")),
    (Kind.RULES, gettext_lazy("Open disclosure and personal data (办事公开、个人信息保护)")),
    (Kind.RULES, gettext_lazy("Accountability for faults (过错责任追究)")),
    (Kind.PROCESS, gettext_lazy("Queue: calling, serving, transfer (取号叫号)")),
    (Kind.PROCESS, gettext_lazy("First-asked responsibility (首问负责制)")),
    (Kind.PROCESS, gettext_lazy("One-time notice of missing materials (一次性告知制)")),
    (Kind.PROCESS, gettext_lazy("Case stages and time limits (全程代理制、限时办结制)")),
    (Kind.PROCESS, gettext_lazy("Complaints and ratings (投诉受理、好差评)")),
]


@transaction.atomic
def training_record(
    *, topic: str, trainer: str, date: dt.date, hours: Decimal, attendees, by
) -> TrainingSession:
    """A training session held (or planned), with who attended."""
    if hours <= 0:
        raise ValidationError(_("Give the hours (more than 0)."), code="hours")
    if not attendees:
        raise ValidationError(_("Choose at least one attendee."), code="attendees")
    session = TrainingSession.objects.create(
        topic=topic.strip(), trainer=trainer.strip(), date=date, hours=hours, recorded_by=by
    )
    session.attendees.set(attendees)
    return session


@transaction.atomic
def induction_open(*, user, mentor, by) -> Induction:
    """入职培训 for a new staff member, with the mentor (专人负责) who sees it through."""
    if mentor.pk == user.pk:
        raise ValidationError(
            _("The mentor must be someone other than the new staff member."), code="mentor"
        )
    if Induction.objects.filter(user=user).exists():
        raise ValidationError(
            _("%(name)s already has an induction.") % {"name": user}, code="exists"
        )
    induction = Induction(user=user, mentor=mentor, started_on=timezone.localdate())
    save_step(induction, Induction.Step.OPEN)
    InductionItem.objects.bulk_create(
        InductionItem(induction=induction, kind=kind, title=str(title)) for kind, title in CHECKLIST
    )
    return induction


def may_tick(user, induction: Induction) -> bool:
    """The mentor or a manager confirms a point; the new staff member does not tick their own."""
    return user.pk != induction.user_id and (user.pk == induction.mentor_id or is_manager(user))


@transaction.atomic
def induction_tick(*, induction: Induction, item_id: int, by) -> InductionItem:
    """One checklist point done; the last one completes the induction."""
    induction = Induction.objects.select_for_update().get(pk=induction.pk)
    if not may_tick(by, induction):
        raise ValidationError(
            _("Only the mentor or a manager confirms induction items."), code="not_allowed"
        )
    item = induction.items.filter(pk=item_id).first()
    if item is None:
        raise ValidationError(_("No such item in this induction."), code="item")
    if item.done_at is not None:
        raise ValidationError(_("This item is already done."), code="done")
    item.done_at, item.done_by = timezone.now(), by
    item.save()
    save_step(induction, Induction.Step.TICK, reason=item.title)
    if not induction.items.filter(done_at__isnull=True).exists():
        induction.completed_at = timezone.now()
        save_step(induction, Induction.Step.COMPLETE)
    return item


def check_sign_on(user) -> None:
    """Raise ValidationError (code "induction") while `user`'s induction is not complete:
    the counter sign-on calls this."""
    if not settings.INDUCTION_REQUIRED_FOR_COUNTER:
        return
    induction = Induction.objects.filter(user=user).first()
    if induction is not None and not induction.is_complete:
        left = induction.items.filter(done_at__isnull=True).count()
        raise ValidationError(
            _(
                "Your induction (入职培训) is not complete yet: %(left)s checklist items are "
                "left. Ask your mentor, %(mentor)s."
            )
            % {"left": left, "mentor": display_name(induction.mentor)},
            code="induction",
        )


def training_hours(user, start: dt.date, end: dt.date) -> Decimal:
    """Hours of training `user` attended from `start` to `end` (inclusive)."""
    total = TrainingSession.objects.filter(attendees=user, date__range=(start, end)).aggregate(
        total=Sum("hours")
    )["total"]
    return total or Decimal(0)
