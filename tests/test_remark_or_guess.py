"""Issue 23 round 2 (r2-hearsay): a nonfulfilment whose only source is someone's remark or a guess (EV07).

Principle: 9.4.5 needs a nonfulfilment established by objective evidence. When the only source is a remark by
someone about others' conduct or the past ("a driver told the auditor that ...", "I was told that ..."), or a
hedged guess ("probably", "may have", "is understood to"), and the auditor records no observation or identified
record of their own, the finding is withdrawn (no_evidence, proposed none), with or without an explicit "not
verified"; the writer's conclusion from it ("the risk is therefore not controlled") is not evidence.

Every wording here is ours. Each invalid finding has a valid twin in nearly the same words that must stay kept:
the auditor then checked and cites a record, log, observation or count, or the responsible person admits their
own work was not done.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report


def _check(engine: Engine, standard: str, clause: str, statement: str, evidence: str | None) -> Any:
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [
                {"id": "F-1", "grade": "minor", "clause": clause, "statement": statement, "evidence": evidence}
            ],
        }
    )
    return engine.check(report).findings[0]


# (standard, clause, (invalid statement, evidence), (valid twin statement, evidence))
PAIRS = [
    (  # a remark about others' conduct, and the writer's conclusion from it
        "ISO 45001:2018",
        "8.1.2",
        (
            "A delivery driver told the auditor that the pedestrian barrier at the loading bay is regularly moved "
            "aside. The risk is therefore not controlled.",
            None,
        ),
        (
            "A delivery driver told the auditor that the pedestrian barrier at the loading bay is regularly moved "
            "aside. The auditor saw the barrier at bay 3 moved aside on 2026-11-04 at 10:20.",
            None,
        ),
    ),
    (  # a remark over a break, and a hedged conclusion
        "ISO 9001:2015",
        "8.5.1",
        (
            "A fitter mentioned during the break that the torque check on the assembly line is skipped at weekends; "
            "the requirement is probably not met.",
            None,
        ),
        (
            "A fitter mentioned during the break that the torque check on the assembly line is skipped at weekends; "
            "torque record TR-3 has no entries for the weekends of October 2026.",
            None,
        ),
    ),
    (  # a remark about the past, hedged
        "ISO 14001:2015",
        "8.1",
        (
            "The site engineer mentioned that in earlier years waste oil may have been poured into the surface "
            "drain; waste oil is possibly not controlled.",
            None,
        ),
        (
            "The site engineer mentioned that in earlier years waste oil may have been poured into the surface "
            "drain; oil traces were seen in drain D-2 on the day of the audit.",
            None,
        ),
    ),
    (  # "is understood to": a guess about a customer
        "ISO 9001:2015",
        "9.1.2",
        (
            "The key account customer is understood to be unhappy with delivery times and may move to a "
            "competitor; customer satisfaction is possibly not monitored.",
            None,
        ),
        (
            "The key account customer is understood to be unhappy with delivery times; customer satisfaction is "
            "not monitored: the 2026 survey register SR-26 is empty and no complaint analysis exists for 2026.",
            None,
        ),
    ),
    (  # "I was told", hedged
        "ISO 50001:2018",
        "8.1",
        ("I was told that the compressors are probably left running over the weekend.", None),
        (
            "I was told that the compressors are probably left running over the weekend; energy meter log EM-2 "
            "shows 41 kW drawn on each Sunday of September 2026.",
            None,
        ),
    ),
    (  # a crew member's remark; the evidence says the records were not reviewed
        "ISO 45001:2018",
        "8.1.2",
        (
            "A member of the dive crew indicated that the pre-dive safety briefing is sometimes shortened.",
            "Conversation in the canteen. The records were not reviewed.",
        ),
        (
            "A member of the dive crew indicated that the pre-dive safety briefing is sometimes shortened.",
            "Conversation in the canteen. Briefing records BR-14 to BR-16 show briefings of four minutes against "
            "the fifteen minutes procedure SP-2 sets.",
        ),
    ),
    (  # a guess about others' work, hedged with "likely"
        "ISO/IEC 27001:2022",
        "A.8.13",
        (
            "A developer said that backups of the build server are likely not tested.",
            None,
        ),
        (
            "A developer said that backups of the build server are likely not tested; backup log BK-1 records no "
            "restore test in 2026.",
            None,
        ),
    ),
    (  # someone else's work, in the past; the twin is the responsible person's own admission
        "ISO 9001:2015",
        "7.1.3",
        (
            "An operator mentioned that planned maintenance of the presses may have lapsed earlier this year.",
            None,
        ),
        (
            "The maintenance manager confirmed that no planned maintenance was done on press 4 since March.",
            None,
        ),
    ),
    (  # a remark about the past, and the conclusion drawn from it
        "ISO 13485:2016",
        "7.5.6",
        (
            "A quality technician remarked that in the past sterilisation loads were possibly released before "
            "the indicator results; the process is therefore not controlled.",
            None,
        ),
        (
            "A quality technician remarked that in the past sterilisation loads were possibly released before "
            "the indicator results; release record RL-22 shows load 114 released on 2026-03-02, a day before its "
            "indicator result.",
            None,
        ),
    ),
    (  # a hearsay about a crew's conduct, hedged, with a conclusion
        "ISO 22000:2018",
        "8.2",
        (
            "The cleaning crew are understood to skip the allergen clean-down between product runs; allergen "
            "control is therefore not effective.",
            None,
        ),
        (
            "The cleaning crew are understood to skip the allergen clean-down between product runs; the clean-down "
            "checklist of 2026-10-09 has no entry between the nut run and the plain run.",
            None,
        ),
    ),
    (  # the claim in the statement, its only source a remark in the evidence, said not verified
        "ISO 45001:2018",
        "8.1.2",
        (
            "Permits to work for contractors are not controlled.",
            "A scaffolder indicated in conversation that permits are often signed after the work starts; this was "
            "not verified.",
        ),
        (
            "Permits to work for contractors are not controlled.",
            "A scaffolder indicated in conversation that permits are often signed after the work starts; permit "
            "PTW-208 was signed at 11:40 for work that began at 09:00 on 2026-10-12.",
        ),
    ),
    (  # a visitor's remark, hedged, and "this suggests that ..."
        "ISO 14001:2015",
        "6.1.2",
        (
            "A visitor commented that dust from the yard probably reaches the neighbours. This suggests that "
            "environmental aspects are not controlled.",
            None,
        ),
        (
            "A visitor commented that dust from the yard probably reaches the neighbours. Dust deposits were seen "
            "on the cars of the neighbouring unit on 2026-10-05.",
            None,
        ),
    ),
    (  # a speech word without "that"; the finding says no records were checked
        "ISO 9001:2015",
        "8.5.1",
        ("Operators indicated the line clearance is sometimes skipped on nights; no records were checked.", None),
        (
            "Operators indicated the line clearance is sometimes skipped on nights; the auditor saw job J-4411 "
            "started on the night of 2026-11-03 without a line clearance.",
            None,
        ),
    ),
    (  # a guess only, no speaker
        "ISO 14001:2015",
        "9.1.1",
        ("Stack emissions are probably not monitored at the frequency the permit asks.", None),
        (
            "Stack emissions are not monitored at the frequency the permit asks: monitoring log ML-5 holds two "
            "readings in 2026 against the four the permit sets.",
            None,
        ),
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "invalid", "valid"),
    PAIRS,
    ids=[f"{i}-{p[0]} {p[1]}" for i, p in enumerate(PAIRS)],
)
def test_a_remark_or_guess_only_is_withdrawn_and_its_twin_is_kept(
    engine: Engine, std: str, clause: str, invalid: tuple[str, str | None], valid: tuple[str, str | None]
) -> None:
    withdrawn = _check(engine, std, clause, *invalid)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert withdrawn.proposed_grade == "none"
    assert {i.category for i in withdrawn.issues if i.severity == "error"} == {"no_evidence"}
    twin = _check(engine, std, clause, *valid)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV07" not in {i.rule for i in twin.issues}


def test_the_withdrawal_says_why_without_a_not_verified_mark(engine: Engine) -> None:
    std, clause, (statement, evidence), _ = PAIRS[0]
    v = _check(engine, std, clause, statement, evidence)
    ev07 = next(i for i in v.issues if i.rule == "EV07")
    assert "no observation or record of the auditor's own" in ev07.message
    assert "{" not in ev07.message


@pytest.mark.parametrize(
    ("statement", "evidence"),
    [
        # a record names the source before the speech word: documentary evidence, not a remark
        ("Inspection log IL-4 indicated that the final check was not signed on 3 of 12 days in May 2026.", None),
        # a guess with its reason observed
        ("Staff may not be aware of the policy because it is not displayed anywhere on site.", None),
        # a remark followed by the auditor's own description of what they saw, with no "not verified"
        (
            "An operator said the guard is sometimes removed.",
            "The guard of the bandsaw was found lying on the floor beside the machine during the tour.",
        ),
        # staff reporting incidents is no remark: the auditor counts what was reported and not investigated
        ("Operators reported 3 near misses in May 2026 and none of them was investigated.", None),
    ],
    ids=["record_indicated", "guess_with_reason", "remark_then_observation", "incidents_reported"],
)
def test_a_source_the_auditor_saw_keeps_the_finding(engine: Engine, statement: str, evidence: str | None) -> None:
    v = _check(engine, "ISO 9001:2015", "7.3", statement, evidence)
    assert "EV07" not in {i.rule for i in v.issues}
