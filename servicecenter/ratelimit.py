"""Rate limits shared by every process: in Redis when the shared cache is Redis, in one
table of the database (servicecenter.models.RateCount) when the shared cache is the database.

Fixed windows on the clock: a counter per client per window (a minute, an hour), so a
client at a steady rate below the limit is never refused. What is counted (an address, a
phone number) only appears in the key as a keyed hash: neither store holds personal data.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from servicecenter.models import RateCount
from servicecenter.personal import lookup_hash


def clock() -> int:
    return int(time.time())


def _window(scope: str, who: str, window: int) -> tuple[str, int, int]:
    """The key of `who` in `scope`, when the current window ends, and the seconds left."""
    now = clock()
    ends = now - now % window + window
    return f"ratelimit:{scope}:{window}:{lookup_hash(who)[:32]}", ends, ends - now


def _in_database() -> bool:
    # Django's database cache costs a dozen statements per counted hit; the table one.
    return isinstance(caches["default"], DatabaseCache)


def hits(scope: str, who: str, *, window: int) -> int:
    """How many times `who` was counted in `scope` in the current window."""
    key, ends, _left = _window(scope, who, window)
    if not _in_database():
        return cache.get(f"{key}:{ends}", 0)
    found = RateCount.objects.filter(key=key, ends__gte=ends).values_list("count", flat=True)
    return next(iter(found), 0)


def allowed(scope: str, who: str, *, limit: int, window: int) -> bool:
    return hits(scope, who, window=window) < limit


def hit(scope: str, who: str, *, window: int) -> int:
    """Count one more for `who`; returns the count in the window so far."""
    key, ends, left = _window(scope, who, window)
    if _in_database():
        return _hit_in_database(key, ends)
    key = f"{key}:{ends}"
    if cache.add(key, 1, left):
        return 1
    try:
        return cache.incr(key)  # Redis keeps the expiry the add set
    except ValueError:  # expired between add and incr
        cache.set(key, 1, left)
        return 1


def _hit_in_database(key: str, ends: int) -> int:
    """One statement: a new window starts at 1, the current one counts on. A hit computed
    just before the turn of the window and written just after counts in the new one."""
    table, quote = RateCount._meta.db_table, connection.ops.quote_name
    column_key, column_count = quote("key"), quote("count")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column_key}, ends, {column_count}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({column_key}) DO UPDATE SET "
            f"{column_count} = CASE WHEN {table}.ends >= excluded.ends "
            f"THEN {table}.{column_count} + 1 ELSE 1 END, "
            f"ends = CASE WHEN {table}.ends >= excluded.ends THEN {table}.ends "
            "ELSE excluded.ends END "
            f"RETURNING {column_count}",
            [key, ends],
        )
        count = cursor.fetchone()[0]
        if count == 1:
            # A window began: the rows of windows that have ended go (a few per minute).
            cursor.execute(f"DELETE FROM {table} WHERE ends < %s", [clock()])
    return count


def hit_within(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one more; False when that goes past `limit` in the window."""
    return hit(scope, who, window=window) <= limit
