"""The search box's syntax and the safe highlighter."""

import pytest

from meetings.search.highlight import highlight, snippet
from meetings.search.query import MAX_QUERY_LENGTH, MAX_TERMS, Term, parse_query


def texts(groups):
    return [[term.text for term in group] for group in groups]


@pytest.mark.parametrize(
    ("q", "required", "excluded"),
    [
        ("ceasefire commission", [["ceasefire"], ["commission"]], []),
        ('"Tripartite Commission" works', [["tripartite commission"], ["works"]], []),
        ("gas OR oil price", [["gas", "oil"], ["price"]], []),
        ("trade -sanctions", [["trade"]], ["sanctions"]),
        ('trade -"grain deal"', [["trade"]], ["grain deal"]),
        ("trade NOT sanctions", [["trade"]], ["sanctions"]),
        ('"unclosed phrase', [["unclosed phrase"]], []),
        ("co-operation", [["co operation"]], []),
        ("U.S. policy", [["u.s"], ["policy"]], []),
        ("text:ceasefire", [["text"], ["ceasefire"]], []),
        ("[a TO b]", [["b"]], []),  # `a` and `to`: too common, named on the page
        ("peace~2 war^3", [["peace"], ["2"], ["war"], ["3"]], []),
        ('OR AND NOT - * ( ) " :', [], []),
        ("Путин", [["путин"]], []),
        ("🕊️", [], []),
    ],
)
def test_parse(q, required, excluded):
    parsed = parse_query(q)
    assert texts(parsed.searched_groups()) == required
    assert [term.text for term in parsed.excluded] == excluded


def test_words_too_common_are_named_and_not_searched():
    parsed = parse_query("the talks of peace -the")
    assert parsed.too_common == ["the", "of"]
    assert texts(parsed.searched_groups()) == [["talks"], ["peace"]]
    assert parsed.excluded == []
    assert texts(parse_query('"talks of peace"').searched_groups()) == [["talks of peace"]]
    assert parse_query("the").is_empty


def test_prefixes_need_three_letters():
    assert parse_query("negotiat*").required == [[Term(("negotiat",), prefix=True)]]
    assert parse_query("ne*").required == [[Term(("ne",))]]


def test_control_characters_and_length():
    assert texts(parse_query("cease\x00fire\x07 now").required) == [["cease"], ["fire"], ["now"]]
    long = parse_query("x" * 15_000)
    assert long.truncated and len(long.text) == MAX_QUERY_LENGTH
    many = parse_query(" ".join(f"w{n}" for n in range(100)))
    assert many.dropped_terms and len(many.required) == MAX_TERMS


def test_only_excludes():
    parsed = parse_query("-war")
    assert parsed.only_excludes and parsed.to_sq() is None


def test_highlight_escapes_then_marks():
    terms = parse_query("ceasefire negotiat* b").highlight_terms()
    text = "<img src=x onerror=alert(1)> Ceasefires & negotiations: a<b and c>d"
    assert highlight(text, terms) == (
        "&lt;img src=x onerror=alert(1)&gt; <mark>Ceasefires</mark> &amp; "
        "<mark>negotiations</mark>: a&lt;<mark>b</mark> and c&gt;d"
    )


def test_snippet_is_around_the_first_match():
    text = ("Opening words. " * 30) + "The ceasefire holds. " + ("Closing words. " * 40)
    html = snippet(text, parse_query("ceasefire").highlight_terms())
    assert html.startswith("… ") and html.endswith(" …")
    assert "The <mark>ceasefire</mark> holds." in html
    assert len(html) < 400


def test_snippet_without_a_match_in_the_text_is_its_beginning():
    assert snippet("Short text.\n\nSecond paragraph.", []) == "Short text. Second paragraph."
