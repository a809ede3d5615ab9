"""The hall display in Chromium: started as the kiosk set-up says
(--autoplay-policy=no-user-gesture-required) it announces calls without a tap; started
without that flag, the browser blocks sound and the display says so, with a button."""

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KIOSK_FLAG = "--autoplay-policy=no-user-gesture-required"


def call_next_ticket():
    from disclosure.models import Category
    from intake import queue
    from servicecenter.roles import Role
    from staff.models import Counter
    from tests.conftest import make_user

    category = Category.objects.get(code="minzheng")
    queue.ticket_issue(category=category, check_open=False)
    session = queue.session_open(
        clerk=make_user("clerk-sound", Role.CLERK), counter=Counter.objects.get(number=3)
    )
    return queue.ticket_call_next(session=session)


def test_without_the_kiosk_flag_the_display_says_sound_is_blocked(
    browser, open_center, live_server
):
    screen = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN"
    ).new_page()
    screen.goto(live_server.url + "/queue/display/")
    screen.wait_for_function("() => document.body.dataset.sound === 'blocked'")
    notice = screen.locator("#sound-blocked")
    assert notice.is_visible() and "声音" in notice.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    screen.screenshot(path=ARTIFACTS / "display-sound-blocked.png")
    # The tap is the gesture the browser waits for: sound is on and the notice goes.
    screen.get_by_role("button", name="点击开启声音").click()
    screen.wait_for_function("() => document.body.dataset.sound === 'on'")
    assert not notice.is_visible()
    screen.context.close()


def test_with_the_kiosk_flag_the_display_speaks_without_a_tap(browser, open_center, live_server):
    # A second Chromium, started as the kiosk set-up says.
    kiosk = browser.browser_type.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", KIOSK_FLAG]
    )
    try:
        screen = kiosk.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        screen.goto(live_server.url + "/queue/display/")
        screen.wait_for_function("() => document.body.dataset.sound === 'on'")
        screen.wait_for_function("() => document.getElementById('latest').textContent === '—'")
        ticket = call_next_ticket()
        sentence = f"请 {ticket.display_number} 号到 3 号窗口办理"
        screen.wait_for_function(
            f"() => document.getElementById('announced').textContent === '{sentence}'",
            timeout=3000,
        )
        screen.wait_for_timeout(1500)  # speech starts 0.8 s after the chime; a refusal is quick
        assert screen.evaluate("() => document.body.dataset.sound") == "on"
        assert not screen.locator("#sound-blocked").is_visible()
    finally:
        kiosk.close()


def test_the_display_clock_shows_the_centers_time_whatever_the_tvs_zone(
    browser, open_center, live_server
):
    from django.utils import timezone

    screen = browser.new_context(locale="zh-CN", timezone_id="America/New_York").new_page()
    screen.goto(live_server.url + "/queue/display/")
    screen.wait_for_function("() => document.getElementById('clock').textContent.includes(':')")
    shown = screen.locator("#clock").inner_text()
    center = timezone.localtime()  # Asia/Shanghai, 13 hours ahead of New York in December
    assert f"{center.hour:02d}:" in shown or f" {center.hour}:" in shown, shown
    screen.context.close()
