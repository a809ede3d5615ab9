"""The project's settings plus one trivial write view, the baseline of bench/queue.py."""

from servicecenter.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
