"""Citation parsing and resolution: the contract's notations, and properties over arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.check.engine import Engine
from engine.core.models import Report
from engine.standards.citation import CitationRef, parse_citations, resolve_citations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.1.5.2", [("7.1.5.2", None)]),
        ("7.1.5.2 a)", [("7.1.5.2", "a")]),
        ("cl. 8.5.1 c)", [("8.5.1", "c")]),
        ("clause 7", [("7", None)]),
        ("§ 7.5.3.2", [("7.5.3.2", None)]),
        ("ISO 9001:2015 §7.5.3.2", [("7.5.3.2", None)]),
        ("ISO 9001:2015 7.5.3.2", [("7.5.3.2", None)]),
        ("Annex A.4", [("A.4", None)]),
        ("A.5.15", [("A.5.15", None)]),
        ("Annex A 8.13", [("A.8.13", None)]),
        ("Annex A control 5.15", [("A.5.15", None)]),
        ("8.2.2 / 8.2.3", [("8.2.2", None), ("8.2.3", None)]),
        ("7.2(d)", [("7.2", "d")]),
        ("7.2 d), 9.2.2 f)", [("7.2", "d"), ("9.2.2", "f")]),
        ("7.1.5.2/8.5.1", [("7.1.5.2", None), ("8.5.1", None)]),
        ("8.2.2/8.2.3/9.1", [("8.2.2", None), ("8.2.3", None), ("9.1", None)]),
        ("cl.7.1.5.2(a)", [("7.1.5.2", "a")]),
        ("Clause.8.4", [("8.4", None)]),
        ("12/10/2026", []),
        ("7.1.5.2a", [("7.1.5.2", "a")]),
        ("7.1.5.2.a", [("7.1.5.2", "a")]),
        ("7.1.5.2, a)", [("7.1.5.2", "a")]),
        ("7.1.5.2 a", [("7.1.5.2", None)]),
        ("4th edition", []),
        ("see the report", []),
        ("", []),
    ],
)
def test_notations(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(r.number, r.item) for r in parse_citations(text)] == expected


def test_designation_is_kept() -> None:
    (ref,) = parse_citations("ISO/IEC 27002:2022 5.15")
    assert ref.standard_text == "ISO/IEC 27002:2022" and ref.number == "5.15"


@pytest.mark.parametrize(
    ("standard", "text", "status", "clause"),
    [
        ("ISO 9001:2015", "ISO 9001:2015 cl. 8.5.1 c)", "resolved", "8.5.1"),
        ("ISO 9001:2015", "7.1.5.2 a)", "resolved", "7.1.5.2"),
        ("ISO 9001:2015", None, "missing", None),
        ("ISO 9001:2015", "7.9.2", "unknown_clause", None),
        ("ISO 9001:2015", "8", "too_broad", "8"),
        ("ISO 9001:2015", "0.3", "informative", "0.3"),
        ("ISO 9001:2015", "Annex A.6", "informative", "A.6"),
        ("ISO 9001:2015", "4.2.3", "wrong_edition", None),
        ("ISO/IEC 27001:2022", "A.5.15", "resolved", "A.5.15"),
        ("ISO/IEC 27001:2022", "Annex A 8.13", "resolved", "A.8.13"),
        ("ISO/IEC 27001:2022", "A.12.3.1", "wrong_edition", None),
        ("ISO/IEC 27001:2022", "ISO/IEC 27002:2022 5.15", "informative", None),
        ("ISO 9001:2015", "ISO 19011:2018 6.4.7", "informative", None),
        ("ISO 99999:2031", "4.1", "unknown_standard", None),
        ("ISO 14001:2015", "4.4.6", "wrong_edition", None),
        ("ISO 9001:2015", "Measurement traceability", "resolved", "7.1.5.2"),
        ("ISO 9001:2015", "clause: Control of Documented Information", "too_broad", "7.5.3"),
        ("ISO 45001:2018", "Section: Management of change", "resolved", "8.1.3"),
        ("ISO 9001:2015", "General", "missing", None),  # a title many clauses share names none
        ("ISO 9001:2015", "Internal audit", "too_broad", "9.2"),
        ("ISO 14001:2015", "ISO 14001:2004 4.3.1", "wrong_edition", None),
        ("ISO 45001:2018", "4.5.3.1", "wrong_edition", None),
        ("ISO 45001:2018", "OHSAS 18001 4.3.1", "wrong_edition", None),
        ("ISO 45001:2018", "BS OHSAS 18001:2007 4.4.3.2", "wrong_edition", None),
    ],
)
def test_resolution(engine: Engine, standard: str, text: str | None, status: str, clause: str | None) -> None:
    criteria = engine.library.resolve(standard)
    res = resolve_citations(text, criteria, engine.library)[0]
    assert res.status == status, res.reason
    if clause:
        assert res.clause is not None and res.clause.number == clause


def test_every_old_edition_maps_to_clauses_of_its_successor(engine: Engine) -> None:
    # a wrong-edition finding is told which clause of the audited edition took the subject over
    for old in engine.library:
        if old.successor is None:
            continue
        new = engine.library.get(old.successor)
        assert new is not None, f"{old.id}: successor {old.successor} is not loaded"
        # mappings are in the numbering of the edition in force, so a suggestion can be cited at once
        assert new.successor is None and old.withdrawn is not None, f"{old.id}: successor {new.id} is not current"
        assert any(c.successor for c in old.walk()), f"{old.id}: no clause says where its subject went"
        for clause in old.walk():
            missing = [n for n in clause.successor if new.clause(n) is None]
            assert not missing, f"{old.id} {clause.number}: {missing} not in {new.id}"


@pytest.mark.parametrize("spelling", ["ISO 9001:2015", "iso-9001-2015", "ISO9001:2015", "ISO 9001 : 2015", "iso 9001"])
def test_standard_spellings(engine: Engine, spelling: str) -> None:
    std = engine.library.resolve(spelling)
    assert std is not None and std.id == "iso-9001-2015"


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_parser_never_raises(text: str) -> None:
    for ref in parse_citations(text):
        assert 0 <= ref.start < ref.end <= len(text)


_number = st.one_of(
    st.lists(st.integers(1, 10), min_size=1, max_size=4).map(lambda xs: ".".join(map(str, xs))),
    st.tuples(st.sampled_from("AB"), st.lists(st.integers(1, 20), min_size=1, max_size=2)).map(
        lambda t: t[0] + "." + ".".join(map(str, t[1]))
    ),
)


@given(_number, st.one_of(st.none(), st.sampled_from("abcdefgh")))
@settings(max_examples=300, deadline=None)
def test_canonical_round_trip(number: str, item: str | None) -> None:
    ref = CitationRef(number, item)
    (back,) = parse_citations(ref.canonical())
    assert (back.number, back.item) == (number, item)


@pytest.mark.parametrize(
    ("standard", "clauses", "too_broad"),
    [
        # the standard links them: 6.1.3 has the controls determined compared with Annex A
        ("ISO/IEC 27001:2022", "6.1.3, A.8.15", False),
        ("ISO/IEC 27001:2013", "6.1.3 / A.12.4.1", False),
        # nothing links a calibration lapse to supplier evaluation
        ("ISO 9001:2015", "7.1.5.2, 8.4.1", True),
        ("ISO/IEC 27001:2022", "7.2, A.8.15", True),
    ],
)
def test_clauses_the_standard_links_are_one_requirement(
    engine: Engine, standard: str, clauses: str, too_broad: bool
) -> None:
    """Citing a risk-treatment clause with the Annex A control it selected is how 27001 findings are written:
    one requirement and its detail, not several unrelated requirements (CT07)."""
    report = Report.model_validate(
        {
            "id": "R",
            "standard": standard,
            "findings": [
                {
                    "id": "N1",
                    "grade": "minor",
                    "clause": clauses,
                    "statement": "Event logs of the payroll servers are kept for 7 days; the SoA sets 90 days.",
                    "evidence": "Log store LS-2 settings, 2026-10-12.",
                }
            ],
        }
    )
    rules = {i.rule for i in engine.check(report).findings[0].issues}
    assert ("CT07" in rules) is too_broad
