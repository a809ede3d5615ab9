import re

import pytest

from disclosure.models import Category, ServiceItem
from intake import cases, queue
from intake.models import Case
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user


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
