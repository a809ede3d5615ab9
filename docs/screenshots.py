"""Take the README's screenshots from a running demo site (bin/run) in Debian's Chromium.

.venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]
"""

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo-2026"


def sign_in(page, username: str) -> None:
    page.goto(BASE + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/desk/")


OPEN_ALL_DAY = """
import datetime as dt
from django.utils import timezone
from servicecenter.models import CenterProfile, OpeningHours, WorkdayOverride
profile = CenterProfile.objects.get()
profile.opening_hours.all().delete()
for weekday in range(7):
    OpeningHours.objects.create(profile=profile, weekday=weekday, opens=dt.time(0),
                                closes=dt.time(23, 59, 59))
WorkdayOverride.objects.update_or_create(date=timezone.localdate(),
                                         defaults={"kind": "working", "reason": "截图"})
"""


def open_all_day() -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "shell", "--no-imports", "-c", OPEN_ALL_DAY], cwd=ROOT, check=True
    )


def queue_pictures(browser, desktop, phone) -> None:
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1400}, locale="zh-CN").new_page()
    for category in ["民政事务", "社会保障", "民政事务", "民政事务"]:
        kiosk.goto(BASE + "/queue/kiosk/")
        kiosk.get_by_role("button", name=category).click()
    kiosk.goto(BASE + "/queue/kiosk/")
    kiosk.screenshot(path=OUT / "kiosk.png")
    kiosk.get_by_role("button", name="民政事务").click()
    kiosk.screenshot(path=OUT / "ticket.png")

    screen = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN"
    ).new_page()
    screen.goto(BASE + "/queue/display/")

    page = browser.new_context(**desktop).new_page()
    sign_in(page, "clerk3")
    page.get_by_label("窗口").select_option(label="3号窗口 · 民政事务窗口")
    page.get_by_role("button", name="在此窗口签到").click()
    page.wait_for_load_state()
    page.keyboard.press("n")
    page.wait_for_selector("text=已叫")
    page.screenshot(path=OUT / "desk-workstation.png", full_page=True)
    screen.wait_for_timeout(2500)
    screen.screenshot(path=OUT / "display.png")

    page = browser.new_context(**phone).new_page()
    page.goto(BASE + "/queue/book/")
    page.screenshot(path=OUT / "book-phone.png", full_page=True)

    page = browser.new_context(**desktop).new_page()
    sign_in(page, "supervisor")
    page.goto(BASE + "/queue/stats/")
    page.screenshot(path=OUT / "queue-stats.png", full_page=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        desktop = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}
        phone = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "is_mobile": True}

        page = browser.new_context(**phone).new_page()
        for name, url in [
            ("home-phone", "/"),
            ("guide-search-phone", "/guide/?q=jzz"),
            ("guide-item-phone", "/guide/jzz-shenling/"),
        ]:
            page.goto(BASE + url)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)

        page = browser.new_context(**desktop).new_page()
        for name, url in [
            ("guide-item-desktop", "/guide/jzz-shenling/"),
            ("board", "/board/"),
            ("fees", "/fees/"),
        ]:
            page.goto(BASE + url)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)

        page = browser.new_context(**desktop).new_page()
        page.goto(BASE + "/accounts/login/")
        page.screenshot(path=OUT / "login.png")
        sign_in(page, "clerk")
        page.screenshot(path=OUT / "desk.png")

        page = browser.new_context(**desktop).new_page()
        sign_in(page, "supervisor")
        page.goto(BASE + "/staff/")
        page.screenshot(path=OUT / "staff.png", full_page=True)
        page.goto(BASE + "/admin/disclosure/serviceitem/import/")
        page.set_input_files("input[type=file]", str(ROOT / "fixtures" / "catalog.xlsx"))
        page.get_by_role("button", name="提交").click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "admin-import-preview.png")
        open_all_day()
        queue_pictures(browser, desktop, phone)
        browser.close()
    print("screenshots in", OUT)


if __name__ == "__main__":
    main()
