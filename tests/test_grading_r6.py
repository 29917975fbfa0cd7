"""Majors found, slips and OFIs kept (issue 24, round 6), by principle: each wording that shows positive support
for a major has a near-identical twin on the same facts that must not be proposed major (17021-1 3.12, 3.13,
9.4.5.2). Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

Q, F, M, IA = "ISO 9001:2015", "ISO 22000:2018", "ISO 13485:2016", "IATF 16949:2016"
E, S, H, N = "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018", "ISO 50001:2018"

# standard, clause, raised grade, the fact that shows the major, the major wording, its twin, the evidence of both
TWINS: list[tuple[str, str, str, str, str, str, str]] = [
    # 1. output released whose conformity is not shown: a result out of its limit however named, the paper it left
    # on, a check of it not made over many occasions; the twin has the result in limit or the check made
    (
        Q,
        "8.6",
        "minor",
        "output_effect",
        "The bore was out of limit on 7 of 18 parts in the inspection record for lot 4410. The lot was dispatched on "
        "9 May on delivery note DN-3301 without a concession.",
        "The bore was within limits on 18 of 18 parts in the inspection record for lot 4410. The lot was dispatched "
        "on 9 May on delivery note DN-3301, but the record carries no revision number.",
        "Inspection record IR-4410.",
    ),
    (
        Q,
        "8.6",
        "minor",
        "output_effect",
        "Hardness results for batch HT-220 are below the minimum on 5 of 8 samples. Batch HT-220 left site on 14 May "
        "on delivery note 66120.",
        "Hardness results for batch HT-220 are within the limits on 8 of 8 samples. Batch HT-220 left site on 14 May "
        "on delivery note 66120; the test certificate was not dated.",
        "Hardness log HL-3.",
    ),
    (
        F,
        "8.5.4.3",
        "major",
        "output_effect",
        "Metal detector checks were not carried out on 12 night shifts in April. All batches produced on those "
        "shifts were released and dispatched to customers.",
        "Metal detector checks were carried out on all 12 night shifts in April and all batches were released and "
        "dispatched; the check sheet for 4 April was not countersigned.",
        "CCP 4 check sheets, April.",
    ),
    (
        IA,
        "8.5.6.1",
        "major",
        "output_effect",
        "The polymer for the clip housing was changed to a new supplier without the customer notification the "
        "customer-specific requirements demand. Parts have been shipped continuously since the change in March.",
        "The polymer for the clip housing was changed to a new supplier after the customer was notified on 3 March; "
        "parts have been shipped continuously since, but the change log lacks the date of the notification.",
        "PPAP file; CSR section 4.",
    ),
    (
        F,
        "8.9.4",
        "minor",
        "output_effect",
        "Product from the chiller that failed on 2 May was not evaluated. The 14 pallets were dispatched to retail "
        "on 3 May.",
        "Product from the chiller that failed on 2 May was evaluated by QA and found within temperature; the 14 "
        "pallets were dispatched on 3 May, but the evaluation form has no reference number.",
        "Chiller log; DN-5521 to DN-5524.",
    ),
    # 3. the records the process rests on cannot be true; the twin has a record incomplete or explained
    (
        Q,
        "8.6",
        "major",
        "record_untrue",
        "Final release sheets are signed as inspected by an inspector who was on annual leave on those dates; no one "
        "else is authorised to sign. All 36 shipments in the period were made against these sheets.",
        "One final release sheet was signed by the deputy inspector, who is authorised, but the authorisation list "
        "on the notice board had not been updated to show the deputy.",
        "Leave calendar; release sheets RS-101 to RS-136.",
    ),
    (
        E,
        "9.1.1",
        "major",
        "record_untrue",
        "The stack emission results reported for the last six quarters are identical to two decimal places, and "
        "the laboratory report numbers quoted match no report held.",
        "The stack emission result for Q2 was transcribed into the return with the report number missing; the "
        "laboratory report itself is on file and matches.",
        "Emission returns Q1 2025 to Q2 2026.",
    ),
    (
        N,
        "9.1.1",
        "major",
        "record_untrue",
        "EnPI data for the compressor house were entered by hand as estimates while the meter read zero for the "
        "whole year, and reported to top management as a 12% improvement.",
        "One month's EnPI figure for the compressor house was entered as an estimate while meter M-4 was replaced, "
        "and was labelled as estimated in the report to top management.",
        "EnPI workbook 2026; meter M-4.",
    ),
    # 4. the organisation's own end-to-end test of a process failed; the twin passed it with a slip
    (
        F,
        "8.3",
        "major",
        "process_absent",
        "In the traceability exercise, lots of 5 of the 12 ingredients of finished batch B-77 could not be traced to "
        "their supplier.",
        "In the traceability exercise, all 12 ingredients of finished batch B-77 were traced to their supplier, but "
        "the exercise took six hours against the four set in the procedure.",
        "Traceability test TT-26.",
    ),
    (
        S,
        "A.8.13",
        "major",
        "process_absent",
        "In the restore test of 12 March, the backups of the finance database could not be restored.",
        "In the restore test of 12 March, the backups of the finance database were restored in 40 minutes; the "
        "restore log was not signed by the IT manager.",
        "Restore log RL-3.",
    ),
    # 4. pest evidence on the food itself, not only on the site
    (
        F,
        "8.2",
        "major",
        "exposure",
        "The pest control contractor reported rodent activity on six consecutive visits with no action taken; "
        "droppings were seen on ingredient sacks in use.",
        "The pest control contractor reported rodent activity on six consecutive visits; each report was actioned "
        "within a day, but the action log for visit 3 is not dated.",
        "Pest reports PC-01 to PC-07.",
    ),
    # 2. a known weakness left open on most of what was counted
    (
        S,
        "A.8.8",
        "major",
        "extent",
        "38 of 55 internet-facing servers have critical vulnerabilities open for more than 90 days.",
        "3 of 55 internet-facing servers have critical vulnerabilities open for more than 90 days.",
        "Vulnerability scan VS-0412.",
    ),
    # 5. the same failure after a corrective action closed as effective; the twin reports none since
    (
        H,
        "10.2",
        "minor",
        "recurrence",
        "CA-19 was closed as effective on 4 February. Near-miss reports NM-31, NM-36 and NM-40 since then describe "
        "the same forklift and pedestrian interaction at the same loading door.",
        "CA-19 was closed as effective on 4 February. No near-miss at the loading door has been reported since; the "
        "effectiveness review was not signed by the manager.",
        "CA log; near-miss log.",
    ),
    (
        E,
        "10.2",
        "minor",
        "recurrence",
        "Corrective action CA-2025-11 on the spill kits was closed as effective in January; the kits at the tanker "
        "bays were found empty again in May.",
        "Corrective action CA-2025-11 on the spill kits was closed as effective in January; the kits at the tanker "
        "bays were full in May, but the check sheet was not dated.",
        "Inspection 12 May.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "grade", "name", "major", "twin", "evidence"), TWINS)
def test_positive_support_is_read_and_its_twin_is_not_major(
    engine: Engine, standard: str, clause: str, grade: str, name: str, major: str, twin: str, evidence: str
) -> None:
    got = check_one(engine, standard, clause, major, evidence, grade=grade)
    assert got.proposed_grade == "major", got.grade_reasons
    assert any(r.startswith(f"{name}:") and "3.12" in r for r in got.grade_reasons), got.grade_reasons
    other = check_one(engine, standard, clause, twin, evidence, grade=grade)
    assert other.proposed_grade == "minor", other.grade_reasons


# 7. one instance not done, recoverable, or an event that did not happen: a major proposed minor (3.13)
@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence"),
    [
        (
            Q,
            "6.2.1",
            "The evaluation of one quality objective, on-time delivery, has not been carried out since Q3, although "
            "the delivery data are held in the ERP.",
            "Objectives register 2026.",
        ),
        (
            S,
            "6.1.2",
            "The information security risk assessment was last reviewed 14 months ago against the annual review the "
            "procedure sets; no change has been made to the systems since.",
            "Risk register dated 2025.",
        ),
        (
            Q,
            "8.6",
            "Final inspection was not recorded for batch 26-0912, which was shipped on 13 September.",
            "Delivery note DN-5521.",
        ),
        (
            F,
            "8.5.4.3",
            "Chiller temperature records were not completed on three consecutive days in June.",
            "Chiller log June.",
        ),
        (
            Q,
            "8.6",
            "Several deliveries were released with the final inspection result left blank on their release records.",
            "Release records RR-3310, RR-3318 and RR-3325 (May) have no inspection result; plan IP-7 requires one.",
        ),
        (
            F,
            "8.5.4.3",
            "Four batches of chilled soup were dispatched although their cooling records carry no core temperature "
            "entry at the two-hour point.",
            "Cooling log CL-06, batches 0612 to 0615.",
        ),
        (
            E,
            "9.1.1",
            "The monthly water meter readings were the same for two months because the site was shut for the summer; "
            "the log does not say so.",
            "Meter log 2026.",
        ),
    ],
)
def test_a_slip_is_not_proposed_major(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    got = check_one(engine, standard, clause, statement, evidence, grade="major")
    assert got.proposed_grade == "minor", got.grade_reasons


# 6. an OFI that records an unmet requirement is a minor (not a major: what is missing is a part of an output that
# exists); an OFI about improving what meets the requirement stays an OFI
@pytest.mark.parametrize(
    ("standard", "clause", "statement", "proposed"),
    [
        (
            E,
            "6.2.1",
            "The environmental objectives have no measure, no target and no owner, and they are not monitored.",
            "minor",
        ),
        (
            E,
            "6.2.1",
            "Environmental objectives are measurable and monitored monthly; the organisation may benefit from adding "
            "leading indicators.",
            "ofi",
        ),
        (
            Q,
            "7.1.6",
            "Lessons learned from projects are recorded and available to all engineers; an index by product family "
            "would make them easier to reuse.",
            "ofi",
        ),
        (
            N,
            "6.3",
            "Energy saving opportunities are identified and ranked; heat recovery from the compressors could be "
            "assessed as a further opportunity.",
            "ofi",
        ),
        (
            S,
            "A.5.9",
            "Three new network switches are not on the asset register and have not been checked since installation.",
            "minor",
        ),
    ],
)
def test_an_ofi_is_graded_on_what_it_records(
    engine: Engine, standard: str, clause: str, statement: str, proposed: str
) -> None:
    got = check_one(engine, standard, clause, statement, "Register and records seen on site.", grade="ofi")
    assert got.proposed_grade == proposed, got.grade_reasons
