"""A real browser: Debian's Chromium driven by Playwright against live_server.

Playwright's own browser download is not used (and is blocked here); the tests launch
/usr/bin/chromium. A failing test leaves a screenshot in test-artifacts/.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


@contextmanager
def open_page(browser, live_server, request, **options):
    """A fresh browser context; a screenshot lands in test-artifacts/ if the test fails."""
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.live_server_url = live_server.url
    yield page
    if getattr(request.node, "failed_in_call", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(browser, live_server, request):
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 800}) as page:
        yield page


@pytest.fixture
def phone(browser, live_server, request):
    """A 360 px wide touch phone, as residents use the public pages."""
    viewport = {"width": 360, "height": 740}
    with open_page(
        browser, live_server, request, viewport=viewport, is_mobile=True, has_touch=True
    ) as page:
        yield page


@pytest.fixture(autouse=True)
def static_files_from_the_source(settings):
    # live_server finds static files in the source folders, not in collected, hashed copies.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def sign_on(page, username: str, counter: str) -> None:
    """A demo clerk signs in and opens `counter` (its label in the list): the workstation
    with its script loaded."""
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.get_by_label("窗口").select_option(label=counter)
    page.get_by_role("button", name="在此窗口上岗（开窗）").click()
    page.wait_for_selector("text=已在" + counter.split(" · ")[0])
    page.wait_for_load_state()


def sign_on_at_counter_3(page, live_server) -> None:
    """clerk3 of the demo center opens counter 3 (民政). `window.sameWorkstation` is set on
    this page only: a reload loses it."""
    page.live_server_url = live_server.url
    sign_on(page, "clerk3", "3号窗口 · 民政事务窗口")
    page.evaluate("window.sameWorkstation = true")
