"""Labelled cases: the shared corpus and the team's own cases in new wordings, every expectation met."""

from __future__ import annotations

import json

import pytest

from engine.engine import Engine
from engine.evaluate import evaluate
from tests.conftest import ROOT, SHARED

SOURCES = {
    "dev": SHARED / "corpus" / "dev_cases.jsonl",
    "team": ROOT / "tests" / "cases" / "team_cases.jsonl",
}


def _cases() -> list[tuple[str, dict]]:
    out = []
    for name, path in SOURCES.items():
        if path.exists():
            out += [(name, json.loads(line)) for line in path.read_text().splitlines() if line.strip()]
    return out


CASES = _cases()


def test_team_cases_present() -> None:
    assert SOURCES["team"].exists() and len([c for s, c in CASES if s == "team"]) >= 40


@pytest.mark.skipif(not SOURCES["dev"].exists(), reason="the shared corpus is not beside this checkout")
def test_shared_corpus_present() -> None:
    assert len([c for s, c in CASES if s == "dev"]) >= 40


@pytest.mark.parametrize(("source", "case"), CASES, ids=[f"{s}-{c['id']}" for s, c in CASES])
def test_case(source: str, case: dict, engine: Engine) -> None:
    result = evaluate([case], engine, source)
    assert not result["failures"], f"{case['id']}: {case.get('why')}: {result['failures']}"
