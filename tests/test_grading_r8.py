"""A major needs a major fact of its own (issue 24, round 8; 17021-1 3.12, 3.13).

Extent is read from counts and shares, effect from what the evidence says happened, absence from "none ... since"
over the period; the auditor's severity words ("a complete failure", "a serious risk") and a short gap in one
periodic record are no such fact. Each major wording has a near-identical twin with the major fact removed that
stays minor, and each minor wording a twin with the fact added that is major. Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.facts.grading import _not_all, _short_gap
from tests.one_finding import check_one

Q, F, IA = "ISO 9001:2015", "ISO 22000:2018", "IATF 16949:2016"
E, S, H, N = "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018", "ISO 50001:2018"

# standard, clause, raised grade, the minor wording (a contained lapse or a counted slip), its major twin
SLIPS: list[tuple[str, str, str, str, str]] = [
    # a periodic record missing for a few weeks or a month or two, the rest of the period in order
    (
        S,
        "5.15",
        "major",
        "The monthly access review was not recorded for two months while the IT administrator was on sick leave; "
        "the other months of the year are signed.",
        "The monthly access review has not been recorded for any month since January; none of the reviews of "
        "2026 are signed.",
    ),
    (
        F,
        "8.5.4",
        "major",
        "The daily cleaning verification was not signed for two weeks in August during the hygiene lead's holiday; "
        "all other weeks are signed.",
        "The daily cleaning verification has not been signed on any day since 1 May; the log is blank for 2026.",
    ),
    (
        H,
        "8.2",
        "ofi",
        "The eyewash station in the lab was obstructed and its weekly check has not been logged for two months; "
        "procedure EP-1 requires both.",
        "The eyewash station in the lab was obstructed and its weekly check has not been logged for eight months; "
        "procedure EP-1 requires both.",
    ),
    # one of a counted set, the rest complete, against most of the set
    (
        Q,
        "6.2.2",
        "major",
        "One of five quality objectives has no action plan; the other four plans are complete.",
        "Four of five quality objectives have no action plan; the other one plan is complete.",
    ),
    (
        E,
        "9.2.2",
        "major",
        "One internal audit of ten planned was not carried out; the other nine were done on schedule.",
        "Seven internal audits of ten planned were not carried out; the other three were done on schedule.",
    ),
    (
        Q,
        "7.5.3",
        "major",
        "1 of 10 inspection sheets at the lines was a superseded revision; the other 9 were current.",
        "6 of 10 inspection sheets at the lines were superseded revisions; the other 4 were current.",
    ),
    (
        S,
        "8.8",
        "major",
        "1 of 11 servers had critical patches outstanding; the other 10 were patched.",
        "9 of 11 servers had critical patches outstanding; the other 2 were patched.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "raised", "minor", "major"), SLIPS)
def test_a_counted_slip_is_minor_and_most_of_the_population_is_major(
    engine: Engine, standard: str, clause: str, raised: str, minor: str, major: str
) -> None:
    got = check_one(engine, standard, clause, minor, "Records seen on site.", grade=raised)
    assert got.proposed_grade == "minor", got.grade_reasons
    other = check_one(engine, standard, clause, major, "Records seen on site.", grade="minor")
    assert other.proposed_grade == "major", other.grade_reasons


# the auditor's severity words with one instance in evidence, against the same words with the extent recorded
SEVERITY_WORDS: list[tuple[str, str, str, str, str]] = [
    (
        Q,
        "5.2.2",
        "Showing the superseded quality policy on the canteen notice board is a total failure to communicate the "
        "policy.",
        "The current policy rev 5 is briefed at every team meeting and displayed in all other areas.",
        "The quality policy has not been communicated at all: no area displays it and none of the 12 staff "
        "interviewed knew it.",
    ),
    (
        E,
        "8.2",
        "The spill kit in the loading bay was empty: a complete breakdown of spill preparedness.",
        "The other six spill kits on site were full and are checked weekly.",
        "None of the seven spill kits on site had absorbent and none has been checked since March.",
    ),
    (
        H,
        "6.1.2.1",
        "The step ladder in the print room is not in the hazard register; this is a serious risk to workers.",
        "Hazard register HR-3 rev 6 covers the other 40 work activities.",
        "Work at height on the roof is done weekly without a harness and is not in the hazard register.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "words", "evidence", "major"), SEVERITY_WORDS)
def test_severity_words_are_no_major_fact(
    engine: Engine, standard: str, clause: str, words: str, evidence: str, major: str
) -> None:
    got = check_one(engine, standard, clause, words, evidence, grade="major")
    assert got.proposed_grade == "minor", got.grade_reasons
    other = check_one(engine, standard, clause, major, "Records seen on site.", grade="minor")
    assert other.proposed_grade == "major", other.grade_reasons


# a major fact the evidence records (records that cannot be true, harm done outside the process), against its twin
FACTS: list[tuple[str, str, str, str, str]] = [
    (
        F,
        "8.5.4",
        "record_untrue",
        "Metal detector checks were signed as done every hour on 2026-10-14 while the line was stopped for "
        "maintenance all day.",
        "Metal detector checks were signed as done every hour on 2026-10-14; two entries lack the time.",
    ),
    (
        IA,
        "7.1.5.1.1",
        "record_untrue",
        "The gauge R&R study for bracket B-77 names two appraisers who joined the company after the study date.",
        "The gauge R&R study for bracket B-77 names two appraisers; the report does not state the gauge serial.",
    ),
    (
        H,
        "9.1.1",
        "record_untrue",
        "Forklift pre-use check sheets for the whole month were found already filled in at the start of the month.",
        "Forklift pre-use check sheets for November were filled in daily; two days lack the driver's signature.",
    ),
    (
        Q,
        "7.1.5.2",
        "record_untrue",
        "The calibration record for caliper C-9 was copied from the record of caliper C-4.",
        "The calibration record for caliper C-9 was filed with the record of caliper C-4.",
    ),
    (
        S,
        "5.26",
        "event_outside_process",
        "An incident with a EUR 48k loss was never recorded or handled under the incident process.",
        "An incident with no loss was recorded two days late and then handled under the incident process.",
    ),
    (
        Q,
        "10.2",
        "event_outside_process",
        "A customer complaint about short deliveries was never logged as a complaint; GBP 12,000 was lost in "
        "credit notes.",
        "A customer complaint about short deliveries was logged as a complaint a day late; the credit note was "
        "issued under the procedure.",
    ),
]


FACTS += [
    (
        IA,
        "8.5.1.1",
        "record_untrue",
        "Set-up verification sheets were signed by the operator before the set-up started on 5 of 8 jobs.",
        "Set-up verification sheets were signed by the operator after the set-up on 8 of 8 jobs; one lacks the time.",
    ),
    (
        H,
        "9.1.1",
        "record_untrue",
        "Gas detector bump tests were recorded on days when the detectors were away for repair.",
        "Gas detector bump tests were recorded daily; on two days the tester's initials are missing.",
    ),
    (
        Q,
        "8.6",
        "record_untrue",
        "Final inspection records for the whole week were found pre-filled on Monday morning.",
        "Final inspection records for the whole week were found filed on Monday morning; one lacks the batch number.",
    ),
    (
        S,
        "5.24",
        "event_outside_process",
        "A ransomware infection of the finance server was never logged or handled as an incident; payroll data was "
        "lost.",
        "A ransomware infection of the finance server was logged as an incident a day late; no data was affected.",
    ),
    # not updated after a change that now carries most of what the process covers, against a minor item
    (
        S,
        "6.1.2",
        "main_scope_missed",
        "The risk assessment was not updated after the migration to the cloud platform, which now hosts most of the "
        "company's information assets.",
        "The risk assessment was not updated after the migration to the cloud platform, which now hosts the staff "
        "rota.",
    ),
    (
        H,
        "6.1.2.1",
        "main_scope_missed",
        "The hazard identification was not updated after the move to the new warehouse, where most of the workforce "
        "now works.",
        "The hazard identification was not updated after the move to the new warehouse, where two clerks now work.",
    ),
    # a required control not used since a date while the work it controls went on, counted
    (
        H,
        "8.1.2",
        "extent",
        "No hot work permits have been issued since April although welding was done on the roof 23 times.",
        "No hot work permit was found for one welding job on the roof in April; the other 22 jobs had permits.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "name", "major", "twin"), FACTS)
def test_a_recorded_major_fact_raises_and_its_twin_does_not(
    engine: Engine, standard: str, clause: str, name: str, major: str, twin: str
) -> None:
    got = check_one(engine, standard, clause, major, "Records seen on site.", grade="minor")
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(f"{name}:") for r in got.grade_reasons), got.grade_reasons
    other = check_one(engine, standard, clause, twin, "Records seen on site.", grade="minor")
    assert other.proposed_grade == "minor", other.grade_reasons


def test_not_for_all_is_some_and_not_at_all_three_is_every_one() -> None:
    clause = "Energy baselines have not been established for all SEUs"
    assert _not_all(clause, clause.index("for all"), "for all SEUs")
    clause = "Gauges were not calibrated at all three sites"
    assert not _not_all(clause, clause.index("at all"), "at all three sites")
    clause = "Energy baselines are missing for all SEUs"
    assert not _not_all(clause, clause.index("for all"), "for all SEUs")


def test_a_short_gap_is_not_a_whole_period() -> None:
    assert _short_gap("not been logged for two months")
    assert _short_gap("not recorded for three weeks")
    assert not _short_gap("not been logged for eight months")
    assert not _short_gap("not recorded for the last 6 months")


def test_not_for_all_significant_uses_stays_minor(engine: Engine) -> None:
    got = check_one(
        engine, N, "6.5", "Energy baselines have not been established for all SEUs.", "EnB register.", grade="major"
    )
    assert got.proposed_grade == "minor", got.grade_reasons
    other = check_one(
        engine, N, "6.5", "No energy baseline has been established for any of the five SEUs.", "EnB register."
    )
    assert other.proposed_grade == "major", other.grade_reasons
