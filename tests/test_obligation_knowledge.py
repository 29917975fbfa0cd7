"""The trees' knowledge of where auditors over-reach (issue 23, data): what each clause leaves to the organization
and does not require, as `<leaves examples>` and `<not-required>` entries, read by the obligation layer.

Each principle is checked over several standards with wordings of our own: a finding demanding a means the clause
leaves open (a frequency, a sign-off, a competence credential, a method or tool, a form or medium, content beyond
the clause), with evidence that the requirement itself is met, is withdrawn; its near-identical twin, where the
requirement itself is unmet, is kept and grounded.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.standards.library import StandardLibrary

WITHDRAWN = {"left_open", "not_required", "other_standard", "guidance_only", "nowhere"}

# (standard, clause, invalid: a means demanded while the requirement is met, valid twin: the requirement unmet)
PAIRS = [
    (
        "ISO 9001:2015",
        "7.2",
        (
            "Inspectors must hold an external certificate from an accredited course; their competence is "
            "assessed on the job against criteria CR-4 and records TR-1 to TR-9 are kept."
        ),
        (
            "No competence requirements have been determined for the inspector role and there are no records "
            "of the inspectors' training or experience."
        ),
    ),
    (
        "ISO 45001:2018",
        "7.2",
        (
            "Safety coordinators should hold a NEBOSH qualification; their competence is assessed against "
            "criteria CR-2 and training records TR-1 to TR-6 are kept."
        ),
        (
            "No competence requirements have been determined for the safety coordinator role and no records "
            "of their training or experience are kept."
        ),
    ),
    (
        "ISO/IEC 27001:2022",
        "7.2",
        (
            "The security officer must hold a CISSP or CISM certificate; competence criteria for the role are "
            "set in RD-3 and met through experience records ER-1 to ER-4."
        ),
        (
            "No competence has been determined for the security officer role and no evidence of the officer's "
            "training or experience is kept."
        ),
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        (
            "Internal auditors must hold a lead auditor certification; audits IA-1 to IA-6 of 2026 were "
            "carried out by trained staff independent of the areas audited."
        ),
        ("The internal audits IA-4 and IA-5 planned for 2026 were not carried out and no reason is recorded."),
    ),
    (
        "ISO 14001:2015",
        "9.2.2",
        (
            "Internal auditors should attend an IRCA certified lead auditor course; audits EA-1 to EA-4 of "
            "2026 were done by trained staff independent of the areas audited."
        ),
        (
            "The audit of waste handling planned in programme EP-26 for March 2026 was not carried out and no "
            "reason is recorded."
        ),
    ),
    (
        "ISO 14001:2015",
        "9.3",
        (
            "Management reviews must be held quarterly; reviews MR-25 and MR-26 were held yearly as the "
            "organization planned and covered all inputs."
        ),
        ("No management review has been held since March 2024, although the organization plans one each year."),
    ),
    (
        "ISO 45001:2018",
        "9.3",
        (
            "Management review should take place every six months; review MR-26 was held in January as "
            "planned and covered all required inputs."
        ),
        "No management review of the OH&S management system has taken place since it was set up in 2023.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        (
            "Access rights must be reviewed monthly; rights are reviewed twice a year as topic-specific "
            "policy AC-2 sets, last in June 2026, with findings corrected."
        ),
        (
            "Access rights have not been reviewed since 2023, although topic-specific policy AC-2 sets "
            "reviews twice a year; 4 leavers still have active accounts."
        ),
    ),
    (
        "ISO 14001:2015",
        "9.3",
        (
            "Management review minutes must be signed by all attendees; minutes MR-26 record decisions on all "
            "required outputs."
        ),
        ("Management review minutes MR-26 record no decision on the need for changes to the EMS or on resources."),
    ),
    (
        "ISO/IEC 27001:2022",
        "9.3.3",
        (
            "Management review minutes should be signed by top management; minutes MR-9 record the decisions "
            "on improvement and on changes to the ISMS."
        ),
        (
            "No documented information on the results of management review MR-9 is kept; decisions taken were "
            "not recorded."
        ),
    ),
    (
        "ISO 9001:2015",
        "8.4.1",
        (
            "Every supplier must be audited on site; all 40 suppliers are evaluated on questionnaires and "
            "delivery performance in list AS-3 and were re-evaluated in 2026."
        ),
        (
            "Supplier S-12 of castings is used without any evaluation; it is not on approved supplier list "
            "AS-3 and no criteria were applied to it."
        ),
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.19",
        (
            "An on-site audit of every supplier is required; supplier risks are assessed with questionnaire "
            "SQ-2 and certificates, register SR-1."
        ),
        (
            "Supplier risks have not been addressed: no process exists for suppliers with access to customer "
            "data, and 6 such suppliers have had no assessment."
        ),
    ),
    (
        "ISO 45001:2018",
        "6.1.2.2",
        (
            "Risks must be scored numerically using a risk priority number; risk assessments RA-1 to RA-20 "
            "rate each risk high, medium or low under method RM-1."
        ),
        (
            "The risks of the new paint line have not been assessed; no risk assessment exists for it "
            "although it started in May 2026."
        ),
    ),
    (
        "ISO 9001:2015",
        "8.5.1",
        (
            "Work instructions must include photographs; instructions WI-1 to WI-12 describe each step in "
            "words and the parts produced conform."
        ),
        (
            "No work instruction or other documented information defines the activities at the new laser "
            "cell; operators work from memory."
        ),
    ),
    (
        "ISO 14001:2015",
        "5.3",
        (
            "An organogram is required; roles and authorities for the EMS are set out in role descriptions "
            "RD-1 to RD-8 and known to the staff sampled."
        ),
        (
            "Responsibility for reporting on the performance of the EMS to top management has not been "
            "assigned to anyone."
        ),
    ),
    (
        "ISO 14001:2015",
        "6.2.1",
        (
            "Environmental objectives should state a percentage reduction target; objective O-3 sets 40 "
            "tonnes of waste a year and is monitored monthly."
        ),
        (
            "Objective O-3 to reduce waste has no measure or target and its progress has not been monitored "
            "since January."
        ),
    ),
    (
        "ISO/IEC 27001:2022",
        "A.7.2",
        (
            "All visitors must sign an NDA at reception; visitors are escorted at all times and recorded in "
            "visitor log VL-26."
        ),
        (
            "Visitors are not escorted or recorded; two visitors were seen alone in the server room and the "
            "entry door was propped open."
        ),
    ),
    (
        "ISO 13485:2016",
        "8.2.4",
        (
            "Internal auditors must hold a lead auditor certification; audits IA-1 to IA-5 of 2026 followed "
            "procedure QP-17 and were done by trained staff independent of the areas audited."
        ),
        (
            "The internal audits of sterilization and of complaint handling planned in programme AP-26 for "
            "2026 were not carried out."
        ),
    ),
    (
        "ISO 13485:2016",
        "5.6.3",
        (
            "Management review minutes must be signed by all attendees; record MR-26 holds the outputs "
            "required, including improvement and resource needs."
        ),
        (
            "Record MR-26 of the management review holds no decision on resource needs or on improvements "
            "needed to maintain the QMS."
        ),
    ),
    (
        "ISO 13485:2016",
        "6.2",
        (
            "Assembly operators should hold an external certificate from an accredited course; competence is "
            "set in JD-4 and records TR-1 to TR-12 show their training."
        ),
        (
            "No competence requirements have been set for the assembly operators of line 3 and no training "
            "records exist for them."
        ),
    ),
    (
        "ISO 22000:2018",
        "9.3.1",
        (
            "Management review must be held every six months; review MR-26 was held in February as planned "
            "and covered all inputs."
        ),
        "No management review of the FSMS has been held since 2024, although one is planned each year.",
    ),
    (
        "ISO 22000:2018",
        "7.2",
        (
            "Food handlers must hold a Level 2 certificate from an accredited course; their competence is set "
            "in matrix CM-2 and records TR-1 to TR-30 show training."
        ),
        (
            "No competence has been determined for the food safety team members and there is no record of "
            "their training or experience."
        ),
    ),
    (
        "ISO 50001:2018",
        "9.3",
        (
            "Management review minutes should be signed by top management; minutes MR-26 record decisions on "
            "the EnPIs and on resources."
        ),
        "Management review minutes MR-26 record no decision on the energy policy, EnPIs or resources.",
    ),
    (
        "ISO 50001:2018",
        "7.2",
        (
            "The energy team leader must hold a certified energy manager qualification; competence criteria "
            "are in RD-2 and the leader's experience records ER-1 to ER-3 meet them."
        ),
        (
            "No competence has been determined for the energy team and no evidence of the team's training or "
            "experience is kept."
        ),
    ),
    (
        "IATF 16949:2016",
        "7.2.3",
        (
            "Internal auditors must hold a lead auditor certification from an IRCA course; their competence "
            "is verified under process QP-21 with witnessed audits and core tools training records."
        ),
        (
            "There is no process to verify that internal auditors are competent, and two of the four auditors "
            "have had no training in the core tools or the customer-specific requirements."
        ),
    ),
    (
        "IATF 16949:2016",
        "8.4.2.4.1",
        (
            "Every supplier must be audited every year; criteria SA-1 set second-party audit frequency by "
            "risk and the audits planned for 2026 were done."
        ),
        (
            "No criteria exist for deciding the need, type, frequency and scope of second-party audits; "
            "supplier audits are chosen ad hoc."
        ),
    ),
    (
        "AS9100D",
        "8.4.1.1",
        (
            "External providers must be audited on site each year; the register of external providers EP-1 "
            "shows approval status and performance reviewed quarterly."
        ),
        (
            "There is no register of external providers and the approval status and scope of approval of the "
            "providers sampled are not recorded."
        ),
    ),
    (
        "ISO 9001:2008",
        "8.2.2",
        (
            "Internal auditors must hold a lead auditor certification; audits IA-1 to IA-4 followed procedure "
            "QP-08 by auditors independent of the areas audited."
        ),
        "No internal audit has been carried out since 2009, though procedure QP-08 plans one each year.",
    ),
    (
        "ISO 14001:2004",
        "4.6",
        ("Management review should be held every six months; review MR-09 was held as planned and covered all inputs."),
        "No management review of the EMS has been held since 2008.",
    ),
    (
        "ISO 45001:2018",
        "5.4",
        (
            "Safety committee meetings must be held monthly; the committee meets quarterly as procedure HS-4 "
            "sets and worker representatives take part in every meeting."
        ),
        (
            "Non-managerial workers have not been consulted on the controls for the new paint line; no "
            "consultation takes place on hazard identification."
        ),
    ),
    (
        "ISO 9001:2015",
        "7.1.3",
        (
            "A maintenance logbook must be kept at every machine; maintenance of presses P1 to P6 is planned "
            "in the ERP and the ERP history shows it done to plan."
        ),
        (
            "Press P4 has not been maintained since 2024 and its hydraulic leak has caused scrap; no "
            "maintenance of the presses is planned."
        ),
    ),
    (
        "ISO/IEC 27001:2022",
        "A.8.13",
        (
            "Every system must be backed up daily; backups follow topic-specific policy BK-1, weekly for the "
            "archive servers, and the restore tests of 2026 succeeded."
        ),
        (
            "The file server has not been backed up since March 2026, although topic-specific policy BK-1 "
            "sets daily backups."
        ),
    ),
    (
        "ISO 22000:2018",
        "8.9.5",
        (
            "A mock recall must be done every six months; the recall process was verified by mock recall "
            "MR-26 in May 2026, tracing all lots within four hours."
        ),
        ("The withdrawal and recall process has never been verified and no one is appointed to initiate a recall."),
    ),
]


def _check(engine: Engine, standard: str, clause: str, statement: str):
    report = Report.model_validate(
        {"standard": standard, "findings": [{"id": "F-1", "grade": "minor", "clause": clause, "statement": statement}]}
    )
    return engine.check(report).findings[0]


@pytest.mark.parametrize(
    ("std", "clause", "invalid", "valid"), PAIRS, ids=[f"{p[0]} {p[1]} #{i}" for i, p in enumerate(PAIRS)]
)
def test_a_means_the_clause_leaves_open_is_withdrawn_and_its_unmet_twin_kept(
    engine: Engine, std: str, clause: str, invalid: str, valid: str
) -> None:
    got = _check(engine, std, clause, invalid)
    g = got.requirement.grounding
    assert g is not None and g.outcome in WITHDRAWN, g
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, clause, valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])
    assert twin.requirement.grounding is not None and twin.requirement.grounding.outcome == "grounded"


def test_examples_are_short_distinct_phrases() -> None:
    """An example is a means as a finding words it: a short phrase, not a sentence, and listed once per aspect."""
    lib = StandardLibrary.load()
    for s in lib:
        if not s.is_requirements or s.origin != "bundled":
            continue
        for c in s.clauses.values():
            obl = c.obligation
            if obl is None:
                continue
            for left in obl.leaves:
                lowered = [e.lower() for e in left.examples]
                assert len(lowered) == len(set(lowered)), f"{s.id} {c.number} {left.aspect}: an example twice"
                for e in left.examples:
                    assert e.strip() and len(e.split()) <= 8, f"{s.id} {c.number}: {e!r} is not a short phrase"
