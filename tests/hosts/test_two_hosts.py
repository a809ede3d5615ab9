"""Two app hosts behind one load balancer share one PostgreSQL and one Redis: what happens on
one is seen on the other at once.

Two real gunicorn processes on different ports, started against the test database and a
Redis database, are driven over HTTP as a browser would. Runs where both are given: on
PostgreSQL with TWO_HOSTS_REDIS_URL set (CI starts redis-server and sets it).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from bench.webclient import Browser
from disclosure.models import ServiceItem
from intake.management.commands.load_demo import DEMO_PASSWORD, open_all_day
from staff.models import Counter

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TWO_HOSTS_REDIS_URL", "")

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="TWO_HOSTS_REDIS_URL is not set"),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "servicecenter.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--no-control-socket",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(server.stderr.read().decode())


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    """Two app hosts for the module's tests: each test loads its own data into the database
    they share."""
    if connection.vendor != "postgresql":
        pytest.skip("two hosts share a PostgreSQL database")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    started = [_start(env), _start(env)]
    yield [base for _server, base in started]
    for server, _base in started:
        server.terminate()
        server.wait(10)


@pytest.fixture
def hosts(servers, demo, settings):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    open_all_day()
    # The tests' fast hasher is unknown to the servers: give the demo staff real hashes.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for user in get_user_model().objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return servers


def test_a_catalog_edit_through_one_host_is_on_the_others_public_page_at_once(hosts):
    one, other = hosts
    item = ServiceItem.objects.published().first()
    resident = Browser(other)
    assert item.name in resident.get(item.get_absolute_url()).text  # now cached in Redis

    director = Browser(one)
    director.login("director", DEMO_PASSWORD)
    change = f"/admin/disclosure/serviceitem/{item.pk}/change/"
    page = director.get(change)
    answer = director.submit(page, change, name=item.name + "（新）", _save="")
    assert answer.status == 302, answer.text[:2000]

    item.refresh_from_db()
    assert item.name.endswith("（新）")
    assert item.name in resident.get(item.get_absolute_url()).text


def test_the_lookup_limit_counts_lookups_made_on_both_hosts(hosts):
    one, other = hosts
    guesses = [Browser(one, client_ip="203.0.113.7"), Browser(other, client_ip="203.0.113.7")]
    for n in range(10):  # intake.track.ATTEMPTS wrong guesses, alternating between hosts
        browser = guesses[n % 2]
        browser.get("/track/")
        answer = browser.post("/track/", {"case": "20260000000", "last4": f"{n:04d}"})
        assert answer.status == 404
    for browser in guesses:
        assert browser.post("/track/", {"case": "20260000000", "last4": "9999"}).status == 429
    # Another resident is not affected by the first one's guesses.
    someone_else = Browser(one, client_ip="203.0.113.8")
    someone_else.get("/track/")
    assert someone_else.post("/track/", {"case": "20260000000", "last4": "9999"}).status == 404


def test_a_ticket_issued_on_one_host_is_called_on_the_other_and_shown_on_the_first_display(
    hosts,
):
    one, other = hosts
    kiosk = Browser(one, client_ip="10.0.0.50")
    page = kiosk.get("/queue/kiosk/")
    category = re.search(r'name="category" value="([^"]+)"', page.text).group(1)
    issued = kiosk.submit(page, "/queue/kiosk/", category=category)
    assert issued.status == 302
    ticket_page = kiosk.get(issued.headers["location"])
    number = re.search(r"\b([A-Z]\d{3})\b", ticket_page.text).group(1)

    clerk = Browser(other)
    clerk.login("clerk", DEMO_PASSWORD)
    counter = Counter.objects.filter(categories__code=category, is_active=True).first()
    desk = clerk.get("/desk/")
    signed_on = clerk.submit(desk, "/desk/", action="/desk/sign-on/", counter=str(counter.pk))
    assert signed_on.status == 302
    called = clerk.submit(clerk.get("/desk/"), "/desk/", action="/desk/call/")
    assert called.status == 302
    assert number in clerk.get("/desk/").text

    display = Browser(one)
    deadline = time.monotonic() + 5  # the display's data is cached for one second
    while time.monotonic() < deadline:
        calls = display.get("/queue/display/data").text
        if number in calls:
            break
        time.sleep(0.3)
    assert f'"number": "{number}", "counter": {counter.number}' in calls
