"""What the finding's evidence says, not only whether it names records: words that undermine it (the record
produced later, an assumption, a check not yet made; EV05), and hearsay as second-hand reports only (EV02)."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report


def _rules(engine: Engine, standard: str, clause: str, statement: str, evidence: str | None) -> tuple[set[str], str]:
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [{"id": "F", "grade": "minor", "clause": clause, "statement": statement, "evidence": evidence}],
        }
    )
    finding = engine.check(report).findings[0]
    return {i.rule for i in finding.issues}, finding.verdict


UNDERMINED = [
    (
        "ISO 9001:2015",
        "7.5.3.2",
        "The approved drawing for part 77-A was not at the press.",
        "Drawing DR-77A rev D was located later that afternoon in the toolroom file.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Two forklift drivers held no valid licence.",
        "Licences of drivers D-4 and D-9 were provided by e-mail after the closing meeting.",
    ),
    (
        "ISO 14001:2015",
        "8.2",
        "The spill response plan was not tested.",
        "We presumed this because no drill report was on the notice board.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.8.13",
        "Backups of the ERP server are not restored as a test.",
        "Backup log BK-2026; restore tests to be verified at the next audit.",
    ),
    (
        "ISO 9001:2015",
        "8.4.1",
        "Supplier S-40 was not evaluated before use.",
        "Purchase order PO-5512. The audit team did not yet check the supplier file.",
    ),
]
SOUND = [
    (
        "ISO 9001:2015",
        "7.5.3.2",
        "The approved drawing for part 77-A was not at the press.",
        "Press 4 seen 2026-05-06: drawing DR-77A rev C in use; rev D issued 2026-03-01.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Two forklift drivers held no valid licence.",
        "Licences of drivers D-4 and D-9 expired 2026-01-31; none renewed by the audit date.",
    ),
    (
        "ISO 14001:2015",
        "8.2",
        "The spill response plan was not tested.",
        "Emergency plan EP-3 calls for a yearly drill; no drill record since 2024-04-11.",
    ),
]


@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence"), UNDERMINED, ids=[u[3][:40] for u in UNDERMINED]
)
def test_words_that_undermine_the_finding_are_flagged(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    rules, verdict = _rules(engine, standard, clause, statement, evidence)
    assert "EV05" in rules
    assert verdict != "withdraw"  # put right or withdrawn by the reviewer, never discarded on this alone


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), SOUND, ids=[s[3][:40] for s in SOUND])
def test_observed_evidence_is_not_undermined(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    rules, _ = _rules(engine, standard, clause, statement, evidence)
    assert "EV05" not in rules


def test_quoted_words_do_not_undermine(engine: Engine) -> None:
    rules, _ = _rules(
        engine,
        "ISO 9001:2015",
        "8.7.1",
        "Rejected housings were not segregated.",
        "Reject tag RT-19 on pallet 4 reads 'probably OK, re-check'; pallet stored in the dispatch lane.",
    )
    assert "EV05" not in rules


SECOND_HAND = [
    "A colleague from the warehouse remarked that the scales are never checked.",
    "The driver said that the dispatch clerk had told him the scales are never checked.",
    "It is rumoured on the shop floor that the scales are never checked.",
    "Someone in the canteen said the scales are never checked.",
]
FIRST_HAND = [
    "The stores manager admitted that the scales had not been checked this year.",
    "The stores supervisor told us she had not checked the scales since January.",
    "The weighbridge operator confirmed that no check weights are used.",
]


@pytest.mark.parametrize("evidence", SECOND_HAND, ids=[s[:40] for s in SECOND_HAND])
def test_a_second_hand_report_alone_is_hearsay(engine: Engine, evidence: str) -> None:
    rules, verdict = _rules(engine, "ISO 9001:2015", "7.1.5.2", "The stores scales are not checked.", evidence)
    assert "EV02" in rules and verdict == "withdraw"


@pytest.mark.parametrize("evidence", FIRST_HAND, ids=[f[:40] for f in FIRST_HAND])
def test_the_responsible_persons_own_account_is_not_hearsay(engine: Engine, evidence: str) -> None:
    rules, verdict = _rules(engine, "ISO 9001:2015", "7.1.5.2", "The stores scales are not checked.", evidence)
    assert "EV02" not in rules and verdict != "withdraw"


@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence"),
    [
        (
            "ISO 9001:2015",
            "7.1.5.2",
            "Measuring equipment is not calibrated at specified intervals.",
            "Clause 7.1.5.2 requires measuring equipment to be calibrated or verified at specified intervals.",
        ),
        (
            "ISO 14001:2015",
            "6.1.3",
            "The organization does not maintain its compliance obligations.",
            "The standard requires the organization to determine and have access to its compliance obligations.",
        ),
        (
            "ISO 45001:2018",
            "9.3",
            "Top management does not review the effectiveness of the OH&S management system.",
            None,
        ),
    ],
)
def test_a_requirement_quoted_back_is_no_evidence(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str | None
) -> None:
    rules, verdict = _rules(engine, standard, clause, statement, evidence)
    assert rules & {"EV01", "EV03", "EV04"}, rules
    assert verdict != "withdraw"


def test_a_requirement_beside_what_was_seen_keeps_the_evidence(engine: Engine) -> None:
    rules, _ = _rules(
        engine,
        "ISO 9001:2015",
        "7.1.5.2",
        "Measuring equipment is not calibrated at specified intervals.",
        "Clause 7.1.5.2 requires calibration at specified intervals. Micrometer M-4: label due 2026-01-31.",
    )
    assert not rules & {"EV01", "EV03", "EV04"}
