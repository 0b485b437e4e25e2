"""The editors' admin works in a real browser under the site's strict Content-Security-Policy.

Every page an editor uses is opened (and its scripts exercised: inline rows, the calendar,
the select-all box) while the browser reports each CSP violation; there must be none. The
lockout page after too many failed logins is looked at too.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-editor-password"
# Injected by the browser driver (which CSP does not restrict), before any page script.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`
));
"""


@pytest.fixture
def editor_page(live_server, new_page, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )
    page = recording(new_page(DESKTOP))
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="The archive")).to_be_visible()
    return page


def recording(page):
    """Record the page's CSP violations: its own events, and the console's refusals."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    return page


def violations(page) -> list[str]:
    reported = page.evaluate("window.__violations")
    refused = [text for text in page.console if "Content Security Policy" in text]
    return reported + refused


def test_the_admin_runs_under_the_policy_without_a_violation(
    editor_page, live_server, showcase, screenshot
):
    page, base = editor_page, live_server.url
    samarkand = showcase["samarkand"]
    seen = {}

    def visit(path, name):
        page.goto(base + path)
        expect(page.locator("#content")).to_be_visible()
        seen[path] = violations(page)
        screenshot(page, f"admin-{name}")

    visit("/admin/", "index")
    visit("/admin/meetings/meeting/", "meetings")
    page.locator("#action-toggle").check()  # actions.js
    expect(page.locator(".action-counter")).to_contain_text("selected")
    seen["select all"] = violations(page)

    visit(f"/admin/meetings/meeting/{samarkand.pk}/change/", "meeting-change")
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()  # calendar.js
    add_row = page.get_by_role("link", name=re.compile("Add another"))
    if add_row.count():
        add_row.first.click()  # inlines.js
    seen["meeting scripts"] = violations(page)

    visit("/admin/meetings/meeting/add/", "meeting-add")
    visit("/admin/meetings/meeting/import/", "import")
    visit("/admin/meetings/person/", "people")
    visit(f"/admin/meetings/person/{showcase['aliyev'].pk}/change/", "person-change")
    visit("/admin/axes/accessattempt/", "access-attempts")
    visit("/admin/auth/user/", "users")

    assert seen == {key: [] for key in seen}


def test_the_lockout_page_says_why_and_for_how_long(
    live_server, new_page, screenshot, db, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page = recording(new_page(DESKTOP))
    for attempt in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill(f"guess-{attempt}")
        page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("refused for 15 minutes")
    screenshot(page, "admin-locked-out")
    assert violations(page) == []
