"""A lack whose negation falls on a manner, not on the act (issue 23, pref-23): "X is not done every six months",
"X is not signed by the director", "Y does not hold a certificate". The act is done; the auditor's modifier is
missing. The layer withdraws where the clause judged obliges the act and leaves the modifier's aspect open, and
keeps the finding where the act itself is not done, where the client's own rule sets that very modifier and is
breached, or where the clause obliges the modifier itself (an approval it asks for).

Every wording here is ours, over seven standards; each invalid wording has a near-identical valid twin.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.facts.grounding import periods
from engine.facts.reading import manner_of, read_finding
from tests.one_finding import check_one

_check = check_one


# (principle, standard, clause, (invalid statement, evidence), (valid twin statement, evidence))
TWINS = [
    # 1. a manner modifier of a lack: the act is done, the negation falls on how often / in what form / how
    (
        "frequency",
        "ISO 9001:2015",
        "9.3.1",
        ("Management review is not held every six months.", "Review MR-26 of 2026-02-12 covered every input."),
        ("Management review has not been held since March 2024.", "The last review record is MR-24."),
    ),
    (
        "frequency_instead",
        "ISO 14001:2015",
        "9.2.1",
        (
            "Internal audits are held once a year instead of twice.",
            "Audit programme AP-26 covers every process of the EMS; the audits of 2026 are done.",
        ),
        ("Internal audits are held once a year instead of twice as programme AP-26 requires.", None),
    ),
    (
        "method",
        "ISO/IEC 27001:2022",
        "6.1.2",
        (
            "Information security risks are not assessed with a numerical matrix.",
            "Risk register RR-3 rates each risk high, medium or low for likelihood and impact.",
        ),
        (
            "Information security risks are not assessed; the new cloud service CS-2 is missing from register RR-3.",
            None,
        ),
    ),
    (
        "medium",
        "ISO 13485:2016",
        "4.2.5",
        ("Records are not kept electronically.", "Batch records are filed on paper in archive room AR-1."),
        ("Records are not kept for batches B-101 to B-104; the archive holds no file for them.", None),
    ),
    (
        "format",
        "ISO 14001:2015",
        "6.1.2",
        (
            "Environmental aspects are not evaluated on a dedicated form.",
            "Aspects register AR-3 rev 4 lists each aspect with its significance score.",
        ),
        ("Environmental aspects of the new paint line PL-2 are not evaluated.", None),
    ),
    (
        "frequency_active_voice",
        "ISO 9001:2015",
        "8.4.1",
        (
            "The company does not re-evaluate its suppliers monthly.",
            "Supplier scores for 2026 are in register SR-1 for all 14 approved suppliers.",
        ),
        ("The company does not re-evaluate its suppliers; register SR-1 holds no score after 2023.", None),
    ),
    # a content asked of each member, in words the clause never uses; the twin asks what the clause obliges
    (
        "content_of_each",
        "ISO/IEC 27001:2022",
        "5.2",
        (
            "The information security policy does not include acceptance of the policy by each employee.",
            "Policy ISP-1 was approved by top management and published on the intranet on 2026-01-10.",
        ),
        ("The information security policy does not include objectives or a framework for setting them.", None),
    ),
    (
        "content_of_each_ohs",
        "ISO 45001:2018",
        "5.2",
        (
            "The OH&S policy does not include acceptance of the policy by each worker.",
            "Policy OHS-1 was approved by top management and is posted at the gate.",
        ),
        ("The OH&S policy does not include a commitment to consultation and participation of workers.", None),
    ),
    # a frequency said to be too seldom ("only once a year"); the twin: the client's own plan asks more often
    (
        "frequency_only",
        "ISO/IEC 27001:2022",
        "A.8.8",
        (
            "Vulnerability scans are only run monthly.",
            "Scan reports VS-01 to VS-10 of 2026; each finding is tracked to closure in the ticket system.",
        ),
        ("Vulnerability scans are only run monthly, although security procedure SP-4 requires weekly scans.", None),
    ),
    # 2. the client's own rule: followed and another wanted (withdraw); breached (kept)
    (
        "client_rule_followed",
        "ISO 9001:2015",
        "8.4.1",
        (
            "Suppliers are not re-evaluated every month.",
            "Procedure PUR-02 sets six-monthly re-evaluation; records show it done in March and September 2026.",
        ),
        (
            "Suppliers are not re-evaluated every six months.",
            "Procedure PUR-02 sets six-monthly re-evaluation; the last re-evaluation on record is of March 2025.",
        ),
    ),
    (
        "client_plan_followed",
        "ISO 22000:2018",
        "8.5.4",
        (
            "CCP-2 temperatures are not checked hourly.",
            "HACCP plan HP-1 sets a check every two hours, and the records of September 2026 show each one.",
        ),
        (
            "CCP-2 temperatures are not checked every two hours.",
            "HACCP plan HP-1 sets a check every two hours; the records of 2026-09-03 show gaps of five hours.",
        ),
    ),
    (
        "client_count_per_year",
        "ISO 45001:2018",
        "8.2",
        (
            "Evacuation drills are held once a year instead of twice.",
            "Emergency plan EP-1 sets one drill a year; the 2026 drill was held on 2026-04-12.",
        ),
        (
            "Evacuation drills are held once a year instead of twice.",
            "Emergency plan EP-1 sets two drills a year; only the April 2026 drill was held.",
        ),
    ),
    (
        "client_policy_followed",
        "ISO/IEC 27001:2022",
        "A.5.18",
        (
            "User access rights are not reviewed every quarter.",
            "Access control policy AC-1 sets a yearly review; the 2026 review was completed on 2026-03-02.",
        ),
        ("User access rights are not reviewed every quarter as access control policy AC-1 requires.", None),
    ),
    # 3. a signature by a named role where the clause obliges no approval; kept where the act is not done
    (
        "signature_policy",
        "ISO 9001:2015",
        "5.2.2",
        (
            "The quality policy is not signed by the managing director.",
            "Policy QP-1 rev 4 is on the intranet and was briefed at induction.",
        ),
        ("The quality policy is not signed by the managing director, as procedure QP-00 requires.", None),
    ),
    (
        "signature_risk_assessment",
        "ISO 45001:2018",
        "6.1.2.2",
        (
            "The risk assessment for the paint shop is not signed by the plant manager.",
            "Risk assessment RA-PS-3 of 2026-05-02 covers the hazards of the paint shop and their controls.",
        ),
        ("The risk assessment for the paint shop was not done; no assessment of its hazards exists.", None),
    ),
    (
        "signature_minutes",
        "ISO 14001:2015",
        "9.3",
        (
            "The management review minutes are not signed by the general manager.",
            "Minutes MR-26 of 2026-03-04 record every input and decision.",
        ),
        ("The management review minutes are not retained; no record of the 2026 review exists.", None),
    ),
    # 4. competence shown by a credential the organization's criteria do not ask for
    (
        "credential_auditor",
        "ISO 9001:2015",
        "7.2",
        (
            "The internal auditors do not hold a lead auditor certificate.",
            "Criteria in QP-09 (ISO 9001 course and two shadow audits) are met, records AC-1 to AC-3.",
        ),
        ("The internal auditors do not hold the lead auditor certificate that criteria QP-09 require.", None),
    ),
    (
        "credential_driver",
        "ISO 45001:2018",
        "7.2",
        (
            "The forklift driver does not hold an external training certificate.",
            "Competence record CR-7 shows in-house training and a practical assessment on 2026-03-02.",
        ),
        ("The forklift driver has no record of training or of any assessment of competence.", None),
    ),
    (
        "credential_exam",
        "ISO 13485:2016",
        "6.2",
        (
            "The sterilisation operator has not passed an external exam.",
            "Training record TR-31 shows on-the-job training and the supervisor's sign-off of validated runs.",
        ),
        ("The sterilisation operator has not passed the exam that customer contract CT-9 requires.", None),
    ),
    (
        "credential_haccp",
        "ISO 22000:2018",
        "7.2",
        (
            "The food safety team leader does not hold a HACCP certificate.",
            "Record FST-3 shows the team leader's HACCP training of 2025 and ten years in the plant.",
        ),
        ("The food safety team leader has had no HACCP training and no record of competence is kept.", None),
    ),
]


@pytest.mark.parametrize(("principle", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_a_lack_of_a_manner_is_withdrawn_and_its_twin_is_kept(engine, principle, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    g = got.requirement.grounding
    assert g.outcome == "left_open", (principle, g)
    assert got.verdict == "withdraw", (principle, [i.rule for i in got.issues])
    pp05 = next(i for i in got.issues if i.rule == "PP05")
    assert g.obliges and g.obliges in pp05.message  # what the clause obliges, in our words
    assert "leaves open" in pp05.message
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (principle, twin.requirement.grounding, [i.rule for i in twin.issues])
    assert twin.requirement.grounding.outcome in ("grounded", "uncertain"), twin.requirement.grounding


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"),
    [
        # an approval the clause obliges: the lack is of it (document approval before issue, release authority)
        ("ISO 9001:2015", "7.5.2", "Procedure QP-3 rev 2 is not approved by the quality manager.", None),
        ("ISO 13485:2016", "8.2.6", "Release of batch B-2231 was not authorised by the QA manager.", None),
        # a licence is mostly the law's: not decided without the law named
        ("ISO 45001:2018", "7.2", "The crane operator does not hold a crane licence.", "Operator file OF-2."),
        # only some lack it: the organization's own practice, missed
        ("ISO 45001:2018", "6.1.2.2", "Three of the ten risk assessments are not signed by the plant manager.", None),
        # what goes unsigned is the organization's own authorisation (a permit), not what the clause obliges
        (
            "ISO 45001:2018",
            "8.1.2",
            "Hot work permits were not signed by the area supervisor before work started.",
            None,
        ),
        # a record of its own unsigned: its own sign-off may be what is missed
        ("ISO 9001:2015", "8.4.3", "Purchase order PO-7781 was not approved by the purchasing manager.", None),
        # measured against the organization's own schedule
        ("ISO 9001:2015", "7.1.5.2", "Gauges are not calibrated every year as scheduled.", None),
        # measured against a plan or a permit the finding names, uncited: the frequency is that document's
        (
            "ISO 14001:2015",
            None,
            "The emergency generator is not tested monthly, contrary to maintenance plan MP-3.",
            None,
        ),
        (
            "ISO 14001:2015",
            None,
            "Stack emissions are not measured quarterly as required by permit EP-22; the last was in January.",
            None,
        ),
        ("ISO 50001:2018", None, "Meters are not read weekly, in breach of the energy data collection plan.", None),
        # what the standard does not require, the client's own plan does, and it was not done
        (
            "ISO 9001:2015",
            "8.5.1",
            "Control plan CP-12 requires a first-off check before each job; job J-4411 started without one.",
            None,
        ),
        # the lack measured against the client's rule in its own sentence, which asks for that very content
        (
            "ISO 9001:2015",
            "8.4.3",
            "Order PO-5120 did not give the material grade, which procedure PP-4 requires on every order for cast "
            "parts. The other 11 orders sampled gave it.",
            None,
        ),
        # the client's own assessment specifies the control and it was missing; the remedy that follows is a
        # suggested solution (SO01), not the basis of the finding
        (
            "ISO 45001:2018",
            "8.1.2",
            "Welders at bay 4 wore tinted glasses only, whereas risk assessment RA-31 specifies a welding visor; none "
            "was at the bay. The company should buy visors and add them to the bay checklist.",
            None,
        ),
        # only a degree asked of a clause's own subject: vague, not a rule of the auditor's own
        ("ISO 9001:2015", "7.5.3", "Control of records in the stores needs tightening up.", "Stores walk-through."),
        # a physical control, not a means of the system: not read as a manner at all
        ("ISO 14001:2015", "8.1", "Waste oil drums are not stored in a bunded area.", "Drums stand by drain D-2."),
    ],
)
def test_a_manner_the_layer_cannot_call_a_preference_is_kept(engine, std, clause, statement, evidence) -> None:
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict != "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])


def test_a_doubt_about_a_manner_is_a_warning() -> None:
    engine = Engine()
    got = _check(engine, "ISO 45001:2018", "7.2", "The crane operator does not hold a crane licence.", "File OF-2.")
    assert got.requirement.grounding.outcome == "uncertain"
    assert any(i.rule == "PP07" and i.severity == "warning" for i in got.issues)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("Management review is not held every six months.", "frequency"),
        ("The organisation does not review its suppliers monthly.", "frequency"),
        ("Calibration is done at least once a year instead of twice.", "frequency"),
        ("Management review is only held once a year.", "frequency"),
        ("Objectives are not expressed as a percentage.", "format"),
        ("Records are not kept electronically.", "medium"),
        ("Cleaning is not verified by a laboratory method.", "method"),
        ("The policy is not signed by the managing director.", "responsibility"),
        ("The welder does not hold a formal qualification.", "competence"),
        ("The policy does not include acceptance of the policy by each employee.", "content"),
    ],
)
def test_the_manner_a_lack_falls_on_is_read_by_its_grammar(text: str, aspect: str) -> None:
    got = manner_of(text)
    assert got is not None and got.aspect == aspect, got


@pytest.mark.parametrize(
    "text",
    [
        "Gauge G-4 was not calibrated.",  # the act denied
        "Management review has not been held since 2024.",
        "Records are not kept on the form FR-12.",  # the organization's own form, named: not another means
        "Release of batch B-2231 was not authorised.",  # the approval itself denied
        "The review was not held and not recorded every year.",  # more than a manner denied
    ],
)
def test_a_lack_of_the_act_is_not_a_manner(text: str) -> None:
    assert manner_of(text) is None


def test_a_manner_used_instead_of_another_is_read_as_a_lack() -> None:
    (part,) = read_finding("Drills are held once a year instead of twice.", "").parts
    assert part.kind == "lacking"
    (plain,) = read_finding("Drills are held once a year.", "").parts
    assert plain.kind == "observed"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("every six months", 180),
        ("six-monthly", 182),
        ("twice a year", 182.5),
        ("two drills a year", 182.5),
        ("emergency plan EP-1 requires two a year", 182.5),  # "1 requires two a year" is no count
        ("procedure QP-12 sets 4 audits per year", 91.25),
        ("monthly", 30),
        ("every other week", 14),
        ("hourly", 1 / 24),
    ],
)
def test_a_frequency_is_read_as_a_period(text: str, days: float) -> None:
    assert periods(text) == [pytest.approx(days)]


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"),
    [
        # a frequency lacking, and the finding says the act was last done years ago: the organization's own
        # interval may be what is broken; a doubt, never a withdrawal
        (
            "ISO 9001:2015",
            "9.2.2",
            "Internal audits are not held every year; the last audit of production was in 2023.",
            None,
        ),
        (
            "ISO 14001:2015",
            "9.3",
            "Management review is not held every six months.",
            "The most recent review on file is MR-2022 of 2022-05-04; this audit is of 2026-10-02.",
        ),
    ],
)
def test_a_frequency_lacking_long_after_the_act_was_last_done_is_kept(engine, std, clause, statement, evidence):
    got = _check(engine, std, clause, statement, evidence)
    assert got.verdict != "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])


@pytest.mark.parametrize(
    ("std", "clause", "invalid", "valid"),
    [
        # a demand of a manner: the same decision as a lack of it, where the layer's other questions find nothing
        (
            "ISO 45001:2018",
            "6.1.2.2",
            (
                "The risk assessment for the paint shop should be signed by the plant manager.",
                "Risk assessment RA-PS-3 of 2026-05-02 covers the hazards of the paint shop and their controls.",
            ),
            (
                "The risk assessment for the paint shop should be signed by the plant manager; none has been done.",
                None,
            ),
        ),
        (
            "ISO 14001:2015",
            "6.1.2",
            (
                "Environmental aspects should be evaluated on a dedicated form.",
                "Aspects register AR-3 rev 4 lists each aspect with its significance score.",
            ),
            ("Environmental aspects should be evaluated on a dedicated form; those of paint line PL-2 are not.", None),
        ),
        (
            "ISO 50001:2018",
            "6.6",
            ("Energy data should be collected daily.", "Meters M-1 to M-6 are read monthly as the data plan sets."),
            ("Energy data should be collected daily; meters M-1 to M-6 have not been read since May.", None),
        ),
    ],
)
def test_a_demand_of_a_manner_is_withdrawn_and_its_twin_is_kept(engine, std, clause, invalid, valid) -> None:
    got = _check(engine, std, clause, *invalid)
    assert got.verdict == "withdraw", (got.requirement.grounding, [i.rule for i in got.issues])
    assert got.requirement.grounding.outcome in ("left_open", "not_required")
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", (twin.requirement.grounding, [i.rule for i in twin.issues])


def test_a_manner_asked_is_read_after_the_modal() -> None:
    from engine.facts.reading import manner_asked

    text = "The quality policy must be signed by the managing director."
    (part,) = read_finding(text, "").parts
    got = manner_asked(part.text, part.asked)
    assert got is not None and got.aspect == "responsibility"
    text = "The coordinator must hold an external certificate."
    (part,) = read_finding(text, "").parts
    got = manner_asked(part.text, part.asked)
    assert got is not None and got.aspect == "competence"
    (part,) = read_finding("A spill kit must be kept at store 2.", "").parts
    assert manner_asked(part.text, part.asked) is None  # a thing asked for, not a manner


def test_a_content_the_clause_obliges_of_each_member_is_kept(engine: Engine) -> None:
    got = _check(engine, "ISO 9001:2015", "7.2", "Training records do not include the evaluation of each trainee.")
    assert got.verdict != "withdraw", got.requirement.grounding


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence", "means"),
    [
        (
            "ISO 45001:2018",
            "7.2",
            "The forklift driver does not hold an external training certificate.",
            "Record CR-7 shows in-house training and a practical assessment.",
            "an external training certificate",
        ),
        (
            "ISO 45001:2018",
            "6.1.2.2",
            "The risk assessment for the paint shop is not signed by the plant manager.",
            "Assessment RA-PS-3 of 2026-05-02 covers the hazards of the paint shop.",
            "a signature by the plant manager",
        ),
        (
            "ISO 45001:2018",
            "8.2",
            "Evacuation drills are held once a year instead of twice.",
            "Emergency plan EP-1 sets one drill a year; the 2026 drill was held on 2026-04-12.",
            "twice a year",
        ),
    ],
)
def test_the_withdrawal_names_the_means_asked_in_plain_words(engine, std, clause, statement, evidence, means) -> None:
    got = _check(engine, std, clause, statement, evidence)
    issue = next(i for i in got.issues if i.rule == "PP05")
    assert f"The finding asks for {means} (" in issue.message, issue.message
