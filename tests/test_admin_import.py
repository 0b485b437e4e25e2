"""The admin's Import transcript page: paste, preview, fix speakers, save."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
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


# ---- What the preview promises, and one click to the suggestion ---------------------


def test_the_preview_says_in_the_future_tense_what_saving_will_do(staff_client):
    PersonFactory(name="Vladimir Putin", country="RU")
    PersonFactory(name="Ilham Aliev", country="AZ")  # the seed spells it Aliyev
    text = SEED.read_text(encoding="utf-8").replace("Vladimir Putin", "Ivo Novak")
    preview = staff_client.post(URL, {"text": text, "action": "preview"})
    on_saving = [row["on_saving"] for row in preview.context["preview"]["speakers"]]
    assert on_saving == [
        "“Ivo Novak” will be created as a new person.",
        "Will be recorded as Ilham Aliev, already in the archive. "
        "“Ilham Aliyev” will be kept as an alias.",
    ]
    html = preview.content.decode()
    assert "the spelling will be kept as an alias" in html
    assert "Saving will add a new meeting to the archive" in html
    assert " created as a new person for" not in html and " is kept as an alias" not in html


def test_the_suggested_person_is_one_click_away(staff_client):
    aliyev = PersonFactory(name="Ilham Aliev", country="TR")  # a near spelling, another country
    text = SEED.read_text(encoding="utf-8")
    field = speaker_field_name("Ilham Aliyev")
    preview = staff_client.post(URL, {"text": text, "action": "preview"})
    button = (
        f'<button type="submit" class="button import-accept" name="accept_suggestion" '
        f'value="{field}={aliyev.pk}">Use Ilham Aliev'
    )
    assert button in preview.content.decode()
    row = preview.context["preview"]["speakers"][1]
    assert row["on_saving"] == "“Ilham Aliyev” will be created as a new person."

    # The click previews again with the suggestion chosen; nothing is saved yet.
    posted = {
        "text": text,
        "speaker_names": ["Vladimir Putin", "Ilham Aliyev"],
        speaker_field_name("Vladimir Putin"): "new",
        field: "new",
    }
    accepted = staff_client.post(URL, {**posted, "accept_suggestion": f"{field}={aliyev.pk}"})
    assert Meeting.objects.count() == 0
    row = accepted.context["preview"]["speakers"][1]
    assert row["field"].value() == str(aliyev.pk)
    assert row["on_saving"].startswith("Will be recorded as Ilham Aliev")
    assert "accept_suggestion" not in accepted.content.decode()

    staff_client.post(URL, {**posted, field: str(aliyev.pk), "action": "publish"})
    assert Meeting.objects.get().turns.get(sequence=2).speaker == aliyev


def test_publish_is_the_primary_button_and_enter_only_previews(staff_client):
    html = staff_client.post(URL, {"text": SECOND, "action": "preview"}).content.decode()
    form = html.split('enctype="multipart/form-data"', 1)[1]
    buttons = re.findall(r'<button type="submit"([^>]*)>([^<]*)<', form)
    # The first submit button is the one Enter presses: it must only preview.
    assert 'value="preview"' in buttons[0][0] and 'class="visually-hidden"' in buttons[0][0]
    actions = {label: attrs for attrs, label in buttons[1:]}
    assert 'class="button default"' in actions["Publish"]
    assert 'class="button"' in actions["Save as draft"]
    assert 'class="button"' in actions["Preview again"]


# ---- Files survive the preview; pastes over the limit get a message --------------------


def test_an_uploaded_file_survives_the_preview(staff_client):
    page = "<!doctype html><html><body><p>" + SECOND.replace("\n\n", "</p><p>") + "</p></html>"
    upload = SimpleUploadedFile("marek.html", page.encode("utf-8"))
    preview = staff_client.post(URL, {"upload": upload, "action": "preview"})
    html = preview.content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)
    assert "Kept from your preview: <strong>marek.html</strong>" in html
    assert "Turns (3)" in html

    # Publishing sends no file, only the token: the meeting keeps the page as uploaded.
    done = staff_client.post(URL, {"upload_token": token, "action": "publish"})
    assert done.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.raw_text == page
    assert meeting.turns.count() == 3


def test_pasted_text_replaces_a_kept_file_and_tokens_are_the_editors_own(
    staff_client, django_user_model, client
):
    upload = SimpleUploadedFile("marek.txt", SECOND.encode("utf-8"))
    preview = staff_client.post(URL, {"upload": upload, "action": "preview"})
    token = preview.context["form"].kept_upload.token

    other = django_user_model.objects.create_user(
        username="other", password="another-long-password", is_staff=True, is_superuser=True
    )
    client.force_login(other)
    stolen = client.post(URL, {"upload_token": token, "action": "publish"})
    assert "no longer kept" in stolen.content.decode()
    assert Meeting.objects.count() == 0

    seed = SEED.read_text(encoding="utf-8")
    replaced = staff_client.post(URL, {"upload_token": token, "text": seed, "action": "preview"})
    assert "Turns (3)" in replaced.content.decode()
    assert "Meeting with President of Azerbaijan" in replaced.content.decode()
    assert replaced.context["form"].kept_upload is None
    assert not re.search(r'name="upload_token" value=', replaced.content.decode())


def test_a_paste_over_the_size_limit_gets_a_form_error_not_a_400(settings, django_user_model):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    editor = django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True, is_superuser=True
    )
    browser = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check is on
    browser.force_login(editor)
    page = browser.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    pasted = SECOND * 100  # about 25 KB
    response = browser.post(
        URL, {"csrfmiddlewaretoken": token, "text": pasted, "action": "publish"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The pasted text is larger than 9.8\xa0KB, the most a paste can hold." in html
    assert "choose it under “…or upload a file” instead" in html
    assert Meeting.objects.count() == 0

    # The CSRF check still guards every request that is read.
    assert browser.post(URL, {"text": SECOND, "action": "publish"}).status_code == 403
    fine = browser.post(URL, {"csrfmiddlewaretoken": token, "text": SECOND, "action": "publish"})
    assert fine.status_code == 302 and Meeting.objects.count() == 1


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
