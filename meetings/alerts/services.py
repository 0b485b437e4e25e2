"""Subscribing, confirming and unsubscribing: the writes behind the alert pages."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage

from ..models import Turn
from . import mail
from .models import Alert


def address_key(email: str) -> str:
    """How the per-address limit knows an address, without keeping it in the cache."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def address_may_be_mailed(request: HttpRequest, email: str) -> bool:
    """Count a confirmation for this address; False past ALERT_ADDRESS_RATE."""
    rate = settings.ALERT_ADDRESS_RATE
    if rate is None:
        return True
    usage = get_usage(
        request,
        group="alerts-address",
        key=lambda _group, _request: address_key(email),
        rate=rate,
        increment=True,
    )
    return usage is None or not usage["should_limit"]


def alert_subscribe(
    *,
    request: HttpRequest,
    email: str,
    frequency: str,
    query: str = "",
    speakers: list[str] | None = None,
    country: str = "",
    kind: str = "",
) -> None:
    """Ask `email` to confirm an alert; the caller answers the same whatever happens here.

    A new alert waits unconfirmed; one already asked for gets its confirmation again, one
    already confirmed a note saying so. Nothing is sent past the address's limit.
    """
    email = email.strip()
    speakers = sorted(set(speakers or []))
    with transaction.atomic():
        alert = Alert.objects.filter(
            email__iexact=email, query=query, speakers=speakers, country=country, kind=kind
        ).first()
        if alert is None:
            alert = Alert(
                email=email,
                query=query,
                speakers=speakers,
                country=country,
                kind=kind,
                frequency=frequency,
            )
            alert.full_clean()
            alert.save()
        elif alert.confirmed_at is None and alert.frequency != frequency:
            alert.frequency = frequency
            alert.save(update_fields=["frequency"])
    if address_may_be_mailed(request, email):
        mail.confirmation_message(alert, already=alert.confirmed_at is not None).send()


def alert_confirm(alert_id: int) -> Alert | None:
    """Confirm an alert (again: no harm); from now on, new statements are sent."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None or alert.confirmed_at is not None:
            return alert
        alert.confirmed_at = timezone.now()
        alert.watermark = Turn.objects.aggregate(top=Max("pk"))["top"] or 0
        alert.save(update_fields=["confirmed_at", "watermark"])
        return alert


def alert_unsubscribe(token: str) -> bool:
    """Delete the alert with this token; False if there was none (already gone)."""
    deleted, _ = Alert.objects.filter(token=token).delete()
    return bool(deleted)
