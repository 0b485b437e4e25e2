"""The alert pages: subscribe, confirm, manage, unsubscribe. None is cached or indexed.

Subscribing answers the same page whatever the address (new, pending, confirmed, or past its
limit), so the form tells nobody who is subscribed; only the mailbox learns more.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..ratelimit import rate_limited
from . import mail, services
from .forms import AlertForm
from .models import Alert


@never_cache
@require_GET
def new(request):
    """The form, filled from the search or leader page that links here."""
    params = request.GET
    form = AlertForm(
        initial={
            "q": params.get("q", "")[:500],
            "speaker": params.getlist("speaker")[:5],
            "country": params.get("country", "")[:2],
            "kind": params.get("kind", "")[:20],
            "frequency": Alert.Frequency.DAILY,
        }
    )
    return render(request, "alerts/new.html", {"form": form})


@never_cache
@require_POST
@rate_limited("alerts", rate_setting="ALERT_RATE")
def subscribe(request):
    form = AlertForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/new.html", {"form": form}, status=400)
    data = form.cleaned_data
    services.alert_subscribe(
        request=request,
        email=data["email"],
        frequency=data["frequency"],
        query=data["q"],
        speakers=data["speaker"],
        country=data["country"],
        kind=data["kind"],
    )
    return redirect("alerts:sent")


@never_cache
def sent(request):
    return render(request, "alerts/sent.html")


@never_cache
def confirm(request, token: str):
    alert_id = mail.confirmed_alert_id(token)
    alert = services.alert_confirm(alert_id) if alert_id is not None else None
    return render(request, "alerts/confirmed.html", {"alert": alert}, status=200 if alert else 404)


@never_cache
def manage(request, token: str):
    alert = get_object_or_404(Alert, token=token)
    alerts = Alert.objects.filter(email__iexact=alert.email, confirmed_at__isnull=False)
    return render(request, "alerts/manage.html", {"alert": alert, "alerts": alerts})


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST here with no form of ours; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "POST":
        gone = services.alert_unsubscribe(token)
        return render(request, "alerts/unsubscribed.html", {"gone": gone})
    alert = Alert.objects.filter(token=token).first()
    return render(
        request, "alerts/unsubscribe.html", {"alert": alert}, status=200 if alert else 404
    )
