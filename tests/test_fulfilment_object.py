"""The finding's own evidence shows the requirement met, judged by the obligation's object (issue 23, round 2).

A lack quoting the requirement back ("quality objectives have not been established at relevant functions and
levels", "competence has not been demonstrated") is judged against the obligation it negates: its object
("quality objectives", "competence") must be affirmed by an identified record in the evidence, by name or by the
clause's own records and activities (training certificates for competence, a fire drill for a tested response),
with no shortfall anywhere. Every wording here is ours; each invalid finding has a valid twin in nearly the same
words that must stay kept: the evidence records an exception, a part left out, a count short of the whole, a
draft, an expiry, or the lack names a subset the evidence does not cover.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

_check = check_one


def _rules(verdict: Any) -> set[str]:
    return {i.rule for i in verdict.issues}


# (standard, clause, statement, evidence that shows the object met, the valid twin's evidence)
OBJECT_MET_PAIRS = [
    (
        "ISO 9001:2015",
        "6.2.1",
        "Quality objectives have not been established at relevant functions and levels.",
        "Quality objectives register QO-2026 approved on 2026-01-12 lists objectives for sales, production, "
        "purchasing and dispatch, each with a target, an owner and a due date.",
        "Quality objectives register QO-2026 approved on 2026-01-12 lists objectives for sales and production; "
        "none for purchasing.",
    ),
    (
        "ISO 9001:2015",
        "7.2",
        "Competence of the welders has not been demonstrated.",
        "Welding qualification certificates WQ-11 to WQ-16 for the six welders dated 2025-06-03, and weld test "
        "results for each welder in 2025.",
        "Welding qualification certificates WQ-11 to WQ-16 for the six welders dated 2019-06-03 have expired.",
    ),
    (
        "ISO 9001:2015",
        "6.1",
        "Risks and opportunities have not been determined.",
        "Risk register RR-3 rev 2 dated 2026-01-15 lists 18 risks and 6 opportunities with their owners, actions "
        "and review dates.",
        "Risk register RR-3 rev 2 dated 2026-01-15 lists 18 risks with their owners; no opportunities are recorded.",
    ),
    (
        "ISO 14001:2015",
        "6.1.3",
        "Legal requirements have not been determined.",
        "Legal register LR-5 rev 4 dated 2026-02-01 lists 23 legal requirements applicable to the site with their "
        "owners and review dates.",
        "Legal register LR-5 rev 4 dated 2026-02-01 lists 23 legal requirements; the permit conditions are not "
        "included.",
    ),
    (
        "ISO 14001:2015",
        "9.1.2",
        "Compliance with legal requirements has not been evaluated.",
        "Compliance evaluation report CE-2026 dated 2026-02-20 records the evaluation of each of the 23 legal "
        "requirements of register LR-5, all found compliant.",
        "Compliance evaluation report CE-2026 dated 2026-02-20 records the evaluation of 15 of the 23 legal "
        "requirements of register LR-5.",
    ),
    (
        "ISO 14001:2015",
        "7.2",
        "Competence of the persons handling hazardous waste has not been demonstrated.",
        "Training records TR-44 dated 2025-10-10 show the six waste handlers completed the hazardous waste course, "
        "with certificates WC-1 to WC-6 and supervised handling recorded.",
        "Training records TR-44 dated 2025-10-10 show the six waste handlers completed the hazardous waste course; "
        "certificates are missing for two of them.",
    ),
    (
        "ISO 45001:2018",
        "8.2",
        "Emergency response has not been tested.",
        "Fire drill record FD-07 dated 2026-03-14 records the evacuation of all 120 staff in 4 minutes, with "
        "results reviewed by the safety committee.",
        "Fire drill record FD-07 dated 2026-03-14 records the evacuation of the office staff only.",
    ),
    (
        "ISO 45001:2018",
        "5.4",
        "Workers have not been consulted on hazard identification.",
        "Safety committee minutes SC-09 dated 2026-02-11 record the four worker representatives consulted on the "
        "hazard register HR-2 and their comments.",
        "Safety committee minutes SC-09 dated 2026-02-11 record the hazard register HR-2 presented by the manager; "
        "no worker representative attended.",
    ),
    (
        "ISO 50001:2018",
        "6.5",
        "The energy baseline has not been established.",
        "Energy baseline EB-1 approved by the energy manager on 2026-01-08 sets 2024 consumption of 4.2 GWh as the "
        "reference, with production volume as the variable.",
        "Energy baseline EB-1 was approved by the energy manager on 2026-01-08 and sets 2024 consumption as the "
        "reference; it excludes the compressed air system.",
    ),
    (
        "ISO 50001:2018",
        "6.6",
        "An energy data collection plan has not been established.",
        "Energy data collection plan DCP-2 approved on 2026-01-15 specifies the meters, the variables, the frequency "
        "of readings and who collects them for each SEU.",
        "Energy data collection plan DCP-2 is in draft and specifies the meters for the boiler house.",
    ),
    (
        "ISO/IEC 27001:2022",
        "5.3",
        "Responsibility for information security has not been assigned.",
        "Job description JD-ISM-01 approved by the managing director on 2025-11-02 assigns information security "
        "responsibility to the ISM, and management review minutes MR-12 of 2026-01-20 record the ISM reporting on "
        "security performance.",
        "Job description JD-ISM-01 approved by the managing director on 2025-11-02 is unsigned and does not name "
        "information security responsibility.",
    ),
    (
        "ISO/IEC 27001:2022",
        "8.2",
        "Information security risk assessments have not been performed.",
        "Risk assessment report RA-2026 dated 2026-01-30 records the assessment of 42 information security risks, "
        "with likelihood, impact and owner for each.",
        "Risk assessment report RA-2026 dated 2026-01-30 records the assessment of the IT risks; the risks of the HR "
        "process were not assessed.",
    ),
    (
        "ISO 13485:2016",
        "7.5.9.2",
        "Traceability records for implantable devices have not been maintained.",
        "Traceability records TR-IMP-1 link each implantable device lot of 2026 to components, operators and "
        "consignees, with dates.",
        "Traceability records TR-IMP-1 link each implantable device lot of 2026 to components and operators; "
        "consignees are not recorded.",
    ),
    (
        "ISO 9001:2015",
        "9.2.1",
        "Internal audits have not been carried out in 2026.",
        "Internal audit reports IA-26-01 to IA-26-05 dated 2026-02-02 to 2026-06-10 cover every process of the QMS.",
        "Internal audit report IA-3 dated 2024-05-02 covers every process of the QMS.",
    ),
    (
        "ISO 22000:2018",
        "8.3",
        "Traceability records have not been established.",
        "Traceability file TR-2026 links each of 14 lots received in March 2026 to the batches produced and to the "
        "customers supplied, with dates and quantities.",
        "Traceability file TR-2026 links the lots received in March 2026 to the batches produced; customers "
        "supplied are not recorded.",
    ),
]


@pytest.mark.parametrize(
    ("std", "clause", "statement", "met", "kept"),
    OBJECT_MET_PAIRS,
    ids=[f"{p[0]} {p[1]}" for p in OBJECT_MET_PAIRS],
)
def test_evidence_affirming_the_obligations_object_withdraws_and_its_twin_is_kept(
    engine: Engine, std: str, clause: str, statement: str, met: str, kept: str
) -> None:
    withdrawn = _check(engine, std, clause, statement, met)
    assert withdrawn.verdict == "withdraw", withdrawn.issues
    assert "EV06" in _rules(withdrawn)
    twin = _check(engine, std, clause, statement, kept)
    assert twin.verdict != "withdraw", twin.issues
    assert "EV06" not in _rules(twin)


@pytest.mark.parametrize(
    ("std", "clause", "statement", "evidence"),
    [
        # the lack names a group the evidence does not cover: competence stood for by records of other people
        (
            "ISO 9001:2015",
            "7.2",
            "Competence of the welders has not been demonstrated.",
            "Training certificates TC-101 to TC-104 for the four inspectors dated 2025-09-03, and records of eight "
            "inspections each carried out under supervision in 2025.",
        ),
        # the lack names a site the evidence does not cover
        (
            "ISO 9001:2015",
            "6.2.1",
            "Quality objectives have not been established for the Hull plant.",
            "Quality objectives register QO-2026 approved on 2026-01-12 lists objectives for sales, production, "
            "purchasing and dispatch at the Leeds plant.",
        ),
        # a subset of the lack (a shift) the evidence does not cover
        (
            "ISO 45001:2018",
            "8.2",
            "The emergency response of the night shift has not been tested.",
            "Fire drill record FD-07 dated 2026-03-14 records the evacuation of all 120 day staff in 4 minutes, with "
            "results reviewed by the safety committee.",
        ),
        # a plan described is not a response tested
        (
            "ISO 45001:2018",
            "8.2",
            "Emergency response has not been tested.",
            "Emergency plan EP-2 rev 3 approved on 2026-01-04 lists fire wardens, first aiders and the assembly "
            "points.",
        ),
        # records lacking, and the evidence describes a procedure: what is to be done, not what was
        (
            "ISO 22000:2018",
            "8.3",
            "Traceability records have not been established.",
            "Traceability procedure TP-1 rev 2 approved on 2026-01-10 defines how lots are to be traced to batches "
            "and customers.",
        ),
        # a judgement the description of the record cannot settle
        (
            "ISO 9001:2015",
            "6.2.1",
            "Quality objectives are not adequate.",
            "Quality objectives register QO-2026 approved on 2026-01-12 lists objectives for sales, production, "
            "purchasing and dispatch.",
        ),
        # an act other than a trial is shown only by its name: training completed is not competence evaluated
        (
            "ISO 9001:2015",
            "7.2",
            "The competence of the operators has not been evaluated.",
            "Training records TR-9 show the 12 operators completed the forklift course on 2026-02-02, with "
            "certificates.",
        ),
        # training attended is not a response tested
        (
            "ISO 45001:2018",
            "8.2",
            "Emergency response has not been tested.",
            "Emergency response training records ER-3 show the 10 fire wardens attended a course on 2026-01-20, "
            "with certificates.",
        ),
        # an act said not carried out, and the evidence describes its plan (an agenda), not a record of it
        (
            "ISO 9001:2015",
            "9.3.1",
            "Management review has not been carried out.",
            "Management review agenda MR-AG-26 dated 2026-01-10 sets out the inputs to be covered.",
        ),
        # the evidence names the lack's subset by another line: a foundry not covered
        (
            "ISO 50001:2018",
            "6.5",
            "The energy baseline for the foundry has not been established.",
            "Energy baseline EB-1 approved by the energy manager on 2026-01-08 sets 2024 consumption of 4.2 GWh as "
            "the reference.",
        ),
    ],
    ids=[
        "other_people",
        "other_site",
        "other_shift",
        "plan_not_test",
        "procedure_not_records",
        "judgement",
        "evaluation_not_named",
        "training_not_trial",
        "agenda_not_review",
        "subset",
    ],
)
def test_a_lack_the_evidence_does_not_settle_keeps_the_finding(
    engine: Engine, std: str, clause: str, statement: str, evidence: str
) -> None:
    v = _check(engine, std, clause, statement, evidence)
    assert v.verdict != "withdraw", v.issues
    assert "EV06" not in _rules(v)


@pytest.mark.parametrize(
    ("met", "kept"),
    [
        (
            "Quality objectives have not been established at relevant functions and levels. Quality objectives "
            "register QO-2026 approved on 2026-01-12 lists objectives for sales, production, purchasing and dispatch, "
            "each with a target and an owner.",
            "Quality objectives have not been established at relevant functions and levels. Quality objectives "
            "register QO-2026 approved on 2026-01-12 lists objectives for sales and production only.",
        )
    ],
)
def test_evidence_written_in_the_statement_is_judged_by_the_object_too(engine: Engine, met: str, kept: str) -> None:
    assert _check(engine, "ISO 9001:2015", "6.2.1", met, None).verdict == "withdraw"
    assert _check(engine, "ISO 9001:2015", "6.2.1", kept, None).verdict != "withdraw"


def test_a_lack_of_timing_is_settled_only_by_every_occasion_over_a_span(engine: Engine) -> None:
    statement = "Daily verification of the metal detector has not been carried out as planned."
    every = (
        "Metal detector verification record MD-2 shows the test pieces passed on every production day from "
        "2026-02-02 to 2026-02-27."
    )
    two_dates = "Metal detector verification record MD-2 shows the test pieces passed on 2026-02-02 and 2026-02-27."
    one_missed = (
        "Metal detector verification record MD-2 shows the test pieces passed on every production day from "
        "2026-02-02 to 2026-02-27 except 2026-02-13."
    )
    assert "EV06" in _rules(_check(engine, "ISO 22000:2018", "8.8.1", statement, every))
    for evidence in (two_dates, one_missed):
        v = _check(engine, "ISO 22000:2018", "8.8.1", statement, evidence)
        assert v.verdict != "withdraw", v.issues
