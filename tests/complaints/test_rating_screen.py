"""好差评 at the counter: the screen a supervisor paired with a counter rates the ticket
being served there, once; no other device, counter or moment can."""

import re

import pytest

from complaints import ratings
from complaints.models import Rating, Rectification
from intake import queue
from intake.models import Ticket
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def screen(client, counter3, supervisor):
    """A device paired with counter 3 by a supervisor, who then signs out."""
    client.force_login(supervisor)
    response = client.post("/ratings/screen/pair/", {"counter": counter3.pk})
    assert response.status_code == 302
    paired = response.cookies["rating_screen"].value
    client.logout()  # which forgets every cookie: the device keeps its own
    client.cookies["rating_screen"] = paired
    return client


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_paired_screen_shows_the_ticket_being_served(screen, serving):
    page = screen.get("/ratings/screen/").content.decode()
    assert serving.display_number in page and f'value="{serving.pk}"' in page


def test_the_resident_rates_the_ticket_at_the_counter(screen, serving):
    page = screen.get("/ratings/screen/").content.decode()
    response = screen.post(
        "/ratings/screen/", {"ticket": serving.pk, "level": "5", "token": _token(page)}
    )
    assert response.status_code == 302
    rating = Rating.objects.get(ticket=serving)
    assert rating.channel == Rating.Channel.COUNTER and rating.clerk == serving.clerk
    assert "data-counter" in screen.get(response["Location"]).content.decode()


def test_a_double_submit_at_the_screen_is_one_rating(screen, serving):
    token = _token(screen.get("/ratings/screen/").content.decode())
    for level in ("1", "5"):
        screen.post("/ratings/screen/", {"ticket": serving.pk, "level": level, "token": token})
    assert Rating.objects.filter(ticket=serving).count() == 1
    assert Rectification.objects.count() == 1


def test_an_unpaired_device_cannot_rate(client, serving):
    assert client.get("/ratings/screen/").status_code == 403
    response = client.post("/ratings/screen/", {"ticket": serving.pk, "level": "1"})
    assert response.status_code == 403 and not Rating.objects.exists()


def test_a_forged_screen_cookie_cannot_rate(client, serving, counter3):
    client.cookies["rating_screen"] = str(counter3.pk)
    response = client.post("/ratings/screen/", {"ticket": serving.pk, "level": "1"})
    assert response.status_code == 403 and not Rating.objects.exists()


def test_a_clerk_cannot_pair_a_screen(client, counter3, clerk):
    client.force_login(clerk)
    assert client.post("/ratings/screen/pair/", {"counter": counter3.pk}).status_code == 403
    assert "rating_screen" not in client.cookies


def test_another_counters_screen_cannot_rate_the_ticket(client, serving, supervisor):
    other = Counter.objects.exclude(pk=serving.counter_id).filter(is_active=True).first()
    client.cookies["rating_screen"] = ratings.screen_token(other)
    response = client.post("/ratings/screen/", {"ticket": serving.pk, "level": "1"})
    assert response.status_code == 400 and not Rating.objects.exists()


def test_a_finished_ticket_can_no_longer_be_rated(screen, serving):
    token = _token(screen.get("/ratings/screen/").content.decode())
    session = queue.session_for(serving.clerk)
    queue.ticket_finish(session=session, ticket_id=serving.pk)
    response = screen.post("/ratings/screen/", {"ticket": serving.pk, "level": "1", "token": token})
    assert response.status_code == 400 and not Rating.objects.exists()
    assert Ticket.objects.get(pk=serving.pk).status == Ticket.Status.DONE


def test_a_bad_rating_at_the_counter_keeps_a_call_back_phone_masked(screen, serving, supervisor):
    screen.post(
        "/ratings/screen/",
        {"ticket": serving.pk, "level": "1", "phone": "13912345678", "comment": "态度差"},
    )
    rating = Rating.objects.get()
    assert rating.contact_phone == "13912345678"
    assert rating.history.get().__dict__.get("contact_phone") is None  # not in the history
    rectification = Rectification.objects.get()
    screen.force_login(supervisor)
    page = screen.get(f"/ratings/rectifications/{rectification.pk}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page


def test_a_bad_phone_is_refused_with_a_message(screen, serving):
    response = screen.post(
        "/ratings/screen/", {"ticket": serving.pk, "level": "1", "phone": "12345"}
    )
    assert response.status_code == 400 and not Rating.objects.exists()


def test_the_workstation_shows_the_rating_screens_state(client, serving):
    client.force_login(serving.clerk)
    page = client.get("/desk/").content.decode()
    assert 'data-key="rating_screen"' in page and serving.display_number in page


def test_a_screen_with_nobody_served_shows_no_form(screen, counter3):
    make_user("clerk3", Role.CLERK)
    page = screen.get("/ratings/screen/").content.decode()
    assert 'name="level"' not in page and 'http-equiv="refresh"' in page
