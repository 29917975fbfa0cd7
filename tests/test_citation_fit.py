"""Citation fit over the whole standard: the cited clause is compared with the ranking of every requirement;
`citation_mismatch` when the subject clearly belongs elsewhere; a cited heading is placed by the same ranking;
clauses that refer to each other or share an obligation are one subject. Findings written by us, in the terse
style of real reports (tests/fixtures/citation_fit/findings.yaml), over four standards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.core.yamlio import load_yaml
from engine.standards.inference import citation_fit, infer_requirements, related, without_purpose

CASES: dict[str, list[dict[str, Any]]] = load_yaml(
    (Path(__file__).parent / "fixtures" / "citation_fit" / "findings.yaml").read_text(encoding="utf-8")
)


def _id(case: dict[str, Any]) -> str:
    return f"{case['standard'].split(':')[0]}-{case['clause']}-{case['statement'][:30]}"


def _verdict(engine: Engine, case: dict[str, Any]):
    report = Report.model_validate(
        {
            "standard": case["standard"],
            "findings": [
                {
                    "id": "F",
                    "grade": "minor",
                    "clause": case["clause"],
                    "statement": case["statement"],
                    "evidence": case.get("evidence"),
                }
            ],
        }
    )
    return engine.check(report).findings[0]


@pytest.mark.parametrize("case", CASES["right"], ids=_id)
def test_a_right_citation_fits(engine: Engine, case: dict[str, Any]) -> None:
    std = engine.library.resolve(case["standard"])
    assert std is not None
    fit = citation_fit(std, case["clause"], without_purpose(case["statement"]), case.get("evidence"))
    assert fit.fits, fit.reason
    finding = _verdict(engine, case)
    assert "citation_mismatch" not in {i.category for i in finding.issues}
    assert finding.requirement is not None and finding.requirement.source == "cited"


@pytest.mark.parametrize("case", CASES["wrong"], ids=_id)
def test_a_wrong_citation_is_a_mismatch_naming_a_better_one(engine: Engine, case: dict[str, Any]) -> None:
    finding = _verdict(engine, case)
    issue = next((i for i in finding.issues if i.category == "citation_mismatch"), None)
    assert issue is not None, [i.rule for i in finding.issues]
    req = finding.requirement
    assert req is not None and req.source == "inferred" and req.clause in case["better"]
    assert req.clause in issue.message and "{" not in issue.message


@pytest.mark.parametrize("case", CASES["unsure"], ids=_id)
def test_an_unsure_ranking_raises_no_mismatch_but_offers_the_better_clause(
    engine: Engine, case: dict[str, Any]
) -> None:
    finding = _verdict(engine, case)
    assert "citation_mismatch" not in {i.category for i in finding.issues}
    std = engine.library.resolve(case["standard"])
    assert std is not None
    three = infer_requirements(std, without_purpose(case["statement"]), k=3, evidence=case.get("evidence"))
    assert any(m.number in case["better"] for m in three)


def test_every_wrong_case_is_a_right_case_cited_elsewhere() -> None:
    """The wrong citations are of the same findings as right ones (or close rewordings), so the two lists test the
    same words against two clauses."""
    right = {c["statement"][:40] for c in CASES["right"]}
    wrong = CASES["wrong"] + CASES["unsure"]
    assert sum(c["statement"][:40] in right for c in wrong) >= len(wrong) - 2


@pytest.mark.parametrize(
    ("standard", "heading", "statement", "expected"),
    [
        (
            "ISO 9001:2015",
            "8",
            "Complaint from Hollis Ltd received by e-mail 2026-03-02 about a damaged shipment got no reply.",
            "8.2.1",
        ),
        (
            "ISO 45001:2018",
            "8",
            "Roofing contractor started work without a permit or a check of their method.",
            "8.1.4.2",
        ),
        ("ISO/IEC 27001:2022", "A.8", "Backups of the finance server have not been test-restored this year.", "A.8.13"),
    ],
)
def test_a_cited_heading_is_placed_by_the_ranking(
    engine: Engine, standard: str, heading: str, statement: str, expected: str
) -> None:
    finding = _verdict(engine, {"standard": standard, "clause": heading, "statement": statement})
    assert finding.citation.status == "too_broad"
    assert finding.citation.suggested and finding.citation.suggested[0].startswith(expected + " ")
    assert "citation_mismatch" not in {i.category for i in finding.issues}


def test_a_cited_heading_elsewhere_is_a_mismatch_too(engine: Engine) -> None:
    case = {
        "standard": "ISO 9001:2015",
        "clause": "7",
        "statement": "Rejected castings were stored with good stock with no reject tag or segregation.",
        "evidence": "Bay 4, pallet of 40 housings, QC reject note RN-301.",
    }
    finding = _verdict(engine, case)
    cats = {i.category for i in finding.issues}
    assert {"too_broad", "citation_mismatch"} <= cats
    assert finding.requirement is not None and finding.requirement.clause == "8.7.1"


@pytest.mark.parametrize(
    ("standard", "a", "b"),
    [
        ("ISO 45001:2018", "6.1.2.2", "8.1.2"),  # risks assessed, then the controls that reduce them
        ("ISO 45001:2018", "6.1.2.1", "8.2"),  # emergencies among the hazards identified
        ("ISO 14001:2015", "6.1.3", "9.1.2"),  # compliance obligations, and evaluating compliance with them
        ("ISO 14001:2015", "6.1.2", "8.1"),  # significant aspects, and their operational control
        ("ISO/IEC 27001:2022", "6.1.2", "8.2"),  # the risk assessment process, and performing it
    ],
)
def test_clauses_that_apply_each_other_are_one_subject(engine: Engine, standard: str, a: str, b: str) -> None:
    std = engine.library.resolve(standard)
    assert std is not None
    assert related(a, b, std) and related(b, a, std)


@pytest.mark.parametrize(
    ("standard", "a", "b"),
    [
        ("ISO 9001:2015", "9.2.2", "9.3.2"),  # internal audit is not management review
        ("ISO 9001:2015", "7.1.5.2", "7.1.3"),
        ("ISO 9001:2015", "8.2.1", "8.3.4"),
        ("ISO 45001:2018", "7.2", "8.1.4.2"),
        ("ISO/IEC 27001:2022", "A.8.13", "A.5.19"),
    ],
)
def test_different_subjects_stay_apart(engine: Engine, standard: str, a: str, b: str) -> None:
    std = engine.library.resolve(standard)
    assert std is not None
    assert not related(a, b, std)


def test_two_clauses_of_one_subject_cited_together_are_not_unrelated(engine: Engine) -> None:
    case = {
        "standard": "ISO 45001:2018",
        "clause": "6.1.2.2 / 8.1.2",
        "statement": "Noise in the grinding area was rated high in RA-GR-02 but no control beyond plugs was chosen.",
        "evidence": "RA-GR-02 rev 3; grinding area seen 2026-05-06.",
    }
    assert "CT07" not in {i.rule for i in _verdict(engine, case).issues}
    case["clause"] = "7.2 / 8.1.4.2"
    assert "CT07" in {i.rule for i in _verdict(engine, case).issues}


# The nonfulfilment principle (tests/fixtures/citation_fit/lack.yaml): each finding of our own cited rightly, wrongly
# and (where it has one) by its heading, over seven standards
LACK: list[dict[str, Any]] = load_yaml(
    (Path(__file__).parent / "fixtures" / "citation_fit" / "lack.yaml").read_text(encoding="utf-8")
)


def _cited(kind: str) -> list[tuple[dict[str, Any], str]]:
    return [(case, clause) for case in LACK for clause in case.get(kind, ())]


def _lack_id(pair: tuple[dict[str, Any], str]) -> str:
    case, clause = pair
    return f"{case['standard'].split(':')[0]}-{clause}-{case['statement'][:30]}"


def _as_cited(case: dict[str, Any], clause: str) -> dict[str, Any]:
    return {**case, "clause": clause}


@pytest.mark.parametrize("pair", _cited("right"), ids=_lack_id)
def test_a_clause_whose_obligations_hold_the_lack_is_no_mismatch(engine: Engine, pair: tuple[dict, str]) -> None:
    finding = _verdict(engine, _as_cited(*pair))
    assert "citation_mismatch" not in {i.category for i in finding.issues}
    assert finding.requirement is not None and finding.requirement.source in ("cited", "client")
    assert finding.requirement.source == "client" or finding.requirement.clause == pair[1]


@pytest.mark.parametrize("pair", _cited("wrong"), ids=_lack_id)
def test_a_clause_sharing_nothing_with_the_lack_is_a_mismatch_naming_its_subject(
    engine: Engine, pair: tuple[dict, str]
) -> None:
    case, clause = pair
    finding = _verdict(engine, _as_cited(case, clause))
    issue = next((i for i in finding.issues if i.category == "citation_mismatch"), None)
    assert issue is not None, [i.rule for i in finding.issues]
    req = finding.requirement
    assert req is not None and req.source in ("inferred", "client") and req.clause in case["better"], req
    assert req.clause in issue.message and clause in issue.message


@pytest.mark.parametrize("pair", _cited("unsure"), ids=_lack_id)
def test_an_unsure_wrong_citation_if_called_a_mismatch_names_the_right_subject(
    engine: Engine, pair: tuple[dict, str]
) -> None:
    case, clause = pair
    finding = _verdict(engine, _as_cited(case, clause))
    if "citation_mismatch" in {i.category for i in finding.issues}:
        assert finding.requirement is not None and finding.requirement.clause in case["better"]


@pytest.mark.parametrize("pair", _cited("broad"), ids=_lack_id)
def test_a_heading_holding_the_subject_is_too_broad_not_a_mismatch(engine: Engine, pair: tuple[dict, str]) -> None:
    finding = _verdict(engine, _as_cited(*pair))
    cats = {i.category for i in finding.issues}
    assert "too_broad" in cats and "citation_mismatch" not in cats


def test_every_wrong_citation_has_its_right_twin() -> None:
    """Precision is tested on the same words: every finding cited wrongly is also cited rightly."""
    for case in LACK:
        if case.get("wrong") or case.get("unsure"):
            assert case.get("right"), case["statement"]
    assert len({c["standard"] for c in LACK if c.get("wrong")}) >= 5


def test_the_lack_decides_before_the_evidence_nouns(engine: Engine) -> None:
    """The same evidence, two statements: what is said not fulfilled decides which clause the citation must be."""
    evidence = "Management review minutes MR-26-01 of 20 January 2026; internal audit reports IA-01 to IA-06."
    std = engine.library.resolve("ISO 9001:2015")
    assert std is not None
    review = "The management review did not consider customer satisfaction or the adequacy of resources."
    audits = "The results of internal audits were not considered at the management review."
    assert not citation_fit(std, "9.2.2", review, evidence, review).fits
    assert citation_fit(std, "9.3.2", audits, evidence, audits).fits
    assert citation_fit(std, "9.3.2", review, evidence, review).fits


def test_a_statement_recording_no_lack_is_judged_as_before(engine: Engine) -> None:
    """Without a lack in the statement the nonfulfilment principle decides nothing: the fit is the one of the whole
    finding's words."""
    std = engine.library.resolve("ISO 9001:2015")
    assert std is not None
    text = "Work instruction WI-22 revision B is at the assembly station; revision D is in the master list."
    assert citation_fit(std, "9.1.3", text, None, None) == citation_fit(std, "9.1.3", text, None)


@pytest.mark.parametrize(
    ("standard", "a", "b"),
    [
        ("ISO/IEC 27001:2022", "6.1.3", "A.8.13"),  # the Statement of Applicability decides each Annex A control
        ("ISO/IEC 27001:2022", "6.1.3", "A.5.15"),
        ("ISO/IEC 27001:2022", "A.5.15", "A.5.18"),  # access rights follow the access control rules
        ("ISO 45001:2018", "6.1.3", "9.1.2"),  # compliance is evaluated with the requirements determined
        ("ISO 22000:2018", "8.5.3", "8.5.4.2"),  # control measures validated for the hazard control plan
        ("ISO 9001:2015", "9.1.1", "9.1.3"),  # monitoring, and the analysis of its data
    ],
)
def test_clauses_that_name_each_other_are_one_subject(engine: Engine, standard: str, a: str, b: str) -> None:
    std = engine.library.resolve(standard)
    assert std is not None
    assert related(a, b, std) and related(b, a, std)


@pytest.mark.parametrize(
    ("standard", "a", "b"),
    [
        ("ISO 9001:2015", "7.2", "7.3"),  # competence is not awareness
        ("ISO 45001:2018", "7.2", "7.3"),
        ("ISO/IEC 27001:2022", "A.8.13", "A.5.23"),  # two controls are not one subject for sharing Annex A
        ("ISO 9001:2015", "8.4.1", "A"),  # an informative annex links nothing
    ],
)
def test_related_subjects_that_stay_apart(engine: Engine, standard: str, a: str, b: str) -> None:
    std = engine.library.resolve(standard)
    assert std is not None
    assert not related(a, b, std)


def test_another_editions_number_is_wrong_edition_not_a_mismatch(engine: Engine) -> None:
    """8.2.2 was internal audit in ISO 9001:2008: the subject belongs to another edition's numbering, which
    `wrong_edition` says; the nonfulfilment principle judges only citations that resolve in the edition audited."""
    case = {
        "standard": "ISO 9001:2015",
        "clause": "8.2.2",
        "statement": "Internal audits of the welding and dispatch processes were not carried out in 2025 as planned.",
        "evidence": "Audit programme AP-2025 lists both for Q3; no audit reports exist.",
    }
    cats = {i.category for i in _verdict(engine, case).issues}
    assert "wrong_edition" in cats and "citation_mismatch" not in cats
    case["clause"] = "9.2.2"
    assert not {"wrong_edition", "citation_mismatch"} & {i.category for i in _verdict(engine, case).issues}
