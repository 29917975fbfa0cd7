"""Writes team_cases.jsonl: the team's own labelled cases in new wordings, across five standards."""

import json


def case(cid, std, findings, expect, why, **report):
    rep = {"id": f"TEAM-{cid}", "standard": std, "findings": findings, **report}
    return {"id": cid, "report": rep, "expect": expect, "why": why}


F = lambda fid, grade, clause, st, ev=None, **kw: {
    "id": fid,
    "grade": grade,
    "clause": clause,
    "statement": st,
    "evidence": ev,
    **kw,
}
C = []
# ---- sound findings, varied standards and wording ------------------------------------------------------------
C.append(
    case(
        "T001",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "8.4.1",
                "The criteria for re-evaluating external providers were not applied to the coating subcontractor in 2026.",
                "Supplier re-evaluation log SRL-26 shows 14 of 15 providers re-evaluated in March 2026; Brightcoat Ltd (PO-3312, PO-3340) has no entry; procedure PUR-02 rev 5 requires annual re-evaluation.",
            )
        ],
        {
            "N1": {
                "categories": [],
                "verdict": "sound",
                "proposed_grade": "minor",
                "absent_categories": ["preference", "no_evidence", "citation_mismatch"],
            }
        },
        "Specific lapse for one provider of fifteen.",
    )
)
C.append(
    case(
        "T002",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "ISO 14001:2015 §6.1.3",
                "The organization had not determined how a new wastewater permit condition applies to its activities.",
                [
                    "Permit WW-77 variation dated 2026-05-02 introduced a zinc limit of 0.5 mg/l.",
                    "Legal register LR-ENV rev 12 (last updated 2026-01-15) does not include the variation.",
                ],
            )
        ],
        {"N1": {"categories": [], "verdict": "sound", "proposed_grade": "minor"}},
        "Compliance obligation not determined; evidence as a list.",
    )
)
C.append(
    case(
        "T003",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "major",
                "8.1.2",
                "Maintenance technicians entered the mixer vessel without the energy sources being isolated.",
                "On 2026-09-17 at plant 2, two technicians entered mixer MX-4 for blade replacement; the lockout board showed no locks applied; permit-to-work PTW-1187 had no isolation sign-off; the shift supervisor confirmed the practice is routine.",
            )
        ],
        {"N1": {"categories": [], "verdict": "sound", "proposed_grade": "major"}},
        "Serious safety exposure: major supported.",
    )
)
C.append(
    case(
        "T004",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "Annex A 8.15",
                "Administrator activity on the payroll database was not logged as the logging standard requires.",
                "Logging standard IS-STD-07 v2 requires administrator session logging on all tier-1 systems; database PAY-DB1 audit log disabled since 2026-06-03 per configuration export of 2026-10-01.",
            )
        ],
        {
            "N1": {
                "categories": [],
                "verdict": "sound",
                "proposed_grade": "minor",
                "absent_categories": ["informative_clause", "wrong_edition"],
            }
        },
        "Normative Annex A control, specific evidence.",
    )
)
C.append(
    case(
        "T005",
        "ISO 13485:2016",
        [
            F(
                "N1",
                "minor",
                "7.5.6",
                "The revalidation of the pouch sealing process was not performed at the interval the validation master plan sets.",
                "Validation master plan VMP-3 rev 4 requires annual revalidation of sealer SL-2; last OQ/PQ report VR-2024-09 dated 2024-09-12.",
            )
        ],
        {
            "N1": {
                "categories": [],
                "verdict": "sound",
                "proposed_grade": "minor",
                "absent_categories": ["documented_procedure_not_required"],
            }
        },
        "13485 process validation, specific evidence.",
    )
)
C.append(
    case(
        "T006",
        "ISO 13485:2016",
        [
            F(
                "N1",
                "minor",
                "8.2.2",
                "The organization has not documented a procedure for complaint handling.",
                "Complaints are logged in spreadsheet CMP-2026 by customer service; no procedure exists in the document register DR-QMS rev 31.",
            )
        ],
        {"N1": {"categories": [], "absent_categories": ["documented_procedure_not_required"]}},
        "13485 requires a documented complaint-handling procedure.",
    )
)
C.append(
    case(
        "T007",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "major",
                "8.7.1",
                "Castings that failed pressure testing were dispatched to the customer.",
                "Pressure test record PT-4471 shows 12 of 80 valve bodies failed on 2026-07-21; all 80 were dispatched on delivery note DN-9902 on 2026-07-23; no concession exists.",
            )
        ],
        {"N1": {"categories": [], "verdict": "sound", "proposed_grade": "major"}},
        "Nonconforming product released: major supported.",
    )
)
C.append(
    case(
        "T008",
        "ISO 9001:2015",
        [
            F(
                "O1",
                "ofi",
                "9.1.3",
                "There is an opportunity to use the returns data already collected to compare product families.",
                "Returns log RL-2026 with 214 entries, analysed quarterly in report QA-R-Q3.",
            )
        ],
        {
            "O1": {
                "categories": [],
                "verdict": "sound",
                "proposed_grade": "ofi",
                "absent_categories": ["nc_recorded_as_ofi", "suggests_solution"],
            }
        },
        "A well-written OFI.",
    )
)
C.append(
    case(
        "T009",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "7.2",
                "Competence of one forklift driver had not been confirmed before he was assigned to the loading bay.",
                "Driver D. Okafor (badge 4471) drove forklift FT-09 on 2026-10-06; training record file HR-TR lists no forklift certificate for him; the other five drivers sampled hold valid certificates.",
            )
        ],
        {"N1": {"categories": [], "verdict": "sound", "proposed_grade": "minor"}},
        "Isolated lapse in competence.",
    )
)
C.append(
    case(
        "T010",
        "iso-9001-2015",
        [
            F(
                "N1",
                "minor",
                "cl. 7.1.5.2 a)",
                "Two pressure gauges in the test bay were used after their verification had expired.",
                "Gauges PG-12 and PG-14, test bay 3, verification labels due 2026-06-30; used for acceptance tests on batches 7781 and 7790 in August 2026.",
            )
        ],
        {"N1": {"categories": [], "verdict": "sound", "proposed_grade": "minor"}},
        "Standard written as an id; clause with cl. prefix.",
    )
)
# ---- preference -------------------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T020",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.5.2",
                "In my view, every work instruction should carry a photograph of the finished part; the current text-only format is outdated.",
                "Work instructions WI-40 to WI-47 reviewed; each approved by the production manager and at current revision.",
            )
        ],
        {"N1": {"categories": ["preference"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Opinion; evidence shows conformity.",
    )
)
C.append(
    case(
        "T021",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.5.17",
                "Leading organisations now use passwordless authentication; the company still relies on passwords.",
                "Password standard IS-STD-03 v4 sets 14-character minimum; sample of 20 accounts compliant per report PWD-2026-Q3.",
            )
        ],
        {"N1": {"categories": ["preference"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Benchmark against other organisations, no unmet requirement.",
    )
)
C.append(
    case(
        "T022",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "5.4",
                "I'd like to see the safety committee meet monthly rather than quarterly.",
                "Safety committee minutes SC-2026-01 to SC-2026-03 (January, April, July) with worker representatives present.",
            )
        ],
        {"N1": {"categories": ["preference"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Auditor's preference for frequency.",
    )
)
# ---- documentation not required ------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T030",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.3",
                "There is no written procedure describing how employees are made aware of the quality policy.",
                "Six operators interviewed on line 4 explained the policy and their contribution; the policy is displayed at the canteen.",
            )
        ],
        {"N1": {"categories": ["documented_procedure_not_required"], "verdict": "withdraw", "proposed_grade": "none"}},
        "7.3 requires awareness, not a procedure.",
    )
)
C.append(
    case(
        "T031",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "8.5.4",
                "The organization has no documented handling procedure for fragile goods.",
                "Warehouse: glass assemblies are stored in padded racks R1-R4; 12 dispatches sampled in September 2026 had no transit damage claims.",
            )
        ],
        {"N1": {"categories": ["documented_procedure_not_required"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Preservation requires no documented procedure.",
    )
)
C.append(
    case(
        "T032",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "6.1.2",
                "A formal FMEA has not been produced for the risks to the assembly process.",
                "Risks for assembly are recorded in management review minutes MR-2026-02 and actions tracked in action list AL-14.",
            )
        ],
        {"N1": {"categories": ["documented_procedure_not_required"], "verdict": "withdraw", "proposed_grade": "none"}},
        "9001 6.1 requires no formal risk method.",
    )
)
# ---- solution / cause ---------------------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T040",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "8.2",
                "The spill response drill for the tank farm was not held in 2026; the site needs to purchase a second spill trailer and train a dedicated response team.",
                "Emergency plan EP-TF-2 requires an annual drill; the last drill record DR-0917 is dated 2025-03-14.",
            )
        ],
        {"N1": {"categories": ["suggests_solution"], "verdict": "revise", "proposed_grade": "minor"}},
        "Valid NC with a prescribed purchase.",
    )
)
C.append(
    case(
        "T041",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.8.8",
                "Critical patches were not applied within the 14 days the patch policy requires. Our recommendation is to deploy an automated patching tool such as a commercial endpoint manager.",
                "Vulnerability scan VS-2026-09 lists 11 critical patches on servers APP01-APP04 released 2026-08-12 and still missing on 2026-09-30; patch policy IS-POL-08 sets 14 days.",
            )
        ],
        {"N1": {"categories": ["suggests_solution"], "verdict": "revise"}},
        "Recommends a tool.",
    )
)
C.append(
    case(
        "T042",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.5.3.2",
                "Superseded drawings were in use at two workstations as a result of the document controller being on long-term sick leave.",
                "Drawing DW-201 rev C at station 5 and DW-207 rev A at station 9; register shows rev E and rev C current.",
            )
        ],
        {"N1": {"categories": ["suggests_cause"], "verdict": "revise", "proposed_grade": "minor"}},
        "States the cause.",
    )
)
C.append(
    case(
        "T043",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "10.2",
                "Two near-miss reports were not investigated, since the HSE advisor was overloaded with other duties.",
                "Near-miss reports NM-114 (2026-05-03) and NM-119 (2026-06-11) show status 'open' and no investigation record.",
            )
        ],
        {"N1": {"categories": ["suggests_cause"], "verdict": "revise"}},
        "States why.",
    )
)
# ---- evidence -----------------------------------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T050",
        "ISO 9001:2015",
        [F("N1", "minor", "9.1.2", "Customer satisfaction is not monitored.", None)],
        {"N1": {"categories": ["no_evidence"], "verdict": "revise", "proposed_grade": "minor"}},
        "No evidence: a nonfulfilment badly recorded is revised, not withdrawn (contract).",
    )
)
C.append(
    case(
        "T051",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "9.1.2",
                "Compliance with the air permit is not evaluated.",
                "The maintenance manager mentioned that nobody checks the stack emission limits.",
            )
        ],
        {"N1": {"categories": ["no_evidence"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Hearsay only.",
    )
)
C.append(
    case(
        "T052",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.5.18",
                "Access rights are not reviewed for various systems.",
                "A number of user lists were looked at.",
            )
        ],
        {"N1": {"categories": ["no_evidence"]}},
        "Vague evidence without identifiers.",
    )
)
C.append(
    case(
        "T053",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "7.3",
                "Workers are generally not adequately aware of hazards.",
                "Discussions held on the shop floor.",
            )
        ],
        {"N1": {"categories": ["vague_statement", "no_evidence"]}},
        "Vague statement and evidence.",
    )
)
# ---- citations -----------------------------------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T060",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                None,
                "The aspects register was not updated after the new paint line was installed.",
                "Aspects register ENV-AR rev 6 (2025-02-01) does not list paint line PL-3 commissioned 2026-04-20.",
            )
        ],
        {"N1": {"categories": ["uncited"], "verdict": "revise"}},
        "No clause.",
    )
)
C.append(
    case(
        "T061",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "8.6.3",
                "Contractor inductions were not recorded.",
                "Contractors from Ace Scaffolding (5 persons, 2026-08-02) not in induction log IND-26.",
            )
        ],
        {"N1": {"categories": ["unknown_clause"], "verdict": "revise"}},
        "8.6.3 does not exist in 45001.",
    )
)
C.append(
    case(
        "T062",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "clause 8",
                "Risk treatment actions are overdue.",
                "Risk treatment plan RTP-2026 items 4, 7 and 9 due June 2026 are open.",
            )
        ],
        {"N1": {"categories": ["too_broad"], "verdict": "revise"}},
        "Whole clause 8.",
    )
)
C.append(
    case(
        "T063",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "3.6.4",
                "Requirements were not met for order 5512.",
                "Order SO-5512 delivered 2026-09-02 with the wrong finish; customer complaint CC-311.",
            )
        ],
        {"N1": {"categories": ["informative_clause"], "verdict": "revise"}},
        "Clause 3 is terms.",
    )
)
C.append(
    case(
        "T064",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "ISO 31000:2018 6.4.3",
                "Environmental risks were not analysed for likelihood and consequence.",
                "Risk log ENV-RL-2 lists 22 risks without ratings.",
            )
        ],
        {"N1": {"categories": ["informative_clause"], "verdict": "revise"}},
        "Cites a guidance standard.",
    )
)
C.append(
    case(
        "T065",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "8.5.2",
                "Corrective action for complaint CC-207 was not taken.",
                "Complaint CC-207 (2026-03-09, cracked housings) closed without root cause or action in NCR log NCR-26.",
            )
        ],
        {"N1": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "8.5.2 is corrective action only in 2008.",
    )
)
C.append(
    case(
        "T066",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.6",
                "Torque tools were not calibrated.",
                "Torque drivers TD-3 and TD-6 at assembly cell 2 have calibration stickers expired 2026-04-30.",
            )
        ],
        {"N1": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "7.6 is 2008 monitoring and measuring equipment.",
    )
)
C.append(
    case(
        "T067",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.9.2.3",
                "Privileged accounts were not restricted.",
                "Eleven domain admin accounts in AD export ADX-2026-10 against four approved in access standard IS-STD-02.",
            )
        ],
        {"N1": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "2013 Annex A number.",
    )
)
C.append(
    case(
        "T068",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.18.1.4",
                "Personal data of applicants is kept longer than the retention schedule allows.",
                "HR system export HRX-2026-09: 312 applicant records older than the 6-month limit in retention schedule RS-01.",
            )
        ],
        {"N1": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "2013 A.18 numbering.",
    )
)
C.append(
    case(
        "T069",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.2",
                "Suppliers of machined parts were not evaluated before first orders were placed.",
                "Purchase orders PO-8811 and PO-8840 to Kestrel Machining (August 2026); no supplier evaluation record in approved supplier list ASL rev 12.",
            )
        ],
        {"N1": {"categories": ["citation_mismatch"], "verdict": "revise"}},
        "Supplier evaluation is 8.4.1, not competence.",
    )
)
# ---- grading ----------------------------------------------------------------------------------------------------------------------------------
C.append(
    case(
        "T080",
        "ISO 45001:2018",
        [
            F(
                "O1",
                "observation",
                "9.1.2",
                "The annual evaluation of compliance with the noise regulations had not been carried out.",
                "Legal register LR-OHS lists noise regulation N-2005; compliance evaluation CE-2026 has no entry for it; last evaluation dated 2024-11-02.",
            )
        ],
        {"O1": {"categories": ["nc_recorded_as_ofi"], "verdict": "regrade"}},
        "Observation that records a nonfulfilment.",
    )
)
C.append(
    case(
        "T081",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "major",
                "A.7.2",
                "One visitor of the 25 in the visitor log was not signed out.",
                "Visitor log VL-2026-10: 25 visitors on 2026-10-05, 24 signed out; badge V-17 returned at reception per the badge register.",
            )
        ],
        {"N1": {"categories": ["overgraded"], "verdict": "regrade", "proposed_grade": "minor"}},
        "Isolated lapse graded major.",
    )
)
C.append(
    case(
        "T082",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "9.2.1",
                "No internal EMS audit has ever been performed since the system was certified.",
                "No audit programme or audit reports exist for 2024, 2025 or 2026; the EHS manager confirmed it.",
            )
        ],
        {"N1": {"categories": ["undergraded"], "verdict": "regrade", "proposed_grade": "major"}},
        "Absence of a required process.",
    )
)
C.append(
    case(
        "T083",
        "ISO 45001:2018",
        [
            F(
                "N1",
                "minor",
                "8.1.2",
                "Operators were working at height on the mezzanine without edge protection.",
                "On 2026-09-09 two operators loaded stock on mezzanine M2 (3.5 m) with the handrail section removed; no permit PTW issued.",
            )
        ],
        {"N1": {"categories": ["undergraded"], "verdict": "regrade", "proposed_grade": "major"}},
        "Serious safety exposure graded minor.",
    )
)
C.append(
    case(
        "T084",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "8.5.1",
                "Inspection points in the control plan were skipped on line 1.",
                "Control plan CP-7 rev 3 requires a dimension check at op 40; batch records BR-101 and BR-104 have no op 40 entry.",
            ),
            F(
                "N2",
                "minor",
                "8.5.1",
                "Process parameters were not recorded for the heat treatment of lot 22.",
                "Furnace chart for lot 22 (2026-08-14) missing; work order WO-22 requires chart retention.",
            ),
            F(
                "N3",
                "minor",
                "8.5.1",
                "The first-off approval was not performed on the CNC cell after a tool change.",
                "Setup sheet SS-88 (2026-09-03) blank in the first-off approval box; 40 parts produced.",
            ),
        ],
        {"N1": {"categories": ["systemic"]}, "N2": {"categories": ["systemic"]}, "N3": {"categories": ["systemic"]}},
        "Three minors on 8.5.1.",
    )
)
C.append(
    case(
        "T085",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.8.13",
                "Restore tests were again not performed.",
                "Backup log BL-2026 shows no restore test since 2025-12-01; policy IS-POL-12 requires quarterly tests.",
            )
        ],
        {"N1": {"categories": ["repeat"], "verdict": "regrade", "proposed_grade": "major"}},
        "Repeat of a closed finding on the same control.",
        audit={"type": "surveillance", "date": "2026-10-20"},
        previous_findings=[
            {
                "id": "2025-NC-7",
                "clause": "A.8.13",
                "status": "closed",
                "date": "2025-10-14",
                "statement": "Restore tests were not performed as the backup policy requires.",
                "evidence": "Backup log BL-2025 shows no restore test since 2024-11-01.",
            }
        ],
    )
)
C.append(
    case(
        "T086",
        "ISO 14001:2015",
        [
            F(
                "N1",
                "minor",
                "7.2",
                "Two operators handling hazardous waste had no training record.",
                "Files of operators OP-31 and OP-44 hold no waste-handling training record; both signed waste transfer notes WTN-55 and WTN-61.",
                client_position="We disagree: both attended the supplier's toolbox talk in May, see attendance sheet TBT-05.",
            )
        ],
        {"N1": {"categories": ["unresolved_dispute"], "verdict": "revise"}},
        "Client disputes, nothing recorded.",
    )
)
C.append(
    case(
        "T087",
        "ISO/IEC 27001:2022",
        [
            F(
                "N1",
                "minor",
                "A.7.11",
                "The car park barrier permit from the city planning department has expired.",
                "Planning permission PP-2019-44 for the barrier expired 2026-03-01.",
            )
        ],
        {"N1": {"categories": ["out_of_scope"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Planning permission is outside the ISMS.",
    )
)
C.append(
    case(
        "T088",
        "ISO 9001:2015",
        [
            F(
                "N1",
                "minor",
                "7.1.3",
                "The company's corporation tax return for 2025 was filed late.",
                "Tax filing confirmation TX-2025 dated 2026-10-12; due date 2026-09-30.",
            )
        ],
        {"N1": {"categories": ["out_of_scope"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Tax law is not a QMS requirement.",
    )
)

# ---- second round: probes written after the first tuning, kept as regression cases ---------------------------------
SOUND = [
    (
        "T101",
        "ISO 9001:2015",
        "minor",
        "7.4",
        "The organization did not communicate the change of shift pattern to the night shift as its communication plan requires.",
        "Communication plan CP-1 rev 3 item 6; night shift supervisors K. Lee and P. Roy confirmed they learned of it on the day; no briefing record.",
    ),
    (
        "T102",
        "ISO 9001:2015",
        "minor",
        "9.3.2 c)",
        "Management review did not consider information on the performance of external providers.",
        "Minutes MR-2026-01 (2026-03-18) agenda items 1-9: no supplier performance data; supplier scorecards SC-Q4 and SC-Q1 exist.",
    ),
    (
        "T103",
        "ISO 9001:2015",
        "minor",
        "10.2.1 d)",
        "The effectiveness of corrective action for NCR-2026-014 was not reviewed.",
        "NCR-2026-014 (burrs on part 7731) closed 2026-05-02 with action 'retrain operators'; no effectiveness check recorded.",
    ),
    (
        "T104",
        "ISO 14001:2015",
        "minor",
        "6.1.2",
        "The environmental aspects of the new degreasing process were not determined.",
        "Degreasing bath DB-2 commissioned 2026-04-14; aspects register ENV-AR rev 7 (2026-06-30) has no entry for solvent use or emissions.",
    ),
    (
        "T105",
        "ISO 14001:2015",
        "minor",
        "7.4.3",
        "The annual emissions report was not submitted to the regulator by the date the permit sets.",
        "Permit EP-55 condition 4.2 requires submission by 31 March; submission receipt dated 2026-05-19.",
    ),
    (
        "T106",
        "ISO 45001:2018",
        "minor",
        "6.1.2.2",
        "The risk assessment for manual handling in the dispatch area was not reviewed after the new conveyor was installed.",
        "Risk assessment RA-DSP-03 dated 2024-02-10; conveyor CV-7 installed 2026-03-01; procedure OHS-P-04 requires review after changes.",
    ),
    (
        "T107",
        "ISO/IEC 27001:2022",
        "minor",
        "A.5.9",
        "The inventory of information assets does not include the cloud CRM system.",
        "Asset register AR-ISMS rev 9 (2026-08-01) lists 212 assets; the CRM tenant in use since 2026-01 is absent.",
    ),
    (
        "T108",
        "ISO/IEC 27001:2022",
        "major",
        "A.8.13",
        "No backups of the production database have been taken since the storage migration.",
        "Backup console export BC-2026-10-05: last successful job for PROD-DB on 2026-07-28; migration completed 2026-07-30; IT manager confirmed.",
    ),
    (
        "T109",
        "ISO 13485:2016",
        "minor",
        "7.5.9.1",
        "Traceability records did not identify the lot of sterile barrier material used for two device batches.",
        "Device history records DHR-2207 and DHR-2211: packaging lot fields blank; procedure SOP-TR-01 requires lot entry.",
    ),
    (
        "T110",
        "ISO 9001:2015",
        "observation",
        "9.1.3",
        "Trend analysis of scrap could be extended to include the new product family.",
        "Scrap report SR-Q3-2026 covers product families A and B.",
    ),
    (
        "T111",
        "ISO 9001:2015",
        "ofi",
        "10.3",
        "Consider using the existing complaint data to select improvement projects.",
        "Complaint log CL-2026, 48 entries.",
    ),
]
for cid, std, g, cl, st, ev in SOUND:
    proposed = "ofi" if g in ("ofi", "observation") else g
    C.append(
        case(
            cid,
            std,
            [F("P", g, cl, st, ev)],
            {"P": {"categories": [], "verdict": "sound", "proposed_grade": proposed}},
            "Well-written finding in new wording: no error.",
            audit={"date": "2026-10-10"},
        )
    )
FLAGGED = [
    (
        "T120",
        "preference",
        "withdraw",
        "ISO 9001:2015",
        "minor",
        "9.2.2",
        "Auditors ought to rotate every year; having the same person audit purchasing twice is not how it is normally done.",
        "Audit programme AP-2026: IA-03 purchasing audited by R. Patel in 2025 and 2026; R. Patel works in production.",
    ),
    (
        "T121",
        "preference",
        "revise",
        "ISO/IEC 27001:2022",
        "minor",
        "A.8.20",
        "Network controls are not in line with best practice as the firewall allows any-any rules.",
        "Firewall FW-01 ruleset export 2026-10-01: rule 14 permits any-any between VLAN 10 and 20; policy NET-POL-02 forbids any-any rules.",
    ),
    (
        "T122",
        "documented_procedure_not_required",
        "withdraw",
        "ISO 9001:2015",
        "minor",
        "7.4",
        "Internal communication has not been formalised in a written procedure.",
        "Weekly team briefings held; minutes TB-2026-01 to TB-2026-40 on the intranet.",
    ),
    (
        "T123",
        "suggests_solution",
        "revise",
        "ISO 14001:2015",
        "minor",
        "9.1.2",
        "Compliance evaluation for the noise permit was overdue; a compliance calendar in the ERP should be set up to prevent this.",
        "Permit NP-3 requires annual evaluation; last evaluation 2025-04-02.",
    ),
    (
        "T124",
        "suggests_cause",
        "revise",
        "ISO 45001:2018",
        "minor",
        "8.1.4.2",
        "Contractor risk assessments were not reviewed before work began, which happened because the contracts team had no checklist.",
        "Contracts CT-44 and CT-47 (2026-06): method statements unsigned by the site HSE lead.",
    ),
    (
        "T125",
        "no_evidence",
        "withdraw",
        "ISO/IEC 27001:2022",
        "minor",
        "A.8.7",
        "Anti-malware is not kept up to date.",
        "It is understood that some laptops may have outdated signatures.",
    ),
    (
        "T126",
        "wrong_edition",
        "revise",
        "ISO 9001:2015",
        "minor",
        "5.5.3",
        "Internal communication on quality objectives did not reach the night shift.",
        "Night shift supervisors interviewed 2026-10-08; objectives board in day office only.",
    ),
    (
        "T127",
        "informative_clause",
        "revise",
        "ISO 45001:2018",
        "minor",
        "Annex A.8.1.2",
        "The hierarchy of controls was not applied to the noise hazard.",
        "Noise risk assessment RA-N-02 specifies ear defenders only; no engineering controls considered.",
    ),
    (
        "T128",
        "out_of_scope",
        "withdraw",
        "ISO 9001:2015",
        "minor",
        "7.1.4",
        "The building does not comply with the local fire code for emergency lighting.",
        "Corridor C2 emergency lights L-4 and L-5 not working on 2026-10-09.",
    ),
    (
        "T129",
        "nc_recorded_as_ofi",
        "regrade",
        "ISO/IEC 27001:2022",
        "ofi",
        "A.5.18",
        "Leaver accounts were still active weeks after departure.",
        "AD export ADX-2026-10-01: accounts of leavers J. Park (left 2026-08-15) and S. Ode (left 2026-09-01) enabled.",
    ),
    (
        "T130",
        "overgraded",
        "regrade",
        "ISO 14001:2015",
        "major",
        "8.1",
        "One drum of waste oil out of 30 in the store was not labelled.",
        "Waste store WS-1 on 2026-10-06: drum D-17 unlabelled; the other 29 drums labelled per procedure ENV-P-09.",
    ),
    (
        "T131",
        "undergraded",
        "regrade",
        "ISO 13485:2016",
        "minor",
        "8.3.1",
        "Devices that failed final functional testing were shipped to distributors.",
        "Test records FT-7701 to FT-7710: 4 units failed; all 10 shipped on 2026-09-03 (DN-8812) without a concession.",
    ),
    (
        "T132",
        "uncited",
        "revise",
        "ISO 13485:2016",
        "major",
        None,
        "Sterilization records for batch 2291 were missing.",
        "Batch record BR-2291: no cycle printout; steriliser ST-1 log has no entry for 2026-07-14.",
    ),
]
for cid, cat, verdict, std, g, cited, st, ev in FLAGGED:
    C.append(
        case(
            cid,
            std,
            [F("P", g, cited, st, ev)],
            {"P": {"categories": [cat], "verdict": verdict}},
            f"New wording: {cat.replace('_', ' ')}.",
            audit={"date": "2026-10-10"},
        )
    )
# ---- third round: numbers that are headings now and other subjects in 2008 -------------------------------------------------
C.append(
    case(
        "T140",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "8.3",
                "Nonconforming castings were not segregated from good stock.",
                "Rejected castings tagged NC-88 in the good-stock rack R3 on 2026-10-02.",
            )
        ],
        {"P": {"categories": ["wrong_edition"], "absent_categories": ["too_broad"], "verdict": "revise"}},
        "8.3 was nonconforming product in 2008; design in 2015.",
    )
)
C.append(
    case(
        "T141",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "8.3",
                "Design reviews were not held at the planned stages.",
                "Project DP-120 plan requires two design reviews; none recorded.",
            )
        ],
        {"P": {"categories": ["too_broad"], "absent_categories": ["wrong_edition"], "verdict": "revise"}},
        "8.3 about design: right edition, too broad.",
    )
)
C.append(
    case(
        "T142",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "8.4",
                "Trend analysis of data on nonconformities was not performed.",
                "NCR log 2026 has 112 entries; no analysis report exists.",
            )
        ],
        {"P": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "8.4 was analysis of data in 2008; external providers in 2015.",
    )
)
C.append(
    case(
        "T143",
        "ISO/IEC 27001:2022",
        [
            F(
                "P",
                "minor",
                "10.1",
                "Corrective action for internal audit finding IA-26-03 was not taken.",
                "Finding IA-26-03 (2026-04-12) open with no root cause or action in the NC log NC-ISMS.",
            )
        ],
        {"P": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "27001:2013 10.1 was corrective action; 2022 10.1 is continual improvement.",
    )
)
# ---- fourth round: messier real-world styles --------------------------------------------------------------------------------
C.append(
    case(
        "T150",
        "iso9001:2015",
        [
            F(
                "P",
                "minor",
                "clause 8.5.1(c)",
                "during the audit it was noted that the in-process dimensional checks at op 30 were not recorded for works order WO-5512, as required by the control plan.",
                "control plan CP-5512 rev C, op 30: 'record 5 pcs/hr'; traveller for WO-5512 (12/10/2026) has no entries for op 30; operator confirmed checks are done by eye.",
            )
        ],
        {
            "P": {
                "categories": [],
                "verdict": "sound",
                "proposed_grade": "minor",
                "absent_categories": ["vague_statement"],
            }
        },
        "Lower case, British phrasing, 'as required by the control plan' is specific.",
    )
)
C.append(
    case(
        "T151",
        "ISO 45001:2018",
        [
            F(
                "P",
                "major",
                "6.1.3",
                "The organisation has not determined the legal requirements applicable to its hazards.",
                "There is no legal register or equivalent; the HSE manager confirmed none has been compiled since the site opened in 2023; asbestos, noise and work-at-height regulations apply to site activities.",
            )
        ],
        {"P": {"categories": [], "verdict": "sound", "proposed_grade": "major"}},
        "Absence of a required process: major.",
    )
)
C.append(
    case(
        "T152",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "9.1.2",
                "Customer satisfaction surveys are a bit old fashioned, I think a net promoter score would give better information.",
                "Annual survey CS-2026 sent to 120 customers, 54 responses analysed in report CSR-2026.",
            )
        ],
        {"P": {"categories": ["preference"], "verdict": "withdraw", "proposed_grade": "none"}},
        "Opinion about a method that works.",
    )
)
C.append(
    case(
        "T153",
        "ISO 14001:2015",
        [
            F(
                "P",
                "minor",
                "7.3",
                "No written awareness procedure was available.",
                "Twelve employees interviewed in the paint shop could describe the significant aspects of their work.",
            )
        ],
        {"P": {"categories": ["documented_procedure_not_required"], "verdict": "withdraw", "proposed_grade": "none"}},
        "14001 7.3 requires awareness, not a procedure.",
    )
)
# ---- fifth round: amendment wording and record-type documented information ------------------------------------------------
C.append(
    case(
        "T160",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "4.1",
                "The organization did not determine whether new competitors are a relevant external issue.",
                "Context review CR-2023 lists 9 issues; market entry of two competitors in 2022 is absent.",
            )
        ],
        {"P": {"categories": [], "verdict": "sound", "absent_categories": ["wrong_edition"]}},
        "Shares only the clause's own words with the 2024 amendment.",
        audit={"date": "2023-05-10"},
    )
)
C.append(
    case(
        "T161",
        "ISO 9001:2015",
        [
            F(
                "P",
                "minor",
                "4.1",
                "The organization has not determined whether climate change is a relevant issue.",
                "Context analysis CA-2023 lists 11 issues.",
            )
        ],
        {"P": {"categories": ["wrong_edition"], "verdict": "revise"}},
        "Relies on Amd 1:2024 in a 2023 audit.",
        audit={"date": "2023-05-10"},
    )
)
C.append(
    case(
        "T162",
        "ISO 14001:2015",
        [
            F(
                "P",
                "minor",
                "6.2.1",
                "Environmental objectives are not documented.",
                "Managers described three objectives verbally; no objectives record exists in the EMS folder (checked 2026-10-02).",
            )
        ],
        {"P": {"categories": [], "verdict": "sound", "absent_categories": ["documented_procedure_not_required"]}},
        "6.2.1 requires retained documented information on objectives.",
    )
)
# ---- fourth round: first-person opinion, a prescription with no nonfulfilment, irregular participles -------------
FOURTH: list[tuple[str, str, str, str | None, str, str, list[str], str, list[str]]] = [
    # (id, standard, grade, clause, statement, evidence, expected categories, verdict, absent categories)
    (
        "T170",
        "ISO 45001:2018",
        "minor",
        "5.4",
        "Personally, I consider the consultation arrangements inadequate for a site of this size.",
        "Safety committee SC minutes for 2026 show four meetings with worker representatives from all three shifts.",
        ["preference"],
        "withdraw",
        [],
    ),
    (
        "T171",
        "ISO 9001:2015",
        "minor",
        "8.4.2",
        "Incoming inspection of bought-in castings was not carried out, which we regard as unacceptable for safety parts.",
        "Receiving log RL-0926: castings lot C-3310 (42 pcs) booked into stores 2026-09-26 with no inspection entry; plan IP-12 requires 100% dimensional check.",
        ["preference"],
        "revise",
        [],
    ),
    (
        "T172",
        "ISO 14001:2015",
        "minor",
        "8.1",
        "The site has to move to a cloud-based waste tracking platform.",
        "Waste transfer notes WTN-101 to WTN-140 filed in the environmental office, 2026.",
        ["suggests_solution"],
        "withdraw",
        [],
    ),
    (
        "T173",
        "ISO 9001:2015",
        "ofi",
        "9.2.2",
        "The audit of the dispatch process planned for June was not held.",
        "Audit programme AP-2026 lists dispatch for 2026-06; no report, checklist or postponement record exists.",
        ["nc_recorded_as_ofi"],
        "regrade",
        [],
    ),
    (
        "T174",
        "ISO/IEC 27001:2022",
        "minor",
        "5.18",
        "Access rights were reviewed for every system apart from the payroll application.",
        "Access review record AR-2026-H1 covers 14 of 15 systems in the asset list; payroll app PAY-1 not reviewed; policy AC-01 requires six-monthly reviews.",
        [],
        "sound",
        ["preference", "suggests_solution"],
    ),
]
FOURTH += [
    (
        "T175",
        "ISO 45001:2018",
        "minor",
        "10.2",
        "Incident investigations do not apply the risk treatment steps of ISO 31000.",
        "Investigation reports IR-2026-03 and IR-2026-07 each record causes, actions, owners and close-out dates.",
        ["preference"],
        "withdraw",
        [],
    ),
    (
        "T176",
        "ISO 9001:2015",
        "minor",
        "9.2.2",
        "Auditor competence was not evaluated against ISO 19011 as required by audit procedure QP-12.",
        "QP-12 rev 4 s.5 requires competence evaluation against ISO 19011 clause 7; no evaluation record for auditors A. Lee and R. Diaz.",
        [],
        "sound",
        ["preference"],
    ),
    (
        "T177",
        "ISO 14001:2015",
        "minor",
        "9.1.1",
        "A number of monitoring results were not recorded.",
        "Stack emission log SE-2: readings for 2026-07-03, 2026-07-10 and 2026-08-14 blank; monitoring plan MP-1 requires weekly entries.",
        [],
        "sound",
        ["vague_statement"],
    ),
    (
        "T178",
        "ISO 14001:2015",
        "minor",
        "9.1.1",
        "A number of monitoring results were not recorded.",
        "Several logs were reviewed.",
        ["vague_statement"],
        "revise",
        [],
    ),
]
FOURTH += [
    (
        "T179",
        "ISO 45001:2018",
        "minor",
        "9.1.1",
        "Noise monitoring was not carried out as required.",
        "Monitoring plan HS-MP-2 requires quarterly noise surveys in the press shop; the last survey NS-0425 is dated 2025-04-22.",
        [],
        "sound",
        ["vague_statement"],
    ),
    (
        "T180",
        "ISO 45001:2018",
        "minor",
        None,
        "Noise monitoring was not carried out as required.",
        "Press shop visited; supervisor interviewed.",
        ["vague_statement", "uncited"],
        "revise",
        [],
    ),
]
FOURTH += [
    (
        "T181",
        "ISO 9001:2015",
        "minor",
        "7.1.3",
        "Two maintenance work orders lacked the technician's signature. The maintenance team needs to adopt a CMMS.",
        "Work orders WO-3310 and WO-3322 (2026-08) closed without signature; maintenance procedure MP-2 requires one.",
        ["suggests_solution"],
        "revise",
        [],
    ),
    (
        "T182",
        "ISO 9001:2015",
        "minor",
        "8.5.1",
        "The company might want to automate its stock counts.",
        "Stock count sheets SC-0901 to SC-0930 complete, signed and reconciled for September 2026.",
        ["suggests_solution"],
        "withdraw",
        [],
    ),
    (
        "T183",
        "ISO 9001:2015",
        "ofi",
        "8.5.1",
        "It would be useful to add photographs to the assembly work instructions.",
        "Work instructions WI-40 to WI-46 at cell 2, text only, current revisions.",
        [],
        "sound",
        ["suggests_solution"],
    ),
    (
        "T184",
        "ISO 9001:2015",
        "minor",
        "8.6",
        "Several deliveries were released with the inspection result field blank.",
        "Release records RR-2281, RR-2290 and RR-2302 (2026-09) have no inspection result; plan IP-3 requires one before release.",
        [],
        "sound",
        ["vague_statement"],
    ),
]
# grading in new wordings: (id, standard, raised, clause, statement, evidence, proposed grade)
GRADING = [
    (
        "T185",
        "ISO 45001:2018",
        "minor",
        "9.1.2",
        "Legal compliance evaluation is entirely missing.",
        "No evaluation record for any of the 27 legal requirements in register LR-3; HSE coordinator confirmed on 2026-09-09.",
        "major",
    ),
    (
        "T186",
        "ISO 13485:2016",
        "minor",
        "8.3.2",
        "Non-conforming infusion sets that failed the leak-integrity test were distributed.",
        "NCR-118: lot IS-4410 failed leak-integrity testing on 2026-07-02; 800 units distributed to hospitals per DHR-4410.",
        "major",
    ),
    (
        "T187",
        "ISO 14001:2015",
        "minor",
        "9.1.1",
        "Ammonia in the treated effluent was above the permitted discharge limit in July.",
        "Lab certificate LC-0731: NH3 18 mg/l; discharge permit EPR-22 limit 10 mg/l.",
        "major",
    ),
    (
        "T188",
        "ISO 45001:2018",
        "minor",
        "8.1.2",
        "Excavation near the substation went ahead without a valid permit to work.",
        "Trench at substation S-2 dug 2026-09-16; PTW register has no permit; procedure HS-14 requires one for excavations.",
        "major",
    ),
    (
        "T189",
        "ISO/IEC 27001:2022",
        "minor",
        "A.8.24",
        "Patient records are exported to the analytics share in plain text.",
        "Nightly job EXP-7 writes 12,000 patient records as CSV to share \\\\ANALYTICS\\drop, unencrypted, checked 2026-09-15.",
        "major",
    ),
    (
        "T190",
        "ISO 9001:2015",
        "major",
        "7.1.5.2",
        "In a single instance a torque wrench was used past its calibration date.",
        "TW-05 due 2026-08-01, used 2026-08-04 on job J-301; 19 other tools sampled within calibration.",
        "minor",
    ),
]
for cid, std, g, cited, st, ev, grade in GRADING:
    C.append(
        case(
            cid,
            std,
            [F("P", g, cited, st, ev)],
            {"P": {"proposed_grade": grade, "categories": ["undergraded" if grade == "major" else "overgraded"]}},
            f"Grading in new wording: {g} -> {grade}.",
            audit={"date": "2026-10-12"},
        )
    )
FOURTH += [
    (
        "T191",
        "ISO 45001:2018",
        "minor",
        "4.3.1",
        "The risk assessment for the new paint-mixing room has not been carried out.",
        "Paint-mixing room PM-2 in use since 2026-06-01; risk register RR-6 rev 9 has no entry; HS manager interviewed 2026-09-18.",
        ["wrong_edition"],
        "revise",
        [],
    ),
    (
        "T192",
        "ISO 14001:2015",
        "minor",
        "ISO 14001:2004 4.5.1",
        "Boiler flue-gas readings were not taken in August.",
        "Monitoring plan MP-4 requires monthly flue-gas readings for boiler B-2; log FG-2026 has no August entry.",
        ["wrong_edition"],
        "revise",
        [],
    ),
    (
        "T193",
        "ISO 45001:2018",
        "minor",
        "4.2",
        "The OH&S policy has not been communicated to contractors on site.",
        "Contractor induction pack CI-3 rev 2 has no policy statement; three contractors from Apex Scaffolding interviewed on 2026-09-18.",
        ["wrong_edition"],
        "revise",
        [],
    ),
    (
        "T194",
        "ISO 45001:2018",
        "minor",
        "4.2",
        "The needs and expectations of agency workers were not determined.",
        "Interested-party register IP-1 rev 4 lists employees, regulator and neighbours; 40 agency workers on site in 2026-09 are not listed.",
        [],
        "sound",
        ["wrong_edition"],
    ),
]
FOURTH += [
    (
        "T195",
        "ISO/IEC 27001:2022",
        "minor",
        "A.5.37",
        "Restore steps for the file server are not written down anywhere.",
        "File server FS-2 restored twice in 2026 (tickets INC-441, INC-502) by one administrator from memory; no runbook in the ISMS library.",
        [],
        "sound",
        ["documented_procedure_not_required"],
    ),
    (
        "T196",
        "ISO/IEC 27001:2022",
        "minor",
        "A.5.31",
        "The register of contractual security requirements has not been documented.",
        "Customer contracts C-12 and C-19 impose 24-hour breach notification; no register of legal or contractual requirements exists.",
        [],
        "sound",
        ["documented_procedure_not_required"],
    ),
]
FOURTH += [
    (
        "T197",
        "ISO 14001:2015",
        "minor",
        "9.1.2",
        "Compliance with the noise condition of the permit was not evaluated.",
        "The site manager informed the audit team that the last noise survey was some years ago.",
        ["no_evidence"],
        "withdraw",
        [],
    ),
    (
        "T198",
        "ISO 45001:2018",
        "minor",
        "5.1",
        "Salary rates for night-shift staff have not been reviewed since 2023.",
        "Payroll summary PS-2026 viewed with the HR officer.",
        ["out_of_scope"],
        "withdraw",
        [],
    ),
]
FOURTH += [
    (
        "T199",
        "ISO 9001:2015",
        "minor",
        "7.1.3",
        "The compressed-air supply to the paint booth is unreliable and should be relocated to a separate plant room.",
        "Maintenance log ML-2026: compressor C-2 tripped on 2026-08-03, 08-11 and 09-02, stopping booth PB-1 each time; PM plan PM-7 requires monthly checks, none since May.",
        ["suggests_solution"],
        "revise",
        [],
    ),
    (
        "T200",
        "ISO 14001:2015",
        "minor",
        "6.2.1",
        "The environmental objectives are not world-class.",
        "Objectives EO-2026 (waste, energy, water) each with targets, owners and dates; progress reviewed quarterly (minutes EMR-Q2).",
        ["preference"],
        "withdraw",
        [],
    ),
]
FOURTH += [
    (
        "T201",
        "ISO 9001:2015",
        "minor",
        "7.5.3.2",
        "An obsolete revision of the inspection instruction was being used at cell 4.",
        "Inspection instruction II-12 rev B at cell 4 on 2026-09-16; register DR-2 shows rev D current since 2026-03-01.",
        [],
        "sound",
        ["documented_procedure_not_required"],
    ),
    (
        "T202",
        "ISO 14001:2015",
        "minor",
        "8.1",
        "Operators did not follow the operating instructions for the effluent plant.",
        "Operating instruction OI-EP-3 requires pH dosing checks every 2 h; log EP-0916 shows checks at 06:00 and 14:00 only.",
        [],
        "sound",
        ["documented_procedure_not_required"],
    ),
]
FOURTH += [
    (
        "T203",
        "ISO 45001:2018",
        "minor",
        "9.1.1",
        "Hoist inspections were not carried out at the interval set in lifting procedure LP-2, which follows good practice guidance.",
        "LP-2 rev 3 requires six-monthly thorough examination of hoists; hoist H-3 last examined 2025-10-02 (report TE-114).",
        [],
        "sound",
        ["preference"],
    ),
]
FOURTH += [
    (
        "T204",
        "ISO/IEC 27001:2022",
        "minor",
        "A.8.22",
        "The management VLAN is reachable from the office network.",
        "From desktop PC-114 (10.2.0.0/16) SSH reached switch SW-CORE at 10.9.0.1/24 on 2026-09-15; network policy NP-2 s.5 requires isolation.",
        [],
        "sound",
        ["undergraded", "overgraded"],
    ),
]
FOURTH += [
    (
        "T205",
        "ISO 45001:2018",
        "ofi",
        "9.1.1",
        "Monitoring could be strengthened: none exist for the quarterly noise surveys the plan calls for.",
        "Monitoring plan HS-MP-2 requires quarterly noise surveys; no survey report or measurement log found for 2026.",
        ["nc_recorded_as_ofi"],
        "regrade",
        [],
    ),
]
for cid, std, g, cited, st, ev, cats, verdict, absent in FOURTH:
    C.append(
        case(
            cid,
            std,
            [F("P", g, cited, st, ev)],
            {"P": {"categories": cats, "verdict": verdict, **({"absent_categories": absent} if absent else {})}},
            f"New wording: {', '.join(cats) or 'a sound finding'}.",
            audit={"date": "2026-10-12"},
        )
    )
with open(__import__("pathlib").Path(__file__).with_name("team_cases.jsonl"), "w") as f:
    for c in C:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(C))
