"""The finding's own evidence shows the act it says was not done, in the act's own family of words (issue 23,
round 3).

A lack of an act ("not monitored", "not considered", "not evaluated", "not shown to be traceable", "no evidence
that ... were considered") is answered by a record that names the thing and shows that act done in the words a
record uses for it ("tracked against target", "identified ... and assessed", "assessed ... with the status",
"states traceability"): the families are data (rules/lexicons/act_claimed.yaml, act_evidenced.yaml), never a list
in code. A shortfall word that is the lack's own subject ("incidents are not investigated" / "incident log")
describes the subject, not a shortfall of it. Every wording here is ours; each invalid finding has a valid twin in
nearly the same words that must stay kept: one exception, a part left out, a count short of the whole, something
still open, or a record that does not show the act.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from engine.facts.reading import read_part
from tests.one_finding import check_one

_check = check_one


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


# (standard, clause, statement, evidence showing the act done, the valid twin's evidence with one shortfall)
ACT_PAIRS = [
    (
        "ISO 9001:2015",
        "6.2.1",
        "Quality objectives are not monitored.",
        "Quality objectives register QOR-26 lists four objectives; the monthly dashboard for January to April 2026 "
        "tracks each against its target.",
        "Quality objectives register QOR-26 lists four objectives; the monthly dashboard for January to April 2026 "
        "tracks each against its target, except the delivery objective.",
    ),
    (
        "ISO 14001:2015",
        "9.1.1",
        "Energy consumption is not being monitored.",
        "Energy log EL-3 records the monthly energy consumption from meter readings for January to March 2026, "
        "trended against the reduction target set in objective EO-2.",
        "Energy log EL-3 records the monthly energy consumption from meter readings for January 2026 only, with "
        "no trend against the reduction target.",
    ),
    (
        "ISO 22000:2018",
        "8.5.2.2",
        "Allergens have not been considered in the hazard analysis.",
        "Hazard analysis HA-01 rev 5 identifies allergens (milk, egg) at the mixing and filling steps, assesses "
        "their severity and likelihood, and manages them by segregation and cleaning validation.",
        "Hazard analysis HA-01 rev 5 identifies allergens (milk, egg) at the mixing step; the filling step is not "
        "covered.",
    ),
    (
        "ISO 22000:2018",
        "8.5.2.2",
        "Physical hazards have not been considered in the hazard analysis.",
        "Hazard analysis HA-2 rev 3 identifies physical hazards (glass, metal) at the filling and packing steps "
        "and assesses their severity and likelihood.",
        "Hazard analysis HA-2 rev 3 identifies physical hazards (glass, metal) at every step except packing.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazards of contractor work have not been considered.",
        "Hazard register HR-9 rev 4 identifies the hazards of contractor work on the roof and in the boiler house "
        "and assesses each with its controls.",
        "Hazard register HR-9 rev 4 identifies the hazards of contractor work on the roof; contractor work in the "
        "boiler house is missing.",
    ),
    (
        "ISO 14001:2015",
        "9.1.2",
        "Compliance with the discharge permit has not been evaluated.",
        "Compliance evaluation CE-5 dated 2026-02-10 assessed each condition of discharge permit DP-22 and records "
        "the status of each as met.",
        "Compliance evaluation CE-5 dated 2026-02-10 assessed each condition of discharge permit DP-22; two "
        "conditions were not assessed.",
    ),
    (
        "ISO 9001:2015",
        "9.1.3",
        "Customer satisfaction data is not being analysed.",
        "Survey analysis report SA-2026 dated 2026-02-15 analyses the 2025 customer satisfaction data by product "
        "line, with trends and three actions.",
        "Survey analysis report SA-2026 dated 2026-02-15 analyses the 2025 customer satisfaction data for two of "
        "the five product lines.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "Calibration of the torque wrenches is not shown to be traceable to national standards.",
        "Calibration certificate CC-4471 dated 2026-01-15 for the torque wrenches states traceability to the "
        "national standard, the reference standard serial number and the measurement uncertainty.",
        "Calibration certificate CC-4471 dated 2026-01-15 for the torque wrenches gives the readings but does not "
        "state traceability.",
    ),
    (
        "ISO 13485:2016",
        "7.6",
        "Calibration of the leak test rig is not shown to be traceable to national measurement standards.",
        "Calibration certificate LC-88 dated 2026-02-01 for the leak test rig states traceability to national "
        "measurement standards and gives the uncertainty.",
        "Calibration certificate LC-88 dated 2026-02-01 for the leak test rig gives the readings; it states no "
        "traceability.",
    ),
    (
        "ISO 45001:2018",
        "10.2",
        "Incidents are not investigated.",
        "Incident log IL-2026 lists four incidents in 2026; investigation reports IR-11 to IR-14 record the root "
        "cause of each.",
        "Incident log IL-2026 lists four incidents in 2026; investigation reports IR-11 to IR-13 record the root "
        "cause; the fourth investigation is still open.",
    ),
    (
        "ISO 9001:2015",
        "6.2.2",
        "Quality objectives are not being monitored.",
        "Objectives register OBJ-3 lists five objectives with targets and owners; the KPI board and the monthly "
        "meeting minutes of 2026-02-10 and 2026-03-09 show each objective tracked against its target, with actions "
        "raised on the two below target.",
        "Objectives register OBJ-3 lists five objectives with targets and owners; the KPI board shows three of them "
        "tracked against target; the other two have no data since January.",
    ),
    # a record's short name before a colon is its name and identifies what follows
    (
        "ISO 22000:2018",
        "8.5.2.2",
        "Allergens have not been considered in the hazard analysis.",
        "HA rev 5: allergens identified at steps 4 and 7, assessed (severity, likelihood) and managed by segregation "
        "and labelling controls.",
        "HA rev 5: allergens identified at step 4, assessed (severity, likelihood); step 7 not assessed.",
    ),
    (
        "ISO 9001:2015",
        "9.3.2",
        "No evidence that the management review considered customer feedback.",
        "MR minutes dated 2026-03-14: customer feedback from the 2025 survey discussed, with two decisions recorded.",
        "MR minutes dated 2026-03-14: customer feedback deferred to the next meeting.",
    ),
    # the thing named in its record's words too (`kin_claimed` / `kin_evidenced`)
    (
        "ISO 9001:2015",
        "10.1",
        "No evidence that improvement opportunities were considered in design.",
        "Design review DR-5 dated 2026-02-11 compares three options for the housing and records the selected option "
        "written into specification SP-22.",
        "Design review DR-5 dated 2026-02-11 compares three options for the housing; no option has been selected yet.",
    ),
    (
        "ISO 45001:2018",
        "10.2",
        "Lessons from incidents are not used to strengthen controls.",
        "Post-incident review PIR-7 identified three actions to strengthen the guarding controls; all three were "
        "verified as implemented on 2026-03-02.",
        "Post-incident review PIR-7 identified three actions to strengthen the guarding controls; two were verified "
        "as implemented, the third is still open.",
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "statement", "met", "kept"), ACT_PAIRS, ids=[f"{p[0]} {p[1]} {p[2][:30]}" for p in ACT_PAIRS]
)
def test_the_act_shown_in_its_familys_words_withdraws_and_its_twin_is_kept(
    engine: Engine, std: str, clause: str, statement: str, met: str, kept: str
) -> None:
    withdrawn = _check(engine, std, clause, statement, met)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert "EV06" in _rules(withdrawn)
    twin = _check(engine, std, clause, statement, kept)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV06" not in _rules(twin)


# the record is there, but it does not show the act said not done: a neighbouring act, a rule to do it, or another
# input of the review
NOT_THE_ACT = [
    (
        "ISO 9001:2015",
        "6.1",
        "Risks have not been evaluated.",
        "Risk register RR-2 rev 1 identifies fourteen risks of the sales and production processes, each with an owner.",
    ),
    (
        "ISO 9001:2015",
        "6.2.1",
        "Quality objectives are not monitored.",
        "Quality objectives register QOR-26 lists four objectives, each with a target and an owner.",
    ),
    (
        "ISO 14001:2015",
        "9.1.1",
        "Energy consumption is not being monitored.",
        "Energy procedure EP-3 requires the monthly energy consumption to be tracked against the reduction target.",
    ),
    (
        "ISO 9001:2015",
        "9.3.2",
        "No evidence that management review considered the adequacy of resources.",
        "Management review minutes MR-2026 dated 2026-03-14 record the attendees and the audit results.",
    ),
    (
        "ISO 45001:2018",
        "10.2",
        "Incidents are not investigated.",
        "Incident log IL-2026 lists four incidents in 2026 with the date and place of each.",
    ),
    (
        "ISO 13485:2016",
        "4.1.6",
        "Software used in the quality management system has not been validated for its intended use.",
        "Software list SL-4 identifies the document control system, used by all departments since 2024-05-01.",
    ),
]


@pytest.mark.parametrize(("std", "clause", "statement", "evidence"), NOT_THE_ACT, ids=[p[2][:40] for p in NOT_THE_ACT])
def test_a_record_that_does_not_show_the_act_keeps_the_finding(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    v = _check(engine, std, clause, statement, evidence)
    assert v.verdict != "withdraw", v.issues
    assert "EV06" not in _rules(v)


def test_an_imperative_verb_is_never_the_first_half_of_a_hyphenated_word() -> None:
    for text in ("Post-incident review PIR-7 identified three actions", "Record-keeping log RK-2 lists the entries"):
        assert read_part("evidence", text, 0, len(text)).kind != "demand", text
    for text in ("Post the incident review on the notice board", "Record the readings in log RK-2"):
        assert read_part("evidence", text, 0, len(text)).kind == "demand", text
