"""Round 3 of the scope principles (issue 23): another discipline's subject named by its terms
(standards/disciplines.yaml), whatever generic words of the audited standard the finding shares.

Principle: each discipline's subject vocabulary is data written once per discipline; a finding whose whole subject
is named only by terms of a discipline (or a regime: weights and measures law, fire safety law) the audit does not
cover is out of the audit's scope (ISO/IEC 17021-1 9.2.1) and withdrawn (SC03). Every wording is ours. Each invalid
finding has a near-identical twin that must stay kept: the same subject under the standard whose discipline it is,
a subject of the audited discipline beside it, or an integrated audit naming both standards.
"""

from __future__ import annotations

import pytest

from engine.standards.disciplines import foreign_subject, subject_areas
from engine.standards.inference import tokens
from tests.one_finding import check_one

# (name, audited, clause, statement, the standard the subject is pointed to)
OUT_OF_SCOPE = [
    (
        "face_shields_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "Operators decanting sodium hydroxide in the effluent plant were not wearing face shields or chemical gloves.",
        "iso-45001-2018",
    ),
    (
        "eyewash_not_flushed_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.1",
        "The emergency eyewash station beside the acid store had not been flushed weekly; the tag showed last test "
        "in March.",
        "iso-45001-2018",
    ),
    (
        "forklift_certificates_and_walkways_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.1",
        "Two forklift truck drivers in the dispatch warehouse held no operator training certificate, and pedestrian "
        "walkways are not marked.",
        "iso-45001-2018",
    ),
    (
        "walkways_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Pedestrian walkways in the despatch area are not marked on the floor.",
        "iso-45001-2018",
    ),
    (
        "packs_below_the_tolerable_negative_error_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Sampled 500 g packs of rice weighed below the tolerable negative error permitted under weights and measures "
        "rules.",
        "iso-9001-2015",
    ),
    (
        "customer_returns_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Customer returns of faulty valves during 2026 were not analysed for root cause.",
        "iso-9001-2015",
    ),
    (
        "fire_risk_assessment_in_a_medical_device_audit",
        "ISO 13485:2016",
        None,
        "The fire risk assessment for the office building expired in February 2026 and has not been reviewed.",
        "iso-45001-2018",
    ),
    (
        "hazardous_waste_labels_in_an_automotive_audit",
        "IATF 16949:2016",
        None,
        "Hazardous waste containers in the paint shop were not labelled and waste transfer notes for 2026 could not "
        "be produced.",
        "iso-14001-2015",
    ),
    (
        "f_gas_checks_under_the_regulation_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "Refrigerant leak checks on the chillers required by the F-gas regulation were not carried out in 2026.",
        "iso-14001-2015",
    ),
    (
        "f_gas_checks_in_an_energy_audit_citing_operational_control",
        "ISO 50001:2018",
        "8.1",
        "Leak checks of the air conditioning units under F-gas rules are overdue.",
        "iso-14001-2015",
    ),
]

# (name, audited, clause, statement): the twins that stay
KEPT = [
    (
        "face_shields_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Operators decanting sodium hydroxide in the effluent plant were not wearing face shields or chemical gloves.",
    ),
    (
        "spill_to_drain_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.1",
        "Oil from a leaking drum in the yard was running into the surface water drain; no spill kit was used.",
    ),
    (
        "face_shields_beside_a_spill_kit_not_restocked",
        "ISO 14001:2015",
        None,
        "Operators decanting caustic were not wearing face shields, and the spill kit at the decanting point had not "
        "been restocked after the April spill.",
    ),
    (
        "forklift_certificates_in_an_ohs_audit",
        "ISO 45001:2018",
        "7.2",
        "Two forklift truck drivers in the dispatch warehouse held no operator training certificate.",
    ),
    (
        "walkways_in_an_integrated_audit",
        "ISO 22000:2018 / ISO 45001:2018",
        None,
        "Pedestrian walkways in the despatch area are not marked on the floor.",
    ),
    (
        "allergen_changeover_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.5.1",
        "Sesame is handled on line 3 but the allergen changeover clean between sesame and non-sesame runs was not "
        "validated.",
    ),
    (
        "glass_register_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "The glass and brittle plastics register for the filling hall was not checked in April; two cracked light "
        "covers were found above line 2.",
    ),
    (
        "packs_below_the_tolerable_negative_error_in_a_quality_audit",
        "ISO 9001:2015",
        None,
        "Sampled 500 g packs of rice weighed below the tolerable negative error permitted under weights and measures "
        "rules.",
    ),
    (
        "underweight_packs_beside_a_metal_detector_not_tested",
        "ISO 22000:2018",
        None,
        "Packs weighed below the tolerable negative error, and the metal detector on line 2 was not tested at the "
        "start of the shift.",
    ),
    (
        "chemical_exposure_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Exposure of paint shop workers to solvent vapours has not been assessed; no exposure monitoring results "
        "exist.",
    ),
    (
        "customer_returns_in_a_quality_audit",
        "ISO 9001:2015",
        None,
        "Customer returns of faulty valves during 2026 were not analysed for root cause.",
    ),
    (
        "fire_risk_assessment_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "The fire risk assessment for the office building expired in February 2026 and has not been reviewed.",
    ),
    (
        "cleanroom_pressure_in_a_medical_device_audit",
        "ISO 13485:2016",
        None,
        "Cleanroom differential pressure was not recorded on 12 shifts in May 2026 as work environment procedure "
        "WE-3 requires.",
    ),
    (
        "esd_straps_in_a_medical_device_audit",
        "ISO 13485:2016",
        None,
        "Operators at the PCB assembly bench were not wearing ESD wrist straps, as required by procedure ESD-01.",
    ),
    (
        "hazardous_waste_labels_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "Hazardous waste containers in the paint shop were not labelled and waste transfer notes for 2026 could not "
        "be produced.",
    ),
    (
        "product_safety_in_an_automotive_audit",
        "IATF 16949:2016",
        None,
        "The product safety representative was not involved in approving the PFMEA for the brake hose, a "
        "safety-related part.",
    ),
    (
        "f_gas_checks_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "Refrigerant leak checks on the chillers required by the F-gas regulation were not carried out in 2026.",
    ),
    (
        "compressed_air_leaks_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "Compressed air leaks tagged in the January leak survey were still not repaired in June.",
    ),
    (
        "chiller_energy_use_beside_f_gas_checks_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "Energy consumption of the chillers is not monitored against the EnPI, and refrigerant leak checks under "
        "the F-gas regulation are overdue.",
    ),
]


def _rules(got) -> list[tuple[str, str]]:
    return [(i.rule, i.message) for i in got.issues]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "other"), OUT_OF_SCOPE, ids=[c[0] for c in OUT_OF_SCOPE]
)
def test_a_subject_named_by_another_disciplines_terms_is_out_of_scope(
    engine, name, std, clause, statement, other
) -> None:
    got = check_one(engine, std, clause, statement)
    g = got.requirement.grounding
    assert g is not None and g.outcome == "other_standard", f"{name}: {g and g.outcome} ({g and g.reason})"
    assert g.other is not None and g.other.standard == other, g.other
    assert got.verdict == "withdraw" and any(i.rule == "SC03" for i in got.issues), _rules(got)
    assert any(i.category == "out_of_scope" for i in got.issues)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), KEPT, ids=[c[0] for c in KEPT])
def test_the_twin_in_scope_stays(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome != "other_standard"


def test_every_term_has_words_and_every_regime_a_covering_discipline() -> None:
    areas = subject_areas()
    assert {a.id for a in areas} >= {"occupational-health-and-safety", "environment", "quality", "legal-metrology"}
    for a in areas:
        assert a.terms and all(t.spellings for t in a.terms), a.id
        assert not a.regime or a.covered_by, a.id


def test_a_term_the_audited_tree_holds_is_its_own_subject(engine) -> None:
    """ISO 45001's tree names forklift licences; ISO 9001's names forklifts as infrastructure: a term the audited
    tree holds never counts against it. An integrated audit naming OH&S covers it."""
    lib = engine.library
    ohs = lib.resolve("ISO 45001:2018")
    qms = lib.resolve("ISO 9001:2015")
    ems = lib.resolve("ISO 14001:2015")
    words = frozenset(tokens("forklift drivers hold no certificate"))
    assert foreign_subject(lib, ohs, words) is None
    assert foreign_subject(lib, qms, words) is None  # ISO 9001's tree holds "forklift"
    found = foreign_subject(lib, ems, words)
    assert found is not None and found.area.id == "occupational-health-and-safety"
    assert foreign_subject(lib, ems, words, own=frozenset({"occupational-health-and-safety"})) is None


# ---- guidance written in the clause field as the basis ----------------------------------------------------------

# (name, audited, clause field, statement, evidence): the guidance's structure, method or decision tree asked for
GUIDANCE_AS_THE_CLAUSE = [
    (
        "indicator_categories_of_iso_14031",
        "ISO 14001:2015",
        "ISO 14031",
        "The environmental performance indicators are not structured into management, operational and condition "
        "indicators.",
        "EPI list EP-2 with 12 indicators reviewed quarterly.",
    ),
    (
        "codex_decision_tree",
        "ISO 22000:2018",
        "Codex CXC 1-1969, Diagram 2",
        "CCPs were not determined using the decision tree.",
        "HACCP plan HP-3 lists 4 CCPs with justification.",
    ),
    (
        "complaints_principles_of_iso_10002",
        "ISO 9001:2015",
        "ISO 10002:2018",
        "Complaints handling does not follow the guiding principles for complaints handling.",
        "Complaints log CL-26 with 14 entries, all closed.",
    ),
    (
        "extent_of_the_programme_per_iso_19011",
        "ISO 14001:2015",
        "ISO 19011:2018 5.4",
        "The audit programme does not define the extent of each audit programme.",
        "Programme AP-2026.",
    ),
]
# the near-identical twins that record a requirement of the standard audited unmet
GUIDANCE_CLAUSE_AND_A_GAP = [
    (
        "no_indicators_citing_iso_14031",
        "ISO 14001:2015",
        "ISO 14031",
        "Environmental performance is not evaluated: no indicators have been defined and no monitoring results "
        "exist for 2026.",
    ),
    (
        "no_ccps_citing_codex",
        "ISO 22000:2018",
        "Codex CXC 1-1969, Diagram 2",
        "No hazard analysis has been done for the new chilled dessert line and no CCPs have been determined.",
    ),
    (
        "complaints_not_analysed_citing_iso_10002",
        "ISO 9001:2015",
        "ISO 10002",
        "Customer complaints C-4 and C-9 of 2026 were not analysed and no corrective actions were taken.",
    ),
    (
        "no_baseline_citing_iso_50006",
        "ISO 50001:2018",
        "ISO 50006",
        "No energy baseline has been established for the site.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"),
    GUIDANCE_AS_THE_CLAUSE,
    ids=[c[0] for c in GUIDANCE_AS_THE_CLAUSE],
)
def test_guidance_in_the_clause_field_with_nothing_normative_unmet_is_withdrawn(
    engine, name, std, clause, statement, evidence
) -> None:
    got = check_one(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome == "guidance_only"
    assert any(i.rule == "CT13" and i.category == "informative_clause" for i in got.issues)


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement"), GUIDANCE_CLAUSE_AND_A_GAP, ids=[c[0] for c in GUIDANCE_CLAUSE_AND_A_GAP]
)
def test_guidance_in_the_clause_field_beside_a_requirement_unmet_stays(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome != "guidance_only"


def test_guidance_outside_iso_is_known_by_its_names() -> None:
    from engine.standards.guidance import known_guidance

    found = known_guidance("Codex CXC 1-1969, Diagram 2")
    assert found is not None and found.designation == "Codex CXC 1-1969"
    assert known_guidance("CAC/RCP 1-1969 Annex") is found
    assert known_guidance("ISO 1969") is None  # a number alone never names a document outside ISO
    assert known_guidance("ISO 14031:2021") is not None


# ---- documents the edition does not require, however the lack is worded or cited -------------------------------

# (name, audited, clause, statement): a manual or procedure no requirement of the edition asks for
NOT_REQUIRED = [
    (
        "energy_manual_uncited",
        "ISO 50001:2018",
        None,
        "An energy manual describing the energy management system has not been established.",
    ),
    (
        "energy_manual_cited_to_documented_information",
        "ISO 50001:2018",
        "7.5.1",
        "An energy manual describing the energy management system has not been established.",
    ),
    (
        "food_safety_manual",
        "ISO 22000:2018",
        None,
        "A food safety manual setting out the FSMS has not been documented.",
    ),
    (
        "risk_procedure_food_safety",
        "ISO 22000:2018",
        "6.1",
        "A documented procedure for addressing risks and opportunities has not been established.",
    ),
    (
        "risk_procedure_food_safety_wrongly_cited",
        "ISO 22000:2018",
        "7.5.1",
        "A documented procedure for addressing risks and opportunities has not been established.",
    ),
    (
        "isms_manual",
        "ISO/IEC 27001:2022",
        "7.5.1",
        "An ISMS manual describing the information security management system has not been prepared.",
    ),
]
# twins: the manual or procedure the edition does ask for
REQUIRED = [
    (
        "quality_manual_13485",
        "ISO 13485:2016",
        "4.2.2",
        "A quality manual describing the quality management system has not been established.",
    ),
    (
        "quality_manual_2008",
        "ISO 9001:2008",
        "4.2.2",
        "A quality manual describing the quality management system has not been established.",
    ),
    (
        "complaint_procedure_13485",
        "ISO 13485:2016",
        "8.2.2",
        "A documented procedure for handling complaints has not been established.",
    ),
]


@pytest.mark.parametrize(("name", "std", "clause", "statement"), NOT_REQUIRED, ids=[c[0] for c in NOT_REQUIRED])
def test_a_manual_or_procedure_the_edition_does_not_require_is_withdrawn(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict == "withdraw", f"{name}: {_rules(got)}"
    assert any(i.category == "documented_procedure_not_required" for i in got.issues), _rules(got)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), REQUIRED, ids=[c[0] for c in REQUIRED])
def test_a_manual_or_procedure_the_edition_asks_for_stays(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
