"""Rate limits where the shared cache is the database: one statement per hit in one small
table, windows that turn on the clock, exact counts from many threads, and the same limits
through a cache (Redis in production) when one is configured."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicecenter import ratelimit
from servicecenter.models import RateCount

START = 1_800_000_000 - 1_800_000_000 % 3600


@pytest.fixture
def clock(monkeypatch):
    now = [START + 5]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


@pytest.mark.django_db
def test_a_hit_is_one_statement_and_the_table_holds_no_address(clock):
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.hit("kiosk", "192.0.2.1", window=60) == 1
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.hit("kiosk", "192.0.2.1", window=60) == 2
    assert len(queries) == 1
    [row] = RateCount.objects.all()
    assert "192.0.2.1" not in row.key and row.count == 2


@pytest.mark.django_db
def test_a_limit_refuses_past_its_count_and_starts_again_next_window(clock):
    assert all(ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60) for _ in range(3))
    assert not ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60)
    assert not ratelimit.allowed("track", "192.0.2.1", limit=3, window=60)
    assert ratelimit.allowed("track", "192.0.2.2", limit=3, window=60)  # another client
    assert ratelimit.allowed("book", "192.0.2.1", limit=3, window=60)  # another limit
    clock[0] += 60
    assert ratelimit.hits("track", "192.0.2.1", window=60) == 0
    assert ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60)


@pytest.mark.django_db
def test_a_hit_written_just_after_the_turn_of_the_window_counts_in_the_new_one(clock):
    ratelimit.hit("kiosk", "192.0.2.1", window=60)
    clock[0] += 60
    assert ratelimit.hit("kiosk", "192.0.2.1", window=60) == 1
    clock[0] -= 60  # computed before the turn, written after: never starts the old one again
    assert ratelimit.hit("kiosk", "192.0.2.1", window=60) == 2
    clock[0] += 60
    assert ratelimit.hits("kiosk", "192.0.2.1", window=60) == 2


@pytest.mark.django_db
def test_counts_of_ended_windows_are_deleted(clock):
    for n in range(5):
        ratelimit.hit("track", f"192.0.2.{n}", window=600)
    clock[0] += 600
    ratelimit.hit("track", "192.0.2.99", window=600)
    assert RateCount.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_threads_count_every_hit(clock):
    def hits(_index: int) -> list[int]:
        try:
            return [ratelimit.hit("kiosk", "192.0.2.1", window=3600) for _ in range(25)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = [count for batch in pool.map(hits, range(8)) for count in batch]
    assert sorted(counts) == list(range(1, 201))
    assert ratelimit.hits("kiosk", "192.0.2.1", window=3600) == 200


@pytest.mark.django_db
def test_through_a_cache_the_limits_hold_the_same(settings, clock):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}
    }
    assert all(ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60) for _ in range(3))
    assert not ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60)
    assert ratelimit.hits("track", "192.0.2.2", window=60) == 0
    clock[0] += 60
    assert ratelimit.hit_within("track", "192.0.2.1", limit=3, window=60)
    assert not RateCount.objects.exists()
