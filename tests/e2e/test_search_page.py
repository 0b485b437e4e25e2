"""The results page in a real browser: what the query names, the filters, reading in context."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_one_click_on_a_named_leader_shows_only_his_statements(live_server, new_page, showcase):
    page = new_page(DESKTOP)
    page.goto(live_server.url + "/search/?q=Aliyev+escalation")
    names = page.get_by_role("region", name="Your search names")
    expect(names).to_contain_text("Ilham Aliyev — show only statements by Ilham Aliyev")

    names.get_by_role("link", name="show only statements by Ilham Aliyev").click()
    expect(page).to_have_url(re.compile(r"speaker=ilham-aliyev"))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["escalation"]
    expect(page.get_by_role("link", name=re.compile("^Speaker: Ilham Aliyev"))).to_be_visible()
    speakers = page.locator(".hit-speaker")
    expect(speakers.first).to_be_visible()
    assert speakers.count() >= 1
    for label in speakers.all_inner_texts():
        assert label.startswith("Ilham Aliyev"), label
    expect(page.locator(".hit-snippet mark").first).to_have_text(re.compile("escalation", re.I))


def test_names_and_filters_read_well_at_any_width(live_server, new_page, screenshot, showcase):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport)
        names_and_filters(page, live_server, viewport)
        screenshot(page, f"search-names-and-filters-{name}")
    chips = page.get_by_role("navigation", name="Active filters")
    chips.get_by_role("link", name=re.compile("^Kind: Talks")).click()
    expect(chips.get_by_role("link", name=re.compile("^Kind:"))).to_have_count(0)
    expect(chips.get_by_role("link", name=re.compile("^From 1 January 2019"))).to_be_visible()
    assert "kind" not in parse_qs(urlsplit(page.url).query)


def names_and_filters(page, live_server, viewport):
    page.goto(
        live_server.url + "/search/?q=Aliyev+Azerbaijan+Samarkand+escalation"
        "&from=2019-01-01&kind=talks&speaker=nobody"
    )
    expect(page.get_by_role("status")).to_contain_text("No leader 'nobody' in the archive.")
    chips = page.get_by_role("navigation", name="Active filters")
    expect(chips.get_by_role("link", name=re.compile("^From 1 January 2019"))).to_be_visible()
    expect(chips.get_by_role("link", name=re.compile("^Kind: Talks"))).to_be_visible()
    names = page.get_by_role("region", name="Your search names")
    expect(names).to_contain_text("Azerbaijan — statements by its leaders")
    expect(names).to_contain_text("2 meetings in Samarkand")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the results page scrolls sideways ({width}px)"


def test_read_in_context_lands_on_the_statement_marked_and_leads_back(
    live_server, new_page, showcase
):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        read_in_context(new_page(viewport), live_server, viewport, name)


def read_in_context(page, live_server, viewport, name):
    results_url = live_server.url + "/search/?q=ceasefire&sort=oldest"
    page.goto(results_url)
    first_hit = page.locator(".search-hit").first.inner_text()
    aliyevs = page.locator(".search-hit", has=page.locator(".hit-speaker", has_text="Ilham Aliyev"))
    aliyevs.get_by_role("link", name=re.compile(r"^Read in context")).click()

    expect(page).to_have_url(re.compile(r"/meetings/2022/09/16/.*#t2$"))
    statement = page.locator("#t2")
    expect(statement).to_be_in_viewport()
    marks = statement.locator("mark")
    expect(marks).to_have_count(2)
    assert {word.lower() for word in marks.all_inner_texts()} == {"ceasefire"}
    back = page.get_by_role("link", name="← Back to results")
    expect(back).to_be_in_viewport()  # it stays in view beside the statement
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the meeting page scrolls sideways ({width}px)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # what the reader sees on arriving
    page.screenshot(path=str(SCREENSHOTS / f"read-in-context-{name}.png"))

    back.click()
    expect(page).to_have_url(results_url)
    assert page.locator(".search-hit").first.inner_text() == first_hit
