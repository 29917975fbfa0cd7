"""Round 2 of the scope principles (issue 23): subjects clearly another discipline's, a cited clause that shares
only a generic word, a procedure for producing a document the standard asks for as an output, an informative annex
of the audited standard as the yardstick, and guidance said to "require" something.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the same subject under
the standard whose discipline it is, a requirement of the standard or of the client's own shown unmet.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

_check = check_one


def _rules(got) -> list[tuple[str, str]]:
    return [(i.rule, i.message) for i in got.issues]


# ---- 1. another discipline's subject, uncited or cited to a clause sharing a generic word -------------------------

# (name, audited, clause, statement, the standard whose discipline it is)
OTHER_DISCIPLINE = [
    (
        "enpi_and_air_leaks_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Energy performance indicators have not been defined for the compressor house and compressed air leaks "
        "were not repaired.",
        "iso-50001-2018",
    ),
    (
        "noise_signs_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "Noise in the stamping hall exceeds 85 dB(A) and there are no signs requiring hearing protection.",
        "iso-45001-2018",
    ),
    (
        "hearing_protection_signs_in_an_energy_audit_citing_operational_control",
        "ISO 50001:2018",
        "8.1",
        "No hearing protection signs are posted at the boiler room entrance where noise exposure is high.",
        "iso-45001-2018",
    ),
    (
        "display_screen_assessments_in_an_isms_audit",
        "ISO/IEC 27001:2022",
        None,
        "Display screen equipment assessments of workstation ergonomics have not been carried out for the call "
        "centre staff.",
        "iso-45001-2018",
    ),
    (
        "refrigerant_leak_checks_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Refrigerant leak checks required by F-gas rules were not carried out on the cold store chiller.",
        "iso-14001-2015",
    ),
    (
        "ergonomic_risk_in_a_medical_device_audit_citing_work_environment",
        "ISO 13485:2016",
        "6.4.1",
        "Assembly operators report wrist pain from repetitive crimping; no ergonomic risk assessment of the "
        "workstation has been done.",
        "iso-45001-2018",
    ),
    (
        "incoming_product_quality_in_an_ohs_audit_citing_procurement",
        "ISO 45001:2018",
        "8.1.4",
        "Incoming film thickness was out of specification on two lots and the certificates of conformity were not "
        "checked at goods receipt.",
        "iso-9001-2015",
    ),
    (
        "musculoskeletal_complaints_in_a_quality_audit_citing_work_environment",
        "ISO 9001:2015",
        "7.1.4",
        "Musculoskeletal complaints from packers doing repetitive lifting have not been assessed.",
        "iso-45001-2018",
    ),
    (
        "f_gas_leak_tests_in_a_food_safety_audit_citing_operational_planning",
        "ISO 22000:2018",
        "8.1",
        "F-gas leak tests on the blast freezer refrigeration plant are overdue.",
        "iso-14001-2015",
    ),
]

# the same subjects under the standard whose discipline they are, and overlaps that stay
IN_SCOPE = [
    (
        "enpi_and_air_leaks_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "Energy performance indicators have not been defined for the compressor house and compressed air leaks "
        "were not repaired.",
    ),
    (
        "noise_signs_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Noise in the stamping hall exceeds 85 dB(A) and there are no signs requiring hearing protection.",
    ),
    (
        "display_screen_assessments_in_an_ohs_audit",
        "ISO 45001:2018",
        "6.1.2.1",
        "Display screen equipment assessments of workstation ergonomics have not been carried out for the call "
        "centre staff.",
    ),
    (
        "refrigerant_leak_checks_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.1",
        "Refrigerant leak checks required by F-gas rules were not carried out on the cold store chiller.",
    ),
    (
        "work_environment_as_it_affects_product",
        "ISO 13485:2016",
        "6.4.1",
        "Particle counts in the crimping cleanroom exceeded the limit of work environment specification WE-2 in "
        "May 2026 and the crimped leads were released.",
    ),
    (
        "incoming_product_quality_in_a_quality_audit",
        "ISO 9001:2015",
        "8.4.2",
        "Incoming film thickness was out of specification on two lots and the certificates of conformity were not "
        "checked at goods receipt.",
    ),
    (
        "clear_screen_in_an_isms_audit",
        "ISO/IEC 27001:2022",
        "A.7.7",
        "Screens of the call centre workstations were left unlocked with customer records open during breaks.",
    ),
    (
        "musculoskeletal_complaints_in_an_ohs_audit",
        "ISO 45001:2018",
        "6.1.2.1",
        "Musculoskeletal complaints from packers doing repetitive lifting have not been assessed.",
    ),
    (
        "customer_complaints_in_a_quality_audit",
        "ISO 9001:2015",
        "8.2.1",
        "Customer complaints about damaged packs from the packing line have not been assessed.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "other"), OTHER_DISCIPLINE, ids=[c[0] for c in OTHER_DISCIPLINE]
)
def test_a_subject_clearly_another_disciplines_is_out_of_scope(engine, name, std, clause, statement, other) -> None:
    got = _check(engine, std, clause, statement)
    g = got.requirement.grounding
    assert g is not None and g.outcome == "other_standard", f"{name}: {g and g.outcome} ({g and g.reason})"
    assert g.other is not None and g.other.standard == other
    assert got.verdict == "withdraw" and any(i.rule == "SC03" for i in got.issues)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), IN_SCOPE, ids=[c[0] for c in IN_SCOPE])
def test_the_same_subject_in_its_own_discipline_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome != "other_standard"


# ---- 2. a procedure for producing what the standard asks for as a document ------------------------------------

# (name, audited, clause, statement, evidence)
PROCEDURE_NOT_ASKED = [
    (
        "procedure_for_developing_the_ohs_policy",
        "ISO 45001:2018",
        "5.2",
        "There is no documented procedure for how the OH&S policy is developed.",
        "Policy rev 3 signed by the managing director on 2026-01-10 and communicated to all staff.",
    ),
    (
        "procedure_describing_policy_development_uncited",
        "ISO/IEC 27001:2022",
        None,
        "No documented procedure exists describing how the information security policy is developed and approved.",
        "Policy ISP-01 approved by the board in February 2026.",
    ),
    (
        "written_procedure_for_the_environmental_policy",
        "ISO 14001:2015",
        None,
        "There is no written procedure for developing the environmental policy.",
        "Policy EP-3 issued 2026-02-01 and posted at reception.",
    ),
    (
        "management_review_procedure_under_2008",
        "ISO 9001:2008",
        None,
        "Management review is not supported by a documented procedure describing how it is conducted.",
        "Minutes of the reviews held in March and September 2026.",
    ),
    (
        "communication_procedure_exists_wording",
        "ISO 9001:2015",
        "7.4",
        "No written procedure exists for internal communication.",
        "Team briefings held weekly; minutes TB-1 to TB-30.",
    ),
]
PROCEDURE_ASKED = [
    (
        "policy_not_documented",
        "ISO 45001:2018",
        "5.2",
        "The OH&S policy is not available as documented information; the managing director described it orally.",
    ),
    (
        "document_control_procedure_under_13485",
        "ISO 13485:2016",
        "4.2.4",
        "No documented procedure exists for the control of documents.",
    ),
    (
        "document_control_procedure_under_2008",
        "ISO 9001:2008",
        "4.2.3",
        "No documented procedure exists for the control of documents.",
    ),
    (
        "management_review_not_held_under_2008",
        "ISO 9001:2008",
        "5.6",
        "Management review has not been held since March 2025; no minutes exist for 2026.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"), PROCEDURE_NOT_ASKED, ids=[c[0] for c in PROCEDURE_NOT_ASKED]
)
def test_a_procedure_the_edition_does_not_ask_for_is_withdrawn(engine, name, std, clause, statement, evidence) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {_rules(got)}"
    assert any(i.category == "documented_procedure_not_required" for i in got.issues), _rules(got)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), PROCEDURE_ASKED, ids=[c[0] for c in PROCEDURE_ASKED])
def test_a_document_or_procedure_the_edition_asks_for_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"


# ---- 3. an informative annex, guidance said to "require", a technical report's method --------------------------

GUIDANCE_ONLY = [
    (
        "aspects_per_informative_annex",
        "ISO 14001:2015",
        "6.1.2",
        "The aspects register is not arranged according to Annex A of ISO 14001.",
        "Register AR-2 rates 40 aspects against the criteria of procedure EP-04.",
    ),
    (
        "hazards_per_annex_of_the_standard",
        "ISO 45001:2018",
        None,
        "Hazard identification is not structured as set out in Annex A of the standard.",
        "Hazard register HR-4 covers routine and non-routine tasks.",
    ),
    (
        "risks_per_annex_a4",
        "ISO 9001:2015",
        "6.1",
        "Risks are not addressed as described in Annex A.4 of ISO 9001.",
        "Risk and opportunity log RO-2 reviewed in March 2026.",
    ),
    (
        "guidance_said_to_require_a_model",
        "ISO 50001:2018",
        "6.5",
        "ISO 50006 requires a statistical model for the energy baseline; none is used.",
        "Baseline EnB-2025 with relevant variables production volume and degree days.",
    ),
    (
        "as_guidance_requires",
        "ISO 50001:2018",
        "6.4",
        "A regression model is not used for the EnPIs as ISO 50006 requires.",
        "EnPIs EP-1 to EP-4 defined and reviewed quarterly.",
    ),
    (
        "technical_report_life_cycle",
        "ISO 13485:2016",
        "7.3.2",
        "Design planning does not apply the software life cycle described in ISO/TR 80002-2.",
        "Design plan DP-7 follows procedure SOP-DES-01 with stages and reviews.",
    ),
    (
        "technical_report_life_cycle_isms",
        "ISO/IEC 27001:2022",
        "A.8.25",
        "Development does not apply the life cycle described in ISO/IEC TR 27550.",
        "Secure development procedure SDP-1 defines phases and security reviews.",
    ),
]
GUIDANCE_BESIDE_A_GAP = [
    (
        "normative_annex_of_27001",
        "ISO/IEC 27001:2022",
        "6.1.3",
        "Controls are not selected according to Annex A of ISO/IEC 27001; no Statement of Applicability exists.",
    ),
    (
        "annex_and_aspects_not_rated",
        "ISO 14001:2015",
        "6.1.2",
        "The aspects register does not follow Annex A of ISO 14001, and the aspects of paint line PL-2 "
        "commissioned in May 2026 have not been rated for significance.",
    ),
    (
        "guidance_said_to_require_and_no_baseline",
        "ISO 50001:2018",
        "6.5",
        "ISO 50006 requires a statistical model for the energy baseline; no energy baseline has been established.",
    ),
    (
        "client_procedure_requires",
        "ISO 45001:2018",
        "6.1.2",
        "Procedure HS-P-04 requires a psychosocial risk survey every year; it has not been carried out since 2024.",
    ),
    (
        "technical_report_and_no_design_reviews",
        "ISO 13485:2016",
        "7.3.2",
        "Design planning does not apply the software life cycle described in ISO/TR 80002-2, and design plan DP-7 "
        "for project P-12 defines no design reviews.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"), GUIDANCE_ONLY, ids=[c[0] for c in GUIDANCE_ONLY]
)
def test_guidance_or_an_informative_annex_as_the_only_basis_is_withdrawn(
    engine, name, std, clause, statement, evidence
) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome == "guidance_only"
    assert any(i.rule == "CT13" for i in got.issues)


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement"), GUIDANCE_BESIDE_A_GAP, ids=[c[0] for c in GUIDANCE_BESIDE_A_GAP]
)
def test_a_requirement_unmet_beside_the_guidance_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome != "guidance_only"
