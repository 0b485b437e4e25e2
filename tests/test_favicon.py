"""Parley's icon: linked from every public and admin page, and served by whitenoise."""

import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON_LINKS = [
    '<link rel="icon" href="/static/favicon.ico" sizes="48x48">',
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
    '<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">',
]


@pytest.mark.usefixtures("plain_static")
def test_public_and_admin_pages_link_the_icons(client, staff_client, samarkand):
    for url in ("/", samarkand.get_absolute_url(), "/about/", "/nothing/"):
        text = client.get(url).text
        assert all(link in text for link in ICON_LINKS), url
    for name in ("admin:index", "admin:meetings_meeting_changelist"):
        text = staff_client.get(reverse(name)).text
        assert all(link in text for link in ICON_LINKS), name
    login = Client().get(reverse("admin:login")).text
    assert ICON_LINKS[1] in login


def test_the_icon_files_are_what_the_links_say():
    svg = Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'viewBox="0 0 64 64"' in svg
    with open(finders.find("favicon.ico"), "rb") as ico:
        data = ico.read()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for n in range(count):
        width, height, *_, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * n)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append((width, height))
    assert sizes == [(16, 16), (32, 32), (48, 48)]
    with open(finders.find("apple-touch-icon.png"), "rb") as png:
        header = png.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (180, 180)


def test_whitenoise_serves_the_linked_icons_after_collectstatic(settings, tmp_path):
    # As in production: hashed names from the manifest, files served by whitenoise.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()  # a fresh handler: whitenoise reads STATIC_ROOT when it starts
    page = client.get("/about/").text
    served = {}
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page):
        assert re.search(r"\.[0-9a-f]{12}\.(ico|svg|png)$", href), href
        response = client.get(href)
        assert response.status_code == 200, href
        served[href.rsplit(".", 1)[1]] = response["Content-Type"]
    assert served == {"ico": "image/x-icon", "svg": "image/svg+xml", "png": "image/png"}
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 302
    assert re.fullmatch(r"/static/favicon\.[0-9a-f]{12}\.ico", redirect["Location"])
