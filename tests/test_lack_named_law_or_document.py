"""Two readings of a lack that must not turn a real nonconformity into the auditor's own rule (issue 23).

- The word that says a thing is lacking ("lapsed", "expired", "overdue") is not a word of the thing: a lack stated
  for a whole population ("for all cranes in use") whose only word the standard does not use is "lapsed" is no rule
  of the auditor's. A lack of what a law the finding names requires ("statutory", "the legal register",
  "regulations") is the law's rule, named, and is never read as the auditor's own.
- A document named with its identifier ("procedure WWT-OP-01") is one the client has: a lack of a record about it
  ("no training record for procedure WWT-OP-01") is no demand for a documented procedure.

Every wording is ours; each has a twin that must still be judged the auditor's own (the principle is not a blanket).
"""

from __future__ import annotations

import pytest

from engine.facts.grounding import _procedure_subject
from tests.one_finding import check_one

KEPT = [
    (
        "ISO 45001:2018",
        "9.1.2",
        "The periodic examination of pressure vessels required under the pressure systems regulations has expired for "
        "all receivers in use; receivers R-1 to R-4 were last examined in March 2024.",
    ),
    (
        "ISO 14001:2015",
        None,
        "The discharge consent's quarterly sampling required by the legal register has lapsed for all outfalls; the "
        "last laboratory report on file is from Q1 2025.",
    ),
    (
        "ISO 45001:2018",
        "8.1.2",
        "Thorough examinations of all lifting accessories in the rigging store have lapsed; sling SL-07 tag shows its "
        "last examination in January 2025.",
    ),
    (
        "ISO 14001:2015",
        "7.2",
        "Two of the four effluent plant operators had no training record for work instruction EI-WT-04, which the "
        "competence matrix lists for the role.",
    ),
    (
        "ISO 9001:2015",
        "7.2",
        "Three of the five press setters sampled had no record of training on procedure QP-PR-12 rev 3.",
    ),
]


@pytest.mark.parametrize("standard,clause,statement", KEPT)
def test_a_lack_of_what_the_law_or_a_named_document_asks_is_kept(engine, standard, clause, statement):
    verdict = check_one(engine, standard, clause, statement)
    assert verdict.verdict != "withdraw", [(i.rule_id, i.message) for i in verdict.issues]
    assert not {i.category for i in verdict.issues} & {"preference", "documented_procedure_not_required"}


def test_a_named_procedure_is_not_a_procedure_asked_for():
    assert _procedure_subject("had no training record for procedure WWT-OP-01") is None
    assert _procedure_subject("no record of training on procedure QP-PR-12 rev 3") is None
    # twins: a procedure with no identifier is still the thing lacking
    assert _procedure_subject("There is no documented procedure for management review") == "management review"
    assert _procedure_subject("The site has no written procedure for handling customer complaints") == (
        "handling customer complaints"
    )


def test_the_auditors_own_rule_for_a_population_is_still_read(engine):
    """Twin: a rule stated for every member of a class, in words no requirement uses, with no law named."""
    verdict = check_one(
        engine, "ISO 9001:2015", "7.1.5.1", "No spare gauge is kept for each gauge type used in production."
    )
    assert verdict.verdict == "withdraw"
    assert "preference" in {i.category for i in verdict.issues}
