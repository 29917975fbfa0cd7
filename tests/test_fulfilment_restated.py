"""A lack that restates the obligation's own words is shown met by a record of the clause's kind (issue 23, round 7).

"The knowledge necessary for the operation of processes has not been determined" says back the obligation of its
clause (the knowledge needed to operate the processes, determined) around the clause's head, "knowledge"; where
the finding's own evidence describes a record of the clause's kind naming that head, with two of the clause's own
records or activities beside it (a knowledge register, lessons logged) and no shortfall, no nonfulfilment stands
(17021-1 3.12, 9.4.5.3). The words the evidence leaves out are the obligation's scope said back, not a subset. A
word the obligation does not use (a line, a cell, a site) names a subset and must be named by the evidence, and a
word coordinated with one the evidence names ("routine and non-routine") is a part left out. Every wording is
ours; each withdrawn finding has a twin in nearly the same words that must stay kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

_REGISTER = (
    "Knowledge register KR-2 lists 12 knowledge areas, each with an owner; lessons from projects are logged; a "
    "handover plan exists for the retiring tooling engineer."
)
_MATRIX = (
    "Knowledge matrix KM-1 dated 2026-02-10 lists 14 knowledge areas with their owners; lessons learned from "
    "projects are logged in LL-4."
)
_LOG = "Distribution log DL-4 reviewed: consignee, address, quantity and date recorded for {} shipments."
_ASPECTS = (
    "Aspects register AR-3 rev 2 dated 2026-01-15 lists 38 aspects with their impacts and significance scores; the "
    "significant ones are marked and communicated."
)

DONE: list[tuple[str, str, str, str]] = [
    (
        "ISO 9001:2015",
        "7.1.6",
        "The knowledge necessary for the operation of processes has not been determined.",
        _REGISTER,
    ),
    (
        "ISO 9001:2015",
        "7.1.6",
        "The organizational knowledge needed for the operation of its processes has not been determined.",
        _MATRIX,
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "The environmental aspects of its activities, products and services have not been determined.",
        _ASPECTS,
    ),
    # a word of a record's family stands in for it ("shipments" / "shipping records")
    (
        "ISO 13485:2016",
        "7.5.9.2",
        "Traceability records for implants do not include distribution records.",
        _LOG.format("all 12"),
    ),
    (
        "ISO 9001:2015",
        "7.2",
        "Competence records of welders have not been retained.",
        "Training matrix TM-2 lists the 6 welders with their qualifications; weld test certificates WQ-11 to WQ-16 "
        "are on file, all in date.",
    ),
]

KEPT: list[tuple[str, str, str, str]] = [
    (
        "ISO 9001:2015",
        "7.1.6",
        "The knowledge necessary for the operation of the new laser cell has not been determined.",
        _REGISTER,
    ),
    (
        "ISO 9001:2015",
        "7.1.6",
        "The organizational knowledge needed for the operation of its processes has not been determined.",
        "Knowledge matrix KM-1 dated 2026-02-10 lists 14 knowledge areas; no owners are assigned and no lessons have "
        "been logged since 2023.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "The environmental aspects of the new paint line have not been determined.",
        _ASPECTS,
    ),
    (
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazards arising from routine and non-routine activities have not been identified.",
        "Hazard register HR-5 dated 2026-02-01 lists the routine production tasks, each with its hazards and controls.",
    ),
    (
        "ISO 13485:2016",
        "7.5.9.2",
        "Traceability records for implants do not include distribution records.",
        _LOG.format("10 of the 12"),
    ),
    (
        "ISO 13485:2016",
        "7.5.9.2",
        "Traceability records for implants do not include distribution records.",
        "Distribution log DL-4 reviewed: consignee and date recorded for all 12 shipments; no address is recorded.",
    ),
    (
        "ISO 13485:2016",
        "7.5.9.2",
        "Traceability records for implants do not include the consignee's address.",
        "Distribution log DL-4 reviewed: consignee name, quantity and date recorded for all 12 shipments.",
    ),
    # a count of a group named before is a part of the whole
    (
        "ISO 9001:2015",
        "7.2",
        "Competence records of welders have not been retained.",
        "Training matrix TM-2 lists the 6 welders; weld test certificates are on file for 4 of them.",
    ),
]


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"), DONE, ids=[f"{p[0]} {p[1]} {p[2][:30]}" for p in DONE]
)
def test_a_record_of_the_clauses_kind_answers_a_lack_restating_the_obligation(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    v = check_one(engine, std, clause, statement, evidence, grade="minor")
    assert v.verdict == "withdraw", v.issues
    assert "EV06" in _rules(v)


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"), KEPT, ids=[f"{k[0]} {k[1]} {k[2][:30]}" for k in KEPT]
)
def test_a_subset_or_a_shortfall_keeps_the_finding(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    v = check_one(engine, std, clause, statement, evidence, grade="minor")
    assert v.verdict != "withdraw", v.issues
    assert "EV06" not in _rules(v)
