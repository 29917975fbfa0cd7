"""A finding whose only basis is a remark at one remove or an inference, and which says nothing was seen, is withdrawn
(issue 23/25, EV02 through the fact `evidence_state`).

Principle (17021-1 9.4.4, 9.4.5.3): information is audit evidence only once verified. A report by someone other than
the responsible person ("comment made by", "stated by a", "is understood to", "reportedly", "according to a") or the
writer's inference ("it is therefore likely that", "it appears that") as the only basis, where the finding records
that the fact was not seen ("not observed", "records were not sampled", "no log examined") or records nothing
observed at all, is no objective evidence. Each invalid wording has a near-identical twin that stays kept: the
auditor's own record or observation confirms the remark, or the responsible person gives their own account. All
wordings are ours.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

# (standard, clause, statement, evidence or None) invalid, then its valid twin
PAIRS = [
    (
        (
            "IATF 16949:2016",
            "8.3.4.4",
            "A customer buyer is understood to have complained about late first-article reports at a review meeting. "
            "No customer letter, scorecard or rejection was examined.",
            None,
        ),
        (
            "IATF 16949:2016",
            "8.3.4.4",
            "A customer buyer complained about late first-article reports at a review meeting; the customer "
            "scorecard for Q3 lists two rejected first-article reports, FA-310 and FA-322.",
            None,
        ),
    ),
    (
        (
            "ISO 9001:2015",
            "8.6",
            "Outgoing inspection is skipped when the van is waiting (comment made by a packer at bay 3 during the "
            "walk-round). Shipping records were not sampled.",
            None,
        ),
        (
            "ISO 9001:2015",
            "8.6",
            "Outgoing inspection is skipped when the van is waiting (comment made by a packer at bay 3 during the "
            "walk-round). The shipping records for 6 May show orders 4410 and 4412 dispatched without the "
            "inspection stamp.",
            None,
        ),
    ),
    (
        (
            "ISO 14001:2015",
            "8.1",
            "Paint tins are washed out over the surface water drain on Saturdays.",
            "Remark made by a labourer in the canteen. Not observed; Saturday work not visited.",
        ),
        (
            "ISO 14001:2015",
            "8.1",
            "Paint tins are washed out over the surface water drain on Saturdays.",
            "Remark made by a labourer in the canteen; the auditor saw paint residue around gully D4 and three "
            "washed tins beside it on Monday 9 November.",
        ),
    ),
    (
        (
            "ISO/IEC 27001:2022",
            "A.7.10",
            "Payroll exports are saved to home laptops by accounts staff.",
            "Stated by a network engineer during the tour. No accounts staff interviewed, no device or log examined.",
        ),
        (
            "ISO/IEC 27001:2022",
            "A.7.10",
            "Payroll exports are saved to home laptops by accounts staff.",
            "Stated by a network engineer during the tour; the data loss prevention log shows 9 payroll exports "
            "copied to unmanaged devices in October.",
        ),
    ),
    (
        (
            "ISO 45001:2018",
            "8.1.2",
            "Fall-arrest harnesses are not used on the racking during stock counts.",
            "Remark made by a picker at the break. Stock count not observed.",
        ),
        (
            "ISO 45001:2018",
            "8.1.2",
            "Fall-arrest harnesses are not used on the racking during stock counts.",
            "Remark made by a picker at the break; two pickers were seen on racking aisle R7 without harnesses "
            "during the stock count on 3 November.",
        ),
    ),
    (
        (
            "ISO 22000:2018",
            "8.5.2",
            "The allergen clean-down is reportedly shortened on late shifts. Late-shift production was not visited.",
            None,
        ),
        (
            "ISO 22000:2018",
            "8.5.2",
            "The allergen clean-down is reportedly shortened on late shifts; the clean-down records for 6 and 13 "
            "November show 12-minute cleans against the 45 minutes set in SSOP-4.",
            None,
        ),
    ),
    (
        (
            "ISO/IEC 27001:2022",
            "A.5.18",
            "Leavers keep their CRM accounts for weeks, according to an outside consultant. No access logs or leaver "
            "records examined.",
            None,
        ),
        (
            "ISO/IEC 27001:2022",
            "A.5.18",
            "Leavers keep their CRM accounts for weeks: the CRM user list of 2 November still holds three accounts of "
            "staff who left in September.",
            None,
        ),
    ),
    # speculation on a report: the lack is only concluded as likely, nothing observed
    (
        (
            "ISO 9001:2015",
            "8.7.1",
            "The previous inspection supervisor resigned after directors overruled quarantines. It is therefore likely "
            "that rejected castings have been dispatched under pressure.",
            None,
        ),
        (
            "ISO 9001:2015",
            "8.7.1",
            "The previous inspection supervisor resigned after directors overruled quarantines. Quarantine tags Q-201 "
            "and Q-207 were released by the works director without inspection sign-off; both lots were dispatched.",
            None,
        ),
    ),
]


@pytest.mark.parametrize(("invalid", "valid"), PAIRS, ids=[f"{p[0][0]} {p[0][1]} #{i}" for i, p in enumerate(PAIRS)])
@pytest.mark.parametrize("grade", ["minor", "major"])
def test_an_unverified_report_or_inference_as_the_only_basis_is_withdrawn_and_its_twin_kept(
    engine: Engine, invalid: tuple, valid: tuple, grade: str
) -> None:
    withdrawn = check_one(engine, *invalid, grade=grade)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert withdrawn.proposed_grade == "none"
    assert {"EV02", "EV07"} & {i.rule for i in withdrawn.issues}  # EV07 when it reads the suspicion itself
    twin = check_one(engine, *valid, grade=grade)
    assert twin.verdict != "withdraw", twin.issues
    assert not {"EV02", "EV07"} & {i.rule for i in twin.issues}


@pytest.mark.parametrize(
    ("std", "clause", "statement"),
    [
        # the responsible person's own admission is interview evidence
        ("ISO 9001:2015", "9.3", "The quality manager confirmed that no management review was held in 2026."),
        # a remark, then the auditor's own look at the register finds the lack
        (
            "ISO 9001:2015",
            "7.1.5.2",
            "An operator said gauge G-4 has not been calibrated this year; no calibration record for G-4 was found "
            "in the register.",
        ),
        # the responsible function's own account, attributed after it
        (
            "ISO 9001:2015",
            "9.3",
            "Management review was not held in 2026, as stated by the quality manager; the last review minutes are "
            "dated 2025-03-12.",
        ),
        # a remark, a check not made, and then what the auditor witnessed
        (
            "ISO 9001:2015",
            "8.5.1",
            "A technician mentioned that the torque check is skipped at cell 4. Records were not sampled. The "
            "auditor witnessed cell 4 running on 5 November without a torque check.",
        ),
        # an incident reported by a person, in a record the auditor read
        (
            "ISO 45001:2018",
            "10.2",
            "Near miss NM-44 of 2026-10-02 was reported by an operator and has not been investigated; the incident "
            "log shows it still open.",
        ),
    ],
    ids=["own_admission", "remark_then_register", "own_function_attributed", "witnessed", "incident_record"],
)
def test_a_confirmed_or_first_hand_basis_is_not_withdrawn_as_hearsay(
    engine: Engine, std: str, clause: str, statement: str
) -> None:
    v = check_one(engine, std, clause, statement)
    assert not {"EV02", "EV07"} & {i.rule for i in v.issues}, v.issues
    assert v.verdict != "withdraw", v.issues
