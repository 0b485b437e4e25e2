"""The correctness harness: on generated turns and the golden transcripts, both engines
answer every drawn query exactly as brute force over the statements does."""

import contextlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from meetings.search.audit import Oracle, Statement, run_audit
from meetings.search.query import parse_query
from tests.search_conftest import index_at
from tests.test_parser import GOLDEN

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines()]


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """Generated meetings plus every golden transcript that imports, once for the module
    (in a transaction rolled back at the end); each engine's index is built on first use."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_corpus", turns=800, seed=11, verbosity=0)
        # A few golden files are refused by design (no title, no date, two-column PDF text).
        with contextlib.suppress(CommandError):
            call_command("import_transcripts", *[str(path) for path in GOLDEN], verbosity=0)
        yield {}  # the index folder of each engine
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def search_index(archive, search_engine, tmp_path_factory, django_db_blocker):
    engine = search_engine or "whoosh"
    built = engine in archive
    if not built:
        archive[engine] = tmp_path_factory.mktemp(f"audit-{engine}") / "search-index"
    with index_at(archive[engine], engine) as path:
        if not built:
            with django_db_blocker.unblock():
                call_command("rebuild_index", "--noinput", "--workers", "1", "-v0")
        yield path


def test_both_engines_answer_every_drawn_query_exactly(archive, search_engine):
    # Queries with more than 200 hits are counted as skipped: paging through them all
    # costs minutes and checks nothing the others do not (`search_audit` goes to 980).
    report = run_audit(queries=160, seed=5, max_expected=200)
    assert len(report.cases) > 100
    assert {kind for kind, _ in report.by_kind().items()} >= {
        "frequent",
        "middle",
        "rare",
        "phrase2",
        "phrase3",
        "prefix",
        "exclude",
        "or",
    }
    assert [(c.q, str(c.filters)) for c in report.wrong] == []
    assert report.precision == report.recall == 1.0


def test_the_oracle_is_not_fooled_by_words_apart_or_out_of_order():
    statement = Statement(
        pk=1,
        words=["talks", "about", "peace", "and", "peace", "talks"],
        stems=["talk", "about", "peac", "and", "peac", "talk"],
        speaker="",
        country="",
        kind="talks",
        date=None,
    )
    oracle = Oracle([statement], lambda w: {"talks": "talk", "peace": "peac"}.get(w, w), True)
    holds = lambda q: oracle.holds(statement, parse_query(q).searched_groups()[0][0])  # noqa: E731
    assert holds('"peace talks"') and holds('"talks about"')
    assert not holds('"talks peace"') and not holds('"about and"')
    assert holds("pea*") and not holds("peat*")


def test_the_command_prints_precision_and_recall(archive, capsys):
    call_command("search_audit", "--queries", "16", "--seed", "2")
    out = capsys.readouterr().out
    assert "Precision 100.00%, recall 100.00%" in out
