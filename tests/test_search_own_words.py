"""A statement matches by its own words: the cases the issue found wrong, on the real sample.

Each test runs on both engines and reads what the search page shows: the statements found
and the words marked in their snippets.
"""

import re

import pytest
from django.core.management import call_command

from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory
from tests.test_import import SEED

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("plain_static"),
    pytest.mark.search_engines(),
]

SEARCH = "/search/"


@pytest.fixture
def sample(db, on_commit):
    """The real sample transcript, imported and indexed as `make run` does."""
    with on_commit():
        call_command("import_transcripts", str(SEED), verbosity=0)


def found(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response.context["results"].hits if response.context["results"] else []


def marked(hit) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(hit.snippet))


def test_a_phrase_finds_only_the_statement_that_says_it(client, sample):
    hits = found(client, '"Shanghai Cooperation"')
    assert [(h.speaker_name, h.url[-3:]) for h in hits] == [("Vladimir Putin", "#t1")]
    assert marked(hits[0])[:2] == ["Shanghai", "Cooperation"]


def test_words_of_the_title_and_place_are_not_a_statements_words(client, sample):
    assert found(client, "Samarkand") == []
    # Said by Putin and by Aliyev; "Thank you very much." only stood under the title.
    assert {h.url[-3:] for h in found(client, "Azerbaijan")} == {"#t1", "#t2"}
    # Said above the statements instead.
    page = client.get(SEARCH, {"q": "Samarkand"}).content.decode()
    assert "1 meeting in Samarkand" in page


def test_a_prefix_longer_than_the_stem_finds_every_word_it_begins(client, sample):
    escalation = found(client, "escalat*")
    assert {h.speaker_name for h in escalation} == {"Vladimir Putin", "Ilham Aliyev"}
    for hit in escalation:
        assert marked(hit) and all(w.lower().startswith("escalat") for w in marked(hit))
    assert {h.speaker_name for h in found(client, "delimitat*")} == {"Ilham Aliyev"}
    assert found(client, "escal*") and len(found(client, "escal*")) == len(escalation)


def test_the_help_pages_prefix_example_finds_negotiations(client, sample, on_commit):
    with on_commit():
        person = PersonFactory(name="Anna Berger", country="AT")
        meeting = MeetingFactory(title="Talks in Vienna", date="2019-05-04", place="Vienna")
        ParticipationFactory(meeting=meeting, person=person, role="Federal Chancellor")
        TurnFactory(
            meeting=meeting,
            sequence=1,
            speaker=person,
            label="Anna Berger",
            text="The negotiations went on all night; we negotiated every line.",
        )
    hits = found(client, "negotiat*")
    assert [h.speaker_name for h in hits] == ["Anna Berger"]
    assert marked(hits[0]) == ["negotiations", "negotiated"]


def test_an_excluded_word_removes_every_form_of_it(client, sample):
    with_it = found(client, "escalation")
    assert with_it
    assert all(
        h.speaker_name not in {"Vladimir Putin", "Ilham Aliyev"}
        for h in found(client, "Azerbaijan OR escalation -escalations")
    )


def test_a_phrase_with_common_words_needs_them_in_place(client, on_commit):
    with on_commit():
        person = PersonFactory(name="Jan Novak", country="CZ")
        meeting = MeetingFactory(title="Prague talks", date="2020-01-10", place="Prague")
        ParticipationFactory(meeting=meeting, person=person, role="Prime Minister")
        TurnFactory(
            meeting=meeting,
            sequence=1,
            speaker=person,
            label="Jan Novak",
            text="We held talks about peace.",
        )
        TurnFactory(
            meeting=meeting,
            sequence=2,
            speaker=person,
            label="Jan Novak",
            text="These were talks of peace, and of trade.",
        )
    hits = found(client, '"talks of peace"')
    assert [h.url[-3:] for h in hits] == ["#t2"]
    assert marked(hits[0]) == ["talks", "of", "peace"]


def test_a_word_on_its_own_too_common_to_search_is_named(client, sample):
    response = client.get(SEARCH, {"q": "the escalation"})
    assert "&#x27;the&#x27; is too common to search for." in response.content.decode()
    assert {h.speaker_name for h in response.context["results"].hits} == {
        "Vladimir Putin",
        "Ilham Aliyev",
    }


def test_every_marked_word_matches_and_every_match_is_marked(client, sample, search_engine):
    from meetings.search.highlight import engine_stemmer

    stem = engine_stemmer()
    for q in ["relations", "escalation", "cooperate", "conflict", "region"]:
        for hit in found(client, q):
            words = re.findall(r"\w+", re.sub(r"<[^>]+>", "", str(hit.snippet)))
            matching = [w for w in words if stem(w.lower()) == stem(q)]
            assert marked(hit) == matching, (q, hit.snippet)


def test_russian_words_match_in_their_inflected_forms(client, on_commit):
    with on_commit():
        lavrov = PersonFactory(name="Сергей Лавров", country="RU")
        meeting = MeetingFactory(
            title="Переговоры в Самарканде", date="2022-09-16", place="Самарканд", language="ru"
        )
        ParticipationFactory(meeting=meeting, person=lavrov, role="Министр иностранных дел")
        TurnFactory(
            meeting=meeting,
            sequence=1,
            speaker=lavrov,
            label="С.Лавров",
            text="Мы провели переговоры о мирном договоре.",
        )
        TurnFactory(
            meeting=meeting,
            sequence=2,
            speaker=lavrov,
            label="С.Лавров",
            text="Итоги переговоров будут опубликованы.",
        )
    assert {h.url[-3:] for h in found(client, "переговоров")} == {"#t1", "#t2"}
    hits = found(client, "договора")
    assert [h.url[-3:] for h in hits] == ["#t1"]
    assert marked(hits[0]) == ["договоре"]
    assert {h.url[-3:] for h in found(client, "перегов*")} == {"#t1", "#t2"}


def test_each_statement_carries_its_meetings_language_in_the_index(client, on_commit):
    from haystack.query import SearchQuerySet

    with on_commit():
        meeting = MeetingFactory(title="Переговоры", date="2022-09-16", language="ru")
        TurnFactory(meeting=meeting, sequence=1, label="С.Лавров", text="Переговоры идут.")
        english = MeetingFactory(title="Talks", date="2022-09-17")
        TurnFactory(meeting=english, sequence=1, label="Anna Berger", text="Talks go on.")
    languages = {result.text: result.language for result in SearchQuerySet().all()}
    assert languages == {"Переговоры идут.": "ru", "Talks go on.": "en"}
