import pytest

from tests.browser.test_people import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shots(browser, live_server, demo):
    from django.contrib.auth.models import User

    clerk = User.objects.get(username="clerk")
    page = sign_in(browser, live_server, "clerk")
    page.goto(live_server.url + "/staff/me/")
    page.screenshot(path="test-artifacts/me-clerk.png", full_page=True)
    page = sign_in(browser, live_server, "supervisor")
    page.goto(live_server.url + "/staff/overtime/")
    page.screenshot(path="test-artifacts/overtime-supervisor.png", full_page=True)
    page.goto(live_server.url + "/staff/training/")
    page.screenshot(path="test-artifacts/training-supervisor.png", full_page=True)
    page.goto(live_server.url + "/staff/assessments/")
    page.screenshot(path="test-artifacts/assessments.png", full_page=True)
    page.goto(live_server.url + f"/staff/assessments/new/?user={clerk.pk}&period=month&day=2026-11")
    page.screenshot(path="test-artifacts/assessment-new.png", full_page=True)
