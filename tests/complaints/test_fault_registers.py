"""廉洁自律: the registers of refused gifts (拒收礼品、红包登记) and of incidents reported to
the police are kept by supervisors and the director in the admin; clerks have no access."""

import pytest

from complaints.models import GiftRefusal, PoliceReport, Rating
from tests.complaints.conftest import accepted_case

pytestmark = pytest.mark.django_db


def test_a_supervisor_records_a_refused_red_envelope(client, demo, supervisor, clerk):
    client.force_login(supervisor)
    assert client.get("/admin/complaints/giftrefusal/add/").status_code == 200
    response = client.post(
        "/admin/complaints/giftrefusal/add/",
        {
            "staff": clerk.pk,
            "offered_at_0": "2026-10-09",
            "offered_at_1": "10:30:00",
            "offered_by": "一位办理居住证的居民",
            "what": "红包一个",
            "value": "200",
            "handling": "returned",
            "note": "当场婉拒",
            "recorded_by": supervisor.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    gift = GiftRefusal.objects.get()
    assert gift.handling == GiftRefusal.Handling.RETURNED and gift.history.count() == 1


def test_the_director_records_an_incident_reported_to_the_police(client, demo, director):
    client.force_login(director)
    response = client.post(
        "/admin/complaints/policereport/add/",
        {
            "occurred_at_0": "2026-10-12",
            "occurred_at_1": "15:00:00",
            "what": "有人在大厅以红包贿赂工作人员，被拒后滋事。",
            "people": "一名办事群众",
            "reported_at_0": "2026-10-12",
            "reported_at_1": "15:10:00",
            "reported_to": "清河派出所",
            "reference": "JQ20261012-01",
            "handling": "民警到场处理",
            "recorded_by": director.pk,
        },
    )
    assert response.status_code == 302
    assert PoliceReport.objects.get().reported_to == "清河派出所"


@pytest.mark.parametrize("model", ["giftrefusal", "policereport", "faultrecord", "rating"])
def test_clerks_cannot_open_the_registers(client, demo, clerk, model):
    client.force_login(clerk)
    response = client.get(f"/admin/complaints/{model}/")
    assert response.status_code in {302, 403}


def test_ratings_in_the_admin_show_the_call_back_phone_masked(client, handler, supervisor):
    case = accepted_case(handler)
    rating = Rating.objects.create(
        case=case, level=1, channel="counter", contact_phone="13912345678", clerk=handler
    )
    client.force_login(supervisor)
    page = client.get(f"/admin/complaints/rating/{rating.pk}/change/").content.decode()
    assert "139****5678" in page and "13912345678" not in page
