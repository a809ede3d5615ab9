"""Public pages: a fixed, small number of queries whatever the catalog size; cached and
shared; validators for 304; refreshed at once when what they show changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Material, Rule, ServiceItem, result_publish

PAGES = [
    "/",
    "/guide/",
    "/guide/item-0/",
    "/board/",
    "/fees/",
    "/rules/",
    "/supervision/",
    "/results/",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def cold(settings):
    """Every request renders the page afresh (the worst case the query limit must hold for)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.mark.django_db
def test_query_count_is_small_and_fixed_for_20_and_200_items(client, demo, make_items, cold):
    import datetime as dt

    make_items(20)
    for n in range(20):
        result_publish(
            case_number=f"2026{n:06d}",
            item=ServiceItem.objects.first(),
            applicant_name="张三",
            completed_on=dt.date.today(),
            on_time=True,
        )
    small = {url: count_queries(client, url) for url in PAGES}
    [*_, item] = make_items(180, start=20)
    for n in range(20, 200):
        result_publish(
            case_number=f"2026{n:06d}",
            item=item,
            applicant_name="李四",
            completed_on=dt.date.today(),
            on_time=n % 3 > 0,
        )
    large = {url: count_queries(client, url) for url in PAGES}
    assert large == small
    assert max(large.values()) <= 10, large


@pytest.mark.django_db
def test_repeat_visit_is_served_from_cache_and_answered_304(client, demo):
    url = "/guide/jzz-shenling/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert count_queries(client, url) == 1  # the version and the cached page, in one query
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_an_edit_shows_at_once(client, demo, django_capture_on_commit_callbacks):
    url = "/guide/jzz-shenling/"
    etag = client.get(url)["ETag"]
    item = ServiceItem.objects.get(code="jzz-shenling")
    with django_capture_on_commit_callbacks(execute=True):
        Material.objects.create(item=item, order=99, name="新增的证明材料")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "新增的证明材料" in response.content.decode()


@pytest.mark.django_db
def test_rule_edit_refreshes_the_rules_page(client, demo, django_capture_on_commit_callbacks):
    assert "首问负责制" in client.get("/rules/").content.decode()
    rule = Rule.objects.get(code="shouwen-fuze")
    rule.title = "首问负责制（修订）"
    with django_capture_on_commit_callbacks(execute=True):
        rule.save()
    assert "首问负责制（修订）" in client.get("/rules/").content.decode()
    assert rule.history.count() == 2  # the earlier version is kept


@pytest.mark.django_db
def test_signed_in_staff_get_live_pages(client, demo, supervisor):
    client.force_login(supervisor)
    response = client.get("/guide/")
    assert response.status_code == 200
    assert "ETag" not in response
