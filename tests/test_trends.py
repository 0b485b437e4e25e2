"""Words over time: a search's statements per year or month, per 10,000 words spoken."""

import datetime
import re
from collections import Counter
from html import unescape

import pytest
from haystack import connections

from meetings.models import Meeting, Turn
from meetings.search.query import parse_query
from meetings.search.results import Filters
from meetings.search.trends import trend
from meetings.text import word_count
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory
from tests.search_conftest import _reset_search_connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("plain_static"),
    pytest.mark.search_engines,
]

WORD = "pipeline"


@pytest.fixture
def archive(on_commit):
    """Meetings from 2016 to 2022 (none in 2018); a few statements speak of the pipeline."""
    with on_commit():
        putin = PersonFactory(name="Vladimir Putin", country="RU")
        aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
        plan = {  # date: texts of its turns
            datetime.date(2016, 3, 1): ["The pipeline is ready.", "Trade grew this year."],
            datetime.date(2016, 9, 1): ["We spoke of grain, and of nothing else at all."],
            datetime.date(2017, 5, 5): [
                "A pipeline, a railway, a pipeline again.",
                "The pipeline will be extended.",
            ],
            datetime.date(2019, 2, 2): ["Energy talks continued for many long hours today."],
            datetime.date(2022, 1, 10): ["The pipeline was damaged.", "Who damaged it?"],
            datetime.date(2022, 6, 10): ["Ceasefire first; the pipeline later."],
            datetime.date(2022, 11, 1): ["Pipeline repairs take months.", "Thank you."],
        }
        for date, texts in plan.items():
            meeting = MeetingFactory(date=date, title="Talks", summary="Bilateral talks.")
            ParticipationFactory(meeting=meeting, person=putin)
            ParticipationFactory(meeting=meeting, person=aliyev)
            for sequence, text in enumerate(texts, start=1):
                TurnFactory(
                    meeting=meeting,
                    sequence=sequence,
                    speaker=putin if sequence % 2 else aliyev,
                    text=text,
                )
        draft = MeetingFactory(date=datetime.date(2017, 1, 1), status=Meeting.Status.DRAFT)
        TurnFactory(meeting=draft, sequence=1, speaker=putin, text="A secret pipeline.")


def database_counts(by="year", **filters) -> tuple[Counter, Counter]:
    """(statements saying WORD, words spoken) per period, straight from the database."""
    turns = Turn.objects.filter(meeting__status="published", **filters).select_related("meeting")
    said, words = Counter(), Counter()
    for turn in turns:
        key = turn.meeting.date.year if by == "year" else turn.meeting.date.strftime("%b %Y")
        words[key] += word_count(turn.text)
        if re.search(rf"\b{WORD}\b", turn.text, re.IGNORECASE):
            said[key] += 1
    return said, words


def test_turns_count_their_words_when_saved_created_or_updated(db):
    turn = TurnFactory(text="Don't stop – the pipeline's fine.\n\nYes.")
    assert turn.word_count == Turn.objects.get(pk=turn.pk).word_count == 6
    made = Turn.objects.bulk_create(
        [Turn(meeting=turn.meeting, sequence=9, label="X", text="One two three")]
    )
    assert Turn.objects.get(pk=made[0].pk).word_count == 3
    turn.text = "Just two"
    Turn.objects.bulk_update([turn], ["text"])
    assert Turn.objects.get(pk=turn.pk).word_count == 2
    turn.text = "Now it is four"
    turn.save(update_fields=["text"])
    assert Turn.objects.get(pk=turn.pk).word_count == 4


def test_a_trend_by_year_equals_the_databases_counts(archive):
    found = trend([parse_query(WORD)], Filters())
    said, words = database_counts()
    assert found.by == "year"
    assert [p.label for p in found.periods] == [str(y) for y in range(2016, 2023)]
    (series,) = found.series
    assert series.exact
    assert dict(zip([int(p.label) for p in found.periods], series.counts, strict=True)) == {
        year: said[year] for year in range(2016, 2023)
    }
    assert series.counts == [1, 2, 0, 0, 0, 0, 3]  # statements, not mentions; drafts never
    assert found.words == [words[year] for year in range(2016, 2023)]
    assert series.rates[0] == round(10_000 * said[2016] / words[2016], 2)
    assert series.rates[2] == 0.0  # 2018: nothing said, nothing spoken


def test_a_range_under_three_years_is_counted_by_month(archive):
    filters = Filters(date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31))
    found = trend([parse_query(WORD)], filters)
    said, words = database_counts(by="month", meeting__date__year=2022)
    assert found.by == "month"
    assert [p.label for p in found.periods][:2] == ["Jan 2022", "Feb 2022"]
    assert len(found.periods) == 12  # the whole year asked for
    labels = [p.label for p in found.periods]
    assert dict(zip(labels, found.series[0].counts, strict=True)) == {
        label: said[label] for label in labels
    }
    assert found.words == [words[label] for label in labels]


@pytest.mark.parametrize("count_limit", [None, 2])
def test_counts_past_the_facet_limit_stay_exact(archive, search_engine, monkeypatch, count_limit):
    """Past FACET_DOC_LIMIT a trend asks the engine to count every match; an engine that
    still stops short (here: told to stop at 2) is asked year by year."""
    from meetings.search import trends

    if count_limit:
        monkeypatch.setattr(trends, "COUNT_LIMIT", count_limit)
    connections.connections_info["default"]["FACET_DOC_LIMIT"] = 2
    _reset_search_connections()
    try:
        found = trend([parse_query(WORD)], Filters())
    finally:
        connections.connections_info["default"].pop("FACET_DOC_LIMIT")
        _reset_search_connections()
    said, _ = database_counts()
    assert found.series[0].counts == [said[year] for year in range(2016, 2023)]


def test_the_search_page_draws_the_trend_and_each_bar_searches_its_year(client, archive):
    page = client.get("/search/", {"q": WORD})
    body = page.content.decode()
    assert "Said over time" in body
    said, words = database_counts()
    bars = re.findall(r'<a href="([^"]+)" class="trend-link"><title>([^<]+)</title>', body)
    assert [unescape(label) for _, label in bars] == [
        f"pipeline, {year}: {said[year]} statement{'s' if said[year] != 1 else ''}, "
        f"{10_000 * said[year] / words[year]:.2f} per 10,000 words"
        for year in (2016, 2017, 2022)
    ]
    url = unescape(bars[1][0])
    assert url == "/search/?q=pipeline&from=2017-01-01&to=2017-12-31"
    assert client.get(url).context["results"].count == said[2017]
    # The table says the same for those who do not see the chart.
    assert "<caption>Matching statements and statements per 10,000 words, by year</caption>" in body
    assert re.search(r'<th scope="row">2017</th><td>\d+</td><td><a href="[^"]+">2</a>', body)


def test_trends_compare_up_to_three_searches(client, archive):
    page = client.get("/trends/", {"q": ["pipeline", "ceasefire", "grain", "trade"]})
    found = page.context["trend"]
    assert [s.query.text for s in found.series] == ["pipeline", "ceasefire", "grain"]
    assert [s.total for s in found.series] == [6, 1, 1]
    body = page.content.decode()
    assert 'value="grain"' in body and 'value="trade"' not in body
    assert "“ceasefire”" in body
    nothing = client.get("/trends/", {"q": "zeppelin"})
    assert "No statement matches “zeppelin”." in nothing.content.decode()
    assert client.get("/trends/").status_code == 200


def test_a_speakers_trend_divides_by_that_speakers_words(client, archive):
    filters = Filters(speakers=["vladimir-putin"])
    found = trend([parse_query(WORD)], filters)
    said, words = database_counts(speaker__slug="vladimir-putin")
    assert found.series[0].counts == [said[year] for year in range(2016, 2023)]
    assert found.words == [words[year] for year in range(2016, 2023)]
