"""Guidance named in the statement, its particulars spelled out after a colon (issue 25, round 7).

Principle: a finding that measures the client against a guidance document ("does not conform to ISO 10002") and
lists after a colon only elements the guidance describes ("no published complaints policy, no response-time target")
rests on guidance, not on the audit criteria (ISO/IEC 17021-1 9.2.1.3): withdraw. Twins stay kept: after the colon a
case recorded, or an act the standard asks for said not done ("complaints CR-14 to CR-30 were not investigated"),
or a requirement of the standard audited recorded unmet. Every wording is ours.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

WITHDRAWN = [
    (
        "ISO 9001:2015",
        "9.1.2",
        "The customer complaints process does not conform to ISO 10002: there is no published "
        "complaints policy and no target time for responses.",
        "Complaints CR-14 to CR-30 were logged and trended.",
    ),
    (
        "ISO 9001:2015",
        None,
        "Complaints handling is not in accordance with ISO 10002: no complaints handling policy "
        "and no response-time objective.",
        None,
    ),
    (
        "ISO 50001:2018",
        "6.4",
        "The EnPIs are not established according to ISO 50006: no EnPI boundaries and no normalisation model.",
        "EnPI register EN-2 lists kWh per tonne for lines 1 to 3.",
    ),
]

KEPT = [
    (
        "ISO 9001:2015",
        "9.1.2",
        "The complaints process does not conform to ISO 10002: complaints CR-14 to CR-30 were "
        "not investigated or analysed.",
        None,
    ),
    (
        "ISO 9001:2015",
        None,
        "Complaints handling is not in accordance with ISO 10002: customer complaints received by "
        "phone are not recorded.",
        None,
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), WITHDRAWN)
def test_guidance_particulars_alone_are_withdrawn(engine, standard, clause, statement, evidence):
    v = check_one(engine, standard, clause, statement, evidence)
    assert v.verdict == "withdraw", (statement, [i.rule for i in v.issues])


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), KEPT)
def test_a_case_or_an_act_not_done_after_the_colon_is_kept(engine, standard, clause, statement, evidence):
    v = check_one(engine, standard, clause, statement, evidence)
    assert v.verdict != "withdraw", (statement, [i.rule for i in v.issues])
