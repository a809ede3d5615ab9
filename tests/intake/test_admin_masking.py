"""The admin, where supervisors read records and their history, shows personal data masked.

Each record below is made with known personal values and carried through a few changes, so
its history has several versions and a "Changes" column; then every admin page of it — the
list, the record, the history list and each version — is read as a supervisor and searched
for the values in clear.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from disclosure.models import Category, ServiceItem
from intake import cases, lost
from intake.models import Appointment, Case, CaseNotice, LostItem
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

APPLICANT_ID, AGENT_ID = "11010519491231002X", "110105194912310038"
CLAIMANT_ID = "110105194912310062"
SECRETS = {
    "applicant": "张三丰",
    "applicant's phone": "13812345678",
    "applicant's ID": APPLICANT_ID,
    "agent": "欧阳明月",
    "agent's phone": "13987654321",
    "agent's ID": AGENT_ID,
    "claimant": "李四海",
    "claimant's ID": CLAIMANT_ID,
    "booker": "王五福",
    "booker's phone": "13700001111",
    "staff ID": "110105194912310046",
    "staff's private phone": "13600002222",
    "staff's earlier phone": "13500003333",
}


@pytest.fixture
def supervisor(demo) -> User:
    return make_user("supervisor", Role.SUPERVISOR)


def _case(clerk) -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(
        name=SECRETS["applicant"],
        id_number=APPLICANT_ID,
        phone=SECRETS["applicant's phone"],
        agent_name=SECRETS["agent"],
        agent_id_number=AGENT_ID,
        agent_phone=SECRETS["agent's phone"],
    )
    case = cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode=Case.Mode.PROXY,
        clerk=clerk,
    )
    cases.case_start(case=case)
    cases.case_hand_over(case=case, to=make_user("clerk-b", Role.CLERK), reason="休假")
    return case


def _notice(clerk) -> CaseNotice:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(
        name=SECRETS["applicant"], id_number=APPLICANT_ID, phone=SECRETS["applicant's phone"]
    )
    return cases.notice_issue(
        item=item, applicant=applicant, missing=list(item.materials.all())[:2], clerk=clerk
    )


def _lost_item(clerk) -> LostItem:
    found = lost.lost_register(
        clerk=clerk, description="黑色钱包", found_where="大厅", found_by="保洁员", kept_at="服务台"
    )
    return lost.lost_claim(item=found, name=SECRETS["claimant"], id_number=CLAIMANT_ID)


def _appointment(clerk) -> Appointment:
    booking = Appointment.objects.create(
        category=Category.objects.get(code="minzheng"),
        day=dt.date.today() + dt.timedelta(days=1),
        slot=dt.time(9, 30),
        name=SECRETS["booker"],
        phone=SECRETS["booker's phone"],
    )
    booking.status = Appointment.Status.CANCELLED
    booking.save()
    return booking


def _staff_profile(clerk) -> StaffProfile:
    profile = StaffProfile.objects.create(
        user=make_user("clerk-new", Role.CLERK),
        name="赵六",  # 挂牌上岗: a staff member's name is public, the ID and private phone not
        title="窗口工作人员",
        badge_number="T-099",
        phone=SECRETS["staff's earlier phone"],
        phone_is_public=False,
        id_number=SECRETS["staff ID"],
    )
    profile.phone = SECRETS["staff's private phone"]
    profile.save()
    return profile


FACTORIES = {
    "intake/case": _case,
    "intake/casenotice": _notice,
    "intake/lostitem": _lost_item,
    "intake/appointment": _appointment,
    "staff/staffprofile": _staff_profile,
}


@pytest.mark.parametrize("model", FACTORIES)
def test_admin_pages_and_history_show_no_personal_data_in_clear(client, supervisor, model):
    record = FACTORIES[model](make_user("clerk-a", Role.CLERK))
    versions = list(record.history.values_list("history_id", flat=True))
    # A notice never changes; the others change, so their history has a "Changes" column.
    assert len(versions) >= (1 if model == "intake/casenotice" else 2)
    base = f"/admin/{model}/"
    pages = [base, f"{base}{record.pk}/change/", f"{base}{record.pk}/history/"]
    pages += [f"{base}{record.pk}/history/{version}/" for version in versions]
    client.force_login(supervisor)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if model == "staff/staffprofile" and url.endswith("/change/"):
            # The one form where a supervisor edits the work phone holds it; nothing else.
            html = html.replace(SECRETS["staff's private phone"], "")
        for what, value in SECRETS.items():
            assert value not in html, f"{what} in clear on {url}"


def test_case_history_keeps_no_phone_numbers(supervisor):
    case = _case(make_user("clerk-a", Role.CLERK))
    fields = {field.name for field in case.history.model._meta.fields}
    assert not fields & {"applicant_phone", "agent_phone", "applicant_id_number", "agent_id_number"}


def test_the_case_admin_shows_the_agent_and_phones_masked(client, supervisor):
    case = _case(make_user("clerk-a", Role.CLERK))
    client.force_login(supervisor)
    html = client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "张**" in html and "欧***" in html
    assert "138****5678" in html and "139****4321" in html


def test_the_history_changes_column_shows_changed_personal_fields_masked(client, supervisor):
    clerk = make_user("clerk-a", Role.CLERK)
    found, profile = _lost_item(clerk), _staff_profile(clerk)
    client.force_login(supervisor)
    html = client.get(f"/admin/intake/lostitem/{found.pk}/history/").content.decode()
    assert "李**" in html  # the claim is in the history, by whom masked
    html = client.get(f"/admin/staff/staffprofile/{profile.pk}/history/").content.decode()
    assert "135****3333" in html and "136****2222" in html
