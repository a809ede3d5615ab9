"""The workstation in a real browser: the queue panel refreshes itself, and the keys work on
the ticket the panel last showed."""

import os
from pathlib import Path

import pytest

from disclosure.models import Category
from intake import queue
from intake.models import Ticket
from tests.browser.conftest import sign_on_at_counter_3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_panel_refreshes_and_the_keys_serve_the_ticket_it_shows(page, open_center, live_server):
    minzheng = Category.objects.get(code="minzheng")
    queue.ticket_issue(category=minzheng, check_open=False)
    sign_on_at_counter_3(page, live_server)
    page.keyboard.press("n")
    page.wait_for_selector("text=已叫C001号")

    # A resident takes a ticket; the panel shows it within one poll, without a reload.
    queue.ticket_issue(category=minzheng, check_open=False)
    page.wait_for_function(
        "() => document.querySelector('#desk-queue h2').textContent.includes('1人等候')",
        timeout=5000,
    )
    assert page.locator(".desk-waiting li").first.inner_text().startswith("C002")
    if os.environ.get("DESK_SCREENSHOT"):
        page.screenshot(path=Path(os.environ["DESK_SCREENSHOT"]), full_page=True)

    page.keyboard.press("s")
    page.wait_for_selector("text=开始办理C001号")
    page.keyboard.press("d")
    page.wait_for_selector("text=C001号已办结")
    assert Ticket.objects.get(letter="C", number=1).status == Ticket.Status.DONE


def test_a_workstation_in_a_background_tab_stops_polling_and_catches_up_when_shown(
    page, open_center, live_server
):
    sign_on_at_counter_3(page, live_server)
    polls = []
    page.on("request", lambda request: "/desk/queue/" in request.url and polls.append(request))
    # Headless Chromium never hides its tab: the page is told it is hidden, as a browser does.
    page.evaluate(
        """() => {
          Object.defineProperty(document, "hidden", { value: true, configurable: true });
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.wait_for_timeout(7000)  # two polling periods
    assert polls == []
    queue.ticket_issue(category=Category.objects.get(code="minzheng"), check_open=False)
    page.evaluate(
        """() => {
          Object.defineProperty(document, "hidden", { value: false, configurable: true });
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    # Shown again: it asks at once, not at the next period.
    page.wait_for_function(
        "() => document.querySelector('#desk-queue h2').textContent.includes('1人等候')",
        timeout=1500,
    )
    assert len(polls) >= 1
