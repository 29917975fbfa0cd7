"""Majors with positive support (issue 24, round 7), by principle: records that cannot be true (signed before the
work existed, copied from another item, filled in ahead), a required assessment that leaves out its main scope, a
real event handled outside its process with harm done, a failure at every item the standard singles out. Each
major wording has a near-identical twin that must stay minor (17021-1 3.12, 3.13). Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

Q, F, M, IA = "ISO 9001:2015", "ISO 22000:2018", "ISO 13485:2016", "IATF 16949:2016"
E, S, H, N = "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018", "ISO 50001:2018"

# standard, clause, the fact that shows the major, the major wording, its twin (raised minor in both)
TWINS: list[tuple[str, str, str, str, str]] = [
    # records that cannot be true
    (
        Q,
        "8.6",
        "record_untrue",
        "Final inspection records for 9 of 14 batches carry inspection times earlier than the production log shows "
        "the batches were made.",
        "Final inspection record for one of 14 batches was signed a day after the batch was made; the production log "
        "shows the inspection was done on time.",
    ),
    (
        Q,
        "8.6",
        "record_untrue",
        "Release signatures on the final inspection records of 8 of 11 lots are dated before the lots were produced "
        "according to the production log.",
        "Release signature on the final inspection record of lot 8 is dated after the lot was produced according to "
        "the production log, by one day.",
    ),
    (
        IA,
        "7.1.5.1.1",
        "record_untrue",
        "The measurement system analysis sent to the customer for the launched bracket was copied from the data of "
        "a different part; no study was ever run on the bracket itself.",
        "The measurement system analysis for the launched bracket was run on the bracket itself, but the study report "
        "does not state the gauge serial number.",
    ),
    (
        M,
        "7.5.6",
        "record_untrue",
        "The process validation report submitted for the sterile pouch sealer was copied from another machine's "
        "study; the sealer itself was never validated.",
        "The process validation report for the sterile pouch sealer was checked against the sealer's own study; the "
        "report lacks the approver's title.",
    ),
    (
        F,
        "8.5.4.3",
        "record_untrue",
        "Chilled storage check sheets were completed in advance for the coming week without the checks being made.",
        "Chilled storage check sheets were completed for the past week; one entry was made in pencil.",
    ),
    (
        H,
        "7.5.3",
        "record_untrue",
        "Toolbox talk attendance sheets were pre-filled with signatures before the talks took place, on several dates.",
        "Toolbox talk attendance sheets were signed at the talks; on one date the supervisor's name is illegible.",
    ),
    # a required assessment leaves out the main part of what it covers
    (
        S,
        "6.1.2",
        "main_scope_missed",
        "The information security risk assessment does not cover the new cloud platform that now holds all customer "
        "data.",
        "The information security risk assessment does not cover the spare meeting-room printer.",
    ),
    (
        N,
        "6.3",
        "main_scope_missed",
        "The energy review does not cover the compressed air system, which is the site's largest energy use.",
        "The energy review does not cover the staff kitchen kettle.",
    ),
    (
        E,
        "6.1.2",
        "main_scope_missed",
        "The aspects register no longer covers the main solvent coating line since it was moved to hall 3.",
        "The aspects register no longer covers the bicycle shelter since it was moved to hall 3.",
    ),
    # a real event handled outside its process, with harm done
    (
        S,
        "5.26",
        "event_outside_process",
        "A fraudulent change of supplier bank details was handled by the finance team outside the incident "
        "management process: no incident record was raised, no analysis was made and the company lost the money "
        "paid.",
        "A phishing email reported by a user was recorded in the incident log two days late; it was analysed and "
        "closed under the incident process.",
    ),
    (
        Q,
        "10.2",
        "event_outside_process",
        "A customer's duplicate invoice payment was dealt with by the sales manager outside the complaint procedure, "
        "with no record or analysis; the company lost the customer's account.",
        "A customer's duplicate invoice payment was logged as a complaint a day late, then analysed and closed under "
        "the complaint procedure.",
    ),
    # a statutory condition breached: an emission source run without the permit the law asks for
    (
        E,
        "6.1.4",
        "exposure",
        "A process change made without assessment left an unpermitted emission point venting to air for five months.",
        "A process change was assessed a week late; the new emission point is listed on the permit and was sampled.",
    ),
    # a failure at every item the standard singles out
    (
        N,
        "7.1.5",
        "extent",
        "The meters at every significant energy use have failed or were never verified, and the EnPIs and the "
        "reported energy improvement are based on their readings.",
        "One meter on a minor office circuit was overdue its verification by two weeks.",
    ),
    (
        F,
        "8.5.4.3",
        "extent",
        "Monitoring records at all critical control points were missing for the night shift in May.",
        "Monitoring record at one critical control point was missing for a single night shift in May; the other "
        "points were recorded.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "name", "major", "twin"), TWINS)
def test_positive_support_is_read_and_its_twin_is_not_major(
    engine: Engine, standard: str, clause: str, name: str, major: str, twin: str
) -> None:
    got = check_one(engine, standard, clause, major, "Records seen on site.", grade="minor")
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(f"{name}:") and "3.12" in r for r in got.grade_reasons), got.grade_reasons
    other = check_one(engine, standard, clause, twin, "Records seen on site.", grade="minor")
    assert other.proposed_grade == "minor", other.grade_reasons


@pytest.mark.parametrize(
    ("standard", "clause", "statement"),
    [
        # handled outside the process, but no harm recorded; harm that could have happened is none
        (S, "5.26", "A lost laptop was handled by IT outside the incident process; the device was encrypted."),
        (
            Q,
            "10.2",
            "A customer complaint was handled by sales outside the complaint procedure; the customer could have been "
            "lost.",
        ),
        # the main scope covered, a minor item left out
        (N, "6.3", "The energy review covers the largest energy use; it does not cover the staff kitchen kettle."),
    ],
)
def test_without_the_fact_a_gap_stays_minor(engine: Engine, standard: str, clause: str, statement: str) -> None:
    got = check_one(engine, standard, clause, statement, "Records seen on site.", grade="minor")
    assert got.proposed_grade == "minor", got.grade_reasons
