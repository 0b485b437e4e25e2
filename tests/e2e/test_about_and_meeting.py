"""The About page and a meeting's header in a real browser, at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_about_is_one_click_from_a_meeting_whose_header_names_source_licence_language(
    live_server, new_page, screenshot, showcase
):
    # One archive for both checks: building it costs more than the checks themselves.
    samarkand = showcase["samarkand"]
    address = samarkand.source_url.removeprefix("http://")
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport)
        page.goto(live_server.url + samarkand.get_absolute_url())
        expect(page.get_by_role("link", name=address)).to_have_attribute(
            "href", samarkand.source_url
        )
        expect(page.locator(".meeting-facts")).to_contain_text("Language")
        expect(page.locator(".meeting-facts")).to_contain_text("English")
        assert scroll_width(page) <= viewport["width"]
        screenshot(page, f"meeting-header-{name}")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="About").click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About the archive")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="About")
    ).to_have_attribute("aria-current", "page")
    assert scroll_width(page) <= PHONE["width"]
    screenshot(page, "about-phone")

    page = new_page(DESKTOP)
    page.goto(live_server.url + "/about/")
    sources = page.get_by_role("table", name="The sources of the published meetings")
    expect(sources.get_by_role("row")).to_have_count(2)  # the header and Kremlin
    expect(sources).to_contain_text("7 meetings from 2021 to 2022")
    screenshot(page, "about-desktop")
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="How to cite"
    ).click()
    expect(page).to_have_url(re.compile("#citing$"))
    expect(page.get_by_role("heading", name="How to cite")).to_be_in_viewport()
