"""好评率 per month on a public page (counts only, nobody named) and the ratings' figures
lent to the reports and the staff pages (servicecenter.figures)."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import faults
from complaints.models import FaultRecord, Rating
from intake.models import Case
from servicecenter.figures import provide
from servicecenter.roles import Role
from tests.complaints.conftest import accepted_case
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _rate(handler, levels: list[int], at=None) -> list[Rating]:
    found = []
    for level in levels:
        case = accepted_case(handler)
        Case.objects.filter(pk=case.pk).update(stage=Case.Stage.COMPLETED)
        found.append(
            Rating.objects.create(
                case=case,
                level=level,
                comment="张三丰说很好",
                channel=Rating.Channel.TRACK,
                clerk=handler,
                rated_at=at or timezone.now(),
            )
        )
    return found


def _figures(kind: str, **arguments) -> dict:
    return {figure.key: figure for figure in provide(kind, **arguments)}


def test_the_public_page_shows_this_months_good_rate_and_no_personal_data(client, handler):
    _rate(handler, [5, 4, 3, 1])  # three 好评 of four
    page = client.get("/ratings/figures/").content.decode()
    month = timezone.localdate().strftime("%Y-%m")
    row = page.split(f'data-month="{month}"')[1].split("</tr>")[0]
    assert "<td>4</td><td>3</td><td>1</td><td>75.0%</td>" in row
    assert "张三丰" not in page and "欧" not in page and handler.username not in page


def test_the_public_page_counts_a_new_rating_at_once(
    client, handler, django_capture_on_commit_callbacks
):
    client.get("/ratings/figures/")  # cached
    with django_capture_on_commit_callbacks(execute=True):
        _rate(handler, [2])
    page = client.get("/ratings/figures/").content.decode()
    assert "<td>1</td><td>0</td><td>1</td><td>0.0%</td>" in page


def test_day_and_period_figures(handler):
    today = timezone.localdate()
    _rate(handler, [5, 1])
    day = _figures("day", day=today)
    assert day["ratings"].value == 2 and day["ratings_good_rate"].value == 50.0
    assert day["ratings_bad"].value == 1
    period = _figures("period", start=today - dt.timedelta(days=30), end=today)
    assert period["ratings"].value == 2
    empty = _figures("day", day=today - dt.timedelta(days=400))
    assert empty["ratings"].value == 0 and empty["ratings_good_rate"].value is None


def test_staff_figures_count_their_ratings_and_list_their_fault_records(handler):
    today = timezone.localdate()
    _rate(handler, [5, 4, 2])
    _rate(make_user("someone-else", Role.CLERK), [1])
    record = faults.fault_open(
        staff=handler,
        source="inspection",
        clause="late_or_early",
        facts="连续三天迟到",
        by=make_user("the-director", Role.DIRECTOR),
    )
    figures = provide("staff", user=handler, start=today - dt.timedelta(days=30), end=today)
    by_key = {figure.key: figure for figure in figures}
    assert by_key["staff_ratings"].value == 3 and by_key["staff_ratings_bad"].value == 1
    assert by_key["fault_records"].value == 1
    assert by_key["fault_records"].url == f"/faults/?staff={handler.pk}"
    listed = [figure for figure in figures if figure.key == "fault_record"]
    assert [figure.url for figure in listed] == [record.get_absolute_url()]
    assert listed[0].value == str(FaultRecord.Status.OPEN.label)


def test_the_staff_link_lists_that_staff_members_records_for_a_supervisor(
    client, handler, supervisor
):
    director = make_user("the-director", Role.DIRECTOR)
    other = make_user("someone-else", Role.CLERK)
    mine = faults.fault_open(
        staff=handler, source="inspection", clause="gifts", facts="收红包", by=director
    )
    theirs = faults.fault_open(
        staff=other, source="inspection", clause="gifts", facts="收红包", by=director
    )
    client.force_login(supervisor)
    page = client.get(f"/faults/?staff={handler.pk}").content.decode()
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page


def test_the_days_and_months_excel_carry_the_good_rate_as_a_number(client, handler):
    import io

    import openpyxl

    _rate(handler, [5, 1])
    client.force_login(make_user("boss", Role.SUPERVISOR))
    today = timezone.localdate()
    for url in (
        f"/desk/daily/?day={today:%Y-%m-%d}&export=xlsx",
        f"/desk/reports/?period={today:%Y-%m}&export=xlsx",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        content = b"".join(answer.streaming_content) if answer.streaming else answer.content
        book = openpyxl.load_workbook(io.BytesIO(content))
        values = {row[2]: row[1] for row in book["汇总"].iter_rows(values_only=True)}
        assert values["ratings_good_rate"] == 50.0, url
