"""The client's own document, named as the criterion or as the place a thing stands, is not a demand (issue 23).

Principles: a rule of the client's document with a multi-digit id ("authorised ... in QP-114", "QM-01 section 4
states ...") is its own criterion, so a remedy written after its breach is a suggested solution and never the
finding's basis; the quality manual named as the client's document is cited, not demanded; a place that says the
placing itself ("on the canteen notice board") names where a document of the system stands, not a subject outside
the standard. Each has a twin that must still be withdrawn. Wordings are ours.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

KEPT = [
    (
        "ISO 9001:2015",
        "8.6",
        "Two batches on hold after the oven fault of 3 March 2026 (hold record HR-26-031) were released by the line "
        "leader, who is not among the persons authorised to release product in QP-114. The organization should add "
        "the list of authorised persons to the release form.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "Permit PTW-2207 for hot work on 12 May 2026 was signed off by a fitter who is not among the persons "
        "authorised to issue permits in HSP-031. The site should restrict permit pads to the safety office.",
    ),
    (
        "ISO 9001:2015",
        None,
        "The quality manual QM-02 section 4 states internal audits are held twice a year; only one audit was held in "
        "2025 (audit report IA-25-1).",
    ),
    (
        "ISO 14001:2015",
        "7.5.3",
        "The environmental policy on the canteen notice board is issue 2; the current policy is issue 3 of March 2026.",
    ),
]

WITHDRAWN = [
    ("ISO 9001:2015", "7.5", "The organization has no quality manual."),
    ("ISO 9001:2015", None, "The canteen notice board has broken glass and the canteen floor is not cleaned daily."),
    (
        "ISO 22000:2018",
        "8.9.4",
        "Held product is released by the QA manager. The organization should print a release authority matrix on "
        "every hold tag.",
    ),
]


@pytest.mark.parametrize(("std", "clause", "statement"), KEPT)
def test_the_clients_document_named_keeps_the_finding(
    engine: Engine, std: str, clause: str | None, statement: str
) -> None:
    verdict = check_one(engine, std, clause, statement)
    assert verdict.verdict != "withdraw", [i.rule for i in verdict.issues]


@pytest.mark.parametrize(("std", "clause", "statement"), WITHDRAWN)
def test_its_twin_with_no_client_document_is_withdrawn(
    engine: Engine, std: str, clause: str | None, statement: str
) -> None:
    verdict = check_one(engine, std, clause, statement)
    assert verdict.verdict == "withdraw", [i.rule for i in verdict.issues]
