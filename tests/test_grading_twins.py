"""Majors found, minors kept (issue 24, second round): each principle of a major as a twin, a wording that shows it
and a near-identical one that must stay minor, over several standards. Both directions are judged on the same facts
(17021-1 3.12, 3.13). Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict
from engine.facts.grading import sample_shares
from tests.one_finding import check_one

Twin = tuple[str, str, str, str, str, str, str]  # standard, clause, fact, major, its evidence, minor, its evidence


def _check(
    engine: Engine, standard: str, clause: str | None, grade: str, statement: str, evidence: str
) -> FindingVerdict:
    return check_one(engine, standard, clause, statement, evidence, grade=grade)


# 1. extent as a share or a spread: most of a population, or the failure over several sites, departments or shifts
EXTENT: list[Twin] = [
    (
        "ISO 45001:2018",
        "9.1.1",
        "extent",
        "Gas monitor bump tests were not recorded on 11 of 14 night shifts in October.",
        "Bump test log BT-10, October 2026.",
        "The gas monitor bump test was not recorded on 1 of 14 night shifts in October.",
        "Bump test log BT-10, October 2026.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "extent",
        "33 of 41 torque wrenches in the assembly hall were past their calibration due date.",
        "Calibration register CR-7, checked 2026-11-03.",
        "1 of 41 torque wrenches in the assembly hall was past its calibration due date.",
        "Calibration register CR-7, checked 2026-11-03.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.8.7",
        "extent",
        "A quarter of the workstations in the finance, sales and logistics departments had no anti-malware agent "
        "running.",
        "Endpoint console report EP-2026-11 of 2026-11-02.",
        "One workstation in the finance department had no anti-malware agent running.",
        "Endpoint console report EP-2026-11 of 2026-11-02.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "extent",
        "Aspects registers were out of date at both plants and at the outsourced logistics contractor.",
        "Registers ER-A and ER-B rev 2019; the contractor's register was not provided.",
        "The aspects register at one of the two plants had not been reviewed this year.",
        "Register ER-B last reviewed 2025-10-02; register ER-A reviewed 2026-04-11.",
    ),
    (
        "ISO 22000:2018",
        "8.5.4.3",
        "extent",
        "Sixty per cent of the CCP monitoring sheets sampled from weeks 30 to 39 were incomplete.",
        "Chiller CCP sheets CH-30 to CH-39.",
        "5% of the CCP monitoring sheets sampled from weeks 30 to 39 were incomplete.",
        "Chiller CCP sheets CH-30 to CH-39.",
    ),
    (
        "ISO 45001:2018",
        "7.4",
        "extent",
        "Toolbox talk attendance records were missing for two thirds of the weeks sampled on the three project sites.",
        "Site files for weeks 20 to 40 on projects P-11, P-12 and P-14.",
        "The toolbox talk attendance record was missing for one of the 30 weeks sampled on project P-11.",
        "Site file for week 27 on project P-11; the other weeks were on file.",
    ),
    (
        "ISO 9001:2015",
        "8.4.1",
        "extent",
        "None of the 12 sampled suppliers of machined parts had an evaluation record.",
        "Approved supplier list ASL rev 9; purchase orders PO-8801 to PO-8812.",
        "None of the two sampled low-value stationery suppliers had an evaluation record.",
        "Approved supplier list ASL rev 9 names 60 suppliers; the other 58 were evaluated in 2026.",
    ),
]

# 2. a process the requirement makes mandatory absent, or stopped within scope
PROCESS: list[Twin] = [
    (
        "ISO 9001:2015",
        "8.3.4",
        "process_absent",
        "No planning, review, verification or validation records were available for any of the designs released "
        "this year.",
        "Design register DR-26.",
        "The validation record for one of the designs released this year was unsigned.",
        "Design register DR-26, design D-7.",
    ),
    (
        "ISO 9001:2015",
        "8.3.4",
        "process_absent",
        "There were no design review, verification or validation records for any of the four products released "
        "from development this year.",
        "Design files DF-21 to DF-24.",
        "There was no design review record for one of the four products released from development this year.",
        "Design file DF-22; files DF-21, DF-23 and DF-24 complete.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "process_absent",
        "The calibration service contract lapsed in March and was not renewed; the gauges are still in daily use.",
        "Contract CS-11 expired 2026-03-31; gauges G-1 to G-40 in the inspection room.",
        "The calibration service contract lapsed in March and was renewed in April; gauge G-7, due in the gap, was "
        "calibrated two weeks late.",
        "Contract CS-11 renewed 2026-04-14; calibration certificate CC-7781 of 2026-04-20.",
    ),
    (
        "ISO 50001:2018",
        "6.3",
        "process_absent",
        "No energy review has been carried out since certification.",
        "The energy manager confirmed this on 2026-11-02; no review report in the EnMS folder.",
        "The energy review omitted one of the 14 significant energy uses, the new compressor installed in July.",
        "Energy review ER-2026 dated 2026-02-01; compressor C-4 commissioned 2026-07-14.",
    ),
]

# 3. nonconforming or suspect output reaching the customer or the market (product, not a document)
OUTPUT: list[Twin] = [
    (
        "ISO 9001:2015",
        "8.7.1",
        "output_effect",
        "Pallets placed on quality hold were dispatched to the customer before the hold was lifted.",
        "Hold tag QH-17 of 2026-10-02; delivery note DN-5521 of 2026-10-03.",
        "Pallets placed on quality hold were kept in the quarantine cage, but one hold tag was not dated.",
        "Hold tag QH-17 in the quarantine cage on 2026-10-03.",
    ),
    (
        "ISO 9001:2015",
        "8.6",
        "output_effect",
        "Final inspection of shipped pumps was performed against a superseded revision of the acceptance criteria.",
        "Inspection plan IP-4 rev C used; rev D current since 2026-05-01; 80 pumps delivered since then.",
        "A copy of a superseded revision of the acceptance criteria was kept in the quality office.",
        "Inspection plan IP-4 rev C in the office binder; the inspectors at the line used rev D.",
    ),
    (
        "ISO 13485:2016",
        "7.5.6",
        "output_effect",
        "The ethylene oxide sterilisation cycle has not been revalidated since the chamber was replaced, and "
        "sterile kits continue to be released.",
        "Chamber replaced 2026-02; validation report VR-9 dated 2022; kit lots K-2601 onwards released.",
        "The sterilisation revalidation report for 2026 was not yet signed by the QA manager.",
        "Report VR-12 completed 2026-09-01, unsigned; the revalidation passed.",
    ),
]

# 4. safety, legal and regulatory exposure: duties and critical controls, read as data in the lexicons
EXPOSURE: list[Twin] = [
    (
        "ISO 14001:2015",
        "8.2",
        "exposure",
        "No assessment of the diesel spill of 3 June was recorded and no notification was made to the environment "
        "agency.",
        "Incident log IL-6.",
        "The assessment of the diesel spill of 3 June was recorded and the agency notified, but the log entry lacks "
        "the time.",
        "Incident log IL-6.",
    ),
    (
        "ISO 22000:2018",
        "8.5.4.3",
        "output_effect",
        "CCP cooling records were filled in without the probe checks being carried out.",
        "Operator interviewed at 14:10; the probe was not used during the shift.",
        "One CCP cooling record was completed without the supervisor's countersignature.",
        "Record CR-2 of 2026-11-02.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "exposure",
        "The light curtain on press P-3 was defeated with a bridging plug while the press was in production.",
        "Observed 2026-11-03 10:20 with the operator on shift.",
        "The daily check sheet for press P-3's light curtain was not signed for Tuesday.",
        "Check sheet PC-3, week 44; the curtain worked when tested by the auditor.",
    ),
    (
        "ISO 22000:2018",
        "8.5.2.2",
        "exposure",
        "Sesame was not considered in the hazard analysis although it is run on the shared bakery line with "
        "sesame-free products.",
        "HACCP plan HP-3 rev 5; production schedule for line 2, week 44.",
        "The allergen matrix for the shared bakery line had not been signed off by the QA manager; sesame is "
        "listed with its controls.",
        "Allergen matrix AM-2 rev 4, unsigned.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.26",
        "exposure",
        "The ransomware event of September, which involved customer personal data, was not assessed for a breach "
        "notification.",
        "Incident ticket INC-502 of 2026-09-14.",
        "The ransomware event of September was assessed for a breach notification, but the ticket has no closure date.",
        "Incident ticket INC-502 of 2026-09-14.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.24",
        "exposure",
        "No assessment of the personal data incident of 2026-08-14 was recorded and no notification was made.",
        "Incident ticket INC-4411.",
        "The assessment of the personal data incident of 2026-08-14 was recorded one day after the team's target.",
        "Incident ticket INC-4411.",
    ),
    (
        "ISO 22000:2018",
        "8.5.4.3",
        "output_effect",
        "CCP temperature checks were recorded on the sheet at shift start for the whole shift, before the product "
        "was cooked.",
        "Sheet CCP-2 for 2026-11-02: every entry initialled at 06:00.",
        "One CCP sheet for 2 November was not countersigned by the shift supervisor.",
        "Sheet CCP-2 for 2026-11-02; all checks recorded at the times of the checks.",
    ),
]

# 5. recurrence: the earlier correction did not hold
RECURRENCE: list[Twin] = [
    (
        "ISO 9001:2015",
        "10.2.1",
        "recurrence",
        "The CAPA for the late deliveries was closed in March, yet on-time delivery fell again to 71% in September.",
        "CAPA-19 closed 2026-03-30; delivery performance dashboard, September 2026.",
        "The CAPA for the late deliveries was closed in March; on-time delivery was 71% in September against 95%.",
        "CAPA-19 closed 2026-03-30; delivery performance dashboard, September 2026.",
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        "recurrence",
        "The internal audit found the same label mix-up the last surveillance raised.",
        "Internal audit report IA-26-3; finding NC 2025-7.",
        "The internal audit found a label mix-up at packing line 2.",
        "Internal audit report IA-26-3.",
    ),
    (
        "ISO 9001:2015",
        "10.2.1",
        "recurrence",
        "The customer reported the same cracked-weld failure mode again in October after the 8D was closed.",
        "8D-221 closed 2026-06-20; complaint CC-88 of 2026-10-09.",
        "The customer reported a cracked-weld failure in October; the 8D investigation is under way.",
        "Complaint CC-88 of 2026-10-09; 8D-221 opened 2026-10-10.",
    ),
    (
        "ISO 14001:2015",
        "10.2",
        "recurrence",
        "Although the corrective action for the spill-kit finding had been accepted, spill kits were again found "
        "empty.",
        "Corrective action CA-33 accepted 2026-03-02; kits SK-1 and SK-3 empty on 2026-11-04.",
        "The corrective action for the spill-kit finding had been accepted; its effectiveness check is due in "
        "December.",
        "Corrective action CA-33 accepted 2026-03-02; effectiveness check planned 2026-12-10.",
    ),
]

# 6. the certification body's rules on marks, as the 17021-1 tree sets them
MARKS: list[Twin] = [
    (
        "ISO 9001:2015",
        "",
        "mark_misuse",
        "Product cartons on sale in the market carry the certification body's mark.",
        "Carton bought from a retailer on 2026-10-30.",
        "The certification body's mark on the company's website is shown in the wrong colour.",
        "Website home page seen 2026-10-30.",
    ),
    (
        "ISO/IEC 27001:2022",
        "",
        "mark_misuse",
        "The company continued to display the certificate on its website after the suspension of certification.",
        "Website home page seen 2026-11-02; suspension letter of 2026-06-10.",
        "The company website displays the certificate without its scope statement.",
        "Website home page seen 2026-11-02.",
    ),
    (
        "ISO 9001:2015",
        "",
        "mark_misuse",
        "The accreditation body's symbol is printed on product packaging sold in retail stores.",
        "Carton artwork PK-7 rev 2; cartons seen in the dispatch area.",
        "The certification mark is used on the company's letterhead without the certificate number.",
        "Letterhead template LT-2.",
    ),
    (
        "ISO 14001:2015",
        "",
        "mark_misuse",
        "The certification body's logo appears on the labels of the bottled products.",
        "Label artwork LB-14; bottles in the finished goods store.",
        "The certification body's logo appears on the company's brochure in an old colour scheme.",
        "Brochure BR-3 of 2026.",
    ),
]

TWINS = [*EXTENT, *PROCESS, *OUTPUT, *EXPOSURE, *RECURRENCE, *MARKS]


@pytest.mark.parametrize(("standard", "clause", "fact", "major", "major_evidence", "minor", "minor_evidence"), TWINS)
def test_the_major_twin_is_found_with_its_reason(
    engine: Engine,
    standard: str,
    clause: str,
    fact: str,
    major: str,
    major_evidence: str,
    minor: str,
    minor_evidence: str,
) -> None:
    got = _check(engine, standard, clause or None, "minor", major, major_evidence)
    assert got.proposed_grade == "major", got.grade_reasons
    reasons = [r for r in got.grade_reasons if r.startswith(f"{fact}:")]
    assert reasons, got.grade_reasons
    assert "17021-1 3.12" in reasons[0], reasons  # the clause of 17021-1 behind it, and its words quoted
    assert "'" in reasons[0], reasons


@pytest.mark.parametrize(("standard", "clause", "fact", "major", "major_evidence", "minor", "minor_evidence"), TWINS)
@pytest.mark.parametrize("raised", ["minor", "major"])
def test_the_minor_twin_stays_minor(
    engine: Engine,
    standard: str,
    clause: str,
    fact: str,
    major: str,
    major_evidence: str,
    minor: str,
    minor_evidence: str,
    raised: str,
) -> None:
    got = _check(engine, standard, clause or None, raised, minor, minor_evidence)
    assert got.proposed_grade == "minor", got.grade_reasons


# 7. isolated slips are minor whatever grade was raised
SLIPS = [
    (
        "ISO 9001:2015",
        "7.2",
        "The competence evidence for one new planner was not on file.",
        "Planner P-14, started 2026-09.",
    ),
    (
        "ISO 14001:2015",
        "7.5.3",
        "One waste transfer note was incomplete; the missing carrier number was available from the carrier's invoice.",
        "Note WTN-2211; invoice INV-7781.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Two of the 40 sampled forklift operators' refresher dates were a week overdue.",
        "Training matrix TM-4; both refreshers booked for 2026-11-12.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        "Access rights were not removed for 1 of 21 leavers in the period.",
        "Directory export of 2026-09-30 against leavers list HR-L-26.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), SLIPS)
def test_an_isolated_slip_raised_major_is_proposed_minor(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    got = _check(engine, standard, clause, "major", statement, evidence)
    assert got.proposed_grade == "minor", got.grade_reasons
    assert got.verdict == "regrade"


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("a fifth of the laptops", (20, 100)),
        ("two thirds of the records", (67, 100)),
        ("60% of the sheets", (60, 100)),
        ("sixty per cent of the sheets", (60, 100)),
        ("half of the operators", (50, 100)),
    ],
)
def test_fractions_and_percentages_are_shares_of_a_hundred(text: str, share: tuple[int, int]) -> None:
    assert [(k, n) for k, n, _ in sample_shares(text)] == [share]


def test_a_share_written_as_words_is_quoted_in_its_own_words(engine: Engine) -> None:
    got = _check(
        engine,
        "ISO 9001:2015",
        "7.2",
        "minor",
        "Only 30% of the welders had current qualification records.",
        "Welder files W-1 to W-9.",
    )
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith("extent:") and "70%, the rest of 30% of the welders" in r for r in got.grade_reasons)
