"""A plain claim in the statement whose only source, in the evidence field, is a remark or a report of a report is
withdrawn (issue 23, round 9; EV07, or EV02 where the evidence is reported speech only).

Principle (17021-1 9.4.4, 9.4.5.3): information is audit evidence only once verified. A statement that names nothing
seen ("Parts are shipped before approval") is the claim; where the evidence field gives as its only source a remark
("it was mentioned at lunch that ...") or what a person says others said or complained of ("the security guard
stated residents complained"), nothing examined establishes a nonfulfilment. Each invalid wording has a
near-identical twin that stays kept: the remark verified by a record, the auditor's own observation, or the
responsible person's own account of what they did. All wordings are ours.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

# (standard, clause, statement, evidence) invalid, then its valid twin
PAIRS = [
    (
        (
            "IATF 16949:2016",
            "8.3.4.4",
            "Parts are shipped before PPAP approval.",
            "It was mentioned at lunch that parts ship before approval.",
        ),
        (
            "IATF 16949:2016",
            "8.3.4.4",
            "Parts are shipped before PPAP approval.",
            "It was mentioned at lunch that parts ship before approval; dispatch note DN-5521 of 2 October shows part "
            "7710 shipped, and its PPAP was approved on 20 October.",
        ),
    ),
    (
        (
            "ISO 9001:2015",
            "8.6",
            "Product is released before final inspection.",
            "It was mentioned over coffee that orders go out before inspection.",
        ),
        (
            "ISO 9001:2015",
            "8.6",
            "Product is released before final inspection.",
            "The auditor saw two boxes of orders handed to the carrier while their final inspection was still open.",
        ),
    ),
    (
        (
            "ISO 14001:2015",
            "9.1.1",
            "Noise from the yard at night is not monitored.",
            "The security guard stated residents complained about night-time noise.",
        ),
        (
            "ISO 14001:2015",
            "9.1.1",
            "Noise from the yard at night is not monitored.",
            "The security guard stated residents complained about night-time noise; the monitoring programme MP-2 "
            "lists no noise measurement and none has been made.",
        ),
    ),
    (
        (
            "ISO 14001:2015",
            "6.1.2",
            "Night-time noise has not been identified as a significant aspect.",
            "The security guard stated residents complained.",
        ),
        (
            "ISO 14001:2015",
            "6.1.2",
            "Night-time noise has not been identified as a significant aspect.",
            "The security guard stated residents complained; the complaints log holds three noise complaints in "
            "October and the aspects register AR-3 has no noise entry.",
        ),
    ),
    (
        (
            "ISO 45001:2018",
            "5.4",
            "Workers are not consulted on changes to shift patterns.",
            "A team leader stated that operators had complained that nobody asked them.",
        ),
        (
            "ISO 45001:2018",
            "5.4",
            "Workers are not consulted on changes to shift patterns.",
            "The shift manager stated that he had not consulted the workers before the change.",
        ),
    ),
]


@pytest.mark.parametrize(("invalid", "valid"), PAIRS, ids=[f"{p[0][0]} {p[0][1]} #{i}" for i, p in enumerate(PAIRS)])
@pytest.mark.parametrize("grade", ["minor", "major"])
def test_a_claim_whose_only_source_is_a_remark_is_withdrawn_and_its_twin_kept(
    engine: Engine, invalid: tuple, valid: tuple, grade: str
) -> None:
    withdrawn = check_one(engine, *invalid, grade=grade)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert {"EV02", "EV07"} & {i.rule for i in withdrawn.issues}
    twin = check_one(engine, *valid, grade=grade)
    assert twin.verdict != "withdraw", twin.issues
    assert not {"EV02", "EV07"} & {i.rule for i in twin.issues}


# a person's own account of their own practice, in the present or past tense, is interview evidence (kept); the same
# person speaking of others' practice is a report to verify (withdrawn)
OWN_ACCOUNT = [
    ("ISO 9001:2015", "8.6", "The release clerk said she releases orders before inspection when the van is waiting."),
    ("ISO 45001:2018", "8.1.2", "The fitter told us he usually removes the guard to clear jams without isolating."),
    ("ISO 22000:2018", "8.5.4", "The cook explained she recorded the core temperatures at the end of the shift."),
]
OTHERS_PRACTICE = [
    (
        "ISO 9001:2015",
        "8.6",
        "The release clerk said the dispatch team releases orders before inspection when the van is waiting.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "The fitter told us the night shift removes the guard to clear jams without isolating.",
    ),
    ("ISO 22000:2018", "8.5.4", "The cook said the other cooks record the core temperatures at the end of the shift."),
]


@pytest.mark.parametrize("finding", OWN_ACCOUNT, ids=[f[0] for f in OWN_ACCOUNT])
def test_a_persons_account_of_their_own_practice_is_not_hearsay(engine: Engine, finding: tuple) -> None:
    verdict = check_one(engine, *finding)
    assert verdict.verdict != "withdraw", verdict.issues
    assert not {"EV02", "EV07"} & {i.rule for i in verdict.issues}


@pytest.mark.parametrize("finding", OTHERS_PRACTICE, ids=[f[0] for f in OTHERS_PRACTICE])
def test_the_same_person_on_others_practice_is_a_report_to_verify(engine: Engine, finding: tuple) -> None:
    verdict = check_one(engine, *finding)
    assert verdict.verdict == "withdraw", verdict.issues
