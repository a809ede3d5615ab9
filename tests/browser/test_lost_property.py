"""Lost property in Chromium: a refused claim keeps what the clerk typed; the claim prints a
认领单; a resident on a phone finds the 招领 list from the public site."""

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/desk/**")


def test_a_clerk_registers_a_refused_claim_keeps_the_input_and_a_claim_prints(page, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "clerk")
    page.goto(page.live_server_url + "/desk/lost/")
    page.get_by_label("物品").fill("黑色双肩包")
    page.get_by_label("拾获地点").fill("等候区3排")
    page.get_by_label("拾获人").fill("保洁员王芳")
    page.get_by_label("保管地点").fill("服务台柜子")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记拾获物品")
    page.get_by_role("link", name="黑色双肩包").first.click()
    page.get_by_label("认领人姓名").fill("欧阳娜娜")
    page.get_by_label("认领人身份证号（已核验）").fill("110105194912310021")  # wrong check digit
    page.get_by_role("button", name="认领", exact=True).click()
    page.wait_for_selector("[role=alert]")
    assert page.get_by_label("认领人姓名").input_value() == "欧阳娜娜"
    assert page.get_by_label("认领人身份证号（已核验）").input_value() == "110105194912310021"
    page.screenshot(path=ARTIFACTS / "lost-claim-refused.png", full_page=True)
    page.get_by_label("认领人身份证号（已核验）").fill("11010519491231002X")
    page.get_by_role("button", name="认领", exact=True).click()
    page.wait_for_selector("text=打印认领单")
    assert page.locator("[data-status]").get_attribute("data-status") == "claimed"
    page.screenshot(path=ARTIFACTS / "lost-claimed.png", full_page=True)


def test_a_resident_finds_the_lost_and_found_list_from_the_home_page(phone, demo):
    from intake import lost
    from tests.conftest import make_user

    lost.lost_register(
        description="蓝色雨伞",
        found_where="大门口",
        found_by="保安李师傅",
        kept_at="值班室",
        clerk=make_user("clerk-found", None),
    )
    phone.goto(phone.live_server_url + "/")
    phone.locator("footer").get_by_role("link", name="失物招领").click()
    phone.wait_for_url("**/lost/")
    assert "蓝色雨伞" in phone.content() and "保安李师傅" not in phone.content()
    phone.screenshot(path=ARTIFACTS / "lost-public-phone.png", full_page=True)
