"""Every message a user sees is filled in: no rule's message or suggestion keeps a `{placeholder}`, whatever the
standard the finding is read against (the example's own, others loaded, one not loaded, none at all)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.rulebook.rulebase import load_rules
from tests.conftest import engine_for, report_from_example

RULES = load_rules()
BRACE = re.compile(r"[{}]")
# the example's own standard, other loaded ones, one that is not loaded, and none at all
STANDARDS: tuple[str | None, ...] = (
    "keep",
    "ISO 14001:2015",
    "ISO 45001:2018 (NBR ISO 45001)",
    "ISO/IEC 27001:2022",
    "XYZ 123:2020",
    None,
)


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [(r.id, kind, ex) for r in RULES for kind in ("bad", "good") for ex in getattr(r, kind)]


def _with_standard(example: dict[str, Any], standard: str | None) -> dict[str, Any]:
    if standard == "keep" or "report" in example:
        return example
    out = dict(example)
    if standard is None:
        out.pop("standard", None)
        out["standard"] = None
    else:
        out["standard"] = standard
    return out


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: str(s))
def test_no_placeholder_reaches_a_message(engine: Engine, standard: str | None) -> None:
    left: list[str] = []
    for rid, kind, example in _examples():
        report: Report
        ex = _with_standard(example, standard)
        if ex.get("standard", "x") is None:
            ex = {k: v for k, v in ex.items() if k != "standard"}
            report, _ = report_from_example({**ex, "standard": "ISO 9001:2015"})
            report = report.model_copy(update={"standard": None})
        else:
            report, _ = report_from_example(ex)
        verdict = engine_for(ex, engine).check(report)
        for f in verdict.findings:
            for issue in f.issues:
                for text in (issue.message, issue.suggestion or ""):
                    if BRACE.search(text):
                        left.append(f"{rid} {kind} {example.get('name')}: {issue.rule}: {text}")
    assert not left, "\n".join(left[:20])
