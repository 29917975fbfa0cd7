"""Round 8, issue 23: a finding whose only basis is hearsay, guidance, or another discipline's subject is withdrawn.

Three principles, each with wordings of our own across at least three standards, every invalid wording beside a
near-identical valid twin that must stay kept:

1. Hearsay as the only basis (17021-1 9.4.4, 9.4.5.3): what someone said at one remove (a bare plural group,
   "according to a ...", "a contractor mentioned") with nothing the auditor saw, sampled or measured that shows it,
   where the record or item checked contradicts it ("records were complete", "had its guard in place") or is silent
   ("no complaints appear in the log") -> EV02/EV07, withdraw. Twins: the remark verified by an identified record;
   the responsible person's own account of their own practice with the lack of records seen.
2. Guidance as the only basis (9.2.1.3): the client measured against a guidance document by the verb of meeting it
   ("does not meet ISO 10002", "not compliant with ISO 45003") while nothing recorded shows a requirement unmet ->
   CT13, withdraw. Twins: the normative requirement itself recorded unmet, the guidance only mentioned; a customer
   contract making the guidance mandatory.
3. Another discipline's subject (9.2.1): a product's appearance (a customer's colour, gloss, cosmetic finish) is a
   quality characteristic, not a hazard to the consumer, the worker or the environment (standards/disciplines.yaml,
   regime product-appearance, covered by quality's own audit only) -> SC03, withdraw in ISO 22000, ISO 45001 and
   ISO 14001 audits. Twins: the same subject in an ISO 9001 audit; a food product defect tied to a hazard (a foreign
   body, an allergen statement cut off).
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

W = "withdraw"

# (rule ids any of which withdraws it, standard, clause, statement, evidence) invalid, then its valid twin
HEARSAY = "EV02", "EV07"
GUIDANCE = ("CT13",)
FOREIGN = ("SC03", "SC01")

PAIRS = [
    # 1. hearsay, contradicted or silent, or with nothing seen
    (
        (
            HEARSAY,
            "ISO 50001:2018",
            "8.1",
            "Compressed air leaks are widespread across the fabrication shop; shift "
            "operators said the compressors are never switched off at weekends.",
            None,
        ),
        (
            None,
            "ISO 50001:2018",
            "8.1",
            "Compressed air leaks are widespread across the fabrication shop; the "
            "maintenance supervisor said so, and leak survey LS-3 of May 2026 lists 14 untagged leaks.",
            None,
        ),
    ),
    (
        (
            HEARSAY,
            "ISO 14001:2015",
            "9.1.1",
            "A contractor mentioned that neighbours have complained about noise from "
            "the yard at night; no complaints appear in the complaints log.",
            None,
        ),
        (
            None,
            "ISO 14001:2015",
            "9.1.1",
            "A contractor mentioned that neighbours have complained about noise from the "
            "yard at night; the complaints log holds three noise complaints from neighbours, C-12 to C-14, none "
            "investigated.",
            None,
        ),
    ),
    (
        (
            HEARSAY,
            "ISO 9001:2015",
            "8.5.1",
            "Final inspection is regularly skipped on the night shift, according to a "
            "day-shift inspector. Night-shift inspection records for May were complete.",
            None,
        ),
        (
            None,
            "ISO 9001:2015",
            "8.5.1",
            "The night-shift operator stated that he does not perform the final "
            "inspection; no inspection records exist for the night shift in May 2026.",
            None,
        ),
    ),
    (
        (
            HEARSAY,
            "ISO 45001:2018",
            "8.1.2",
            "Staff in the warehouse said that the guards on the baler are often "
            "removed; the baler inspected had its guard in place.",
            None,
        ),
        (
            None,
            "ISO 45001:2018",
            "8.1.2",
            "Staff in the warehouse said that the guards on the baler are often "
            "removed; at the visit on 12 May the baler was running with its guard removed.",
            None,
        ),
    ),
    # 2. guidance as the only yardstick, by the verb of meeting it
    (
        (
            GUIDANCE,
            "ISO 9001:2015",
            "9.1.2",
            "The complaints handling process does not meet ISO 10002.",
            "Complaints are logged in the CRM, investigated and reviewed monthly; the 2026 log has 24 entries, all "
            "closed.",
        ),
        (
            None,
            "ISO 9001:2015",
            "9.1.2",
            "Complaints are not investigated: 9 of 24 complaints in the 2026 log have no "
            "investigation or response, although procedure QP-12, written with reference to ISO 10002, requires both.",
            None,
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 9001:2015",
            "8.2.1",
            "Complaints handling is not compliant with ISO 10002.",
            "Complaint log CL-26 holds 24 complaints, each investigated and answered; reviewed at MR-26.",
        ),
        (
            None,
            "ISO 9001:2015",
            "8.2.1",
            "Complaints handling is not compliant with ISO 10002, which customer contract "
            "CA-7 makes mandatory for complaints about product X.",
            "Complaint log CL-26 holds 24 complaints; contract "
            "CA-7 clause 12 requires handling per ISO 10002; acknowledgement times are not recorded.",
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 45001:2018",
            "6.1.2.1",
            "The psychosocial hazard identification does not meet ISO 45003.",
            "Hazard register HR-4 covers workload, lone working and shift work with controls.",
        ),
        (
            None,
            "ISO 45001:2018",
            "6.1.2.1",
            "Psychosocial hazards were not identified: hazard register HR-4 lists no "
            "workload, lone working or shift work hazards, although ISO 45003 was mentioned by the manager.",
            None,
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 50001:2018",
            "6.6",
            "The energy baseline does not meet ISO 50006: no model statistics are given.",
            "Baseline EB-2025 documented with the method, period and relevant variables.",
        ),
        (
            None,
            "ISO 50001:2018",
            "6.6",
            "No energy baseline has been established for the site, as ISO 50006 would describe.",
            "No baseline document or data exists.",
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 14001:2015",
            "9.1.1",
            "Environmental performance evaluation does not conform to ISO 14031.",
            "Monitoring plan MP-2 lists 12 indicators reviewed quarterly; results in MR-26.",
        ),
        (
            None,
            "ISO 14001:2015",
            "9.1.1",
            "Environmental performance evaluation is not in line with ISO 14031, which "
            "the customer contract CT-44 makes mandatory for the site's reporting.",
            "Monitoring plan MP-2 uses no indicators of ISO 14031.",
        ),
    ),
    # 3. a product's appearance: quality's subject, not a hazard
    (
        (
            FOREIGN,
            "ISO 22000:2018",
            "8.5.1",
            "Biscuits of batch B-201 did not meet the customer's colour "
            "specification: 3 of 10 samples were darker than the colour card.",
            None,
        ),
        (
            None,
            "ISO 9001:2015",
            "8.6",
            "Biscuits of batch B-201 did not meet the customer's colour specification: 3 "
            "of 10 samples were darker than the colour card; the batch was released.",
            None,
        ),
    ),
    (
        (
            FOREIGN,
            "ISO 22000:2018",
            "8.5.4",
            "The labels of jam batch J-9 were printed off-centre, outside the brand's artwork specification.",
            None,
        ),
        (
            None,
            "ISO 22000:2018",
            "8.5.4",
            "Biscuits of batch B-201 declared free of nuts were packed in film printed "
            "off-centre so that the allergen statement was cut off; the batch was released.",
            None,
        ),
    ),
    (
        (
            FOREIGN,
            "ISO 45001:2018",
            "8.1.1",
            "Painted panels of batch P-33 showed surface scratches and did not meet "
            "the customer's appearance specification.",
            None,
        ),
        (
            None,
            "ISO 9001:2015",
            "8.6",
            "Painted panels of batch P-33 showed surface scratches and did not meet the "
            "customer's appearance specification; they were released.",
            None,
        ),
    ),
    (
        (
            FOREIGN,
            "ISO 14001:2015",
            "8.1",
            "Chairs of order 551 were dispatched with cosmetic defects on the armrests, "
            "against the customer's appearance specification.",
            None,
        ),
        (
            None,
            "ISO 9001:2015",
            "8.6",
            "Chairs of order 551 were dispatched with cosmetic defects on the armrests, "
            "against the customer's appearance specification.",
            None,
        ),
    ),
    (
        (
            FOREIGN,
            "ISO 14001:2015",
            "8.1",
            "The finish of the chairs of order 551 did not meet the customer's gloss specification.",
            None,
        ),
        (
            None,
            "ISO 22000:2018",
            "8.5.1",
            "Biscuits of batch B-201 contained metal fragments; 3 of 10 samples were "
            "rejected at the metal detector but the batch was released.",
            None,
        ),
    ),
    # round 8, second pass: more wordings of the same principles
    (
        (
            HEARSAY,
            "ISO 45001:2018",
            "8.1.2",
            "Drivers mentioned that vehicles are regularly loaded above their rated weight; the weighbridge tickets "
            "sampled for June showed all loads within limits.",
            None,
        ),
        (
            None,
            "ISO 45001:2018",
            "8.1.2",
            "Drivers mentioned that vehicles are regularly loaded above their rated weight; weighbridge tickets WB-611 "
            "and WB-618 of June show loads of 19.2 t and 19.6 t on vehicles rated at 18 t.",
            None,
        ),
    ),
    (
        (
            HEARSAY,
            "ISO 45001:2018",
            "8.2",
            "According to a cleaner, the eyewash station is often empty; it was found full at the visit.",
            None,
        ),
        (
            None,
            "ISO 45001:2018",
            "8.2",
            "According to a cleaner, the eyewash station is often empty; at the visit on 3 June the bottles at "
            "station EW-2 were empty.",
            None,
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 50001:2018",
            "6.4",
            "The EnPIs are not aligned to ISO 50006.",
            "EnPI register EP-2 with 6 indicators and their baselines.",
        ),
        (
            None,
            "ISO 50001:2018",
            "6.4",
            "No EnPIs have been determined for the site, whether aligned to ISO 50006 or not.",
            "No EnPI register or indicator exists.",
        ),
    ),
    (
        (
            GUIDANCE,
            "ISO 14001:2015",
            "6.1.2",
            "ISO 14004 has not been implemented for the aspects evaluation.",
            "Aspects register AR-3 rates 31 aspects with the criteria of ENV-P-02.",
        ),
        (
            None,
            "ISO 14001:2015",
            "6.1.2",
            "Environmental aspects have not been determined for the new paint line PL-2 commissioned in May 2026.",
            "Aspects register AR-3 does not include PL-2.",
        ),
    ),
    (
        (
            FOREIGN,
            "ISO 45001:2018",
            "8.1.1",
            "Shafts of lot 77 were 0.2 mm over the drawing tolerance and were released to the customer.",
            None,
        ),
        (
            None,
            "ISO 9001:2015",
            "8.6",
            "Shafts of lot 77 were 0.2 mm over the drawing tolerance and were released to the customer.",
            None,
        ),
    ),
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p[0][1]}-{p[0][3][:30]}" for p in PAIRS])
def test_invalid_withdrawn_and_twin_kept(engine: Engine, pair: tuple) -> None:
    (rules, std, clause, statement, evidence), (_, std2, clause2, statement2, evidence2) = pair
    bad = check_one(engine, std, clause, statement, evidence)
    fired = {i.rule for i in bad.issues}
    assert bad.verdict == W, (statement, bad.verdict, fired)
    assert fired & set(rules), (statement, fired)
    good = check_one(engine, std2, clause2, statement2, evidence2)
    assert good.verdict != W, (statement2, [(i.rule, i.message) for i in good.issues])


def test_principles_span_three_standards() -> None:
    for rules in (HEARSAY, GUIDANCE, FOREIGN):
        stds = {p[0][1] for p in PAIRS if p[0][0] == rules}
        assert len(stds) >= 3, (rules, stds)
