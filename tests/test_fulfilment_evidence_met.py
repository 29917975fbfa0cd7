"""The finding's own evidence shows the requirement met, in the shapes a statement of a lack takes (issue 23, round 8).

Principle (17021-1 9.4.5.3: the evidence must show the requirement not fulfilled): a statement naming a requirement
unmet ("could not be demonstrated", "are not aware of", "is not documented", "there is no evidence of ... for
G-7") whose own evidence describes that same subject done, with its record or result, and no shortfall of its own,
states no nonfulfilment. The mechanisms read here: a lack said with a modal ("could not be", "cannot be") or of
awareness ("not aware of") is a claim like any other; an act's family names it done in the record's words (aware /
"each explained"; followed / "annotated with the reaction plan's actions"); an identified item is named by its
identifier ("pressure gauge G-7" / "the label on G-7"); the obligation's own qualifiers of a head the evidence names
back by the article alone ("information security policy" / "the policy's rules"); a word of the clause's own title
alone left out ("the sterilisation process") is its subject; a thing said not documented is shown by the identified
document of that kind that defines it; a due date after the audit (or after what the finding records done) is met,
one before it is not; a status the control gives to those it keeps back ("marked 'not authorised yet'") and the
check before a release ("issued after a practical assessment") are the control working. Every wording is ours; each
withdrawn one has twins in nearly the same words, with one shortfall, that must stay kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

# (standard, clause, statement, evidence): the evidence shows the requirement met
MET: list[tuple[str, str, str, str]] = [
    (
        "ISO 45001:2018",
        "7.3",
        "Workers are not aware of the OH&S policy.",
        "Five workers interviewed in the press shop on 2026-03-03 each explained the commitments of the OH&S policy.",
    ),
    (
        "ISO 14001:2015",
        "7.3",
        "Employees are not aware of the environmental policy.",
        "Seven employees interviewed in the paint shop and stores on 2026-04-02 each explained the environmental "
        "policy's commitments, including pollution prevention.",
    ),
    (
        "ISO/IEC 27001:2022",
        "7.3",
        "Staff are not aware of the information security policy.",
        "Six staff interviewed in finance and HR on 2026-02-12 each described the policy's rules on passwords and "
        "clear desk; the awareness e-learning records show 100% completion.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Competence of crane operators could not be demonstrated.",
        "All six crane operators sampled hold valid authorisations issued after a practical assessment (records "
        "CA-11 to CA-16); two newcomers are marked 'not authorised yet' on the crane board.",
    ),
    (
        "IATF 16949:2016",
        "7.2",
        "Competence of welders could not be demonstrated.",
        "All five welders sampled on line W2 hold qualification cards WQ-41 to WQ-45 issued after a practical weld "
        "test; one trainee is flagged as pending qualification on the skills matrix.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no evidence of calibration for pressure gauge G-7.",
        "The label on G-7 shows the next calibration due on 2026-09-30; the accredited certificate CC-2291 dated "
        "2025-09-28 was retrieved.",
    ),
    (
        "ISO 22000:2018",
        "8.2.4",
        "Cleaning of the packing hall is not documented.",
        "Sanitation procedure SAN-04 rev 2 defines the cleaning frequencies, chemicals and concentrations for the "
        "packing hall; the cleaning log for February 2026 is complete and signed by the shift lead.",
    ),
    (
        "ISO 13485:2016",
        "7.5.6",
        "The sterilisation process has not been validated.",
        "EO sterilisation validation report VR-EO-3 dated 2025-06-14 records IQ, OQ and PQ runs with results within "
        "limits, approved by the QA manager.",
    ),
    (
        "IATF 16949:2016",
        "9.1.1.1",
        "Reaction plans are not followed for out-of-control points on SPC charts.",
        "On SPC chart SC-31 for bore diameter of line 3 both out-of-control points of March 2026 are annotated with "
        "the reaction plan's actions (100% sort, tool change) and signed by the supervisor.",
    ),
]

# a record named by the clause's subject ("knowledge register", "aspects register", "hazard register") stands in for
# the record the obligation asks for
MET += [
    (
        "ISO 9001:2015",
        "7.1.6",
        "The organizational knowledge necessary for the operation of processes has not been determined.",
        "Knowledge register KR-1 rev 3 lists 14 knowledge areas, each with an owner; a transfer plan TP-2 exists for "
        "the retiring toolmaker.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "The environmental aspects of its activities and services have not been determined.",
        "Aspects register AR-2 rev 5 lists 42 aspects of the site's activities and services with their impacts and "
        "significance scores; approved on 2026-01-15.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazards have not been identified for the maintenance workshop.",
        "Hazard register HR-4 rev 2 dated 2026-02-01 lists 23 hazards of the maintenance workshop, each with its risk "
        "rating and controls.",
    ),
]

# the same statements, the evidence with one shortfall (or another thing, or only a rule): kept
KEPT: list[tuple[str, str, str, str]] = [
    (
        "ISO 45001:2018",
        "7.3",
        "Workers are not aware of the OH&S policy.",
        "Five workers interviewed in the press shop on 2026-03-03; three of them could not explain the commitments "
        "of the OH&S policy.",
    ),
    (
        "ISO 45001:2018",
        "7.3",
        "Contractors are not aware of the OH&S policy.",
        "Four contractor fitters interviewed at the boiler house on 2026-03-04 each explained the permit-to-work "
        "rules.",
    ),
    (
        "ISO 14001:2015",
        "7.3",
        "Employees are not aware of the environmental policy.",
        "Seven employees interviewed in the paint shop and stores on 2026-04-02; two of them could not explain the "
        "environmental policy's commitments.",
    ),
    (
        "ISO/IEC 27001:2022",
        "7.3",
        "Staff are not aware of the information security policy.",
        "Six staff interviewed in finance and HR on 2026-02-12; two could not describe the policy's rules on "
        "passwords.",
    ),
    (
        "ISO/IEC 27001:2022",
        "7.3",
        "Staff are not aware of the information security policy.",
        "Six staff interviewed in finance and HR on 2026-02-12 each described the rules of the quality policy.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Competence of crane operators could not be demonstrated.",
        "Six crane operators sampled (records CA-11 to CA-16): five hold valid authorisations issued after a "
        "practical assessment; one has no authorisation.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Competence of crane operators could not be demonstrated.",
        "All six crane operators sampled hold valid authorisations issued after a practical assessment (records "
        "CA-11 to CA-16); two newcomers marked 'not authorised yet' on the crane board were seen operating crane C-2.",
    ),
    (
        "ISO 45001:2018",
        "7.2",
        "Competence of crane operators could not be demonstrated.",
        "All six crane operators sampled hold authorisations (records CA-11 to CA-16) issued after they had started "
        "operating the cranes.",
    ),
    (
        "IATF 16949:2016",
        "7.2",
        "Competence of welders could not be demonstrated.",
        "All five welders sampled on line W2 hold qualification cards WQ-41 to WQ-45 issued after a practical weld "
        "test; one card expired in January 2026.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no evidence of calibration for pressure gauge G-7.",
        "The label on G-7 shows calibration due on 2025-09-30; the accredited certificate CC-2291 expired last month.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no evidence of calibration for pressure gauge G-7.",
        "The label on G-7 shows the next calibration due on 2025-09-30; the accredited certificate CC-2291 dated "
        "2024-09-28 was retrieved; the gauge was in use on 2026-02-11.",
    ),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "There is no evidence of calibration for pressure gauge G-7.",
        "The label on G-8 shows the next calibration due on 2026-09-30; the accredited certificate CC-2291 dated "
        "2025-09-28 was retrieved.",
    ),
    (
        "ISO 22000:2018",
        "8.2.4",
        "Cleaning of the packing hall is not documented.",
        "Sanitation procedure SAN-04 rev 2 defines the cleaning frequencies, chemicals and concentrations for the "
        "packing hall; the cleaning log for February 2026 has no entries for two weeks.",
    ),
    (
        "ISO 22000:2018",
        "8.2.4",
        "Cleaning of the packing hall is not documented.",
        "Sanitation procedure SAN-04 rev 2 defines the cleaning frequencies and chemicals for the filling room.",
    ),
    (
        "ISO 22000:2018",
        "8.2.4",
        "Cleaning of the packing hall is not documented.",
        "Sanitation procedure SAN-04 rev 2 requires daily cleaning of the packing hall.",
    ),
    (
        "ISO 13485:2016",
        "7.5.6",
        "The sterilisation process has not been validated.",
        "EO sterilisation validation report VR-EO-3 dated 2025-06-14 records IQ and OQ runs; PQ is to be completed.",
    ),
    (
        "IATF 16949:2016",
        "9.1.1.1",
        "Reaction plans are not followed for out-of-control points on SPC charts.",
        "On SPC chart SC-31 for bore diameter of line 3 two out-of-control points of March 2026 are circled; no "
        "action is recorded.",
    ),
    (
        "ISO 9001:2015",
        "7.1.6",
        "The organizational knowledge necessary for the operation of processes has not been determined.",
        "Knowledge register KR-1 rev 3 lists 14 knowledge areas, each with an owner; no transfer plan exists for the "
        "retiring toolmaker.",
    ),
    (
        "ISO 9001:2015",
        "7.1.6",
        "The organizational knowledge necessary for the operation of processes has not been determined.",
        "Knowledge register KR-1 (draft) lists 14 knowledge areas, each with an owner; a transfer plan TP-2 exists for "
        "the retiring toolmaker.",
    ),
    (
        "ISO 14001:2015",
        "6.1.2",
        "The environmental aspects of its activities and services have not been determined.",
        "Aspects register AR-2 rev 5 lists 42 aspects of the site's activities; the services (waste collection "
        "rounds) are not included.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.1",
        "Hazards have not been identified for the maintenance workshop.",
        "Hazard register HR-4 rev 2 dated 2026-02-01 lists 23 hazards of the press shop, each with its risk rating "
        "and controls.",
    ),
    (
        "ISO 14001:2015",
        "9.1.1",
        "Monitoring records for May: entries missing for 3 days.",
        "",
    ),
]


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


@pytest.mark.parametrize(("std", "clause", "statement", "evidence"), MET, ids=[f"{m[0]} {m[2][:30]}" for m in MET])
def test_evidence_showing_the_requirement_met_withdraws(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    v = check_one(engine, std, clause, statement, evidence, grade="minor")
    assert v.verdict == "withdraw", v.issues
    assert "EV06" in _rules(v)


@pytest.mark.parametrize(("std", "clause", "statement", "evidence"), KEPT, ids=[f"{k[0]} {k[3][:40]}" for k in KEPT])
def test_the_twin_with_one_shortfall_is_kept(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    for grade in ("minor", "major"):
        v = check_one(engine, std, clause, statement, evidence or None, grade=grade)
        assert v.verdict != "withdraw", v.issues
        assert "EV06" not in _rules(v)
