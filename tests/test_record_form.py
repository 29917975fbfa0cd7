"""The form of a record is the organization's; the record itself is not (issue 23).

Principle: where the requirement leaves the form of a record open (minutes, a matrix), the lack of that form is
the auditor's preference only when the finding shows the record kept in another form. A meeting held with no
record of it in any form lacks the record the requirement obliges: kept, never withdrawn as a preference.
Wordings are ours.
"""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

HELD_WITHOUT_RECORD = [
    ("ISO 9001:2015", "9.3.3", "The management review was held on 5 May 2026; no minutes exist."),
    ("ISO 45001:2018", "5.4", "The consultation meeting with workers was held on 3 June 2026; no minutes were taken."),
    ("ISO 14001:2015", None, "The management review took place on 14 April 2026, but no minutes were issued."),
]

RECORD_IN_ANOTHER_FORM = [
    (
        "ISO 9001:2015",
        "7.2",
        "Competence is not recorded in a training matrix. Personnel files PF-01 to PF-12 hold each operator's "
        "training certificates and the supervisor's sign-off of 2026-03-02.",
    ),
]


@pytest.mark.parametrize(("std", "clause", "statement"), HELD_WITHOUT_RECORD)
def test_a_meeting_held_with_no_record_in_any_form_is_kept(
    engine: Engine, std: str, clause: str | None, statement: str
) -> None:
    verdict = check_one(engine, std, clause, statement)
    assert verdict.verdict != "withdraw", [i.rule for i in verdict.issues]
    assert "PP05" not in {i.rule for i in verdict.issues}


@pytest.mark.parametrize(("std", "clause", "statement"), RECORD_IN_ANOTHER_FORM)
def test_the_record_kept_in_another_form_leaves_the_form_a_preference(
    engine: Engine, std: str, clause: str, statement: str
) -> None:
    verdict = check_one(engine, std, clause, statement)
    assert verdict.verdict == "withdraw", [i.rule for i in verdict.issues]
