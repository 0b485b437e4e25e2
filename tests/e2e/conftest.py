"""Browser tests: Playwright's sync API driving Debian's Chromium against a live server.

Data is created inside each test (live_server needs a transactional database). The
screenshots land in var/screenshots/ for people to look at.
"""

import datetime
import os
from pathlib import Path

import pytest

from tests.e2e.chromium import require_chromium

# Playwright's sync API runs an event loop in the main thread, where the test's ORM
# calls also run; Django would otherwise refuse them as "async-unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    require_chromium(CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages at a given viewport size; `new_page(PHONE)`. All are closed afterwards."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot to var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def showcase(transactional_db, plain_static):
    """A small, realistic archive: the Samarkand meeting (the seed's real text) and others."""
    from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

    people = {
        "putin": PersonFactory(name="Vladimir Putin", country="RU"),
        "aliyev": PersonFactory(name="Ilham Aliyev", country="AZ"),
        "pashinyan": PersonFactory(name="Nikol Pashinyan", country="AM"),
        "erdogan": PersonFactory(name="Recep Tayyip Erdoğan", country="TR"),
        "tokayev": PersonFactory(name="Kassym-Jomart Tokayev", country="KZ"),
    }
    roles = {
        "putin": "President of Russia",
        "aliyev": "President of Azerbaijan",
        "pashinyan": "Prime Minister of Armenia",
        "erdogan": "President of Türkiye",
        "tokayev": "President of Kazakhstan",
    }

    def meeting(date, title, place, keys, kind="talks", summary=""):
        made = MeetingFactory(
            title=title,
            date=date,
            place=place,
            kind=kind,
            summary=summary,
            source_name="Kremlin",
            source_url=f"http://en.kremlin.ru/events/president/news/{date:%Y%m%d}",
        )
        for order, key in enumerate(keys):
            ParticipationFactory(meeting=made, person=people[key], role=roles[key], order=order)
        return made

    d = datetime.date
    samarkand = meeting(
        d(2022, 9, 16),
        "Meeting with President of Azerbaijan Ilham Aliyev",
        "Samarkand",
        ["putin", "aliyev"],
        summary="Talks between Vladimir Putin and President of Azerbaijan Ilham Aliyev took "
        "place on the sidelines of the Shanghai Cooperation Organisation summit.",
    )
    for sequence, (speaker, label, paragraphs) in enumerate(SAMARKAND_TURNS, start=1):
        TurnFactory(
            meeting=samarkand,
            sequence=sequence,
            speaker=people[speaker],
            label=label,
            text="\n\n".join(paragraphs),
        )
    others = [
        (
            d(2021, 1, 11),
            "Trilateral meeting on Nagorno-Karabakh",
            "The Kremlin, Moscow",
            ["putin", "aliyev", "pashinyan"],
        ),
        (
            d(2022, 2, 22),
            "Talks with President of Azerbaijan Ilham Aliyev",
            "The Kremlin, Moscow",
            ["putin", "aliyev"],
        ),
        (
            d(2022, 6, 29),
            "Meeting with President of Kazakhstan Kassym-Jomart Tokayev",
            "Ashgabat",
            ["putin", "tokayev"],
        ),
        (
            d(2022, 9, 15),
            "Meeting with President of Türkiye Recep Tayyip Erdoğan",
            "Samarkand",
            ["putin", "erdogan"],
        ),
        (
            d(2022, 9, 20),
            "Telephone conversation with Prime Minister of Armenia Nikol Pashinyan",
            "",
            ["putin", "pashinyan"],
            "telephone",
        ),
        (
            d(2022, 10, 31),
            "Trilateral meeting of the leaders of Russia, Azerbaijan and Armenia",
            "Sochi",
            ["putin", "aliyev", "pashinyan"],
        ),
    ]
    for date, title, place, keys, *kind in others:
        made = meeting(
            date, title, place, keys, *kind, summary="The leaders discussed bilateral relations."
        )
        for sequence, key in enumerate(keys + [None], start=1):
            TurnFactory(
                meeting=made,
                sequence=sequence,
                speaker=people[key] if key else None,
                label=people[key].name if key else "Question",
                text="Opening remarks.\n\nA second paragraph of the statement.",
            )
    MeetingFactory(title="An unpublished draft", date=d(2022, 9, 17), status="draft")
    return {"samarkand": samarkand, **people}


# The seed transcript (en.kremlin.ru, CC BY 4.0), turn by turn.
SAMARKAND_TURNS = [
    (
        "putin",
        "President of Russia Vladimir Putin",
        (
            "Mr Aliyev, I am very happy to see you – here on the sidelines of the Shanghai "
            "Cooperation Organisation’s summit.",
            "We have already talked to each other many times throughout the day, exchanging views "
            "on the organisation’s work, bilateral relations and developments in the region.",
            "As for bilateral relations, they are developing very successfully; it should be "
            "noted, of course: both trade and investment are growing, cooperation continues "
            "through various ministries, departments and the parliaments.",
            "But, surely, today we are all very concerned about the aggravation of the situation "
            "on the Armenia-Azerbaijan border. We have talked about this with you. Last night I "
            "talked – you know about this, I informed you – with Prime Minister of Armenia Nikol "
            "Pashinyan. It is good that this escalation was finally stopped through a coordinated "
            "effort, but, as far as I understand, the situation still remains tense.",
            "I am glad to have the opportunity to meet with you and talk about all these issues, "
            "because they are all important.",
        ),
    ),
    (
        "aliyev",
        "President of Azerbaijan Ilham Aliyev",
        (
            "Thank you, Mr Putin, I am very pleased with our latest meeting.",
            "Less than three months have passed since our last meeting, but we have also remained "
            "in constant contact during this period, by telephone. We also see very positive "
            "dynamics in our bilateral relations. After the signing of the Declaration on Allied "
            "Cooperation, important documents were also signed in various sectors, and in "
            "general, as you noted, we see an increase in cargo transport both in trade and in "
            "the transport sector. Also, we now intend to fully use the potential of our transit "
            "capabilities. So the results are evident, and I am sure that we will finish this "
            "year with good results in all areas.",
            "I would also like to thank you for your prompt response to the aggravation and "
            "escalation at the Armenia-Azerbaijan border. The clashes lasted less than eight "
            "hours, and the fact that they stopped – although the Armenian side did not "
            "immediately conform to the ceasefire, in general the ceasefire has been observed for "
            "about two days – indicates that neither Armenia nor Azerbaijan had any intentions of "
            "large-scale escalation. Border conflicts happen, unfortunately. They are associated "
            "with many casualties on both sides. But the main thing is that we managed to "
            "stabilise the situation and move back to a peaceful course.",
            "According to the information that I am receiving from the field, as I said, the "
            "situation has been stable for about two days. Now the main thing is to avoid ruining "
            "the beginning of the process of normalisation in relations, to move in this "
            "direction. We welcome Russia's efforts to this end, including within the tripartite "
            "commission at the level of deputy prime ministers from Russia, Azerbaijan and "
            "Armenia, for transport connections, as part of the delimitation process, as well as "
            "plans to start talks on a peace agreement. But, of course, we will discuss this in "
            "detail.",
            "I want to say again that Azerbaijan is committed to the tripartite documents that "
            "were signed between Russia, Azerbaijan and Armenia after the second Karabakh war, "
            "and we will do our best to ensure that the situation in the Caucasus is stable.",
        ),
    ),
    ("putin", "Vladimir Putin", ("Thank you very much.",)),
]
