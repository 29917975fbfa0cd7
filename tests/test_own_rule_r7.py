"""Round 7 of the auditor's own rule (issue 23): a means, method or format the standard leaves open, said flatly
not to be used ("a Net Promoter Score is not calculated", "layered process audits are not carried out", "no
separate environmental audit reports are produced"). The trees name such means in `<not-required>` (data, not word
lists); the passive that says the subject is never put to use ("is not calculated", "are not carried out") makes
the subject what is lacking. Each invalid wording has a near-identical twin that must stay kept: a document of the
client's, a customer's or the law's asks for that very means, in the finding's own words or as a relative clause
right after the lack ("..., which OEM-B's customer-specific requirements require").

Every wording is ours.
"""

from __future__ import annotations

import pytest

from tests.one_finding import check_one

# (name, standard, clause, the means flatly said lacking: withdraw, its twin with a rule asking for it: kept)
TWINS = [
    (
        "score_not_calculated",
        "ISO 9001:2015",
        "9.1.2",
        "A Net Promoter Score is not calculated; satisfaction is gathered from complaints, field reports and a "
        "yearly survey.",
        "A Net Promoter Score is not calculated, which sales procedure SP-4 requires every quarter; satisfaction is "
        "gathered from complaints, field reports and a yearly survey.",
    ),
    (
        "effort_score_rule_in_the_sentence_before",
        "ISO 9001:2015",
        "9.1.2",
        "A customer effort score is not computed.",
        "Procedure SP-4 requires a customer effort score after each order; a customer effort score is not computed.",
    ),
    (
        "lpa_not_carried_out",
        "IATF 16949:2016",
        "9.2.2.3",
        "Layered process audits are not carried out; process audits and daily shift checks are in place.",
        "Layered process audits are not carried out, which customer OEM-B's customer-specific requirements "
        "require; process audits and daily shift checks are in place.",
    ),
    (
        "lpa_customer_rule_first",
        "IATF 16949:2016",
        "9.2.2.3",
        "Layered process audits have not been introduced on the stamping lines.",
        "The customer-specific requirements of OEM-B require layered process audits; layered process audits have "
        "not been introduced on the stamping lines.",
    ),
    (
        "no_separate_reports",
        "ISO 14001:2015",
        "9.2.2",
        "No separate environmental audit reports are produced; procedure IA-2 provides for integrated audits whose "
        "reports cover all clauses.",
        "No separate environmental audit reports are produced, which procedure IA-2 requires for each site.",
    ),
]


def _why(got) -> str:
    g = got.requirement.grounding
    return f"{got.verdict}: {g and g.outcome} ({g and g.reason}); {[i.rule for i in got.issues]}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_a_means_left_open_said_not_used_is_withdrawn(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, invalid)
    assert got.requirement.grounding.outcome in ("left_open", "not_required"), f"{name}: {_why(got)}"
    assert got.verdict == "withdraw", f"{name}: {_why(got)}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_the_means_a_rule_asks_for_stays(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, valid)
    assert got.verdict != "withdraw", f"{name}: {_why(got)}"


def test_the_act_itself_not_carried_out_stays(engine) -> None:
    """The passive names the subject as lacking only where the subject is a means left open: an obliged act not
    carried out (internal audits, the energy review) is the obligation unmet."""
    for std, clause, text in [
        ("ISO 9001:2015", "9.2.1", "Internal audits are not carried out at planned intervals."),
        ("ISO 50001:2018", "6.3", "The energy review has not been carried out for the new compressor house."),
        ("ISO 45001:2018", "6.1.2.2", "Risk assessment is not performed for the new paint line."),
    ]:
        got = check_one(engine, std, clause, text)
        assert got.verdict != "withdraw", f"{clause}: {_why(got)}"
