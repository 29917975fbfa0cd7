"""The doors of issue 29 on the service: every rendering inside the request's CPU budget."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.routers.reports as reports_route
from api.main import create_app
from engine.core.settings import Settings
from tests.conftest import ROOT

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
