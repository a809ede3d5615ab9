import pytest

from tests.browser.conftest import sign_on_at_counter_3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kiosk_ticket_is_called_at_counter_3_and_shown_and_spoken(
    browser, page, open_center, live_server
):
    # The hall display is on before anyone is called.
    screen = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN"
    ).new_page()
    screen.goto(live_server.url + "/queue/display/")
    screen.wait_for_function("() => document.getElementById('latest').textContent === '—'")

    # A resident takes a ticket at the kiosk.
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN").new_page()
    kiosk.goto(live_server.url + "/queue/kiosk/")
    kiosk.get_by_role("button", name="民政事务").click()
    number = kiosk.locator("[data-ticket-number]").get_attribute("data-ticket-number")
    assert number == "C001"

    # The clerk signs on at counter 3 and presses N (叫号).
    sign_on_at_counter_3(page, live_server)
    page.keyboard.press("n")
    page.wait_for_selector("text=已叫C001号")
    assert page.locator(".desk-number").inner_text() == "C001"

    # Within two seconds the display shows it and announces it.
    screen.wait_for_function(
        "() => document.getElementById('announced').textContent === '请 C001 号到 3 号窗口办理'",
        timeout=2500,
    )
    assert "C001" in screen.locator("#latest").inner_text()
    assert "3 号窗口" in screen.locator("#counters").inner_text()
