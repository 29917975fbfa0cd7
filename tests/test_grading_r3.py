"""Majors found, slips kept minor (issue 24, round 3): each principle as a twin, a wording that shows the support
for a major and a near-identical one on the same facts that must stay minor, over several standards (17021-1 3.12,
3.13, 9.4.5.2). Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict
from tests.one_finding import check_one

# standard, clause, the fact that shows the major, the major wording, its minor twin, the evidence of both
Twin = tuple[str, str | None, str, str, str, str]


def _check(
    engine: Engine, standard: str, clause: str | None, grade: str, statement: str, evidence: str
) -> FindingVerdict:
    return check_one(engine, standard, clause, statement, evidence, grade=grade)


RAISE: list[Twin] = [
    # 1. nonconforming output released: a critical limit breached, or a change made without its verification, and
    # the output gone out; the twin records the output put right first, or the verification done
    (
        "ISO 22000:2018",
        "8.5.4.3",
        "output_effect",
        "At CCP 2 the pasteuriser temperature fell below the 72 C critical limit for 6 minutes on 3 March; the flow "
        "diversion valve did not operate and no corrective action was recorded.",
        "At CCP 2 the pasteuriser temperature fell below the 72 C critical limit for 6 minutes on 3 March; the flow "
        "diversion valve operated and the product was reprocessed, but the deviation was not entered in the CCP "
        "deviation log.",
        "Chart PR-0303; batches B-311 to B-314 were dispatched to retail customers on 4 March.",
    ),
    (
        "ISO 22000:2018",
        "8.5.4.4",
        "output_effect",
        "The cooling CCP log shows the product core above the 5 C critical limit for 40 minutes on 9 June; no "
        "corrective action was taken and the trays were sent to the shops.",
        "The cooling CCP log shows the product core above the 5 C critical limit for 40 minutes on 9 June; the trays "
        "were destroyed, but the deviation form was not countersigned.",
        "Cooling log CL-0609; delivery notes DN-88 to DN-91.",
    ),
    (
        "ISO 13485:2016",
        "7.3.9",
        "output_effect",
        "The housing material was changed from polycarbonate to ABS without design verification.",
        "The housing material was changed from polycarbonate to ABS after design verification; the change record "
        "ECO-118 was not signed by quality.",
        "Engineering change ECO-118 implemented 2 April; lots 2604-01 to 2604-09 have been shipped to distributors.",
    ),
    (
        "ISO 9001:2015",
        "8.5.6",
        "output_effect",
        "The paint supplier was changed without verification of the new coating; 12 batches coated since then have "
        "been delivered to the customer.",
        "The paint supplier was changed after verification of the new coating; 12 batches coated since then have "
        "been delivered to the customer, but change note CN-31 lacks its approval date.",
        "Change note CN-31; dispatch log June.",
    ),
    # 3. danger to people seen: a means of escape made unusable, people at an edge not tied to the fall protection
    (
        "ISO 45001:2018",
        "8.2",
        "exposure",
        "Both emergency exit doors of the packing hall are padlocked every night while the night shift is working.",
        "Both emergency exit doors of the packing hall are unlocked while the night shift is working; the weekly exit "
        "check for 6 May was not recorded.",
        "Observed at 23:10 on 6 May; 18 workers on shift.",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "exposure",
        "The fire exit at the rear of the warehouse was chained shut during the day shift.",
        "The fire exit at the rear of the warehouse was open during the day shift; its inspection tag was out of date.",
        "Observed 10:20, 12 people in the warehouse.",
    ),
    (
        "ISO 45001:2018",
        None,
        "exposure",
        "Roofers of contractor Apex were working at the roof edge without being attached to the fall arrest system; "
        "the contractor had never been evaluated.",
        "Roofers of contractor Apex were working at the roof edge attached to the fall arrest system; the "
        "contractor's evaluation form was not dated.",
        "Warehouse roof, 7 May.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "exposure",
        "Two scaffolders on the third lift were not clipped to an anchor point while moving boards.",
        "Two scaffolders on the third lift were clipped to an anchor point while moving boards; the scaffold tag was "
        "not dated.",
        "Site B, 14 May.",
    ),
    # 4. a required system broken down over its whole scope: nothing since a date, none of the new items, the
    # measuring means out of action for months
    (
        "ISO 22000:2018",
        "8.3",
        "extent",
        "The traceability test was not completed; no goods receipt since 1 March links the supplier lot to the "
        "internal lot number.",
        "The traceability test was completed; one goods receipt of 14 sampled since 1 March does not link the "
        "supplier lot to the internal lot number.",
        "Goods-in records GR-0301 onwards.",
    ),
    (
        "ISO 9001:2015",
        "8.5.2",
        "extent",
        "No delivery since January has the heat number recorded on the goods-in sheet, so castings cannot be traced "
        "to their melt.",
        "One delivery since January does not have the heat number recorded on the goods-in sheet; the other 30 do.",
        "Goods-in sheets GI-2026.",
    ),
    (
        "ISO/IEC 27001:2022",
        "8.2",
        "extent",
        "The information security risk assessment was not repeated after the move to the cloud platform; none of the "
        "38 new assets are in the asset register.",
        "The information security risk assessment was repeated after the move to the cloud platform; one of the 38 "
        "new assets is not in the asset register.",
        "Asset register AR rev 7; migration completed in June.",
    ),
    (
        "ISO 50001:2018",
        "9.1.1",
        "extent",
        "The meters on the significant energy uses have been out of service for six months and the estimated figures "
        "were reported to top management as measured.",
        "One meter on the significant energy uses was out of service for two days in May and the gap was marked as "
        "estimated in the report to top management; the repair note was not filed.",
        "Energy report ER-Q2; meter log ML-2.",
    ),
    (
        "ISO 14001:2015",
        "9.1.1",
        "extent",
        "The effluent flow meter has been out of service for five months, and the monthly returns to the water "
        "company were estimated without saying so.",
        "The effluent flow meter was out of service for two days in April, and the return for April says the gap was "
        "estimated; the repair note was not filed.",
        "Returns January to May.",
    ),
    # 5. the same failure back after a corrective action was closed
    (
        "ISO 9001:2015",
        "10.2.1",
        "recurrence",
        "CAPA-88 for the cracked bracket was closed as effective on 12 March. Three further complaints with the same "
        "failure mode followed (C-12, C-15, C-19).",
        "CAPA-88 for the cracked bracket was closed as effective on 12 March. No further complaints with the same "
        "failure mode followed; the effectiveness check was not signed.",
        "CAPA log 2026.",
    ),
    (
        "ISO 13485:2016",
        "8.5.2",
        "recurrence",
        "NCR-201, NCR-207 and NCR-215 record the same burr defect on three further lots; CAPA-40 was not reopened.",
        "NCR-201 records a burr defect on one lot; CAPA-40 was raised for it and is in progress.",
        "CAPA-40 raised 2 February; NCR log 2026.",
    ),
    (
        "IATF 16949:2016",
        "10.2.3",
        "recurrence",
        "This is a repeat of NC 2025-07, for which CA 2025-07 was closed as effective.",
        "The problem-solving record for NC 2026-02 lacks the containment step.",
        "Scrap tags on line 4, 8 May.",
    ),
    (
        "ISO 9001:2015",
        "10.2.1",
        "recurrence",
        "The 8D for the loose connector was closed on 3 April as effective; two further field returns for the same "
        "defect arrived in May.",
        "The 8D for the loose connector was closed on 3 April as effective; two further field returns arrived in May "
        "for a different defect, a cracked housing.",
        "8D-14; returns RMA-301, RMA-322.",
    ),
    (
        "ISO 14001:2015",
        "10.2",
        "recurrence",
        "This is a repeat of nonconformity NC-2025-04 on bund maintenance: oil is again standing in bund 3.",
        "Oil is standing in bund 3; the bund inspection on 10 May did not record it.",
        "Bund 3, 12 May.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "name", "major", "minor", "evidence"), RAISE)
def test_a_minor_with_support_is_raised_to_major_and_its_twin_stays_minor(
    engine: Engine, standard: str, clause: str | None, name: str, major: str, minor: str, evidence: str
) -> None:
    raised = _check(engine, standard, clause, "minor", major, evidence)
    assert raised.proposed_grade == "major", raised.grade_reasons
    assert any(r.startswith(f"{name}:") and "3.12" in r for r in raised.grade_reasons), raised.grade_reasons
    twin = _check(engine, standard, clause, "minor", minor, evidence)
    assert twin.proposed_grade == "minor", twin.grade_reasons


@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence"),
    [
        # a statement without a failure is no breakdown, and equipment down for days is no span
        (
            "ISO 9001:2015",
            "9.1.2",
            "The complaint of 4 January was not analysed; no complaints have been received since March.",
            "Complaints log 2026.",
        ),
        (
            "ISO 9001:2015",
            "7.1.3",
            "The forklift was broken for two weeks in May and pallets were moved by hand "
            "without the lifting assessment.",
            "Maintenance log ML-5.",
        ),
    ],
)
def test_no_failure_since_a_date_and_a_short_outage_stay_minor(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    got = _check(engine, standard, clause, "minor", statement, evidence)
    assert got.proposed_grade == "minor", got.grade_reasons


# 6. slips graded major: one of n failing, one item lacking a part, a record of a meeting that was held
@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence"),
    [
        (
            "ISO/IEC 27001:2022",
            "A.8.1",
            "LT-0457 had disk encryption disabled after a reimage; the other 9 of 10 laptops sampled are encrypted.",
            "Endpoint console export, 8 May.",
        ),
        (
            "ISO/IEC 27001:2022",
            "A.8.7",
            "Anti-malware was disabled on server SRV-12 after a patch; the other 11 of 12 servers sampled run it.",
            "Console export 9 May.",
        ),
        (
            "ISO 9001:2015",
            "6.2.2",
            "One quality objective lacks a method for evaluating its results.",
            "Objectives register OBJ-2026.",
        ),
        (
            "ISO 9001:2015",
            "9.3.2",
            "Critical failure: the management review meeting was held on 5 May but its minutes are missing.",
            "Attendance list MR-05.",
        ),
        (
            "ISO 14001:2015",
            "9.3",
            "Serious breakdown: the management review took place in March but no record of its "
            "outputs could be produced.",
            "Diary entry 14 March.",
        ),
    ],
)
def test_a_slip_graded_major_is_proposed_minor(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    got = _check(engine, standard, clause, "major", statement, evidence)
    assert got.proposed_grade == "minor", got.grade_reasons
    assert any("3.13" in r for r in got.grade_reasons), got.grade_reasons


# 6-7. an OFI that records one unmet requirement is a minor, not a major (a permit named in it is no lapse of the
# permit); an OFI about improving what runs and is not required stays an OFI
@pytest.mark.parametrize(
    ("standard", "clause", "grade", "statement", "evidence", "proposed"),
    [
        (
            "ISO 9001:2015",
            "7.1.5.2",
            "ofi",
            "Opportunity: the calibration of gauge G-4 has not been carried out by the due date set in QP-7.",
            "Gauge G-4 due 1 April; audit 12 May.",
            "minor",
        ),
        (
            "ISO 9001:2015",
            "9.2.2",
            "observation",
            "Observation: internal audits have not been carried out on the "
            "despatch process this year, as the programme requires.",
            "Audit programme AP-2026.",
            "minor",
        ),
        (
            "ISO 14001:2015",
            "9.1.2",
            "ofi",
            "Area of concern: the evaluation of compliance has not been performed for the new air permit conditions.",
            "Permit variation V-3.",
            "minor",
        ),
        (
            "ISO 50001:2018",
            "9.1.1",
            "ofi",
            "The energy dashboard, which has run since March, could show hourly data to make waste easier to spot.",
            "Dashboard ED-1.",
            "ofi",
        ),
        (
            "ISO 45001:2018",
            "9.1.1",
            "observation",
            "The monthly safety walk, which is done as planned, could include the night shift as well.",
            "Walk records 2026.",
            "ofi",
        ),
    ],
)
def test_an_ofi_is_graded_on_what_it_records(
    engine: Engine, standard: str, clause: str, grade: str, statement: str, evidence: str, proposed: str
) -> None:
    got = _check(engine, standard, clause, grade, statement, evidence)
    assert got.proposed_grade == proposed, got.grade_reasons


def test_a_permit_still_lapsed_is_an_exposure_whatever_words_come_before_it(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 14001:2015",
        "9.1.2",
        "minor",
        "Operations continue on an expired discharge consent.",
        "Consent DC-12 expired 31 January; no renewal on file at the audit of 12 May.",
    )
    assert got.proposed_grade == "major", got.grade_reasons


# an OFI or observation that records one unmet requirement is a minor nonconformity, not a major one: a check not
# recorded on two shifts (occasions, not parts of the organisation), a process not
# done with nothing identifying what was examined; its twin records the whole process absent and stays major
@pytest.mark.parametrize(
    ("standard", "clause", "grade", "statement", "evidence", "proposed"),
    [
        (
            "ISO 9001:2015",
            "9.2.1",
            "observation",
            "Observation: no internal audits have been carried out since the initial certification in 2024.",
            "Audit programme AP-2026 is blank; the audit folder is empty.",
            "major",
        ),
        (
            "ISO 22000:2018",
            "8.5.4.2",
            "observation",
            "Concern: the metal detector check at CCP 3 was not recorded on two shifts in May.",
            "Check sheets MD May.",
            "minor",
        ),
        (
            "ISO 22000:2018",
            "8.5.4.2",
            "observation",
            "Concern: the metal detector check at CCP 3 was not recorded on any shift in May.",
            "Check sheets MD May.",
            "major",
        ),
        (
            "ISO 45001:2018",
            "6.1.2.1",
            "observation",
            "Area of concern: the hazard identification for the new mezzanine has not been done.",
            "Mezzanine in use since April.",
            "minor",
        ),
        (
            "ISO/IEC 27001:2022",
            "A.5.9",
            "observation",
            "Area of concern: the asset inventory does not include the twelve tablets issued to field staff in May.",
            "Inventory AI-7.",
            "minor",
        ),
    ],
)
def test_an_ofi_recording_one_unmet_requirement_is_minor_unless_a_major_fact_holds(
    engine: Engine, standard: str, clause: str, grade: str, statement: str, evidence: str, proposed: str
) -> None:
    got = _check(engine, standard, clause, grade, statement, evidence)
    assert got.proposed_grade == proposed, got.grade_reasons


def test_a_process_out_of_validation_releasing_output_is_major_and_its_revalidated_twin_minor(engine: Engine) -> None:
    major = _check(
        engine,
        "ISO 13485:2016",
        "7.5.6",
        "minor",
        "The steam sterilisation cycle has been out of validation since the load pattern was changed in May; 41 lots "
        "were released as sterile.",
        "Validation VR-ST-2; release log.",
    )
    assert major.proposed_grade == "major", major.grade_reasons
    minor = _check(
        engine,
        "ISO 13485:2016",
        "7.5.6",
        "minor",
        "The steam sterilisation cycle was revalidated when the load pattern was changed in May; 41 lots were "
        "released as sterile, one with its release form undated.",
        "Validation VR-ST-3; release log.",
    )
    assert minor.proposed_grade == "minor", minor.grade_reasons
