"""The finding's own evidence shows done the very act its statement says is not done (issue 23, round 6).

A nonfulfilment names an act or its output (take part in an investigation, verify, test, determine, consider,
assess); where the finding's own evidence names that same act, or its record, as performed for the instances it
looked at, and names no shortfall, no nonfulfilment stands (17021-1 3.12, 9.4.5.3). The mechanisms read here:
the lack's own verb is its act, never its timing ("not planned or carried out"); an act done periodically is shown
by its occasions held, dated, a year apart at most, never by an occasion to come; a lack that restates the
obligation's object by its coordinated parts ("internal and external issues") is shown by a record of the clause's
kind naming the object's head, unless the evidence names one part without the other; a word of the lack's own
subject's family ("incident investigations" / "the injured fitter") is no shortfall; a record's heading before a
colon is no order; the act's and the thing's families are data (act_claimed / act_evidenced: "take part" /
"members of the investigation team", "assessed" / "with a reportability decision"; kin_claimed / kin_evidenced:
"energy performance" / "annual gas use"). Every wording is ours; each invalid finding has a twin in nearly the
same words that must stay kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

# (standard, clause, statement, evidence showing the act done); evidence None: the statement's later sentences
# are the evidence; each one's twins are in KEPT
DONE: list[tuple[str, str, str, str | None]] = [
    (
        "ISO 45001:2018",
        "5.4",
        "There is no evidence that workers take part in incident investigations. Investigation reports IR-31 and "
        "IR-32 name the injured fitter and the safety representative as members of the investigation team.",
        None,
    ),
    (
        "ISO 22000:2018",
        "8.8.1",
        "Verification of the PRPs is not planned or carried out.",
        "Verification plan VP-3 lists monthly GMP inspections and quarterly internal audits; the inspection records "
        "for January and February 2026 are completed and signed; the Q1 audit was done (report IA-12).",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "Emergency response has not been periodically tested.",
        "Drill report DR-03 of March 2026 records the assembly time, a debrief and three actions, all closed; the "
        "previous drill was held in September 2025 and the next one is planned on the HSE calendar.",
    ),
    (
        "ISO 14001:2015",
        "8.2",
        "The planned response actions to spills have not been periodically tested.",
        "Spill drill record SD-4 dated 2026-02-18 records the spill kit deployed at the tank farm in 6 minutes and "
        "a debrief; previous spill drill held on 2025-08-20.",
    ),
    (
        "ISO 9001:2015",
        "4.1",
        "The organization has not determined its internal and external issues.",
        "SWOT analysis SW-1 dated January 2026 lists market, regulatory, technological and staffing issues; it was "
        "reviewed at the management review of 2026-03-05 (minutes item 3) with two actions.",
    ),
    (
        "ISO 50001:2018",
        "8.2",
        "Energy performance improvement opportunities were not considered in the design of the new oven.",
        "Design review minutes DRM-8 dated 2026-02-02 compare three oven options with their estimated annual gas "
        "use; the option with heat recovery was selected.",
    ),
    (
        "ISO 13485:2016",
        "8.2.2",
        "Complaints have not been assessed for reportability.",
        "Ten complaints sampled (CP-101 to CP-110): each has form F-22 completed with a reportability decision, the "
        "criteria applied and the rationale, signed; one was reported to the authority (reference MIR-2026-04).",
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        "Internal audits have not been carried out.",
        "Audit programme AP-2026 lists six audits; audit reports IA-01 to IA-06 dated January to June 2026 were "
        "completed and signed by the lead auditor.",
    ),
    (
        "ISO 13485:2016",
        "7.3.6",
        "Design verification has not been performed for the infusion set.",
        "Design verification report DVR-9 dated 2026-01-22 for the infusion set records the flow, leak and tensile "
        "tests against the design inputs, all passed, approved by R&D.",
    ),
]

# the same statements, the evidence showing the shortfall, a plan only, or not the act: kept
KEPT: list[tuple[str, str, str, str | None]] = [
    (
        "ISO 9001:2015",
        "9.2.2",
        "Internal audits have not been carried out.",
        "Audit programme AP-2026 lists six audits; audit reports IA-01 to IA-04 were completed; IA-05 and IA-06 were "
        "not held.",
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        "Internal audits have not been carried out.",
        "Audit programme AP-2026 lists six audits for 2026, each with its scope and auditor.",
    ),
    (
        "ISO 13485:2016",
        "7.3.6",
        "Design verification has not been performed for the infusion set.",
        "Design verification plan DVP-9 for the infusion set lists the flow, leak and tensile tests to be done.",
    ),
    (
        "ISO 45001:2018",
        "5.4",
        "There is no evidence that workers take part in incident investigations. Investigation reports IR-31 and "
        "IR-32 were approved by the safety manager on 2026-02-10.",
        None,
    ),
    (
        "ISO 22000:2018",
        "8.8.1",
        "Verification of the PRPs is not planned or carried out.",
        "Verification plan VP-3 lists monthly GMP inspections and quarterly internal audits; the inspection record "
        "for January 2026 is completed; there is no record for February.",
    ),
    (
        "ISO 22000:2018",
        "8.8.1",
        "PRP verification has not been performed.",
        "Verification plan VP-3 lists monthly GMP inspections of the PRPs and quarterly audits.",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "Emergency response has not been periodically tested.",
        "Drill report DR-03 of March 2026 records the assembly time and a debrief.",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "Emergency response has not been periodically tested.",
        "Drill report DR-03 of March 2026 records the assembly time and a debrief; the previous drill was held in "
        "May 2023.",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "Emergency response has not been periodically tested.",
        "Drill report DR-03 of March 2026 records the assembly time and a debrief; the next drill is planned in "
        "September 2026.",
    ),
    (
        "ISO 14001:2015",
        "8.2",
        "The planned response actions to spills have not been periodically tested.",
        "Spill drill record SD-4 dated 2026-02-18 records the spill kit deployed at the tank farm; the two actions "
        "from the debrief are overdue.",
    ),
    (
        "ISO 9001:2015",
        "4.1",
        "The organization has not determined its internal and external issues.",
        "SWOT analysis SW-1 dated 2022 lists market and regulatory issues; it has not been reviewed since.",
    ),
    (
        "ISO 9001:2015",
        "4.1",
        "The organization has not determined whether climate change is a relevant issue.",
        "SWOT analysis SW-1 dated January 2026 lists market, regulatory, technological and staffing issues.",
    ),
    (
        "ISO/IEC 27001:2022",
        "4.1",
        "External and internal issues relevant to the ISMS have not been determined.",
        "Context document CTX-2 rev 4 dated 2026-01-12 lists the internal issues (staffing, legacy systems) and was "
        "approved by the CISO.",
    ),
    (
        "ISO 50001:2018",
        "8.2",
        "Energy performance improvement opportunities were not considered in the design of the new oven.",
        "Design review minutes DRM-8 dated 2026-02-02 compare three oven options by purchase price and delivery "
        "time; option B was selected.",
    ),
    (
        "ISO 13485:2016",
        "8.2.2",
        "Complaints have not been assessed for reportability.",
        "Ten complaints sampled (CP-101 to CP-110): three have no reportability decision on form F-22.",
    ),
    (
        "ISO 13485:2016",
        "8.2.2",
        "Complaints have not been assessed for reportability.",
        "Ten complaints sampled (CP-101 to CP-110): each is logged on form F-22 with the customer's name and the "
        "product code, signed.",
    ),
    (
        "ISO 13485:2016",
        "8.2.2",
        "Complaints have not been assessed for reportability.",
        "Procedure QP-8.2 defines how complaints are assessed for reportability; no completed assessments were "
        "available.",
    ),
]


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"),
    DONE,
    ids=[f"{p[0]} {p[1]} {p[2][:30]}" for p in DONE],
)
def test_the_act_done_in_the_findings_own_evidence_withdraws(
    engine: Engine, std: str, clause: str, statement: str, evidence: str | None
) -> None:
    v = check_one(engine, std, clause, statement, evidence, grade="major")
    assert v.verdict == "withdraw", v.issues
    assert v.proposed_grade == "none"
    assert "EV06" in _rules(v)


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"), KEPT, ids=[f"{k[0]} {k[1]} {k[2][:25]}" for k in KEPT]
)
def test_the_twin_with_a_shortfall_a_plan_only_or_another_act_is_kept(
    engine: Engine, std: str, clause: str, statement: str, evidence: str | None
) -> None:
    for grade in ("minor", "major"):
        v = check_one(engine, std, clause, statement, evidence, grade=grade)
        assert v.verdict != "withdraw", v.issues
        assert v.proposed_grade != "none"
        assert "EV06" not in _rules(v)
