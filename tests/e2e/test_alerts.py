"""Asking for an e-mail alert in a real browser, from a leader's page, on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leaders_page_leads_to_an_alert_and_a_confirmation_mail(
    live_server, new_page, screenshot, showcase, settings
):
    settings.ALERT_RATE = settings.ALERT_ADDRESS_RATE = None
    page = new_page(PHONE)
    page.goto(live_server.url + "/leaders/ilham-aliyev/")
    page.get_by_role("link", name="E-mail me Ilham Aliyev’s new statements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail me new statements")
    expect(page.locator(".page-intro")).to_contain_text(
        "Get new statements by Ilham Aliyev by e-mail"
    )
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_label("Weekly").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "alert-form-phone")
    page.get_by_role("button", name="Send me the confirmation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "weekly about new statements by Ilham Aliyev." in message.body
    confirm = re.search(r"https?://[^/\s]+(/alerts/confirm/\S+/)", message.body).group(1)
    page.goto(live_server.url + confirm)
    expect(page.get_by_role("heading", level=1)).to_have_text("Alert confirmed")
