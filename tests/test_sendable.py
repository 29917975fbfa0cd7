"""Issue 27: outputs a user can send or work from as they are (the worklist, the impact text, the review page's
header and warnings, the command line's warnings, the grade words of other languages, and no developer's path or
template brace anywhere)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from engine.check.engine import Engine
from engine.check.impact import certification_impact
from engine.cli import main
from engine.core.models import Report
from engine.core.normalise import grade_word
from engine.core.vocabulary import AMBIGUOUS_BY_LANGUAGE, GRADE_WORDS_BY_LANGUAGE
from engine.outputs.challenge import challenge_letter
from engine.outputs.plan import build_plan
from engine.outputs.plan_formats import render_plan
from engine.outputs.render import render
from engine.outputs.report_csv import COLUMNS, is_formula_like
from tests.conftest import ROOT
from tests.letter_fixture import report as fixture_report
from tests.letter_fixture import verdicts

EXAMPLE = ROOT / "examples" / "cb-2026-0142.json"

# a report with accents, a dash list and formulas where a reviewer would type them
AWKWARD: dict[str, Any] = {
    "id": "R-27",
    "standard": "ISO 9001:2015",
    "client": "Société Générale d'Équipements",
    "certification_body": "Zertifizierungsstelle Müller GmbH",
    "audit": {"type": "surveillance", "date": "2026-10-14"},
    "findings": [
        {
            "id": "NC-1",
            "grade": "Nebenabweichung",
            "clause": "7.1.5.2",
            "statement": "- correction: la jauge PG-31 n'était pas étalonnée; 39 autres jauges étaient à jour.",
            "evidence": '=HYPERLINK("http://x","y")',
        },
        {
            "id": "NC-2",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "It is best practice to keep an electronic register; most companies do.",
            "evidence": "@SUM(1) Register DR-1 lists 46 documents.",
        },
    ],
}


@pytest.fixture(scope="module")
def awkward(engine: Engine) -> tuple[Report, Any]:
    rep = Report.model_validate(AWKWARD)
    return rep, engine.check(rep)


# -- the worklist --------------------------------------------------------------------------------------------


def test_worklist_carries_the_finding_the_words_and_the_rewrite(awkward: tuple[Report, Any]) -> None:
    rep, result = awkward
    text = render([result], "csv", reports=[rep])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == COLUMNS
    nc2 = [r for r in rows if r["finding_id"] == "NC-2"]
    assert nc2 and all(r["statement"].startswith("It is best practice") for r in nc2)
    assert all(r["clause_as_cited"] == "7.5.3" for r in nc2)
    preference = next(r for r in nc2 if r["category"] == "preference")
    assert preference["span_field"] == "statement" and preference["span_text"] in preference["statement"]
    assert preference["suggestion"]
    assert nc2[0]["evidence"] == "'@SUM(1) Register DR-1 lists 46 documents."  # a formula is still guarded
    nc1 = next(r for r in rows if r["finding_id"] == "NC-1")
    assert nc1["statement"].startswith("- correction: la jauge")  # ordinary text, no apostrophe
    assert nc1["evidence"].startswith("'=HYPERLINK")


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("- correction", False),
        ("- correction (contain and correct what was found)\n- cause analysis", False),
        ("+ training records for 2026", False),
        ("-", False),
        ("-2+3", True),
        ("-A1", True),
        ("+cmd|' /C calc'!A0", True),
        ("- SUM(A1:A9)", True),
        ("- see Sheet1!A1", True),
        ("=1+1", True),
        ("@SUM(1)", True),
        ("\uff0d1", True),
    ],
)
def test_formula_guard_leaves_ordinary_text(text: str, formula: bool) -> None:
    assert is_formula_like(text) is formula


def _csv_to_xlsx(csv_path: Path, out_dir: Path) -> Path:
    """Import a CSV as a spreadsheet user would: LibreOffice headless when installed (UTF-8, formulas evaluated),
    else openpyxl filling a workbook cell by cell from the CSV as text."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    target = out_dir / (csv_path.stem + ".xlsx")
    if soffice:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{out_dir}/lo-profile",
                "--headless",
                "--infilter=CSV:44,34,76,1,,0,false,false,false,false,false,false,true",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out_dir),
                str(csv_path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return target
    from openpyxl import Workbook

    wb = Workbook()
    for row in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))):
        wb.active.append(row)
    wb.save(target)
    return target


def test_worklist_and_plan_csv_open_in_a_spreadsheet(awkward: tuple[Report, Any], tmp_path: Path) -> None:
    rep, result = awkward
    work = tmp_path / "worklist.csv"
    work.write_bytes(render([result], "csv", reports=[rep]).encode("utf-8"))
    plan = tmp_path / "plan.csv"
    plan.write_bytes(str(render_plan(build_plan(rep, result), "csv")).encode("utf-8"))
    for path in (work, plan):
        ws = load_workbook(_csv_to_xlsx(path, tmp_path)).active
        cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert not any(c.data_type == "f" for c in cells), "a cell became a formula"
        values = [str(c.value) for c in cells]
        assert not any(v.startswith("\ufeff") or "Ã" in v for v in values)  # the mark read, accents intact
        assert any("étalonnée" in v for v in values)
        dashes = [v for v in values if v.startswith(("- correction", "'- correction"))]
        assert dashes and all(v.startswith("- correction") for v in dashes)


# -- the impact text per audit type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audit_type", "says", "never"),
    [
        ("stage2", ["initial certification decision", "new stage 2", "9.5.3.2"], ["suspension", "expires"]),
        ("surveillance", ["keep the certificate", "suspension", "9.6.5"], ["stage 2", "expires"]),
        ("recertification", ["before the certificate expires", "9.6.3.2"], ["stage 2", "suspension"]),
        ("special", ["extension of scope", "transfer", "9.6.4"], ["stage 2", "expires"]),
        ("stage1", ["stage 1 takes no certification decision"], ["suspension", "expires"]),
        ("internal", ["no certification decision"], ["stage 2", "suspension"]),
    ],
)
def test_impact_speaks_of_the_audit_held(audit_type: str, says: list[str], never: list[str]) -> None:
    text = certification_impact(verdicts().findings, audit_type)
    for words in says:
        assert words in text, words
    for words in never:
        assert words not in text, words


def test_the_engine_gives_the_impact_for_the_reports_audit_type(engine: Engine) -> None:
    data = json.loads(EXAMPLE.read_text())
    data["audit"]["type"] = "recertification"
    text = engine.check(Report.model_validate(data)).summary.certification_impact
    assert "expires" in text and "stage 2" not in text


# -- the review page's header and warnings ---------------------------------------------------------------------


def test_review_page_header_and_warnings_once(engine: Engine) -> None:
    data = {**AWKWARD, "audit": {"type": "what kind", "date": "2026-10-14", "reference": "AUD-27"}}
    rep = Report.model_validate(data)
    result = engine.check(rep)
    result.warnings = [*rep.input_warnings, *result.warnings, *rep.input_warnings]  # a warning given twice
    page = render([result], "html", reports=[rep])
    header = page[page.index('<dl class="details">') : page.index("</dl>")]
    for words in ("Société Générale d&#x27;Équipements", "Zertifizierungsstelle Müller GmbH", "AUD-27", "2026-10-14"):
        assert words in header
    warnings = re.findall(r"<li>(.*?)</li>", page[page.index('<ul class="warnings">') :].split("</ul>")[0])
    assert warnings and len(warnings) == len(set(warnings))
    assert any("what kind" in w for w in warnings)


# -- the command line ------------------------------------------------------------------------------------------


def test_cli_prints_each_warning_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**AWKWARD, "audit": {"type": "what kind", "date": "2026-10-14"}}), encoding="utf-8")
    main(["check", str(path), "--format", "text", "--fail-on", "never"])
    out, err = capsys.readouterr()
    assert (out + err).count("what kind") == 1
    main(["check", str(path), "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()
    assert err.count("what kind") == 1  # the JSON carries it for scripts; stderr says it once for people


def test_schemes_show_no_developer_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes"]) == 0
    out = capsys.readouterr().out
    assert out and not _DEV_PATH.search(out)


# -- grade words in other languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("Nebenabweichung", "minor"),
        ("Hauptabweichung", "major"),
        ("No conformidad menor", "minor"),
        ("non-conformité majeure", "major"),
        ("Non conformite majeure", "major"),
        ("Non conformità minore", "minor"),
        ("Não conformidade maior", "major"),
        ("Kleine afwijking", "minor"),
        ("Mindre avvikelse", "minor"),
        ("严重不符合", "major"),
        ("軽微な不適合", "minor"),
        ("Oportunidad de mejora", "ofi"),
        ("Beobachtung", "observation"),
    ],
)
def test_grade_words_in_other_languages(word: str, grade: str) -> None:
    assert grade_word(word) == (grade, None)
    finding = Report.model_validate({"findings": [{"statement": "Records were missing.", "grade": word}]})
    assert finding.findings[0].grade == grade


def test_every_language_word_is_read_and_an_ungraded_word_is_said() -> None:
    for language, grades in GRADE_WORDS_BY_LANGUAGE.items():
        for grade, words in grades.items():
            for word in words:
                assert grade_word(word) == (grade, None), (language, word)
    for words in AMBIGUOUS_BY_LANGUAGE.values():
        for word in words:
            read, problem = grade_word(word)
            assert read is None and problem and "without saying major or minor" in problem


# -- no developer's path or template brace in any output ------------------------------------------------------

_DEV_PATH = re.compile(r"/work/|/home/|/tmp/|/usr/|site-packages|[A-Z]:\\|\.py\b|\.yaml\b")
_BRACE = re.compile(r"\{[A-Za-z_][\w.]*(?:![rsa])?(?::[^{}]*)?\}|\{\}|\{\{|\}\}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _texts(kind: str, rep: Report, result: Any) -> list[str]:
    """What a user reads in each output: text of documents, cells of workbooks, string values of JSON."""
    if kind in ("text", "csv"):
        return [render([result], kind, reports=[rep])]
    if kind == "json":
        return _strings(json.loads(render([result], "json")))
    if kind == "html":
        page = render([result], "html", reports=[rep])
        return [re.sub(r"<style>.*?</style>", "", page, flags=re.S)]
    plan = build_plan(rep, result)
    if kind.startswith("plan-"):
        fmt = kind.removeprefix("plan-")
        out = render_plan(plan, fmt)
        if fmt == "json":
            return _strings(json.loads(out))
        if fmt == "xlsx":
            assert isinstance(out, bytes)
            wb = load_workbook(io.BytesIO(out))
            return [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
        return [str(out)]
    if kind in ("letter-md", "letter-txt"):
        return [str(challenge_letter(rep, result, fmt=kind.removeprefix("letter-")))]
    if kind == "letter-docx":
        data = challenge_letter(rep, result, fmt="docx")
        assert isinstance(data, bytes)
        doc = Document(io.BytesIO(data))
        props = doc.core_properties
        return [p.text for p in doc.paragraphs] + [props.author, props.title, props.subject, props.comments]
    raise AssertionError(kind)


KINDS = [
    "text",
    "json",
    "html",
    "csv",
    "plan-xlsx",
    "plan-csv",
    "plan-ics",
    "plan-json",
    "letter-md",
    "letter-txt",
    "letter-docx",
]


@pytest.mark.parametrize("kind", KINDS)
def test_no_developer_path_or_template_brace_in_any_output(engine: Engine, kind: str) -> None:
    for data in (json.loads(EXAMPLE.read_text()), AWKWARD):
        rep = Report.model_validate(data)
        for text in _texts(kind, rep, engine.check(rep)):
            assert not _DEV_PATH.search(text), (kind, _DEV_PATH.search(text))
            assert not _BRACE.search(text), (kind, _BRACE.search(text))


def test_the_letter_and_plan_fixture_outputs_are_clean_too() -> None:
    rep, res = fixture_report(), verdicts()
    for text in _texts("letter-md", rep, res) + _texts("plan-csv", rep, res):
        assert not _DEV_PATH.search(text) and not _BRACE.search(text)


def test_cli_writes_the_letter_as_plain_text(tmp_path: Path) -> None:
    out = tmp_path / "letter.txt"
    assert main(["challenge", str(EXAMPLE), "--format", "txt", "--date", "2026-10-20", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Northfield Valves Ltd\n\n20 October 2026\n")
    assert "###" not in text and "\\" not in text and "====" in text


def test_cli_warns_of_a_letter_not_dated_today_and_of_lines_to_fill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.txt"
    assert main(["challenge", str(EXAMPLE), "--format", "txt", "--date", "2026-10-20", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "the letter is dated 2026-10-20, not today" in err
    marks = out.read_text(encoding="utf-8").count("[To complete:")
    assert marks and f"{marks} line(s) marked [To complete: ...] to fill in" in err
    assert main(["challenge", str(EXAMPLE), "--format", "docx", "-o", str(tmp_path / "letter.docx")]) == 0
    err = capsys.readouterr().err
    assert "not today" not in err and "to fill in before the letter is sent" in err
