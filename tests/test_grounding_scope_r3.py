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
