"""Three principles of what lies outside the audit criteria (issue 23, scope-23): a subject of another
management-system discipline, a documented procedure the edition does not ask for, and guidance as the only basis.

Every wording is ours. Each invalid finding has a twin in near-identical words that must stay kept: the same
subject under the standard whose discipline it is, a procedure the edition does ask for, a requirement of the
client's own or of the standard shown unmet beside the guidance.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.standards.disciplines import covered_disciplines, names_discipline, subject_match
from engine.standards.guidance import known_guidance
from engine.standards.inference import tokens
from engine.standards.procedures import documentation_asked
from tests.one_finding import check_one

_check = check_one


# ---- 1. a subject of another discipline ----------------------------------------------------------------------------

# (name, audited, clause, statement, the standard whose discipline it is)
OTHER_DISCIPLINE = [
    (
        "hearing_protection_in_a_quality_audit",
        "ISO 9001:2015",
        "7.1.4",
        "Operators at the grinding line were not wearing hearing protection although noise levels exceed 85 dB.",
        "iso-45001-2018",
    ),
    (
        "first_aid_kit_in_a_quality_audit",
        "ISO 9001:2015",
        "7.1.3",
        "The first aid kit in the dispatch area was missing plasters and eye wash.",
        "iso-45001-2018",
    ),
    (
        "safety_footwear_in_a_food_safety_audit",
        "ISO 22000:2018",
        "7.1.4",
        "Forklift drivers in the warehouse do not wear safety footwear.",
        "iso-45001-2018",
    ),
    (
        "spill_trays_in_a_quality_audit",
        "ISO 9001:2015",
        "8.5.1",
        "Oil drums in the maintenance bay are stored without spill trays; waste oil is not segregated.",
        "iso-14001-2015",
    ),
    (
        "legionella_in_an_energy_audit",
        "ISO 50001:2018",
        "8.1",
        "The cooling tower has no legionella risk assessment and water samples were not taken in 2026.",
        "iso-45001-2018",
    ),
    (
        "product_rejects_in_an_ohs_audit",
        "ISO 45001:2018",
        "8.1.1",
        "Rejected castings are not segregated from conforming product and no nonconforming product report was raised.",
        "iso-9001-2015",
    ),
    (
        "energy_plan_in_a_medical_device_audit",
        "ISO 13485:2016",
        "6.3",
        "There is no energy management plan and energy consumption of the cleanroom HVAC is not monitored.",
        "iso-50001-2018",
    ),
]

# the same subjects where they belong, and the overlaps the principle must protect
IN_SCOPE = [
    (
        "hearing_protection_in_an_ohs_audit",
        "ISO 45001:2018",
        "8.1.2",
        "Operators at the grinding line were not wearing hearing protection although noise levels exceed 85 dB.",
    ),
    (
        "spill_trays_in_an_environmental_audit",
        "ISO 14001:2015",
        "8.1",
        "Oil drums in the maintenance bay are stored without spill trays; waste oil is not segregated.",
    ),
    (
        "rejects_in_a_quality_audit",
        "ISO 9001:2015",
        "8.7.1",
        "Rejected castings are not segregated from conforming product and no nonconforming product report was raised.",
    ),
    (
        "work_environment_for_product_conformity",
        "ISO 9001:2015",
        "7.1.4",
        "The humidity in the adhesive curing room exceeded the 60% limit set in work instruction WI-22, and parts "
        "cured there were released.",
    ),
    (
        "product_hazard_in_a_food_safety_audit",
        "ISO 22000:2018",
        "8.5.1",
        "Raw chicken was stored above ready-to-eat salads in chiller 3, a cross-contamination hazard not addressed "
        "in the hazard analysis.",
    ),
    (
        "legal_requirement_of_its_own_discipline",
        "ISO 45001:2018",
        "6.1.3",
        "The legal register does not include the noise at work regulations, although noise levels at the grinding "
        "line exceed 85 dB.",
    ),
    (
        "compliance_obligation_of_an_environmental_audit",
        "ISO 14001:2015",
        "9.1.2",
        "The evaluation of compliance did not cover the waste oil permit conditions.",
    ),
    (
        "cooling_tower_as_an_energy_use",
        "ISO 50001:2018",
        "6.3",
        "The energy review did not identify the cooling tower pumps as a significant energy use, although they draw "
        "30% of site electricity.",
    ),
    (
        "named_as_its_own_subject",
        "ISO 14001:2015",
        None,
        "There is no risk of fire and flood noted in the list of environmental risks for the tank farm.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "other"), OTHER_DISCIPLINE, ids=[c[0] for c in OTHER_DISCIPLINE]
)
def test_a_subject_of_another_discipline_is_out_of_scope(engine, name, std, clause, statement, other) -> None:
    got = _check(engine, std, clause, statement)
    g = got.requirement.grounding
    assert g is not None and g.outcome == "other_standard", f"{name}: {g.outcome if g else None} ({g and g.reason})"
    assert g.other is not None and g.other.standard == other and g.other.clause
    assert got.verdict == "withdraw"
    sc03 = [i for i in got.issues if i.rule == "SC03"]
    assert sc03 and sc03[0].category == "out_of_scope" and other in sc03[0].message


@pytest.mark.parametrize(("name", "std", "clause", "statement"), IN_SCOPE, ids=[c[0] for c in IN_SCOPE])
def test_a_subject_of_the_audited_discipline_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"
    assert got.requirement.grounding.outcome != "other_standard"


def test_an_integrated_audit_covers_each_standard_it_names(engine: Engine) -> None:
    statement = "Operators at the grinding line were not wearing hearing protection although noise levels exceed 85 dB."
    alone = _check(engine, "ISO 9001:2015", "7.1.4", statement)
    assert alone.verdict == "withdraw"
    report = Report.model_validate(
        {
            "standard": "ISO 9001:2015 / ISO 45001:2018",
            "findings": [{"id": "F-1", "grade": "minor", "clause": "7.1.4", "statement": statement}],
        }
    )
    both = engine.check(report).findings[0]
    assert both.verdict != "withdraw" and both.requirement.grounding.outcome != "other_standard"


def test_a_cited_clause_of_the_audited_standard_that_matches_keeps_it(engine: Engine) -> None:
    lib = engine.library
    quality = lib.resolve("ISO 9001:2015")
    words = frozenset(tokens("rejected castings not segregated from conforming product"))
    ohs = lib.resolve("ISO 45001:2018")
    assert subject_match(lib, ohs, words) is not None  # matched only by quality standards
    assert subject_match(lib, quality, words) is None  # the audited one matches it itself
    cited = ohs.clauses["8.1.1"]
    assert subject_match(lib, ohs, words, cited=cited) is not None  # a cited clause that does not match


def test_every_requirements_tree_names_its_discipline(engine: Engine) -> None:
    for std in engine.library:
        assert std.discipline, std.id
    lib = engine.library
    assert lib.resolve("ISO 9001:2015").to_dict()["discipline"] == "quality"  # the API and CLI show it
    assert lib.resolve("ISO 45001:2018").discipline == lib.resolve("BS OHSAS 18001:2007").discipline
    assert "food-safety" in covered_disciplines([lib.resolve("ISO 9001:2015")])  # the product is shared
    assert "quality" in covered_disciplines([lib.resolve("ISO 22000:2018")])
    assert names_discipline("environment", frozenset(tokens("environmental risks")))
    assert not names_discipline("occupational-health-and-safety", frozenset(tokens("safety shoes")))


# ---- 2. a documented procedure the edition does not ask for ------------------------------------------------------

# (name, audited, clause, statement, evidence)
PROCEDURE_NOT_ASKED = [
    (
        "calibration_procedure_iso_9001_2015",
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no procedure for calibration of measuring equipment.",
        "Calibration register CR-3 holds certificates for all 52 gauges.",
    ),
    (
        "nonconforming_output_procedure_iso_9001_2015",
        "ISO 9001:2015",
        "8.7.1",
        "There is no documented procedure for the control of nonconforming output.",
        "Nonconforming parts are tagged red and logged in NCR log NC-26.",
    ),
    (
        "training_procedure_iso_14001",
        "ISO 14001:2015",
        "7.2",
        "There is no written procedure for training and competence.",
        "Training records TR-1 to TR-30 are held.",
    ),
    (
        "supplier_procedure_iso_22000",
        "ISO 22000:2018",
        "7.1.6",
        "The company has no supplier approval procedure.",
        "Approved supplier list ASL-4 with evaluation results of 2026.",
    ),
    (
        "monitoring_procedure_iso_50001",
        "ISO 50001:2018",
        "9.1.1",
        "There is no written procedure for monitoring and measurement of energy performance.",
        "Monthly EnPI reports EN-R-01 to EN-R-09 of 2026.",
    ),
]

PROCEDURE_ASKED = [
    (
        "nonconforming_product_iso_9001_2008",
        "ISO 9001:2008",
        "8.3",
        "There is no documented procedure for the control of nonconforming product.",
    ),
    (
        "internal_audit_iso_9001_2008",
        "ISO 9001:2008",
        "8.2.2",
        "The organisation has no documented procedure for internal audits.",
    ),
    ("complaints_iso_13485", "ISO 13485:2016", "8.2.2", "There is no documented procedure for complaint handling."),
    (
        "preservation_iso_13485",
        "ISO 13485:2016",
        "7.5.11",
        "There is no documented procedure for preservation of product.",
    ),
    (
        "client_procedure_not_followed",
        "ISO 9001:2015",
        "8.7.1",
        "Procedure QP-08 for nonconforming output was not followed: parts NC-77 were reworked without the disposition "
        "it requires.",
    ),
    (
        "procedure_lacking_and_a_gauge_overdue",
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no procedure for calibration, and gauge G-15 in cell 2 was used on 2026-10-02 six weeks after its "
        "calibration fell due.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"), PROCEDURE_NOT_ASKED, ids=[c[0] for c in PROCEDURE_NOT_ASKED]
)
def test_a_procedure_the_edition_does_not_ask_for_is_withdrawn(engine, name, std, clause, statement, evidence) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"
    assert got.requirement.grounding.outcome == "not_required"
    assert any(i.category == "documented_procedure_not_required" for i in got.issues)


@pytest.mark.parametrize(("name", "std", "clause", "statement"), PROCEDURE_ASKED, ids=[c[0] for c in PROCEDURE_ASKED])
def test_a_procedure_the_edition_asks_for_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"


def test_the_message_says_what_the_clause_asks_in_documentation(engine: Engine) -> None:
    got = _check(engine, "ISO 9001:2015", "7.1.5.2", "There is no procedure for calibration of measuring equipment.")
    di03 = next(i for i in got.issues if i.rule == "DI03")
    assert "7.1.5.2" in di03.message and "records" in di03.message


def test_documentation_asked_reads_the_di_marks(engine: Engine) -> None:
    lib = engine.library
    assert documentation_asked(lib.resolve("ISO 9001:2008"), "internal audit", ["8.2.2"]).asks_procedure
    assert documentation_asked(lib.resolve("ISO 13485:2016"), "complaint handling", ["8.2.2"]).asks_procedure
    new = documentation_asked(lib.resolve("ISO 9001:2015"), "calibration of measuring equipment", ["7.1.5.2"])
    assert not new.asks_procedure and new.clause is not None and "retain" in new.di


# ---- 3. guidance as the only basis -------------------------------------------------------------------------------

GUIDANCE_ONLY = [
    (
        "log_retention_per_27002",
        "ISO/IEC 27001:2022",
        "ISO/IEC 27002:2022, 8.15",
        "Logs are not retained for 12 months as ISO/IEC 27002 recommends.",
        "Log policy LP-1 sets 90-day retention; logs of firewall FW-1 are held from 2026-07-01.",
    ),
    (
        "risk_method_per_27005",
        "ISO/IEC 27001:2022",
        "6.1.2",
        "The risk assessment does not follow the method of ISO/IEC 27005.",
        "Risk method RM-2 and risk register RR-5 updated 2026-05-01.",
    ),
    (
        "baseline_per_50006",
        "ISO 50001:2018",
        "6.5",
        "Energy baselines were not set up as ISO 50006 describes.",
        "Baseline EB-2025 normalised for degree days, documented in EN-P-03.",
    ),
    (
        "risk_per_31000",
        "ISO 9001:2015",
        "6.1",
        "Risks are not managed according to ISO 31000.",
        "Risk and opportunity register RO-1 reviewed at management review 2026-03-10.",
    ),
    (
        "programme_per_19011",
        "ISO 45001:2018",
        "9.2.2",
        "The internal audit programme does not follow ISO 19011.",
        "Audit programme OH-AP-26; six audits done in 2026.",
    ),
]
# a guidance document cited as the requirement, for a subject the standard audited does not cover
GUIDANCE_CITED = [
    (
        "maturity_self_assessment_per_9004",
        "ISO 9001:2015",
        "ISO 9004:2018 11.2",
        "The organisation has not done a self-assessment of its maturity levels.",
        "Management review MR-26 held on 2026-02-10.",
    ),
    (
        "psychosocial_survey_per_45003",
        "ISO 45001:2018",
        "ISO 45003:2021 8.1",
        "No psychosocial risk survey of staff has been done.",
        "Hazard register HR-4 lists workload and lone working with controls.",
    ),
    (
        "written_acknowledgement_per_10002",
        "ISO 9001:2015",
        "ISO 10002:2018 7.3",
        "Complaints are not acknowledged in writing within 48 hours.",
        "Complaint log CL-26 holds 14 complaints of 2026, all answered and closed.",
    ),
]
# the same citations beside a requirement of the standard audited unmet: judged against that requirement
GUIDANCE_CITED_REQUIREMENT_UNMET = [
    (
        "complaints_not_analysed_citing_9004",
        "ISO 9001:2015",
        "ISO 9004:2018 11.2",
        "Customer complaints of 2026 were not analysed and corrective actions for complaints C-4 and C-9 are open "
        "since March.",
    ),
    (
        "hazards_not_identified_citing_45003",
        "ISO 45001:2018",
        "ISO 45003:2021 8.1",
        "Hazards of the new night shift were not identified; hazard register HR-4 has no entry for it.",
    ),
    (
        "threat_intelligence_citing_27002",
        "ISO/IEC 27001:2022",
        "ISO/IEC 27002:2022, 5.7",
        "No threat intelligence is collected or analysed; no source of threat information is used.",
    ),
]
GUIDANCE_BESIDE_A_GAP = [
    (
        "log_retention_the_policy_sets",
        "ISO/IEC 27001:2022",
        "A.8.15",
        "Logs of firewall FW-1 are not retained for the 12 months log policy LP-1 requires; only 30 days are held.",
    ),
    (
        "baseline_missing",
        "ISO 50001:2018",
        "6.5",
        "No energy baseline has been established for the site; EnPIs are not compared to any reference.",
    ),
    (
        "programme_per_19011_and_audits_missed",
        "ISO 45001:2018",
        "9.2.2",
        "The internal audit programme does not follow ISO 19011, and the audits of the workshop and the stores "
        "planned in programme OH-AP-26 for Q2 2026 were not carried out; no audit reports exist.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"), GUIDANCE_ONLY, ids=[c[0] for c in GUIDANCE_ONLY]
)
def test_guidance_as_the_only_basis_is_withdrawn(engine, name, std, clause, statement, evidence) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"
    assert got.requirement.grounding.outcome == "guidance_only"


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement"), GUIDANCE_BESIDE_A_GAP, ids=[c[0] for c in GUIDANCE_BESIDE_A_GAP]
)
def test_a_requirement_unmet_beside_the_guidance_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"


def test_a_guidance_citation_resolves_as_guidance(engine: Engine) -> None:
    got = _check(engine, "ISO/IEC 27001:2022", "ISO/IEC 27002:2022, 8.15", "Logs are not retained for 12 months.")
    assert got.citation.standard == "iso-iec-27002-2022" and got.citation.normative is False


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence"), GUIDANCE_CITED, ids=[c[0] for c in GUIDANCE_CITED]
)
def test_a_guidance_document_cited_for_a_subject_the_standard_does_not_cover_is_withdrawn(
    engine, name, std, clause, statement, evidence
) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"
    assert got.requirement.grounding.outcome == "guidance_only"
    assert any(i.rule == "CT13" for i in got.issues)


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement"),
    GUIDANCE_CITED_REQUIREMENT_UNMET,
    ids=[c[0] for c in GUIDANCE_CITED_REQUIREMENT_UNMET],
)
def test_a_guidance_citation_beside_a_requirement_unmet_stays(engine, name, std, clause, statement) -> None:
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {[(i.rule, i.message) for i in got.issues]}"


def test_well_known_guidance_the_library_does_not_hold_is_known() -> None:
    assert known_guidance("ISO/IEC 27005:2022") is not None
    assert known_guidance("ISO 50006") is not None
    assert known_guidance("ISO 14004:2016") is not None
    assert known_guidance("ISO 9001:2015") is None and known_guidance("ISO 22301:2019") is None


def test_a_procedure_for_a_subject_no_requirement_covers_says_so(engine: Engine) -> None:
    got = _check(engine, "ISO/IEC 27001:2022", None, "There is no procedure for ordering stationery.")
    assert got.verdict == "withdraw" and got.requirement.grounding.outcome == "not_required"
    di03 = next(i for i in got.issues if i.rule == "DI03")
    assert "no requirement of ISO/IEC 27001:2022 covers ordering stationery" in di03.message


def test_document_words_alone_name_no_other_discipline(engine: Engine) -> None:
    """ "written procedure" is a document's form, not a subject: no other discipline's clause is found by it."""
    got = _check(engine, "ISO 9001:2015", None, "There is no written procedure for approving overtime of office staff.")
    assert got.requirement.grounding.outcome != "other_standard"


@pytest.mark.parametrize(
    ("std", "clause", "statement"),
    [
        (
            "ISO 50001:2018",
            "5.2",
            "The energy policy rev 4 is on the intranet, but the printed copies on the boards in reception and the "
            "canteen are still rev 3, without the commitment to energy-efficient design.",
        ),
        (
            "ISO 14001:2015",
            "8.1",
            "Deliveries arrived at night, against the delivery-hours condition of the planning permission that "
            "aspects register line 12 names as a control of noise.",
        ),
    ],
)
def test_a_place_or_permit_named_beside_the_standards_subject_is_not_out_of_scope(engine, std, clause, statement):
    """The words of an amenity or of planning name where a copy hung or which permit sets the control: the
    finding's subject (the policy, a document's control, a compliance obligation) is the standard's own."""
    got = _check(engine, std, clause, statement)
    assert got.verdict != "withdraw" and "SC01" not in [i.rule for i in got.issues], [i.rule for i in got.issues]
