"""Search is limited per client: past the limit, a readable 429 page with Retry-After."""

import pytest
from django.test import RequestFactory

from meetings.ratelimit import client_address

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

SEARCH = "/search/"


@pytest.fixture
def three_a_minute(settings):
    settings.SEARCH_RATE = "3/m"


def get(client, address="203.0.113.7", **headers):
    return client.get(SEARCH, {"q": "ceasefire"}, REMOTE_ADDR=address, **headers)


def test_past_the_limit_a_client_waits_and_is_told_how_long(client, three_a_minute):
    assert [get(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(client)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    page = refused.content.decode()
    assert "<h1>Too many searches</h1>" in page
    assert f"Please wait {wait} second{'s' if wait != 1 else ''}, then search again." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in refused["Cache-Control"]


def test_each_client_has_its_own_count(client, three_a_minute):
    for _ in range(4):
        get(client, "203.0.113.7")
    assert get(client, "203.0.113.7").status_code == 429
    assert get(client, "198.51.100.2").status_code == 200


def test_the_list_of_meetings_a_search_names_counts_as_searching(client, three_a_minute):
    for _ in range(3):
        assert client.get("/search/meetings/", {"place": "Moscow"}).status_code == 200
    assert get(client, "127.0.0.1").status_code == 429


def test_the_rest_of_the_archive_is_not_limited(client, three_a_minute):
    for _ in range(4):
        get(client)
    assert client.get("/", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/search/help/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(client, three_a_minute):
    for n in range(3):
        assert get(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code == 200
    assert get(client, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(client, three_a_minute, settings):
    settings.BEHIND_PROXY = True
    proxy = "10.0.0.1"
    # The proxy overwrites X-Real-IP with the address it saw; what the client wrote in
    # X-Forwarded-For does not count.
    for n in range(3):
        forged = f"192.0.2.{n}"
        assert (
            get(
                client, proxy, HTTP_X_REAL_IP="203.0.113.7", HTTP_X_FORWARDED_FOR=forged
            ).status_code
            == 200
        )
    assert get(client, proxy, HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert get(client, proxy, HTTP_X_REAL_IP="198.51.100.2").status_code == 200


def test_an_ipv6_client_is_its_64_network(settings):
    settings.BEHIND_PROXY = False
    factory = RequestFactory()

    def address(remote):
        return client_address(factory.get(SEARCH, REMOTE_ADDR=remote))

    assert address("2001:db8:1:2:aaaa::1") == address("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::"
    assert address("2001:db8:1:3::1") != address("2001:db8:1:2::1")
    assert address("203.0.113.7") == "203.0.113.7"


def test_the_limit_can_be_switched_off(client, settings):
    settings.SEARCH_RATE = None
    assert {get(client).status_code for _ in range(8)} == {200}
