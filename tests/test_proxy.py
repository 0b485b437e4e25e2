"""The front door: deploy/Caddyfile, run by Debian's caddy, in front of a real gunicorn.

gunicorn has 2 sync workers and DEBUG off, as in docker-compose.yml. Served directly, two
clients trickling their headers hold both workers and `/` stops answering; behind the
proxy, which reads whole requests before passing them on, it still answers.
"""

import gzip
import http.client
import shutil
import socket
import ssl
import threading

import pytest

from bench.servers import Caddy, Gunicorn, production_env

pytestmark = pytest.mark.django_db  # so that the test database the servers read exists
HOME_HEADING = "What leaders said to each other"


@pytest.fixture(scope="module")
def proxy(collected_static, test_database_url, tmp_path_factory):
    if shutil.which("caddy") is None:
        pytest.fail("These tests need Debian's caddy (apt-get install caddy; .ci/run does).")
    env = production_env(
        DATABASE_URL=test_database_url,
        STATIC_ROOT=str(collected_static),
        CACHE_PATH=str(tmp_path_factory.mktemp("cache")),
        BEHIND_PROXY="1",
    )
    with Gunicorn(env, workers=2) as web, Caddy(upstream=f"127.0.0.1:{web.port}") as caddy:
        yield caddy


def get(proxy, path="/", **headers):
    conn = http.client.HTTPSConnection(
        "127.0.0.1", proxy.port, context=proxy.tls_context(), timeout=60
    )
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, body.decode()


class Trickler(threading.Thread):
    """A client that sends its request headers one byte at a time, and never finishes."""

    def __init__(self, proxy):
        super().__init__(daemon=True)
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=60)
        self.sock = proxy.tls_context().wrap_socket(raw)
        self.stop = threading.Event()
        self.sent = 0

    def run(self):
        head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 10_000
        for byte in head:
            if self.stop.wait(0.2):
                break
            self.sock.sendall(bytes([byte]))
            self.sent += 1

    def has_no_answer(self) -> bool:
        """True while its connection is open and nothing has come back on it."""
        self.sock.setblocking(False)
        try:
            self.sock.recv(1)
        except ssl.SSLWantReadError:
            return True
        finally:
            self.sock.setblocking(True)
        return False


def test_slow_header_clients_do_not_block_the_home_page(proxy):
    trickling = [Trickler(proxy) for _ in range(3)]  # more than gunicorn's two workers
    for client in trickling:
        client.start()
    try:
        while min(client.sent for client in trickling) < 10:
            threading.Event().wait(0.1)
        response, body = get(proxy, "/")
        assert response.status == 200
        assert HOME_HEADING in body
        assert all(client.is_alive() and client.has_no_answer() for client in trickling)
    finally:
        for client in trickling:
            client.stop.set()
            client.join()
            client.sock.close()


def test_the_proxy_terminates_tls_compresses_and_names_no_software(proxy):
    response, body = get(proxy, "/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200 and HOME_HEADING in body
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Server") is None
    # Django saw HTTPS through X-Forwarded-Proto, so it sends HSTS.
    assert response.getheader("Strict-Transport-Security").startswith("max-age=")
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")


def test_a_conditional_get_through_the_proxy_answers_304(proxy):
    first, _ = get(proxy, "/", **{"Accept-Encoding": "gzip"})
    etag = first.getheader("ETag")
    assert etag
    again, body = get(proxy, "/", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status == 304 and body == ""


def test_plain_http_is_sent_to_https(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=30)
    conn.request("GET", "/leaders/", headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    assert response.status in (301, 308)
    assert response.getheader("Location").startswith("https://127.0.0.1")
