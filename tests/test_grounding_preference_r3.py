"""Round 3 of the auditor's own rule (issue 23): a lack whose missing thing is only a manner the clause leaves open
(the medium, method, tool or who performs it, contrasted with the one shown used), a credential where the clause
obliges competence or traceability, a signature on a document the clause obliges only to exist and be
communicated, and a frequency of the auditor's where the client's own document sets another and it is followed.
Uncited findings are judged against the requirement obliging the act, as a cited one is.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the act itself not done,
or the client's own document (or a customer's) asking for the auditor's manner and it not followed.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

# (name, standard, clause, the auditor's own rule: withdraw, its twin: kept)
TWINS = [
    (
        "manner_contrast_who_audits",
        "ISO 9001:2015",
        "9.2",
        "Internal audits are performed by the quality team, not by an external consultant. The 2026 programme "
        "shows all six audits completed.",
        "Internal audits are performed by the quality team, not by an external consultant as procedure QP-09 "
        "requires. The 2026 programme shows all six audits completed.",
    ),
    (
        "manner_contrast_who_audits_uncited",
        "ISO 9001:2015",
        None,
        "Internal audits are performed by the quality team, not by an external consultant. The 2026 programme "
        "shows all six audits completed.",
        "Internal audits are not performed; the 2026 programme shows none of the six audits completed.",
    ),
    (
        "manner_contrast_evaluation_method",
        "ISO 50001:2018",
        "7.2",
        "Training effectiveness is checked by the supervisor observing work, not by a written exam. Five records "
        "seen all carry the supervisor's sign-off.",
        "Training effectiveness is not checked; none of the five records seen carries an evaluation.",
    ),
    (
        "manner_contrast_compliance_evaluator",
        "ISO 14001:2015",
        "9.1.2",
        "Compliance is evaluated by the internal EHS team, not by an external law firm. The March 2026 evaluation "
        "covers all 42 register entries.",
        "Compliance is not evaluated; no evaluation has been made since 2023.",
    ),
    (
        "manner_contrast_hazard_identification",
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazard identification is carried out by the supervisors, not by an external safety consultant; the 2026 "
        "assessments cover all nine areas.",
        "Hazard identification is not carried out for the new paint line; no assessment exists for it.",
    ),
    (
        "medium_rather_than",
        "ISO 14001:2015",
        "9.1.1",
        "Spill kit inspections are recorded on paper sheets rather than in the maintenance software; sheets for "
        "all 12 months were seen.",
        "Spill kit inspections are not recorded; no sheets exist for 2026.",
    ),
    (
        "method_instead_of",
        "ISO/IEC 27001:2022",
        "6.1.2",
        "Risks are assessed with a qualitative high/medium/low scale instead of a numerical scoring method; the "
        "2026 register covers all assets.",
        "Risks are not assessed; the register was last updated in 2022 and the new cloud service is not in it.",
    ),
    (
        "means_not_used_done_otherwise",
        "ISO 45001:2018",
        "9.1.1",
        "Workplace inspections are recorded on tablets; paper checklists are not used. Records for all 52 weeks "
        "are in the app.",
        "Workplace inspections are not recorded; there is no record on the tablets or in the app for 2026.",
    ),
    (
        "means_not_used_competence",
        "ISO 9001:2015",
        "7.2",
        "Inspectors' competence is confirmed through on-the-job observation; no written exam is used.",
        "Inspectors' competence is not confirmed; no written exam or observation record exists for the four new "
        "inspectors.",
    ),
    (
        "credential_member",
        "ISO 50001:2018",
        "7.2",
        "The energy team has no member holding a certified energy auditor qualification; none of the three "
        "members is certified.",
        "The competence of the energy team has not been determined; none of the three members has any record of "
        "education, training or experience.",
    ),
    (
        "credential_accreditation",
        "ISO 9001:2015",
        "7.1.5.2",
        "The calibration laboratory used is not accredited to ISO/IEC 17025; its certificates show traceability "
        "to national standards.",
        "The calibration laboratory used is not accredited to ISO/IEC 17025, which customer contract CT-88 "
        "requires for every gauge calibration.",
    ),
    (
        "credential_trainer",
        "ISO 9001:2015",
        "7.2",
        "The welding trainer is not qualified as a certified welding inspector; trainee competence is assessed by "
        "a practical test and all eight records are signed.",
        "Trainee welders' competence is not assessed; none of the eight trainees has a test or evaluation record.",
    ),
    (
        "policy_not_signed",
        "ISO 9001:2015",
        "5.2",
        "The quality policy is not signed. It is on the intranet and on the notice boards.",
        "The quality policy is not signed, although procedure QP-01 requires the managing director's signature on "
        "each issue.",
    ),
    (
        "policy_not_signed_uncited",
        "ISO 9001:2015",
        None,
        "The quality policy is not signed. It is on the intranet and on the notice boards.",
        "The quality policy is not communicated; it is not on the intranet or on any notice board.",
    ),
    (
        "ohs_policy_not_signed",
        "ISO 45001:2018",
        "5.2",
        "The OH&S policy is not signed. It is displayed at the gate and explained at induction.",
        "The OH&S policy is not available to workers; it is not displayed and was not explained at induction.",
    ),
    (
        "frequency_client_sets_another",
        "ISO 9001:2015",
        "8.4.2",
        "Supplier ACME has not been visited annually; procedure PUR-03 sets an on-site audit every three years, "
        "and the last one was done on schedule.",
        "Supplier ACME has not been visited every three years as procedure PUR-03 requires; the last visit was in "
        "2021.",
    ),
    (
        "frequency_client_sets_another_env",
        "ISO 14001:2015",
        "8.1",
        "Bunds are not inspected weekly; procedure ENV-07 sets a monthly inspection and all 2026 inspections were "
        "done.",
        "Bunds are not inspected weekly although procedure ENV-07 sets a weekly inspection.",
    ),
    (
        "indicator_form",
        "ISO 50001:2018",
        "6.4",
        "Energy performance indicators are not expressed per unit of production; the EnPIs are kWh per month "
        "normalised for degree-days.",
        "Energy performance indicators are not determined; no EnPI exists for the two significant energy uses.",
    ),
    (
        "medium_not_electronically",
        "ISO 9001:2015",
        "7.5.3",
        "Records are kept in paper files, not electronically; all 2026 batch records were retrieved within minutes.",
        "Records are kept in paper files, not electronically as procedure QP-05 requires.",
    ),
    (
        "verifier_not_an_accredited_lab",
        "ISO 9001:2015",
        "7.1.5.2",
        "Gauges are verified in-house against a reference set, not by an accredited laboratory; the reference set "
        "has a traceable certificate.",
        "Gauges are not calibrated or verified; the reference set has no certificate and no gauge has a record.",
    ),
    (
        "trainer_not_an_accredited_provider",
        "ISO 45001:2018",
        "7.2",
        "First-aiders are trained by an in-house trainer, not by an accredited first-aid provider; all 12 have a "
        "practical assessment record.",
        "First-aiders are not trained; none of the 12 has a training or assessment record.",
    ),
    (
        "env_policy_not_signed_uncited",
        "ISO 14001:2015",
        None,
        "The environmental policy is not signed or dated. It is on the website.",
        "The environmental policy is not available to interested parties; it is not on the website and was "
        "refused on request.",
    ),
    (
        "tool_not_in_place_outcome_shown",
        "ISO/IEC 27001:2022",
        "9.1",
        "No SIEM tool is in place; firewall and server logs are reviewed manually every week and the reviews are "
        "recorded.",
        "No SIEM tool is in place and logs are not reviewed; no review record exists for 2026.",
    ),
    (
        "installation_not_in_place_plan_covers",
        "ISO 50001:2018",
        "6.6",
        "No sub-meter is installed on the motors above 50 kW; the energy data collection plan covers all SEUs "
        "through the main meters, read daily.",
        "No sub-meter is installed on the motors above 50 kW, although the energy data collection plan EDP-2 lists "
        "each of them as a metering point.",
    ),
    (
        "value_of_its_own_capability",
        "IATF 16949:2016",
        "8.3.3.3",
        "A minimum Cpk of 1.67 applies; the process runs at Cpk 1.45 while the customer's requirement is 1.33.",
        "A minimum Cpk of 1.67 applies; the process runs at Cpk 1.45 while the customer's requirement is also 1.67.",
    ),
    (
        "value_of_its_own_threshold",
        "ISO 14001:2015",
        "6.1.2",
        "The significance threshold shall be 5%; the client's documented criterion is 10% and it was applied to all "
        "aspects.",
        "The significance threshold shall be 5%; the client's documented criterion is 5% but it was not applied to "
        "the new paint line.",
    ),
    (
        "value_of_its_own_target",
        "ISO 9001:2015",
        "6.2.1",
        "First-pass yield must be at least 98%; the company's own target is 95% and it was met in every month.",
        "First-pass yield must be at least 98%; the company's own target is 98% and it was missed in four months.",
    ),
    (
        "method_rather_than_uncited",
        "ISO 9001:2015",
        None,
        "Customer satisfaction is monitored through complaint trends rather than a formal survey; the 2026 trend "
        "report was reviewed by management.",
        "Customer satisfaction is not monitored; no survey, complaint analysis or other data exists for 2026.",
    ),
    (
        "awareness_medium_instead_of",
        "ISO/IEC 27001:2022",
        "7.3",
        "Security awareness is delivered by e-learning instead of classroom training; completion is 97% for 2026.",
        "Security awareness is not delivered; no session or e-learning was held in 2026.",
    ),
    (
        "emergency_plan_not_signed",
        "ISO 45001:2018",
        "8.2",
        "The emergency plan is not signed by the site director; it is posted in every building and was tested in "
        "March.",
        "The emergency plan is not signed by the site director, although procedure EP-01 requires his signature "
        "on each revision.",
    ),
    (
        "logging_tool_not_in_place",
        "ISO 50001:2018",
        "6.6",
        "Energy consumption data are collected manually from the main meter each day; automatic logging with "
        "alarms is not in place.",
        "Energy consumption data are not collected; automatic logging with alarms is not in place and no readings "
        "exist for May.",
    ),
    (
        "credential_certificate_experience",
        "ISO 14001:2015",
        "7.2",
        "The environmental coordinator does not hold an IEMA certificate; her competence is recorded on the basis "
        "of 12 years' experience and in-house training.",
        "The environmental coordinator's competence has not been determined; there is no record of her education, "
        "training or experience.",
    ),
]


def _why(got) -> str:
    g = got.requirement.grounding
    return f"{got.verdict}: {g and g.outcome} ({g and g.reason}); {[i.rule for i in got.issues]}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_the_auditors_own_manner_is_withdrawn(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, invalid)
    assert got.requirement.grounding.outcome in ("left_open", "not_required"), f"{name}: {_why(got)}"
    assert got.verdict == "withdraw", f"{name}: {_why(got)}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_its_twin_stays(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, valid)
    assert got.verdict != "withdraw", f"{name}: {_why(got)}"
    assert got.requirement.grounding.outcome not in ("left_open", "not_required"), f"{name}: {_why(got)}"


# the clause judged obliges the very manner or credential: the finding stands however it is worded
OBLIGED = [
    (
        "iatf_lab_accreditation_contrast",
        "IATF 16949:2016",
        "7.1.5.3.2",
        "Calibration of the CMM is done by an external laboratory, not by an accredited laboratory; the certificate "
        "shows no accreditation.",
    ),
    (
        "iatf_lab_accreditation_state",
        "IATF 16949:2016",
        "7.1.5.3.2",
        "The external laboratory used for the CMM is not accredited to ISO/IEC 17025.",
    ),
    (
        "iatf_lab_accreditation_uncited",
        "IATF 16949:2016",
        None,
        "The external laboratory used for the CMM is not accredited to ISO/IEC 17025.",
    ),
]


@pytest.mark.parametrize(("name", "std", "clause", "statement"), OBLIGED, ids=[t[0] for t in OBLIGED])
def test_a_manner_the_clause_obliges_stays(engine, name, std, clause, statement) -> None:
    got = check_one(engine, std, clause, statement)
    assert got.verdict != "withdraw", f"{name}: {_why(got)}"
