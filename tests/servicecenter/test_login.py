import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    page = client.get("/accounts/login/").content.decode()
    assert "工作人员登录" in page
    assert 'lang="zh-CN"' in page


def test_clerk_signs_in_and_lands_on_the_workstation(client, clerk):
    response = client.post(
        "/accounts/login/", {"username": "clerk", "password": "pw-for-tests-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/desk/"


def test_wrong_password_gets_a_chinese_message(client, clerk):
    page = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"}).content
    assert "密码" in page.decode()


def test_five_wrong_passwords_lock_the_account(client, clerk):
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "clerk", "password": "pw-for-tests-2026"}
    )
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert AccessAttempt.objects.filter(username="clerk").exists()
    assert "_auth_user_id" not in client.session
