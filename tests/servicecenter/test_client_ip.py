"""The client's address behind the TLS proxy: X-Forwarded-For only from trusted proxies."""

import pytest
from django.test import RequestFactory

from servicecenter.clients import client_ip

PROXY = "10.0.0.5"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("10.0.0.5", "198.51.100.7")) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_forwarded_chain_is_read_from_the_right_past_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    # The left-most entry is whatever the client sent: only the proxies' entries are trusted.
    chain = "203.0.113.66, 198.51.100.7, 192.0.2.1"
    assert client_ip(request_from(PROXY, chain)) == "198.51.100.7"


def test_forged_forwarded_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("198.51.100.7", "10.0.0.9, 203.0.113.66")) == "198.51.100.7"


def test_garbage_in_the_forwarded_header_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY
    assert client_ip(request_from(PROXY, "")) == PROXY


@pytest.mark.django_db
def test_two_residents_behind_the_proxy_are_limited_separately_on_track(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(10):
        client.post(
            "/track/",
            {"case": "1", "last4": "0000"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    guesser = client.post(
        "/track/",
        {"case": "1", "last4": "0000"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    neighbour = client.post(
        "/track/",
        {"case": "1", "last4": "0000"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert guesser.status_code == 429
    assert neighbour.status_code == 404  # a wrong lookup, not locked out


@pytest.mark.django_db
def test_forged_forwarded_header_does_not_escape_the_track_limit(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(10):
        client.post(
            "/track/",
            {"case": "1", "last4": "0000"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = client.post(
        "/track/",
        {"case": "1", "last4": "0000"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_one_clerks_lockout_behind_the_proxy_does_not_lock_another(client, clerk, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "pw-for-tests-2026"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429
    other = client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "pw-for-tests-2026"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert other.status_code == 302 and other["Location"] == "/desk/"
