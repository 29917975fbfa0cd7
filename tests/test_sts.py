"""NISO STS / ISO STS files a licensed user supplies: loaded, shown, cited and imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from engine.cli import main
from engine.standards.citation import resolve_citations
from engine.standards.library import StandardLibrary, load_file
from engine.standards.sts import documented_information, verbal_form
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "sts"
XSD = etree.XMLSchema(etree.parse(str(ROOT / "standards" / "ncaudit-standard.xsd")))


@pytest.fixture(scope="module")
def lib() -> StandardLibrary:
    return StandardLibrary.load([FIXTURES])


def test_ids_from_dated_reference_and_std_ident(lib: StandardLibrary) -> None:
    assert lib.get("xyz-99001-2030") is not None
    assert lib.get("abc-12345-2-2029") is not None  # ISO STS: originator, number, part and release year
    assert not lib.warnings


@pytest.mark.parametrize(
    ("number", "normative", "kind"),
    [
        ("0", False, "clause"),
        ("1", False, "clause"),
        ("2", False, "clause"),
        ("3", False, "clause"),
        ("3.1", False, "term"),
        ("4.1", True, "clause"),
        ("7.5.1", True, "clause"),
        ("A", False, "annex"),
        ("A.1", False, "annex"),
        ("B", True, "annex"),
        ("B.1", True, "annex"),
    ],
)
def test_normative_and_informative_parts(lib: StandardLibrary, number: str, normative: bool, kind: str) -> None:
    c = lib.get("xyz-99001-2030").clause(number)  # type: ignore[union-attr]
    assert c is not None and c.normative is normative and c.kind == kind


def test_legacy_annex_values(lib: StandardLibrary) -> None:
    std = lib.get("abc-12345-2-2029")
    assert std is not None
    annex_c, annex_d = std.clause("C"), std.clause("D")
    assert annex_c is not None and annex_c.normative is True  # content-type="norm"
    assert annex_d is not None and annex_d.normative is False  # only annex-type "(informative)"


def test_items_forms_notes_and_documented_information(lib: StandardLibrary) -> None:
    std = lib.get("xyz-99001-2030")
    assert std is not None
    c = std.clause("7.5.1")
    assert c is not None
    assert list(c.items) == ["a", "b"]
    assert c.items["a"].form == "shall" and c.items["b"].di == "retain"
    assert [p.form for p in c.provisions] == ["shall", "may"] and c.provisions[0].di == "maintain"
    policy = std.clause("4.1")
    assert policy is not None
    assert [p.form for p in policy.provisions] == ["shall", "should"]
    assert policy.notes and policy.notes[0].text.startswith("The policy can")
    inspection = std.clause("7.5.2")
    assert inspection is not None
    assert len(inspection.provisions) == 2  # the normative note is a provision; the example is not
    assert c.full_text and "widget identifier" in c.full_text


@pytest.mark.parametrize(
    ("text", "form", "di"),
    [
        ("It shall retain documented information.", "shall", "retain"),
        ("They should be kept.", "should", "none"),
        ("It may maintain documented information.", "may", "maintain"),
        ("A documented procedure shall exist.", "shall", "maintain"),
        ("Results can vary.", "can", "none"),
        ("Background only.", "none", "none"),
    ],
)
def test_sentence_classification(text: str, form: str, di: str) -> None:
    assert verbal_form(text) == form and documented_information(text) == di


@pytest.mark.parametrize(
    ("citation", "status"),
    [
        ("7.5.1 a)", "resolved"),
        ("XYZ 99001:2030 7.5.2", "resolved"),
        ("A.1", "informative"),
        ("3.1", "informative"),
        ("B.1", "resolved"),
        ("7.5.9", "unknown_clause"),
        ("7", "too_broad"),
    ],
)
def test_findings_cite_the_sts_standard(lib: StandardLibrary, citation: str, status: str) -> None:
    criteria = lib.resolve("XYZ 99001:2030")
    assert resolve_citations(citation, criteria, lib)[0].status == status


def test_cli_lists_shows_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards", "--standards", str(FIXTURES)]) == 0
    assert "xyz-99001-2030" in capsys.readouterr().out
    assert main(["standards", "show", "xyz-99001-2030", "7.5.1", "--standards", str(FIXTURES)]) == 0
    shown = capsys.readouterr().out
    assert "7.5.1 Widget register" in shown and "a)" in shown
    out = tmp_path / "xyz.xml"
    assert main(["standards", "import", str(FIXTURES / "xyz-99001.xml"), "-o", str(out)]) == 0
    assert XSD.validate(etree.parse(str(out))), XSD.error_log
    back, orig = load_file(out), load_file(FIXTURES / "xyz-99001.xml")
    assert back.id == orig.id
    for number, c in orig.clauses.items():
        b = back.clauses[number]
        assert (b.title, b.normative, b.kind, list(b.items)) == (c.title, c.normative, c.kind, list(c.items))
        assert [p.form for p in b.provisions] == [p.form for p in c.provisions]


def test_check_a_report_against_the_sts_standard(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.json"
    report.write_text(
        '{"standard": "XYZ 99001:2030", "findings": [{"id": "N1", "grade": "minor", "clause": "A.1", '
        '"statement": "Started too big.", "evidence": "Plan WP-1 rev 2."}]}'
    )
    main(["check", str(report), "--format", "json", "--standards", str(FIXTURES)])
    assert '"informative_clause"' in capsys.readouterr().out


def test_a_broken_file_is_named_and_the_rest_load(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "xyz-99001.xml", tmp_path)
    (tmp_path / "no-body.xml").write_text("<standard><front><std-meta/></front></standard>")
    (tmp_path / "bad.xml").write_text("<standard><body><sec>")
    lib = StandardLibrary.load([tmp_path])
    assert lib.get("xyz-99001-2030") is not None and lib.get("iso-9001-2015") is not None
    joined = "\n".join(lib.warnings)
    assert "bad.xml:1" in joined and "no-body.xml" in joined
