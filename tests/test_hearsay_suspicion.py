"""A suspicion reported is not a person's account of their own work (issue 23, round 7).

Principle (17021-1 9.4.4): "the supervisor said he suspects the check is skipped" reports a belief about others'
work, to be verified; with the finding's own record that the auditor did not look ("records were not sampled") it has
no objective evidence: withdraw. Twin kept: the person's own account of what they did ("said he did not perform the
inspection on 3 nights"). Every wording is ours.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

WITHDRAWN = [
    (
        "ISO 45001:2018",
        "8.1.1",
        "The night shift may not be performing the pre-start inspection: the day supervisor "
        "said he suspects it is skipped. Night shift records were not sampled.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "Gauges in cell 4 may be out of calibration: the quality engineer mentioned that she "
        "believes the calibration lapsed. The calibration register was not reviewed.",
    ),
    (
        "ISO 14001:2015",
        "8.1",
        "The waste contractor stated they think the oily rags are mixed with general waste; the "
        "skips were not inspected.",
    ),
]

KEPT = [
    (
        "ISO 45001:2018",
        "8.1.1",
        "The night shift supervisor said he did not perform the pre-start inspection on 3 "
        "nights last week. Night shift records were not sampled.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "The quality engineer said she had not sent gauges G-11 and G-12 for calibration "
        "since 2024; the calibration register lists no certificate for them.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement"), WITHDRAWN)
def test_a_suspicion_reported_and_not_verified_is_withdrawn(engine, standard, clause, statement):
    v = check_one(engine, standard, clause, statement)
    assert v.verdict == "withdraw", (statement, [i.rule for i in v.issues])


@pytest.mark.parametrize(("standard", "clause", "statement"), KEPT)
def test_an_account_of_ones_own_work_is_kept(engine, standard, clause, statement):
    v = check_one(engine, standard, clause, statement)
    assert v.verdict != "withdraw", (statement, [i.rule for i in v.issues])
