"""Rate limits shared by every process, through the shared cache (Redis or the database).

Fixed windows: the first hit starts a counter that expires `window` seconds later. What is
counted (an address, a phone number) only appears in the key as a keyed hash: the cache
holds no personal data.
"""

from django.core.cache import cache

from servicecenter.personal import lookup_hash


def _key(scope: str, who: str) -> str:
    return f"ratelimit:{scope}:{lookup_hash(who)[:32]}"


def hits(scope: str, who: str) -> int:
    """How many times `who` was counted in `scope` in the current window."""
    return cache.get(_key(scope, who), 0)


def allowed(scope: str, who: str, *, limit: int) -> bool:
    return hits(scope, who) < limit


def hit(scope: str, who: str, *, window: int) -> int:
    """Count one more for `who`; returns the count in the window so far."""
    key = _key(scope, who)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def hit_within(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one more; False when that goes past `limit` in the window."""
    return hit(scope, who, window=window) <= limit
