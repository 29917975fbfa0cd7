"""Round 9 of the auditor's own rule (issue 23): the finding first shows the organization's own value or frequency
set and applied, then states another in the passive or as a need ("is required", "need", "are to be", "shall
be"), with no opinion word. Where the requirement leaves the value or frequency to the organization, the other
one is the auditor's preference, whatever its voice.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the organization's own
rule not met, or a law or customer requirement named in the finding setting the auditor's value.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

# (name, standard, clause, statement, evidence, expected verdict is withdraw)
CASES = [
    (
        "frequency_practised_need_other",
        "ISO 50001:2018",
        "6.6",
        "Energy performance indicators are reviewed quarterly at the energy team meeting (minutes ET-03). The "
        "indicators need monthly calculation; quarterly does not meet 6.6.",
        "Minutes ET-03 of 2026-03-30 and 2026-06-29 show the indicator values reviewed.",
        True,
    ),
    (
        "frequency_practised_own_review_missed",
        "ISO 50001:2018",
        "6.6",
        "Energy performance indicators are reviewed quarterly at the energy team meeting (minutes ET-03). The "
        "indicators need quarterly review; the second-quarter review was not held.",
        "Minutes ET-03 of 2026-03-30 only.",
        False,
    ),
    (
        "frequency_practised_are_to_be",
        "ISO 14001:2015",
        "9.1.1",
        "Bund inspections are done monthly by the site technician (log BL-2). Inspections are to be done weekly.",
        "Log BL-2: twelve entries for 2026.",
        True,
    ),
    (
        "frequency_practised_permit_sets_it",
        "ISO 14001:2015",
        "9.1.1",
        "Bund inspections are done monthly by the site technician (log BL-2). Permit EP-9 requires weekly "
        "inspections. Inspections are to be done weekly.",
        "Log BL-2: twelve entries for 2026.",
        False,
    ),
    (
        "frequency_practised_is_required",
        "ISO 9001:2015",
        "9.3.1",
        "Management reviews are held once a year in January (minutes MR-2026). Reviews are required every six months.",
        "Minutes MR-2026 of 2026-01-20 cover all inputs.",
        True,
    ),
    (
        "frequency_practised_contract_sets_it",
        "ISO 9001:2015",
        "9.3.1",
        "Management reviews are held once a year in January (minutes MR-2026). The customer contract CT-4 "
        "requires reviews every six months; reviews are required every six months.",
        "Minutes MR-2026 of 2026-01-20.",
        False,
    ),
    (
        "value_document_sets_shall_be_other",
        "ISO 14001:2015",
        "6.1.2",
        "The criteria procedure EP-03 sets 20% as significant; the threshold shall be 10%.",
        "EP-03 rev 2; aspect register 2026 scored with EP-03.",
        True,
    ),
    (
        "value_document_sets_not_met",
        "ISO 14001:2015",
        "6.1.2",
        "The criteria procedure EP-03 sets 20% as significant; aspect A-7 scored 25% was not rated significant.",
        "EP-03 rev 2; aspect register row A-7.",
        False,
    ),
    (
        "value_document_sets_shall_be_other_ohs",
        "ISO 45001:2018",
        "8.1.1",
        "Procedure SP-04 sets a noise action level of 85 dB. The action level shall be 80 dB.",
        "SP-04 rev 1; noise survey NS-2026.",
        True,
    ),
    (
        "value_regulation_sets_the_auditors",
        "ISO 45001:2018",
        "8.1.1",
        "Procedure SP-04 sets a noise action level of 85 dB. Regulation NR-15 sets 80 dB. The action level shall "
        "be 80 dB.",
        "SP-04 rev 1; noise survey NS-2026.",
        False,
    ),
    (
        "value_instruction_sets_shall_apply_other",
        "ISO 9001:2015",
        "8.5.1",
        "Work instruction WI-22 sets a torque limit of 12 Nm; operators shall apply 15 Nm.",
        "WI-22 rev 4; torque log TL-3 shows 12 Nm on all joints.",
        True,
    ),
    (
        "value_instruction_not_kept",
        "ISO 9001:2015",
        "8.5.1",
        "Work instruction WI-22 sets a torque of 12 Nm; joints J-4 and J-9 were tightened to 9 Nm.",
        "Torque log TL-3 rows 4 and 9.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence", "withdrawn"), CASES, ids=[c[0] for c in CASES]
)
def test_the_organizations_own_value_against_another(engine, name, std, clause, statement, evidence, withdrawn) -> None:
    got = check_one(engine, std, clause, statement, evidence)
    rules = [i.rule for i in got.issues]
    if withdrawn:
        assert got.verdict == "withdraw" and "PP05" in rules, (got.verdict, rules)
    else:
        assert got.verdict != "withdraw", (got.verdict, rules)
