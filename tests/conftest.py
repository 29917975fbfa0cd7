"""Shared fixtures: one engine per test session (loading standards and compiling rules once)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict, Report
from engine.rulebook.config import RulesConfig

# tests (and the CLI and servers they start) keep their start-up cache out of the user's own
os.environ.setdefault("NCAUDIT_CACHE_DIR", tempfile.mkdtemp(prefix="ncaudit-test-cache-"))
# the review desk's store: a fresh SQLite file per test session, never the user's own
os.environ.setdefault("NCAUDIT_DATA_DIR", tempfile.mkdtemp(prefix="ncaudit-test-data-"))
# FastAPI's test client sends `Host: testserver`; the service answers only to the names it is told
os.environ.setdefault("NCAUDIT_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1,[::1]")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_STANDARD = "ISO 9001:2015"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


EXAMPLE_KEYS = ("name", "why", "standard", "audit", "config", "previous_findings")  # the rest is the finding


def report_from_example(example: dict[str, Any]) -> tuple[Report, str | None]:
    """A rule example (`name`, `why`): a finding (with optional `standard`, `audit`, `config`) or `{report: ...}`."""
    if "report" in example:
        return Report.model_validate(example["report"]), None
    finding = {k: v for k, v in example.items() if k not in EXAMPLE_KEYS}
    finding.setdefault("id", "EX-1")
    data = {
        "standard": example.get("standard", DEFAULT_STANDARD),
        "findings": [finding],
        "previous_findings": example.get("previous_findings", []),
    }
    if "audit" in example:
        data["audit"] = example["audit"]
    return Report.model_validate(data), finding["id"]


def engine_for(example: dict[str, Any], default: Engine) -> Engine:
    if "config" in example:
        return Engine(
            library=default.library, lexicons=default.lexicons, config=RulesConfig.model_validate(example["config"])
        )
    return default


def check_one(
    engine: Engine, finding: dict[str, Any], standard: str = DEFAULT_STANDARD, **report: Any
) -> FindingVerdict:
    finding = {"id": "F-1", **finding}
    rep = Report.model_validate({"standard": standard, "findings": [finding], **report})
    return engine.check(rep).findings[0]


@contextlib.contextmanager
def running_service(*args: str) -> Iterator[str]:
    """`ncaudit serve` on a free loopback port, ready when /healthz answers; stopped afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the service did not start (exit {proc.poll()})") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A temporary PostgreSQL server for the store's tests (tests/pgserver.py); skipped when none can be started,
    unless NCAUDIT_TEST_POSTGRES=required."""
    from tests.pgserver import temporary_postgres

    running = temporary_postgres()
    try:
        server = running.__enter__()
    except RuntimeError as exc:
        if os.environ.get("NCAUDIT_TEST_POSTGRES") == "required":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    running.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store's tests run on SQLite always, and on PostgreSQL when a server can be started."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("postgres").database())
