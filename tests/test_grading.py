"""The grade read from the whole finding (17021-1 3.12, 3.13; issue 24): a major kept, and a minor raised, only
with positive support; an isolated slip never proposed major; severity words read in context; an OFI raised only
when a requirement is recorded unmet. Every wording here is our own, over several standards."""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict, Report
from engine.facts.grading import sample_shares
from engine.tools.evaluate import format_grades, grade_figures


def _check(
    engine: Engine,
    standard: str,
    clause: str | None,
    grade: str | None,
    statement: str,
    evidence: str | None = None,
    **extra: Any,
) -> FindingVerdict:
    finding = {"id": "F-1", "grade": grade, "clause": clause, "statement": statement, "evidence": evidence}
    report = {"standard": standard, "findings": [finding], **extra}
    return engine.check(Report.model_validate(report)).findings[0]


def _facts(
    engine: Engine, standard: str, clause: str | None, grade: str | None, statement: str, evidence: str | None = None
) -> dict[str, Any]:
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [{"id": "F-1", "grade": grade, "clause": clause, "statement": statement, "evidence": evidence}],
        }
    )
    return engine.facts.build(report.findings, report.standard, report.audit, report.previous_findings)[0].fact


# -- majors found: each kind of positive support, raised as minor or ungraded ----------------------------------------

MAJORS = [
    # a process the requirement makes mandatory, absent (the obligation layer of the trees names it)
    (
        "ISO 14001:2015",
        "9.1.2",
        "minor",
        "Compliance evaluation has never been performed against the register of legal requirements.",
        "Register LR-01 rev 6 lists 48 obligations; the EHS lead confirmed no evaluation has been done.",
        "process_absent",
    ),
    (
        "ISO 9001:2015",
        "8.4.1",
        "minor",
        "No supplier has been evaluated or re-evaluated since the management system was introduced in 2023.",
        "Approved supplier list ASL-2 names 31 suppliers; no evaluation record exists for any.",
        "process_absent",
    ),
    (
        "ISO/IEC 27001:2022",
        "6.1.3",
        None,
        "The information security risk treatment plan does not exist.",
        "Asked for it on 2026-05-12, the ISMS manager confirmed none had been prepared; SoA v3 dated 2026-01-10.",
        "process_absent",
    ),
    (
        "ISO 45001:2018",
        "9.3",
        "minor",
        "Top management has not carried out a management review since the initial certification in 2024.",
        "No minutes or inputs for 2024, 2025 or 2026; confirmed by the managing director.",
        "process_absent",
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        "minor",
        "No internal audit has taken place in the current certification cycle.",
        "Audit programme AP-2024 lists twelve audits for 2024-2026; none has a report or a date.",
        "process_absent",
    ),
    # extent: most of the sample, across areas
    (
        "ISO 9001:2015",
        "7.2",
        "minor",
        "Competence records were missing for 9 of 12 technicians sampled across all three service depots.",
        "Depots North, East and Port; personnel files PF-101 to PF-112.",
        "extent",
    ),
    (
        "ISO 13485:2016",
        "8.2.2",
        "minor",
        "Complaints were not investigated: none of the 14 complaints received in 2026 had an investigation record.",
        "Complaint log CL-2026 entries C-01 to C-14.",
        "extent",
    ),
    # nonconforming output released, read in context
    (
        "ISO 9001:2015",
        "8.7.1",
        "minor",
        "Castings that failed the X-ray inspection were shipped to the customer without a concession.",
        "Lot 44-17 rejected on report XR-2231 on 2026-03-02; delivered under DN-9921 on 2026-03-04.",
        "output_effect",
    ),
    (
        "ISO 22000:2018",
        "8.9.4",
        None,
        "A batch that failed its metal detection check was released to the market.",
        "Batch 26-118 failed the check at 10:42 on 2026-06-03 (log MD-6); dispatched on 2026-06-04 under DN-771.",
        "output_effect",
    ),
    # legal, safety or information-security exposure
    (
        "ISO 14001:2015",
        "9.1.2",
        "minor",
        "The site's environmental permit expired in February 2026 and operations continue without renewal.",
        "Permit EPR-3341 expiry 2026-02-28; no renewal application on file at the audit on 2026-05-20.",
        "exposure",
    ),
    (
        "ISO 45001:2018",
        "9.1.2",
        "minor",
        "The thorough examination of overhead crane C-2 is four months overdue and the crane is in daily use.",
        "Last examination report dated 2025-01-10; twelve-monthly interval; crane log shows use on 2026-05-19.",
        "exposure",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "minor",
        "Two fitters were working at height on the mezzanine edge without fall protection.",
        "Observed on 2026-05-20 at 10:15, bay 3; no harness worn and no edge protection fitted.",
        "exposure",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.8.24",
        "minor",
        "Customer personal data backups are held unencrypted on a publicly accessible file share.",
        "Share \\\\fs02\\exports, 2026-04-02 export of 12,400 customer records, readable without login.",
        "exposure",
    ),
    # recurrence written in the finding
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "minor",
        "Gauges were again found past their calibration due date; the corrective action for the previous audit's "
        "finding 2025-03, closed as effective, has not worked.",
        "Gauges G-12 and G-19 due 2026-02-01, in use on 2026-04-11.",
        "recurrence",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        None,
        "The same condition as the last surveillance audit's finding was seen: drums of waste oil stored on open "
        "ground outside the bund.",
        "Yard area 2, six drums, 2026-09-03; finding 2025-NC-02 closed 2025-12-01.",
        "recurrence",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "grade", "statement", "evidence", "support"), MAJORS)
def test_a_major_is_found_from_its_positive_support(
    engine: Engine, standard: str, clause: str, grade: str | None, statement: str, evidence: str, support: str
) -> None:
    got = _check(engine, standard, clause, grade, statement, evidence)
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(support.split("_")[0]) for r in got.grade_reasons), got.grade_reasons
    assert any("17021-1 3.12" in r for r in got.grade_reasons)
    if grade == "minor":
        assert got.verdict == "regrade" and "undergraded" in {i.category for i in got.issues}


# -- majors without positive support are regraded, with the reason --------------------------------------------------

OVERGRADED = [
    (
        "ISO 9001:2015",
        "7.5.3.2",
        "One superseded revision of work instruction WI-14 was found at the lathe; the other 22 instructions checked "
        "were current.",
        "WI-14 rev C at lathe 3; rev D issued 2026-01-15.",
        "isolated",
    ),
    (
        "ISO 9001:2015",
        "8.5.1",
        "The shift handover log was not signed on 1 of 60 shifts reviewed.",
        "Handover log HL-3, night shift 2026-03-14.",
        "isolated",
    ),
    (
        "ISO 14001:2015",
        "7.2",
        "One of the eight waste operatives sampled had no record of spill-response training.",
        "Training file of operative 0417; the seven others hold certificates dated 2025.",
        "isolated",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        "Access rights of a leaver were removed two days after the leaving date instead of on the day.",
        "HR leaver list 2026-Q2; user jdoe left 2026-05-03, account disabled 2026-05-05 (ticket IT-5521).",
        None,
    ),
    (
        "ISO 9001:2015",
        "8.3.5",
        "Drawing D-445 rev C was released for manufacture without the design review signature required by procedure "
        "DP-02.",
        "Drawing D-445 rev C issued 2026-04-02; review box blank.",
        None,
    ),
    (
        "ISO 45001:2018",
        "7.5.3",
        "The procedure 'Chemicals delivered to site' was not reviewed at its scheduled date.",
        "Procedure HS-11 rev 2, review due 2026-01-31, not reviewed at the audit on 2026-04-14.",
        None,
    ),
    (
        "ISO 13485:2016",
        "7.3.9",
        "A drawing revision was released to production before its change record was approved.",
        "Drawing 55-102 rev F released 2026-02-10; change record CR-311 approved 2026-02-12.",
        None,
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence", "isolated"), OVERGRADED)
def test_a_major_without_positive_support_is_regraded_with_its_reason(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str, isolated: str | None
) -> None:
    got = _check(engine, standard, clause, "major", statement, evidence)
    assert got.proposed_grade == "minor", got.grade_reasons
    assert got.verdict == "regrade" and "overgraded" in {i.category for i in got.issues}
    reason = got.grade_reasons[0]
    assert "17021-1 3.13" in reason
    assert ("isolated" in reason) if isolated else ("no positive support" in reason)


# -- minors stay minor: no positive support, or support confined to one part ---------------------------------------

MINORS = [
    (
        "ISO 9001:2015",
        "8.4.1",
        "Two suppliers used in 2026 had no evaluation record.",
        "Purchase orders PO-7781 and PO-7790; neither supplier is on approved list ASL rev 9.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "The aspects register does not include the solvent recovery unit installed in April.",
        "Register AR-2 rev 5 dated 2026-01-20; unit SR-1 commissioned 2026-04-08.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.2",
        "No risk assessment has been carried out for the new paint line.",
        "Paint line PL-2 in use since 2026-03-01; risk assessment register RA-REG rev 12.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        "The access review for the finance application was not carried out in Q2.",
        "Access review schedule AR-SCH-2026; Q2 review for application FIN-01 not done.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "A recurring monthly check of the torque wrenches was missed in June.",
        "Check sheet TW-06, June 2026 blank; May and July completed.",
    ),
    (
        "ISO 9001:2015",
        "7.5.3.2",
        "Shipping procedure SP-2 'Goods shipped to customers' has no revision date.",
        "Procedure SP-2 in the quality folder, printed 2026-05-02.",
    ),
    (
        "ISO 9001:2015",
        "10.2.1",
        "The corrective action for customer complaint CC-2026-14 was not evaluated for effectiveness; the same "
        "complaint recurred in August.",
        "Complaint CC-2026-14 closed 2026-05-10; CC-2026-31 received 2026-08-12.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), MINORS)
def test_a_minor_is_not_raised_without_positive_support(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    got = _check(engine, standard, clause, "minor", statement, evidence)
    assert got.proposed_grade == "minor", got.grade_reasons
    assert "undergraded" not in {i.category for i in got.issues}


def test_an_isolated_slip_is_never_proposed_major_whatever_else_it_says(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 9001:2015",
        "7.5.3.2",
        "major",
        "Since certification one obsolete form of the 40 in use was found at goods-in.",
        "Form GI-3 rev 1 at goods-in on 2026-05-04; the other 39 forms sampled were current.",
    )
    assert got.proposed_grade == "minor", got.grade_reasons


# -- severity words in context ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "effect"),
    [
        ("Pumps that failed the pressure test were delivered to the customer.", "released"),
        ("Drawing D-12 rev B was released for production with a dimension out of tolerance.", "no"),
        ("Work instruction 'Rejected parts shipped back to supplier' was not approved.", "no"),
        ("Rejected lots could potentially have been shipped to the customer.", "no"),
    ],
)
def test_release_is_read_as_product_released(engine: Engine, statement: str, effect: str) -> None:
    facts = _facts(engine, "ISO 9001:2015", "8.7.1", "minor", statement, "Records QR-1 to QR-4, 2026-05-02.")
    assert facts["output_effect"] == effect


# -- OFIs --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("standard", "statement", "evidence", "proposed"),
    [
        (
            "ISO 13485:2016",
            "Two complaints were closed without recording why no investigation was needed, as required by 8.2.2.",
            "Complaints C-112 and C-118 closed 2026-04-03.",
            "minor",
        ),
        (
            "ISO 9001:2015",
            "Consider trending customer complaints by product family.",
            "Complaint log CL-2026 reviewed.",
            "ofi",
        ),
        (
            "ISO 9001:2015",
            "A training matrix would be best practice for the assembly team.",
            "Training records TR-1 to TR-9 complete.",
            "ofi",
        ),
        (
            "ISO 14001:2015",
            "Procedure EP-07 requires monthly bund inspections; the April and May inspections were not done.",
            "Bund inspection sheet BI-2026, April and May blank.",
            "minor",
        ),
        (
            "ISO/IEC 27001:2022",
            "The firewall rule review required by the client's own procedure IS-12 was not carried out in Q1 and Q2.",
            "Rule review log FW-LOG 2026: no entries before 2026-07-01.",
            "minor",
        ),
    ],
)
def test_an_ofi_is_raised_only_when_a_requirement_is_recorded_unmet(
    engine: Engine, standard: str, statement: str, evidence: str, proposed: str
) -> None:
    got = _check(engine, standard, None, "ofi", statement, evidence)
    assert got.proposed_grade == proposed, got.grade_reasons
    assert any("9.4.5.2" in r for r in got.grade_reasons)


# -- recurrence from the report's previous findings -------------------------------------------------------------------


def test_recurrence_from_previous_findings(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 45001:2018",
        "8.1.2",
        "minor",
        "Guards on the band saw had been removed.",
        "Band saw BS-2, workshop 1, 2026-10-02.",
        audit={"type": "surveillance", "date": "2026-10-02"},
        previous_findings=[
            {
                "id": "2025-NC-7",
                "clause": "8.1.2",
                "status": "closed",
                "date": "2025-10-01",
                "statement": "Guards on the band saw had been removed.",
                "evidence": "Band saw BS-2, 2025-10-01.",
            }
        ],
    )
    assert got.proposed_grade == "major"
    assert any(r.startswith("recurrence") and "2025-NC-7" in r for r in got.grade_reasons)


# -- reasons never contradict 3.12 ------------------------------------------------------------------------------------


def test_a_management_review_never_held_is_never_said_not_to_affect_capability(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 9001:2015",
        "9.3.1",
        "major",
        "No management review has ever been held.",
        "Confirmed by the general manager on 2026-03-03; no minutes exist.",
    )
    assert got.proposed_grade == "major"
    assert not any("does not affect" in r for r in got.grade_reasons)


# -- counting the sample --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        ("4 of the 12 leavers sampled kept access", [(4, 12)]),
        ("Audit log disabled since 2026-06-03 per configuration export of 2026-10-01", []),
        ("none of the 14 complaints had a record", [(0, 14)]),
        ("3/20 records unsigned", [(3, 20)]),
    ],
)
def test_sample_shares(text: str, shares: list[tuple[int, int]]) -> None:
    assert [(k, n) for k, n, _ in sample_shares(text)] == shares


def test_eval_grade_figures_by_raised_grade_and_confusion() -> None:
    figures = grade_figures([("major", "major", "major"), ("major", "minor", "major"), ("ofi", "minor", "minor")])
    assert figures["grade_by_raised"] == {"major": {"agree": 1, "judged": 2}, "ofi": {"agree": 1, "judged": 1}}
    assert figures["grade_confusion"]["major"] == {"major": 2}
    lines = format_grades(figures)
    assert "major 1/2 (50%)" in lines[0] and "observation -" in lines[0]
    assert lines[-1].split()[0] == "observation"


@pytest.mark.parametrize(
    ("statement", "proposed"),
    [
        ("One operator was observed at the grinder without PPE.", "minor"),
        ("One of the 12 press operators observed worked without hearing protection; the other 11 wore it.", "minor"),
        ("An operator suffered a hand injury after the guard had been removed from press P-2.", "major"),
    ],
)
def test_one_worker_without_ppe_is_a_lapse_but_harm_done_is_an_exposure(
    engine: Engine, statement: str, proposed: str
) -> None:
    got = _check(engine, "ISO 45001:2018", "8.1.2", "major", statement, "Press shop, 2026-05-02 10:10.")
    assert got.proposed_grade == proposed, got.grade_reasons


def test_a_major_on_a_mandated_process_recorded_as_not_done_stands_but_a_minor_is_not_raised(engine: Engine) -> None:
    statement = "Hazard identification was not carried out in line with procedure HS-02 before work started."
    evidence = (
        "Procedure HS-02 rev 4 step 3; activity log AL-2026-05 for 2026-05-04 to 2026-05-08; supervisor interview."
    )
    kept = _check(engine, "ISO 45001:2018", "6.1.2.1", "major", statement, evidence)
    assert kept.proposed_grade == "major", kept.grade_reasons
    assert "as the auditor judged" in kept.grade_reasons[0] and "3.12 note 1" in kept.grade_reasons[0]
    not_raised = _check(engine, "ISO 45001:2018", "6.1.2.1", "minor", statement, evidence)
    assert not_raised.proposed_grade == "minor", not_raised.grade_reasons


@pytest.mark.parametrize(
    ("standard", "statement", "evidence", "support"),
    [
        (
            "ISO 14001:2015",
            "Clinical waste from the first-aid room is collected by an unregistered carrier.",
            "Collection notes CW-3 to CW-9 name 'Van Man Ltd'; no registration number on any of them.",
            "exposure",
        ),
        (
            "ISO 14001:2015",
            "Wash water from the vehicle bay was seen running into the storm drain.",
            "Vehicle bay 1, 2026-06-03 11:20; interceptor bypass valve open.",
            "exposure",
        ),
        (
            "ISO 45001:2018",
            "An electrician was replacing a contactor with the supply still live.",
            "Panel DB-4, 2026-06-03 14:00; isolator not locked off.",
            "exposure",
        ),
        (
            "ISO/IEC 27001:2022",
            "Patient records were sent to the wrong external recipient and the breach was not notified to the "
            "supervisory authority.",
            "Incident log IL-2026-07, 2026-04-11.",
            "exposure",
        ),
        (
            "ISO 9001:2015",
            "Pumps with seized bearings were returned by the customer for the third time this year.",
            "Returns RMA-12, RMA-19 and RMA-31.",
            "output_effect",
        ),
        (
            "ISO 13485:2016",
            "The organisation keeps no device history record for any lot produced in 2026.",
            "Lots 26-01 to 26-14 in the production log.",
            "extent",
        ),
        (
            "ISO 9001:2015",
            "Gauge calibration has lapsed across the whole site: 11 of 13 gauges in use are out of calibration.",
            "Gauge register GR rev 14, audit 2026-06-02.",
            "extent",
        ),
    ],
)
def test_more_ways_auditors_write_a_major(
    engine: Engine, standard: str, statement: str, evidence: str, support: str
) -> None:
    got = _check(engine, standard, None, None, statement, evidence)
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(support) for r in got.grade_reasons), got.grade_reasons


@pytest.mark.parametrize(
    ("statement", "proposed"),
    [
        ("The organisation has no information security objectives at any level.", "major"),
        (
            "Risk assessments for visiting engineers were not reviewed before work began because the permit office had "
            "no checklist.",
            "minor",
        ),
    ],
)
def test_what_is_absent_is_read_near_the_absence_words(engine: Engine, statement: str, proposed: str) -> None:
    got = _check(engine, "ISO/IEC 27001:2022", None, "minor", statement, "Interview with the ISMS manager, 2026-05-04.")
    assert got.proposed_grade == proposed, got.grade_reasons


def test_software_released_to_customers_with_a_known_defect_is_product_released(engine: Engine) -> None:
    facts = _facts(
        engine,
        "ISO 9001:2015",
        "8.6",
        "minor",
        "Version 4.2 of the billing software was released to customers with a known defect in the tax calculation.",
        "Release record RL-42, 2026-03-02; defect D-881 open since 2026-02-20.",
    )
    assert facts["output_effect"] == "released"


@pytest.mark.parametrize(
    ("standard", "statement", "proposed"),
    [
        ("ISO 9001:2015", "Management reviews not held in 2025 or 2026.", "major"),
        ("ISO 14001:2015", "Significant aspects not determined; aspects register not available.", "major"),
        ("ISO 13485:2016", "Complaint handling not implemented: 25 complaints received, none investigated.", "major"),
        ("ISO 9001:2015", "Rejected castings mixed with good stock and then shipped.", "major"),
        ("ISO/IEC 27001:2022", "Ex-employees still have active VPN accounts: 9 of 14 leavers checked.", "major"),
        ("ISO 9001:2015", "Corrective action for NCR-2231 not completed by its due date.", "minor"),
        ("ISO 45001:2018", "Two weekly forklift checks due in May, none recorded.", "minor"),
        ("ISO 9001:2015", "Calibration label missing on caliper C-12.", "minor"),
    ],
)
def test_terse_report_style_is_read_the_same_way(engine: Engine, standard: str, statement: str, proposed: str) -> None:
    got = _check(engine, standard, None, None, statement)
    assert got.proposed_grade == proposed, got.grade_reasons


@pytest.mark.parametrize(
    ("statement", "proposed"),
    [
        ("Supplier Norcast not evaluated before use.", "minor"),
        ("The supplier of castings was not evaluated before use.", "minor"),
        ("Suppliers are not evaluated.", "major"),
        ("The organisation does not evaluate its suppliers.", "major"),
    ],
)
def test_one_item_singled_out_is_an_instance_not_the_process(engine: Engine, statement: str, proposed: str) -> None:
    got = _check(engine, "ISO 9001:2015", "8.4.1", None, statement)
    assert got.proposed_grade == proposed, got.grade_reasons


def test_a_missing_document_about_a_process_is_not_the_process_absent(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 14001:2015",
        "9.1.2",
        "minor",
        "No documented procedure exists for the evaluation of compliance.",
        "Compliance evaluation record CE-2026 completed 2026-03-01 for all 40 obligations.",
    )
    assert got.proposed_grade != "major", got.grade_reasons  # minor, or none where no requirement asks for it


ISOLATED_SLIPS = [
    ("ISO 9001:2015", "The internal audit of the purchasing process planned for March has not been carried out."),
    ("ISO 14001:2015", "The waste transfer note for one collection in April was not signed by the carrier."),
    ("ISO 45001:2018", "The risk assessment for the new laser cutter has not been done."),
    ("ISO 45001:2018", "An operator was not wearing safety glasses at the pillar drill."),
    ("ISO/IEC 27001:2022", "One server, SRV-07, had not received the April security patches."),
    ("ISO 13485:2016", "The cleaning record for the cleanroom was not signed on 2026-04-14."),
    ("ISO 22000:2018", "The fridge temperature was not recorded on one day in May."),
    ("ISO 9001:2015", "There is no record that the new receptionist was trained on the complaint log."),
]


@pytest.mark.parametrize(("standard", "statement"), ISOLATED_SLIPS)
@pytest.mark.parametrize("grade", ["major", "minor"])
def test_an_isolated_slip_is_never_proposed_major(engine: Engine, standard: str, statement: str, grade: str) -> None:
    got = _check(engine, standard, None, grade, statement, "Seen on 2026-05-02 during the site tour.")
    assert got.proposed_grade in ("minor", "none"), got.grade_reasons


# -- a safety exposure read from the work itself (17021-1 3.12 note 1) ------------------------------------------------

UNASSESSED_WORK = [
    (
        "ISO 45001:2018",
        "8.1.3",
        "The guarding on press P-7 was modified by maintenance without assessing the risk to the operators.",
        "Work order WO-5512 dated 2026-03-14; no risk assessment or change record for it.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "There is no evidence that the three agency workers driving forklift trucks in the dispatch yard are "
        "competent to do so safely.",
        "Dispatch yard, 2026-05-20; the agency staff's training files were asked for and none was provided.",
    ),
    (
        "BS OHSAS 18001:2007",
        "4.3.1",
        "A new solvent degreasing tank was installed and put into use before any risk assessment had been made.",
        "Tank T-9 in bay 2, in use since January 2026; the risk assessment register has no entry for it.",
    ),
    (
        "ISO 9001:2015",
        "8.5.1",
        "The bending machine was relocated and operated without a safety assessment.",
        "Machine BM-2, moved on 2026-04-03; production records show use since.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), UNASSESSED_WORK)
def test_work_done_without_the_risk_assessment_or_shown_competence_is_a_safety_exposure(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    facts = _facts(engine, standard, clause, "minor", statement, evidence)
    assert facts["exposure"] == "safety"
    got = _check(engine, standard, clause, "minor", statement, evidence)
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith("exposure: safety exposure") and "3.12" in r for r in got.grade_reasons), got.grade_reasons


PAPERWORK_IN_A_SAFETY_CONTEXT = [
    (
        "ISO 45001:2018",
        "7.2",
        "One toolbox-talk attendance sheet was not signed by the supervisor.",
        "Sheet TT-14 of 2026-05-03; the other 11 sheets sampled were signed.",
    ),
    ("ISO 45001:2018", "6.1.2.2", "Risk assessment RA-12 for the paint line was not signed by the approver.", "RA-12."),
    (
        "ISO 45001:2018",
        "7.2",
        "No evidence was shown that the receptionist was trained on the visitor booking system.",
        "HR file, 2026-04.",
    ),
    (
        "ISO 9001:2015",
        "7.2",
        "There is no evidence that the inspector is trained in the use of the new measuring software.",
        "Training record TR-4, 2026-04.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "The extraction fan could have been modified without a risk assessment.",
        "Fan F-3, 2026-05-02.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), PAPERWORK_IN_A_SAFETY_CONTEXT)
def test_a_paperwork_slip_in_a_safety_context_is_no_exposure(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    assert _facts(engine, standard, clause, "minor", statement, evidence)["exposure"] == "no"
    got = _check(engine, standard, clause, "major", statement, evidence)
    assert got.proposed_grade in ("minor", "none"), got.grade_reasons


# -- the obligation layer names the processes auditors write of -------------------------------------------------------


@pytest.mark.parametrize(
    ("standard", "clause", "statement", "process"),
    [
        ("ISO 9001:2015", "6.2", "No quality objectives have been established for any function.", "quality objectives"),
        (
            "ISO 9001:2015",
            "9.1",
            "Customer satisfaction has never been monitored since certification.",
            "monitoring of customer satisfaction",
        ),
        (
            "ISO 22000:2018",
            "8.5.4",
            "CCP monitoring has never been carried out since the HACCP plan was approved.",
            "CCP monitoring",
        ),
        (
            "ISO/IEC 27001:2022",
            "5.2",
            "No information security policy has ever been established.",
            "information security policy",
        ),
    ],
)
def test_a_mandated_process_the_trees_now_name_is_found_absent(
    engine: Engine, standard: str, clause: str, statement: str, process: str
) -> None:
    got = _check(engine, standard, clause, "minor", statement, "Management interview and document review, 2026-05.")
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(f"process_absent: the {process} that") for r in got.grade_reasons), got.grade_reasons


def test_an_annex_a_control_is_a_mandated_process_only_as_the_statement_of_applicability_includes_it(
    engine: Engine,
) -> None:
    tree = engine.library.get("iso-iec-27001-2022")
    assert tree is not None
    control = tree.clause("A.8.13")
    assert control is not None and control.obligation is not None
    assert control.obligation.processes
    assert all("statement of applicability" in p for p in control.obligation.processes)


@pytest.mark.parametrize(
    ("statement", "evidence", "absent"),
    [
        ("The environmental policy has not been communicated to the site's contractors.", "Interview, 2026-05.", "no"),
        ("No environmental policy has ever been established.", "Document review, 2026-05-03.", "absent"),
    ],
)
def test_an_act_not_done_to_an_output_is_not_the_output_absent(
    engine: Engine, statement: str, evidence: str, absent: str
) -> None:
    facts = _facts(engine, "ISO 14001:2015", "5.2", "minor", statement, evidence)
    assert (facts["process_absent"] == "absent") == (absent == "absent")


def test_an_auditors_grade_is_overturned_only_on_what_the_record_shows(engine: Engine) -> None:
    statement = "Energy objectives are not established."
    thin = _facts(engine, "ISO 50001:2018", "6.2", "minor", statement, "Discussed with the site.")
    assert thin["process_absent"] != "absent"
    shown = _facts(
        engine, "ISO 50001:2018", "6.2", "minor", statement, "Energy manual EM-1 rev 3 and review minutes 2026-02-10."
    )
    assert shown["process_absent"] == "absent"
    spanned = _facts(
        engine, "ISO 50001:2018", "6.2", "minor", "Energy objectives have not been established since 2024."
    )
    assert spanned["process_absent"] == "absent"


# -- a run of consecutive records, each failing, is the whole population ---------------------------------------------

RUNS = [
    ("ISO 9001:2015", "8.5.1", "Work orders WO-3310 to WO-3324 carried no final inspection stamp."),
    ("ISO 14001:2015", "9.1.1", "Discharge samples S-120 to S-131 were not analysed within the holding time."),
    ("ISO 13485:2016", "7.5.1", "Sterilisation loads 4410 to 4419 were released without the cycle printout."),
]


@pytest.mark.parametrize(("standard", "clause", "statement"), RUNS)
def test_a_run_of_consecutive_records_failing_is_pervasive(
    engine: Engine, standard: str, clause: str, statement: str
) -> None:
    assert _facts(engine, standard, clause, "minor", statement)["extent"] == "pervasive"


@pytest.mark.parametrize(
    "statement",
    [
        "Work orders WO-3310 to WO-3324 were sampled; WO-3318 carried no final inspection stamp.",
        "Between 6 to 9 October one furnace chart was not filed.",  # a short run of days is no population
    ],
)
def test_a_run_said_only_to_be_sampled_or_a_short_span_is_not(engine: Engine, statement: str) -> None:
    assert _facts(engine, "ISO 9001:2015", "8.5.1", "minor", statement)["extent"] != "pervasive"


def test_years_are_no_run_of_records() -> None:
    from engine.facts.grading import record_runs

    assert record_runs("reviews were not held from 2019 to 2023") == []
    assert [n for n, _, _ in record_runs("batches B-2019 to B-2023 were not tested")] == [5]
