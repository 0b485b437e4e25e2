import pytest
from django.urls import reverse

from meetings import changes
from meetings.models import Meeting, Participation, Person, Turn
from tests.factories import MeetingFactory, PersonFactory, TurnFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:meetings_meeting_changelist",
    "admin:meetings_meeting_add",
    "admin:meetings_person_changelist",
    "admin:meetings_person_add",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_load_for_staff(staff_client, samarkand, name):
    response = staff_client.get(reverse(name))
    assert response.status_code == 200


def test_meeting_change_page_shows_turns_and_participants(staff_client, samarkand):
    response = staff_client.get(reverse("admin:meetings_meeting_change", args=[samarkand.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The tripartite commission works." in content
    assert "President of Azerbaijan" in content


def test_meeting_changelist_filters_and_search(staff_client, samarkand):
    url = reverse("admin:meetings_meeting_changelist")
    putin = Person.objects.get(slug="vladimir-putin")
    for query in [
        "?status__exact=published",
        "?kind__exact=talks",
        "?year=2022",
        f"?participations__person__id__exact={putin.pk}",
        "?q=tripartite",
        "?date__year=2022",
    ]:
        response = staff_client.get(url + query)
        assert response.status_code == 200, query
        assert samarkand.title in response.content.decode(), query
    assert samarkand.title not in staff_client.get(url + "?year=2019").content.decode()


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_redirects_anonymous_visitors_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_refuses_logged_in_non_staff(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="x-long-password")
    client.force_login(user)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302


def test_person_autocomplete_for_participants(staff_client, samarkand):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ali",
            "app_label": "meetings",
            "model_name": "participation",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Ilham Aliyev"]


def _turn_formset_data(meeting, rows):
    """POST data for the meeting change form with the given (pk, position, text) turn rows."""
    data = {
        "last_change": changes.latest_change_id(meeting.pk),
        "title": meeting.title,
        "slug": meeting.slug,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "kind": meeting.kind,
        "status": meeting.status,
        "summary": meeting.summary,
        "source_name": meeting.source_name,
        "source_url": meeting.source_url,
        "language": meeting.language,
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "turns-TOTAL_FORMS": str(len(rows)),
        "turns-INITIAL_FORMS": str(sum(1 for r in rows if r[0])),
    }
    for i, (pk, position, text, *delete) in enumerate(rows):
        turn = Turn.objects.get(pk=pk) if pk else None
        data.update(
            {
                f"turns-{i}-id": pk or "",
                f"turns-{i}-meeting": meeting.pk,
                f"turns-{i}-position": position,
                f"turns-{i}-speaker": turn.speaker_id if turn and turn.speaker_id else "",
                f"turns-{i}-label": turn.label if turn else "Question",
                f"turns-{i}-marker": "",
                f"turns-{i}-text": text,
            }
        )
        if delete:
            data[f"turns-{i}-DELETE"] = "on"
    return data


def test_editor_can_reorder_turns_by_swapping_places_and_numbers_stay(staff_client):
    meeting = MeetingFactory()
    first = TurnFactory(meeting=meeting, sequence=1, text="First.")
    second = TurnFactory(meeting=meeting, sequence=2, text="Second.")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = _turn_formset_data(meeting, [(first.pk, 2, "First."), (second.pk, 1, "Second.")])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert list(meeting.turns.order_by("position").values_list("sequence", "text")) == [
        (2, "Second."),
        (1, "First."),
    ]


def test_editor_can_add_edit_and_delete_turns(staff_client):
    meeting = MeetingFactory()
    first = TurnFactory(meeting=meeting, sequence=1, text="First.")
    second = TurnFactory(meeting=meeting, sequence=2, text="Second.")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = _turn_formset_data(
        meeting,
        [(first.pk, 1, "First, edited."), (second.pk, 2, "Second.", "delete"), (None, "", "New.")],
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert list(meeting.turns.values_list("sequence", "position", "text")) == [
        (1, 1, "First, edited."),
        (3, 2, "New."),
    ]


def test_a_new_turn_given_a_taken_place_goes_before_the_turn_there(staff_client):
    meeting = MeetingFactory()
    first = TurnFactory(meeting=meeting, sequence=1, text="First.")
    second = TurnFactory(meeting=meeting, sequence=2, text="Second.")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = _turn_formset_data(
        meeting, [(first.pk, 1, "First."), (second.pk, 2, "Second."), (None, 2, "Between.")]
    )
    assert staff_client.post(url, data).status_code == 302
    assert list(meeting.turns.values_list("sequence", "position", "text")) == [
        (1, 1, "First."),
        (3, 2, "Between."),
        (2, 3, "Second."),
    ]


def test_duplicate_turn_places_are_refused_with_a_message(staff_client):
    meeting = MeetingFactory()
    first = TurnFactory(meeting=meeting, sequence=1, text="First.")
    second = TurnFactory(meeting=meeting, sequence=2, text="Second.")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = _turn_formset_data(meeting, [(first.pk, 1, "First."), (second.pk, 1, "Second.")])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "cannot both be at place 1" in response.content.decode()
    assert list(meeting.turns.values_list("sequence", flat=True)) == [1, 2]


def test_publish_and_unpublish_actions(staff_client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    url = reverse("admin:meetings_meeting_changelist")
    staff_client.post(url, {"action": "publish", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    staff_client.post(url, {"action": "unpublish", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_merge_action_asks_which_record_to_keep_then_merges(staff_client, samarkand):
    aliyev = Person.objects.get(slug="ilham-aliyev")
    aliev = PersonFactory(name="Ilham Aliev", country="AZ")
    other = MeetingFactory()
    TurnFactory(meeting=other, sequence=1, speaker=aliev, text="Spelt the other way.")
    url = reverse("admin:meetings_person_changelist")
    selected = {"action": "merge_people", "_selected_action": [aliyev.pk, aliev.pk]}
    confirm = staff_client.post(url, selected)
    assert confirm.status_code == 200
    assert "Keep this record" in confirm.content.decode() or "Merge" in confirm.content.decode()
    done = staff_client.post(url, {**selected, "apply": "Merge", "target": aliyev.pk})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=aliev.pk).exists()
    assert aliyev.turns.count() == 2
    assert list(aliyev.aliases.values_list("name", flat=True)) == ["Ilham Aliev"]
    # Samarkand, and the meeting where the other spelling spoke (and so took part).
    assert set(Participation.objects.filter(person=aliyev).values_list("meeting", flat=True)) == {
        samarkand.pk,
        other.pk,
    }


def test_people_list_counts_each_persons_meetings_drafts_included(staff_client):
    person = PersonFactory(name="Ivo Marek")
    for status in (Meeting.Status.PUBLISHED, Meeting.Status.PUBLISHED, Meeting.Status.DRAFT):
        Participation.objects.create(meeting=MeetingFactory(status=status), person=person)
    response = staff_client.get(reverse("admin:meetings_person_changelist"))
    assert '<td class="field-meeting_count">3</td>' in response.content.decode()
    assert Person.objects.with_meeting_counts().get(pk=person.pk).meeting_count == 2
