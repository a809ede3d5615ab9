"""A case's record, on the case page and in the admin's history, names its steps by their
labels, in local time, with the staff member's name."""

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo) -> Case:
    clerk = make_user("clerk_wang", Role.CLERK)
    StaffProfile.objects.create(user=clerk, name="王芳", title="窗口工作人员", badge_number="T-901")
    item = ServiceItem.objects.get(code="jzz-shenling")
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    case = cases.case_start(case=case)
    return cases.case_suspend(case=case, reason="等待上级核实")


def test_the_admin_history_shows_step_labels_staff_names_and_no_raw_codes(client, case):
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get(
        f"/admin/intake/case/{case.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    table = page[page.index('id="change-history"') :]
    table = table[: table.index("</table>")]
    for step in (Case.Step.ACCEPT, Case.Step.START, Case.Step.SUSPEND):
        assert f"<td>{step.label}</td>" in table
    assert "等待上级核实" in table
    assert str(Case.Stage.PROCESSING.label) in table
    assert "&nbsp;processing" not in table and "None" not in table
    assert "clerk_wang" not in table


def test_the_case_page_shows_each_step_and_its_reason_apart(client, case):
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"<td>{Case.Step.SUSPEND.label}</td><td>等待上级核实</td>" in page
