"""Back + resubmit: Chromium reloads the form (a fresh one-time token) and refills what was
typed; sending it again leads to the record made the first time, not a second one."""

import pytest

from complaints.models import Complaint
from intake.models import Consultation, LostItem
from servicecenter.roles import Role
from servicecenter.tokens import new_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _twice(client, url: str, data: dict) -> list[int]:
    statuses = []
    for _ in range(2):
        statuses.append(client.post(url, {**data, "token": new_token()}).status_code)
    return statuses


def test_a_resident_sending_the_same_complaint_again_files_one(client, demo):
    data = {"description": "窗口人员态度生硬", "about": "other", "other": "大厅"}
    assert _twice(client, "/complaints/new/", data) == [302, 302]
    assert Complaint.objects.count() == 1


def test_a_clerk_sending_the_same_question_again_records_one(client, demo):
    client.force_login(make_user("zhou", Role.CLERK))
    data = {"channel": "phone", "matter": "低保", "question": "怎么申请低保？"}
    assert _twice(client, "/desk/consultations/", data) == [302, 302]
    assert Consultation.objects.count() == 1


def test_a_clerk_sending_the_same_found_item_again_registers_one(client, demo):
    client.force_login(make_user("zhou", Role.CLERK))
    data = {
        "description": "红色保温杯",
        "found_where": "大厅",
        "found_by": "保洁员",
        "kept_at": "服务台",
    }
    assert _twice(client, "/desk/lost/", data) == [302, 302]
    assert LostItem.objects.count() == 1
