"""A public page served from the shared cache is the page the whole stack built: the same
body and the same headers (CSP, frame and language headers), no cookie, no view run; and
the current public version is asked of the shared cache on every request, so a change made
through another app host shows at once."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import ServiceItem
from servicecenter.public import VERSION_KEY

pytestmark = pytest.mark.django_db

URL = "/guide/jzz-shenling/"
HEADERS = [
    "Content-Type",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "ETag",
]


def test_a_cached_hit_is_the_page_the_whole_stack_built(client, demo):
    built = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(URL)
    assert len(queries) == 1  # the public version; no view, no session, no page read
    assert hit.content == built.content
    for header in HEADERS:
        assert hit.has_header(header), header
        assert hit[header] == built[header], header
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert not hit.cookies


def test_each_language_has_its_own_page(client, demo):
    chinese = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-CN")
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hans"
    assert client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content == english.content
    assert client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-CN").content == chinese.content
    assert english.content != chinese.content


def test_a_change_made_through_another_host_shows_at_once(client, demo):
    client.get(URL)  # built here and kept by this process
    # Another app host saves an edit: the shared cache's version moves on (at its commit).
    ServiceItem.objects.filter(code="jzz-shenling").update(name="居住证申领（新）")
    cache.set(VERSION_KEY, str(time.time_ns()), None)
    assert "居住证申领（新）" in client.get(URL).content.decode()


def test_staff_signed_in_never_get_the_shared_copy(client, demo, clerk):
    client.get(URL)
    client.force_login(clerk)
    page = client.get(URL)
    assert "ETag" not in page and "no-store" in page["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()  # the sign-out form
