"""Round 9 of the scope principles (issue 23): another discipline's subject, and guidance as the only basis.

Principles:
- out_of_scope: a law belongs to the discipline of its subject. The statutory thorough examination of lifting
  equipment is workers' safety (standards/disciplines.yaml), whatever compliance obligation of another standard the
  finding calls it: "compliance obligations not met" beside it only labels that subject as an obligation
  (`obligation_labels`), so the finding stays outside an environmental or food safety audit (SC03).
- informative_clause: a technical report or specification written to support a requirements standard (ISO/TS
  22002-1 for ISO 22000, IEC/TR 80002-2 for ISO 13485) is guidance to it, whether it is written with its
  publisher or by its kind alone ("TR 80002-2"); measured against it alone, the finding is withdrawn (CT13), unless
  a scheme, a customer or a regulator the finding names makes it mandatory.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the subject the audited
discipline owns (an emission under the environmental permit), the same subject under the standard that owns it, the
guidance made mandatory by a named scheme or customer, the normative requirement itself unmet.
"""

from __future__ import annotations

import pytest

from engine.standards.citation import standards_named
from engine.standards.disciplines import obligation_label_stems
from engine.standards.guidance import known_guidance
from engine.standards.inference import tokens
from tests.one_finding import check_one

# (name, audited, clause, statement, evidence, rule expected)
WITHDRAWN = [
    (
        "energy_target_in_an_information_security_audit",
        "ISO/IEC 27001:2022",
        "6.2",
        "No energy reduction target has been set for the data centre.",
        None,
        "SC03",
    ),
    (
        "torn_product_labels_in_an_ohs_audit",
        "ISO 45001:2018",
        "8.1",
        "Product labels on finished cartons in the dispatch bay were torn and illegible.",
        None,
        "SC03",
    ),
    (
        "site_the_finding_says_is_outside_the_certified_scope",
        "ISO/IEC 27001:2022",
        "A.7.2",
        "At the Leeds warehouse, which is outside the certified scope statement and has no access to in-scope "
        "systems, visitors were not logged.",
        None,
        "SC01",
    ),
    (
        "lifting_equipment_examination_as_an_environmental_compliance_obligation",
        "ISO 14001:2015",
        "9.1.2",
        "The six-monthly thorough examination of the lifting equipment required by LOLER 1998 was overdue; "
        "compliance obligations not met.",
        None,
        "SC03",
    ),
    (
        "hoist_examination_as_a_compliance_obligation",
        "ISO 14001:2015",
        "6.1.3",
        "The hoist in the goods-in bay has no record of thorough examination; compliance obligations not fulfilled.",
        None,
        "SC03",
    ),
    (
        "hoist_examination_as_a_legal_requirement_in_food_safety",
        "ISO 22000:2018",
        "8.1",
        "The hoist in the raw materials store has no record of thorough examination; legal requirements not met.",
        None,
        "SC03",
    ),
    (
        "food_defence_plan_per_the_prp_technical_specification",
        "ISO 22000:2018",
        "8.2",
        "There is no food defence plan as required by ISO/TS 22002-1.",
        "PRPs for cleaning, pest control, maintenance and personal hygiene are implemented and verified.",
        "CT13",
    ),
    (
        "software_validation_per_a_technical_report_named_by_its_kind",
        "ISO 13485:2016",
        "4.1.6",
        "Software validation of the ERP is not per the technical report TR 80002-2.",
        "Validation VR-12 was done per SOP-VAL-03, with test scripts and approval.",
        "CT13",
    ),
    (
        "software_validation_per_the_iec_technical_report",
        "ISO 13485:2016",
        "4.1.6",
        "Software validation of the ERP is not per IEC/TR 80002-2.",
        "Validation VR-12 was done per SOP-VAL-03, with test scripts and approval.",
        "CT13",
    ),
]

KEPT = [
    (
        "information_security_objective_in_an_information_security_audit",
        "ISO/IEC 27001:2022",
        "6.2",
        "No information security objective has been set for the data centre's access control.",
        None,
    ),
    (
        "hazard_labels_on_solvent_drums_in_an_ohs_audit",
        "ISO 45001:2018",
        "8.1",
        "Hazard labels on the solvent drums in the dispatch bay were torn and illegible.",
        None,
    ),
    (
        "label_missing_an_allergen_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.5.1",
        "Product labels on finished cartons did not declare the sesame allergen.",
        None,
    ),
    (
        "site_inside_the_certified_scope",
        "ISO/IEC 27001:2022",
        "A.7.2",
        "At the Leeds data centre, which is within the certified scope, visitors were not logged.",
        None,
    ),
    (
        "emissions_monitoring_under_the_permit_is_the_environments_own",
        "ISO 14001:2015",
        "9.1.2",
        "The annual emissions monitoring required by the environmental permit was overdue; compliance obligations "
        "not met.",
        None,
    ),
    (
        "lifting_equipment_examination_under_iso_45001",
        "ISO 45001:2018",
        "9.1.2",
        "The six-monthly thorough examination of the lifting equipment required by LOLER 1998 was overdue; legal "
        "requirements not met.",
        None,
    ),
    (
        "waste_transfer_notes_under_iso_14001",
        "ISO 14001:2015",
        "6.1.3",
        "The waste transfer notes for the hazardous waste were not kept; legal requirements not met.",
        None,
    ),
    (
        "prp_technical_specification_made_mandatory_by_the_scheme",
        "ISO 22000:2018",
        "8.2",
        "There is no food defence plan as required by ISO/TS 22002-1, mandatory under the FSSC 22000 scheme.",
        None,
    ),
    (
        "technical_report_made_mandatory_by_the_customer",
        "ISO 13485:2016",
        "4.1.6",
        "Software validation of the ERP is not per TR 80002-2, which the customer's quality agreement QA-7 makes "
        "mandatory.",
        None,
    ),
    (
        "software_not_validated_at_all",
        "ISO 13485:2016",
        "4.1.6",
        "The ERP software used for lot release was not validated before use; no validation record exists.",
        None,
    ),
    (
        "prp_itself_not_implemented",
        "ISO 22000:2018",
        "8.2",
        "The pest control PRP is not implemented: no bait station checks since March, as required by ISO/TS 22002-1.",
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence", "rule"), WITHDRAWN, ids=[c[0] for c in WITHDRAWN]
)
def test_outside_the_criteria_is_withdrawn(engine, name, std, clause, statement, evidence, rule) -> None:
    got = check_one(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", (name, [(i.rule, i.message) for i in got.issues])
    assert rule in [i.rule for i in got.issues], (name, [i.rule for i in got.issues])


@pytest.mark.parametrize(("name", "std", "clause", "statement", "evidence"), KEPT, ids=[c[0] for c in KEPT])
def test_the_twin_stays(engine, name, std, clause, statement, evidence) -> None:
    got = check_one(engine, std, clause, statement, evidence)
    assert got.verdict != "withdraw", (name, [(i.rule, i.message) for i in got.issues])


def test_obligation_labels_are_only_labels() -> None:
    assert frozenset(tokens("compliance obligations not met")) <= obligation_label_stems()
    assert not frozenset(tokens("emissions monitoring overdue")) <= obligation_label_stems()


def test_a_technical_report_is_named_by_its_kind_alone() -> None:
    assert standards_named("not per the technical report TR 80002-2.") == ["TR 80002-2"]
    assert standards_named("per IEC/TR 80002-2") == ["IEC/TR 80002-2"]
    assert standards_named("batch TR12 and trial 2026") == []
    for name in ("IEC/TR 80002-2", "TR 80002-2", "ISO/TS 22002-1:2009"):
        assert known_guidance(name) is not None, name
