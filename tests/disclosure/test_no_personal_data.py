"""No public page shows a full ID number, a full private phone number or an applicant's name."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from disclosure.models import Rule, ServiceItem, result_publish
from staff.models import StaffProfile

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")


def public_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "is_public", False):
            yield prefix + str(pattern.pattern)


def every_public_url() -> list[str]:
    urls = []
    for route in public_patterns(get_resolver().url_patterns):
        if "<slug:code>" in route and route.startswith("guide/"):
            urls += [
                f"/guide/{code}/" for code in ServiceItem.objects.values_list("code", flat=True)
            ]
        elif "<slug:code>" in route and route.startswith("rules/"):
            urls += [f"/rules/{code}/" for code in Rule.objects.values_list("code", flat=True)]
        elif route == "queue/ticket/<str:token>/":
            from intake.queue import ticket_issue
            from intake.views.queue import ticket_url

            category = ServiceItem.objects.get(code="jzz-shenling").category
            urls.append(ticket_url(ticket_issue(category=category, check_open=False)))
        elif route == "queue/book/done/<str:token>/":
            from intake.views.appointments import booking_url
            from tests.intake.test_appointments import book

            category = ServiceItem.objects.get(code="jzz-shenling").category
            category.appointment_capacity = category.appointment_capacity or 2
            category.save()
            urls.append(booking_url(book(category)))
        elif route == "complaints/filed/<str:token>/":
            from complaints.services import ComplaintInput, complaint_file
            from complaints.views import filed_url

            complaint = ComplaintInput(
                description="态度差",
                about="other",
                subject_other="大厅",
                name="欧阳娜娜",
                phone="13812345678",
            )
            urls.append(filed_url(complaint_file(complaint=complaint, channel="online")))
        elif route == "ratings/case/<str:token>/":
            from complaints.ratings import case_link_token
            from intake import cases
            from tests.complaints.conftest import accepted_case

            clerk = StaffProfile.objects.get(badge_number="SQ-002").user
            case = cases.case_complete(case=cases.case_start(case=accepted_case(clerk)))
            urls.append(f"/ratings/case/{case_link_token(case)}/")
        else:
            assert "<" not in route, f"teach this test how to fill {route}"
            urls.append("/" + route)
    return urls


@pytest.mark.django_db
def test_public_pages_carry_no_personal_data(client, demo):
    item = ServiceItem.objects.get(code="jzz-shenling")
    result_publish(
        case_number="20261127-0001",
        item=item,
        applicant_name="欧阳娜娜",
        completed_on=dt.date.today(),
        on_time=True,
    )
    # A staff member whose phone is private, and whose ID number is on file.
    private = StaffProfile.objects.get(badge_number="SQ-002")
    private.phone, private.phone_is_public = "13912345678", False
    private.save()
    staff_ids = [profile.id_number for profile in StaffProfile.objects.all()]

    urls = every_public_url()
    # The rating screen is a device a supervisor paired with a counter (complaints.ratings).
    from complaints.ratings import screen_token
    from staff.models import Counter

    client.cookies["rating_screen"] = screen_token(Counter.objects.filter(is_active=True)[0])
    assert len(urls) > 40 and "/results/" in urls and "/board/" in urls
    for url in urls:
        response = client.get(url)
        if response.status_code == 405:  # a form's POST-only target; its page is crawled
            continue
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not ID_NUMBER.search(page), url
        assert not MOBILE.search(page), url
        assert "欧阳娜娜" not in page, url
        for id_number in staff_ids:
            assert id_number not in page
    assert "欧***" in client.get("/results/").content.decode()
