import os

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from servicecenter.models import CenterProfile
from servicecenter.roles import Role, sync_groups
from tests import demo_snapshot


def make_user(username: str, role: Role | None) -> User:
    if not Group.objects.exists():
        # A transactional test flushed the tables that the roles migration filled.
        sync_groups(django_apps)
    user = User.objects.filter(username=username).first()  # the demo center has them too
    if user is None:
        user = User.objects.create_user(username, password="pw-for-tests-2026")
    if role is not None:
        user.groups.add(Group.objects.get(name=str(role)))
        user.is_staff = role != Role.CLERK
        user.save()
    return user


@pytest.fixture
def clerk(db) -> User:
    return make_user("clerk", Role.CLERK)


@pytest.fixture
def supervisor(db) -> User:
    return make_user("supervisor", Role.SUPERVISOR)


@pytest.fixture
def director(db) -> User:
    return make_user("director", Role.DIRECTOR)


@pytest.fixture
def demo(db):
    """The demo center from fixtures/, as a new user sees it after bin/run."""
    from django.core.management import call_command

    if not Group.objects.exists():
        sync_groups(django_apps)  # a transactional test flushed what the migration made
    # Loaded for real once, then replayed from its rows: a real load takes most of a second.
    demo_snapshot.load(lambda: call_command("load_demo", stdout=open(os.devnull, "w")))


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # The real hasher takes a quarter of a second per password on purpose; tests set many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of a test stay with the test


@pytest.fixture
def open_center(demo):
    """The demo center, open all day today whatever day and hour the tests run."""
    from intake.management.commands.load_demo import open_all_day

    open_all_day()
    cache.clear()
    return CenterProfile.objects.get()
