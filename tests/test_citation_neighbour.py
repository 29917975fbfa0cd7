"""The neighbour principle (issue 25): a clause's own obligations are its requirement, not its neighbours'. A
citation is wrong when a neighbouring clause's obligations name what the statement says is not fulfilled and the
cited clause's do not (engine/standards/inference.py `_named_elsewhere`); a heading above the right clause, and a
clause that points to it for that part (`<refers>` in the trees, or a number named in an obligation), stay right.
Findings written by us over seven standards (tests/fixtures/citation_fit/neighbour.yaml): each wrong citation has
its twin, the same words cited to the clause that names the lack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.core.yamlio import load_yaml
from engine.standards.inference import NAMED_WORDS, own_subject
from engine.standards.model import Standard

CASES: list[dict[str, Any]] = load_yaml(
    (Path(__file__).parent / "fixtures" / "citation_fit" / "neighbour.yaml").read_text(encoding="utf-8")
)
CITED = [(case, clause, kind) for case in CASES for kind in ("wrong", "right") for clause in case.get(kind, [])]


def _verdict(engine: Engine, case: dict[str, Any], clause: str) -> Any:
    finding = {"id": "F", "grade": "minor", "clause": clause, "statement": case["statement"]}
    finding["evidence"] = case.get("evidence")
    return engine.check(Report.model_validate({"standard": case["standard"], "findings": [finding]})).findings[0]


@pytest.mark.parametrize(
    ("case", "clause", "kind"), CITED, ids=[f"{k}-{c['standard'].split(':')[0]}-{n}" for c, n, k in CITED]
)
def test_a_neighbour_naming_the_lack_makes_the_citation_wrong_and_its_twin_right(
    engine: Engine, case: dict[str, Any], clause: str, kind: str
) -> None:
    finding = _verdict(engine, case, clause)
    issue = next((i for i in finding.issues if i.category == "citation_mismatch"), None)
    if kind == "right":
        assert issue is None, issue.message if issue else ""
        return
    assert issue is not None, [i.rule for i in finding.issues]
    assert finding.requirement is not None and finding.requirement.clause in case["better"], finding.requirement
    assert finding.requirement.clause in issue.message


def test_every_wrong_citation_has_a_twin_citing_the_clause_named() -> None:
    for case in CASES:
        if case.get("wrong"):
            assert set(case["better"]) & set(case["right"]), case["statement"]
    assert len({c["standard"] for c in CASES if c.get("wrong")}) >= 3
    assert NAMED_WORDS >= 2  # one shared word names no requirement plainly


def test_own_subject_is_the_clause_its_headings_its_children_and_what_it_points_to(engine: Engine) -> None:
    std = engine.library.resolve("ISO 9001:2015")
    assert std is not None
    own = own_subject(std, "8.4.3")
    assert {"8.4.3", "8.4", "8"} <= own and "8.4.1" not in own  # the General paragraph beside it is another
    assert {"8.4.1", "8.4.2", "8.4.3"} <= own_subject(std, "8.4.1")  # the General paragraph speaks for the heading
    assert "9.2.2" in own_subject(std, "9.2.1")  # one requirement under one title
    iatf = engine.library.resolve("IATF 16949:2016")
    assert iatf is not None and "8.5.1.6" not in own_subject(iatf, "8.5.1.3")


def _refers(std: Standard) -> list[tuple[str, str, str]]:
    return [
        (c.number, r.to, r.text) for c in std.clauses.values() if c.obligation is not None for r in c.obligation.refers
    ]


def test_cross_references_in_the_trees_point_to_clauses_of_their_standard_and_name_a_part(engine: Engine) -> None:
    seen = 0
    for std in engine.library:
        for number, to, text in _refers(std):
            seen += 1
            assert to in std.clauses and to != number, (std.id, number, to)
            assert len(text.split()) >= 4, (std.id, number, "a cross-reference names the part it is for")
    assert seen >= 5
    ems = engine.library.resolve("ISO 14001:2015")
    assert ems is not None and ("9.1.2", "6.1.3") in {(n, t) for n, t, _ in _refers(ems)}
    shown = ems.clauses["9.1.2"].obligation
    assert shown is not None and shown.to_dict()["refers"] == [{"to": "6.1.3", "text": shown.refers[0].text}]
