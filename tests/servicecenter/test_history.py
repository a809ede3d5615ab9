import pytest
from django.apps import apps
from django.contrib.auth.models import User
from simple_history.models import HistoricalChanges

from servicecenter.models import CenterProfile
from staff.models import Counter

APPS = ["servicecenter", "staff", "disclosure", "intake", "complaints"]
# Technical rows that are not business records, each with its reason.
WITHOUT_HISTORY = {
    # Changes on every number handed out; the ticket or case that takes the number has history.
    "servicecenter.DailyCounter",
    # A form's one-time token and where its result is; the result has history.
    "servicecenter.FormSubmission",
    # A client's count in a rate-limit window (a keyed hash, no person): what the cache holds.
    "servicecenter.RateCount",
}


def business_models():
    for label in APPS:
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.abstract:
                continue
            yield model


def test_every_business_model_has_history():
    lacking = [
        model._meta.label
        for model in business_models()
        if model._meta.label not in WITHOUT_HISTORY and not hasattr(model, "history")
    ]
    assert lacking == []
    assert len(list(business_models())) >= 5


@pytest.mark.django_db
def test_admin_change_records_the_acting_user_and_shows_the_diff(client, supervisor):
    counter = Counter.objects.create(number=3, name="民政事务窗口")
    client.force_login(supervisor)
    response = client.post(
        f"/admin/staff/counter/{counter.pk}/change/",
        {"number": 3, "name": "民政与残联窗口", "location": "大厅中部", "is_active": "on"},
    )
    assert response.status_code == 302
    latest = counter.history.latest()
    assert latest.history_user == supervisor
    assert latest.name == "民政与残联窗口"
    page = client.get(f"/admin/staff/counter/{counter.pk}/history/").content.decode()
    assert "民政事务窗口" in page and "民政与残联窗口" in page  # old and new value in the diff


@pytest.mark.django_db
def test_history_is_not_editable_from_the_admin(client, supervisor):
    profile = CenterProfile.objects.create(
        name="测试中心",
        address="测试路1号",
        complaint_phone="01062881234",
        supervision_phone="01062885678",
    )
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests-2026"))
    record = profile.history.latest()
    url = f"/admin/servicecenter/centerprofile/{profile.pk}/history/{record.history_id}/"
    client.post(url, {"name": "改过的名字"})
    profile.refresh_from_db()
    assert profile.name == "测试中心"
    assert profile.history.count() == 1
