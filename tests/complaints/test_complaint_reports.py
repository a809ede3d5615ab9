"""The monthly complaints report (page with a chart, Excel), the figures lent to the daily
report, the monthly reports and the assessment, and the public monthly figures."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from complaints import services
from complaints.models import Complaint
from servicecenter.figures import provide
from tests.complaints.conftest import at, file_complaint


def handled(complaint, *, by, handler, nature, finding, reply_at, satisfied=None):
    services.complaint_accept(complaint=complaint, by=by, nature=nature)
    services.complaint_forward(complaint=complaint, by=by, handler=handler)
    services.complaint_finding(
        complaint=complaint, by=handler, finding=finding, outcome="apology", opinion="已处理"
    )
    services.complaint_reply(complaint=complaint, by=handler, method="phone", text="已答复")
    Complaint.objects.filter(pk=complaint.pk).update(replied_at=reply_at)
    if satisfied is not None:
        complaint.refresh_from_db()
        services.complaint_follow_up(complaint=complaint, by=by, satisfied=satisfied)
    return complaint


def make_month(wang, li, zhao):
    """October 2026: three complaints about 王, one about the hall; two replied on time."""
    a = file_complaint(wang, now=at(2026, 10, 9))  # due 10-16
    handled(
        a,
        by=zhao,
        handler=li,
        nature="attitude",
        finding="true",
        reply_at=at(2026, 10, 12),
        satisfied=True,
    )
    b = file_complaint(wang, now=at(2026, 10, 12))  # due 10-19
    handled(
        b,
        by=zhao,
        handler=li,
        nature="attitude",
        finding="false",
        reply_at=at(2026, 10, 26),
        satisfied=False,
    )
    c = file_complaint(wang, now=at(2026, 10, 20))
    handled(
        c, by=zhao, handler=li, nature="efficiency", finding="partly", reply_at=at(2026, 10, 21)
    )
    d = file_complaint(None, now=at(2026, 10, 28))
    services.complaint_decline(complaint=d, by=zhao, reason="咨询")
    file_complaint(None, now=at(2026, 11, 2))  # another month


def test_the_monthly_report_counts_by_nature_staff_on_time_and_satisfaction(client, wang, li, zhao):
    make_month(wang, li, zhao)
    client.force_login(zhao)
    response = client.get("/desk/complaints/report/", {"month": "2026-10"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.received == 4 and report.declined == 1 and report.replied == 3
    assert report.on_time == 2 and report.on_time_rate == round(100 * 2 / 3, 1)
    assert report.followed_up == 2 and report.satisfaction_rate == 50.0
    by_nature = {row["code"]: row["count"] for row in report.by_nature}
    assert by_nature["attitude"] == 2 and by_nature["efficiency"] == 1 and by_nature["fees"] == 0
    assert report.by_staff == [{"staff": "王小明", "count": 3, "substantiated": 2}]
    assert b"<svg" in response.content and b"<rect" in response.content  # the chart


def test_the_report_in_excel(client, wang, li, zhao):
    make_month(wang, li, zhao)
    client.force_login(zhao)
    response = client.get("/desk/complaints/report/export.xlsx", {"month": "2026-10"})
    assert response.status_code == 200
    assert "2026-10-01_2026-10-31.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(workbook.sheetnames) == 4
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert summary[1][1] == 4
    register = list(workbook.worksheets[3].iter_rows(values_only=True))
    assert len(register) == 5  # header and four complaints


def test_a_bad_month_is_an_error_not_a_crash(client, zhao):
    client.force_login(zhao)
    assert client.get("/desk/complaints/report/", {"month": "2026-13"}).status_code == 400


def test_clerks_do_not_read_the_report(client, li):
    client.force_login(li)
    assert client.get("/desk/complaints/report/").status_code == 403


def test_figures_for_the_daily_and_period_reports_and_the_assessment(wang, li, zhao):
    make_month(wang, li, zhao)
    day = {f.key: f.value for f in provide("day", day=dt.date(2026, 10, 12))}
    assert day["complaints_received"] == 1 and day["complaints_replied"] == 1
    period = {
        f.key: f.value
        for f in provide("period", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    }
    assert period["complaints_received"] == 4 and period["complaints_on_time_rate"] == 66.7
    staff = {
        f.key: f.value
        for f in provide("staff", user=wang, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    }
    assert staff["complaints_about"] == 3 and staff["complaints_substantiated"] == 2


def test_the_public_figures_show_aggregates_per_month(client, wang, li, zhao, monkeypatch):
    make_month(wang, li, zhao)
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2026, 11, 28))
    response = client.get("/complaints/figures/")
    assert response.status_code == 200
    months = {row["month"].strftime("%Y-%m"): row for row in response.context["months"]}
    assert months["2026-10"]["received"] == 3 and months["2026-10"]["on_time"] == 2
    assert months["2026-11"]["received"] == 1
    assert "王小明" not in response.content.decode()


def test_a_complaint_still_within_its_working_days_is_not_counted_late(db, wang):
    from complaints import reports

    file_complaint(wang)  # today, due in five working days, not replied yet
    month = reports.public_months(1)[0]
    assert month["received"] == 1 and month["on_time"] == 0 and month["rate"] is None
