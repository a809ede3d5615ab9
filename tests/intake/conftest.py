import pytest

from disclosure.models import Category
from intake import queue
from staff.models import Counter
from tests.conftest import make_user


@pytest.fixture
def minzheng(demo) -> Category:
    return Category.objects.get(code="minzheng")  # letter C, called at counter 3


@pytest.fixture
def counter3(demo) -> Counter:
    return Counter.objects.get(number=3)


@pytest.fixture
def session3(counter3):
    from servicecenter.roles import Role

    return queue.session_open(clerk=make_user("clerk3", Role.CLERK), counter=counter3)


def issue(category: Category, n: int = 1, **kwargs):
    return [queue.ticket_issue(category=category, check_open=False, **kwargs) for _ in range(n)]
