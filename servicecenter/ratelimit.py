"""Rate limits shared by every process, through the shared cache (Redis or the database).

Fixed windows on the clock: a counter per client per window (a minute, an hour), so a
client at a steady rate below the limit is never refused. What is counted (an address, a
phone number) only appears in the key as a keyed hash: the cache holds no personal data.
"""

import time

from django.core.cache import cache

from servicecenter.personal import lookup_hash


def clock() -> int:
    return int(time.time())


def _window_key(scope: str, who: str, window: int) -> tuple[str, int]:
    """The key of the current window and the seconds left in it."""
    now = clock()
    start = now - now % window
    return f"ratelimit:{scope}:{lookup_hash(who)[:32]}:{start}", start + window - now


def hits(scope: str, who: str, *, window: int) -> int:
    """How many times `who` was counted in `scope` in the current window."""
    return cache.get(_window_key(scope, who, window)[0], 0)


def allowed(scope: str, who: str, *, limit: int, window: int) -> bool:
    return hits(scope, who, window=window) < limit


def hit(scope: str, who: str, *, window: int) -> int:
    """Count one more for `who`; returns the count in the window so far."""
    key, left = _window_key(scope, who, window)
    if cache.add(key, 1, left):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, left)
        return 1
    # Django's database cache (unlike Redis) resets the expiry to its default on incr.
    cache.touch(key, left)
    return count


def hit_within(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one more; False when that goes past `limit` in the window."""
    return hit(scope, who, window=window) <= limit
