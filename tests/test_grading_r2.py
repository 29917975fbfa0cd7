"""Majors found, slips kept minor (issue 24, round 2): each principle as a twin, a wording that shows the support
for a major and a near-identical one that must stay minor, over several standards; both directions on the same
facts (17021-1 3.12, 3.13). Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict
from tests.one_finding import check_one

# standard, clause, the fact that shows the major, the major wording, its minor twin, the evidence of both
Twin = tuple[str, str, str, str, str, str]


def _check(
    engine: Engine, standard: str, clause: str | None, grade: str, statement: str, evidence: str
) -> FindingVerdict:
    return check_one(engine, standard, clause, statement, evidence, grade=grade)


# 1-3. support recorded in the text (product released past a failed control, a critical record that cannot be
# true, a safety or security exposure): a major raised as major stays major
SUPPORT: list[Twin] = [
    (
        "ISO 22000:2018",
        "8.5.4.3",
        "output_effect",
        "Chicken batches cooked below the 75 C critical limit at the CCP were packed and sold without any evaluation.",
        "Chicken batches cooked below the 75 C critical limit at the CCP were held and re-cooked; one hold label "
        "was not dated.",
        "Cook log CL-44, 3 to 5 November 2026.",
    ),
    (
        "ISO 13485:2016",
        "7.5.7",
        "output_effect",
        "Sterile lots were released before the biological indicator results were available; the indicator for "
        "lot 77 later showed growth.",
        "Sterile lots were released after the biological indicator results were available; the release record "
        "for lot 77 does not identify the person who authorised the release.",
        "Release records SR-76 to SR-78; BI report BI-77 of 2026-10-12.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "output_effect",
        "Parts measured with micrometer M-12, later found out of tolerance, were not assessed and were shipped to "
        "the customer.",
        "Parts measured with micrometer M-12, later found out of tolerance, were assessed and found conforming; the "
        "assessment record was not signed.",
        "Calibration certificate CC-M12 of 2026-09-01; lots L-55 and L-56.",
    ),
    (
        "IATF 16949:2016",
        "8.5.1.1",
        "output_effect",
        "The special characteristic bore diameter is checked once per shift although the control plan requires a "
        "check every 50 parts.",
        "The special characteristic bore diameter is checked every 50 parts as the control plan requires; one "
        "check sheet entry was not initialled.",
        "Control plan CP-22; line 3 check sheet, November 2026.",
    ),
    (
        "ISO 13485:2016",
        "7.3.9",
        "output_effect",
        "A change of the tubing material in contact with the patient was implemented without design verification.",
        "A change of the tubing material in contact with the patient was verified; the change record was not "
        "signed by the project lead.",
        "Change request CR-219 of 2026-05-02.",
    ),
    (
        "ISO 22000:2018",
        "8.5.4.4",
        "output_effect",
        "Metal detector check records for the afternoon shift were completed before the checks were carried out.",
        "Metal detector check records for the afternoon shift were completed after the checks; one entry was not "
        "initialled.",
        "Sheet MD-1107 of 2026-11-02; the operator confirmed.",
    ),
    (
        "ISO 22000:2018",
        "8.7",
        "output_effect",
        "The chiller log shows identical readings on ten consecutive days while the probe was away for repair.",
        "The chiller log shows one reading missing on 4 October; the probe was in place all month.",
        "Chiller log CH-3, October 2026; repair note RN-88.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "exposure",
        "Guard interlocks were bridged on several machines, which supervisors called normal practice.",
        "Guard interlocks were tested on several machines; the test record for lathe L-2 was not dated.",
        "Lathes L-2, L-5 and mill M-1 on 2026-11-03.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        "exposure",
        "Accounts of leavers were still enabled and were used after their leaving dates.",
        "Accounts of leavers were disabled on their leaving dates; the leavers checklist for one was not signed.",
        "Directory export of 2026-10-31 against leavers list HR-L-26.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "name", "major", "minor", "evidence"), SUPPORT)
def test_a_major_with_support_in_the_text_is_kept_and_its_twin_is_proposed_minor(
    engine: Engine, standard: str, clause: str, name: str, major: str, minor: str, evidence: str
) -> None:
    kept = _check(engine, standard, clause, "major", major, evidence)
    assert kept.proposed_grade == "major", kept.grade_reasons
    assert any(r.startswith(f"{name}:") and "3.12" in r for r in kept.grade_reasons), kept.grade_reasons
    twin = _check(engine, standard, clause, "major", minor, evidence)
    assert twin.proposed_grade == "minor", twin.grade_reasons
    assert any("3.13" in r for r in twin.grade_reasons), twin.grade_reasons


# 4-7. extent over every one sampled, a process stopped for a year, a carrier's lapsed registration, a defect back
# after its corrective action was closed as effective: a minor is raised to major; the twin stays minor
RAISE: list[Twin] = [
    (
        "ISO 45001:2018",
        "8.1.2",
        "extent",
        "Hot work was carried out 6 times in October, none with a permit.",
        "Hot work was carried out 6 times in October, each with a permit; one permit was not countersigned.",
        "Maintenance log ML-10.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "extent",
        "Drum inspections were done 8 times this quarter, none with the checklist procedure EP-4 requires.",
        "Drum inspections were done 8 times this quarter, each with the checklist procedure EP-4 requires; one "
        "checklist was not signed as EP-4 requires.",
        "Yard log YL-3, Q3 2026.",
    ),
    (
        "ISO 45001:2018",
        "5.4",
        "extent",
        "The health and safety committee, the only consultation body, has not met for a year.",
        "The health and safety committee met in September; its minutes were not circulated to the workforce.",
        "Minutes file HSC, last entry 2025-10-14.",
    ),
    (
        "ISO 50001:2018",
        "9.1.1",
        "extent",
        "The significant energy uses have not been monitored as EnP-3 requires in over a year.",
        "The significant energy uses were monitored in October; one meter reading was not recorded as EnP-3 requires.",
        "Monitoring sheets EM-1 to EM-4.",
    ),
    (
        "ISO 14001:2015",
        "9.1.2",
        "exposure",
        "Hazardous waste has been handed for six months to a carrier whose registration expired in April.",
        "Hazardous waste is handed to a carrier whose registration is valid to 2027; one transfer note was not signed.",
        "Waste transfer notes WT-40 to WT-52; carrier registration CBDU-123.",
    ),
    (
        "ISO 9001:2015",
        "10.2.1",
        "recurrence",
        "The corrective action for the cracked housing was closed as effective in May; complaints C-31, C-36 and "
        "C-40 then reported the same defect.",
        "The corrective action for the cracked housing is still open; complaints C-31, C-36 and C-40 then "
        "reported the same defect.",
        "CAPA-77; complaints dated June to September 2026.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "name", "major", "minor", "evidence"), RAISE)
def test_a_minor_with_support_is_raised_to_major_and_its_twin_stays_minor(
    engine: Engine, standard: str, clause: str, name: str, major: str, minor: str, evidence: str
) -> None:
    raised = _check(engine, standard, clause, "minor", major, evidence)
    assert raised.proposed_grade == "major", raised.grade_reasons
    assert any(r.startswith(f"{name}:") and "3.12" in r for r in raised.grade_reasons), raised.grade_reasons
    twin = _check(engine, standard, clause, "minor", minor, evidence)
    assert twin.proposed_grade == "minor", twin.grade_reasons


# 8. the auditor's own severity label is a judgement, not support; a label over real harm does not hide it
def test_counted_copies_of_a_document_are_instances_not_the_document_absent(engine: Engine) -> None:
    for standard, clause, statement in (
        ("ISO 9001:2015", "7.5.3.2", "Two printed copies of the quality policy on the notice boards were obsolete."),
        ("ISO 14001:2015", "7.5.3", "Three paper copies of the environmental policy in the canteen were superseded."),
    ):
        got = _check(
            engine, standard, clause, "major", statement, "Boards in the canteen and reception; rev 4 current."
        )
        assert got.proposed_grade == "minor", got.grade_reasons


@pytest.mark.parametrize(
    ("standard", "clause", "statement", "evidence", "proposed"),
    [
        (
            "ISO/IEC 27001:2022",
            "A.5.15",
            "Critical security breach: one user had an access right that was not approved.",
            "Access review AR-Q3: user kmiller of 40 users reviewed.",
            "minor",
        ),
        (
            "ISO 45001:2018",
            "7.2",
            "Serious danger: the induction record of one new starter was not signed.",
            "Starter files S-01 to S-12.",
            "minor",
        ),
        (
            "ISO/IEC 27001:2022",
            "A.5.24",
            "Critical: a data breach exposed personal data of 300 customers and was not reported to the supervisory "
            "authority.",
            "Incident log IL-2026-09; no notification on file.",
            "major",
        ),
    ],
)
def test_the_auditors_severity_label_is_not_support(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str, proposed: str
) -> None:
    got = _check(engine, standard, clause, "major", statement, evidence)
    assert got.proposed_grade == proposed, got.grade_reasons
