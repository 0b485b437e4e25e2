"""Words over time in a real browser: the chart beside results, its bars' links, /trends/."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_admin_csp import recording, violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_searchs_chart_is_labelled_and_each_bar_searches_its_month(
    live_server, new_page, screenshot, showcase
):
    page = recording(new_page(DESKTOP))
    page.goto(live_server.url + "/search/?q=remarks")
    panel = page.get_by_role("region", name="Said over time")
    chart = panel.locator("svg.trend-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_have_text(
        "Statements per 10,000 words spoken, by month: “remarks”"
    )
    bars = chart.locator("a.trend-link")
    expect(bars).to_have_count(5)  # the months with a meeting that said it
    panel.get_by_text("The figures as a table").click()
    expect(panel.get_by_role("table")).to_contain_text("Jan 2021")
    screenshot(page, "search-trend-desktop")
    assert violations(page) == []

    first = bars.first
    label = first.locator("title").text_content()
    assert label.startswith("remarks, Jan 2021: 4 statements")
    first.locator("rect").click()
    expect(page).to_have_url(re.compile(r"/search/\?"))
    params = parse_qs(urlsplit(page.url).query)
    assert (params["from"], params["to"]) == (["2021-01-01"], ["2021-01-31"])
    expect(page.get_by_role("heading", name="4 statements")).to_be_visible()


def test_trends_compare_searches_and_fit_a_phone(live_server, new_page, screenshot, showcase):
    page = new_page(PHONE)
    page.goto(live_server.url + "/trends/?q=remarks&q=ceasefire")
    expect(page.get_by_role("heading", level=1)).to_have_text("Words over time")
    expect(page.locator(".trend-key li")).to_have_text(["“remarks”", "“ceasefire”"])
    expect(page.locator("svg.trend-chart")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"/trends/ scrolls sideways ({width}px)"
    page.get_by_text("The figures as a table").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the open table scrolls the page sideways ({width}px)"
    screenshot(page, "trends-phone")
    page.goto(live_server.url + "/search/?q=remarks")
    expect(page.locator("svg.trend-chart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
