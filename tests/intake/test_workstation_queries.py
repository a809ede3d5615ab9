"""The workstation is most of the server's work in the peak hour: its page, the queue panel
it polls every 3 s and each step's POST run a fixed, small number of queries whatever the
length of the queue, and what they show stays right."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import queue
from intake.models import Case, CounterSession, Ticket
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user
from tests.intake.conftest import issue
from tests.intake.test_due_soon_working_days import case_due

pytestmark = pytest.mark.django_db

# Pinned: lower them when a query goes away; a rise is a regression to explain.
PANEL_QUERIES = 5  # session, user, groups; the counter session; ticket, list and count
PAGE_QUERIES = 20


@pytest.fixture
def clerk3(client, demo):
    user = make_user("clerk3", Role.CLERK)
    client.force_login(user)
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    return user


def queries(client, method: str, url: str, data: dict | None = None, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {}, **extra)
    assert response.status_code in (200, 302)
    return len(captured)


def test_a_ticket_sent_to_this_counter_is_listed_and_counted_once(client, clerk3, minzheng):
    # 民政 (C) is called at counters 3 and 4; counter 4 sends one of its tickets to counter 3.
    counter3, counter4 = Counter.objects.get(number=3), Counter.objects.get(number=4)
    minzheng.counters.add(counter4)
    session4 = queue.session_open(clerk=make_user("clerk4", Role.CLERK), counter=counter4)
    issue(minzheng, 2)
    called = queue.ticket_call_next(session=session4)
    queue.ticket_transfer(session=session4, ticket_id=called.pk, counter=counter3)
    page = client.get("/desk/queue/").content.decode()
    assert page.count(called.display_number) == 1
    assert "2人等候" in page
    assert queue.counter_queue(counter3).waiting_count == 2


def test_the_panel_shows_the_current_ticket_the_first_twelve_and_how_many_wait(
    client, clerk3, minzheng
):
    issue(minzheng, 15)
    client.post("/desk/call/")
    page = client.get("/desk/queue/").content.decode()
    assert 'data-current="' + str(Ticket.objects.get(status=Ticket.Status.CALLED).pk) in page
    assert "14人等候" in page
    assert re.findall(r"<strong>(C\d+)</strong>", page) == [f"C{n:03d}" for n in range(2, 14)]


def test_the_panel_names_each_category_and_tags_green_channel_and_transfers(
    client, clerk3, minzheng
):
    # The panel's query is written out by hand: what it shows is checked line by line.
    issue(minzheng, 2)
    issue(minzheng, 1, priority=Ticket.Priority.ELDERLY)
    client.post("/desk/call/")  # the green-channel ticket C003 comes first
    client.post("/desk/start/", {"ticket": Ticket.objects.get(number=3).pk})
    page = client.get("/desk/queue/").content.decode()
    now = page.split("<h2>")[0]
    assert "C003" in now and minzheng.name in now
    assert "办理中" in now and "老年人" in now
    assert re.findall(r"<strong>(C\d+)</strong> (\S+)", page) == [
        ("C001", minzheng.name),
        ("C002", minzheng.name),
    ]
    assert "2人等候" in page


def test_the_panel_lists_exactly_what_call_next_would_call_in_its_order(client, clerk3, minzheng):
    # Two definitions of "waiting for this counter" (the panel's SQL, the ORM's waiting_for):
    # walk-ins, green channel, transfers to this counter and to another one must agree.
    counter3, counter4 = Counter.objects.get(number=3), Counter.objects.get(number=4)
    minzheng.counters.add(counter4)
    session4 = queue.session_open(clerk=make_user("clerk4", Role.CLERK), counter=counter4)
    issue(minzheng, 4)
    issue(minzheng, 1, priority=Ticket.Priority.PREGNANT)
    to_here = queue.ticket_call_next(session=session4)
    queue.ticket_transfer(session=session4, ticket_id=to_here.pk, counter=counter3)
    issue(minzheng, 2)
    elsewhere = queue.ticket_call_next(session=session4)
    other = Counter.objects.exclude(number__in=[3, 4]).first()
    queue.ticket_transfer(session=session4, ticket_id=elsewhere.pk, counter=other)
    found = queue.counter_queue(counter3)
    expected = list(queue.waiting_for(counter3))
    assert [t.pk for t in found.waiting] == [t.pk for t in expected]
    assert found.waiting_count == len(expected) == 6
    assert found.waiting[0] == to_here and elsewhere not in found.waiting


def test_the_panel_runs_a_fixed_number_of_queries_whatever_the_queue(client, clerk3, minzheng):
    issue(minzheng, 3)
    client.post("/desk/call/")
    counts = []
    for more in (0, 40):
        issue(minzheng, more)
        counts.append(queries(client, "get", "/desk/queue/"))
    assert counts == [PANEL_QUERIES, PANEL_QUERIES]


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_queue_and_cases(
    client, clerk3, minzheng
):
    issue(minzheng, 3)
    client.post("/desk/call/")
    client.get("/desk/")  # fills the shared cache once (and closes yesterday's queue)
    counts = []
    for more in (0, 30):
        issue(minzheng, more)
        for _ in range(more):
            case_due(timezone.localdate(), clerk3)
        counts.append(queries(client, "get", "/desk/"))
    assert counts == [PAGE_QUERIES, PAGE_QUERIES]


def test_each_step_at_the_counter_runs_a_fixed_number_of_queries(client, clerk3, minzheng):
    issue(minzheng, 3)
    client.get("/desk/")
    ticket = Ticket.objects.order_by("pk").first()
    counts = {
        "call": queries(client, "post", "/desk/call/"),
        "start": queries(client, "post", "/desk/start/", {"ticket": ticket.pk}),
        "finish": queries(client, "post", "/desk/finish/", {"ticket": ticket.pk}),
        "pause": queries(client, "post", "/desk/pause/"),
        "resume": queries(client, "post", "/desk/resume/"),
    }
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.DONE
    # Under the test's transaction each step's atomic block adds a SAVEPOINT and its RELEASE.
    assert counts == {"call": 12, "start": 9, "finish": 9, "pause": 8, "resume": 8}


def test_each_step_sent_by_the_script_runs_a_fixed_number_of_queries_and_no_page(
    client, clerk3, minzheng
):
    issue(minzheng, 3)
    client.get("/desk/")
    ticket = Ticket.objects.order_by("pk").first()
    fetch = {"headers": {"X-Requested-With": "fetch"}}
    counts = {}
    for more in (0, 40):  # whatever the length of the queue
        issue(minzheng, more)
        counts[more] = {
            "call": queries(client, "post", "/desk/call/", {}, **fetch),
            "start": queries(client, "post", "/desk/start/", {"ticket": ticket.pk}, **fetch),
            "finish": queries(client, "post", "/desk/finish/", {"ticket": ticket.pk}, **fetch),
        }
        ticket = Ticket.objects.filter(status=Ticket.Status.WAITING).order_by("pk").first()
    assert Ticket.objects.filter(status=Ticket.Status.DONE).count() == 2
    # The step's own queries (as above) and the panel's one; no redirect to the page's 20.
    assert counts[0] == counts[40] == {"call": 13, "start": 10, "finish": 10}


def test_the_most_urgent_open_cases_first_and_a_link_to_all_of_them(client, clerk3):
    today = timezone.localdate()
    for days in range(25):
        case_due(today + dt.timedelta(days=days - 3), clerk3)  # three of them overdue
    done = case_due(today, clerk3)
    Case.objects.filter(pk=done.pk).update(stage=Case.Stage.COMPLETED, completed_at=timezone.now())
    response = client.get("/desk/")
    shown = list(response.context["cases"])
    assert len(shown) == 20
    assert [case.due_date for case in shown] == sorted(c.due_date for c in shown)
    assert shown[0].due_date == today - dt.timedelta(days=3)
    assert response.context["overdue"] == 3 and response.context["open_count"] == 25
    page = response.content.decode()
    link = re.search(r'<a href="([^"]+)" id="all-open-cases">全部 25 件</a>', page)
    ledger = client.get(link.group(1).replace("&amp;", "&"))
    assert ledger.status_code == 200
    # The link lists exactly the N open cases it names, not the clerk's completed ones.
    assert {row["number"] for row in ledger.context["cases"]} == set(
        Case.objects.filter(first_clerk=clerk3).open().values_list("number", flat=True)
    )
    assert done.number not in {row["number"] for row in ledger.context["cases"]}
    assert CounterSession.objects.filter(clerk=clerk3).exists()
