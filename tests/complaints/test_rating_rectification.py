"""整改: a 差评 opens a rectification with two due dates in working days (settings); a
supervisor records the contact and what was done; overdue ones are listed for supervisors."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import ratings
from complaints.models import Rating, Rectification
from servicecenter.dates import local_datetime
from tests.complaints.conftest import rating_link

pytestmark = pytest.mark.django_db


def _rated(case, level: int, at: dt.datetime) -> Rectification | None:
    rating = Rating.objects.create(
        case=case, level=level, channel=Rating.Channel.TRACK, clerk=case.handler, rated_at=at
    )
    return ratings.rectification_open(rating=rating) if rating.is_bad else None


@pytest.mark.parametrize("level", ["1", "2"])
def test_a_bad_rating_opens_a_rectification(client, done_case, level):
    client.post(rating_link(client, done_case), {"level": level})
    rectification = Rectification.objects.get(rating__case=done_case)
    assert rectification.status == Rectification.Status.OPEN
    assert rectification.history.get().history_step == Rectification.Step.OPEN
    assert rectification.contact_due > timezone.localdate()


@pytest.mark.parametrize("level", ["3", "4", "5"])
def test_a_good_rating_opens_none(client, done_case, level):
    client.post(rating_link(client, done_case), {"level": level})
    assert not Rectification.objects.exists()


def test_due_dates_skip_the_national_day_holiday(done_case):
    # Rated on Wednesday 30 September 2026: 1–7 October are the holiday.
    rectification = _rated(done_case, 1, local_datetime(dt.date(2026, 9, 30), dt.time(10)))
    assert rectification.contact_due == dt.date(2026, 10, 8)
    # 15 working days: 8, 9, 10 (Saturday, 调休), 12–16, 19–23, 26, 27 October.
    assert rectification.done_due == dt.date(2026, 10, 27)


def test_the_due_dates_follow_the_settings(done_case, settings):
    settings.RECTIFICATION_CONTACT_DAYS, settings.RECTIFICATION_DONE_DAYS = 2, 5
    rectification = _rated(done_case, 2, local_datetime(dt.date(2026, 9, 30), dt.time(10)))
    assert rectification.contact_due == dt.date(2026, 10, 9)
    assert rectification.done_due == dt.date(2026, 10, 13)


def test_overdue_is_by_working_day(done_case):
    rectification = _rated(done_case, 1, local_datetime(dt.date(2026, 9, 30), dt.time(10)))
    found = Rectification.objects.overdue
    assert rectification not in found(dt.date(2026, 10, 8))
    assert rectification in found(dt.date(2026, 10, 9))  # not contacted by the 8th
    ratings.rectification_contact(rectification=rectification, note="已致电", by=done_case.handler)
    assert rectification not in found(dt.date(2026, 10, 27))
    assert rectification in found(dt.date(2026, 10, 28))  # not done by the 27th


def test_a_supervisor_contacts_then_records_what_was_done(client, done_case, supervisor):
    client.post(rating_link(client, done_case), {"level": "1", "comment": "等太久"})
    rectification = Rectification.objects.get()
    client.force_login(supervisor)
    page = client.get(f"/ratings/rectifications/{rectification.pk}/").content.decode()
    assert "等太久" in page and "欧***" in page and "欧阳娜娜" not in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    url = f"/ratings/rectifications/{rectification.pk}"
    client.post(f"{url}/contact/", {"note": "已电话联系，居民表示理解", "token": token})
    client.post(f"{url}/contact/", {"note": "再次", "token": token})  # a double submit
    client.post(f"{url}/complete/", {"action": "调整窗口排班，高峰期加开窗口"})
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.DONE
    assert rectification.contacted_by == supervisor and rectification.done_by == supervisor
    assert rectification.contact_note == "已电话联系，居民表示理解"
    steps = rectification.history.order_by("history_id").values_list("history_step", flat=True)
    assert list(steps) == ["open", "contact", "complete"]


def test_steps_out_of_order_or_empty_change_nothing(client, done_case, supervisor):
    client.post(rating_link(client, done_case), {"level": "1"})
    rectification = Rectification.objects.get()
    client.force_login(supervisor)
    url = f"/ratings/rectifications/{rectification.pk}"
    assert client.post(f"{url}/complete/", {"action": "跳过联系"}).status_code == 302
    assert client.post(f"{url}/contact/", {"note": ""}).status_code == 302
    assert client.post(f"{url}/contact/", {"note": "长" * 1001}).status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.OPEN and not rectification.contact_note
    with pytest.raises(ValidationError) as refused:
        ratings.rectification_complete(rectification=rectification, action="x", by=supervisor)
    assert refused.value.code == "step_not_allowed"


def test_clerks_cannot_see_rectifications(client, done_case):
    client.post(rating_link(client, done_case), {"level": "1"})
    rectification = Rectification.objects.get()
    client.force_login(done_case.handler)
    assert client.get("/ratings/rectifications/").status_code == 403
    assert client.get(f"/ratings/rectifications/{rectification.pk}/").status_code == 403


def test_overdue_rectifications_are_listed_and_on_the_supervisors_workstation(
    client, done_case, supervisor
):
    rectification = _rated(done_case, 1, timezone.now() - dt.timedelta(days=40))
    client.force_login(supervisor)
    page = client.get("/ratings/rectifications/").content.decode()
    assert f"/ratings/rectifications/{rectification.pk}/" in page and 'class="overdue"' in page
    desk = client.get("/desk/").content.decode()
    assert 'data-key="rectifications_overdue"' in desk
    assert re.search(r'data-key="rectifications_overdue">.*?<strong>1</strong>', desk)
