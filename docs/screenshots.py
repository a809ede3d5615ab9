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


def open_all_day() -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "load_demo", "--open-all-day"], cwd=ROOT, check=True)


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
    page.get_by_role("button", name="在此窗口上岗（开窗）").click()
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


def case_pictures(browser, desktop) -> str:
    """A case registered with one material missing, then complete; both PDFs as PNGs."""
    page = browser.new_context(**desktop).new_page()
    sign_in(page, "clerk4")
    pdfs = {}
    for missing in (True, False):
        page.goto(BASE + "/desk/cases/new/?item=jzz-shenling")
        page.locator("#id_applicant_name").fill("张三")
        page.locator("#id_applicant_id_number").fill("11010519491231002X")
        page.locator("#id_applicant_phone").fill("13812345678")
        boxes = page.locator(".checklist input[type=checkbox]")
        for index in range(boxes.count() - (1 if missing else 0)):
            boxes.nth(index).check()
        if missing:
            page.screenshot(path=OUT / "case-register.png", full_page=True)
            page.get_by_role("button", name="材料不全，一次性告知").click()
            page.wait_for_selector("text=已开具一次性告知书")
            link = page.get_by_role("link", name="打印").get_attribute("href")
            pdfs["notice"] = page.request.get(BASE + link).body()
        else:
            page.get_by_role("button", name="材料齐全，受理").click()
            page.wait_for_selector("text=已受理")
            page.get_by_role("button", name="开始办理").click()
            page.wait_for_selector("text=已开始办理")
            page.screenshot(path=OUT / "case-page.png", full_page=True)
            number = page.url.rstrip("/").rsplit("/", 1)[1]
            link = page.get_by_role("link", name="打印受理回执").get_attribute("href")
            pdfs["receipt"] = page.request.get(BASE + link).body()
    for name, content in pdfs.items():
        pdf = OUT / f"{name}.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(OUT / name)], check=True
        )
        pdf.unlink()
    return number


def record_pictures(browser, desktop, phone, number: str) -> None:
    """The ledger and the day's report (supervisor), lost property, and /track/ on a phone."""
    page = browser.new_context(**desktop).new_page()
    sign_in(page, "supervisor")
    for name, url in [
        ("ledger", "/desk/ledger/"),
        ("daily", "/desk/daily/"),
        ("lost", "/desk/lost/"),
    ]:
        page.goto(BASE + url)
        if name == "lost":
            page.locator("#id_description").fill("黑色双肩包")
            page.locator("#id_found_where").fill("大厅休息区")
            page.locator("#id_found_by").fill("王芳")
            page.locator("#id_kept_at").fill("服务台储物柜")
            page.get_by_role("button", name="登记", exact=True).click()
        page.screenshot(path=OUT / f"{name}.png", full_page=True)
    page = browser.new_context(**phone).new_page()
    page.goto(BASE + f"/track/?case={number}")
    page.locator("#last4").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.screenshot(path=OUT / "track-phone.png", full_page=True)


def director_pictures(browser, desktop) -> None:
    """A clerk locked out by five wrong passwords, the director's unlock page; the director's
    personal-data page with one resident found."""
    page = browser.new_context(**desktop).new_page()
    for _ in range(5):
        page.goto(BASE + "/accounts/login/")
        page.get_by_label("用户名").fill("clerk5")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
    page = browser.new_context(**desktop).new_page()
    sign_in(page, "director")
    page.goto(BASE + "/staff/accounts/locked/")
    page.screenshot(path=OUT / "locked-accounts.png", full_page=True)
    page.goto(BASE + "/desk/personal-data/")
    page.locator("#id_id_number").fill("11010519491231002X")
    page.locator("#id_id_number").press("Enter")
    page.wait_for_load_state()
    page.screenshot(path=OUT / "personal-data.png", full_page=True)


def new_parts_pictures(browser, desktop, phone) -> None:
    """Complaints (a resident files on a phone), the consultation register, the period report,
    the rota, leave, the 考勤表, my page, fault records, the public 招领 list."""
    page = browser.new_context(**phone).new_page()
    page.goto(BASE + "/complaints/new/")
    page.locator("#id_description").fill("窗口工作人员办理时态度生硬，没有一次性说清需要的材料。")
    page.locator("#id_about").select_option("counter")
    page.locator("#id_counter").select_option(index=1)
    page.screenshot(path=OUT / "complaint-new-phone.png", full_page=True)
    page.get_by_role("button", name="提交投诉").click()
    page.wait_for_load_state()
    page.screenshot(path=OUT / "complaint-filed-phone.png", full_page=True)
    page.goto(BASE + "/lost/")
    page.screenshot(path=OUT / "lost-public-phone.png", full_page=True)

    page = browser.new_context(**desktop).new_page()
    sign_in(page, "supervisor")
    for name, url in [
        ("complaints-register", "/desk/complaints/"),
        ("consultations", "/desk/consultations/"),
        ("period-report", "/desk/reports/"),
        ("rota", "/staff/rota/"),
        ("leave", "/staff/leave/"),
        ("attendance-sheet", "/staff/attendance/sheet/"),
        ("rectifications", "/ratings/rectifications/"),
    ]:
        page.goto(BASE + url)
        page.screenshot(path=OUT / f"{name}.png", full_page=True)
    page = browser.new_context(**desktop).new_page()
    sign_in(page, "director")
    page.goto(BASE + "/faults/")
    page.screenshot(path=OUT / "faults.png", full_page=True)
    page = browser.new_context(**desktop).new_page()
    sign_in(page, "clerk")
    page.goto(BASE + "/staff/me/")
    page.screenshot(path=OUT / "my-page.png", full_page=True)


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
        number = case_pictures(browser, desktop)
        record_pictures(browser, desktop, phone, number)
        director_pictures(browser, desktop)
        new_parts_pictures(browser, desktop, phone)
        browser.close()
    print("screenshots in", OUT)


if __name__ == "__main__":
    main()
