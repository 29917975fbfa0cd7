"""Slow and hostile clients against a real `ncaudit serve` on loopback (issue 16): every one gets a clean answer
in bounded time. Timeouts are set to 1 s here; the defaults are in engine/core/settings.py."""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
from collections.abc import Iterator

import pytest

from api.server import RepeatFilter
from tests.conftest import ROOT, running_service

EXAMPLE = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    env = {
        "NCAUDIT_HEADER_TIMEOUT_SECONDS": "1",
        "NCAUDIT_BODY_TIMEOUT_SECONDS": "1",
        "NCAUDIT_MAX_BODY_BYTES": "65536",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with running_service("--workers", "1") as url:
            yield url
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _connect(server: str) -> socket.socket:
    host, port = server.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _read_all(s: socket.socket) -> bytes:
    out = b""
    while chunk := s.recv(65536):
        out += chunk
    return out


def test_half_sent_headers_get_408_and_a_close(server: str) -> None:
    with _connect(server) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        answer = _read_all(s)  # returns only because the server closes
    assert answer.startswith(b"HTTP/1.1 408") and b"headers did not arrive" in answer


def test_a_silent_connection_is_closed(server: str) -> None:
    with _connect(server) as s:
        assert _read_all(s) == b""


def test_a_half_sent_body_gets_408(server: str) -> None:
    with _connect(server) as s:
        s.sendall(
            b"POST /v1/reports/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"findings": ['
        )
        answer = _read_all(s)
    assert answer.startswith(b"HTTP/1.1 408") and b"body did not arrive" in answer


@pytest.mark.parametrize("size", [300_000, 3_000_000, 6_000_000])
def test_python_http_client_sees_the_413_not_a_reset(server: str, size: int) -> None:
    # http.client sends the whole body before it reads: a server that answers and closes early resets it
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("POST", "/v1/reports/check", body=b" " * size, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        assert r.status == 413 and b"NCAUDIT_MAX_BODY_BYTES" in r.read()
    finally:
        conn.close()


def test_a_413_streamed_without_length_is_answered(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(
        "POST",
        "/v1/reports/check",
        body=iter([b" " * 50_000] * 4),
        headers={"Content-Type": "application/json"},
        encode_chunked=True,
    )
    r = conn.getresponse()
    assert r.status == 413
    conn.close()


def test_other_hosts_and_cross_site_posts_are_refused_over_the_wire(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    body = json.dumps(EXAMPLE).encode()

    def post(headers: dict[str, str]) -> tuple[int, str]:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("POST", "/v1/reports/check", body=body, headers={"Content-Type": "application/json", **headers})
        r = conn.getresponse()
        text = r.read().decode()
        conn.close()
        return r.status, text

    assert post({})[0] == 200  # no Origin: a script, curl, the benchmark
    assert post({"Origin": server})[0] == 200  # the page itself
    status, text = post({"Origin": "https://evil.example"})
    assert status == 403 and "NCAUDIT_CORS_ORIGINS" in text
    assert post({"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert post({"Origin": "https://evil.example", "X-API-Key": "anything"})[0] == 200  # no keys configured
    status, text = post({"Host": "evil.example:80"})
    assert status == 400 and "NCAUDIT_ALLOWED_HOSTS" in text


def test_repeated_errors_are_logged_a_few_times_then_counted() -> None:
    flt = RepeatFilter(burst=5, window=60)
    record = logging.LogRecord(
        "asyncio", logging.ERROR, __file__, 1, "socket.accept() out of system resource", (), None
    )
    passed = sum(flt.filter(record) for _ in range(10_000))
    assert passed == 5
    info = logging.LogRecord("ncaudit.access", logging.INFO, __file__, 1, "GET / 200", (), None)
    assert all(flt.filter(info) for _ in range(100))


def test_half_sent_headers_after_a_kept_alive_request_get_408(server: str) -> None:
    with _connect(server) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first = b""
        while b'"status":"ok"' not in first:
            first += s.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the next request stalls in its headers
        answer = _read_all(s)
    assert answer.startswith(b"HTTP/1.1 408")


def test_the_service_installs_the_log_filter() -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app()):
        for name in ("asyncio", "uvicorn.error", "ncaudit.api"):
            assert any(isinstance(f, RepeatFilter) for f in logging.getLogger(name).filters), name
