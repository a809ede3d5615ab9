import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_on_a_phone_finds_the_residence_permit_by_pinyin_initials(phone, demo):
    phone.goto(phone.live_server_url + "/")
    phone.get_by_role("link", name="办事指南").first.click()
    phone.get_by_label("查找事项").fill("jzz")
    phone.get_by_role("button", name="搜索").click()
    phone.get_by_role("link", name="居住证申领").click()
    assert phone.get_by_role("heading", name="居住证申领", level=1).is_visible()
    checklist = phone.locator(".checklist li")
    assert checklist.count() >= 3
    checklist.first.locator("input").check()  # a resident ticks what they have
    assert checklist.first.locator("input").is_checked()
    # Nothing is wider than the phone's screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
