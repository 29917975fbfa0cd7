"""The service as deployed: real uvicorn on loopback, concurrent clients and a stalled one."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT, running_service

EXAMPLE = (ROOT / "examples" / "cb-2026-0142.json").read_bytes()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_service() as url:
        yield url


def _post(url: str, body: bytes) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_96_concurrent_checks_from_16_threads(server: str) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: _post(server + "/v1/reports/check", EXAMPLE), range(96)))
    assert all(status == 200 for status, _ in results)
    first = results[0][1]
    assert first["summary"]["findings"] == 7
    assert all(body == first for _, body in results)


def test_a_stalled_client_does_not_block_others(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    stalled = socket.create_connection((host, int(port)), timeout=10)
    try:
        stalled.sendall(
            b"POST /v1/reports/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100000\r\n\r\n{"findings": ['
        )
        half_headers = socket.create_connection((host, int(port)), timeout=10)
        half_headers.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: _post(server + "/v1/reports/check", EXAMPLE), range(8)))
        assert all(status == 200 for status, _ in results)
        half_headers.close()
    finally:
        stalled.close()


def test_bad_input_over_the_wire(server: str) -> None:
    status, body = _post(server + "/v1/reports/check", b"{nope")
    assert status == 422 and body["detail"][0]["type"] == "json_invalid"
    # a 3 MiB body is refused from its Content-Length, before it is read
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            b"POST /v1/reports/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 3145728\r\n\r\n" + b"x" * 1024
        )
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
