"""OFIs and slips graded by what they record (issue 24, round 7), by principle: an OFI that records the client's own
rule unmet, or one requirement unmet at one place for a while, is a minor nonconformity, not an OFI and not a
major (17021-1 9.4.5.2, 3.11, 3.13); its twin, an improvement where the rule is met, stays an OFI, and a lapse that
lasts months or spreads over places keeps its extent. Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

Q, F, IA = "ISO 9001:2015", "ISO 22000:2018", "IATF 16949:2016"
E, S, H = "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018"
EVIDENCE = "Records seen on site, May 2026."


# 1. the client's own documented rule recorded as unmet: a nonconformity (minor); the twin meets it and suggests more
@pytest.mark.parametrize(
    ("standard", "clause", "grade", "unmet", "met"),
    [
        (
            H,
            "8.2",
            "ofi",
            "The emergency plan requires a spill kit at each storage location; the paint store has none.",
            "The emergency plan requires a spill kit at each storage location and all locations have one; the kit "
            "contents could be standardised.",
        ),
        (
            E,
            "8.2",
            "observation",
            "The site's emergency procedure requires an eyewash station at every chemical store; the store behind "
            "building C lacks one.",
            "The site's emergency procedure requires an eyewash station at every chemical store and each store has "
            "one; signage to them could be larger.",
        ),
        (
            Q,
            "5.2.1",
            "ofi",
            "The quality policy has not been reviewed at the two-year interval the organisation set for itself.",
            "The quality policy was reviewed at the two-year interval the organisation set; it could also be "
            "reviewed after major changes.",
        ),
    ],
)
def test_an_ofi_recording_the_clients_own_rule_unmet_is_a_minor(
    engine: Engine, standard: str, clause: str, grade: str, unmet: str, met: str
) -> None:
    got = check_one(engine, standard, clause, unmet, EVIDENCE, grade=grade)
    assert got.proposed_grade == "minor", got.grade_reasons
    twin = check_one(engine, standard, clause, met, EVIDENCE, grade=grade)
    assert twin.proposed_grade == "ofi", twin.grade_reasons


# 2. one rule unmet at one station or place for some weeks: a lapse of a working system (minor), not a breakdown;
# the twin, the same rule unmet for months, keeps the whole-period reading and with it the major
@pytest.mark.parametrize(
    ("standard", "clause", "grade", "statement"),
    [
        (
            F,
            "8.5.4.3",
            "ofi",
            "The site's own procedure for checking the sieve was not followed at the flour intake for two weeks; no "
            "foreign matter was found.",
        ),
        (
            E,
            "8.1",
            "ofi",
            "The organisation's procedure for waste segregation was not followed at one workshop for several weeks.",
        ),
        (
            Q,
            "8.5.1",
            "major",
            "The work instruction for torque verification was not followed at station 4 for three weeks in March.",
        ),
    ],
)
def test_a_few_weeks_at_one_place_is_not_a_breakdown(
    engine: Engine, standard: str, clause: str, grade: str, statement: str
) -> None:
    got = check_one(engine, standard, clause, statement, EVIDENCE, grade=grade)
    assert got.proposed_grade == "minor", got.grade_reasons
    assert not any(r.startswith("extent:") and "3.12" in r for r in got.grade_reasons), got.grade_reasons


@pytest.mark.parametrize(
    ("standard", "clause", "statement"),
    [
        (F, "8.5.4.3", "Metal detector checks were not carried out on the packing line for the last six months."),
        (S, "8.1", "The weekly access log reviews have not been done for the past five months."),
        (Q, "8.5.1", "The torque verification was not followed at any of the assembly stations for three weeks."),
    ],
)
def test_a_lapse_for_months_or_everywhere_stays_a_breakdown(
    engine: Engine, standard: str, clause: str, statement: str
) -> None:
    got = check_one(engine, standard, clause, statement, EVIDENCE, grade="major")
    assert got.proposed_grade == "major", got.grade_reasons
