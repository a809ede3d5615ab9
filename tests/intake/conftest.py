import datetime as dt

import pytest
from django.utils import timezone

from disclosure.models import Category
from intake import services
from servicecenter.models import CenterProfile, OpeningHours, WorkdayOverride
from staff.models import Counter
from tests.conftest import make_user


@pytest.fixture
def open_center(demo):
    """The demo center, open all day today whatever day and hour the tests run."""
    profile = CenterProfile.objects.get()
    profile.opening_hours.all().delete()
    for weekday in range(7):
        OpeningHours.objects.create(
            profile=profile, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(23, 59, 59)
        )
    WorkdayOverride.objects.update_or_create(
        date=timezone.localdate(), defaults={"kind": "working", "reason": "测试"}
    )
    from django.core.cache import cache

    cache.clear()
    return profile


@pytest.fixture
def minzheng(demo) -> Category:
    return Category.objects.get(code="minzheng")  # letter C, called at counter 3


@pytest.fixture
def counter3(demo) -> Counter:
    return Counter.objects.get(number=3)


@pytest.fixture
def session3(counter3):
    from servicecenter.roles import Role

    return services.session_open(clerk=make_user("clerk3", Role.CLERK), counter=counter3)


def issue(category: Category, n: int = 1, **kwargs):
    return [services.ticket_issue(category=category, check_open=False, **kwargs) for _ in range(n)]
