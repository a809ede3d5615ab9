import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_on_a_phone_finds_the_case_lookup_from_the_home_page(phone, demo):
    phone.goto(phone.live_server_url + "/")
    in_nav = phone.locator("header nav").get_by_role("link", name="办理进度查询")
    in_footer = phone.locator("footer").get_by_role("link", name="办理进度查询")
    assert in_nav.is_visible()
    box = in_nav.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # on screen, not cut off
    in_footer.scroll_into_view_if_needed()
    assert in_footer.is_visible()
    in_nav.click()
    phone.wait_for_url("**/track/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
