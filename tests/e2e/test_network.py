"""Who met whom in a real browser: the graph, the ranked list, the leader's and pair's graphs."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_admin_csp import recording, violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_network_graph_draws_under_the_policy_and_its_circles_open_leaders(
    live_server, new_page, screenshot, showcase
):
    page = recording(new_page(DESKTOP))
    page.goto(live_server.url + "/network/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who met whom")
    graph = page.locator("#network-graph")
    expect(graph).to_be_visible()
    expect(graph).to_have_attribute("role", "img")
    expect(graph).to_have_attribute("aria-label", re.compile("listed below as links"))
    expect(graph.locator("canvas").first).to_be_attached()
    pairs = page.get_by_role("region", name=re.compile("^Pairs, most meetings first"))
    expect(pairs.get_by_role("listitem").first).to_have_text(
        re.compile(r"Ilham Aliyev and Vladimir Putin\s+4 meetings")
    )
    screenshot(page, "network-desktop")
    assert violations(page) == []

    # A leader's circle, where the graph drew it, opens the leader's page.
    box = graph.bounding_box()
    where = page.evaluate(
        """() => {
          const cy = document.getElementById("network-graph").parleyGraph;
          const node = cy.nodes().filter((n) => n.data("label") === "Nikol Pashinyan")[0];
          return node.renderedPosition();
        }"""
    )
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    expect(page).to_have_url(re.compile(r"/leaders/nikol-pashinyan/$"))

    # Its "met most often" graph links to each pair's page, whose timeline says when.
    star = page.locator("svg.star-chart")
    expect(star).to_be_visible()
    expect(star.locator("title").first).to_have_text(
        "Nikol Pashinyan and the leaders met most often"
    )
    star.locator('a[href="/leaders/nikol-pashinyan/with/vladimir-putin/"] text').click()
    expect(page).to_have_url(re.compile(r"/leaders/nikol-pashinyan/with/vladimir-putin/$"))
    expect(page.locator(".pair-summary")).to_have_text(
        "First met 2021; last met 31 October 2022; 3 meetings."
    )
    screenshot(page, "pair-timeline-desktop")


def test_the_network_reads_on_a_phone_without_sideways_scrolling(
    live_server, new_page, screenshot, showcase
):
    page = new_page(PHONE)
    page.goto(live_server.url + "/network/?from=2022")
    expect(page.locator("#network-graph")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "network-phone")
    page.get_by_role("link", name="Ilham Aliyev and Vladimir Putin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Ilham Aliyev\\s+and Vladimir Putin")
    )
    assert page_width(page) <= PHONE["width"]
    page.goto(live_server.url + "/leaders/vladimir-putin/")
    expect(page.locator("svg.star-chart")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "leader-star-phone")


def test_without_script_the_ranked_list_says_it_all(live_server, browser, showcase):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/network/")
        expect(page.locator("#network-figure")).to_be_hidden()
        links = page.get_by_role("region", name=re.compile("^Pairs")).get_by_role("link")
        expect(links).to_have_count(5)
    finally:
        context.close()
