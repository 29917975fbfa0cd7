"""A finding that records nonfulfilments of several unrelated requirements is flagged (CT14): the fact
`unmet_requirements` counts the distinct requirements the statement says are unmet."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report


def _check(engine: Engine, standard: str, clause: str, statement: str):
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [
                {
                    "id": "F",
                    "grade": "minor",
                    "clause": clause,
                    "statement": statement,
                    "evidence": "Records and areas seen on 2026-05-06.",
                }
            ],
        }
    )
    facts = engine.facts.build(report.findings, standard, None, [])[0]
    return engine.check(report).findings[0], facts.fact["unmet_requirements"]


BUNDLES = [
    (
        "ISO 9001:2015",
        "7.2",
        "Two new welders had no qualification records, micrometer M-4 was past its calibration date and customer "
        "complaint C-77 was never answered.",
    ),
    (
        "ISO 45001:2018",
        "8.1.4.2",
        "Contractor R-4 worked without a permit, the evacuation drill was not held in 2026 and two first aiders had "
        "expired certificates.",
    ),
    ("ISO 9001:2015", "8.5.1", "Operators were untrained. Gauges were overdue. Complaints were not answered."),
]
ONE = [
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "Micrometer M-4 was past its calibration date. The results measured with it since then were not assessed.",
    ),
    ("ISO 14001:2015", "6.1.2", "The new paint booth's solvent emissions were not identified as an aspect."),
    (
        "ISO 45001:2018",
        "8.1.4.2",
        "Contractor R-4 started roofing work without a permit and its method statement was not checked.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement"), BUNDLES, ids=[b[2][:40] for b in BUNDLES])
def test_unrelated_nonfulfilments_in_one_finding_are_flagged(
    engine: Engine, standard: str, clause: str, statement: str
) -> None:
    finding, count = _check(engine, standard, clause, statement)
    assert count >= 3
    issue = next((i for i in finding.issues if i.rule == "CT14"), None)
    assert issue is not None and issue.category == "too_broad" and "{" not in issue.message
    assert finding.verdict in ("revise", "regrade")


@pytest.mark.parametrize(("standard", "clause", "statement"), ONE, ids=[o[2][:40] for o in ONE])
def test_one_requirement_is_one_finding(engine: Engine, standard: str, clause: str, statement: str) -> None:
    finding, count = _check(engine, standard, clause, statement)
    assert count <= 2
    assert "CT14" not in {i.rule for i in finding.issues}


def test_an_ofi_is_not_flagged_for_bundling(engine: Engine) -> None:
    report = Report.model_validate(
        {
            "standard": "ISO 9001:2015",
            "findings": [{"id": "F", "grade": "ofi", "clause": None, "statement": BUNDLES[2][2], "evidence": None}],
        }
    )
    assert "CT14" not in {i.rule for i in engine.check(report).findings[0].issues}
