"""What the finding itself shows (issue 23, met-23): the requirement met by its own evidence (EV06, EV08), or no
nonfulfilment established, a suspicion or a second-hand report not verified (EV07).

Every wording here is ours. Each principle is tested over several standards, and each invalid finding has a valid
twin in nearly the same words that must stay kept: the evidence records what is missing or wrong in the record it
describes, or the auditor observed the lack, or the responsible person admits it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.cli import main
from tests.one_finding import check_one

_check = check_one


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


# ---- principle 1: the finding's own evidence shows the requirement met ------------------------------------------

# (standard, clause, statement, evidence of the invalid finding, evidence of its valid twin (None: statement twin))
MET_PAIRS = [
    (
        "ISO 9001:2015",
        "4.2",
        "The organisation has not determined the relevant requirements of its interested parties.",
        "Interested parties register IP-01 rev 3, reviewed at management review on 2026-02-02, lists customers, "
        "regulators, employees and suppliers with the relevant requirements of each party.",
        "Interested parties register IP-01 rev 3 lists customers, regulators, employees and suppliers; the "
        "requirements of the regulator are blank.",
    ),
    (
        "ISO 9001:2015",
        "9.2.2",
        "An internal audit programme has not been established.",
        "Internal audit programme IAP-2026, approved on 2026-01-05, plans audits of every process of the QMS across "
        "2026, with auditors, criteria and scope for each audit.",
        "Internal audit programme IAP-2026, approved on 2026-01-05, plans audits of the production processes only.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "Environmental aspects of the activities have not been determined.",
        "Aspects register AR-4 rev 2 dated 2026-01-20 records the environmental aspects of the activities of the "
        "paint line, stores and boiler house, with their impacts and significance.",
        "Aspects register AR-4 rev 2 dated 2026-01-20 records the environmental aspects of the activities of every "
        "site except the new warehouse.",
    ),
    (
        "ISO 14001:2015",
        "6.2.1",
        "Environmental objectives have not been established.",
        "Objectives plan EO-2026 establishes environmental objectives for energy use, waste to landfill and solvent "
        "emissions, with targets and owners.",
        "Objectives plan EO-2026 establishes environmental objectives for energy use and waste; two of the three "
        "objectives have no owner.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazards of the maintenance activities have not been identified.",
        "Hazard identification record HIRA-07 dated 2026-03-03 lists the hazards of the maintenance activities: work "
        "at height, isolation of energy, manual handling and hot work.",
        "Hazard identification record HIRA-07 dated 2026-03-03 lists the hazards of the maintenance activities; the "
        "hazards of confined space entry are not included.",
    ),
    (
        "ISO 45001:2018",
        "5.4",
        "Workers have not been consulted on the new shift pattern.",
        "Minutes of safety committee meeting SC-14 dated 2026-05-02 record the consultation of the workers' "
        "representatives on the new shift pattern.",
        "Minutes of safety committee meeting SC-14 dated 2026-05-02 record the consultation of the workers' "
        "representatives on the new shift pattern after it had started on 2026-04-01.",
    ),
    (
        "ISO/IEC 27001:2022",
        "6.1.2",
        "Information security risks have not been assessed.",
        "Risk assessment RA-2026 dated 2026-02-14 assesses the information security risks of the assets in scope, "
        "with likelihood, consequence and a risk owner for each.",
        "Risk assessment RA-2026 dated 2026-02-14 assesses the information security risks of the office systems; the "
        "risks of the cloud services are not assessed.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.9",
        "An inventory of information assets has not been drawn up.",
        "Asset inventory AI-3 rev 4 lists the information and other associated assets, with an owner for each.",
        "Asset inventory AI-3 rev 4 lists 40 information assets; six laptops issued in 2026 are not in it.",
    ),
    (
        "ISO 13485:2016",
        "8.2.1",
        "Customer feedback has not been gathered.",
        "Feedback log FB-26 records the customer feedback gathered by survey from 34 customers on 2026-03-20.",
        "Feedback log FB-26 records the customer feedback gathered by survey from 34 customers on 2026-03-20; the "
        "feedback of the distributors has not been gathered.",
    ),
    (
        "ISO 14001:2015",
        "8.2",
        "The emergency plan has not been tested.",
        "Emergency plan EP-3 rev 2 was tested in the evacuation drill of 2026-04-12, recorded in drill report DR-12.",
        # the plan described is not the plan tested: testing acts on a plan that exists
        "Emergency plan EP-3 rev 2 dated 2026-01-01 describes evacuation and spill response.",
    ),
]

# the claim and its evidence in the statement itself, as most certification bodies write them
MET_IN_THE_STATEMENT = [
    (
        "ISO 9001:2015",
        "5.2.1",
        "There is no quality policy. Quality policy QP-00 rev 2, signed by the managing director on 2026-01-08, is "
        "posted at reception and on the intranet.",
        "There is no quality policy. Quality policy QP-00 rev 2 is posted at reception; it is not signed and has not "
        "been communicated to the shop floor.",
    ),
    (
        "ISO 9001:2015",
        "4.2",
        "Interested parties have not been determined. Interested parties register IP-01 rev 3 lists customers, "
        "regulators, employees and suppliers with their relevant requirements.",
        "Interested parties have not been determined. Interested parties register IP-01 rev 3 lists customers and "
        "suppliers; records for the parties present except the regulator.",
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "statement", "met", "kept"), MET_PAIRS, ids=[f"{p[0]} {p[1]}" for p in MET_PAIRS]
)
def test_evidence_showing_the_requirement_met_withdraws_and_its_twin_is_kept(
    engine: Engine, std: str, clause: str, statement: str, met: str, kept: str
) -> None:
    withdrawn = _check(engine, std, clause, statement, met)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert withdrawn.proposed_grade == "none"
    assert "EV06" in _rules(withdrawn)
    twin = _check(engine, std, clause, statement, kept)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV06" not in _rules(twin)


@pytest.mark.parametrize(("std", "clause", "met", "kept"), MET_IN_THE_STATEMENT, ids=["policy", "parties"])
def test_evidence_written_in_the_statement_is_read_the_same(
    engine: Engine, std: str, clause: str, met: str, kept: str
) -> None:
    assert _check(engine, std, clause, met).verdict == "withdraw"
    assert _check(engine, std, clause, kept).verdict != "withdraw"


def test_the_withdrawal_quotes_the_obligation_in_the_message_and_the_grounding(engine: Engine) -> None:
    std, clause, statement, met, _ = MET_PAIRS[0]
    v = _check(engine, std, clause, statement, met)
    issue = next(i for i in v.issues if i.rule == "EV06")
    g = v.requirement.grounding
    assert g is not None and g.obliges
    assert g.obliges in issue.message  # the obligation of the layer, in the message and in the grounding
    assert g.clause and g.clause.startswith("4.2")
    assert "EV06" in (g.reason or "")
    assert issue.span is not None and issue.span.field == "statement"
    assert v.requirement.source == "cited"  # the requirement stands; it is met


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"),
    [
        # a party named, but not the doing: the customer is named, the notification is not shown
        (
            "ISO 9001:2015",
            "8.2.1",
            "The customer has not been notified.",
            "Order SO-5512 for the customer was shipped on 2026-09-15 by courier.",
        ),
        # a document's rule to do something is not its doing
        (
            "ISO 9001:2015",
            "9.3.1",
            "Management review has not been carried out. Procedure QP-05 requires a management review every six "
            "months; the review of 2026-03-10 is recorded in minutes MR-26.",
            None,
        ),
        # a judgement of quality is no lack of existence: the record it judges does not settle it
        (
            "ISO/IEC 27001:2022",
            "6.1.2",
            "The information security risk assessment is not effective.",
            "Risk assessment RA-2026 dated 2026-02-14 assesses the information security risks of the assets in scope.",
        ),
        # the thing lacking is a record of one named item; the register of the others does not show it
        (
            "ISO 45001:2018",
            "9.1.1",
            "The inspection record of ladder L-07 has not been retained.",
            "Ladder inspection register LR-26 records the inspection of ladders L-01 to L-06 on 2026-04-02.",
        ),
        # the policy there is not the policy communicated
        (
            "ISO 14001:2015",
            "5.2",
            "The environmental policy has not been communicated to employees.",
            "Environmental policy EP-1 rev 3, signed 2026-01-05, is available in the quality office.",
        ),
    ],
    ids=["party_not_doing", "rule_not_doing", "judgement", "named_item", "policy_not_communicated"],
)
def test_what_does_not_show_the_very_thing_done_keeps_the_finding(
    engine: Engine, std: str, clause: str, statement: str, evidence: str | None
) -> None:
    v = _check(engine, std, clause, statement, evidence)
    assert v.verdict != "withdraw", v.issues
    assert "EV06" not in _rules(v)


def test_a_lack_of_timing_is_only_a_doubt(engine: Engine) -> None:
    v = _check(
        engine,
        "ISO/IEC 27001:2022",
        "5.2",
        "The information security policy has not been reviewed at planned intervals.",
        "Information security policy ISP-01 rev 5 reviewed and approved by top management on 2026-02-10.",
    )
    assert v.verdict != "withdraw"
    warning = next(i for i in v.issues if i.rule == "EV08")
    assert warning.severity == "warning"
    twin = _check(
        engine,
        "ISO/IEC 27001:2022",
        "5.2",
        "The information security policy has not been reviewed at planned intervals.",
        "Information security policy ISP-01 rev 5 was last reviewed on 2023-02-10.",
    )
    assert "EV08" not in _rules(twin)


# ---- principle 2: a suspicion or a second-hand report, not verified ----------------------------------------------

# (standard, clause, invalid statement, valid twin)
SPECULATION_PAIRS = [
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "It is believed that the scales in the dispatch area may not be calibrated. No calibration records were "
        "examined during the audit.",
        "It is believed that the scales in the dispatch area may not be calibrated. Calibration register CR-2026 "
        "holds no entry for scale SC-04.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Contract scaffolders are suspected to have worked without the site induction; this could not be verified.",
        "The site supervisor said she had not given the induction to the contract scaffolders; the induction log "
        "could not be verified.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "A warehouse operative mentioned that solvent drums are probably stored outside the bund during the night "
        "shift; nothing was verified as the yard was not visited.",
        "A warehouse operative mentioned that solvent drums are probably stored outside the bund during the night "
        "shift; drums D-14 and D-15 were seen outside the bund on 2026-06-03 at 22:00.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.5.18",
        "Leavers' accounts may still be active in the ERP system, according to a help desk colleague; no access "
        "records were reviewed.",
        "Leavers' accounts may still be active in the ERP system, according to a help desk colleague; the access "
        "list of 2026-09-01 shows account JSMITH active three weeks after her leaving date.",
    ),
    (
        "ISO 13485:2016",
        "7.5.6",
        "The sterilisation process has probably not been revalidated since the new load pattern; the auditor did "
        "not examine the validation file.",
        "The sterilisation process has probably not been revalidated since the new load pattern; validation file "
        "VAL-12 holds no revalidation after the load pattern change of 2026-02-01.",
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "invalid", "valid"), SPECULATION_PAIRS, ids=[f"{p[0]} {p[1]}" for p in SPECULATION_PAIRS]
)
def test_a_suspicion_not_verified_is_withdrawn_and_its_twin_is_kept(
    engine: Engine, std: str, clause: str, invalid: str, valid: str
) -> None:
    withdrawn = _check(engine, std, clause, invalid)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert withdrawn.proposed_grade == "none"
    ev07 = next(i for i in withdrawn.issues if i.rule == "EV07")
    assert ev07.category == "no_evidence"
    g = withdrawn.requirement.grounding
    assert g is not None and g.obliges and g.obliges in ev07.message
    twin = _check(engine, std, clause, valid)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV07" not in _rules(twin)


@pytest.mark.parametrize(
    ("statement", "evidence"),
    [
        # hedged, but nothing says it was not verified: the evidence is to be completed, not the finding withdrawn
        ("Operators may not have been trained on work instruction WI-5.", None),
        # a definite nonfulfilment whose evidence is not identified: revise, the client asks for the evidence
        ("Operators were not trained on the new work instruction.", None),
        # a definite nonfulfilment, and the auditor did not look at more than one record: still established
        (
            "Operator OP-12 has not been trained on work instruction WI-5; no other training records were examined.",
            None,
        ),
    ],
    ids=["hedge_without_unverified", "definite_without_evidence", "definite_with_narrow_sample"],
)
def test_a_definite_or_unmarked_claim_is_not_withdrawn_as_speculation(
    engine: Engine, statement: str, evidence: str | None
) -> None:
    v = _check(engine, "ISO 9001:2015", "7.2", statement, evidence)
    assert "EV07" not in _rules(v)
    assert v.verdict != "withdraw"


def test_a_suspicion_is_not_called_a_preference(engine: Engine) -> None:
    v = _check(engine, "ISO 9001:2015", "7.1.5.2", SPECULATION_PAIRS[0][2])
    assert "PP01" not in _rules(v)
    assert {i.category for i in v.issues if i.severity == "error"} == {"no_evidence"}


def test_the_letter_says_the_requirement_is_met_not_that_evidence_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    std, clause, statement, met, _ = MET_PAIRS[0]
    report = {
        "id": "L-1",
        "standard": std,
        "findings": [{"id": "NC-1", "grade": "minor", "clause": clause, "statement": statement, "evidence": met}],
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    assert main(["challenge", str(path)]) == 0
    letter = " ".join(capsys.readouterr().out.split())
    assert "its own evidence describes it done" in letter
    assert "does not identify in detail the objective evidence" not in letter
    assert "asks that the interested parties that are relevant to the QMS are determined" in letter
