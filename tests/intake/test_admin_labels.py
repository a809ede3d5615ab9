"""The admin names the applicant's 告知书 and the home page's 公告 apart."""

from django.apps import apps
from django.utils import translation


def test_the_admin_lists_the_notice_to_the_applicant_as_gaozhishu_not_gonggao(client, supervisor):
    client.force_login(supervisor)
    with translation.override("zh-hans"):
        page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        front_desk = str(apps.get_app_config("intake").verbose_name)
    section = page[page.index(front_desk) :]
    section = section[: section.index("</table>")]
    assert "告知书" in section
    assert "公告" not in section
