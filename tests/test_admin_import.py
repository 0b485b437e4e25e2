"""The admin's Import transcript page: paste, preview, fix speakers, save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.forms import speaker_field_name
from meetings.models import Meeting, Person
from tests.factories import PersonFactory
from tests.test_import import SECOND, SEED

pytestmark = pytest.mark.django_db
URL = reverse("admin:meetings_meeting_import")


def test_the_page_is_for_staff_only(client):
    assert client.get(URL).status_code == 302


def test_paste_preview_then_publish(staff_client):
    text = SEED.read_text(encoding="utf-8")
    preview = staff_client.post(URL, {"text": text, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    for expected in [
        "Meeting with President of Azerbaijan Ilham Aliyev",
        "Samarkand",
        "President of Azerbaijan",
        "Turns (3)",
        "Publish",
    ]:
        assert expected in html
    assert Meeting.objects.count() == 0  # a preview writes nothing
    done = staff_client.post(URL, {"text": text, "action": "publish"})
    meeting = Meeting.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/{meeting.pk}/change/")
    assert meeting.status == "published" and meeting.turns.count() == 3


def test_save_as_draft_from_an_uploaded_file(staff_client):
    upload = SimpleUploadedFile("marek.txt", SECOND.encode("utf-8"))
    staff_client.post(URL, {"upload": upload, "action": "draft"})
    assert Meeting.objects.get().status == "draft"


def test_errors_point_at_the_line_and_save_nothing(staff_client):
    text = "Some title\n\nMay 5, 2010\n\nJust prose here, nobody speaks.\n"
    response = staff_client.post(URL, {"text": text, "action": "publish"})
    assert response.status_code == 200
    assert "cannot be imported" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_markup_in_the_preview_is_shown_as_text(staff_client):
    response = staff_client.post(URL, {"text": SECOND, "action": "preview"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_editor_reassigns_a_speaker_before_saving(staff_client):
    ivo = PersonFactory(name="Ivo Markovic Marek", country="")
    preview = staff_client.post(URL, {"text": SECOND, "action": "preview"})
    assert speaker_field_name("Ivo Marek") in preview.content.decode()
    staff_client.post(
        URL,
        {
            "text": SECOND,
            "action": "publish",
            "speaker_names": ["Vladimir Putin", "Ivo Marek"],
            speaker_field_name("Vladimir Putin"): "new",
            speaker_field_name("Ivo Marek"): str(ivo.pk),
        },
    )
    meeting = Meeting.objects.get()
    assert meeting.turns.get(sequence=2).speaker == ivo
    assert not Person.objects.filter(name="Ivo Marek").exists()


def test_the_preview_preselects_the_person_already_in_the_archive(staff_client):
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    preview = staff_client.post(URL, {"text": SECOND, "action": "preview"})
    field = preview.context["preview"]["speakers"][0]["field"]
    assert field.value() == str(putin.pk)
    assert f'<option value="{putin.pk}" selected>' in preview.content.decode()
