"""Clause trees: every bundled file validates, trees that extend another, old editions, names people write."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.check.criteria import edition_for, prepare
from engine.check.engine import Engine
from engine.core.models import Report
from engine.standards.citation import resolve_citations
from engine.standards.library import StandardLibrary, _schema
from engine.standards.model import parse_xml
from tests.conftest import ROOT, check_one

BUNDLED = sorted((ROOT / "standards").glob("*.xml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_tree_validates_against_the_schema(path: Path) -> None:
    tree = parse_xml(path)
    schema = _schema()
    assert schema.validate(tree), f"{path.name}: {schema.error_log.last_error}"  # type: ignore[attr-defined]


def test_every_bundled_tree_loads(engine: Engine) -> None:
    assert not engine.library.warnings
    ids = set(engine.library.ids())
    for path in BUNDLED:
        root = etree.parse(str(path)).getroot()
        assert root.get("designation") and any(s.designation == root.get("designation") for s in engine.library), path
    assert {"iatf-16949-2016", "as9100d-2016", "iso-22000-2018", "iso-50001-2018"} <= ids
    assert {"iso-9001-1994", "iso-9001-2000", "iso-13485-2003"} <= ids


# -- a tree that extends another --------------------------------------------------------------------------------


def test_extending_tree_holds_base_and_added_clauses(engine: Engine) -> None:
    iatf = engine.library.get("iatf-16949-2016")
    assert iatf is not None and iatf.extends == "iso-9001-2015"
    base = iatf.clause("7.1.5.2")
    added = iatf.clause("7.1.5.2.1")
    assert base is not None and not base.added and base.source == "ISO 9001:2015" and base.standard == iatf.id
    assert added is not None and added.added and added.source == "IATF 16949:2016"
    assert added.parent == "7.1.5.2" and "7.1.5.2.1" in base.children
    msa = iatf.clause("7.1.5.1.1")
    assert msa is not None and msa.parent == "7.1.5.1" and msa.to_dict()["added"] is True
    # the base tree itself is untouched
    iso = engine.library.get("iso-9001-2015")
    assert iso is not None and iso.clause("7.1.5.2.1") is None and iso.clause("7.1.5.2").children == []  # type: ignore[union-attr]


def test_reopened_base_clause_marks_added_items(engine: Engine) -> None:
    as9100 = engine.library.get("as9100d-2016")
    iso = engine.library.get("iso-9001-2015")
    assert as9100 is not None and iso is not None
    c = as9100.clause("8.4.3")
    assert c is not None and not c.added and c.source == "ISO 9001:2015"
    assert not c.items["a"].added and c.items["h"].added
    assert "h" not in iso.clause("8.4.3").items  # type: ignore[union-attr]
    assert [i["label"] for i in c.to_dict()["items"] if i.get("added")] == list("ghijklm")  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    ("standard", "clause", "number", "added"),
    [
        ("IATF 16949:2016", "7.1.5.1.1", "7.1.5.1.1", True),
        ("IATF 16949:2016", "7.1.5.2 a)", "7.1.5.2", False),
        ("IATF16949", "cl. 8.5.6.1.1", "8.5.6.1.1", True),
        ("IATF 16949:2016", "IATF 16949:2016 10.2.4", "10.2.4", True),
        ("AS9100D", "8.1.4", "8.1.4", True),
        ("AS 9100 Rev D", "8.5.1.3", "8.5.1.3", True),
        ("AS9100D", "8.4.3 h)", "8.4.3", False),
        ("AS9100D", "7.1.5.2", "7.1.5.2", False),
    ],
)
def test_citations_resolve_to_base_or_added(
    engine: Engine, standard: str, clause: str, number: str, added: bool
) -> None:
    criteria = engine.library.resolve(standard)
    res = resolve_citations(clause, criteria, engine.library)[0]
    assert res.status == "resolved", res.reason
    assert res.clause is not None and res.clause.number == number and res.clause.added is added


def test_old_base_edition_is_wrong_edition_in_an_extending_audit(engine: Engine) -> None:
    iatf = engine.library.get("iatf-16949-2016")
    res = resolve_citations("ISO 9001:2008 7.6", iatf, engine.library)[0]
    assert res.status == "wrong_edition" and "7.1.5" in res.suggested


def _write(folder: Path, name: str, body: str, designation: str, extends: str | None = None) -> None:
    ext = f' extends="{extends}"' if extends else ""
    folder.joinpath(name).write_text(
        f'<standard xmlns="urn:ncaudit:standard:1" designation="{designation}" title="T"{ext}>{body}</standard>'
    )


def test_extends_a_user_tree_and_reports_problems(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "base.xml",
        '<clause number="4" title="A"><clause number="4.1" title="B"><req>x</req>'
        '<item label="a">y</item></clause></clause>',
        "XYZ 100:2020",
    )
    _write(
        tmp_path,
        "ok.xml",
        '<clause number="4.1.1" title="C" added="true"><req>z</req></clause>'
        '<clause number="4.1" title="B"><item label="b">w</item></clause>',
        "XYZ 200:2021",
        "xyz-100-2020",
    )
    _write(tmp_path, "orphan.xml", '<clause number="1" title="A"><req>x</req></clause>', "XYZ 300:2021", "xyz-999")
    _write(
        tmp_path,
        "clash.xml",
        '<clause number="4.1" title="B"><item label="a">again</item></clause>',
        "XYZ 400:2021",
        "xyz-100-2020",
    )
    _write(
        tmp_path,
        "wrongmark.xml",
        '<clause number="4.1" title="B" added="true"><req>q</req></clause>',
        "XYZ 500:2021",
        "xyz-100-2020",
    )
    lib = StandardLibrary.load([tmp_path], bundled=False)
    ok = lib.get("xyz-200-2021")
    assert ok is not None and ok.clause("4.1.1").added and ok.clause("4.1").items["b"].added  # type: ignore[union-attr]
    assert lib.get("xyz-100-2020").clause("4.1").items.keys() == {"a"}  # type: ignore[union-attr]
    joined = "\n".join(lib.warnings)
    assert lib.get("xyz-300-2021") is None and "extends 'xyz-999', which is not loaded" in joined
    assert lib.get("xyz-400-2021") is None and "item a) is already in XYZ 100:2020" in joined
    assert lib.get("xyz-500-2021") is None and "marked added" in joined


def test_added_is_only_for_extending_trees(tmp_path: Path) -> None:
    _write(tmp_path, "plain.xml", '<clause number="1" title="A" added="true"><req>x</req></clause>', "XYZ 600:2020")
    lib = StandardLibrary.load([tmp_path], bundled=False)
    assert lib.get("xyz-600-2020") is None and "only for a standard that `extends`" in "\n".join(lib.warnings)


# -- old editions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "clause", "statement", "suggested"),
    [
        ("ISO 9001:2015", "ISO 9001:1994 4.11.2", "Gauge G-4 was used after its calibration due date.", "7.1.5.2"),
        ("ISO 9001:2015", "4.17", "The internal quality audit schedule was not followed for 2026.", "9.2.2"),
        ("ISO 9001:2015", "ISO 9001:2000 7.6", "Torque wrench TW-2 was past its calibration date.", "7.1.5"),
        (
            "ISO 13485:2016",
            "ISO 13485:2003 7.5.2.2",
            "Sterilization validation of cycle EO-3 is not recorded.",
            "7.5.7",
        ),
    ],
)
def test_old_edition_citations_are_wrong_edition(
    engine: Engine, criteria: str, clause: str, statement: str, suggested: str
) -> None:
    v = check_one(engine, {"grade": "minor", "clause": clause, "statement": statement}, standard=criteria)
    assert v.citation.status == "wrong_edition"
    assert any(s.startswith(suggested + " ") for s in v.citation.suggested), v.citation.suggested


def test_same_number_other_subject_in_13485_2003(engine: Engine) -> None:
    # 8.2.2 is internal audit in ISO 13485:2003 and complaint handling in 2016
    v = check_one(
        engine,
        {
            "grade": "minor",
            "clause": "8.2.2",
            "statement": "The internal audit programme missed the warehouse.",
            "evidence": "Audit programme AP-2026 lists no internal audit of the warehouse.",
        },
        standard="ISO 13485:2016",
    )
    assert v.citation.status == "wrong_edition" and v.citation.suggested[0].startswith("8.2.4")


def test_status_of_each_edition(engine: Engine) -> None:
    lib = engine.library
    assert lib.status(lib.get("iso-9001-1994")) == "superseded by ISO 9001:2015"  # type: ignore[arg-type]
    assert lib.status(lib.get("iso-13485-2003")) == "superseded by ISO 13485:2016"  # type: ignore[arg-type]
    assert lib.status(lib.get("iatf-16949-2016")) == "current"  # type: ignore[arg-type]


# -- names people write ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sid"),
    [
        ("IATF16949", "iatf-16949-2016"),
        ("IATF 16949:2016", "iatf-16949-2016"),
        ("AS 9100 Rev D", "as9100d-2016"),
        ("AS9100D", "as9100d-2016"),
        ("EN 9100:2018", "as9100d-2016"),
        ("ISO 22000:2018 / FSSC 22000 v6", "iso-22000-2018"),
        ("GB/T 19001-2016", "iso-9001-2015"),
        ("EN ISO 13485:2016", "iso-13485-2016"),
        ("BS EN ISO 9001:2015", "iso-9001-2015"),
        ("DIN EN ISO 14001:2015", "iso-14001-2015"),
        ("ISO 50001", "iso-50001-2018"),
        ("ISO 9001:1994", "iso-9001-1994"),
        ("EN ISO 13485:2012", "iso-13485-2003"),
    ],
)
def test_names_people_write(engine: Engine, name: str, sid: str) -> None:
    std = engine.library.resolve(name)
    assert std is not None and std.id == sid


@pytest.mark.parametrize("name", ["ISO 39001", "ISO 39001:2012", "IATF 16949:2009", "FSSC 24000", ""])
def test_names_not_held_resolve_to_nothing(engine: Engine, name: str) -> None:
    assert engine.library.resolve(name) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2012-05-01", "iso-9001-2008"),
        ("2005-01-10", "iso-9001-2000"),
        ("1998-03-02", "iso-9001-1994"),
        ("2026-10-14", "iso-9001-2015"),
        (None, "iso-9001-2015"),
    ],
)
def test_a_designation_without_year_is_the_edition_in_force(engine: Engine, day: str | None, expected: str) -> None:
    import datetime as dt

    std, note = edition_for(engine.library, "ISO 9001", dt.date.fromisoformat(day) if day else None)
    assert std is not None and std.id == expected
    assert note is not None and std.designation in note


def test_year_less_criteria_are_pinned_and_said_once(engine: Engine) -> None:
    data = {
        "standard": "ISO 9001",
        "audit": {"date": "2013-06-04"},
        "findings": [
            {
                "id": "N1",
                "grade": "minor",
                "clause": "7.6",
                "statement": "Caliper C-3 was used after its calibration due date.",
                "evidence": "Caliper C-3 label due 2013-04-01; used on job 4471 on 2013-06-03.",
            }
        ],
    }
    report, warnings = prepare(engine.library, Report.model_validate(data))
    assert report.standard == "ISO 9001:2008"
    assert warnings == [
        "standard: 'ISO 9001' names no edition: taken as ISO 9001:2008, the edition in force on 2013-06-04"
    ]
    result = engine.check(Report.model_validate(data))
    assert result.findings[0].citation.standard == "iso-9001-2008" and result.findings[0].citation.status == "resolved"
    assert result.warnings == warnings
    # a dated designation is taken as written, with nothing to say
    assert prepare(engine.library, Report.model_validate({**data, "standard": "ISO 9001:2015"}))[1] == []


# -- criteria ncaudit does not hold ------------------------------------------------------------------------------

UNKNOWN = {
    "standard": "ISO 39001:2012",
    "audit": {"type": "surveillance", "date": "2026-09-10"},
    "findings": [
        {
            "id": "RTS-1",
            "grade": "minor",
            "clause": "8.2",
            "statement": "Speed limits for the delivery fleet were not monitored as planned.",
            "evidence": "Telematics report TR-0926 for vans V-12 and V-17: no monthly review recorded for August 2026.",
        },
        {
            "id": "RTS-2",
            "grade": "minor",
            "clause": "9.1",
            "statement": "Journey planning records could be improved.",
            "evidence": None,
        },
        {
            "id": "RTS-3",
            "grade": "minor",
            "clause": "XYZ 123:2020 4.1",
            "statement": "The context review was not updated after the site move.",
            "evidence": "Context register CR-1 last reviewed 2023-01-10; the site moved in June 2025.",
        },
    ],
}


def test_unknown_criteria_are_a_warning_once_and_never_an_error(engine: Engine) -> None:
    result = engine.check(Report.model_validate(UNKNOWN))
    assert result.warnings == [
        "ISO 39001:2012 is not loaded: citations were not checked; wording and grading were (see `ncaudit standards`)",
        "XYZ 123:2020 is not loaded: citations were not checked; wording and grading were (see `ncaudit standards`)",
    ]
    for f in result.findings:
        assert f.citation.status == "unknown_standard"
        unknown = [i for i in f.issues if i.category == "unknown_standard"]
        assert unknown and all(i.severity == "info" for i in unknown)
    first = result.findings[0]
    assert first.verdict == "sound" and not [i for i in first.issues if i.severity == "error"]
    # wording is still judged: no evidence is still sent back
    assert result.findings[1].verdict != "sound"


def test_a_finding_under_unknown_criteria_is_judged_like_one_under_known_criteria(engine: Engine) -> None:
    finding = UNKNOWN["findings"][0]  # type: ignore[index]
    unknown = check_one(engine, finding, standard="ISO 39001:2012")
    known = check_one(engine, {**finding, "clause": "9.1.1"}, standard="ISO 9001:2015")
    assert unknown.verdict == known.verdict == "sound"
    assert unknown.proposed_grade == known.proposed_grade
