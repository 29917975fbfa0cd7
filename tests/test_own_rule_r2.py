"""The auditor's own rule, round 2 (r2-pref): a sign-off the clause does not ask of the thing it obliges, a
credential the organization's own criteria do not ask for, and a manner the client's own document sets otherwise
and follows. Each invalid wording here is ours, over several standards, with a near-identical valid twin kept.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

_check = check_one


# the thing the clause obliges (a policy, objectives, a risk assessment) named by its reference and said to be
# unsigned by a role the clause does not name: the reference says which copy; no sign-off is asked of it
SIGNATURE = [
    (
        "ISO 9001:2015",
        "5.2.1",
        (
            "The quality policy (QP-01 issue 6) has not been signed by the Managing Director.",
            "Policy QP-01 issue 6 of 2026-02-03 is on the intranet and was reviewed at management review MR-2026.",
        ),
        (
            "The quality policy (QP-01 issue 6) has not been signed by the Managing Director as document control "
            "procedure DC-01 requires for every policy.",
            "DC-01 rev 3 section 5 requires the MD's signature on policies; QP-01 issue 6 carries none.",
        ),
    ),
    (
        "ISO 14001:2015",
        "6.2.1",
        (
            "The environmental objectives (EO-2026 issue 3) have not been signed off by the Managing Director.",
            "Objectives EO-2026 issue 3 set targets for energy and waste, with owners and dates.",
        ),
        (
            "The environmental objectives (EO-2026 issue 3) have not been established for the waste function.",
            "Objectives EO-2026 issue 3 set targets for energy only; no objective for the waste function.",
        ),
    ),
    (
        "ISO 45001:2018",
        "6.1.2.2",
        (
            "The risk assessment RA-14 rev 2 for the paint shop is not signed by the Operations Director.",
            "RA-14 rev 2 covers the hazards of the paint shop, their controls and residual risk.",
        ),
        (
            "The risk assessment RA-14 rev 2 for the paint shop does not assess the hazard of solvent vapour.",
            "RA-14 rev 2 lists manual handling and noise only; solvents are sprayed daily in booth 2.",
        ),
    ),
    (
        "ISO 50001:2018",
        "5.2",
        (
            "The energy policy (EN-POL-1 rev 4) has not been signed by the CEO.",
            "Energy policy EN-POL-1 rev 4 is on the intranet and commits to improving energy performance.",
        ),
        (
            "The energy policy (EN-POL-1 rev 4) does not include a commitment to improving energy performance.",
            "Energy policy EN-POL-1 rev 4 commits to legal compliance only.",
        ),
    ),
]


@pytest.mark.parametrize(("std", "clause", "invalid", "valid"), SIGNATURE, ids=[s[0] for s in SIGNATURE])
def test_a_sign_off_not_asked_of_the_obliged_document_is_withdrawn(engine, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    assert got.requirement.grounding.outcome == "left_open", got.requirement.grounding
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


def test_a_record_of_its_own_unsigned_stays_a_doubt(engine: Engine) -> None:
    # a purchase order is a record of the organization's own, not what 8.4.3 obliges by name
    got = _check(engine, "ISO 9001:2015", "8.4.3", "Purchase order PO-7781 was not approved by the buyer manager.")
    assert got.verdict != "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])


# a credential by name (a scheme's qualification, a title) where the clause obliges competence on the
# organization's own criteria: left open unless the organization's criteria, a law or a named customer asks for it
CREDENTIAL = [
    (
        "ISO 45001:2018",
        "7.2",
        (
            "The site safety manager does not hold a NEBOSH qualification.",
            "The manager has twelve years in the role and attended an in-house risk course in 2024.",
        ),
        (
            "The site safety manager does not hold the NEBOSH diploma that competence matrix CM-3 requires for the "
            "role.",
            "Competence matrix CM-3 rev 2 sets the NEBOSH diploma for the safety manager; the manager holds none.",
        ),
    ),
    (
        "ISO 50001:2018",
        "7.2",
        (
            "The energy manager is not a Certified Energy Manager.",
            "Training file TF-9 shows an energy auditing course in 2025 and five years running the energy review.",
        ),
        (
            "The energy manager has had no training in energy review and no record of competence is kept.",
            "Training file TF-9 is empty.",
        ),
    ),
    (
        "ISO 22000:2018",
        "7.2",
        (
            "The food safety team leader does not hold a Level 4 HACCP qualification.",
            "Record FST-8 shows HACCP training at level 3 in 2023; team leader since 2019.",
        ),
        (
            "The food safety team leader does not hold the Level 4 HACCP qualification required by customer "
            "contract CC-12.",
            "Customer contract CC-12 clause 9 requires a level 4 HACCP holder to lead the team.",
        ),
    ),
    (
        "ISO 9001:2015",
        "7.2",
        (
            "The quality engineer does not hold a Six Sigma qualification.",
            "Job description JD-QE sets criteria of a degree and two years in quality; met per file PF-31.",
        ),
        (
            "The quality engineer does not hold the degree that job description JD-QE requires.",
            "Job description JD-QE requires an engineering degree; personnel file PF-31 shows none.",
        ),
    ),
]


@pytest.mark.parametrize(("std", "clause", "invalid", "valid"), CREDENTIAL, ids=[c[0] for c in CREDENTIAL])
def test_a_credential_the_criteria_do_not_ask_for_is_withdrawn(engine, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    assert got.requirement.grounding.outcome == "left_open", got.requirement.grounding
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


@pytest.mark.parametrize(
    "text",
    [
        "The operator has no qualification records on file.",  # a lack of records, not of a credential
        "Gauge block set GB-2 is not a certified reference standard.",  # a title of a thing, not a person
    ],
)
def test_a_lack_of_records_is_not_a_credential(text: str) -> None:
    from engine.facts.reading import manner_of

    m = manner_of(text)
    assert m is None or m.aspect != "competence", m


# a period other than a frequency (retention, shadowing, a trial) the auditor wants, where the client's own
# document sets another and nothing records it breached: the auditor's rule; where the client's sets that very
# period and it is missed, the finding stands
DURATION = [
    (
        "ISO 13485:2016",
        "4.2.5",
        (
            "Batch records are not retained for 15 years.",
            "Retention matrix RM-1 sets retention as the lifetime of the device plus one year; records since 2018 "
            "are retrievable.",
        ),
        (
            "Batch records are not retained for 15 years.",
            "Retention matrix RM-1 sets retention at 15 years; batch records of 2019 were destroyed in 2025.",
        ),
    ),
    (
        "ISO 45001:2018",
        "7.2",
        (
            "New operators are not shadowed for two weeks before working alone.",
            "Induction procedure IND-02 sets three days of shadowing, then release by the team leader; records of "
            "the six new starters are complete.",
        ),
        (
            "New operators are not shadowed for three days before working alone.",
            "Induction procedure IND-02 sets three days of shadowing; two of the six new starters worked alone on "
            "day one.",
        ),
    ),
    (
        "ISO 22000:2018",
        "7.5.3.2",
        (
            "CCP monitoring records are not kept for five years.",
            "Record procedure RP-4 sets a retention of two years; CCP records from 2024 on are retrievable.",
        ),
        (
            "CCP monitoring records are not kept for two years.",
            "Record procedure RP-4 sets a retention of two years; CCP records of 2025 were discarded in March 2026.",
        ),
    ),
]


@pytest.mark.parametrize(("std", "clause", "invalid", "valid"), DURATION, ids=[d[0] for d in DURATION])
def test_a_period_the_client_sets_otherwise_is_withdrawn(engine, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    assert got.requirement.grounding.outcome == "left_open", got.requirement.grounding
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


def test_a_period_with_no_client_document_is_not_decided_by_it(engine: Engine) -> None:
    # no period of the client's named: the duration decides nothing; the lack stands
    got = _check(engine, "ISO 13485:2016", "4.2.5", "Batch records are not retained for two years after release.")
    assert got.verdict != "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])


@pytest.mark.parametrize(("text", "days"), [("for 15 years", 5475), ("three days", 3), ("two weeks", 14)])
def test_a_duration_is_read_in_days(text: str, days: float) -> None:
    from engine.facts.grounding import durations

    assert durations(text) == [days]


# the policy obliges commitments and a framework for objectives; a numerical target belongs to the objectives
POLICY_TARGET = [
    (
        "ISO 14001:2015",
        (
            "The environmental policy does not include a numerical target.",
            "Policy EP-2 rev 3 commits to protecting the environment, fulfilling compliance obligations and "
            "continual improvement.",
        ),
        (
            "The environmental policy does not include a commitment to fulfil compliance obligations.",
            "Policy EP-2 rev 3 commits to protecting the environment and continual improvement only.",
        ),
    ),
    (
        "ISO 45001:2018",
        (
            "The OH&S policy does not contain a quantified target for accident reduction.",
            "Policy HSP-1 commits to safe and healthy working conditions, eliminating hazards and consulting workers.",
        ),
        (
            "The OH&S policy does not contain a commitment to consultation and participation of workers.",
            "Policy HSP-1 commits to safe and healthy working conditions and eliminating hazards only.",
        ),
    ),
    (
        "ISO 50001:2018",
        (
            "The energy policy does not include a numerical target.",
            "Energy policy EN-POL-1 commits to improving energy performance and to legal compliance.",
        ),
        (
            "The energy policy does not include a commitment to continual improvement of energy performance.",
            "Energy policy EN-POL-1 commits to legal compliance only.",
        ),
    ),
]


@pytest.mark.parametrize(("std", "invalid", "valid"), POLICY_TARGET, ids=[p[0] for p in POLICY_TARGET])
def test_a_numerical_target_asked_of_the_policy_is_withdrawn(engine, std, invalid, valid) -> None:
    got = _check(engine, std, "5.2", *invalid)
    assert got.requirement.grounding.outcome in ("not_required", "left_open"), got.requirement.grounding
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, "5.2", *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


# a demand in the passive ("... is required", "... is needed") names what it asks for in its subject: a method the
# clause leaves open, asked so, is the auditor's own; the twin records the client's own method not applied
PASSIVE_METHOD = [
    (
        "ISO 45001:2018",
        "6.1.2.2",
        (
            "Risks are rated high, medium or low against criteria in procedure HS-P-04; a numerical risk scoring is "
            "needed.",
            "Risk register RR-2 rates 55 risks against the HS-P-04 criteria.",
        ),
        (
            "Risks are not rated against any criteria; procedure HS-P-04 requires numerical risk scoring and none "
            "is done.",
            "Risk register RR-2 lists 55 risks without ratings.",
        ),
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        (
            "Significance of aspects is rated high, medium or low against written criteria; a numerical scoring "
            "method is required.",
            "Aspects register AR-2 rates 40 aspects against the criteria in ENV-P-03.",
        ),
        (
            "No criteria for determining significant aspects have been set; aspects are rated by the "
            "coordinator's judgement alone.",
            "Aspects register AR-2 rates 40 aspects; no criteria are documented.",
        ),
    ),
]


@pytest.mark.parametrize(("std", "clause", "invalid", "valid"), PASSIVE_METHOD, ids=[p[0] for p in PASSIVE_METHOD])
def test_a_method_demanded_in_the_passive_is_withdrawn(engine, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    assert got.requirement.grounding.outcome in ("left_open", "not_required"), got.requirement.grounding
    assert got.verdict == "withdraw", [i.rule for i in got.issues]
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


def test_a_thing_the_clause_obliges_demanded_in_the_passive_is_kept(engine: Engine) -> None:
    # what the passive demand names is what 6.1.2.2 obliges (an assessment of the risks): no means of the auditor's
    got = _check(
        engine,
        "ISO 45001:2018",
        "6.1.2.2",
        "An assessment of the risks of the new paint booth is required; none has been made since it started in May.",
    )
    assert got.verdict != "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])
