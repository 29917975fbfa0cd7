"""Round 6 of the auditor's own rule (issue 23): the client's own arrangement is set and followed, and the finding
demands another frequency. The obligation leaves how often to the organization; a document of the client's named in
the finding sets a frequency; the finding records that frequency kept; the auditor's different value, stated flatly
("inspection shall be weekly", "weekly inspections are needed", "consultation requires the committee to meet
monthly", "sampling is expected every quarter"), is a preference and is withdrawn.

Every wording is ours. Each invalid finding has a near-identical twin that must stay kept: the client's document sets
the very frequency demanded and the records show it not kept, or a lack of the records themselves is recorded.
"""

from __future__ import annotations

import pytest

from engine.facts.grounding import periods
from engine.facts.reading import read_part, without_denied_defects
from tests.one_finding import check_one

# (name, standard, clause, the client's own frequency set and kept, another demanded: withdraw; its twin: kept)
TWINS = [
    (
        "needed_in_a_place",
        "ISO 45001:2018",
        "9.1.1",
        "Workplace inspections are carried out monthly by area managers as procedure HSP-04 sets; records are "
        "complete for all areas. Weekly inspections are needed in the warehouse.",
        "Procedure HSP-04 sets weekly workplace inspections by area managers; records show monthly inspections in "
        "the warehouse. Weekly inspections are needed in the warehouse.",
    ),
    (
        "flat_shall_be_weekly_clause_silent_on_frequency",
        "ISO 14001:2015",
        "8.1",
        "Bund inspections are monthly as EP-2 specifies, checklists complete. Inspection shall be weekly.",
        "Bund inspections are monthly as EP-2 specifies, but the checklists for May and June are missing. "
        "Inspection shall be weekly.",
    ),
    (
        "interval_in_minutes",
        "ISO 50001:2018",
        "6.6",
        "Energy data are recorded weekly per the data collection plan and used monthly. Data must be logged at "
        "15-minute intervals.",
        "The data collection plan sets logging at 15-minute intervals; the logger has recorded weekly totals only "
        "since March. Data must be logged at 15-minute intervals.",
    ),
    (
        "requires_the_committee_to",
        "ISO 45001:2018",
        "5.4",
        "The safety committee meets every two months as its terms of reference TR-2 set; minutes for all six "
        "meetings are on file. Consultation requires the committee to meet monthly.",
        "The safety committee's terms of reference TR-2 set monthly meetings; minutes exist for only six meetings "
        "in 2026. Consultation requires the committee to meet monthly.",
    ),
    (
        "needs_a_frequency",
        "ISO 45001:2018",
        "5.4",
        "The H&S committee meets quarterly as its terms of reference TR-4 set; minutes of all four 2026 meetings "
        "were seen. Consultation needs monthly meetings.",
        "The H&S committee's terms of reference TR-4 set monthly meetings; minutes of only four 2026 meetings were "
        "seen. Consultation needs monthly meetings.",
    ),
    (
        "expected_every_quarter",
        "ISO 14001:2015",
        "9.1.1",
        "Stack emissions are sampled annually as monitoring plan MP-3 states, with reports for 2024-2026 on file. "
        "Sampling is expected every quarter.",
        "Monitoring plan MP-3 states quarterly stack sampling; reports exist for only two quarters of 2026. "
        "Sampling is expected every quarter.",
    ),
    (
        "log_has_no_gaps",
        "ISO 50001:2018",
        "6.6",
        "Main meter readings are taken daily as energy data plan EDP-1 sets; the 2026 log has no gaps. Readings "
        "must be taken hourly.",
        "Energy data plan EDP-1 sets hourly readings of the main meter; the 2026 log shows gaps of several days in "
        "May. Readings must be taken hourly.",
    ),
    (
        "access_reviews_restated",
        "ISO/IEC 27001:2022",
        "A.5.18",
        "Access rights are reviewed twice a year in line with access control policy ACP-1; both 2026 reviews are "
        "recorded. Access reviews should be quarterly.",
        "Access control policy ACP-1 sets quarterly access reviews; only the June review was recorded in 2026. "
        "Access reviews should be every three months.",
    ),
    (
        "programme_schedules",
        "ISO 9001:2015",
        "9.2.1",
        "Each process is audited annually as audit programme AP-26 schedules; all seven audits were done on time. "
        "Each process shall be audited twice a year.",
        "Audit programme AP-26 schedules each process twice a year; the purchasing process was audited once in "
        "2026. Each process shall be audited twice a year.",
    ),
    (
        "extinguishers_weekly",
        "ISO 45001:2018",
        "9.1.1",
        "Fire extinguishers are checked monthly per site procedure HS-11; the check sheets for 2026 are complete. "
        "The extinguishers are to be checked weekly.",
        "Site procedure HS-11 requires weekly extinguisher checks; the check sheets show monthly checks in 2026. "
        "The extinguishers are to be checked weekly.",
    ),
    (
        "verification_interval",
        "ISO 9001:2015",
        "7.1.5.2",
        "Torque wrenches are verified every six months as calibration procedure CP-02 requires; all 14 "
        "certificates are current. Verification is needed every three months.",
        "Torque wrenches are verified every six months as calibration procedure CP-02 requires, but wrenches TW-3 "
        "and TW-8 were last verified 11 months ago. Verification is needed every six months.",
    ),
]


def _why(got) -> str:
    g = got.requirement.grounding
    return f"{got.verdict}: {g and g.outcome} ({g and g.reason}); {[i.rule for i in got.issues]}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_another_frequency_than_the_clients_kept_one_is_withdrawn(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, invalid)
    assert got.requirement.grounding.outcome == "left_open", f"{name}: {_why(got)}"
    assert got.verdict == "withdraw", f"{name}: {_why(got)}"


@pytest.mark.parametrize(("name", "std", "clause", "invalid", "valid"), TWINS, ids=[t[0] for t in TWINS])
def test_the_clients_rule_not_kept_stays(engine, name, std, clause, invalid, valid) -> None:
    got = check_one(engine, std, clause, valid)
    assert got.verdict != "withdraw", f"{name}: {_why(got)}"


def test_raised_as_an_ofi_it_is_not_withdrawn(engine) -> None:
    got = check_one(engine, "ISO 9001:2015", "8.4.1", TWINS[0][3].replace("HSP-04", "QP-12"), grade="ofi")
    assert got.verdict != "withdraw", _why(got)


@pytest.mark.parametrize(
    "text",
    [
        "Weekly inspections are needed in the warehouse",
        "Consultation requires the committee to meet monthly",
        "Sampling is expected every quarter",
        "The plant needs weekly checks",
    ],
)
def test_a_flat_rule_is_read_as_a_demand(text: str) -> None:
    assert read_part("statement", text, 0, len(text)).kind == "demand"


@pytest.mark.parametrize(
    "text",
    [
        "Procedure HSP-04 requires the managers to inspect monthly",
        "The customer requires each pallet to be wrapped",
        "Results are expected next week",
        "Inspections are required in procedure HSP-04",
        "Customer needs are reviewed monthly",
    ],
)
def test_a_documents_rule_or_a_plain_fact_is_no_demand(text: str) -> None:
    assert read_part("statement", text, 0, len(text)).kind != "demand"


def test_a_defect_denied_is_no_lack() -> None:
    assert read_part("statement", "the 2026 log has no gaps", 0, 24).kind == "observed"
    assert without_denied_defects("no gaps; no records").endswith("no records")
    assert read_part("statement", "the 2026 log has no entries", 0, 27).kind == "lacking"


def test_intervals_in_minutes_are_periods() -> None:
    assert periods("at 15-minute intervals") == pytest.approx([15 / 1440])
    assert periods("every 30 minutes") == pytest.approx([30 / 1440])


# a credential as the lack, the holder denied ("no member ... holds", "none of ... has"): competence is obliged on
# the basis of education, training or experience, and a named credential is a means the clause leaves open; its twin
# names the client's document requiring that credential, in the same sentence
CREDENTIALS = [
    (
        "no_member_holds",
        "ISO 50001:2018",
        "7.2",
        "No member of the energy team holds a Certified Energy Manager credential.",
        "Energy team roles are defined in ET-01; all three members completed the in-house EnMS course in 2026.",
        "No member of the energy team holds a Certified Energy Manager credential, which energy team charter ET-01 "
        "requires for the energy manager role.",
    ),
    (
        "none_of_the_auditors_holds",
        "ISO 9001:2015",
        "9.2.2",
        "None of the three internal auditors holds a lead auditor certificate.",
        "Auditor competence records show an internal auditor course and two audits shadowed by each.",
        "None of the three internal auditors holds a lead auditor certificate, which audit procedure QP-17 requires "
        "of every internal auditor.",
    ),
    (
        "none_of_the_first_aiders_has",
        "ISO 45001:2018",
        "7.2",
        "None of the first-aiders has a first-aid diploma from an accredited provider.",
        "First-aid competence is recorded in matrix CM-3 on the basis of in-house training and annual practice.",
        "None of the first-aiders has a first-aid diploma from an accredited provider, which site procedure HS-20 "
        "requires for every first-aider.",
    ),
]


@pytest.mark.parametrize(
    ("name", "std", "clause", "statement", "evidence", "twin"), CREDENTIALS, ids=[t[0] for t in CREDENTIALS]
)
def test_a_credential_the_clause_leaves_open_is_withdrawn(engine, name, std, clause, statement, evidence, twin) -> None:
    got = check_one(engine, std, clause, statement, evidence)
    assert got.verdict == "withdraw", f"{name}: {_why(got)}"
    kept = check_one(engine, std, clause, twin, evidence)
    assert kept.verdict != "withdraw", f"{name}: {_why(kept)}"
