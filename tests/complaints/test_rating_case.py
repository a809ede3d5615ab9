"""好差评 of a case: the resident rates, from /track/'s result, only a finished case they
proved (number + phone digits), once."""

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from complaints import ratings
from complaints.models import Rating, Rectification
from intake import cases
from tests.complaints.conftest import rating_link

pytestmark = pytest.mark.django_db


def test_track_offers_the_rating_link_once_the_case_is_done(client, done_case):
    link = rating_link(client, done_case)
    assert link.startswith("/ratings/case/")
    page = client.get(link)
    assert page.status_code == 200 and done_case.number in page.content.decode()


def test_track_offers_no_rating_link_while_the_case_is_open(client, open_case):
    assert rating_link(client, open_case) == ""


def test_a_wrong_phone_gives_no_rating_link(client, done_case):
    assert rating_link(client, done_case, last4="0000") == ""


def test_the_resident_rates_the_case_and_the_handler_is_the_one_rated(client, done_case):
    link = rating_link(client, done_case)
    response = client.post(link, {"level": "4", "comment": "办得快"})
    assert response.status_code == 302
    rating = Rating.objects.get(case=done_case)
    assert rating.level == Rating.Level.SATISFIED and rating.comment == "办得快"
    assert rating.channel == Rating.Channel.TRACK and rating.clerk == done_case.handler
    assert rating.history.get().history_step == Rating.Step.RATE
    assert not Rectification.objects.exists()  # 满意 is a 好评


def test_after_rating_track_shows_the_rating_not_a_new_link(client, done_case):
    client.post(rating_link(client, done_case), {"level": "5"})
    page = client.post("/track/", {"case": done_case.number, "last4": "5678"}).content.decode()
    assert "/ratings/case/" not in page and 'data-key="rating"' in page


def test_a_double_submit_is_one_rating(client, done_case):
    link = rating_link(client, done_case)
    form = client.get(link).content.decode()
    token = form.split('name="token" value="')[1].split('"')[0]
    first = client.post(link, {"level": "2", "token": token})
    second = client.post(link, {"level": "5", "token": token})
    assert first.status_code == second.status_code == 302
    assert Rating.objects.filter(case=done_case).count() == 1
    assert Rating.objects.get().level == Rating.Level.DISSATISFIED


def test_a_second_rating_with_a_fresh_form_changes_nothing(client, done_case):
    link = rating_link(client, done_case)
    client.post(link, {"level": "2"})
    response = client.post(link, {"level": "5"})
    assert response.status_code == 302
    assert list(Rating.objects.values_list("level", flat=True)) == [2]
    assert Rectification.objects.count() == 1


def test_the_database_keeps_one_rating_per_case(done_case):
    from django.db import IntegrityError, transaction

    Rating.objects.create(case=done_case, level=5, channel="track")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(case=done_case, level=1, channel="track")


def test_a_made_up_or_altered_link_is_refused(client, done_case):
    forged = signing.dumps(done_case.number, salt="another.salt")
    assert client.get(f"/ratings/case/{forged}/").status_code == 404
    assert client.post(f"/ratings/case/{done_case.number}/", {"level": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_an_expired_link_is_refused(client, done_case, settings):
    link = rating_link(client, done_case)
    settings.RATING_LINK_SECONDS = -1
    assert client.post(link, {"level": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_an_open_case_cannot_be_rated_even_with_a_link(client, open_case):
    link = f"/ratings/case/{ratings.case_link_token(open_case)}/"
    response = client.post(link, {"level": "5"})
    assert response.status_code == 400 and not Rating.objects.exists()
    with pytest.raises(ValidationError) as refused:
        ratings.rating_for_case(case=open_case, level=5)
    assert refused.value.code == "not_done"


@pytest.mark.parametrize("data", [{"level": "9"}, {}, {"level": "3", "comment": "长" * 301}])
def test_bad_input_is_a_message_and_no_rating(client, done_case, data):
    response = client.post(rating_link(client, done_case), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Rating.objects.exists()


def test_the_rating_page_carries_no_personal_data(client, done_case):
    page = client.get(rating_link(client, done_case)).content.decode()
    assert "欧阳娜娜" not in page and "13812345678" not in page and "欧***" not in page


def test_a_replied_case_can_be_rated_too(client, done_case):
    cases.case_reply(
        case=done_case,
        method="phone",
        documents_returned=True,
    )
    client.post(rating_link(client, done_case), {"level": "3"})
    assert Rating.objects.get(case=done_case).level == Rating.Level.FAIRLY_SATISFIED
