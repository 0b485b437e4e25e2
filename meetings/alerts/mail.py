"""The alerts' messages: the confirmation, the digest, and their one-click unsubscribe.

Every message carries the alert's manage and unsubscribe links, and the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 2369, RFC 8058) so that mail programs offer a button.
Links are absolute (SITE_URL): a mail has no request to build them from.
"""

from html import unescape
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from ..search.highlight import snippet
from ..search.query import parse_query
from .models import Alert, AlertDigest

CONFIRM_SALT = "parley.alerts.confirm"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def confirmation_token(alert: Alert) -> str:
    return signing.dumps(alert.pk, salt=CONFIRM_SALT)


def confirmed_alert_id(token: str) -> int | None:
    """The alert a confirmation link names, if the link is genuine and not expired."""
    try:
        return int(
            signing.loads(token, salt=CONFIRM_SALT, max_age=settings.ALERT_CONFIRM_DAYS * 24 * 3600)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _headers(alert: Alert) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{absolute(alert.get_unsubscribe_url())}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _links(alert: Alert) -> dict[str, str]:
    return {
        "manage_url": absolute(alert.get_manage_url()),
        "unsubscribe_url": absolute(alert.get_unsubscribe_url()),
    }


def confirmation_message(alert: Alert, *, already: bool = False, connection=None) -> EmailMessage:
    """The double opt-in: a signed link that expires, or, if confirmed, where to manage it."""
    context = {
        "alert": alert,
        "already": already,
        "days": settings.ALERT_CONFIRM_DAYS,
        "confirm_url": absolute(reverse("alerts:confirm", args=[confirmation_token(alert)])),
        **_links(alert),
    }
    return EmailMessage(
        subject=("Your Parley alert" if already else "Confirm your Parley alert")
        + f": {alert.description}",
        body=render_to_string("alerts/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[alert.email],
        headers=_headers(alert),
        connection=connection,
    )


def digest_message(digest: AlertDigest, turns: list, *, connection=None) -> EmailMessage:
    """New statements for one alert, grouped by meeting, each with its permalink."""
    alert = digest.alert
    terms = parse_query(alert.query).highlight_terms()
    meetings = []
    for meeting, its_turns in groupby(turns, key=lambda turn: turn.meeting):
        meetings.append(
            {
                "meeting": meeting,
                "url": absolute(meeting.get_absolute_url()),
                "statements": [
                    {
                        "speaker": turn.speaker.name if turn.speaker else turn.label,
                        "url": absolute(turn.get_absolute_url()),
                        "marked": marked,  # escaped, the searched words in <mark>
                        "snippet": unescape(strip_tags(marked)),
                    }
                    for turn in its_turns
                    for marked in [snippet(turn.text, terms)]
                ],
            }
        )
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    headers = _headers(alert)
    # The same digest keeps its Message-ID if it is ever sent again.
    headers["Message-ID"] = f"<alert-digest-{digest.pk}-{alert.pk}@{host}>"
    count = len(turns)
    context = {"alert": alert, "meetings": meetings, "count": count, **_links(alert)}
    message = EmailMultiAlternatives(
        subject=f"{count} new statement{'s' if count != 1 else ''} {alert.follows}",
        body=render_to_string("alerts/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[alert.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string("alerts/email/digest.html", context), "text/html")
    return message
