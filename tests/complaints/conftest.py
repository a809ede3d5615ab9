import datetime as dt
import re

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import Complaint
from disclosure.models import Category, ServiceItem
from intake import cases, queue
from intake.models import Case
from servicecenter.roles import Role
from staff.models import Counter, StaffProfile
from tests.conftest import make_user


def staff_member(username: str, role: Role, name: str, badge: str):
    user = make_user(username, role)
    StaffProfile.objects.get_or_create(
        user=user, defaults={"name": name, "title": "窗口工作人员", "badge_number": badge}
    )
    return user


@pytest.fixture
def wang(db):
    """The clerk complained about."""
    return staff_member("wang", Role.CLERK, "王小明", "A-001")


@pytest.fixture
def li(db):
    """Another clerk: the handler."""
    return staff_member("li", Role.CLERK, "李红", "A-002")


@pytest.fixture
def zhao(db):
    """A supervisor, the 投诉专员."""
    return staff_member("zhao", Role.SUPERVISOR, "赵主管", "S-001")


@pytest.fixture
def qian(db):
    """Another supervisor."""
    return staff_member("qian", Role.SUPERVISOR, "钱主管", "S-002")


@pytest.fixture
def chen(db):
    """The director."""
    return staff_member("chen", Role.DIRECTOR, "陈主任", "D-001")


@pytest.fixture
def counter(db):
    return Counter.objects.create(number=7, name="综合窗口")


def file_complaint(subject=None, *, phone="13812345678", name="张三丰", now=None, **kwargs):
    data = {
        "description": "办事等了两个小时，工作人员态度冷淡。",
        "about": Complaint.About.STAFF if subject else Complaint.About.OTHER,
        "subject_staff": subject,
        "subject_other": "" if subject else "大厅秩序",
        "wish": "希望道歉",
        "name": name,
        "phone": phone,
        **kwargs,
    }
    return services.complaint_file(
        complaint=services.ComplaintInput(**data), channel=Complaint.Channel.ONLINE, now=now
    )


@pytest.fixture
def complaint(wang):
    return file_complaint(wang)


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def handler(demo):
    return make_user("handler", Role.CLERK)


def accepted_case(clerk, phone: str = "13812345678") -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="欧阳娜娜", id_number="11010519491231002X", phone=phone)
    return cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode="promised",
        clerk=clerk,
    )


@pytest.fixture
def open_case(handler) -> Case:
    return accepted_case(handler)


@pytest.fixture
def done_case(handler) -> Case:
    case = cases.case_start(case=accepted_case(handler))
    return cases.case_complete(case=case)


def rating_link(client, case: Case, last4: str = "5678") -> str:
    """The rating link a successful /track/ lookup shows."""
    page = client.post("/track/", {"case": case.number, "last4": last4}).content.decode()
    found = re.search(r'href="(/ratings/case/[^"]+/)"', page)
    return found.group(1) if found else ""


@pytest.fixture
def counter3(demo) -> Counter:
    return Counter.objects.get(number=3)


@pytest.fixture
def serving(counter3):
    """Clerk 3 at counter 3 serving a 民政 ticket."""
    clerk = make_user("clerk3", Role.CLERK)
    session = queue.session_open(clerk=clerk, counter=counter3)
    category = Category.objects.get(code="minzheng")
    queue.ticket_issue(category=category, check_open=False)
    ticket = queue.ticket_call_next(session=session)
    return queue.ticket_start(session=session, ticket_id=ticket.pk)
