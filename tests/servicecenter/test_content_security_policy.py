"""Every page sends a Content-Security-Policy (django-csp) that runs no inline script.

The browser test (tests/browser/test_content_security_policy.py) proves the pages work
under it; these check the header and keep new templates from bringing inline code back.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_staff_and_admin_pages_send_the_policy(client, demo, supervisor):
    pages = ["/", "/guide/", "/guide/jzz-shenling/", "/queue/kiosk/", "/queue/display/"]
    responses = [client.get(url) for url in pages]
    client.force_login(supervisor)
    responses += [client.get(url) for url in ["/desk/", "/desk/ledger/", "/admin/"]]
    for response in responses:
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], response.request["PATH_INFO"]
        assert policy["default-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]


def test_only_the_admin_may_use_inline_styles(client, demo, supervisor):
    assert directives(client.get("/guide/"))["style-src"] == ["'self'"]
    client.force_login(supervisor)
    assert "'unsafe-inline'" in directives(client.get("/admin/"))["style-src"]
    assert directives(client.get("/desk/"))["style-src"] == ["'self'"]


def page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "pdf" not in path.parts:  # PDFs are set by WeasyPrint, never run in a browser
            yield pytest.param(path, id=str(path.relative_to(TEMPLATES)))


@pytest.mark.parametrize("path", list(page_templates()))
def test_templates_have_no_inline_script_handler_or_style(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    if path.relative_to(TEMPLATES).parts[0] != "admin":  # the admin may style inline
        assert not re.search(r"\sstyle\s*=|<style", text), "inline style"


def test_our_pdfs_go_without_the_policy_so_the_browser_viewer_works(client, demo):
    # Chromium's PDF viewer is a page of plugin and inline styles that the policy breaks.
    from tests.servicecenter.test_cache_headers import received_case

    case = received_case()
    client.force_login(case.first_clerk)
    response = client.get(f"/desk/cases/{case.number}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert not response.has_header("Content-Security-Policy")
