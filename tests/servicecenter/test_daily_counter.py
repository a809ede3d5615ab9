"""Numbers handed out under concurrent use stay unique and gapless (file SQLite or PostgreSQL)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from servicecenter.models import DailyCounter


@pytest.mark.django_db(transaction=True)
def test_threads_get_unique_gapless_numbers():
    day = dt.date(2026, 11, 23)

    def take(_index: int) -> int:
        try:
            return DailyCounter.next_value("A", day)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(take, range(200)))
    assert sorted(numbers) == list(range(1, 201))


@pytest.mark.django_db
def test_numbers_restart_each_day_and_per_name():
    assert DailyCounter.next_value("A", dt.date(2026, 11, 23)) == 1
    assert DailyCounter.next_value("A", dt.date(2026, 11, 23)) == 2
    assert DailyCounter.next_value("B", dt.date(2026, 11, 23)) == 1
    assert DailyCounter.next_value("A", dt.date(2026, 11, 24)) == 1
