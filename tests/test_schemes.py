"""Scheme rule packs: loading, validation, selection, and their effect on realistic scheme reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.check.engine import Engine
from engine.cli import main
from engine.core.models import Report
from engine.rulebook.config import RulesConfig
from engine.rulebook.schemes import SchemeError, load_schemes, parse_schemes, scheme_for
from tests.conftest import ROOT, check_one

FIXTURES = ROOT / "tests" / "fixtures" / "schemes"
PACKS = sorted((ROOT / "rules" / "schemes").glob("*.yaml"))


def _report(name: str) -> Report:
    return Report.model_validate(json.loads((FIXTURES / name).read_text()))


# -- the packs as data -----------------------------------------------------------------------------------------


def test_bundled_packs_load_with_a_source_on_every_rule() -> None:
    packs = parse_schemes(PACKS)
    assert {p.id for p in packs} == {"generic-17021-1", "iatf-16949", "as9100", "fssc-22000", "iso-13485"}
    assert [p.id for p in packs if p.default] == ["generic-17021-1"]
    for p in packs:
        assert p.sources and p.ofi.source
        assert all(g.source for g in p.grades) and all(e.source for e in p.escalations)
        assert all(d.source and d.due for d in p.deadlines)
        assert all(g.maps_to in ("major", "minor", "ofi", "none") for g in p.grades)


def test_pack_contents_the_engine_reads() -> None:
    packs = {p.id: p for p in parse_schemes(PACKS)}
    fssc, iatf = packs["fssc-22000"], packs["iatf-16949"]
    assert not fssc.ofi.allowed and fssc.grade("critical").maps_to == "major"  # type: ignore[union-attr]
    assert {d.days for d in fssc.deadlines_for("major")} == {28}
    assert {e.when for e in iatf.escalations if e.effect == "raise"} >= {
        "process_absent",
        "released_nonconforming_output",
    }
    assert any(d.days == 15 and "containment" in d.due for d in iatf.deadlines_for("major"))
    assert any(d.days == 60 and "corrective_action" in d.due for d in iatf.deadlines_for("minor"))
    assert {g.id for g in packs["iso-13485"].grades} >= {f"grade_{n}" for n in range(1, 6)}


@pytest.mark.parametrize(
    ("scheme", "standard", "expected"),
    [
        ("FSSC 22000 v6", None, "fssc-22000"),
        ("ISO 22000:2018 / FSSC 22000 v6", "iso-22000-2018", "fssc-22000"),
        (None, "iatf-16949-2016", "iatf-16949"),
        ("IATF 16949", None, "iatf-16949"),
        ("AS 9100 Rev D", None, "as9100"),
        (None, "as9100d-2016", "as9100"),
        ("MDSAP", None, "iso-13485"),
        (None, "iso-13485-2016", "iso-13485"),
        (None, "iso-9001-2015", "generic-17021-1"),
        (None, "iso-22000-2018", "generic-17021-1"),
        ("Some national scheme", "iatf-16949-2016", "iatf-16949"),
        (None, None, "generic-17021-1"),
    ],
)
def test_scheme_selection(scheme: str | None, standard: str | None, expected: str) -> None:
    pack = scheme_for(scheme, standard, parse_schemes(PACKS))
    assert pack is not None and pack.id == expected


def test_no_packs_no_scheme() -> None:
    assert scheme_for("FSSC 22000", None, []) is None


GOOD = """
id: {id}
title: Test scheme
short: TS
sources: [Test rules 1.0]
default: {default}
ofi: {{allowed: false, source: Test rules 1.0 s.3}}
grades:
  - {{id: major, maps_to: major, definition: big, source: Test rules 1.0 s.4}}
"""
GOOD_TS = GOOD.format(id="test-scheme", default="true")


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        (GOOD_TS.replace("ofi: {allowed: false, source: Test rules 1.0 s.3}\n", ""), "field `ofi`: Field required"),
        (
            GOOD_TS + "deadlines:\n  - {grade: minor, days: 30, due: [closure], source: Test rules 1.0 s.5}\n",
            "deadlines[0].grade: 'minor' is not one of this pack's grades",
        ),
        (
            GOOD_TS + "escalations:\n  - {when: moon_phase, grade: major, reason: odd, source: Test rules s.6}\n",
            "field `escalations.0.when`",
        ),
        (
            GOOD_TS + "deadlines:\n  - {grade: major, days: -2, due: [closure], source: Test rules 1.0 s.5}\n",
            "field `deadlines.0.days`",
        ),
        (GOOD_TS + "colour: blue\n", "field `colour`: Extra inputs are not permitted"),
        ("- just a list", "a scheme pack is one mapping"),
        ("id: [unclosed", "not valid YAML"),
    ],
)
def test_validation_errors_name_file_and_field(tmp_path: Path, body: str, expect: str) -> None:
    path = tmp_path / "test-scheme.yaml"
    path.write_text(body)
    with pytest.raises(SchemeError) as err:
        parse_schemes([path])
    assert str(err.value).startswith(str(path)) and expect in str(err.value)


def test_id_must_match_file_and_one_default(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(GOOD.format(id="b", default="true"))
    with pytest.raises(SchemeError, match="field `id` is 'b' but the file is named a.yaml"):
        parse_schemes([a])
    a.write_text(GOOD.format(id="a", default="false"))
    with pytest.raises(SchemeError, match="exactly one pack needs `default: true`"):
        parse_schemes([a])


def test_packs_are_cached_keyed_on_their_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "schemes"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD.format(id="a", default="true"))
    assert load_schemes(folder)[0].title == "Test scheme"
    (folder / "a.yaml").write_text(GOOD.format(id="a", default="true").replace("Test scheme", "Renamed scheme!"))
    assert load_schemes(folder)[0].title == "Renamed scheme!"


# -- effects on reports --------------------------------------------------------------------------------------


def test_iatf_report_resolved_and_graded_by_iatf_rules(engine: Engine) -> None:
    result = engine.check(_report("iatf-16949-report.json"))
    assert result.warnings == []
    by_id = {f.id: f for f in result.findings}
    for f in result.findings[:5]:
        assert f.citation.standard == "iatf-16949-2016" and f.citation.status == "resolved", f.id
        assert any("IATF Rules 5th ed." in r for r in f.grade_reasons), f.grade_reasons
        assert not [i for i in f.issues if i.severity == "error"], f.issues
    assert by_id["NC-01"].proposed_grade == "major"
    assert any("shipment of nonconforming product" in r for r in by_id["NC-01"].grade_reasons)
    assert by_id["NC-02"].citation.title == "Measurement systems analysis"
    assert {f.proposed_grade for f in result.findings[1:]} == {"minor"}
    # ISO 9001:2008 numbering in an IATF 16949 audit: the base's old edition is a wrong edition too
    old = by_id["NC-06"]
    assert old.citation.status == "wrong_edition" and old.verdict == "revise"
    assert any(s.startswith("7.1.5") for s in old.citation.suggested)


def test_as9100d_report_resolved_and_graded_by_as9101(engine: Engine) -> None:
    result = engine.check(_report("as9100d-report.json"))
    assert result.warnings == []
    for f in result.findings:
        assert f.citation.standard == "as9100d-2016" and f.citation.status == "resolved", f.id
        assert any(r.startswith("AS9101") for r in f.grade_reasons), f.grade_reasons
    first = result.findings[0]
    assert first.citation.title == "Prevention of counterfeit parts" and first.proposed_grade == "major"
    assert result.findings[1].citation.title == "Production process verification"


def test_fssc_report_ofi_gets_the_schemes_answer(engine: Engine) -> None:
    result = engine.check(_report("fssc-22000-report.json"))
    ofi, critical, minor = result.findings
    sc02 = [i for i in ofi.issues if i.rule == "SC02"]
    assert (
        sc02 and "FSSC 22000" in sc02[0].message and "does not allow opportunities for improvement" in sc02[0].message
    )
    assert ofi.verdict == "withdraw" and ofi.proposed_grade == "none"
    assert critical.raised_grade == "major" and critical.proposed_grade == "major"
    assert critical.grade_reasons[0].startswith("raised as critical (FSSC 22000 v6 Part 4")
    assert "reported as major" in critical.grade_reasons[0]
    assert minor.citation.status == "resolved" and not [i for i in minor.issues if i.rule == "SC02"]


def test_the_same_ofi_is_allowed_without_the_scheme(engine: Engine) -> None:
    data = json.loads((FIXTURES / "fssc-22000-report.json").read_text())
    data["audit"]["scheme"] = None
    data["standard"] = "ISO 22000:2018"
    ofi = engine.check(Report.model_validate(data)).findings[0]
    assert not [i for i in ofi.issues if i.rule == "SC02"] and ofi.proposed_grade == "ofi"


def test_configuration_that_forbids_ofis_still_holds_under_the_default_pack(engine: Engine) -> None:
    strict = Engine(
        library=engine.library,
        lexicons=engine.lexicons,
        config=RulesConfig.model_validate({"scheme": {"name": "CB policy", "ofi_allowed": False}}),
    )
    v = check_one(
        strict,
        {
            "grade": "ofi",
            "clause": "9.1.3",
            "statement": "Customer satisfaction data could be trended.",
            "evidence": "Analysis CS-Q2-2026.",
        },
    )
    sc02 = [i for i in v.issues if i.rule == "SC02"]
    assert sc02 and sc02[0].message.startswith("CB policy")


def test_critical_grade_spelling_is_kept() -> None:
    r = Report.model_validate({"findings": [{"statement": "x happened", "grade": "Critical NC"}]})
    assert r.findings[0].grade == "major" and r.findings[0].scheme_grade == "critical"


def test_critical_outside_a_scheme_that_defines_it(engine: Engine) -> None:
    v = check_one(
        engine,
        {
            "grade": "critical",
            "clause": "8.7.1",
            "statement": "Nonconforming valves were shipped.",
            "evidence": "Valves V-1 to V-4 failed the pressure test PT-88 and were shipped on DN-4410.",
        },
    )
    assert v.proposed_grade == "major"
    assert v.grade_reasons[0] == "raised as critical, a grade ISO/IEC 17021-1 does not define: taken as major"


# -- command line ------------------------------------------------------------------------------------------------


def test_schemes_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes"]) == 0
    out = capsys.readouterr().out
    for pack_id in ("generic-17021-1", "iatf-16949", "as9100", "fssc-22000", "iso-13485"):
        assert pack_id in out
    assert "sources:" in out
    assert main(["schemes", "show", "FSSC 22000 v6"]) == 0
    shown = capsys.readouterr().out
    assert "critical -> major" in shown and "28 calendar days" in shown
    assert main(["schemes", "show", "iatf-16949", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "iatf-16949"
    assert main(["schemes", "show", "no-such-scheme"]) == 2
    assert "no scheme 'no-such-scheme'" in capsys.readouterr().err


def test_standards_list_shows_edition_base_and_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "extends iso-9001-2015" in lines["iatf-16949-2016"] and "current" in lines["iatf-16949-2016"]
    assert "D (2016)" in lines["as9100d-2016"]
    assert "superseded by ISO 9001:2015" in lines["iso-9001-1994"]
    assert main(["standards", "show", "IATF16949", "7.1.5.1.1"]) == 0
    assert "added by IATF 16949:2016" in capsys.readouterr().out
    assert main(["standards", "--json"]) == 0
    listed = {s["id"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed["as9100d-2016"]["extends"] == "iso-9001-2015" and listed["iso-9001-2000"]["status"].startswith(
        "superseded"
    )


def test_iso_13485_audit_is_graded_with_the_n19_escalations(engine: Engine) -> None:
    v = check_one(
        engine,
        {
            "grade": "minor",
            "clause": "8.3.1",
            "statement": "Nonconforming catheters were released for distribution without a concession.",
            "evidence": "Lot CT-2207: 120 catheters failed the leak test (NCR-0912) and were shipped on DN-3310.",
        },
        standard="EN ISO 13485:2016",
        audit={"type": "surveillance", "date": "2026-07-01", "scheme": "MDSAP"},
    )
    assert v.citation.standard == "iso-13485-2016" and v.proposed_grade == "major"
    assert any("release of nonconforming medical devices raises the N19 grade" in r for r in v.grade_reasons)
