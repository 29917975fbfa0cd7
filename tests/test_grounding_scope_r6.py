"""Round 6 of the scope principles (issue 23): a finding whose subject another discipline's standard owns.

Principle: what the finding records as lacking, and what that protects (the environment, workers' health and
safety, energy performance, food safety, product quality, information), is owned by another discipline's standard
and by no obligation of the standard audited (nor by the client's own rule for that system): out of the audit's
scope (ISO/IEC 17021-1 9.2.1), withdrawn by SC03 naming the standard that owns it. Two mechanisms are tested:

- the subject is named by terms of the other discipline (standards/disciplines.yaml: electricity consumption and
  kWh for energy, an evacuation drill or a muster point for fire safety, audiometry for workers' health), never by
  a place named only as where something stands ("next to the forklift charging point");
- a lack that names no discipline's term, said beside such a subject (in its sentence, or the part just before or
  after it), is a detail of that subject ("the absorbent pads were missing" after a spill kit not restocked, "no
  personal dosimetry" after a noise exposure assessment not repeated, a leak test the F-gas law named beside it
  requires), unless a requirement of the audited standard holds its words.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the same subject under
the standard that owns it, or a neighbouring subject the audited standard owns (a freezer's temperature in a food
safety audit, a fire suppression test in an information security one, a spill kit for acid splashes in an OH&S one).
"""

from __future__ import annotations

import pytest

from engine.standards.disciplines import detail_of_foreign_subject
from engine.standards.inference import tokens
from tests.one_finding import check_one

# (name, audited, clause, statement, the standard the subject is pointed to)
OUT_OF_SCOPE = [
    (
        "spill_kit_and_its_pads_in_a_quality_audit_cited_to_the_work_environment",
        "ISO 9001:2015",
        "7.1.4",
        "The spill kit in the solvent store had been used and not replenished; absorbent pads and the drain cover "
        "were missing.",
        "iso-14001-2015",
    ),
    (
        "spill_kit_by_the_diesel_tank_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.4",
        "The spill kit beside the diesel tank was empty; the absorbent pads had not been replaced after the May leak.",
        "iso-14001-2015",
    ),
    (
        "noise_exposure_and_dosimetry_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "The noise exposure assessment for the press operators has not been repeated since the new press line was "
        "commissioned; no personal dosimetry was done.",
        "iso-45001-2018",
    ),
    (
        "audiometry_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Audiometry for the bottling hall operators is two years overdue; hearing tests were not arranged.",
        "iso-45001-2018",
    ),
    (
        "fire_drill_and_assembly_signs_in_an_information_security_audit",
        "ISO/IEC 27001:2022",
        None,
        "No fire evacuation drill has been held at the head office for over a year, and two assembly point signs "
        "are missing.",
        "iso-45001-2018",
    ),
    (
        "fire_exercise_and_assembly_signs_in_an_information_security_audit_cited_to_continuity",
        "ISO/IEC 27001:2022",
        "A.5.29",
        "The head office has not held a fire evacuation exercise in the last 12 months; two fire assembly signs are "
        "missing.",
        "iso-45001-2018",
    ),
    (
        "evacuation_drill_and_muster_point_in_a_medical_device_audit",
        "ISO 13485:2016",
        "6.4.1",
        "The site has held no evacuation drill this year and the muster point sign at the north gate is missing.",
        "iso-45001-2018",
    ),
    (
        "freezer_electricity_in_a_food_safety_audit_cited_to_monitoring",
        "ISO 22000:2018",
        "9.1",
        "Electricity consumption of the two spiral freezers, the biggest load on site, is not metered or monitored.",
        "iso-50001-2018",
    ),
    (
        "freezer_kwh_in_a_food_safety_audit",
        "ISO 22000:2018",
        "9.1",
        "The kWh used by the three blast freezers, the largest load on site, are not metered or reviewed.",
        "iso-50001-2018",
    ),
    (
        "curing_ovens_energy_users_in_a_quality_audit",
        "ISO 9001:2015",
        "9.1.1",
        "Energy consumption of the curing ovens is not measured, although they are the largest energy users on site.",
        "iso-50001-2018",
    ),
    (
        "kiln_gas_consumption_in_a_quality_audit",
        "ISO 9001:2015",
        "9.1.1",
        "Natural gas consumption of the two kilns has not been monitored since the burners were replaced.",
        "iso-50001-2018",
    ),
    (
        "leak_tests_the_f_gas_law_requires_in_an_energy_audit",
        "ISO 50001:2018",
        None,
        "The site could not show records of leak testing of its air-conditioning units containing R410A, as the "
        "fluorinated greenhouse gas regulations require.",
        "iso-14001-2015",
    ),
    (
        "solvent_disposed_without_consignment_notes_in_a_medical_device_audit",
        "ISO 13485:2016",
        "4.2.5",
        "Spent isopropanol and contaminated wipes are disposed of without consignment notes.",
        "iso-14001-2015",
    ),
    (
        "boundary_noise_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Boundary noise has not been measured since the new extraction fans were fitted in May.",
        "iso-14001-2015",
    ),
]

# (name, audited, clause, statement): the twins that stay
KEPT = [
    (
        "spill_kit_and_its_pads_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.2",
        "The spill kit in the solvent store had been used and not replenished; absorbent pads and the drain cover "
        "were missing.",
    ),
    (
        "spill_kit_for_acid_splashes_in_an_ohs_audit",
        "ISO 45001:2018",
        "8.2",
        "The spill kit beside the acid decanting point was empty, so operators had nothing to contain an acid "
        "splash; the absorbent pads had not been replaced.",
    ),
    (
        "spill_kit_checks_the_clients_own_procedure_sets_in_a_quality_audit",
        "ISO 9001:2015",
        None,
        "Procedure QP-12 requires the spill kit in the goods-in bay to be checked weekly; no checks were recorded "
        "since March.",
    ),
    (
        "noise_exposure_and_dosimetry_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "The noise exposure assessment for the press operators has not been repeated since the new press line was "
        "commissioned; no personal dosimetry was done.",
    ),
    (
        "boundary_noise_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "Boundary noise has not been measured since the new extraction fans were fitted in May.",
    ),
    (
        "noise_in_an_inspection_booth_in_a_quality_audit",
        "ISO 9001:2015",
        "7.1.4",
        "Noise in the final inspection booth exceeds the limit the work environment procedure WE-2 sets for visual "
        "inspection.",
    ),
    (
        "audiometry_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "Audiometry for the bottling hall operators is two years overdue; hearing tests were not arranged.",
    ),
    (
        "fire_drill_and_assembly_signs_in_an_ohs_audit",
        "ISO 45001:2018",
        None,
        "No fire evacuation drill has been held at the head office for over a year, and two assembly point signs "
        "are missing.",
    ),
    (
        "evacuation_drill_for_a_chemical_release_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.2",
        "No evacuation drill for a chemical release at the tank farm has been held in 12 months.",
    ),
    (
        "fire_suppression_in_the_server_room_in_an_information_security_audit",
        "ISO/IEC 27001:2022",
        "A.7.5",
        "The fire suppression system in the server room has not been tested in the last 12 months.",
    ),
    (
        "freezer_electricity_in_an_energy_audit",
        "ISO 50001:2018",
        "6.6",
        "Electricity consumption of the two spiral freezers, the biggest load on site, is not metered or monitored.",
    ),
    (
        "core_temperature_beside_the_largest_energy_users_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.5.4",
        "There is no record of the core temperature of product leaving the blast freezers, which are also the "
        "site's largest energy users.",
    ),
    (
        "freezer_metering_of_the_largest_energy_users_in_an_energy_audit",
        "ISO 50001:2018",
        "6.6",
        "There is no metering of the electricity drawn by the blast freezers, which are the site's largest energy "
        "users.",
    ),
    (
        "freezer_temperature_in_a_food_safety_audit",
        "ISO 22000:2018",
        "9.1",
        "The air temperature of the two spiral freezers is not monitored or recorded during production.",
    ),
    (
        "kiln_gas_consumption_in_an_environmental_audit",
        "ISO 14001:2015",
        "9.1.1",
        "Natural gas consumption of the two kilns has not been monitored since the burners were replaced.",
    ),
    (
        "kiln_temperature_in_a_quality_audit",
        "ISO 9001:2015",
        "8.5.1",
        "The firing temperature of the two kilns has not been monitored since the burners were replaced.",
    ),
    (
        "electrical_test_meters_in_a_quality_audit",
        "ISO 9001:2015",
        "7.1.5.2",
        "The electrical test meters used for final test of the chargers were not calibrated.",
    ),
    (
        "leak_tests_the_f_gas_law_requires_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "The site could not show records of leak testing of its air-conditioning units containing R410A, as the "
        "fluorinated greenhouse gas regulations require.",
    ),
    (
        "solvent_disposed_without_consignment_notes_in_an_environmental_audit",
        "ISO 14001:2015",
        None,
        "Spent isopropanol and contaminated wipes are disposed of without consignment notes.",
    ),
    (
        "energy_audit_the_law_requires_in_an_energy_audit",
        "ISO 50001:2018",
        "9.1.2",
        "The energy audit required by the ESOS regulations for this compliance period has not been carried out.",
    ),
    (
        "vigilance_report_in_a_medical_device_audit",
        "ISO 13485:2016",
        "8.2.3",
        "The vigilance report for the infusion pump complaint was not submitted to the competent authority within "
        "the required period.",
    ),
    (
        "drain_covers_against_pests_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Drain covers in the raw meat area were missing, leaving an open route for pests.",
    ),
    (
        "flour_stored_next_to_the_forklift_charging_point_in_a_food_safety_audit",
        "ISO 22000:2018",
        None,
        "Pallets of flour were stored next to the forklift charging point and were not covered.",
    ),
    (
        "balance_beside_the_spill_kit_in_a_medical_device_audit",
        "ISO 13485:2016",
        None,
        "Next to the spill kit in the chemical store, the balance B-2 used for weighing buffer salts had no "
        "calibration status label.",
    ),
    (
        "hearing_protection_worn_beside_an_obsolete_instruction_in_a_quality_audit",
        "ISO 9001:2015",
        None,
        "Operators at the deburring bench wear hearing protection; the work instruction at the bench was issue 3, "
        "not the current issue 5.",
    ),
    (
        "safety_glasses_beside_a_first_off_inspection_in_a_quality_audit",
        "ISO 9001:2015",
        None,
        "Operators at press 4 were not wearing safety glasses; the first-off inspection of batch 22 was not recorded.",
    ),
]


def _rules(got) -> list[tuple[str, str]]:
    return [(i.rule, i.message) for i in got.issues]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "other"), OUT_OF_SCOPE, ids=[c[0] for c in OUT_OF_SCOPE]
)
def test_another_disciplines_subject_is_withdrawn_naming_its_standard(
    engine, name, std, clause, statement, other
) -> None:
    got = check_one(engine, std, clause, statement)
    g = got.requirement.grounding
    assert g is not None and g.outcome == "other_standard", f"{name}: {g and g.outcome} ({g and g.reason})"
    assert g.other is not None and g.other.standard == other, g.other
    assert got.verdict == "withdraw" and any(i.rule == "SC03" for i in got.issues), _rules(got)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), KEPT, ids=[c[0] for c in KEPT])
def test_the_twin_whose_subject_the_audited_standard_owns_stays(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_rules(got)}"
    assert got.requirement.grounding.outcome != "other_standard"


def test_a_place_named_only_as_where_something_stands_is_not_the_subject() -> None:
    from engine.standards.disciplines import without_places

    assert "forklift" not in without_places("Flour stored next to the forklift charging point was not covered")
    assert "not covered" in without_places("Flour stored next to the forklift charging point was not covered")
    assert "spill kit" in without_places("The spill kit in the solvent store was empty")


def test_a_detail_is_one_no_requirement_of_the_audited_standard_holds(engine) -> None:
    """Words no discipline's term names and no clause of the audited standard holds are a detail of the subject
    beside them; words a clause holds (a first-off inspection record in ISO 9001) are the standard's own, and words
    naming a term (a spill kit) are judged by the terms."""
    lib = engine.library
    qms = lib.resolve("ISO 9001:2015")
    ems = lib.resolve("ISO 14001:2015")
    pads = frozenset(tokens("absorbent pads and the drain cover were missing"))
    assert detail_of_foreign_subject(lib, qms, pads)
    assert detail_of_foreign_subject(lib, ems, frozenset(tokens("the operators were not issued dosimeters")))
    assert not detail_of_foreign_subject(lib, qms, frozenset(tokens("first-off inspection of the batch not recorded")))
    assert not detail_of_foreign_subject(lib, qms, frozenset(tokens("the spill kit was empty")))
    assert not detail_of_foreign_subject(lib, qms, frozenset())
