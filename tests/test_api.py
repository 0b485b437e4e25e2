"""The JSON API under /api/v1/: what it lists, how it filters, how it answers errors."""

import datetime
import html
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from meetings.models import Meeting, RemovedTurn
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


def titles(response) -> list[str]:
    return [meeting["title"] for meeting in response.json()["results"]]


def test_meetings_are_listed_newest_first_without_drafts_and_paginated(client, build_archive):
    made = build_archive(meetings=25, turns=2)
    first = get(client, "/meetings/")
    assert first.status_code == 200
    body = first.json()
    assert body["count"] == 25
    assert titles(first) == [m.title for m in reversed(made)][:20]
    assert "Unpublished draft talks" not in titles(first)
    assert body["next"] == "http://testserver/api/v1/meetings/?page=2"
    second = client.get(body["next"])
    assert titles(second) == [m.title for m in reversed(made)][20:]
    assert get(client, "/meetings/", page_size=5).json()["results"][4]["title"] == made[-5].title


def test_the_meeting_list_filters_by_dates_leader_country_and_kind(client, build_archive):
    made = build_archive(meetings=6, turns=2)
    between = get(
        client, "/meetings/", **{"from": made[1].date.isoformat(), "to": made[3].date.isoformat()}
    )
    assert titles(between) == [made[3].title, made[2].title, made[1].title]
    # Aliyev is present at meetings 0 and 3 (people[1 + n % 3]).
    assert titles(get(client, "/meetings/", leader="ilham-aliyev")) == [
        made[3].title,
        made[0].title,
    ]
    assert titles(get(client, "/meetings/", country="am")) == [made[4].title, made[1].title]
    # Counts come from the archive's cached figures where they can: they must agree.
    assert get(client, "/meetings/", leader="ilham-aliyev").json()["count"] == 2
    assert get(client, "/meetings/", country="am").json()["count"] == 2
    assert get(client, "/meetings/", country="fr").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    both = client.get(f"{API}/meetings/?leader=ilham-aliyev&leader=jeyhun-bayramov")
    assert titles(both) == [made[3].title]
    Meeting.objects.filter(pk=made[2].pk).update(kind="telephone")
    assert titles(get(client, "/meetings/", kind="telephone")) == [made[2].title]


def test_a_filter_the_list_cannot_use_is_a_problem_naming_it(client, build_archive):
    build_archive(meetings=1)
    for params, field in (
        ({"from": "yesterday"}, "from"),
        ({"leader": "nobody"}, "leader"),
        ({"country": "XX"}, "country"),
        ({"kind": "war"}, "kind"),
        ({"from": "2020-02-02", "to": "2020-01-01"}, "to"),
    ):
        response = get(client, "/meetings/", **params)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 400 and problem["title"] == "Bad Request"
        assert field in problem["errors"], params
    assert get(client, "/meetings/", leader="nobody").json()["errors"]["leader"] == [
        "No leader 'nobody' in the archive."
    ]


def test_a_meeting_gives_its_participants_and_statements(client, samarkand):
    response = get(client, "/meetings/2022/09/16/" + samarkand.slug + "/")
    assert response.status_code == 200
    meeting = response.json()
    assert meeting["title"] == "Meeting with President of Azerbaijan Ilham Aliyev"
    assert meeting["url"] == "http://testserver" + samarkand.get_absolute_url()
    assert [(p["name"], p["role"], p["country"]) for p in meeting["participants"]] == [
        ("Vladimir Putin", "President of Russia", "RU"),
        ("Ilham Aliyev", "President of Azerbaijan", "AZ"),
    ]
    turns = meeting["turns"]
    assert [turn["number"] for turn in turns] == [1, 2, 3]
    assert turns[1]["text"] == (
        "The ceasefire has been observed.\n\nThe tripartite commission works."
    )
    assert turns[1]["speaker"]["slug"] == "ilham-aliyev"
    assert turns[1]["role"] == "President of Azerbaijan"
    assert turns[1]["url"].endswith(samarkand.get_absolute_url() + "#t2")
    assert turns[1]["api_url"] == (
        f"http://testserver{API}/meetings/2022/09/16/{samarkand.slug}/turns/2/"
    )


def test_a_statement_answers_by_its_number_and_a_removed_one_is_gone(client, samarkand):
    base = f"/meetings/2022/09/16/{samarkand.slug}/turns/"
    turn = get(client, base + "3/").json()
    assert turn["text"] == "Thank you very much."
    assert turn["speaker"]["name"] == "Vladimir Putin"
    assert turn["role"] == "President of Russia"
    assert turn["meeting"]["title"] == samarkand.title
    RemovedTurn.objects.create(
        meeting=samarkand,
        number=4,
        follows=3,
        removed_at=datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC),
    )
    gone = get(client, base + "4/")
    assert gone.status_code == 410
    assert gone["Content-Type"] == "application/problem+json"
    assert gone.json()["detail"] == "Statement 4 was removed in a correction on 2024-03-01."
    missing = get(client, base + "9/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "This meeting has no statement 9."


def test_drafts_and_unknown_meetings_are_not_found(client, samarkand):
    Meeting.objects.filter(pk=samarkand.pk).update(status="draft")
    for path in (
        f"/meetings/2022/09/16/{samarkand.slug}/",
        f"/meetings/2022/09/16/{samarkand.slug}/turns/1/",
        f"/meetings/2022/13/45/{samarkand.slug}/",
        "/leaders/vladimir-putin/",
    ):
        response = get(client, path)
        assert response.status_code == 404, path
        assert response.json()["title"] == "Not Found"
    assert get(client, "/meetings/").json()["count"] == 0


def test_a_leader_has_roles_over_time_and_counterparts(client, build_archive):
    build_archive(meetings=4, turns=2)
    person = get(client, "/leaders/vladimir-putin/").json()
    assert person["name"] == "Vladimir Putin" and person["country_name"] == "Russia"
    assert person["meeting_count"] == 4
    assert [(r["role"], r["meetings"]) for r in person["roles"]] == [("Role of Vladimir Putin", 4)]
    assert person["roles"][0]["first"] == "2019-01-10"
    together = {c["slug"]: c["together"] for c in person["counterparts"]}
    assert together == {
        "ilham-aliyev": 2,
        "jeyhun-bayramov": 2,
        "nikol-pashinyan": 1,
        "recep-tayyip-erdogan": 1,
    }
    meetings = client.get(person["meetings_api_url"]).json()
    assert meetings["count"] == 4


def test_leaders_and_countries_are_listed_with_their_figures(client, build_archive):
    build_archive(meetings=3, turns=2)
    leaders = get(client, "/leaders/").json()
    assert [p["name"] for p in leaders["results"]] == [
        "Ilham Aliyev",
        "Jeyhun Bayramov",
        "Recep Tayyip Erdoğan",
        "Nikol Pashinyan",
        "Vladimir Putin",
    ]
    assert {p["slug"]: p["meeting_count"] for p in leaders["results"]}["vladimir-putin"] == 3
    russians = get(client, "/leaders/", country="ru").json()["results"]
    assert [p["name"] for p in russians] == ["Vladimir Putin"]
    countries = get(client, "/countries/").json()
    assert countries[0] == {
        "code": "RU",
        "name": "Russia",
        "meetings": 3,
        "leaders": 1,
        "url": "http://testserver/countries/ru/",
        "api_url": "http://testserver/api/v1/countries/ru/",
    }
    russia = get(client, "/countries/RU/").json()
    assert [p["name"] for p in russia["people"]] == ["Vladimir Putin"]
    assert client.get(russia["meetings_api_url"]).json()["count"] == 3
    assert get(client, "/countries/fr/").status_code == 404


def hit_links(page_html: str) -> list[str]:
    links = re.findall(r'class="hit-link"><a href="([^"]+)"', page_html)
    return [re.sub(r"\?[^#]*", "", html.unescape(link)) for link in links]


def test_a_search_gives_the_same_statements_as_the_page(client, second_transcript):
    for params in (
        {"q": "ceasefire"},
        {"q": "ceasefire", "speaker": "vladimir-putin"},
        {"q": "ceasefire", "sort": "oldest"},
        {"country": "TR"},
    ):
        page = client.get("/search/", params).content.decode()
        found = get(client, "/search/", **params).json()
        assert [hit["url"].removeprefix("http://testserver") for hit in found["hits"]] == hit_links(
            page
        ), params
        assert found["count"] == len(found["hits"])
    found = get(client, "/search/", q="tripartite").json()
    assert found["count"] == 2
    hit = found["hits"][0]
    assert "<mark>" in hit["snippet_html"] and "<mark>" not in hit["snippet"]
    assert client.get(hit["api_url"]).json()["text"] in {
        "The ceasefire has been observed.\n\nThe tripartite commission works.",
        "A lasting ceasefire needs a commission, perhaps a tripartite one.",
    }
    assert {f["value"] for f in found["facets"]["speaker"]} == {
        "ilham-aliyev",
        "recep-tayyip-erdogan",
    }


def test_a_search_says_which_parameters_it_left_out(client, indexed_samarkand):
    found = get(client, "/search/", q="ceasefire", speaker="nobody", to="2020-13-01").json()
    assert found["count"] == 1
    assert "No leader 'nobody' in the archive." in found["warnings"]
    assert "To: enter a date as YYYY-MM-DD." in found["warnings"]
    empty = get(client, "/search/")
    assert empty.status_code == 400
    assert "q" in empty.json()["errors"]


def test_every_answer_says_its_version_and_may_be_read_from_other_sites(client, samarkand):
    response = client.get(f"{API}/meetings/", HTTP_ORIGIN="https://example.org")
    assert response["API-Version"] == "1"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "API-Version" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        f"{API}/meetings/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The site's pages are not opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://e.org")


def test_unknown_paths_and_writes_are_problems_too(client, db):
    missing = get(client, "/nothing/here/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing["API-Version"] == "1"
    slashless = client.get(f"{API}/meetings?page=2")
    assert slashless.status_code == 301 and slashless["Location"] == f"{API}/meetings/?page=2"
    assert client.get(f"{API}/nothing").status_code == 404
    post = client.post(f"{API}/meetings/", {"title": "x"})
    assert post.status_code == 405
    assert post.json()["detail"] == 'Method "POST" not allowed.'


def test_past_its_limit_a_client_gets_429_with_retry_after(client, samarkand, settings):
    settings.API_RATE = "2/m"
    assert [get(client, "/leaders/").status_code for _ in range(2)] == [200, 200]
    refused = get(client, "/countries/")
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json()["status"] == 429
    assert "no-store" in refused["Cache-Control"]
    other = client.get(f"{API}/leaders/", REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 200


def test_api_searches_have_a_limit_of_their_own(client, indexed_samarkand, settings):
    settings.API_SEARCH_RATE = "1/m"
    assert get(client, "/search/", q="ceasefire").status_code == 200
    assert get(client, "/search/", q="ceasefire").status_code == 429
    assert get(client, "/meetings/").status_code == 200


def test_answers_are_validated_for_conditional_get(client, samarkand):
    first = get(client, "/meetings/")
    again = client.get(f"{API}/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["API-Version"] == "1"
    TurnFactory(meeting=samarkand, sequence=4, text="One more thing.")
    assert client.get(f"{API}/meetings/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_schema_describes_every_operation_and_the_docs_load_it_under_the_csp(client, db):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert set(paths) == {
        "/api/v1/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{year}/{month}/{day}/{slug}/",
        "/api/v1/meetings/{year}/{month}/{day}/{slug}/turns/{number}/",
        "/api/v1/leaders/",
        "/api/v1/leaders/{slug}/",
        "/api/v1/countries/",
        "/api/v1/countries/{code}/",
        "/api/v1/search/",
    }
    docs = client.get(f"{API}/docs/")
    page = docs.content.decode()
    assert docs.status_code == 200
    policy = docs["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "img-src 'self' data:" in policy  # Swagger UI's icons, on this page only
    assert "data:" not in client.get(f"{API}/meetings/")["Content-Security-Policy"]
    assert "<style" not in page and "<script>" not in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts[0].startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/")
    setup = client.get(html.unescape(scripts[-1]))
    assert setup["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in setup.content.decode()
    for asset in scripts[:2]:  # served by whitenoise from the sidecar app: no CDN
        assert finders.find(asset.removeprefix("/static/"))


def test_people_and_meetings_not_published_stay_out_of_every_list(client, db):
    hidden = PersonFactory(name="Hidden Person", country="FR")
    draft = MeetingFactory(status="draft", date=timezone.now().date())
    ParticipationFactory(meeting=draft, person=hidden)
    assert get(client, "/leaders/").json()["count"] == 0
    assert get(client, "/countries/").json() == []
    assert get(client, "/leaders/hidden-person/").status_code == 404
    assert get(client, "/meetings/", leader="hidden-person").status_code == 400


def test_an_unexpected_error_or_a_database_outage_is_a_problem_too(client, db, monkeypatch):
    from django.db import OperationalError

    from meetings import overview

    client.raise_request_exception = False
    monkeypatch.setattr(overview, "countries_by_meetings", lambda: 1 / 0)
    broken = get(client, "/countries/")
    assert broken.status_code == 500
    assert broken["Content-Type"] == "application/problem+json"
    assert broken.json()["title"] == "Internal Server Error"

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(overview, "countries_by_meetings", down)
    unavailable = get(client, "/countries/")
    assert unavailable.status_code == 503 and unavailable["Retry-After"] == "30"
    assert unavailable.json()["detail"].startswith("The archive's database is briefly")
