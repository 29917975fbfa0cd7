"""A finding whose only basis is a remark, report, estimate or likelihood has no objective evidence (issue 23, EV07).

Principle: objective evidence is what the auditor verified (seen, sampled, read, measured). A judgement sentence
in front ("X takes place without Y", "X are not controlled") does not make a report at one remove observed; a
record the auditor read that shows the control working supports no suspicion. Every wording here is ours; each
invalid finding has a valid twin in nearly the same words that must stay kept: a record or observation confirms
the remark, or the remark stands beside the auditor's own evidence as context.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict, Report
from tests.one_finding import check_one

# (standard, clause, invalid statement, its valid twin)
PAIRS = [
    # a bare judgement whose only basis is what a third party said
    (
        "ISO 45001:2018",
        "8.1.2",
        "Lone working in the boiler house takes place without any check-in arrangement. A contractor met at the "
        "gate said fitters often go in alone on Sundays.",
        "Lone working in the boiler house takes place without any check-in arrangement. A contractor met at the "
        "gate said fitters often go in alone on Sundays; the gatehouse sign-in sheet shows four lone Sunday entries "
        "in October with no check-in.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "Hand gauges are not calibrated. According to a storeman from the other building, nobody has sent them "
        "out for years.",
        "Hand gauges are not calibrated. According to a storeman, nobody has sent them out for years; gauges "
        "HG-02 and HG-05 carry no calibration label and the register has no entry for them.",
    ),
    (
        "ISO/IEC 27001:2022",
        "A.7.7",
        "Desks are left with confidential papers on them overnight. A cleaner said staff never clear their desks "
        "before leaving.",
        "Desks are left with confidential papers on them overnight. A cleaner said staff never clear their desks "
        "before leaving; the auditor saw payroll printouts on three desks in finance at 19:30 on 2026-11-02.",
    ),
    # the speaker's verb is any verb of speech ("stated", "told"), not only "said"
    (
        "ISO 50001:2018",
        "8.1",
        "Boiler blowdown is left running overnight without supervision. A delivery driver waiting in the yard "
        "stated that the boiler house is always unattended after 18:00.",
        "Boiler blowdown is left running overnight without supervision. A delivery driver waiting in the yard "
        "stated that the boiler house is always unattended after 18:00; the boiler log shows no entries between "
        "18:00 and 06:00 on 2 to 6 November.",
    ),
    # a report, and the part of the organization it speaks of was not audited
    (
        "ISO 9001:2015",
        "8.5.1",
        "The set-up check is said to be skipped on the late shift when orders are urgent; the early-shift lead "
        "mentioned this. The late shift was not audited.",
        "The set-up check is said to be skipped on the late shift when orders are urgent; the early-shift lead "
        "mentioned this. The set-up sheets for late shifts 3 to 7 November hold no entry for moulding cell 2.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "The weekend crew reportedly bypasses the bund drain valve lock when it sticks, according to the site "
        "fitter. The weekend work was not audited.",
        "The weekend crew reportedly bypasses the bund drain valve lock when it sticks, according to the site "
        "fitter. The valve lock log shows the lock removed on 5, 12 and 19 October with no permit.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "Forklift seat belts are allegedly not worn in the cold store, as a picker put it. The cold store was not "
        "visited.",
        "Forklift seat belts are allegedly not worn in the cold store, as a picker put it. Two drivers were seen "
        "in the cold store on 2026-10-14 without seat belts fastened.",
    ),
    # an estimate in conversation is no measurement
    (
        "ISO 50001:2018",
        "8.1",
        "Steam trap losses are not controlled; the boiler operator estimated in conversation that about a fifth "
        "of the steam is lost.",
        "Steam trap losses are not controlled; the trap survey of 2026-09-20 measured 11 of 40 traps failed open "
        "and none had been repaired by the audit.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "Solvent use is not monitored; the paint shop supervisor guessed that they lose around 200 litres a month "
        "to evaporation.",
        "Solvent use is not monitored; the solvent issue book shows no entries since 2026-06-01, while 1,600 litres "
        "were purchased.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "Cooling water losses are not controlled. In conversation the site engineer put them at roughly a quarter of "
        "the intake.",
        "Cooling water losses are not controlled. The intake and discharge meter readings for October show a quarter "
        "of the intake unaccounted for, with no investigation.",
    ),
    (
        "ISO 9001:2015",
        "8.7.1",
        "Scrap is not recorded. The foreman's rough estimate is that a tenth of the castings are scrapped.",
        "Scrap is not recorded. The scrap bins held 46 castings on 2026-10-08 and the scrap log has no entry since "
        "September.",
    ),
    # a likelihood, and the only record read shows the control working
    (
        "ISO 14001:2015",
        "8.1",
        "Given its age, the buried fuel line is likely to be leaking into the ground; the monthly fuel "
        "reconciliations of the line show no unexplained losses this year.",
        "The buried fuel line is leaking into the ground; the monthly fuel reconciliations of the line show an "
        "unexplained loss of 900 litres this year and no investigation.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "The old guard on press 3 is probably being removed during changeovers; the interlock fault log of the "
        "press records no faults or overrides since March.",
        "The guard on press 3 is being removed during changeovers; the interlock fault log of the press records "
        "eleven overrides since March with no authorisation.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "Considering its age, the waste oil tank is probably corroded and leaking; the annual tank inspection reports "
        "of the tank record no defects.",
        "Considering its age, the waste oil tank is corroded and leaking; the annual tank inspection reports of the "
        "tank record corrosion at the base seam and no repair.",
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "invalid", "valid"), PAIRS, ids=[f"{p[0]} {p[1]} #{i}" for i, p in enumerate(PAIRS)]
)
@pytest.mark.parametrize("grade", ["minor", "major"])
def test_a_report_at_one_remove_as_the_only_basis_is_withdrawn_and_its_twin_kept(
    engine: Engine, std: str, clause: str, invalid: str, valid: str, grade: str
) -> None:
    withdrawn = _check(engine, std, clause, invalid, grade)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert "EV07" in {i.rule for i in withdrawn.issues}
    twin = _check(engine, std, clause, valid, grade)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV07" not in {i.rule for i in twin.issues}


def _check(engine: Engine, std: str, clause: str, statement: str, grade: str) -> FindingVerdict:
    """The verdict on a report of one finding raised at `grade`."""
    report = Report.model_validate(
        {"standard": std, "findings": [{"id": "F-1", "grade": grade, "clause": clause, "statement": statement}]}
    )
    return engine.check(report).findings[0]


@pytest.mark.parametrize(
    ("std", "clause", "statement"),
    [
        # a judgement beside what the responsible function said, with nothing at one remove: interview evidence
        (
            "ISO 9001:2015",
            "9.2.2",
            "Internal audits are not carried out. The quality manager said that the only "
            "trained auditor left in March.",
        ),
        # the organization's own audit not done is a lack, not the audit's check unmade
        (
            "ISO 9001:2015",
            "9.2.2",
            "The night shift has not been audited internally since 2024; the audit "
            "programme lists no night-shift audit.",
        ),
        # a remark as context beside the auditor's own observation
        (
            "ISO 14001:2015",
            "8.1",
            "A driver said the wash bay interceptor overflows when it rains; the auditor saw "
            "oily water running from the interceptor into the yard drain on 2026-10-21.",
        ),
        # a person's account of their own omission is evidence
        (
            "ISO 45001:2018",
            "7.2",
            "Scaffold inspections are not done. The scaffold supervisor told us he had not "
            "inspected the tower scaffolds since August.",
        ),
        # an estimate that is the organization's figure, not a remark
        (
            "ISO 50001:2018",
            "6.6",
            "The estimated energy savings of project EP-12 were not verified by the organization.",
        ),
        ("ISO 9001:2015", "7.1.5.1", "The measurement uncertainty estimate for bore gauge BG-3 is not documented."),
        (
            "ISO 50001:2018",
            "6.2",
            "Savings were estimated at 5% in the action plan, but no verification method is set.",
        ),
        # a supplier the organization did not audit is its lack, not the audit's check unmade
        (
            "ISO 9001:2015",
            "8.4.1",
            "Supplier Northern Castings was not audited. The purchasing manager could not show any evaluation of it.",
        ),
    ],
    ids=[
        "own_function_remark",
        "internal_audit_not_done",
        "remark_beside_observation",
        "own_account",
        "estimated_savings",
        "uncertainty_estimate",
        "estimated_in_a_plan",
        "supplier_not_audited",
    ],
)
def test_a_finding_with_verified_evidence_or_an_interview_is_not_withdrawn_as_hearsay(
    engine: Engine, std: str, clause: str, statement: str
) -> None:
    v = check_one(engine, std, clause, statement)
    assert v.verdict != "withdraw", v.issues
    assert "EV07" not in {i.rule for i in v.issues}
    assert "EV02" not in {i.rule for i in v.issues}


@pytest.mark.parametrize(
    ("std", "clause", "statement", "invalid_evidence", "valid_evidence"),
    [
        (
            "ISO 14001:2015",
            "8.1",
            "The buried heating oil tank is not controlled for leaks.",
            "Given its age, the tank is likely to be leaking; the stock reconciliations of the tank show no "
            "unexplained losses this year.",
            "The stock reconciliations of the tank show an unexplained loss of 700 litres this year and no "
            "investigation.",
        ),
        (
            "ISO 45001:2018",
            "8.1.2",
            "Lone working in the boiler house takes place without any check-in arrangement.",
            "A contractor met at the gate said fitters often go in alone on Sundays.",
            "A contractor met at the gate said fitters often go in alone on Sundays; the gatehouse sign-in sheet "
            "shows four lone Sunday entries in October with no check-in.",
        ),
    ],
    ids=["likely_and_clean_record", "contractors_remark"],
)
def test_the_same_basis_in_the_evidence_field_is_withdrawn_and_its_twin_kept(
    engine: Engine, std: str, clause: str, statement: str, invalid_evidence: str, valid_evidence: str
) -> None:
    withdrawn = check_one(engine, std, clause, statement, invalid_evidence)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert {"EV07", "EV02"} & {i.rule for i in withdrawn.issues}
    twin = check_one(engine, std, clause, statement, valid_evidence)
    assert twin.verdict != "withdraw", twin.issues
