import re

import pytest
from openpyxl import load_workbook

from intake.models import CounterSession, Ticket
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk3(client, demo):
    user = make_user("clerk3", Role.CLERK)
    client.force_login(user)
    return user


def press(client, action, **data):
    url = f"/desk/{action.replace('_', '-')}/"
    return client.post(url, data, follow=True).content.decode()


def test_clerk_signs_on_calls_serves_and_finishes(client, clerk3, minzheng):
    [ticket] = issue(minzheng)
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    assert CounterSession.objects.get(clerk=clerk3).counter.number == 3
    assert "已叫C001号" in press(client, "call")
    assert "开始办理C001号" in press(client, "start", ticket=ticket.pk)
    assert "C001号已办结" in press(client, "finish", ticket=ticket.pk)
    assert Ticket.objects.get().status == Ticket.Status.DONE
    assert "没有人在等候" in press(client, "call")


def test_actions_without_a_ticket_or_session_explain_themselves(client, clerk3, minzheng):
    assert "您还没有在窗口上岗" in press(client, "call")
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    assert "当前没有号码" in press(client, "finish", ticket="")
    assert client.post("/desk/explode/").status_code == 404


def test_waiting_list_poll_shows_the_queue(client, clerk3, minzheng):
    issue(minzheng, 2)
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    page = client.get("/desk/queue/").content.decode()
    assert "C001" in page and "C002" in page and "2人等候" in page


def test_workstation_query_count_does_not_grow_with_the_queue(client, clerk3, minzheng):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    issue(minzheng, 5)
    client.get("/desk/")  # fills the shared cache once
    counts = []
    for more in (0, 50):
        issue(minzheng, more)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/desk/").status_code == 200
        counts.append(len(queries))
    # The workstation gathers every part's panel (queue, cases, 办结待告知, consultations,
    # attendance, and the reminders the apps above lend): a fixed number, whatever the queue.
    assert counts[0] == counts[1] <= 20


def test_priority_ticket_from_the_workstation(client, clerk3, minzheng, open_center):
    response = client.post(
        "/desk/priority/",
        {"priority-category": minzheng.pk, "priority-priority": "elderly"},
        follow=True,
    )
    page = response.content.decode()
    assert "C001" in page and "/queue/ticket/" in page  # back at the desk, with a print link
    assert Ticket.objects.get().rank == Ticket.RANK_PRIORITY


def test_supervisor_reads_the_days_figures_and_exports_them(client, demo, minzheng, session3):
    from intake import queue

    for _ in range(3):
        issue(minzheng)
        ticket = queue.ticket_call_next(session=session3)
        queue.ticket_finish(session=session3, ticket_id=ticket.pk)
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get("/queue/stats/").content.decode()
    assert "C 民政事务" in page and "按工作人员" in page
    export = client.get("/queue/stats/export.xlsx")
    book = load_workbook(__import__("io").BytesIO(export.content))
    assert [sheet.title for sheet in book.worksheets] == ["按业务类别", "按窗口", "按工作人员"]
    assert book.worksheets[0]["B2"].value == 3
    assert "请选择今天或以前的日期" in client.get("/queue/stats/?day=2999-01-01").content.decode()


def test_a_double_click_on_the_green_channel_issues_one_ticket(
    client, clerk3, minzheng, open_center
):
    page = client.get("/desk/").content.decode()
    token = re.search(r'name="priority-token" value="([^"]+)"', page).group(1)
    form = {"priority-category": minzheng.pk, "priority-priority": "elderly"}
    first = client.post("/desk/priority/", {**form, "priority-token": token})
    again = client.post("/desk/priority/", {**form, "priority-token": token})
    assert first.status_code == again.status_code == 302
    assert Ticket.objects.count() == 1
    altered = client.post("/desk/priority/", {**form, "priority-token": token + "x"})
    assert altered.status_code == 302 and Ticket.objects.count() == 1
