"""A ticket is inserted with its history row directly (servicecenter.history.insert_step),
not through the ORM's save and simple-history's signal: the rows must be the ones that
path writes, the acting user included."""

import pytest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from intake.models import Ticket
from servicecenter.history import insert_step, save_step
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db

# Differ between any two tickets: their own keys, number and times.
OWN = {"history_id", "id", "number", "history_date", "queued_at", "issued_at"}


def history_values(ticket: Ticket) -> dict:
    row = ticket.history.get()
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def saved_through_simple_history(category) -> Ticket:
    ticket = Ticket(day=timezone.localdate(), category=category, letter=category.prefix, number=99)
    save_step(ticket, Ticket.Step.ISSUE)
    return ticket


def test_the_kiosk_ticket_has_the_history_row_simple_history_writes(minzheng):
    [issued] = issue(minzheng)
    expected = saved_through_simple_history(minzheng)
    row, reference = history_values(issued), history_values(expected)
    assert {k: v for k, v in row.items() if k not in OWN} == {
        k: v for k, v in reference.items() if k not in OWN
    }
    assert row["history_type"] == "+" and row["history_user_id"] is None
    assert row["history_change_reason"] is None
    assert (row["history_step"], row["history_reason"]) == (Ticket.Step.ISSUE, "")
    assert row["id"] == issued.pk and row["number"] == issued.number == 1
    assert issued.issued_at <= row["history_date"] <= timezone.now()
    issued.refresh_from_db()  # the instance is the stored row, ready for the next step
    assert issued.history.get().issued_at == issued.issued_at


def test_a_reason_and_a_change_reason_travel_as_with_save_step(minzheng):
    ticket = Ticket(day=timezone.localdate(), category=minzheng, letter="Y", number=1)
    ticket._change_reason = "imported"
    insert_step(ticket, Ticket.Step.ISSUE, reason="  typed  ")
    row = ticket.history.get()
    assert (row.history_change_reason, row.history_reason) == ("imported", "typed")


def test_a_green_channel_ticket_records_the_clerk_who_issued_it(client, minzheng, open_center):
    clerk = make_user("clerk3", Role.CLERK)
    client.force_login(clerk)
    form = {"priority-category": minzheng.pk, "priority-priority": "elderly"}
    assert client.post("/desk/priority/", form).status_code == 302
    assert Ticket.objects.get().history.get().history_user == clerk


def test_nothing_but_simple_history_listens_to_a_ticket_being_saved():
    # insert_step skips the save signals: a new receiver would silently miss every ticket.
    history = Ticket.history.model
    assert pre_save._live_receivers(Ticket) == ([], [])
    assert [r.__qualname__ for r in post_save._live_receivers(Ticket)[0]] == [
        "HistoricalRecords.post_save"
    ]
    assert [r.__qualname__ for r in pre_create_historical_record._live_receivers(history)[0]] == [
        "copy_step"
    ]
    assert post_create_historical_record._live_receivers(history) == ([], [])
