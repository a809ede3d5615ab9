import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_director_unlocks_a_locked_clerk_from_the_chinese_page(page, clerk, director):
    from staff.models import StaffProfile

    StaffProfile.objects.create(user=clerk, name="王芳", title="综合受理员", badge_number="SQ-001")
    for _attempt in range(5):
        sign_in(page, "clerk", "not-the-password")
    sign_in(page, "clerk", "pw-for-tests-2026")
    assert "账号已锁定" in page.inner_text("main")

    page.context.clear_cookies()
    sign_in(page, "director", "pw-for-tests-2026")
    page.wait_for_url("**/desk/")
    page.get_by_role("link", name="被锁定的账号").first.click()
    row = page.get_by_role("row").filter(has_text="王芳")
    assert "clerk" in row.inner_text()
    row.get_by_role("button", name="解锁").click()
    assert "已解锁：王芳（clerk）" in page.get_by_role("status").inner_text()
    assert "目前没有被锁定的账号" in page.inner_text("main")

    page.context.clear_cookies()
    sign_in(page, "clerk", "pw-for-tests-2026")
    page.wait_for_url("**/desk/")
