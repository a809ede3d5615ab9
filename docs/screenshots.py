"""Take the README's screenshots from a running demo site (bin/run) in Debian's Chromium.

.venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]
"""

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
        browser.close()
    print("screenshots in", OUT)


if __name__ == "__main__":
    main()
