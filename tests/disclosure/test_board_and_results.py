import datetime as dt

import pytest
from django.utils import timezone

from disclosure.models import PublishedResult, ServiceItem, result_publish
from staff.models import StaffProfile

pytestmark = pytest.mark.django_db


def test_board_shows_public_staff_with_title_badge_counter_and_work_phone(client, open_center):
    page = client.get("/board/").content.decode()
    for text in ["王芳", "综合受理员", "SQ-001", "1号窗口", "010-62881001", "周敏", "中心主任"]:
        assert text in page, text


def test_board_hides_private_phones_unlisted_and_departed_staff(client, open_center):
    hidden = StaffProfile.objects.get(badge_number="SQ-002")
    hidden.is_public = False
    hidden.save()
    departed = StaffProfile.objects.get(badge_number="SQ-003")
    departed.user.is_active = False
    departed.user.save()
    private = StaffProfile.objects.get(badge_number="SQ-004")
    private.phone_is_public = False
    private.save()
    page = client.get("/board/").content.decode()
    assert "李娜" not in page and "张伟" not in page
    assert "刘洋" in page and private.phone not in page


def test_results_list_the_last_30_days_masked_with_this_months_figures(client, demo):
    item = ServiceItem.objects.get(code="jzz-shenling")
    today = timezone.localdate()
    result_publish(
        case_number="A-1", item=item, applicant_name="张三", completed_on=today, on_time=True
    )
    result_publish(
        case_number="A-2", item=item, applicant_name="李四", completed_on=today, on_time=False
    )
    old = today - dt.timedelta(days=40)
    result_publish(
        case_number="A-0", item=item, applicant_name="王五", completed_on=old, on_time=True
    )
    page = client.get("/results/").content.decode()
    assert "A-1" in page and "A-2" in page and "A-0" not in page
    assert "张*" in page and "张三" not in page
    # This month's figures count cases as the reports do: tests/intake/test_report_figures.py.
    assert PublishedResult.objects.get(case_number="A-1").applicant == "张*"
