"""A meeting's language: a BCP 47 tag, checked when saved and named for readers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.languages import language_name, validate_language_tag
from tests.test_admin import _turn_formset_data


@pytest.mark.parametrize("tag", ["en", "ru", "az", "zh-Hant", "sr-Latn-RS", "en-GB", "und"])
def test_standard_tags_are_accepted(tag):
    validate_language_tag(tag)


@pytest.mark.parametrize(
    "tag, message",
    [
        ("english", "“english” is not a BCP 47 language tag"),
        ("xx", "“xx” is not a BCP 47 language tag"),
        ("", "is not a BCP 47 language tag"),
        ("en_GB", "Write the language tag “en_GB” as “en-GB”."),
        ("RU", "Write the language tag “RU” as “ru”."),
        ("iw", "Write the language tag “iw” as “he”."),
    ],
)
def test_other_spellings_are_refused_with_the_standard_one(tag, message):
    with pytest.raises(ValidationError) as refused:
        validate_language_tag(tag)
    assert message in refused.value.messages[0]


def test_languages_are_named_for_readers():
    assert language_name("en") == "English"
    assert language_name("ru") == "Russian"
    assert language_name("el") == "Modern Greek"  # ISO 639 adds "(1453-)"
    assert language_name("zh-Hant") == "Chinese (zh-Hant)"
    assert language_name("qaa") == "qaa"  # private use: no name to give


@pytest.mark.django_db
def test_editors_set_the_language_in_the_admin_and_bad_tags_are_refused(staff_client, samarkand):
    url = reverse("admin:meetings_meeting_change", args=[samarkand.pk])
    page = staff_client.get(url)
    assert 'name="language"' in page.text

    refused = staff_client.post(url, {**_turn_formset_data(samarkand, []), "language": "en_GB"})
    assert refused.status_code == 200
    assert "Write the language tag “en_GB” as “en-GB”." in refused.text
    samarkand.refresh_from_db()
    assert samarkand.language == "en"

    saved = staff_client.post(url, {**_turn_formset_data(samarkand, []), "language": "ru"})
    assert saved.status_code == 302
    samarkand.refresh_from_db()
    assert samarkand.language == "ru"
