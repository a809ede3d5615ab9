import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_through_the_login_page_and_lands_on_the_workstation(page, clerk):
    from staff.models import StaffProfile

    StaffProfile.objects.create(user=clerk, name="王芳", title="综合受理员", badge_number="SQ-001")
    page.goto(page.live_server_url + "/desk/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("pw-for-tests-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/desk/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert "王芳" in page.inner_text("main")


def test_wrong_password_shows_a_chinese_message(page, clerk):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "密码" in page.get_by_role("alert").inner_text()
    assert "/accounts/login/" in page.url
