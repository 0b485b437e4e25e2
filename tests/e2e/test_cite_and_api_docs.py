"""The Cite control and the API's docs page in a real browser, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_cite_opens_without_script_and_the_docs_run_under_the_csp(
    live_server, new_page, screenshot, showcase
):
    samarkand = showcase["samarkand"]
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport)
        page.goto(live_server.url + samarkand.get_absolute_url() + "#t2")
        turn = page.locator("#t2")
        cite = turn.locator("details.cite")
        expect(cite.locator("dl")).to_be_hidden()
        cite.locator("summary").click()
        expect(cite.locator("dt")).to_have_text(["Chicago", "APA", "MLA"])
        expect(cite.locator("dd").first).to_contain_text(
            "Statement 2. Samarkand, September 16, 2022. Parley. Accessed"
        )
        expect(cite.get_by_role("link", name="BibTeX")).to_have_attribute(
            "href", samarkand.get_absolute_url() + "cite/2.bib"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"meeting-cite-{name}")

    page = new_page(DESKTOP)
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.locator(".opblock")).to_have_count(9)
    expect(
        page.get_by_text("/api/v1/meetings/{year}/{month}/{day}/{slug}/turns/{number}/")
    ).to_be_visible()
    assert reports == []
    screenshot(page, "api-docs")
