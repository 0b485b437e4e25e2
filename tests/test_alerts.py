"""E-mail alerts through a real SMTP server (aiosmtpd, in-process): subscribe, confirm,
digest, never twice, resume after a stop, unsubscribe, limits and no enumeration."""

import datetime
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage

from meetings.alerts.models import Alert, AlertDelivery, AlertDigest
from meetings.alerts.sending import alerts_send
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

SITE = "https://parley.example.org"


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message) -> str:
        return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def subject(message) -> str:
    """The subject as a reader sees it (a long one arrives folded onto a second line)."""
    return str(message["Subject"]).strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(settings):
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = SITE
    settings.ALERT_RATE = settings.ALERT_ADDRESS_RATE = None
    yield received
    controller.stop()


def link(body: str, kind: str) -> str:
    """The path of the first link of `kind` (confirm, manage, unsubscribe) in a mail body."""
    found = re.search(rf"{re.escape(SITE)}(/alerts/{kind}/[^\s]+/)", body)
    assert found, body
    return found.group(1)


def subscribe(client, address, **search):
    return client.post("/alerts/subscribe/", {"email": address, "frequency": "daily", **search})


def confirmed(client, inbox, address, **search) -> Alert:
    subscribe(client, address, **search)
    page = client.get(link(Inbox.body(inbox.to(address)[-1]), "confirm"))
    assert "Alert confirmed" in page.content.decode()
    return Alert.objects.get(email=address, query=search.get("q", ""))


def new_meeting(on_commit, *texts, speaker=None, day=datetime.date(2024, 5, 6)):
    with on_commit():
        speaker = speaker or PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
        meeting = MeetingFactory(title="Talks in Ankara", date=day, place="Ankara")
        ParticipationFactory(meeting=meeting, person=speaker)
        turns = [
            TurnFactory(meeting=meeting, sequence=n, speaker=speaker, text=text)
            for n, text in enumerate(texts, start=1)
        ]
    return meeting, turns


@pytest.mark.search_engines
def test_subscribe_confirm_and_get_each_new_statement_once(
    client, inbox, indexed_samarkand, on_commit
):
    answer = subscribe(client, "reader@example.org", q="ceasefire")
    assert answer.status_code == 302 and answer["Location"] == "/alerts/sent/"
    (confirmation,) = inbox.to("reader@example.org")
    assert subject(confirmation) == (
        "Confirm your Parley alert: new statements matching “ceasefire”"
    )
    assert Alert.objects.get().confirmed_at is None
    client.get(link(Inbox.body(confirmation), "confirm"))
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None

    # Nothing said before the confirmation is sent, even though it matches.
    assert alerts_send().sent == []
    meeting, turns = new_meeting(
        on_commit, "The ceasefire must hold.", "Trade is growing.", "A second ceasefire line."
    )
    first = alerts_send()
    second = alerts_send()
    assert len(first.sent) == 1 and second.sent == []
    digests = inbox.messages[1:]
    assert len(digests) == 1
    digest = digests[0]
    assert subject(digest) == "2 new statements matching “ceasefire”"
    body = Inbox.body(digest)
    assert f"== Talks in Ankara (6 May 2024, Ankara)\n{SITE}{meeting.get_absolute_url()}" in body
    permalink = SITE + turns[0].get_absolute_url()
    assert f"Recep Tayyip Erdoğan:\nThe ceasefire must hold.\n{permalink}" in body
    assert "A second ceasefire line." in body and "Trade is growing." not in body
    html = digest.get_body(("html",)).get_content()
    assert "The <mark>ceasefire</mark> must hold." in html
    assert f'<a href="{permalink}">Read the statement</a>' in html
    unsubscribe_path = link(body, "unsubscribe")
    assert digest["List-Unsubscribe"].strip() == f"<{SITE}{unsubscribe_path}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link(body, "manage") == alert.get_manage_url()

    # Even a later run a day on finds nothing new: each statement went once.
    alert.refresh_from_db()
    later = alerts_send(now=alert.last_run_at + datetime.timedelta(days=2))
    assert later.sent == []
    assert AlertDelivery.objects.filter(alert=alert).count() == 2


def test_a_leaders_alert_sends_their_new_statements(client, inbox, indexed_samarkand, on_commit):
    aliyev = indexed_samarkand.participations.get(order=1).person
    confirmed(client, inbox, "follower@example.org", speaker=aliyev.slug)
    new_meeting(on_commit, "Baku welcomes the guests.", speaker=aliyev)
    assert len(alerts_send().sent) == 1
    body = Inbox.body(inbox.to("follower@example.org")[-1])
    assert "1 new statement in Parley by Ilham Aliyev." in body
    assert "Ilham Aliyev:\nBaku welcomes the guests." in body


def test_a_run_stopped_half_way_resumes_without_duplicates_or_losses(
    client, inbox, indexed_samarkand, on_commit, monkeypatch
):
    addresses = ["a@example.org", "b@example.org", "c@example.org"]
    for address in addresses:
        confirmed(client, inbox, address, q="pipeline")
    new_meeting(on_commit, "The pipeline is ready.")
    before = len(inbox.messages)

    # The mail server goes away after the first digest: the run stops with an error.
    real_send, calls = EmailMessage.send, []

    def failing_send(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) > 1:
            raise ConnectionRefusedError("the mail server stopped")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", failing_send)
    with pytest.raises(ConnectionRefusedError):
        alerts_send()
    # And the next run is killed inside an alert's transaction, its digest half-written.
    monkeypatch.setattr(EmailMessage, "send", real_send)
    deliveries = type(AlertDelivery.objects)
    real_bulk_create = deliveries.bulk_create

    def killed(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs and objs[0].alert.email == "c@example.org":
            raise KeyboardInterrupt
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(deliveries, "bulk_create", killed)
    with pytest.raises(KeyboardInterrupt):
        alerts_send()
    monkeypatch.setattr(deliveries, "bulk_create", real_bulk_create)
    assert not AlertDigest.objects.filter(alert__email="c@example.org").exists()
    alerts_send()
    alerts_send()

    digests = inbox.messages[before:]
    assert sorted(m["To"] for m in digests) == addresses  # one each: none lost, none twice
    for message in digests:
        assert "The pipeline is ready." in Inbox.body(message)
    assert not AlertDigest.objects.filter(sent_at__isnull=True).exists()


def test_statements_not_yet_indexed_wait_for_the_next_run(
    client, inbox, indexed_samarkand, on_commit
):
    confirmed(client, inbox, "patient@example.org", q="railway")
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
    meeting = MeetingFactory(date=datetime.date(2024, 6, 1))
    ParticipationFactory(meeting=meeting, person=erdogan)
    # Written without its index work (the worker has not run yet).
    turn = TurnFactory(meeting=meeting, sequence=1, speaker=erdogan, text="A railway, at last.")
    assert alerts_send().sent == []
    assert Alert.objects.get().watermark < turn.pk
    from meetings.search.upkeep.indexing import sync_meetings

    sync_meetings([meeting.pk])
    alert = Alert.objects.get()
    alert.last_run_at = None  # as if a day had passed
    alert.save()
    assert len(alerts_send().sent) == 1
    assert "A railway, at last." in Inbox.body(inbox.messages[-1])


def test_one_click_unsubscribe_by_header_and_by_link(client, inbox, indexed_samarkand):
    alert = confirmed(client, inbox, "leaving@example.org", q="ceasefire")
    path = alert.get_unsubscribe_url()
    page = client.get(path)
    assert "Stop the mail about new statements matching “ceasefire”?" in page.content.decode()
    # What a mail program sends for List-Unsubscribe-Post: no cookie, no CSRF token.
    from django.test import Client

    one_click = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert one_click.status_code == 200
    assert not Alert.objects.filter(email="leaving@example.org").exists()
    assert "Already unsubscribed" in client.get(path).content.decode()


def test_the_manage_page_lists_the_addresses_alerts(client, inbox, indexed_samarkand):
    first = confirmed(client, inbox, "many@example.org", q="ceasefire")
    confirmed(client, inbox, "many@example.org", q="tripartite")
    confirmed(client, inbox, "other@example.org", q="secret")
    page = client.get(first.get_manage_url()).content.decode()
    assert "“ceasefire”" in page and "“tripartite”" in page and "secret" not in page
    assert client.get("/alerts/manage/not-a-token/").status_code == 404


def test_subscribing_says_the_same_whoever_is_subscribed(client, inbox, indexed_samarkand):
    confirmed(client, inbox, "known@example.org", q="ceasefire")
    known = subscribe(client, "known@example.org", q="ceasefire")
    unknown = subscribe(client, "stranger@example.org", q="ceasefire")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # Only the mailbox learns it was subscribed already.
    assert subject(inbox.to("known@example.org")[-1]) == (
        "Your Parley alert: new statements matching “ceasefire”"
    )


def test_an_expired_or_forged_confirmation_link_confirms_nothing(
    client, inbox, settings, indexed_samarkand
):
    subscribe(client, "late@example.org", q="ceasefire")
    path = link(Inbox.body(inbox.messages[-1]), "confirm")
    assert client.get(path.replace("/confirm/", "/confirm/x")).status_code == 404
    settings.ALERT_CONFIRM_DAYS = 0
    import time

    time.sleep(1.1)
    assert client.get(path).status_code == 404
    assert Alert.objects.get().confirmed_at is None
    # send_alerts forgets addresses that never confirmed.
    assert alerts_send().expired == 1
    assert not Alert.objects.exists()


def test_subscriptions_are_limited_per_client_and_per_address(
    client, inbox, settings, indexed_samarkand
):
    settings.ALERT_ADDRESS_RATE = "2/d"
    for _ in range(3):
        assert subscribe(client, "target@example.org", q="ceasefire").status_code == 302
    assert len(inbox.to("target@example.org")) == 2  # the third was not sent, but said alike
    settings.ALERT_RATE = "1/h"
    assert subscribe(client, "x@example.org", q="ceasefire").status_code == 302
    refused = subscribe(client, "y@example.org", q="ceasefire")
    assert refused.status_code == 429 and "Retry-After" in refused


def test_an_alert_needs_a_search_or_a_leader_and_a_real_address(client, inbox, db):
    page = client.post("/alerts/subscribe/", {"email": "x@example.org", "frequency": "daily"})
    assert page.status_code == 400
    assert "An alert follows a search or a leader" in page.content.decode()
    excluding = client.post(
        "/alerts/subscribe/", {"email": "x@example.org", "frequency": "daily", "q": "-sanctions"}
    )
    assert excluding.status_code == 400
    bad = client.post("/alerts/subscribe/", {"email": "nope", "frequency": "daily", "q": "a"})
    assert bad.status_code == 400 and not Alert.objects.exists()
    assert inbox.messages == []


def test_search_and_leader_pages_offer_an_alert(client, indexed_samarkand):
    search = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert '<a href="/alerts/new/?q=ceasefire">E-mail me new statements like these</a>' in search
    leader = client.get("/leaders/ilham-aliyev/").content.decode()
    assert '<a href="/alerts/new/?speaker=ilham-aliyev">' in leader
    form = client.get("/alerts/new/?speaker=ilham-aliyev").content.decode()
    assert "statements by Ilham Aliyev" in form
    assert 'name="speaker" value="ilham-aliyev"' in form


def test_a_malformed_leader_in_an_alert_link_names_no_one(client, indexed_samarkand):
    for speaker in ("\x00", "ilham-aliyev\x00", "<b>x</b>"):
        response = client.get("/alerts/new/", {"speaker": speaker})
        assert response.status_code in (200, 400), speaker
        assert "statements by" not in response.content.decode()
    post = client.post(
        "/alerts/subscribe/", {"email": "x@example.org", "frequency": "daily", "speaker": "\x00"}
    )
    assert post.status_code == 400 and not Alert.objects.exists()


def test_the_workers_task_books_its_next_run_once(settings, db):
    from django_tasks_db.models import DBTaskResult

    from meetings.alerts.tasks import schedule_next

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert schedule_next() is True
    assert schedule_next() is False  # one waiting already: no second chain
    (waiting,) = DBTaskResult.objects.all()
    assert waiting.task_path == "meetings.alerts.tasks.send_alerts"
    assert waiting.run_after > waiting.enqueued_at
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_next() is False  # a queue that cannot wait: use cron
