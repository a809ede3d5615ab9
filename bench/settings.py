"""The project's settings plus one trivial write view, the baseline of bench/queue.py."""

from servicecenter.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# One client issuing thousands of tickets a second is exactly the flood the kiosk limit
# refuses; the benchmark measures issuing, not the 429 page.
KIOSK_TICKETS_PER_MINUTE = 10**9
