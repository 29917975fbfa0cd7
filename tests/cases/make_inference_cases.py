"""Writes inference_cases.jsonl: terse findings in our own words, each with the clause it belongs to.

For the clause-inference figures (engine/tools/inference_eval.py): every finding here is cited rightly, so the
measurement removes the clause and checks that the inference finds it. Run: python tests/cases/make_inference_cases.py
"""

from __future__ import annotations

import json
from pathlib import Path

S9, S14, S45, S27, S13 = "ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "ISO/IEC 27001:2022", "ISO 13485:2016"

CASES = [
    # ISO 9001:2015
    (S9, "7.1.5.2", "Two torque wrenches on line 3 were past their calibration due date and still in use."),
    (S9, "7.1.5.2", "Gauge G-114 carried no identification of its verification status."),
    (S9, "8.4.1", "There is no list of approved vendors showing evaluation results."),
    (S9, "8.4.1", "Subcontractor performance has not been monitored or re-evaluated since 2024."),
    (S9, "7.2", "The new CNC operator had no record of training or qualification for the machine."),
    (S9, "9.2.2", "The audit programme did not cover the warehouse process in the last three years."),
    (S9, "9.3.3", "Management review records contain no decisions on improvement opportunities or resource needs."),
    (S9, "7.5.3.2", "Obsolete drawings were found at the assembly workstation alongside current ones."),
    (S9, "10.2.1", "Root cause of customer complaint CC-19 was not investigated before closing the corrective action."),
    (S9, "9.1.2", "Customer satisfaction is not monitored; no survey or feedback analysis exists."),
    (S9, "6.2.1", "Quality objectives are not measurable: targets read 'improve quality' with no figure."),
    (S9, "8.7.1", "Rejected parts were not segregated or tagged and lay mixed with good stock."),
    (S9, "8.5.2", "Finished pallets could not be traced back to the raw material heat number."),
    (S9, "8.3.4", "Design reviews were not held at the stages set in the development plan."),
    (S9, "8.5.4", "Paint tins stored outside in frost, beyond the supplier's storage conditions."),
    (S9, "8.6", "Goods were dispatched before the final inspection was signed off."),
    (S9, "8.2.3.1", "Contract for order 5521 accepted without review of the delivery date the customer asked for."),
    (S9, "7.1.3", "Preventive maintenance of the injection moulding presses has not been done as scheduled."),
    (S9, "5.2.2", "The quality policy is not communicated to staff; operators were unaware of it."),
    (S9, "8.5.1", "Work instructions were not available at the packing station."),
    # ISO 14001:2015
    (S14, "6.1.3", "The legal register omitted the new packaging waste regulation."),
    (S14, "6.1.2", "The aspects and impacts register does not include the diesel storage tank."),
    (S14, "9.1.2", "Compliance with the air emission permit has not been evaluated this year."),
    (S14, "8.2", "The spill response drill planned for the chemical store was never carried out."),
    (S14, "7.2", "Staff operating the effluent treatment plant have not been trained."),
    (S14, "6.2.1", "Environmental objectives have no targets for energy or waste reduction."),
    (S14, "8.1", "Hazardous waste was handed over to a carrier without checking its licence."),
    (S14, "7.4.3", "No record of responding to neighbours' odour complaints."),
    (S14, "9.3", "Management review did not consider changes in environmental aspects."),
    (S14, "5.2", "The environmental policy contains no commitment to protect the environment or prevent pollution."),
    # ISO 45001:2018
    (S45, "6.1.2.1", "Hazards of the new laser cutter were not identified before it was put into use."),
    (S45, "5.4", "Workers were not consulted on the choice of new protective equipment."),
    (S45, "8.1.4.2", "Contractors' safety performance and induction are not checked before they work on site."),
    (S45, "10.2", "The near miss at the loading bay was not investigated."),
    (S45, "8.2", "Emergency evacuation drills have not been held at the night shift."),
    (S45, "6.1.3", "The register of health and safety legislation has not been updated since 2021."),
    (S45, "7.2", "Forklift drivers had no valid licence or refresher training."),
    (S45, "8.1.3", "The change to the shift pattern was made without assessing its OH&S risks."),
    (S45, "9.1.2", "No evaluation of compliance with fire safety regulations was carried out."),
    (S45, "5.1", "Top management does not take part in the safety committee and has not assigned safety resources."),
    # ISO/IEC 27001:2022
    (S27, "A.8.13", "Backups of the ERP database have not been tested by a restore."),
    (S27, "A.5.18", "Access rights of leavers were not removed; three former staff accounts still active."),
    (S27, "A.8.8", "Critical security patches on the web servers are six months overdue."),
    (S27, "A.6.3", "Staff have not received information security awareness training."),
    (S27, "A.5.9", "There is no inventory of information assets and their owners."),
    (S27, "A.7.7", "Confidential papers left on desks and screens left unlocked overnight in the finance office."),
    (S27, "A.8.7", "Antivirus software on several laptops is disabled or out of date."),
    (S27, "A.5.24", "There is no procedure for handling information security incidents."),
    (S27, "6.1.3", "The statement of applicability does not justify the exclusion of controls."),
    (S27, "A.5.19", "A courier firm handling customer files was engaged without assessing its information security."),
    (S27, "A.8.15", "Event logs of the firewall are not retained or reviewed."),
    (S27, "A.6.1", "Background checks were not performed for new system administrators."),
    (S27, "A.8.5", "Remote access to the network does not use multi-factor authentication."),
    (S27, "A.8.24", "Customer data on laptops is not encrypted."),
    (S27, "9.2.2", "The internal ISMS audit programme has not covered Annex A controls."),
    # ISO 13485:2016
    (S13, "8.2.2", "Complaints are not recorded or investigated in a timely manner."),
    (S13, "7.5.6", "The sealing process was not validated although its output cannot be verified afterwards."),
    (S13, "6.4.2", "Cleanroom particle counts were not monitored during production."),
    (S13, "7.4.1", "Suppliers of sterile components have not been evaluated or approved."),
    (S13, "7.3.7", "Design validation was not completed before the device was released to market."),
    (S13, "4.2.3", "No medical device file exists for the infusion pump range."),
    (S13, "8.2.3", "An adverse event was not reported to the competent authority."),
    (S13, "7.6", "Calibration records for the leak tester are missing."),
    (S13, "8.5.2", "CAPA records show no verification of the effectiveness of actions taken."),
    (S13, "7.5.8", "Product status after inspection is not identified in the production area."),
    (S13, "4.1.6", "Software used in the quality system has not been validated."),
    (S13, "7.5.11", "Sterile packs were stored above the humidity limit set for them."),
]

# Written after the keywords were settled and measured once as written: a check that the trees generalise.
HOLDOUT = [
    (S9, "7.1.5.2", "Pressure gauge on test rig 2 has no calibration sticker and no record of its last check."),
    (S9, "8.4.1", "Criteria for selecting and approving the heat-treatment subcontractor are not defined."),
    (S9, "7.2", "Welders' qualification certificates had lapsed for two of five welders."),
    (S9, "9.2.1", "No internal audits were performed during 2026."),
    (S9, "9.3.2", "Management review did not consider the results of customer satisfaction surveys."),
    (S9, "10.2.1", "Corrective actions for repeat late deliveries were closed without checking whether they worked."),
    (S9, "8.7.1", "Scrap bin contained parts later found reused in assembly without any disposition."),
    (S9, "8.2.3.1", "Quotations are issued without confirming that the plant can meet the requested tolerances."),
    (S9, "7.5.3.2", "Three versions of the same inspection procedure are in circulation on the shop floor."),
    (S9, "6.1.1", "Risks and opportunities for the new product line have not been determined."),
    (S9, "8.5.2", "Batch labels were missing from finished goods in the despatch area."),
    (S9, "7.1.3", "The compressor has had no servicing for two years despite the maintenance schedule."),
    (S9, "9.1.3", "Process data is collected monthly but never analysed for trends."),
    (S14, "6.1.3", "Compliance obligations list does not include the updated water discharge consent."),
    (S14, "6.1.2", "Significant environmental aspects were not re-evaluated after the new paint line was installed."),
    (S14, "8.1", "Drums of used solvent stored on bare ground with no bund."),
    (S14, "9.1.2", "The organisation could not show that it had checked compliance with its waste permit."),
    (S14, "8.2", "Spill kits near the fuel store were empty and staff had not practised spill response."),
    (S14, "7.3", "Operators could not say what the significant environmental aspects of their work were."),
    (S14, "9.2.2", "The audit schedule omits the wastewater treatment process."),
    (S14, "10.2", "An oil leak to the storm drain was not recorded as a nonconformity or investigated."),
    (S45, "6.1.2.2", "Risk assessment for the paint booth is five years old and does not reflect current controls."),
    (S45, "8.1.2", "Operators were seen working without hearing protection in the press shop."),
    (S45, "7.2", "First aiders' certificates have expired."),
    (S45, "10.2", "Accident involving a forklift in the yard was not investigated for root cause."),
    (S45, "8.1.4.2", "Scaffolding subcontractor started work without an induction or approved method statement."),
    (S45, "8.2", "Fire exits in the warehouse were blocked by pallets and no fire drill has been held this year."),
    (S45, "6.1.3", "No register of applicable OH&S legal requirements exists."),
    (S45, "5.4", "There is no mechanism for workers to take part in hazard identification."),
    (S27, "A.5.18", "User access reviews for the finance system have not been done in 2026."),
    (S27, "A.8.13", "Backup of the customer database last ran three weeks ago; no backup schedule."),
    (S27, "A.8.8", "Vulnerability scan findings rated critical remain unresolved after 90 days."),
    (S27, "A.6.1", "Contract staff with access to payroll were not screened before starting."),
    (S27, "A.5.23", "No security requirements were defined for the SaaS CRM platform."),
    (S27, "A.7.2", "Visitors enter the office without signing in or wearing a badge."),
    (S27, "A.8.2", "Twelve users hold domain administrator rights without justification."),
    (S27, "6.1.2", "Information security risks have not been identified or analysed."),
    (S27, "A.7.14", "Old laptops were given to a charity without wiping their disks."),
    (S13, "8.2.2", "Customer complaint about a cracked housing was closed without investigation."),
    (S13, "7.5.6", "The ultrasonic welding process has never been validated."),
    (S13, "7.6", "Torque drivers used on the assembly line are not calibrated."),
    (S13, "8.5.2", "CAPA records lack any root cause analysis."),
    (S13, "7.3.9", "A change to the device housing material was made without design change review."),
    (S13, "6.2", "Assembly operators have no documented training on the sterile packaging procedure."),
]

# Written last, in the style of certification-body reports (evidence inside the statement), measured once.
FRESH = [
    (
        S9,
        "7.1.5.2",
        "Micrometer MM-07 in final inspection last calibrated 2025-03-11; 12-month interval per QP-11 exceeded.",
    ),
    (S9, "8.4.1", "Objective evidence: no evaluation on file for Acme Plating, used for 14 orders since January."),
    (S9, "7.2", "Operator on press 4 (employee 2231) not signed off as competent on the skills matrix."),
    (S9, "9.3.3", "Management review minutes of 2026-02-10 record no decisions on resources or improvement."),
    (S9, "8.7.1", "Rejected housings from batch 5521 found on the line-side rack without a hold tag."),
    (
        S9,
        "10.2.1",
        "NCR-0412 closed on 2026-04-01 with 'operator retrained' as the root cause; same defect recurred in May.",
    ),
    (S9, "7.5.3.2", "Drawing 88-102 rev C at cell 3 while rev E is released in the ERP."),
    (
        S9,
        "8.5.1",
        "Control plan CP-17 requires hourly checks of bore diameter; check sheet shows none from 10:00 to 15:00.",
    ),
    (S9, "9.1.2", "No customer feedback has been sought or analysed since the last audit."),
    (S9, "8.2.3.1", "Order 7741 accepted without checking the customer's packaging specification."),
    (S14, "6.1.3", "Legal register LR-2 last reviewed 2023; the revised F-gas regulation is not listed."),
    (S14, "8.1", "Waste oil drums in yard B not bunded; staining visible on the ground."),
    (S14, "9.1.2", "No evidence of evaluation of compliance for trade effluent consent TE-14 in 2025 or 2026."),
    (S14, "8.2", "Emergency plan EP-1 has not been tested; no drill record exists."),
    (S14, "6.1.2", "Aspects register does not cover the new boiler house commissioned in March."),
    (S45, "8.1.2", "Guard on the bandsaw in the joinery shop removed; operator working without it."),
    (S45, "10.2", "Incident log shows 3 hand injuries in Q2; no investigation reports."),
    (S45, "7.2", "Two of six forklift operators have no current operator certificate."),
    (S45, "6.1.2.2", "No risk assessment for the new chemical dosing task."),
    (S45, "9.1.1", "Monthly workplace inspections not carried out for April to June per HS-09."),
    (S27, "A.5.18", "Leaver J. Smith (left 2026-05-31) still had an active VPN account on 2026-09-10."),
    (S27, "A.8.8", "Server SRV-12 missing 14 critical Windows updates, the oldest from January."),
    (S27, "A.8.13", "No restore test of backups recorded in 2026."),
    (S27, "A.6.3", "Security awareness training completion 41% against a 100% target."),
    (S27, "A.5.9", "Asset register omits the 30 laptops bought in 2026."),
    (S27, "A.8.5", "Webmail accessible from the internet with password only, no second factor."),
    (S13, "7.6", "Force gauge FG-3 used for release testing has an expired calibration label."),
    (S13, "8.2.2", "Complaint C-2209 received 2026-03-02 not yet investigated."),
    (S13, "7.5.6", "Heat sealer HS-2 in use with no IQ/OQ/PQ records."),
    (S13, "7.4.1", "Supplier of PCB assemblies not on the approved supplier list and never evaluated."),
]


def main() -> None:
    for name, prefix, cases in (
        ("inference_cases.jsonl", "I", CASES),
        ("inference_holdout.jsonl", "H", HOLDOUT),
        ("inference_fresh.jsonl", "F", FRESH),
    ):
        write(Path(__file__).with_name(name), prefix, cases)


def write(out: Path, prefix: str, cases: list[tuple[str, str, str]]) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for i, (std, clause, statement) in enumerate(cases, 1):
            cid = f"{prefix}{i:03d}"
            case = {
                "id": cid,
                "report": {
                    "id": cid,
                    "standard": std,
                    "findings": [{"id": "N1", "clause": clause, "statement": statement}],
                },
                "expect": {"N1": {"categories": []}},
                "why": "clause inference: the clause this finding belongs to",
            }
            fh.write(json.dumps(case) + "\n")


if __name__ == "__main__":
    main()
