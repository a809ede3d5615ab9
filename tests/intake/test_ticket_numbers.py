"""Numbers per category per day: A001, A002…, never twice, never a gap."""

import datetime as dt
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from disclosure.models import Category
from intake import queue
from intake.models import Ticket
from tests.intake.conftest import issue


@pytest.mark.django_db
def test_numbers_run_per_category_and_show_the_letter(minzheng):
    other = Category.objects.get(code="huji")
    tickets = issue(minzheng, 3) + issue(other, 2)
    assert [t.display_number for t in tickets] == ["C001", "C002", "C003", "D001", "D002"]


@pytest.mark.django_db
def test_numbers_restart_the_next_day(minzheng, monkeypatch):
    from django.utils import timezone

    issue(minzheng, 2)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    [ticket] = issue(minzheng)
    assert ticket.number == 1 and ticket.day == tomorrow


@pytest.mark.django_db(transaction=True)
def test_sixteen_threads_issue_400_tickets_unique_and_gapless(demo):
    categories = list(Category.objects.filter(code__in=["minzheng", "huji"]))
    errors = []

    def take(index: int) -> tuple[str, int]:
        try:
            ticket = queue.ticket_issue(category=categories[index % 2], check_open=False)
            return ticket.letter, ticket.number
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(repr(exc))
            return "", 0
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(take, range(400)))
    assert errors == []
    numbers = defaultdict(list)
    for letter, number in results:
        numbers[letter].append(number)
    assert sorted(numbers["C"]) == list(range(1, 201))
    assert sorted(numbers["D"]) == list(range(1, 201))
    assert Ticket.objects.count() == 400
