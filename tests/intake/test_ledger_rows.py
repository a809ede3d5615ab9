"""What each ledger row shows, read from plain values: the case's link and number, the item,
mode and stage in the reader's language, the applicant masked, when it was received (the
center's time), the due date marked overdue only while the case is open, and both clerks by
the name on their staff profile (the username without one)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from intake import cases
from intake.models import Case
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user
from tests.intake.test_ledger import make_case

pytestmark = pytest.mark.django_db


def ledger_rows(client) -> dict[str, list[str]]:
    page = client.get("/desk/ledger/").content.decode()
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", page)
    return {
        re.search(r">([^<]+)</a>", row).group(1): [
            re.sub(r"<[^>]+>", "", cell) for cell in row.split("</td><td>")
        ]
        for row in rows
        if "</a>" in row
    }


def test_each_row_shows_the_case_as_the_reader_reads_it(client, demo):
    clerk = make_user("clerk", Role.CLERK)
    unnamed = make_user("clerk-without-profile", Role.CLERK)
    StaffProfile.objects.filter(user=unnamed).delete()
    StaffProfile.objects.update_or_create(
        user=clerk, defaults={"name": "李<明>", "title": "科员", "badge_number": "R1"}
    )
    late = make_case(clerk)
    received = timezone.make_aware(dt.datetime(2026, 3, 2, 0, 15))  # 2026-03-01 16:15 UTC
    Case.objects.filter(pk=late.pk).update(
        received_at=received, due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    done = cases.case_complete(case=cases.case_start(case=make_case(clerk)))
    Case.objects.filter(pk=done.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1), handler=unnamed
    )
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get("/desk/ledger/").content.decode()
    assert f'<a href="/desk/cases/{late.number}/">{late.number}</a>' in page
    assert "李&lt;明&gt;" in page  # escaped
    rows = ledger_rows(client)
    number, item, mode, stage, applicant, at, due, first, handler = rows[late.number]
    assert (item, mode, stage, applicant) == ("居住证申领", "承诺件", "已受理", "张*")
    assert at == "2026-03-02 00:15"
    assert due == f"{timezone.localdate() - dt.timedelta(days=1):%Y-%m-%d} 已超期"
    assert (first, handler) == ("李&lt;明&gt;", "李&lt;明&gt;")
    *_, stage, _applicant, _at, due, first, handler = rows[done.number]
    assert stage == "已办结" and "超期" not in due  # completed: no longer overdue
    assert handler == "clerk-without-profile"
