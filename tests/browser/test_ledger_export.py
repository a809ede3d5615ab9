import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_supervisor(page):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill("supervisor")
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def make_cases(count: int) -> None:
    from django.contrib.auth import get_user_model

    from disclosure.models import ServiceItem
    from intake import cases

    clerk = get_user_model().objects.get(username="clerk")
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    for _ in range(count):
        cases.case_accept(
            item=item,
            applicant=applicant,
            received=list(item.materials.all()),
            mode="promised",
            clerk=clerk,
        )


@pytest.mark.parametrize("button, ext", [("CSV", "csv"), ("导出Excel", "xlsx")])
def test_the_ledger_export_shows_progress_then_saves_the_file(page, open_center, button, ext):
    make_cases(3)
    sign_in_as_supervisor(page)
    page.goto(page.live_server_url + "/desk/ledger/")
    with page.expect_download() as download:
        page.get_by_role("link", name=button, exact=True).click()
    today = timezone.localdate().isoformat()
    assert download.value.suggested_filename == f"台帐截至_{today}.{ext}"
    status = page.locator("[data-export-progress]")
    status.get_by_text("导出完成：已保存 3 行。").wait_for()
    assert status.locator("progress").get_attribute("max") == "3"
    assert open(download.value.path(), "rb").read(2) in (b"\xef\xbb", b"PK")
