import pytest
from django.core.cache import cache

from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory
from tests.search_conftest import (  # noqa: F401  (search fixtures; a throwaway index per test)
    indexed_samarkand,
    indexed_talks,
    on_commit,
    pytest_generate_tests,
    search_engine,
    search_index,
    second_transcript,
)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the parser's expected JSON files from its current output "
        "(only after a deliberate change; review the diff before committing)",
    )


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files (`make golden`)."""
    return request.config.getoption("--update-golden")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts without cached archive figures, as a new web worker would."""
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def samarkand(db):
    """A small published meeting shaped like the seed: Putin, Aliyev, Putin."""
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    meeting = MeetingFactory(
        title="Meeting with President of Azerbaijan Ilham Aliyev",
        date="2022-09-16",
        place="Samarkand",
        summary="Talks took place on the sidelines of the SCO summit.",
    )
    ParticipationFactory(meeting=meeting, person=putin, role="President of Russia", order=0)
    ParticipationFactory(meeting=meeting, person=aliyev, role="President of Azerbaijan", order=1)
    TurnFactory(
        meeting=meeting,
        sequence=1,
        speaker=putin,
        label="President of Russia Vladimir Putin",
        text="Mr Aliyev, I am very happy to see you.",
    )
    TurnFactory(
        meeting=meeting,
        sequence=2,
        speaker=aliyev,
        label="President of Azerbaijan Ilham Aliyev",
        text="The ceasefire has been observed.\n\nThe tripartite commission works.",
    )
    TurnFactory(
        meeting=meeting,
        sequence=3,
        speaker=putin,
        label="Vladimir Putin",
        text="Thank you very much.",
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def build_archive(db):
    """Build a published archive of `meetings` meetings with `turns` turns each.

    Six leaders from four countries meet in rotating pairs and trios over several
    years; every fifth turn is a generic `Question`. One draft is added as well.
    Returns the list of published meetings, oldest first.
    """
    import datetime

    from meetings.models import Turn

    def build(meetings: int = 3, turns: int = 4):
        people = [
            PersonFactory(name="Vladimir Putin", country="RU"),
            PersonFactory(name="Ilham Aliyev", country="AZ"),
            PersonFactory(name="Nikol Pashinyan", country="AM"),
            PersonFactory(name="Recep Tayyip Erdoğan", country="TR"),
            PersonFactory(name="Sergei Lavrov", country="RU"),
            PersonFactory(name="Jeyhun Bayramov", country="AZ"),
        ]
        made = []
        for n in range(meetings):
            meeting = MeetingFactory(
                title=f"Talks number {n}",
                date=datetime.date(2019, 1, 10) + datetime.timedelta(days=37 * n),
                summary=f"Lead paragraph of meeting {n}.",
            )
            present = [people[0], people[1 + n % 3]] + ([people[4 + n % 2]] if n % 2 else [])
            for order, person in enumerate(present):
                ParticipationFactory(
                    meeting=meeting, person=person, role=f"Role of {person.name}", order=order
                )
            Turn.objects.bulk_create(
                Turn(
                    meeting=meeting,
                    sequence=seq,
                    speaker=None if seq % 5 == 0 else present[seq % len(present)],
                    label="Question" if seq % 5 == 0 else present[seq % len(present)].name,
                    text=f"Statement {seq} of meeting {n}.\n\nA second paragraph.",
                )
                for seq in range(1, turns + 1)
            )
            made.append(meeting)
        draft = MeetingFactory(title="Unpublished draft talks", status="draft")
        ParticipationFactory(meeting=draft, person=people[0])
        return made

    return build


@pytest.fixture(autouse=True)
def plain_static(settings):
    """Serve static files without the manifest, which only exists after collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic once, for the production servers some tests start (DEBUG off)."""
    from bench.servers import collect_static, production_env

    root = tmp_path_factory.mktemp("static")
    collect_static(production_env(STATIC_ROOT=str(root)))
    return root


@pytest.fixture(scope="session")
def test_database_url(django_db_setup):
    """The URL of pytest-django's test database, for servers started in other processes.

    pytest-django creates it only when a collected test is marked django_db.
    """
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
