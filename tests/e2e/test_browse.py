"""Browsing the archive in a real browser: from the front page down to a statement."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_to_year_to_month_to_meeting_to_leader_to_counterpart(
    live_server, new_page, screenshot, showcase
):
    page = new_page(DESKTOP)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What leaders said to each other")
    screenshot(page, "home-desktop")

    page.get_by_role("link", name=re.compile(r"^2022\b")).first.click()
    expect(page).to_have_url(re.compile(r"/meetings/2022/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings in 2022")

    page.get_by_role("navigation", name="Months of 2022").get_by_role(
        "link", name=re.compile("^September")
    ).click()
    expect(page).to_have_url(re.compile(r"/meetings/2022/09/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings in September 2022")

    page.get_by_role("link", name="Meeting with President of Azerbaijan Ilham Aliyev").click()
    expect(page).to_have_url(
        re.compile(r"/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meeting with President of Azerbaijan Ilham Aliyev"
    )
    expect(page.locator("#t2 .turn-role")).to_have_text("President of Azerbaijan")
    expect(page.get_by_role("link", name="CC BY 4.0").first).to_be_visible()
    screenshot(page, "meeting-desktop")

    page.locator(".participants").get_by_role("link", name="Ilham Aliyev").click()
    expect(page).to_have_url(re.compile(r"/leaders/ilham-aliyev/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilham Aliyev")
    expect(page.get_by_role("img", name=re.compile("Meetings per year"))).to_be_visible()
    screenshot(page, "leader-desktop")

    page.locator("section", has=page.get_by_role("heading", name="Met most often")).get_by_role(
        "link", name="Vladimir Putin"
    ).click()
    expect(page).to_have_url(re.compile(r"/leaders/ilham-aliyev/with/vladimir-putin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilham Aliyev and Vladimir Putin")
    expect(page.locator(".meeting-card")).to_have_count(4)


def test_a_permalink_scrolls_its_statement_into_view(live_server, new_page, showcase):
    page = new_page(DESKTOP)
    url = live_server.url + showcase["samarkand"].get_absolute_url()
    page.goto(url)
    expect(page.locator("#t3")).not_to_be_in_viewport()

    page.goto(url + "#t3")
    expect(page.locator("#t3")).to_be_in_viewport()
    expect(page.locator("#t3 .turn-speaker")).to_have_text("Vladimir Putin")

    # The visible ¶ link is the permalink, and it is reachable from the keyboard.
    page.goto(url)
    permalink = page.locator("#t2").get_by_role(
        "link", name="Permalink to statement 2, Ilham Aliyev"
    )
    expect(permalink).to_have_attribute("href", "#t2")
    permalink.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(url + "#t2")
    expect(page.locator("#t2")).to_be_in_viewport()


def test_meeting_page_is_usable_at_phone_width(live_server, new_page, screenshot, showcase):
    page = new_page(PHONE)
    for name, path in [
        ("home", "/"),
        ("meeting", showcase["samarkand"].get_absolute_url()),
        ("leader", showcase["aliyev"].get_absolute_url()),
    ]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways ({width}px)"
        screenshot(page, f"{name}-phone")

    page.goto(live_server.url + showcase["samarkand"].get_absolute_url())
    size = page.locator("#t1 .turn-text p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= 16
    box = page.locator("#t1 .turn-text p").first.bounding_box()
    assert box["x"] >= 8 and box["x"] + box["width"] <= PHONE["width"] - 8


def test_skip_link_is_first_and_moves_focus_to_the_content(live_server, new_page, showcase):
    page = new_page(DESKTOP)
    page.goto(live_server.url + showcase["samarkand"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#content$"))
    expect(page.locator("main")).to_be_focused()


def test_transcript_text_cannot_run_script(live_server, new_page, showcase):
    from tests.factories import TurnFactory

    meeting = showcase["samarkand"]
    TurnFactory(
        meeting=meeting,
        sequence=4,
        speaker=None,
        label="Question",
        text='<script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned=2">',
    )
    page = new_page(DESKTOP)
    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#t4 .turn-text p").first).to_have_text("<script>window.pwned = 1</script>")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#t4 img").count() == 0
