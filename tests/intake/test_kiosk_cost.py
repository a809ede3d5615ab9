"""A ticket at the kiosk costs what a ticket must write and little more: the front desk
from the shared cache in one round trip, the rate limit in one statement, and the gapless
counter, the ticket and its history row in one transaction (bench/queue.py measures it)."""

import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import Ticket
from intake.views.queue import TICKET_SALT

pytestmark = pytest.mark.django_db


def kiosk_token(client) -> str:
    page = client.get("/queue/kiosk/").content.decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def statements(queries) -> list[str]:
    """What was sent, without the transaction's BEGIN/COMMIT/SAVEPOINT bookkeeping."""
    skip = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return [q["sql"] for q in queries if not q["sql"].upper().startswith(skip)]


@pytest.mark.parametrize("with_token", [False, True])
def test_a_ticket_costs_five_statements(client, open_center, with_token):
    client.post("/queue/kiosk/", {"category": "minzheng"})  # the front desk is cached now
    data = {"category": "minzheng"} | ({"token": kiosk_token(client)} if with_token else {})
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/queue/kiosk/", data)
    assert response.status_code == 302
    sent = statements(queries)
    # The cache read, the rate limit's upsert, the counter, the ticket, its history row.
    assert len(sent) == 5, "\n".join(sent)
    assert sum("django_cache" in sql for sql in sent) == 1
    ticket = Ticket.objects.order_by("pk").last()
    assert ticket.number == 2
    assert ticket.history.get().history_step == Ticket.Step.ISSUE


def test_a_replayed_form_after_closing_time_still_shows_its_ticket(
    client, open_center, django_capture_on_commit_callbacks
):
    token = kiosk_token(client)
    data = {"category": "minzheng", "token": token}
    first = client.post("/queue/kiosk/", data)
    with django_capture_on_commit_callbacks(execute=True):
        open_center.opening_hours.all().delete()
        open_center.save()  # closed from now on: the cached front desk follows at commit
    again = client.post("/queue/kiosk/", data)
    # The same ticket (its address is signed with the time, so compare what it names).
    assert again.status_code == 302
    assert shown_ticket(again["Location"]) == shown_ticket(first["Location"])
    assert Ticket.objects.count() == 1
    assert client.post("/queue/kiosk/", {"category": "minzheng"}).status_code == 400


def shown_ticket(location: str) -> int:
    token = location.split("/queue/ticket/")[1].split("/")[0]
    return signing.loads(token, salt=TICKET_SALT)
