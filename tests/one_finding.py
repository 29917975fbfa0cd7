"""One finding checked on its own: the helper the judgment tests share."""

from __future__ import annotations

from engine.check.engine import Engine
from engine.core.models import FindingVerdict, Report


def check_one(
    engine: Engine,
    standard: str,
    clause: str | None,
    statement: str,
    evidence: str | None = None,
    grade: str = "minor",
) -> FindingVerdict:
    """The verdict on a report of one finding (minor unless `grade` says) against `standard`."""
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [{"id": "F-1", "grade": grade, "clause": clause, "statement": statement, "evidence": evidence}],
        }
    )
    return engine.check(report).findings[0]
