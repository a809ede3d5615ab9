"""The same kiosk form sent twice at the same moment (a double tap on two connections)
gives one ticket, and the number the losing request took is given back: still gapless."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from disclosure.models import Category
from intake import queue
from intake.models import Ticket


@pytest.mark.django_db(transaction=True)
def test_eight_threads_sending_four_forms_twice_get_four_tickets_gapless(demo):
    category = Category.objects.get(code="minzheng")
    errors = []

    def take(index: int) -> int:
        try:
            token = f"form-{index % 4}"
            return queue.ticket_issue(category=category, token=token, check_open=False).pk
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(repr(exc))
            return 0
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        pks = list(pool.map(take, range(8)))
    assert errors == []
    assert len(set(pks)) == 4
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert queue.ticket_issue(category=category, check_open=False).number == 5
