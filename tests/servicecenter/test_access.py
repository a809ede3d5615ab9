"""Every staff page requires login and the right role.

The URLconf is walked, so a new URL cannot escape: a view must either carry the roles it
allows (servicecenter.roles.role_required) or be named here as public.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from servicecenter.roles import Role
from tests.conftest import make_user

# Staff photos and blank forms are public: the board and the guide show them.
PUBLIC = {"home", "healthz", "login", "logout", "set_language", "media"}
# Django's admin guards itself (is_staff and model permissions); tested below.
SKIPPED_PREFIXES = ("admin/", "media/")
SAMPLE_ARGS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def sample_url(route: str) -> str:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS[m.group(1) or "str"], route)
    return "/" + route.lstrip("^").rstrip("$")


def staff_urls():
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or pattern.name in PUBLIC:
            continue
        if getattr(pattern.callback, "is_public", False):  # servicecenter.public.public_page
            continue
        yield pytest.param(sample_url(route), pattern, id=route or "/")


ALL_STAFF_URLS = list(staff_urls())


def test_the_walk_finds_the_staff_pages():
    urls = {param.values[0] for param in ALL_STAFF_URLS}
    assert {"/desk/", "/staff/"} <= urls


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_every_staff_url_declares_its_roles(url, pattern):
    allowed = getattr(pattern.callback, "allowed_roles", None)
    assert allowed, f"{url} is neither public nor guarded by role_required"


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_anonymous_users_are_sent_to_login(client, db, url, pattern):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_wrong_roles_get_403(client, db, url, pattern):
    allowed = pattern.callback.allowed_roles
    others = [role for role in Role if str(role) not in allowed]
    for role in [*others, None]:
        user = make_user(f"user-{role or 'none'}", role)
        client.force_login(user)
        assert client.get(url).status_code == 403, (url, role)


@pytest.mark.parametrize(("url", "pattern"), ALL_STAFF_URLS)
def test_allowed_roles_get_in(client, db, url, pattern):
    for role in pattern.callback.allowed_roles:
        client.force_login(make_user(f"user-{Role(role).name}", Role(role)))
        # What matters is no 403: 404 for sample arguments that name no object, 405 for a
        # POST-only action, 204 for a poll with nothing to show.
        assert client.get(url).status_code in {200, 204, 404, 405}, (url, role)


def test_admin_is_closed_to_clerks_and_open_to_supervisors(client, clerk, supervisor):
    client.force_login(clerk)
    refused = client.get("/admin/", follow=True)
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()
    client.force_login(supervisor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"/admin/staff/staffprofile/" in response.content


def test_navigation_shows_each_role_what_it_may_use(client, clerk, supervisor):
    client.force_login(clerk)
    page = client.get("/desk/").content.decode()
    assert 'href="/desk/"' in page
    assert 'href="/staff/"' not in page and 'href="/admin/"' not in page
    client.force_login(supervisor)
    page = client.get("/desk/").content.decode()
    assert 'href="/staff/"' in page and 'href="/admin/"' in page
