"""A manner contrast joined to a further fact is one side of what was found, not the auditor's manner (issue 23).

Principle: "X instead of Y" is the auditor's preferred manner only when it is all the clause says; where the
sentence goes on with a fact of its own ("..., and it was on the pick list for a delivery"), the contrast
describes the nonfulfilment (a reject among released goods), and the finding stands. Wordings are ours; the
preference twins stay withdrawn (tests/test_grounding_preference_r3.py holds them).
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

KEPT = [
    (
        "ISO 9001:2015",
        "8.7.1",
        "A crate of 60 castings from order W-7731, tagged 'SCRAP' by inspection on 2 April 2026, was kept in the "
        "shipping bay beside packed orders instead of in the scrap cage, and it was on the loading list for "
        "consignment C-4410.",
    ),
    (
        "ISO 22000:2018",
        "8.9.4",
        "Two trays of chilled desserts placed on hold on 9 May 2026 (hold log HL-118) were in the dispatch chiller "
        "instead of the hold chiller, and they were on the picking sheet for route 7.",
    ),
]


@pytest.mark.parametrize(("std", "clause", "statement"), KEPT)
def test_a_contrast_joined_to_a_further_fact_keeps_the_finding(
    engine: Engine, std: str, clause: str, statement: str
) -> None:
    verdict = check_one(engine, std, clause, statement)
    assert verdict.verdict != "withdraw", [i.rule for i in verdict.issues]
