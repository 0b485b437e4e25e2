"""The editors' import page and meeting change page in a real browser."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parents[2] / "meetings" / "sample" / "kremlin-2022-09-16-aliyev.txt"


@pytest.fixture
def editor_page(live_server, new_page, django_user_model):
    """Open pages logged in as an editor: `editor_page(viewport)`."""
    django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True, is_superuser=True
    )

    def open_page(viewport=DESKTOP):
        page = new_page(viewport)
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("a-long-editor-password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name="Parley editors")).to_be_visible()
        return page

    return open_page


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_upload_preview_take_the_suggestion_and_publish_without_choosing_the_file_again(
    live_server, editor_page, screenshot, tmp_path
):
    from meetings.models import Meeting
    from tests.factories import PersonFactory

    suggested = PersonFactory(name="Ilham Aliev", country="TR")
    page = editor_page(DESKTOP)
    page.goto(live_server.url + "/admin/meetings/meeting/import/")
    page.get_by_label("…or upload a file").set_input_files(str(SEED))
    page.get_by_role("button", name="Preview", exact=True).click()

    expect(page.get_by_role("heading", name="Preview — check it, then save")).to_be_visible()
    expect(page.locator(".import-kept")).to_contain_text("kremlin-2022-09-16-aliyev.txt")
    aliyev = page.get_by_role("row", name=re.compile("^Ilham Aliyev"))
    expect(aliyev).to_contain_text("“Ilham Aliyev” will be created as a new person.")
    assert scroll_width(page) <= DESKTOP["width"]
    screenshot(page, "admin-import-preview-desktop")

    aliyev.get_by_role("button", name="Use Ilham Aliev for Ilham Aliyev").click()
    aliyev = page.get_by_role("row", name=re.compile("^Ilham Aliyev"))
    expect(aliyev).to_contain_text("Will be recorded as Ilham Aliev, already in the archive.")
    expect(aliyev.get_by_role("combobox")).to_have_value(str(suggested.pk))
    assert Meeting.objects.count() == 0

    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(page.url)  # a GET: the empty form at phone width
    assert scroll_width(phone) <= PHONE["width"]
    phone.close()

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Imported")
    meeting = Meeting.objects.get()
    assert meeting.status == "published"
    assert meeting.turns.get(sequence=2).speaker == suggested


def test_preview_at_phone_width_and_enter_never_publishes(live_server, editor_page, screenshot):
    from meetings.models import Meeting

    page = editor_page(PHONE)
    page.goto(live_server.url + "/admin/meetings/meeting/import/")
    page.get_by_label("Paste the transcript").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_label("Place").fill("Samarkand")
    page.get_by_label("Place").press("Enter")
    expect(page.get_by_role("heading", name="Preview — check it, then save")).to_be_visible()
    page.get_by_label("Place").press("Enter")  # again, with Publish on the page
    expect(page.get_by_role("heading", name="Preview — check it, then save")).to_be_visible()
    assert Meeting.objects.count() == 0
    assert scroll_width(page) <= PHONE["width"]
    screenshot(page, "admin-import-preview-phone")


def test_a_paste_over_the_limit_gets_a_message_in_the_browser(live_server, editor_page, settings):
    from meetings.models import Meeting

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    page = editor_page(DESKTOP)
    page.goto(live_server.url + "/admin/meetings/meeting/import/")
    page.get_by_label("Paste the transcript").fill(SEED.read_text(encoding="utf-8") * 8)
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The pasted text is larger than 19.5\xa0KB, the most a paste can hold."
    )
    expect(page.get_by_label("…or upload a file")).to_be_visible()
    assert Meeting.objects.count() == 0


def test_the_meeting_change_page_does_not_scroll_sideways(
    live_server, editor_page, screenshot, showcase
):
    url = f"{live_server.url}/admin/meetings/meeting/{showcase['samarkand'].pk}/change/"
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = editor_page(viewport)
        page.goto(url)
        expect(page.get_by_role("heading", name="Participations")).to_be_visible()
        assert scroll_width(page) <= viewport["width"], name
        screenshot(page, f"admin-meeting-change-{name}")
