"""The doors of issue 29 on the service: every rendering inside the request's CPU budget, a 413 that ordinary
clients see, security headers on every answer, no network bind without keys, `localhost` only on loopback."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import api.routers.reports as reports_route
from api.main import create_app
from engine.cli import main
from engine.core.settings import Settings
from tests.conftest import ROOT, running_service

EXAMPLE = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())


def _spin(*args: Any, **kwargs: Any) -> Any:
    while True:  # a renderer that never ends
        pass


@pytest.mark.parametrize(
    ("target", "url"),
    [("render_plan", "/v1/reports/plan?format=xlsx"), ("render", "/v1/reports/check?format=html")],
)
def test_writing_the_answer_counts_against_the_cpu_budget(
    monkeypatch: pytest.MonkeyPatch, target: str, url: str
) -> None:
    monkeypatch.setattr(reports_route, target, _spin)
    client = TestClient(create_app(Settings(max_check_cpu_seconds=0.5)))
    r = client.post(url, json=EXAMPLE)
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "too_costly"
    monkeypatch.undo()
    assert client.post(url, json=EXAMPLE).status_code == 200  # the worker goes on


# -- 413 for any body, seen by ordinary clients ----------------------------------------------------------------


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running_service("--workers", "1") as url:
        yield url


@pytest.mark.parametrize("megabytes", [20, 100])
def test_an_oversized_body_gets_413_with_urllib_and_httpx(service: str, megabytes: int) -> None:
    body = b" " * (megabytes * 1024 * 1024)
    request = urllib.request.Request(
        service + "/v1/reports/check", data=body, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)  # it sends the whole body before it reads: no reset now
    assert refused.value.code == 413
    assert "NCAUDIT_MAX_BODY_BYTES" in json.loads(refused.value.read())["detail"]
    answer = httpx.post(
        service + "/v1/reports/check", content=body, headers={"Content-Type": "application/json"}, timeout=60
    )
    assert answer.status_code == 413
    assert answer.headers["x-content-type-options"] == "nosniff"  # the refusal is an answer like any other
    assert urllib.request.urlopen(service + "/healthz", timeout=10).status == 200  # and the worker goes on


# -- security headers on every response --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts="testserver")), raise_server_exceptions=False)


def _every_route(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    fill = {"{std_id}": "iso-9001-2015", "{number}": "7.1.5.2", "{rule_id}": "PP01"}
    out = []
    for path, methods in spec["paths"].items():
        for key, value in fill.items():
            path = path.replace(key, value)
        out += [(method.upper(), path) for method in methods]
    return out


def _assert_secured(response: httpx.Response, page: bool) -> None:
    h = response.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    policy = h["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert ("default-src 'self'" if page else "default-src 'none'") in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_every_route_and_every_refusal_carries_the_security_headers(client: TestClient) -> None:
    routes = _every_route(client)
    assert len(routes) >= 10
    for method, path in routes:
        r = client.request(method, path, json=EXAMPLE if method == "POST" else None)
        assert r.status_code < 500, (method, path)
        _assert_secured(r, page=r.headers.get("content-type", "").startswith("text/html"))
    for path in ("/", "/docs", "/redoc"):
        _assert_secured(client.get(path), page=True)
    for path in ("/openapi.json", "/static/page.js", "/favicon.ico", "/no-such-page"):
        _assert_secured(client.get(path), page=False)
    refusals = [
        client.get("/healthz", headers={"Host": "rebound.example"}),  # 400 from the Host check
        client.post("/v1/reports/check", json=EXAMPLE, headers={"Origin": "https://evil.example"}),  # 403
        client.post("/v1/reports/check", content=b" " * (3 * 1024 * 1024)),  # 413 from the body limit
        client.post("/v1/reports/check", content=b"{"),  # 422
    ]
    assert [r.status_code for r in refusals] == [400, 403, 413, 422]
    for r in refusals:
        _assert_secured(r, page=False)


def test_a_page_allows_its_own_inline_script_by_hash_and_nothing_else(client: TestClient) -> None:
    docs = client.get("/docs")
    inline = re.search(r"<script>(.*?)</script>", docs.text, re.DOTALL)
    assert inline is not None  # Swagger UI's start-up script
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    policy = docs.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    page = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in page and "unsafe-inline" not in page  # the page has no inline script
    review = client.post("/v1/reports/check?format=html", json=EXAMPLE)
    style = re.search(r"<style>(.*?)</style>", review.text, re.DOTALL)
    assert style is not None
    style_hash = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{style_hash}'" in page  # the review, shown in the page's frame, keeps its style
    assert f"'sha256-{style_hash}'" in review.headers["content-security-policy"]


# -- binding to the network ----------------------------------------------------------------------------------------


@pytest.fixture
def serve_env(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """`ncaudit serve` with uvicorn.run recorded instead of run; its environment changes undone afterwards."""
    import uvicorn

    for name in ("NCAUDIT_HOST", "NCAUDIT_INSECURE_NO_AUTH", "NCAUDIT_API_KEYS"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: runs.append(k))
    return runs


def test_serving_on_the_network_without_keys_refuses_to_start(
    serve_env: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    for host in ("0.0.0.0", "::", "192.0.2.7"):
        assert main(["serve", "--host", host]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ncaudit: serve: {host} can be reached from the network")
        assert "NCAUDIT_API_KEYS" in err and "--insecure-no-auth" in err
    assert serve_env == []  # never started
    assert main(["serve", "--host", "127.0.0.1"]) == 0  # loopback needs no key
    assert main(["serve", "--host", "0.0.0.0", "--insecure-no-auth"]) == 0
    del os.environ["NCAUDIT_INSECURE_NO_AUTH"]  # set by --insecure-no-auth above
    os.environ["NCAUDIT_API_KEYS"] = "k-1"
    assert main(["serve", "--host", "0.0.0.0"]) == 0  # with keys
    assert [run["host"] for run in serve_env] == ["127.0.0.1", "0.0.0.0", "0.0.0.0"]


def test_keys_kept_only_in_the_store_count_for_a_network_bind(
    serve_env: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A key made with `ncaudit desk add-key` lives only in the store: a network bind with such a key is guarded
    (the service asks for it), so it starts and the log does not say it serves without keys; a store with only
    revoked keys, or none, still refuses."""
    from sqlalchemy import update

    from engine.store.repository import Store
    from engine.store.schema import ApiKey, utcnow

    monkeypatch.setenv("NCAUDIT_DATA_DIR", str(tmp_path))
    assert main(["serve", "--host", "0.0.0.0"]) == 2  # an empty store: no key anywhere
    assert "can be reached from the network" in capsys.readouterr().err
    assert main(["desk", "add-key", "--role", "admin", "--label", "ops"]) == 0
    capsys.readouterr()
    assert main(["serve", "--host", "0.0.0.0"]) == 0
    assert [run["host"] for run in serve_env] == ["0.0.0.0"]
    with caplog.at_level(logging.WARNING, logger="ncaudit.api"):
        create_app(Settings(host="0.0.0.0", api_keys="", data_dir=str(tmp_path)))
    assert not any("without API keys" in r.getMessage() for r in caplog.records)
    store = Store.open(data_dir=str(tmp_path))
    with store.sessions.begin() as s:  # the only key revoked: none counts
        s.execute(update(ApiKey).values(revoked_at=utcnow()))
    store.close()
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "can be reached from the network" in capsys.readouterr().err


def test_serving_without_keys_on_the_network_is_said_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ncaudit.api"):
        create_app(Settings(host="0.0.0.0", insecure_no_auth=True, api_keys=""))
    assert any("serving on 0.0.0.0 without API keys" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="ncaudit.api"):
        create_app(Settings(host="127.0.0.1"))
    assert not any("without API keys" in r.getMessage() for r in caplog.records)


def test_localhost_is_a_host_name_only_on_a_loopback_bind() -> None:
    assert "localhost" in Settings(host="127.0.0.1", allowed_hosts="").hosts()
    assert "localhost" in Settings(host="::1", allowed_hosts="").hosts()
    assert Settings(host="192.0.2.7", allowed_hosts="").hosts() == ["192.0.2.7"]
    for bind in ("0.0.0.0", "::"):
        names = Settings(host=bind, allowed_hosts="").hosts()
        assert not {"localhost", "127.0.0.1", "::1", "[::1]"} & set(names)
    lan = TestClient(create_app(Settings(host="0.0.0.0", allowed_hosts="", api_keys="k")), base_url="http://x")
    r = lan.get("/healthz", headers={"Host": "localhost:8000"})
    assert r.status_code == 400 and "NCAUDIT_ALLOWED_HOSTS" in r.json()["detail"]
    named = TestClient(create_app(Settings(host="192.0.2.7", allowed_hosts="", api_keys="k")))
    assert named.get("/healthz", headers={"Host": "192.0.2.7:8000"}).status_code == 200
    assert named.get("/healthz", headers={"Host": "localhost"}).status_code == 400


# -- answers left unread -------------------------------------------------------------------------------------------


def _unread_import(url: str, findings: int) -> tuple[socket.socket, int]:
    """Post a report to the import route (its answer echoes the report: as large as the body), read nothing."""
    body = json.dumps({"findings": [{"statement": "x" * 99_000}] * findings}).encode()
    host, port = url.rsplit("/", 1)[1].split(":")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a client that takes (almost) nothing
    s.connect((host, int(port)))
    boundary = "b0undary"
    form = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.json"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        f"POST /v1/reports/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(form)}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n"
    ).encode()
    s.sendall(head + form)
    return s, len(body)


def _read_all(s: socket.socket) -> int:
    s.settimeout(10)
    got = 0
    try:
        while chunk := s.recv(1 << 16):
            got += len(chunk)
    except (ConnectionResetError, TimeoutError):
        pass
    return got


def test_an_answer_left_unread_is_dropped_after_the_send_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCAUDIT_SEND_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("NCAUDIT_KEEP_ALIVE_SECONDS", "1")
    monkeypatch.setenv("NCAUDIT_MAX_BODY_BYTES", str(12 * 1024 * 1024))
    with running_service("--workers", "1") as url:
        # an answer of 7 MB: more than the kernel's socket buffers take (4 MB at most here), the rest waits
        unread, size = _unread_import(url, 70)
        reader, _ = _unread_import(url, 70)
        time.sleep(4)  # the send timeout twice over, and the keep-alive
        assert _read_all(reader) < size  # the rest of the answer was dropped, not kept for a client that waits
        unread.close()
        assert urllib.request.urlopen(url + "/healthz", timeout=10).status == 200


def test_after_a_refusal_profiled_code_still_runs() -> None:
    """A budget that fired left CPython's pending-exception flag set for good (clearing an asynchronous exception
    sets it too), and profiled code in that process then hung for ever: the test suite hung after the budget
    tests. Run in a child, so that a regression fails by its timeout instead of hanging the suite."""
    script = """
import sys
from api.guard import CheckTooCostly, cpu_budget
for _ in range(3):
    try:
        with cpu_budget(0.05):
            while True:
                pass
    except CheckTooCostly:
        pass
def calls(fn):
    count = 0
    def tally(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
    sys.setprofile(tally)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count
print(calls(lambda: sum(range(1000))))
"""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=30, text=True)
    assert done.stdout.strip() == "3", done.stderr  # the lambda, sum and range
