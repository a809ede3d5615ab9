"""Supervisors read the text messages (a failed one is a resident not told), the
extensions and the supplements in the admin; the roles' groups hold what the apps declare."""

import pytest
from django.contrib.auth.models import Group

from intake.models import Case, SmsMessage
from servicecenter.roles import Role, role_permissions
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_role_groups_hold_exactly_the_declared_permissions(demo):
    for role, names in role_permissions().items():
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert held == set(names), role


def test_a_supervisor_lists_the_messages_that_failed(client, demo):
    from disclosure.models import ServiceItem
    from intake import cases

    item = ServiceItem.objects.get(code="jzz-shenling")
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=make_user("clerk", Role.CLERK),
    )
    SmsMessage.objects.create(
        case=case, kind="accept", number_masked="138****5678", text="…", ok=False, result="超时"
    )
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    for model in ("smsmessage", "caseextension", "casesupplement"):
        assert client.get(f"/admin/intake/{model}/").status_code == 200
    page = client.get("/admin/intake/smsmessage/?ok__exact=0").content.decode()
    assert case.number in page and "13812345678" not in page
    client.force_login(make_user("clerk", Role.CLERK))
    assert client.get("/admin/intake/smsmessage/").status_code in (302, 403)
