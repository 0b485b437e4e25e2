"""Who met whom: the network page, a leader's "met most often" graph, a pair's timeline."""

import datetime
import json
from itertools import combinations

import pytest
from django.db.models import Count

from meetings.models import Meeting, Participation
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def meet(date, *people, status=Meeting.Status.PUBLISHED):
    meeting = MeetingFactory(date=date, status=status)
    for order, person in enumerate(people):
        ParticipationFactory(meeting=meeting, person=person, order=order)
    return meeting


@pytest.fixture
def leaders(db):
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    pashinyan = PersonFactory(name="Nikol Pashinyan", country="AM")
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
    d = datetime.date
    meet(d(2003, 3, 1), putin, aliyev)
    meet(d(2008, 5, 1), putin, aliyev)
    meet(d(2021, 1, 11), putin, aliyev, pashinyan)
    meet(d(2022, 9, 16), putin, aliyev)
    meet(d(2022, 10, 31), putin, pashinyan)
    meet(d(2022, 11, 1), aliyev, erdogan)
    meet(d(2022, 12, 1), putin, erdogan, status=Meeting.Status.DRAFT)
    return {"putin": putin, "aliyev": aliyev, "pashinyan": pashinyan, "erdogan": erdogan}


def pairs_from_database(meetings=None) -> dict[tuple[str, str], int]:
    """Pairs and their meetings, counted the slow, obvious way."""
    meetings = meetings if meetings is not None else Meeting.objects.published()
    counts: dict[tuple[str, str], int] = {}
    for meeting in meetings:
        names = sorted(p.person.name for p in meeting.participations.select_related("person"))
        for pair in combinations(names, 2):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def listed_pairs(response) -> dict[tuple[str, str], int]:
    return {
        (pair.first.name, pair.second.name): pair.meetings
        for pair in response.context["page_obj"].object_list
    }


def test_the_network_lists_every_pair_with_its_meetings(client, leaders):
    response = client.get("/network/")
    assert (
        listed_pairs(response)
        == pairs_from_database()
        == {
            ("Ilham Aliyev", "Vladimir Putin"): 4,
            ("Nikol Pashinyan", "Vladimir Putin"): 2,
            ("Ilham Aliyev", "Nikol Pashinyan"): 1,
            ("Ilham Aliyev", "Recep Tayyip Erdoğan"): 1,
        }
    )
    body = response.content.decode()
    # Ranked, most meetings first, each a link to the pair's page.
    assert body.index("Ilham Aliyev and Vladimir Putin") < body.index(
        "Nikol Pashinyan and Vladimir Putin"
    )
    assert '<a href="/leaders/ilham-aliyev/with/vladimir-putin/">' in body
    assert "4 meetings" in body
    # The draft's pair is nowhere.
    assert "Erdoğan and Vladimir Putin" not in body


def test_the_graph_data_has_nodes_sized_by_meetings_and_edges_linking_pairs(client, leaders):
    response = client.get("/network/")
    body = response.content.decode()
    start = body.index('<script id="network-data" type="application/json">')
    data = json.loads(body[start:].split(">", 1)[1].split("</script>", 1)[0])
    nodes = {node["label"]: node for node in data["nodes"]}
    assert {name: node["meetings"] for name, node in nodes.items()} == {
        "Vladimir Putin": 5,
        "Ilham Aliyev": 5,
        "Nikol Pashinyan": 2,
        "Recep Tayyip Erdoğan": 1,
    }
    assert nodes["Vladimir Putin"]["url"] == "/leaders/vladimir-putin/"
    assert nodes["Vladimir Putin"]["size"] > nodes["Nikol Pashinyan"]["size"]
    edges = {edge["label"]: edge for edge in data["edges"]}
    assert edges["Ilham Aliyev and Vladimir Putin"]["meetings"] == 4
    assert edges["Ilham Aliyev and Vladimir Putin"]["url"] == (
        "/leaders/ilham-aliyev/with/vladimir-putin/"
    )
    # Scripts only from the site itself; the data is inert JSON.
    assert '<script src="/static/vendor/cytoscape/cytoscape.min.js" defer>' in body
    assert "<script>" not in body


def test_the_network_filters_by_period_and_country(client, leaders):
    in_2022 = client.get("/network/?from=2022&to=2022")
    assert listed_pairs(in_2022) == pairs_from_database(
        Meeting.objects.published().filter(date__year=2022)
    )
    assert listed_pairs(in_2022)[("Ilham Aliyev", "Vladimir Putin")] == 1
    armenia = client.get("/network/?country=am")
    assert listed_pairs(armenia) == {
        ("Nikol Pashinyan", "Vladimir Putin"): 2,
        ("Ilham Aliyev", "Nikol Pashinyan"): 1,
        ("Ilham Aliyev", "Vladimir Putin"): 1,
    }
    assert "at meetings of Armenia’s leaders" in armenia.content.decode()
    # Years the wrong way round are swapped; junk is ignored rather than refused.
    assert listed_pairs(client.get("/network/?from=2022&to=2021")) == pairs_from_database(
        Meeting.objects.published().filter(date__year__gte=2021)
    )
    junk = client.get("/network/?from=abc&to=%00&country=zz")
    assert junk.status_code == 200
    assert listed_pairs(junk) == pairs_from_database()
    nobody = client.get("/network/?from=2003&to=2003&country=tr")
    assert "No two leaders met with these filters." in nobody.content.decode()


def test_the_network_counts_follow_the_archive(client, leaders):
    client.get("/network/")
    meet(datetime.date(2023, 1, 1), leaders["pashinyan"], leaders["erdogan"])
    pairs = listed_pairs(client.get("/network/"))
    assert pairs[("Nikol Pashinyan", "Recep Tayyip Erdoğan")] == 1


def test_a_leader_page_draws_the_leaders_met_most_often(client, leaders):
    body = client.get("/leaders/vladimir-putin/").content.decode()
    start = body.index('<svg class="star-chart"')
    figure = body[start : body.index("</svg>", start)]
    assert "Vladimir Putin and the leaders met most often" in figure
    assert "Ilham Aliyev: 4 meetings; Nikol Pashinyan: 2 meetings." in figure
    pair = "/leaders/vladimir-putin/with/ilham-aliyev/"
    assert f'<a href="{pair}" class="star-link" tabindex="-1">' in figure
    # A picture of the list beside it: hidden from screen readers, which read the list.
    assert 'aria-hidden="true"' in figure


def test_a_pair_page_has_a_timeline_with_its_gaps(client, leaders):
    body = client.get("/leaders/vladimir-putin/with/ilham-aliyev/").content.decode()
    assert 'First met <time datetime="2003-03-01">2003</time>; last met ' in body
    assert '<time datetime="2022-09-16">16 September 2022</time>; 4 meetings.' in body
    assert "Years without a meeting: 2009–2020 (12 years); 2004–2007 (4 years)." in body
    assert "Meetings per year, 2003–2022" in body
    once = client.get("/leaders/nikol-pashinyan/with/ilham-aliyev/").content.decode()
    assert 'Met once, on <time datetime="2021-01-11">11 January 2021</time>.' in once


def test_the_network_agrees_with_participations_on_a_larger_archive(client, build_archive):
    build_archive(meetings=30, turns=2)
    response = client.get("/network/")
    assert listed_pairs(response) == pairs_from_database()
    per_person = dict(
        Participation.objects.published()
        .values_list("person__name")
        .annotate(n=Count("meeting", distinct=True))
    )
    for leader in response.context["graph"].leaders:
        assert leader.meetings == per_person[leader.name]
