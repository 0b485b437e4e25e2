"""PostgreSQL down: visitors get a 503 page with Retry-After, the log one line per request,
and the site recovers by itself when the database is back.

The database is a throwaway cluster of this test's own (initdb into a temporary folder, a
free port), stopped and started here; the machine's server is never touched.
"""

import http.client
import subprocess

import pytest

from bench.servers import Gunicorn, PostgresCluster, production_env

pytestmark = pytest.mark.django_db  # so that the test database whose schema is copied exists
HOME_HEADING = "What leaders said to each other"


def libpq(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


@pytest.fixture(scope="module")
def site(collected_static, test_database_url, tmp_path_factory):
    with PostgresCluster() as cluster:
        url = cluster.create_database("parley")
        schema = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", libpq(test_database_url)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", libpq(url)],
            input=schema,
            capture_output=True,
            text=True,
            check=True,
        )
        env = production_env(
            DATABASE_URL=url,
            STATIC_ROOT=str(collected_static),
            CACHE_PATH=str(tmp_path_factory.mktemp("cache")),
        )
        with Gunicorn(env, workers=1) as web:
            yield cluster, web


def get(web, path="/"):
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response, body


def test_database_down_gives_503_with_retry_after_then_recovers_without_a_restart(site):
    cluster, web = site
    response, body = get(web)
    assert response.status == 200 and HOME_HEADING in body
    workers = web.worker_pids()

    cluster.stop()
    try:
        paths = ["/", "/meetings/", "/leaders/", "/meetings/2022/"]
        for path in paths:
            response, body = get(web, path)
            assert response.status == 503, path
            assert response.getheader("Retry-After") == "30"
            assert "Parley is briefly unavailable" in body
            assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    finally:
        cluster.start()

    response, body = get(web)
    assert response.status == 200 and HOME_HEADING in body
    assert web.worker_pids() == workers  # the same worker, reconnected by itself

    log = web.log
    assert log.count("Database unavailable, 503 for GET") == len(paths)
    assert "Traceback" not in log
