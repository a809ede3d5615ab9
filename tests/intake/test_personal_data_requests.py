"""The director's per-resident page (PIPL): find by 身份证号, export, erase; both recorded."""

import json

import pytest

from disclosure.models import ServiceItem
from intake import cases, lost
from intake.models import Case, CaseNotice, LostItem, PersonalDataRequest
from servicecenter.personal import lookup_hash
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
OTHER = "110105198001010016"
URLS = ["/desk/personal-data/", "/desk/personal-data/export/", "/desk/personal-data/erase/"]


@pytest.fixture
def held(demo):
    """The resident: applicant of one case, agent on another, told once, claimed a wallet."""
    item = ServiceItem.objects.get(code="jzz-shenling")
    clerk = make_user("clerk", Role.CLERK)

    def accept(applicant: str, applicant_id: str, agent: str, agent_id: str) -> Case:
        return cases.case_accept(
            item=item,
            applicant=cases.Applicant(
                name=applicant,
                id_number=applicant_id,
                phone="13812345678",
                agent_name=agent,
                agent_id_number=agent_id,
                agent_phone="13912345678",
            ),
            received=list(item.materials.all()),
            mode=Case.Mode.PROMISED,
            clerk=clerk,
        )

    own = accept("张三", ID, "李四", OTHER)
    helped = accept("李四", OTHER, "张三", ID)
    notice = cases.notice_issue(
        item=item,
        applicant=cases.Applicant(name="张三", id_number=ID, phone="13812345678"),
        missing=list(item.materials.all())[:1],
        clerk=clerk,
    )
    found = lost.lost_register(
        description="钱包", found_where="大厅", found_by="保洁员", kept_at="前台", clerk=clerk
    )
    lost.lost_claim(item=found, name="张三", id_number=ID)
    return own, helped, notice


@pytest.fixture
def director_client(client, held, director):  # after the demo, which brings its own users
    client.force_login(director)
    return client


def test_director_finds_everything_held_about_one_resident(director_client, held):
    own, helped, notice = held
    response = director_client.post("/desk/personal-data/", {"id_number": ID.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert own.number in page and helped.number in page and notice.serial in page
    assert "钱包" in page
    assert "110105********002X 共 4 条记录" in page
    assert "110105********002X" in page


def test_bad_id_number_is_refused_in_chinese_and_nothing_recorded(director_client, held):
    response = director_client.post(
        "/desk/personal-data/erase/", {"id_number": "110105194912310021"}
    )
    assert response.status_code == 400
    assert "校验位" in response.content.decode()
    assert not PersonalDataRequest.objects.exists()
    assert Case.objects.filter(applicant_name="张三").exists()


def test_export_gives_the_residents_data_in_clear_and_is_recorded(director_client, held, director):
    own, helped, notice = held
    response = director_client.post("/desk/personal-data/export/", {"id_number": ID})
    assert response.status_code == 200
    assert ID not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["id_number"] == ID
    (case,) = data["cases_as_applicant"]
    assert (case["number"], case["applicant_id_number"], case["applicant_name"]) == (
        own.number,
        ID,
        "张三",
    )
    assert case["history"][0]["step"] == "受理"
    assert [c["number"] for c in data["cases_as_agent"]] == [helped.number]
    assert [n["serial"] for n in data["notices"]] == [notice.serial]
    assert [c["item"] for c in data["lost_property_claims"]] == ["钱包"]
    record = PersonalDataRequest.objects.get()
    assert (record.action, record.records, record.by) == ("export", 4, director)
    assert record.id_hash == lookup_hash(ID)
    assert record.history.count() == 1


def test_erase_asks_for_confirmation_with_the_count_then_anonymizes(director_client, held):
    own, helped, notice = held
    response = director_client.post("/desk/personal-data/erase/", {"id_number": ID})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认删除（匿名化）110105********002X 的 4 条记录" in page
    assert 'name="confirmed" value="yes"' in page
    assert Case.objects.get(pk=own.pk).applicant_name == "张三"  # nothing yet
    assert not PersonalDataRequest.objects.exists()

    response = director_client.post(
        "/desk/personal-data/erase/", {"id_number": ID, "confirmed": "yes"}, follow=True
    )
    assert "的 4 条记录匿名化" in response.content.decode()
    own = Case.objects.get(pk=own.pk)
    assert (own.applicant_name, own.applicant_id_number, own.applicant_phone) == ("已匿名", "", "")
    assert own.agent_name == "李四"  # the agent is another person: kept
    assert {row.applicant_name for row in own.history.all()} == {"已匿名"}
    helped = Case.objects.get(pk=helped.pk)
    assert (helped.agent_name, helped.agent_id_number, helped.agent_phone) == ("已匿名", "", "")
    assert helped.applicant_id_number == OTHER
    assert {row.agent_name for row in helped.history.all()} == {"已匿名"}
    assert CaseNotice.objects.get().applicant_id_hash == ""
    assert LostItem.objects.get().claimant_name == "已匿名"
    record = PersonalDataRequest.objects.get()
    assert (record.action, record.records, record.id_hash) == ("erase", 4, lookup_hash(ID))

    # Clicking again finds nothing, records nothing.
    response = director_client.post(
        "/desk/personal-data/erase/", {"id_number": ID, "confirmed": "yes"}, follow=True
    )
    assert "没有保存该身份证号" in response.content.decode()
    assert PersonalDataRequest.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_clerks_and_supervisors_get_403(client, held, role):
    client.force_login(make_user(f"user-{role.name}", role))
    for url in URLS:
        assert client.post(url, {"id_number": ID, "confirmed": "yes"}).status_code == 403
    assert Case.objects.get(applicant_id_hash=lookup_hash(ID)).applicant_name == "张三"
    assert not PersonalDataRequest.objects.exists()


def test_the_page_queries_do_not_grow_with_the_records(director_client, held):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = director_client.post("/desk/personal-data/", {"id_number": ID})
        assert response.status_code == 200
        return len(captured)

    queries()  # the first request of a session loads what later ones reuse
    before = queries()
    own, _helped, _notice = held
    for _ in range(3):
        cases.case_accept(
            item=own.item,
            applicant=cases.Applicant(name="张三", id_number=ID, phone="13812345678"),
            received=list(own.item.materials.all()),
            mode=Case.Mode.PROMISED,
            clerk=own.first_clerk,
        )
    director_client.post("/desk/personal-data/export/", {"id_number": ID})  # one more record
    assert queries() == before
