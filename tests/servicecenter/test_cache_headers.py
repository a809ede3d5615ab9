"""Staff pages, PDFs and exports are never kept by a browser or a proxy (no-store); the
public pages keep their own caching (no-cache with an ETag)."""

import pytest

from intake.models import Case
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.intake.test_cases import accept

pytestmark = pytest.mark.django_db


def received_case() -> Case:
    """A case received by the demo clerk, for the demo center's residence permit."""
    from disclosure.models import ServiceItem

    clerk = make_user("clerk", Role.CLERK)
    return accept(ServiceItem.objects.get(code="jzz-shenling"), clerk)


@pytest.fixture
def case(demo) -> Case:
    return received_case()


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_staff_pages_pdfs_and_exports_are_not_stored(client, case, supervisor):
    client.force_login(case.first_clerk)
    urls = [
        "/desk/",
        "/desk/ledger/",
        f"/desk/cases/{case.number}/",
        f"/desk/cases/{case.number}/receipt.pdf",
        "/desk/ledger/export.csv",
        "/desk/ledger/export.xlsx",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
    client.force_login(supervisor)
    for url in ["/desk/daily/", "/queue/stats/", "/queue/stats/export.xlsx", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


def test_public_pages_keep_no_cache_with_an_etag(client, demo):
    for url in ["/", "/guide/", "/guide/jzz-shenling/", "/board/"]:
        response = client.get(url)
        assert response["Cache-Control"] == "no-cache", url
        assert response.has_header("ETag"), url


def test_a_public_page_seen_signed_in_is_not_stored(client, demo, clerk):
    # It carries the clerk's name and navigation: not for a shared cache or the next user.
    client.force_login(clerk)
    assert no_store(client.get("/guide/"))
