import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from servicecenter.models import CenterProfile
from servicecenter.roles import Role
from staff.models import Counter, StaffProfile

pytestmark = pytest.mark.django_db


def test_demo_center_has_staff_in_every_role_and_counters(demo):
    assert CenterProfile.objects.count() == 1
    assert StaffProfile.objects.count() >= 6
    assert Counter.objects.count() >= 4
    for role in Role:
        assert StaffProfile.objects.filter(user__groups__name=str(role)).exists(), role


def test_demo_accounts_sign_in_with_the_documented_password(demo, rf):
    from intake.management.commands.load_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    readme = open("README.md", encoding="utf-8").read()
    assert DEMO_PASSWORD in readme
    for username in DEMO_ACCOUNTS:
        assert username in readme
        request = rf.post("/accounts/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None


def test_demo_staff_have_valid_encrypted_id_numbers(demo):
    from servicecenter.personal import lookup_hash, normalize_id_number

    for profile in StaffProfile.objects.all():
        assert normalize_id_number(profile.id_number) == profile.id_number
        assert profile.id_number_hash == lookup_hash(profile.id_number)


def test_demo_is_not_loaded_twice(demo):
    call_command("load_demo", verbosity=0)
    assert CenterProfile.objects.count() == 1


def test_footer_shows_the_center_and_follows_edits(
    demo, client, django_capture_on_commit_callbacks
):
    page = client.get("/").content.decode()
    assert "阳光社区便民服务中心" in page and "010-62881234" in page
    profile = CenterProfile.objects.get()
    profile.complaint_phone = "010-62889999"
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert "010-62889999" in client.get("/").content.decode()
