"""Every staff and public form, posted with over-long, malformed and odd values: never a
500, and input that is refused changes nothing. Runs on SQLite and on PostgreSQL (where a
varchar limit refuses what SQLite keeps).

To add a form: add a Form(...) to FORMS with the data that would pass, the fields whose
every malformed value must be refused (`strict`), and what to count.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from disclosure.models import Category, ServiceItem
from intake import appointments, cases, lost, queue
from intake.models import (
    Appointment,
    Call,
    Case,
    CaseExtension,
    CaseNotice,
    CaseSupplement,
    CounterSession,
    LostItem,
    Ticket,
)
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user
from tests.intake.test_appointments import next_working_monday

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"

# Longer than any column and any form's limit: always refused.
TOO_LONG = ["x" * 301, "长" * 5000]
# Malformed ids, numbers, codes and dates.
MALFORMED = [
    "abc",
    "-1",
    "0",
    "1.5",
    "1e3",
    "99999999999999999999999",
    "１２３",  # full-width digits
    "\x00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
]
# Odd but possibly fine: must only never be a 500.
ODD = ["", " ", "名" * 200, "110105 19491231 002X", "+86 138-0013-8000", "2026-02-30", "25:99"]


@dataclass
class World:
    clerk: User
    supervisor: User
    clerk2: User
    category: Category
    item: ServiceItem
    counter: Counter
    called: Ticket
    case: Case
    lost: LostItem
    appointment: Appointment


@dataclass
class Form:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    counts: Callable[[], tuple] = lambda: ()
    strict: tuple[str, ...] = ()
    user: str | None = "clerk"
    method: str = "post"
    extra: tuple[str, ...] = field(default_factory=tuple)  # fields not in the valid data
    # A ticked checkbox is ticked whatever its value says.
    checkboxes: tuple[str, ...] = ("another", "documents_returned", "fees_settled", "overdue")


FORMS = [
    Form(
        "kiosk",
        lambda w: "/queue/kiosk/",
        lambda w: {"category": w.category.code, "token": ""},
        lambda: (Ticket.objects.count(),),
        strict=("category",),
        user=None,
    ),
    Form(
        "kiosk check-in",
        lambda w: "/queue/kiosk/check-in/",
        lambda w: {"code": w.appointment.code, "last4": "5678"},
        lambda: (Ticket.objects.count(),),
        strict=("code", "last4"),
        user=None,
    ),
    Form(
        "booking",
        lambda w: "/queue/book/",
        lambda w: {
            "category": w.category.pk,
            "day": next_working_monday(),
            "slot": "10:00",
            "name": "张三",
            "phone": "13812345678",
        },
        lambda: (Appointment.objects.count(),),
        strict=("category", "day", "slot", "phone"),
        user=None,
        extra=("token",),
    ),
    Form(
        "booking cancel",
        lambda w: "/queue/book/cancel/",
        lambda w: {"code": w.appointment.code, "last4": "5678"},
        lambda: (Appointment.objects.filter(status=Appointment.Status.CANCELLED).count(),),
        strict=("code", "last4"),
        user=None,
    ),
    Form(
        "case lookup",
        lambda w: "/track/",
        lambda w: {"case": w.case.number, "last4": "5678"},
        user=None,
    ),
    Form(
        "sign on",
        lambda w: "/desk/sign-on/",
        lambda w: {"counter": w.counter.pk},
        lambda: (CounterSession.objects.count(),),
        strict=("counter",),
    ),
    Form(
        "workstation button",
        lambda w: "/desk/recall/",
        lambda w: {"ticket": w.called.pk},
        lambda: (Call.objects.count(),),
        strict=("ticket",),
    ),
    Form(
        "workstation transfer",
        lambda w: "/desk/transfer/",
        lambda w: {
            "ticket": w.called.pk,
            "transfer-category": w.item.category.pk,
        },
        lambda: (Ticket.history.count(),),
        strict=("ticket", "transfer-category", "transfer-counter"),
        extra=("transfer-counter",),
    ),
    Form(
        "green channel",
        lambda w: "/desk/priority/",
        lambda w: {"priority-category": w.category.pk, "priority-priority": "elderly"},
        lambda: (Ticket.objects.count(),),
        strict=("priority-category", "priority-priority"),
    ),
    Form(
        "case registration",
        lambda w: "/desk/cases/new/",
        lambda w: {
            "item": w.item.code,
            "ticket": w.called.pk,
            "another": "on",
            "applicant_name": "张三",
            "applicant_id_number": ID,
            "applicant_phone": "13812345678",
            "agent_name": "",
            "agent_id_number": "",
            "agent_phone": "",
            "mode": "promised",
            "received": [m.pk for m in w.item.materials.all()],
            "action": "accept",
        },
        lambda: (Case.objects.count(), CaseNotice.objects.count()),
        strict=("item", "ticket", "applicant_id_number", "applicant_phone", "mode", "received"),
        extra=("token",),
    ),
    Form(
        "case step with a reason",
        lambda w: f"/desk/cases/{w.case.number}/hand-over/",
        lambda w: {"to": w.clerk2.pk, "reason": "休假"},
        lambda: (Case.history.count(),),
        strict=("to",),
        extra=("token",),
    ),
    Form(
        "case extension",
        lambda w: f"/desk/cases/{w.case.number}/extend/",
        lambda w: {"days": "1", "reason": "需实地核查"},
        lambda: (Case.history.count(), CaseExtension.objects.count()),
        strict=("days", "told_how", "told_at"),
        user="supervisor",
        extra=("told_how", "told_at"),
    ),
    Form(
        "case supplement",
        lambda w: f"/desk/cases/{w.case.number}/supplement/",
        lambda w: {"materials": "租房合同原件"},
        lambda: (Case.history.count(), CaseSupplement.objects.count()),
    ),
    Form(
        "case reply",
        lambda w: f"/desk/cases/{w.case.number}/reply/",
        lambda w: {
            "method": "phone",
            "opinion": "满意",
            "documents_returned": "on",
            "fee_charged": "0",
        },
        lambda: (Case.history.count(),),
        strict=("method",),
        extra=("fee_receipt_number",),
    ),
    Form(
        "lost property register",
        lambda w: "/desk/lost/",
        lambda w: {
            "description": "钱包",
            "found_where": "大厅",
            "found_by": "王芳",
            "kept_at": "柜",
        },
        lambda: (LostItem.objects.count(),),
    ),
    Form(
        "lost property claim",
        lambda w: f"/desk/lost/{w.lost.pk}/",
        lambda w: {"name": "李四", "id_number": ID},
        lambda: (LostItem.history.count(),),
        strict=("id_number",),
    ),
    Form(
        "lost property hand-over request",
        lambda w: f"/desk/lost/{w.lost.pk}/hand-over/",
        lambda w: {"to": "街道办", "reason": "满30天无人认领"},
        lambda: (LostItem.history.count(),),
    ),
    Form(
        "lost property hand-over refusal",
        lambda w: f"/desk/lost/{w.lost.pk}/hand-over/refuse/",
        lambda w: {"reason": "失主已来电"},
        lambda: (LostItem.history.count(),),
        user="supervisor",
    ),
    Form(
        "ledger filters",
        lambda w: "/desk/ledger/",
        lambda w: {
            "date_from": "2026-01-01",
            "date_to": "2026-12-31",
            "item": w.item.pk,
            "clerk": w.clerk.pk,
            "stage": "received",
            "mode": "promised",
            "overdue": "on",
            "page": "2",
        },
        user="supervisor",
        method="get",
    ),
    Form(
        "ledger export",
        lambda w: "/desk/ledger/export.csv",
        lambda w: {"date_from": "2026-01-01", "item": w.item.pk, "clerk": w.clerk.pk},
        user="supervisor",
        method="get",
    ),
    Form(
        "daily report",
        lambda w: "/desk/daily/",
        lambda w: {"day": "2026-01-05"},
        user="supervisor",
        method="get",
    ),
    Form(
        "queue figures",
        lambda w: "/queue/stats/",
        lambda w: {"day": "2026-01-05"},
        user="supervisor",
        method="get",
    ),
    Form(
        "registration page",
        lambda w: "/desk/cases/new/",
        lambda w: {"item": w.item.code, "ticket": w.called.pk},
        method="get",
    ),
    Form(
        "booking page",
        lambda w: "/queue/book/",
        lambda w: {"category": w.category.pk, "day": "2026-01-05"},
        user=None,
        method="get",
    ),
    Form("guide search", lambda w: "/guide/", lambda w: {"q": "jzz"}, user=None, method="get"),
]


@pytest.fixture
def world(open_center) -> World:
    clerk = make_user("clerk", Role.CLERK)
    category = Category.objects.get(code="minzheng")
    counter = Counter.objects.get(number=3)
    session = queue.session_open(clerk=clerk, counter=counter)
    queue.ticket_issue(category=category, check_open=False)
    called = queue.ticket_call_next(session=session)
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number=ID, phone="13812345678")
    case = cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode="promised",
        clerk=clerk,
    )
    found = lost.lost_register(
        description="钱包", found_where="大厅", found_by="王芳", kept_at="柜", clerk=clerk
    )
    # Kept past the holding period: it may be handed on.
    LostItem.objects.filter(pk=found.pk).update(found_at=timezone.now() - dt.timedelta(days=40))
    category.appointment_capacity = category.appointment_capacity or 2
    category.save()
    appointment = appointments.appointment_book(
        category=category,
        day=next_working_monday(),
        slot=dt.time(9, 30),
        name="张三",
        phone="13812345678",
    )
    return World(
        clerk=clerk,
        supervisor=make_user("supervisor", Role.SUPERVISOR),
        clerk2=make_user("clerk2", Role.CLERK),
        category=category,
        item=item,
        counter=counter,
        called=called,
        case=case,
        lost=found,
        appointment=appointment,
    )


def send(client, form: Form, world: World, data: dict):
    url = form.url(world)
    if form.method == "get":
        return client.get(url, data)
    return client.post(url, data)


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_bad_values_never_give_a_500_and_refused_ones_change_nothing(client, world, form):
    if form.user:
        client.force_login(getattr(world, form.user))
    valid = form.data(world)
    for name in [*valid, *form.extra]:
        for value in TOO_LONG + MALFORMED + ODD:
            before = form.counts()
            response = send(client, form, world, {**valid, name: value})
            assert response.status_code < 500, (form.name, name, value[:20])
            must_refuse = (value in TOO_LONG and name not in form.checkboxes) or (
                name in form.strict and value in MALFORMED
            )
            if must_refuse:
                assert form.counts() == before, (form.name, name, value[:20])


URLS = [
    "/desk/cases/{junk}/",
    "/desk/cases/{junk}/receipt.pdf",
    "/desk/notices/{junk}/",
    "/desk/notices/{junk}/print.pdf",
    "/queue/ticket/{junk}/",
    "/queue/book/done/{junk}/",
    "/guide/{junk}/",
    "/rules/{junk}/",
]


@pytest.mark.parametrize("url", URLS)
def test_malformed_ids_in_addresses_are_not_found(client, world, url):
    client.force_login(world.supervisor)
    for junk in ["abc", "99999999999999999999999", "-1", "长" * 300, "%00", "..%2F..%2F"]:
        assert client.get(url.format(junk=junk)).status_code in (400, 404), (url, junk)


def test_a_huge_lost_item_number_is_not_found(client, world):
    client.force_login(world.clerk)
    response = client.post("/desk/lost/99999999999999999999999/", {"name": "李四", "id_number": ID})
    assert response.status_code == 404
