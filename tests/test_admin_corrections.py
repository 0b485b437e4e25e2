"""Editors' changes in the admin: recorded, shown to readers, revertable, never lost."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import HistoricalTurn, Meeting, MeetingChange, RemovedTurn, Turn
from tests.factories import MeetingFactory, TurnFactory
from tests.test_admin import _turn_formset_data

pytestmark = pytest.mark.django_db


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


@pytest.fixture
def editors(django_user_model):
    """Two logged-in editors, each with a browser of their own."""
    clients = []
    for name in ("editor-ines", "editor-omar"):
        user = django_user_model.objects.create_user(
            username=name, password=f"{name}-long-password", is_staff=True, is_superuser=True
        )
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def loaded_form(client, meeting) -> dict:
    """What the change form holds when an editor opens it: the formset data, lock included."""
    meeting.refresh_from_db()
    response = client.get(change_url(meeting))
    assert response.status_code == 200
    lock = response.context["adminform"].form["last_change"].value()
    rows = [(t.pk, t.position, t.text) for t in meeting.turns.order_by("position")]
    return {**_turn_formset_data(meeting, rows), "last_change": lock}


def with_turn_text(data, index, text):
    return {**data, f"turns-{index}-text": text}


def test_a_stale_save_is_refused_and_says_what_changed(editors, samarkand):
    ines, omar = editors
    first, second = loaded_form(ines, samarkand), loaded_form(omar, samarkand)

    saved = ines.post(
        change_url(samarkand),
        with_turn_text(
            {**first, "title": "Talks with Ilham Aliyev in Samarkand"},
            1,
            "The ceasefire holds.\n\nThe tripartite commission works.",
        ),
    )
    assert saved.status_code == 302

    refused = omar.post(change_url(samarkand), {**second, "place": "Tashkent"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Not saved: this meeting was changed after you opened it" in html
    assert "editor-ines" in html and "title" in html and "statement 2 edited" in html

    samarkand.refresh_from_db()
    assert (samarkand.title, samarkand.place) == (
        "Talks with Ilham Aliyev in Samarkand",
        "Samarkand",
    )
    assert samarkand.turns.get(sequence=2).text.startswith("The ceasefire holds.")
    assert MeetingChange.objects.filter(meeting=samarkand).count() == 1


def test_a_save_with_a_fresh_form_goes_through_after_another_one(editors, samarkand):
    ines, omar = editors
    ines.post(change_url(samarkand), {**loaded_form(ines, samarkand), "place": "Tashkent"})
    assert (
        omar.post(
            change_url(samarkand), {**loaded_form(omar, samarkand), "title": "Renamed"}
        ).status_code
        == 302
    )
    samarkand.refresh_from_db()
    assert (samarkand.title, samarkand.place) == ("Renamed", "Tashkent")


def test_a_correction_is_listed_on_the_meeting_page_without_the_editors_name(
    editors, samarkand, client
):
    ines, _ = editors
    data = with_turn_text(loaded_form(ines, samarkand), 2, "Thank you very much indeed.")
    ines.post(change_url(samarkand), {**data, "place": "Samarkand, Uzbekistan"})
    page = client.get(samarkand.get_absolute_url()).content.decode()
    assert "Corrected on" in page
    assert re.search(r"place; statement 3 edited\.", page)
    assert "editor-ines" not in page
    assert "Thank you very much indeed." in page


def test_editing_a_draft_is_recorded_but_is_not_a_correction(staff_client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    TurnFactory(meeting=meeting, sequence=1, text="First.")
    staff_client.post(change_url(meeting), {**loaded_form(staff_client, meeting), "place": "Oslo"})
    change = MeetingChange.objects.get()
    assert (change.summary, change.public) == ({"fields": ["place"]}, False)


def test_history_shows_who_changed_what_before_and_after(editors, samarkand):
    ines, _ = editors
    data = with_turn_text(loaded_form(ines, samarkand), 0, "Mr Aliyev, welcome.")
    ines.post(change_url(samarkand), {**data, "title": "Renamed talks"})
    history = ines.get(reverse("admin:meetings_meeting_history", args=[samarkand.pk]))
    html = history.content.decode()
    assert "editor-ines" in html and "title; statement 1 edited" in html
    change = MeetingChange.objects.get()
    detail = ines.get(
        reverse("admin:meetings_meeting_change_detail", args=[samarkand.pk, change.pk])
    ).content.decode()
    assert "Meeting with President of Azerbaijan Ilham Aliyev" in detail  # before
    assert "Renamed talks" in detail  # after
    assert "Mr Aliyev, I am very happy to see you." in detail
    assert "Mr Aliyev, welcome." in detail
    assert "Revert this change" in detail


def test_reverting_a_change_restores_its_fields_and_turns_and_keeps_later_ones(editors, samarkand):
    ines, omar = editors
    data = with_turn_text(loaded_form(ines, samarkand), 0, "Mr Aliyev, welcome.")
    ines.post(change_url(samarkand), {**data, "title": "Renamed talks"})
    omar.post(change_url(samarkand), {**loaded_form(omar, samarkand), "place": "Tashkent"})
    first = MeetingChange.objects.earliest("id")

    url = reverse("admin:meetings_meeting_change_detail", args=[samarkand.pk, first.pk])
    response = omar.post(url)
    assert response.status_code == 302

    samarkand.refresh_from_db()
    assert samarkand.title == "Meeting with President of Azerbaijan Ilham Aliyev"
    assert samarkand.place == "Tashkent"  # the later change stays
    assert samarkand.turns.get(sequence=1).text == "Mr Aliyev, I am very happy to see you."
    revert = MeetingChange.objects.latest("id")
    assert (revert.kind, revert.reverts, revert.editor.username) == ("revert", first, "editor-omar")
    assert revert.summary == {"fields": ["title"], "edited": [1]}


def test_a_deleted_turn_leaves_a_note_its_number_is_not_reused_and_a_revert_brings_it_back(
    staff_client, samarkand, client
):
    rows = [(t.pk, t.position, t.text) for t in samarkand.turns.order_by("position")]
    rows[2] = (*rows[2], "delete")
    data = _turn_formset_data(samarkand, rows)
    assert staff_client.post(change_url(samarkand), data).status_code == 302
    assert list(RemovedTurn.objects.values_list("number", "follows")) == [(3, 2)]
    page = client.get(samarkand.get_absolute_url()).content.decode()
    assert re.search(r'id="t3"[^>]*>\s*<p>.*This statement was removed in a correction', page)

    rows = [(t.pk, t.position, t.text) for t in samarkand.turns.order_by("position")]
    data = _turn_formset_data(samarkand, rows + [(None, "", "A new last word.")])
    staff_client.post(change_url(samarkand), data)
    assert samarkand.turns.get(text="A new last word.").sequence == 4

    deletion = MeetingChange.objects.earliest("id")
    staff_client.post(
        reverse("admin:meetings_meeting_change_detail", args=[samarkand.pk, deletion.pk])
    )
    assert list(samarkand.turns.order_by("position").values_list("sequence", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert samarkand.turns.get(sequence=3).text == "Thank you very much."
    assert not RemovedTurn.objects.exists()


# ---- Meetings of any size --------------------------------------------------------------


@pytest.fixture
def huge_meeting(samarkand):
    """The samarkand meeting, then 20,000 turns more."""
    putin = samarkand.participations.first().person
    Turn.objects.bulk_create(
        (
            Turn(
                meeting=samarkand,
                sequence=n,
                speaker=putin if n % 2 else None,
                label="Vladimir Putin" if n % 2 else "Question",
                text=f"Statement number {n} on the agenda.\n\nA second paragraph of it.",
            )
            for n in range(4, 20_004)
        ),
        batch_size=5000,
    )
    return samarkand


def test_a_20000_turn_meeting_has_a_bounded_change_page_and_is_edited_turn_by_turn(
    staff_client, huge_meeting, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = staff_client.get(change_url(huge_meeting))
    assert response.status_code == 200
    assert len(response.content) < 150_000
    html = response.content.decode()
    assert "20003 statements" in html and "Too many to edit on this page" in html
    assert "turns-TOTAL_FORMS" not in html
    listing = reverse("admin:meetings_turn_changelist")
    assert f'href="{listing}?meeting={huge_meeting.pk}"' in html

    # Its statements are edited one by one, from a list that pages and searches them.
    with django_assert_max_num_queries(20):
        page = staff_client.get(listing, {"meeting": huge_meeting.pk, "q": "number 12345 "})
    assert page.status_code == 200
    assert "Statement number 12345 on the agenda." in page.content.decode()

    turn = huge_meeting.turns.get(sequence=12345)
    url = reverse("admin:meetings_turn_change", args=[turn.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        "place": turn.position,
        "speaker": turn.speaker_id or "",
        "label": turn.label,
        "marker": "",
        "text": "Statement number 12345, corrected.",
        "loaded": form["loaded"].value(),
    }
    assert staff_client.post(url, data).status_code == 302
    assert huge_meeting.turns.get(sequence=12345).text == "Statement number 12345, corrected."
    change = MeetingChange.objects.get()
    assert (change.summary, change.public) == ({"edited": [12345]}, True)
    assert HistoricalTurn.objects.filter(change=change).count() == 1
    # The same stale form a second time is refused.
    again = staff_client.post(url, {**data, "text": "Another version."})
    assert again.status_code == 200
    assert "changed or removed after you opened it" in again.content.decode()


def test_a_turn_added_in_its_own_form_takes_a_place_and_a_fresh_number(staff_client, samarkand):
    url = reverse("admin:meetings_turn_add")
    response = staff_client.post(
        url,
        {
            "meeting": samarkand.pk,
            "place": 2,
            "speaker": "",
            "label": "Question",
            "marker": "",
            "text": "And the border?",
        },
    )
    assert response.status_code == 302
    assert list(samarkand.turns.values_list("sequence", "label")) == [
        (1, "President of Russia Vladimir Putin"),
        (4, "Question"),
        (2, "President of Azerbaijan Ilham Aliyev"),
        (3, "Vladimir Putin"),
    ]


def test_a_meeting_of_180_turns_saves_from_its_change_page(staff_client):
    meeting = MeetingFactory()
    Turn.objects.bulk_create(
        Turn(meeting=meeting, sequence=n, label="Question", speaker=None, text=f"Question {n}?")
        for n in range(1, 181)
    )
    data = loaded_form(staff_client, meeting)
    data = with_turn_text(data, 179, "The last question, corrected?")
    response = staff_client.post(change_url(meeting), data)
    assert response.status_code == 302
    assert meeting.turns.get(sequence=180).text == "The last question, corrected?"


def test_a_meeting_added_with_its_statements_is_not_a_correction(staff_client, samarkand):
    data = _turn_formset_data(samarkand, [(None, "", "Opening words."), (None, "", "Reply.")])
    data.update(title="New talks", slug="new-talks", last_change="")
    data.update({"turns-0-meeting": "", "turns-1-meeting": ""})
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="new-talks")
    assert list(meeting.turns.values_list("sequence", "position", "text")) == [
        (1, 1, "Opening words."),
        (2, 2, "Reply."),
    ]
    assert not MeetingChange.objects.exists()


def test_deleting_a_meeting_deletes_its_statements_and_leaves_the_search_index(
    staff_client, indexed_samarkand, on_commit
):
    from haystack.query import SearchQuerySet

    url = reverse("admin:meetings_meeting_delete", args=[indexed_samarkand.pk])
    with on_commit():
        assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.exists() and not Turn.objects.exists()
    assert SearchQuerySet().filter(content="ceasefire").count() == 0
