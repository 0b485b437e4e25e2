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


NEAR_SPELLING = (
    "Talks with Ilham Aliev\n\nMay 5, 2010, Baku\n\n"
    "{label} Ilham Aliev: Welcome.\n\nPresident of Russia Dmitry Medvedev: Thanks.\n"
)


def _publish_as_previewed(client, text, choose=None):
    """Preview, then press Publish with the speaker selects as the preview set them (or with
    `choose` overriding one); returns the preview's warnings and the messages after saving."""
    preview = client.post(URL, {"text": text, "action": "preview"})
    shown = list(preview.context["preview"]["result"].warnings)
    data = {"text": text, "action": "publish", "speaker_names": []}
    for row in preview.context["preview"]["speakers"]:
        if row["field"] is not None:
            data["speaker_names"].append(row["speaker"].name)
            data[row["field"].name] = row["field"].value()
    data.update(choose or {})
    done = client.post(URL, data, follow=True)
    return shown, [str(m) for m in done.context["messages"]]


def test_a_confirmed_near_spelling_is_kept_as_an_alias(staff_client):
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    shown, saved = _publish_as_previewed(
        staff_client, NEAR_SPELLING.format(label="President of Azerbaijan")
    )
    assert any("kept as an alias" in warning for warning in shown)
    assert list(aliyev.aliases.values_list("name", flat=True)) == ["Ilham Aliev"]
    assert Meeting.objects.get().turns.get(sequence=1).speaker == aliyev
    assert f"{len(shown)} warnings" in saved[0]
    assert saved[1:] == shown


def test_picking_the_suggested_person_keeps_the_spelling_as_an_alias(staff_client):
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    text = NEAR_SPELLING.format(label="")
    shown, saved = _publish_as_previewed(
        staff_client, text, choose={speaker_field_name("Ilham Aliev"): str(aliyev.pk)}
    )
    assert any("looks like Ilham Aliyev" in warning for warning in shown)
    assert list(aliyev.aliases.values_list("name", flat=True)) == ["Ilham Aliev"]
    assert not Person.objects.filter(name="Ilham Aliev").exists()
    assert f"{len(shown)} warnings" in saved[0]


def test_an_import_of_a_meeting_editors_changed_is_refused_with_a_reason(staff_client):
    staff_client.post(URL, {"text": SECOND, "action": "publish"})
    meeting = Meeting.objects.get()
    turn = meeting.turns.get(sequence=1)
    turn.text = "Good afternoon, Mr Marek (corrected)."
    from meetings import services

    services.turn_save(turn=turn)
    corrected = SECOND.replace("Thank you.", "Thank you very much.")
    response = staff_client.post(URL, {"text": corrected, "action": "publish"}, follow=True)
    html = response.content.decode()
    assert "was changed in the admin since its last import" in html
    assert meeting.turns.get(sequence=3).text == "Thank you."
