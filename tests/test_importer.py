"""Spreadsheets from certification bodies: headers and grades as they come, errors that name what is wrong."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from engine.check.engine import Engine
from engine.cli import main
from engine.core.limits import ImportError_
from engine.core.models import Report
from engine.inputs.importer import import_rows, import_spreadsheet, import_spreadsheet_with_warnings
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("header", "cell", "field", "expected"),
    [
        ("NC No", "X-1", "id", "X-1"),
        ("Ref", "X-1", "id", "X-1"),
        ("Finding ref", "X-1", "id", "X-1"),
        ("Classification", "Minor NC", "grade", "minor"),
        ("Grade", "Major", "grade", "major"),
        ("Clause", "7.2 d)", "clause", "7.2 d)"),
        ("Requirement", "8.5.1", "clause", "8.5.1"),
        ("Objective evidence", "Record R-1", "evidence", "Record R-1"),
        ("EVIDENCE:", "Record R-1", "evidence", "Record R-1"),
        ("Client response", "We disagree.", "client_position", "We disagree."),
    ],
)
@pytest.mark.parametrize("statement_header", ["Nonconformity", "Finding", "Statement", "Description"])
def test_header_spellings(header: str, cell: str, field: str, expected: str, statement_header: str) -> None:
    report, _ = import_rows([[header, statement_header], [cell, "Something was not done."]])
    finding = report["findings"][0]
    assert finding[field] == expected and finding["statement"] == "Something was not done."


@pytest.mark.parametrize(
    ("cell", "grade"),
    [
        ("Major", "major"),
        ("Major NC", "major"),
        ("Minor", "minor"),
        ("Minor NC", "minor"),
        ("minor nonconformity", "minor"),
        ("OFI", "ofi"),
        ("Opportunity for improvement", "ofi"),
        ("Observation", "observation"),
        ("Obs", "observation"),
        ("", None),
    ],
)
def test_grade_spellings(cell: str, grade: str | None) -> None:
    report, _ = import_rows([["Grade", "Statement"], [cell, "Records missing."]])
    assert report["findings"][0]["grade"] == grade


def test_unknown_grade_is_a_warning_naming_the_row() -> None:
    report, warnings = import_rows([["Grade", "Statement"], ["Minor", "a"], ["Catastrophic", "b"]])
    assert [f["grade"] for f in report["findings"]] == ["minor", None]
    assert any(w.startswith("row 3 (row-3): grade: 'Catastrophic' is not a grade word") for w in warnings)


def test_critical_grade_is_kept_as_the_schemes_grade() -> None:
    report, _ = import_rows([["Grade", "Statement"], ["Critical", "b"]])
    assert report["findings"][0]["grade"] == "major" and report["findings"][0]["scheme_grade"] == "critical"


def test_missing_statement_column_lists_found_and_needed() -> None:
    with pytest.raises(ImportError_) as exc:
        import_rows([["NC No", "Clause", "Evidence"], ["1", "7.2", "x"]])
    msg = str(exc.value)
    assert "'NC No'" in msg and "'Evidence'" in msg and "nonconformity" in msg and "statement" in msg


def test_blank_rows_skipped_and_empty_statement_named() -> None:
    report, _ = import_rows([["Statement", "Clause"], ["a", "7.2"], ["", ""], ["b", "8.5.1"]])
    assert [f["statement"] for f in report["findings"]] == ["a", "b"]
    with pytest.raises(ImportError_, match="row 3: the statement cell is empty"):
        import_rows([["Statement", "Clause"], ["a", "7.2"], ["", "8.1"]])


def test_unused_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Ref;Finding;Auditor\nN1;Records were missing.;J. Smith\n", encoding="utf-8-sig")
    report, warnings = import_spreadsheet_with_warnings(path)
    assert report["findings"][0]["id"] == "N1"  # semicolons and a BOM
    assert warnings == ["column 'Auditor' is not used (not a report field)"]


def test_cp1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("Ref,Finding\nN1,Caf\xe9 records missing\n".encode("cp1252"))
    assert import_spreadsheet(path)["findings"][0]["statement"] == "Caf\u00e9 records missing"


def test_xlsx_with_title_rows_checks_through_the_engine(tmp_path: Path, engine: Engine) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Surveillance audit report", "ISO 14001:2015"])
    ws.append(["Finding ref", "Grade", "Clause", "Finding", "Evidence"])
    ws.append(
        ["E-1", "Minor NC", "8.2", "The spill drill was not held as planned.", "Plan EP-04; last drill 2024-05-11."]
    )
    path = tmp_path / "r.xlsx"
    wb.save(path)
    data = import_spreadsheet(path)
    assert data["standard"] == "ISO 14001:2015"
    result = engine.check(Report.model_validate(data))
    assert result.findings[0].id == "E-1" and result.findings[0].citation.status == "resolved"


def test_bundled_examples_match(engine: Engine) -> None:
    xlsx = import_spreadsheet(ROOT / "examples" / "cb-report.xlsx")
    csv_ = import_spreadsheet(ROOT / "examples" / "cb-report.csv", standard="ISO 9001:2015")
    assert [f["statement"] for f in xlsx["findings"]] == [f["statement"] for f in csv_["findings"]]
    verdicts = {f.id: f.verdict for f in engine.check(Report.model_validate(xlsx)).findings}
    assert verdicts["NC-02"] == "withdraw" and verdicts["NC-04"] == "regrade" and verdicts["NC-01"] == "sound"


def test_cli_exit_2_for_a_sheet_without_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([["NC No", "Clause"], ["1", "7.2"]])
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: no column holds the findings" in err and "'NC No'" in err


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportError_, match="not an Excel workbook"):
        import_spreadsheet(path)
