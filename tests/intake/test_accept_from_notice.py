"""一次性告知, then 受理: the applicant comes back with the missing materials and the clerk
accepts from the notice, found by its serial or by the applicant's 身份证号 (through its keyed
hash), with the form filled in from it. The ID number is typed again: the notice keeps only
its hash, and typing it proves the person back is the one who was told."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, CaseNotice
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
OTHER_ID = "440301199003071230"


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


@pytest.fixture
def clerk(demo):
    return make_user("clerk", Role.CLERK)


def applicant(**changes) -> cases.Applicant:
    return cases.Applicant(**{"name": "张三", "id_number": ID, "phone": "13812345678", **changes})


def tell(item, clerk) -> CaseNotice:
    missing = list(item.materials.all())[:2]
    return cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk)


def accept_from(notice, clerk, **changes) -> Case:
    return cases.case_accept(
        item=notice.item,
        applicant=applicant(**changes),
        received=list(notice.item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
        notice=notice,
    )


def test_the_case_is_linked_to_the_notice_and_no_repeat_is_flagged(item, clerk):
    notice = tell(item, clerk)
    case = accept_from(notice, clerk)
    assert case.notice == notice and notice.case == case
    # A later notice for a new application is no second telling of the same one.
    again = tell(item, clerk)
    assert not again.is_repeat
    assert not CaseNotice.objects.filter(is_repeat=True).exists()


def test_a_notice_is_accepted_from_once(item, clerk):
    notice = tell(item, clerk)
    accept_from(notice, clerk)
    with pytest.raises(ValidationError) as caught:
        accept_from(notice, clerk, phone="13900001111")
    assert caught.value.code == "notice_accepted"
    assert Case.objects.count() == 1


def test_another_persons_id_number_is_refused(item, clerk):
    notice = tell(item, clerk)
    with pytest.raises(ValidationError) as caught:
        accept_from(notice, clerk, id_number=OTHER_ID)
    assert caught.value.error_dict["id_number"][0].code == "notice_id_mismatch"
    assert not Case.objects.exists()


def test_a_notice_for_another_service_or_of_another_kind_cannot_be_accepted_from(item, clerk):
    other = ServiceItem.objects.get(code="juzhu-zhengming")
    notice = tell(item, clerk)
    with pytest.raises(ValidationError) as caught:
        cases.case_accept(
            item=other,
            applicant=applicant(),
            received=list(other.materials.all()),
            mode=Case.Mode.PROMISED,
            clerk=clerk,
            notice=notice,
        )
    assert caught.value.error_dict["__all__"][0].code == "notice_kind"
    refusal = cases.refusal_issue(
        item=item, applicant=applicant(), reason="不符合条件", basis="条例", clerk=clerk
    )
    with pytest.raises(ValidationError):
        accept_from(refusal, clerk)
    assert not Case.objects.exists()


def test_the_notice_is_found_by_serial_or_by_id_number_never_in_the_address(client, item, clerk):
    notice = tell(item, clerk)
    client.force_login(clerk)
    by_serial = client.get("/desk/notices/", {"serial": notice.serial.lower()})
    assert by_serial["Location"] == f"/desk/notices/{notice.serial}/"
    by_id = client.post("/desk/notices/", {"id_number": f" {ID[:6]} {ID[6:]} "})
    assert by_id.status_code == 200 and notice.serial in by_id.content.decode()
    assert ID not in by_id.content.decode()
    nobody = client.post("/desk/notices/", {"id_number": OTHER_ID})
    assert nobody.status_code == 400 and notice.serial not in nobody.content.decode()
    # Another clerk's notice is not theirs to find (首问负责制; CaseNotice.visible_to).
    client.force_login(make_user("clerk-b", Role.CLERK))
    assert client.get("/desk/notices/", {"serial": notice.serial}).status_code == 400
    assert notice.serial not in client.post("/desk/notices/", {"id_number": ID}).content.decode()


def test_the_form_comes_filled_in_from_the_notice_and_accepts_the_next_day(client, item, clerk):
    notice = tell(item, clerk)
    yesterday = timezone.now() - dt.timedelta(days=1)
    CaseNotice.objects.filter(pk=notice.pk).update(created_at=yesterday)
    notice.refresh_from_db()
    client.force_login(clerk)
    form = client.get("/desk/cases/new/", {"notice": notice.serial})
    html = form.content.decode()
    assert form.status_code == 200 and 'value="张三"' in html and item.name in html
    assert html.count("checked") == item.materials.count()
    token = html.split('name="token" value="')[1].split('"')[0]
    data = {
        "notice": notice.serial,
        "applicant_name": "张三",
        "applicant_id_number": ID,
        "applicant_phone": "13812345678",
        "mode": "promised",
        "received": [m.pk for m in item.materials.all()],
        "action": "accept",
        "token": token,
    }
    first = client.post("/desk/cases/new/", data)
    second = client.post("/desk/cases/new/", {**data, "token": ""})
    case = Case.objects.get()
    assert case.notice == notice and first["Location"] == case.get_absolute_url()
    assert second.status_code == 302 and Case.objects.count() == 1
    assert timezone.localdate(case.received_at) > timezone.localdate(notice.created_at)
    page = client.get(f"/desk/notices/{notice.serial}/").content.decode()
    assert case.number in page and f"?notice={notice.serial}" not in page
    again = client.get("/desk/cases/new/", {"notice": notice.serial})
    assert again["Location"] == f"/desk/notices/{notice.serial}/"


def test_a_wrong_id_number_at_the_desk_is_an_error_on_its_field(client, item, clerk):
    notice = tell(item, clerk)
    client.force_login(clerk)
    response = client.post(
        "/desk/cases/new/",
        {
            "notice": notice.serial,
            "applicant_name": "张三",
            "applicant_id_number": OTHER_ID,
            "applicant_phone": "13812345678",
            "mode": "promised",
            "received": [m.pk for m in item.materials.all()],
            "action": "accept",
        },
    )
    assert response.status_code == 400 and not Case.objects.exists()
    assert "与告知书上的申请人不符" in response.content.decode()
