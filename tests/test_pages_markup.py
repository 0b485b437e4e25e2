"""Every public page: no inline script or style (for a strict CSP), sound heading order."""

from collections import Counter
from html.parser import HTMLParser

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


class Outline(HTMLParser):
    """Collect what the checks need: headings, ids, style attributes, script/style tags."""

    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.inline_styles, self.scripts = [], [], [], []
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        # Inline code only: a script from the site (src), inert JSON data or a JSON-LD data
        # block is allowed; the CSP has nothing to allow for them.
        inert = attrs.get("src") or attrs.get("type") in ("application/json", "application/ld+json")
        if tag == "style" or (tag == "script" and not inert):
            self.scripts.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "style" in attrs:
            self.inline_styles.append(tag)
        self.handlers += [name for name in attrs if name.startswith("on")]


def outline(response):
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def pages(build_archive):
    meetings = build_archive(meetings=6, turns=6)
    d = meetings[2].date
    return {
        "/": 200,
        "/meetings/": 200,
        f"/meetings/{d:%Y}/": 200,
        f"/meetings/{d:%Y}/{d:%m}/": 200,
        f"/meetings/{d:%Y}/{d:%m}/{d:%d}/": 200,
        meetings[2].get_absolute_url(): 200,
        "/leaders/": 200,
        "/leaders/vladimir-putin/": 200,
        "/leaders/vladimir-putin/with/ilham-aliyev/": 200,
        "/countries/": 200,
        "/countries/ru/": 200,
        "/network/": 200,
        "/trends/?q=statement&q=paragraph": 200,
        "/alerts/new/?q=statement": 200,
        "/data/": 200,
        "/no-such-page/": 404,
    }


def test_pages_have_no_inline_script_or_style(client, pages):
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        page = outline(response)
        assert page.scripts == [], url
        assert page.inline_styles == [], url
        assert page.handlers == [], url


def test_pages_have_one_h1_headings_in_order_and_unique_ids(client, pages):
    for url in pages:
        page = outline(client.get(url))
        assert page.headings[0] == 1 and page.headings.count(1) == 1, url
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} is followed by h{after}"
        duplicates = [name for name, n in Counter(page.ids).items() if n > 1]
        assert duplicates == [], url


def test_pages_have_a_skip_link_to_main(client, pages):
    for url in pages:
        text = client.get(url).content.decode()
        assert '<a class="skip-link" href="#content">Skip to content</a>' in text, url
        assert '<main id="content"' in text, url
        assert '<html lang="en">' in text, url
