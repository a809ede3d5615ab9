"""全程代理台帐 (every case: item, clerk, result), the day's statistics reported upward,
and the lost-property register."""

import datetime as dt
import statistics
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import ServiceItem
from intake.models import Case, LostItem, Ticket
from intake.services import save_step
from servicecenter import exports
from servicecenter.personal import lookup_hash, mask_id_number, mask_name, normalize_id_number

LOST_PROPERTY_DAYS = 30  # 遗失物品处理制度: unclaimed after 30 days, handed on


def ledger_filter(cases: QuerySet[Case], data: dict) -> QuerySet[Case]:
    if data.get("date_from"):
        cases = cases.filter(received_at__gte=_start(data["date_from"]))
    if data.get("date_to"):
        cases = cases.filter(received_at__lt=_start(data["date_to"] + dt.timedelta(days=1)))
    if data.get("item"):
        cases = cases.filter(item=data["item"])
    if data.get("clerk"):
        cases = cases.filter(Q(handler=data["clerk"]) | Q(first_clerk=data["clerk"]))
    if data.get("stage"):
        cases = cases.filter(stage=data["stage"])
    if data.get("mode"):
        cases = cases.filter(mode=data["mode"])
    if data.get("overdue"):
        open_stages = [Case.Stage.RECEIVED, Case.Stage.PROCESSING, Case.Stage.SUSPENDED]
        cases = cases.filter(stage__in=open_stages, due_date__lt=timezone.localdate())
    return cases


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


# Columns of the ledger's exports, read from plain rows (values_list): no model object,
# no join per row. Item and clerk names come from two small lookups made once.
LEDGER_FIELDS = (
    "number",
    "item_id",
    "mode",
    "stage",
    "applicant_name",
    "received_at",
    "due_date",
    "completed_at",
    "first_clerk_id",
    "handler_id",
    "satisfaction",
)


def staff_names() -> dict[int, str]:
    """Each user's name as the staff board shows it (the username when no profile)."""
    users = get_user_model().objects.values_list("pk", "staff_profile__name", "username")
    return {pk: name or username for pk, name, username in users}


def ledger_sheet(cases: QuerySet[Case]) -> exports.Sheet:
    items = dict(ServiceItem.objects.values_list("pk", "name"))
    people = staff_names()
    modes = {value: str(label) for value, label in Case.Mode.choices}
    stages = {value: str(label) for value, label in Case.Stage.choices}
    tz = timezone.get_current_timezone()

    def on_time(row) -> str:
        # As Case.on_time: completed on or before the due date, in the center's days.
        if row[7] is None:
            return ""
        return "是" if row[7].astimezone(tz).date() <= row[6] else "否"

    Column, Kind, at = exports.Column, exports.Kind, exports.at
    columns = [
        Column("办件编号", at(0)),
        Column("事项", lambda row: items.get(row[1], "")),
        Column("办理方式", lambda row: modes.get(row[2], row[2])),
        Column("环节", lambda row: stages.get(row[3], row[3])),
        Column("申请人", lambda row: mask_name(row[4])),  # 保密制度: masked
        Column("受理时间", at(5), Kind.DATETIME),
        Column("承诺办结日期", at(6), Kind.DATE),
        Column("办结时间", at(7), Kind.DATETIME),
        Column("按时办结", on_time),
        Column("首问负责人", lambda row: people.get(row[8], "")),
        Column("承办人", lambda row: people.get(row[9], "")),
        Column("满意度", at(10), Kind.NUMBER),
    ]
    # Fetched in large chunks (a server-side cursor on PostgreSQL): a year never sits in memory.
    rows = cases.values_list(*LEDGER_FIELDS).iterator(chunk_size=5000)
    return exports.Sheet("台帐", columns, rows)


# -- the day's statistics -------------------------------------------------------------------


def day_statistics(day: dt.date) -> dict:
    """每天统计汇总: per item, the day's cases by mode, completions, on-time rate, overdue,
    average handling days and satisfaction; and the queue's tickets and waits."""
    start, end = _start(day), _start(day + dt.timedelta(days=1))
    received = (
        Case.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("item__name")
        .annotate(
            total=Count("pk"),
            immediate=Count("pk", filter=Q(mode=Case.Mode.IMMEDIATE)),
            promised=Count("pk", filter=Q(mode=Case.Mode.PROMISED)),
            proxy=Count("pk", filter=Q(mode=Case.Mode.PROXY)),
        )
    )
    # order_by(): the model's default order (newest first) would sort rows only summed here.
    completed = (
        Case.objects.filter(completed_at__gte=start, completed_at__lt=end)
        .order_by()
        .values_list("item__name", "received_at", "completed_at", "due_date", "satisfaction")
    )
    open_stages = [Case.Stage.RECEIVED, Case.Stage.PROCESSING, Case.Stage.SUSPENDED]
    overdue = (
        # due_date < day already means received before the day (a case is never due before
        # it is received); a received_at condition would steer SQLite to the wrong index.
        Case.objects.filter(stage__in=open_stages, due_date__lt=day)
        .values("item__name")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in received:
        rows[row["item__name"]].update(row)
    done = defaultdict(list)
    for name, received_at, completed_at, due, rating in completed:
        done[name].append((received_at, completed_at, due, rating))
    for name, cases in done.items():
        row = rows[name]
        row["completed"] = len(cases)
        on_time = sum(timezone.localdate(c) <= due for _r, c, due, _s in cases)
        row["on_time_rate"] = round(100 * on_time / len(cases), 1)
        row["handling_days"] = round(
            statistics.mean((c - r).total_seconds() / 86400 for r, c, _d, _s in cases), 1
        )
        ratings = [s for *_rest, s in cases if s]
        row["satisfaction"] = round(statistics.mean(ratings), 1) if ratings else None
    for row in overdue:
        rows[row["item__name"]]["overdue"] = row["n"]
    tickets = Ticket.objects.filter(day=day)
    waits = [
        t.wait_seconds / 60
        for t in tickets.filter(called_at__isnull=False).only("issued_at", "called_at")
    ]
    table = [{"item": name, **values} for name, values in sorted(rows.items())]
    longest = max((row.get("total", 0) for row in table), default=0) or 1
    for row in table:
        row["bar"] = round(100 * row.get("total", 0) / longest)
    return {
        "rows": table,
        "tickets": tickets.count(),
        "average_wait": round(statistics.mean(waits), 1) if waits else None,
        "cases": sum(row.get("total", 0) for row in table),
        "completed": sum(row.get("completed", 0) for row in table),
        "satisfaction": Case.objects.filter(replied_at__gte=start, replied_at__lt=end).aggregate(
            value=Avg("satisfaction")
        )["value"],
    }


# -- lost property --------------------------------------------------------------------------


@transaction.atomic
def lost_register(
    *, description: str, found_where: str, found_by: str, kept_at: str, clerk
) -> LostItem:
    for value in (description, found_where, found_by, kept_at):
        if not value or not value.strip():
            raise ValidationError(_("Fill in what was found, where, by whom and where it is kept."))
    item = LostItem(
        description=description.strip(),
        found_where=found_where.strip(),
        found_by=found_by.strip(),
        kept_at=kept_at.strip(),
        registered_by=clerk,
    )
    save_step(item, "登记")
    return item


@transaction.atomic
def lost_claim(*, item: LostItem, name: str, id_number: str) -> LostItem:
    """Handed to its owner only after checking an identity document (身份证号 validated)."""
    item = LostItem.objects.select_for_update().get(pk=item.pk)
    if item.status != LostItem.Status.KEPT:
        raise ValidationError(_("This item is no longer kept here."))
    if not name or not name.strip():
        raise ValidationError(_("Enter the name of the person who claims it."))
    number = normalize_id_number(id_number)
    item.status = LostItem.Status.CLAIMED
    item.claimant_name = name.strip()
    item.claimant_id_masked = mask_id_number(number)
    item.claimant_id_hash = lookup_hash(number)
    item.claimed_at = timezone.now()
    save_step(item, "认领（已核验身份）")
    return item


@transaction.atomic
def lost_hand_over(*, item: LostItem, to: str) -> LostItem:
    item = LostItem.objects.select_for_update().get(pk=item.pk)
    if item.status != LostItem.Status.KEPT:
        raise ValidationError(_("This item is no longer kept here."))
    if not to or not to.strip():
        raise ValidationError(_("Enter who received it."))
    item.status = LostItem.Status.HANDED_OVER
    item.handed_to = to.strip()
    item.handed_at = timezone.now()
    save_step(item, "移交")
    return item


def lost_due_for_hand_over() -> QuerySet[LostItem]:
    limit = timezone.now() - dt.timedelta(days=LOST_PROPERTY_DAYS)
    return LostItem.objects.filter(status=LostItem.Status.KEPT, found_at__lt=limit)
