import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import queue
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db


def test_display_data_shows_the_call_the_counter_and_the_queue(client, minzheng, session3):
    issue(minzheng, 3)
    queue.ticket_call_next(session=session3)
    data = json.loads(client.get("/queue/display/data").content)
    assert data["calls"][0]["number"] == "C001" and data["calls"][0]["counter"] == 3
    assert {"counter": 3, "number": "C001"} in data["counters"]
    waiting = {row["prefix"]: row["waiting"] for row in data["waiting"]}
    assert waiting["C"] == 2 and waiting["A"] == 0


def test_display_data_costs_at_most_three_queries(client, minzheng, session3, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    issue(minzheng, 20)
    for _ in range(5):
        ticket = queue.ticket_call_next(session=session3)
        queue.ticket_finish(session=session3, ticket_id=ticket.pk)
    with CaptureQueriesContext(connection) as queries:
        client.get("/queue/display/data")
    assert len(queries) <= 3


def test_display_page_loads_its_script_from_the_project(client, demo):
    page = client.get("/queue/display/").content.decode()
    assert "/static/js/display" in page
    assert "请 {number} 号到 {counter} 号窗口办理" in page
