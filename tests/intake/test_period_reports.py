"""Monthly and quarterly reports: the daily report's figures over the period, a server-drawn
chart, and Excel through the export helper."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.models import ServiceItem
from intake import cases
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(demo, client):
    client.force_login(make_user("supervisor", Role.SUPERVISOR))


def accept(mode="promised", code="jzz-shenling"):
    item = ServiceItem.objects.get(code=code)
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    clerk = make_user("clerk", Role.CLERK)
    received = list(item.materials.all())
    return cases.case_accept(
        item=item, applicant=applicant, received=received, mode=mode, clerk=clerk
    )


def lines(response) -> dict:
    return {line["key"]: line["value"] for line in response.context["figures"]["lines"]}


def test_this_month_by_default_with_a_bar_per_day(client, supervisor):
    accept()
    accept(mode="immediate", code="jzz-qianzhu")
    today = timezone.localdate()
    response = client.get("/desk/reports/")
    assert response.status_code == 200 and response.context["period"] == f"{today:%Y-%m}"
    assert lines(response)["cases_received"] == 2 and lines(response)["cases_completed"] == 1
    series = response.context["figures"]["series"]
    assert series[0]["label"] == f"{today:%m}-01"
    assert sum(row["received"] for row in series) == 2
    assert 'class="bar avg" width="100%"' in response.content.decode()


def test_a_quarter_has_a_bar_per_month_and_an_excel_workbook(client, supervisor):
    accept()
    today = timezone.localdate()
    quarter = f"{today:%Y}-Q{(today.month - 1) // 3 + 1}"
    response = client.get("/desk/reports/", {"period": quarter})
    assert response.status_code == 200
    assert [row["label"][:4] for row in response.context["figures"]["series"]] == [
        f"{today:%Y}"
    ] * 3
    assert lines(response)["cases_received"] == 1
    workbook = load_workbook(
        io.BytesIO(client.get("/desk/reports/", {"period": quarter, "export": "xlsx"}).content)
    )
    assert workbook.sheetnames == ["汇总", "按事项", "走势"]
    summary = {row[2].value: row[1].value for row in workbook["汇总"].iter_rows(2)}
    assert summary["cases_received"] == 1


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "1999-01", "2999-01", "x" * 500])
def test_a_bad_period_is_refused_with_a_message(client, supervisor, period):
    response = client.get("/desk/reports/", {"period": period})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_clerks_do_not_get_the_reports(client, demo):
    client.force_login(make_user("clerk", Role.CLERK))
    assert client.get("/desk/reports/").status_code == 403
