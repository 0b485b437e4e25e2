"""The About page and a meeting's header in a real browser, at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_about_is_one_click_from_any_page_and_its_contents_lead_to_each_part(
    live_server, new_page, screenshot, showcase
):
    page = new_page(DESKTOP)
    page.goto(live_server.url + showcase["samarkand"].get_absolute_url())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About").click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About the archive")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="About")
    ).to_have_attribute("aria-current", "page")
    sources = page.get_by_role("table", name="The sources of the published meetings")
    expect(sources.get_by_role("row")).to_have_count(2)  # the header and Kremlin
    expect(sources).to_contain_text("7 meetings from 2021 to 2022")
    screenshot(page, "about-desktop")

    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="How to cite"
    ).click()
    expect(page).to_have_url(re.compile("#citing$"))
    expect(page.get_by_role("heading", name="How to cite")).to_be_in_viewport()

    phone = new_page(PHONE)
    phone.goto(live_server.url + "/about/")
    assert scroll_width(phone) <= PHONE["width"]
    screenshot(phone, "about-phone")


def test_meeting_header_names_its_source_address_licence_and_language(
    live_server, new_page, screenshot, showcase
):
    samarkand = showcase["samarkand"]
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport)
        page.goto(live_server.url + samarkand.get_absolute_url())
        address = samarkand.source_url.removeprefix("http://")
        link = page.get_by_role("link", name=address)
        expect(link).to_have_attribute("href", samarkand.source_url)
        expect(page.locator(".meeting-facts")).to_contain_text("Language")
        expect(page.locator(".meeting-facts")).to_contain_text("English")
        assert scroll_width(page) <= viewport["width"]
        screenshot(page, f"meeting-header-{name}")
