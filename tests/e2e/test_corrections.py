"""Corrections in a real browser: an old permalink after a correction, and the admin history."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP
from tests.test_reimport import TURNS, URL, corrected_turns, transcript

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def corrected(transactional_db, plain_static):
    """The talks imported, then re-imported from a corrected source."""
    from meetings import services

    services.transcript_import(text=transcript(TURNS), source_url=URL, source_name="Example")
    return services.transcript_import(
        text=transcript(corrected_turns()), source_url=URL, source_name="Example"
    ).meeting


def test_an_old_permalink_to_a_removed_statement_lands_on_the_removal_note(
    live_server, new_page, screenshot, corrected
):
    page = new_page(DESKTOP)
    page.goto(live_server.url + corrected.get_absolute_url() + "#t5")
    note = page.locator("#t5")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text(re.compile(r"This statement was removed in a correction on \d+"))
    expect(page.locator(":target")).to_have_attribute("id", "t5")
    expect(page.locator(".record")).to_contain_text("Corrected on")
    expect(page.locator("#corrections")).to_contain_text("statement 5 removed")
    screenshot(page, "meeting-removed-statement")

    page.goto(live_server.url + corrected.get_absolute_url() + "#t4")
    expect(page.locator("#t4 .turn-text")).to_contain_text("will meet in early April")
    page.locator(".record").get_by_role("link", name=re.compile("Corrected on")).click()
    expect(page.locator("#corrections")).to_be_in_viewport()
    screenshot(page, "meeting-corrections")


def test_an_editor_reads_the_history_and_reverts_a_change(
    live_server, new_page, screenshot, corrected, django_user_model
):
    django_user_model.objects.create_superuser("editor", password="a-long-editor-password")
    page = new_page(DESKTOP)
    page.goto(live_server.url + f"/admin/meetings/meeting/{corrected.pk}/change/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("statements 3 and 4 edited")
    screenshot(page, "admin-meeting-history")

    page.get_by_role("link", name=re.compile("Before and after")).first.click()
    expect(page.locator(".history-diff").last).to_contain_text("The engineers will report by May")
    screenshot(page, "admin-meeting-change")
    page.get_by_role("button", name="Revert this change").click()
    expect(page.locator(".messagelist")).to_contain_text("Reverted")

    page.goto(live_server.url + corrected.get_absolute_url() + "#t5")
    expect(page.locator("#t5 .turn-text")).to_contain_text("Energy prices were the last point")
    expect(page.locator("#t7")).to_contain_text("This statement was removed in a correction")


def test_a_long_meeting_is_edited_statement_by_statement(
    live_server, new_page, screenshot, corrected, django_user_model
):
    from meetings.models import Turn

    putin = corrected.participations.first().person
    Turn.objects.bulk_create(
        Turn(
            meeting=corrected,
            sequence=n,
            speaker=putin,
            label="Vladimir Putin",
            text=f"Statement number {n} of a long meeting.",
        )
        for n in range(9, 260)
    )
    django_user_model.objects.create_superuser("editor", password="a-long-editor-password")
    page = new_page(DESKTOP)
    page.goto(live_server.url + f"/admin/meetings/meeting/{corrected.pk}/change/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-statements")).to_contain_text("Too many to edit on this page")
    screenshot(page, "admin-long-meeting")
    page.get_by_role("link", name="the list of this meeting's statements").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statements of")
    expect(page.locator("#result_list tbody tr")).to_have_count(50)
    screenshot(page, "admin-long-meeting-statements")
    page.get_by_role("link", name="#t7").click()
    page.get_by_label("Text").fill("Did you discuss the grain corridor and the port?")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Turn.objects.get(meeting=corrected, sequence=7).text.endswith("and the port?")
