"""The wrong clause cited, told apart from its neighbours (issue 25). Two paragraphs of different titles under one
sub-clause are two requirements at any depth (IATF 16949 8.7.1.4 rework / 8.7.1.5 repair); a lack named by a
neighbour's obligations is that neighbour's, whatever the cited clause's heading. Each wrong citation has twins
that must stay free of `citation_mismatch`: the same words cited to the right clause, to its parent, and a finding
on the wrongly cited clause's own subject. Wordings are ours, over four standards."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import FindingVerdict, Report

REWORK = (
    "Mounting bracket holes found oversize were re-drilled to the next size; no risk analysis of the rework process "
    "and no rework instruction were available to the operator."
)
REPAIR = (
    "Housings with porosity were repaired by welding without customer "
    "concession and without a risk analysis of the repair."
)
TOOL_LIFE = "Tool life of the injection moulds is not monitored; no shot count is kept for mould 17."
STROKES = "The stroke count of the progressive dies is not tracked, so die maintenance cannot be planned."
PESTS = (
    "A bait station near the flour store was missing and rodent droppings were seen beside the flour pallets; "
    "no follow-up action was recorded by the pest contractor or the site."
)
INSECTS = (
    "Insect activity was seen in the dry goods store and an electric fly killer was not working; pest control "
    "reports show no corrective action."
)
METER = "The sub-meter on compressor line 2, used for the compressed air EnPI, has never been calibrated."
GAS_METER = "Calibration of the main gas meter for the boiler SEU has never been carried out."
AGREEMENT = (
    "The agreement with the payroll outsourcing provider does not include any information security requirements."
)
ADMIN_LOG = "Administrator activities on the database servers are not logged."
PROGRAMME = (
    "The audit programme does not include the waste yard or the boiler house, although both relate to significant "
    "aspects."
)
NO_PLAN = (
    "The OH&S objective on reducing manual handling injuries has no plan: no responsibilities, no resources and no "
    "completion date."
)
TREATMENT = (
    "The risk treatment plan has not been approved by the risk owners and acceptance of the residual risks is not "
    "recorded."
)
RESIDUAL = (
    "Residual risks were accepted by the IT manager instead of the risk owners; the treatment plan shows no approval."
)

IATF, FSMS, ENMS, ISMS = "IATF 16949:2016", "ISO 22000:2018", "ISO 50001:2018", "ISO/IEC 27001:2022"
EMS, OHS = "ISO 14001:2015", "ISO 45001:2018"

WRONG = [  # (standard, cited, statement, the clauses the lack belongs to)
    (IATF, "8.7.1.5", REWORK, {"8.7.1.4"}),
    (IATF, "8.7.1.4", REPAIR, {"8.7.1.5"}),
    (IATF, "8.5.1.3", TOOL_LIFE, {"8.5.1.6"}),
    (IATF, "8.5.1.3", STROKES, {"8.5.1.6"}),
    (FSMS, "8.4", PESTS, {"8.2"}),
    (FSMS, "8.4", INSECTS, {"8.2"}),
    (ENMS, "7.1", METER, {"6.6", "9.1.1"}),
    (ENMS, "7.1", GAS_METER, {"6.6", "9.1.1"}),
    (ISMS, "A.5.22", AGREEMENT, {"A.5.20"}),
    (ISMS, "A.8.17", ADMIN_LOG, {"A.8.15"}),
    (ISMS, "6.1.2", TREATMENT, {"6.1.3"}),
    (ISMS, "6.1.2", RESIDUAL, {"6.1.3"}),
    (EMS, "9.3", PROGRAMME, {"9.2.2", "9.2.1"}),
    (OHS, "6.1.4", NO_PLAN, {"6.2.2"}),
]

RIGHT = [  # the twins: the same words cited right or to the parent; the wrongly cited clause's own subject
    (IATF, "8.7.1.4", REWORK),
    (IATF, "8.7.1", REWORK),
    (IATF, "8.7.1.5", REPAIR),
    (IATF, "8.5.1.6", TOOL_LIFE),
    (IATF, "8.5.1.6", STROKES),
    (
        IATF,
        "8.5.1.3",
        "The first-off part after the changeover on press 3 was not verified before production continued.",
    ),
    (IATF, "8.7.1.5", "Pumps were repaired by replacing the seal without the customer's concession for repair."),
    (FSMS, "8.2", PESTS),
    (FSMS, "8.2", INSECTS),
    (
        FSMS,
        "8.4",
        "The emergency plan does not cover a loss of water supply and no emergency drill has been carried out.",
    ),
    (ENMS, "6.6", METER),
    (ENMS, "6.6", GAS_METER),
    (ENMS, "7.1", "No budget or staff time has been allocated to the energy team to install the planned sub-meters."),
    (ISMS, "A.5.20", AGREEMENT),
    (
        ISMS,
        "A.5.22",
        "The service reports of the payroll outsourcing provider have not been reviewed for two years and changes to "
        "its service were not assessed.",
    ),
    (ISMS, "A.8.15", ADMIN_LOG),
    (
        ISMS,
        "A.8.17",
        "Server clocks are not synchronised with a reference time source; log timestamps differ by minutes.",
    ),
    (ISMS, "6.1.3", TREATMENT),
    (ISMS, "6.1.3", RESIDUAL),
    (ISMS, "6.1", TREATMENT),
    (
        ISMS,
        "6.1.2",
        "Risk criteria for acceptance were not defined before the risk assessment; likelihood and consequence scales "
        "are missing.",
    ),
    (EMS, "9.2.2", PROGRAMME),
    (EMS, "9.2", PROGRAMME),
    (
        EMS,
        "9.3",
        "The management review did not consider the results "
        "of internal audits or the status of compliance obligations.",
    ),
    (OHS, "6.2.2", NO_PLAN),
    (
        OHS,
        "6.1.4",
        "Actions to address the forklift traffic risk were planned "
        "but not integrated into the OH&S processes or objectives.",
    ),
    (
        EMS,
        "6.1.4",
        "Actions to address the significant aspect of solvent emissions "
        "have not been planned or integrated into the EMS processes.",
    ),
]


def _verdict(engine: Engine, standard: str, clause: str, statement: str) -> FindingVerdict:
    report = Report.model_validate(
        {"standard": standard, "findings": [{"id": "F", "grade": "minor", "clause": clause, "statement": statement}]}
    )
    return engine.check(report).findings[0]


@pytest.mark.parametrize(("standard", "cited", "statement", "better"), WRONG, ids=lambda v: str(v)[:24])
def test_the_lack_of_a_neighbour_cited_is_a_mismatch_naming_it(
    engine: Engine, standard: str, cited: str, statement: str, better: set[str]
) -> None:
    finding = _verdict(engine, standard, cited, statement)
    issue = next((i for i in finding.issues if i.category == "citation_mismatch"), None)
    assert issue is not None, [i.rule for i in finding.issues]
    assert finding.requirement is not None and finding.requirement.clause in better
    assert finding.verdict != "withdraw"  # a wrong clause is revised, never the finding withdrawn for it


@pytest.mark.parametrize(("standard", "cited", "statement"), RIGHT, ids=lambda v: str(v)[:24])
def test_its_twins_keep_their_citation(engine: Engine, standard: str, cited: str, statement: str) -> None:
    finding = _verdict(engine, standard, cited, statement)
    assert "citation_mismatch" not in {i.category for i in finding.issues}
