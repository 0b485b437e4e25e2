"""Alerts and what was sent for them (imported by meetings/models.py)."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Alert(models.Model):
    """An address that asked to be told of new statements matching a search.

    `watermark` is the highest turn id already considered for it: turns with a larger id are
    new. It starts at the archive's highest turn when the address confirms, so that nothing
    said before is sent.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    email = models.EmailField(db_index=True)
    query = models.CharField(max_length=500, blank=True)
    speakers = models.JSONField(default=list, blank=True)  # slugs
    country = models.CharField(max_length=2, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # The secret of its manage and unsubscribe links, which only its mail carries.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    watermark = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email", "created_at"]
        indexes = [models.Index(fields=["confirmed_at", "last_run_at"], name="alert_due")]

    def __str__(self):
        return f"{self.email}: {self.description}"

    @property
    def follows(self) -> str:
        """`matching “sanctions” by Vladimir Putin`: what the alert follows, in words."""
        from ..models import Meeting, Person, country_name

        parts = [f"matching “{self.query}”"] if self.query else []
        if self.speakers:
            names = dict(Person.objects.filter(slug__in=self.speakers).values_list("slug", "name"))
            parts.append("by " + " or ".join(names.get(slug, slug) for slug in self.speakers))
        if self.country:
            parts.append(f"from {country_name(self.country) or self.country}")
        if self.kind:
            parts.append(f"in {Meeting.Kind(self.kind).label.lower()}s")
        return " ".join(parts)

    @property
    def description(self) -> str:
        """`new statements matching “sanctions” by Vladimir Putin`."""
        return f"new statements {self.follows}".strip()

    def get_manage_url(self) -> str:
        return reverse("alerts:manage", args=[self.token])

    def get_unsubscribe_url(self) -> str:
        return reverse("alerts:unsubscribe", args=[self.token])


class AlertDigest(models.Model):
    """One mail for one alert: written with its statements in one transaction, then sent."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="digests")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["sent_at"], name="alert_digest_unsent")]

    def __str__(self):
        return f"Digest {self.pk} for alert {self.alert_id}"


class AlertDelivery(models.Model):
    """A statement an alert's digest carried: the record that it is never sent again."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    digest = models.ForeignKey(AlertDigest, on_delete=models.CASCADE, related_name="deliveries")
    turn = models.ForeignKey("meetings.Turn", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "turn"], name="alert_delivery_once"),
        ]

    def __str__(self):
        return f"Turn {self.turn_id} to alert {self.alert_id}"
