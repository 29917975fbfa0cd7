"""Hostile spreadsheets: bounds decided before the work, each refusal naming its limit (issue 16)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from engine.cli import main
from engine.core.limits import ImportError_, LimitError, Limits
from engine.inputs.importer import check_output, import_spreadsheet_with_warnings


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _far_cell_workbook(tmp_path: Path) -> Path:
    """Two findings, then one cell at XFD1048576: the `dimension` claims the whole sheet."""
    path = _workbook(tmp_path / "far.xlsx", [["NC No", "Nonconformity"], ["1", "Records were not kept."]])
    # rewrite the sheet with a stray cell at the last row and column, as a hostile file does
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, data in parts.items():
            dst.writestr(n, data)
    return path


def test_a_far_stray_cell_is_refused_by_columns_not_by_memory(tmp_path: Path) -> None:
    path = _far_cell_workbook(tmp_path)
    with pytest.raises(LimitError, match="max_columns") as caught:
        import_spreadsheet_with_warnings(path)
    assert caught.value.limit == "max_columns" and "row 1048576 has 16,384 columns" in str(caught.value)


def test_a_far_stray_row_within_the_columns_is_read_as_the_used_range(tmp_path: Path) -> None:
    # with room for the columns, the million empty rows between are skipped and the stray row is named
    path = _far_cell_workbook(tmp_path)
    with pytest.raises(ImportError_, match="row 1048576: the statement cell is empty"):
        import_spreadsheet_with_warnings(path, limits=Limits(max_columns=20_000))


def _bomb(tmp_path: Path, size: int) -> Path:
    path = _workbook(tmp_path / "bomb.xlsx", [["NC No", "Nonconformity"], ["1", "Records were not kept."]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * size)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _bomb(tmp_path, 40 * 1024 * 1024)
    assert path.stat().st_size < 200_000
    with pytest.raises(LimitError) as caught:
        import_spreadsheet_with_warnings(path)
    assert caught.value.limit == "max_uncompressed_bytes" and caught.value.too_large


def test_a_highly_compressed_part_is_refused(tmp_path: Path) -> None:
    path = _bomb(tmp_path, 4 * 1024 * 1024)
    with pytest.raises(LimitError) as caught:
        import_spreadsheet_with_warnings(path)
    assert caught.value.limit == "max_compression_ratio"


@pytest.mark.parametrize(
    ("rows", "limits", "limit"),
    [
        ([["Nonconformity"]] + [[f"Record {i} missing."] for i in range(30)], Limits(max_rows=20), "max_rows"),
        ([["Nonconformity"]] + [[f"Record {i} missing."] for i in range(30)], Limits(max_findings=20), "max_findings"),
        ([["Nonconformity"], ["x" * 300]], Limits(max_cell_chars=200), "max_cell_chars"),
        ([["Nonconformity"] + ["c"] * 30], Limits(max_columns=20), "max_columns"),
        ([["Nonconformity"]] + [["y" * 150] for _ in range(20)], Limits(max_output_bytes=2000), "max_output_bytes"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_each_limit_is_named(tmp_path: Path, rows: list[list[object]], limits: Limits, limit: str, suffix: str) -> None:
    path = tmp_path / f"r{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    else:
        _workbook(path, rows)
    with pytest.raises(LimitError) as caught:
        import_spreadsheet_with_warnings(path, limits=limits)
    assert caught.value.limit == limit and limit in str(caught.value)


def test_a_huge_csv_field_is_a_limit_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text('Nonconformity\n"' + "z" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(LimitError, match="max_cell_chars"):
        import_spreadsheet_with_warnings(path)


def test_json_reports_count_their_findings_too() -> None:
    with pytest.raises(LimitError, match="max_findings"):
        check_output({"findings": [{"statement": "x"}] * 11}, Limits(max_findings=10))


def test_empty_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ImportError_) as caught:
        import_spreadsheet_with_warnings(path)
    assert "the file is empty" in str(caught.value) and "none" not in str(caught.value)


def test_cli_refuses_a_bomb_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bomb(tmp_path, 40 * 1024 * 1024)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "max_uncompressed_bytes" in err and "Traceback" not in err


def test_cli_takes_the_limits_from_the_same_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    path = tmp_path / "r.json"
    path.write_text(json.dumps({"findings": [{"statement": "Records were not kept."}] * 3}))
    monkeypatch.setenv("NCAUDIT_MAX_FINDINGS", "2")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NCAUDIT_MAX_FINDINGS" in err
    monkeypatch.setenv("NCAUDIT_MAX_FINDINGS", "3")
    assert main(["check", "--fail-on", "never", str(path)]) == 0


def test_a_bad_setting_is_one_line_naming_its_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"findings": [{"statement": "Records were not kept."}]}')
    monkeypatch.setenv("NCAUDIT_MAX_FINDINGS", "many")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ncaudit: NCAUDIT_MAX_FINDINGS: ") and "Traceback" not in err


def test_the_command_line_and_the_service_share_one_settings_class(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.core.settings import Settings

    # a file on disk is not a request body: 8 MB unless NCAUDIT_MAX_BODY_BYTES says otherwise
    assert Settings().file_limits() == Limits()
    assert Settings().import_limits().max_file_bytes == 2 * 1024 * 1024
    monkeypatch.setenv("NCAUDIT_MAX_BODY_BYTES", "65536")
    monkeypatch.setenv("NCAUDIT_IMPORT_MAX_ROWS", "7")
    assert Settings().file_limits() == Settings().import_limits()
    assert Settings().file_limits().max_file_bytes == 65536 and Settings().file_limits().max_rows == 7
    monkeypatch.setenv("NCAUDIT_STANDARDS_DIR", f"a{os.pathsep}b")
    assert Settings().standards_dirs() == ["a", "b"]


@pytest.mark.parametrize("name", ["cb-report.xlsx", "cb-report.csv", "cb-2026-0142.json"])
def test_both_doors_read_a_file_through_the_one_reader(name: str) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app
    from engine.core.settings import Settings
    from engine.inputs.reader import read_report_data
    from tests.conftest import ROOT

    path = ROOT / "examples" / name
    on_disk = read_report_data(path, standard="ISO 9001:2015", limits=Settings().file_limits())
    from_bytes = read_report_data(path.read_bytes(), name, "ISO 9001:2015", Settings().import_limits())
    assert on_disk == from_bytes
    client = TestClient(create_app(Settings()), raise_server_exceptions=False)
    r = client.post("/v1/reports/import", files={"file": (name, path.read_bytes())}, data={"standard": "ISO 9001:2015"})
    assert r.status_code == 200, r.text
    assert (r.json()["report"], r.json()["warnings"]) == (on_disk[0], on_disk[1])
