"""Report values as certification bodies write them (issue 12, item 4): mapped in one place, unknown values warned."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from api.main import create_app
from engine.cli import main
from engine.core.models import FindingRequest, Report
from engine.core.normalise import audit_type_word, grade_word, read_date, read_date_range
from engine.inputs.importer import import_rows, import_spreadsheet_with_warnings
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("Cat 1", "major"),
        ("CAT-1", "major"),
        ("Category 1", "major"),
        ("Major NC", "major"),
        ("Major nonconformity", "major"),
        ("Major non-conformance", "major"),
        ("Cat 2", "minor"),
        ("Category II", "minor"),
        ("Minor NC", "minor"),
        ("Minor nonconformity", "minor"),
        ("Requires correction", "minor"),
        ("Area of concern", "observation"),
        ("AOC", "observation"),
        ("Observation", "observation"),
        ("Obs.", "observation"),
        ("OFI", "ofi"),
        ("Opportunity for improvement", "ofi"),
        ("Improvement opportunity", "ofi"),
    ],
)
def test_grade_words(word: str, grade: str) -> None:
    assert grade_word(word) == (grade, None)


def test_critical_is_a_scheme_grade_raised_as_major() -> None:
    """FSSC 22000 grades above major: the contract grade is major, the scheme keeps its own word."""
    assert grade_word("Critical") == ("major", None)


@pytest.mark.parametrize("word", ["Cat 3", "Category 3", "NC", "fatal"])
def test_grade_words_not_guessed(word: str) -> None:
    grade, problem = grade_word(word)
    assert grade is None and problem and repr(word) in problem


@pytest.mark.parametrize(
    ("written", "kind", "noted"),
    [
        ("initial certification (stage 2)", "stage2", False),
        ("Stage 2", "stage2", False),
        ("Stage 1 (readiness review)", "stage1", False),
        ("stage1", "stage1", False),
        ("recert", "recertification", False),
        ("Re-certification", "recertification", False),
        ("Recertification audit", "recertification", False),
        ("surveillance 1", "surveillance", False),
        ("SA1", "surveillance", False),
        ("Surveillance audit #2", "surveillance", False),
        ("Special audit (short notice)", "special", False),
        ("Internal audit", "internal", False),
        ("Transfer", "special", True),
        ("Initial certification", "stage2", True),
    ],
)
def test_audit_types_as_written(written: str, kind: str, noted: bool) -> None:
    got, note = audit_type_word(written)
    assert got == kind and bool(note) is noted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-14", dt.date(2026, 10, 14)),
        ("14 Oct 2026", dt.date(2026, 10, 14)),
        ("14th October 2026", dt.date(2026, 10, 14)),
        ("October 14, 2026", dt.date(2026, 10, 14)),
        ("14/10/2026", dt.date(2026, 10, 14)),
        ("14.10.2026", dt.date(2026, 10, 14)),
    ],
)
def test_dates_as_written(text: str, expected: dt.date) -> None:
    assert read_date(text)[0] == expected


def test_ambiguous_slashed_date_is_read_day_first_and_said() -> None:
    day, note = read_date("03/04/2026")
    assert day == dt.date(2026, 4, 3) and note and "day/month/year" in note


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("13-15 October 2026", dt.date(2026, 10, 13), dt.date(2026, 10, 15)),
        ("2026-10-13 to 2026-10-15", dt.date(2026, 10, 13), dt.date(2026, 10, 15)),
        ("30 Sep - 2 Oct 2026", dt.date(2026, 9, 30), dt.date(2026, 10, 2)),
        ("30 Dec to 2 Jan 2027", dt.date(2026, 12, 30), dt.date(2027, 1, 2)),
        ("14 Oct 2026", dt.date(2026, 10, 14), dt.date(2026, 10, 14)),
    ],
)
def test_date_ranges(text: str, first: dt.date, last: dt.date) -> None:
    assert read_date_range(text)[:2] == (first, last)


def test_report_json_unknown_values_are_warnings_not_refusals() -> None:
    report = Report.model_validate(
        {
            "audit": {"type": "triage visit", "date": "sometime"},
            "findings": [
                {"id": "A", "statement": "x", "grade": "Cat 2", "evidence": ["DN-1", 7, " "]},
                {"id": "B", "statement": "y", "grade": "Cat 3"},
            ],
        }
    )
    assert report.audit is not None and report.audit.type is None and report.audit.date is None
    assert [f.grade for f in report.findings] == ["minor", None]
    assert report.findings[0].evidence == ["DN-1", "7"]
    w = report.input_warnings
    assert any(x.startswith("audit.type: 'triage visit'") for x in w)
    assert any(x.startswith("audit.date: 'sometime'") for x in w)
    assert any(x.startswith("findings[1] (B).grade: 'Cat 3'") for x in w)
    assert len(w) == 3


def test_unknown_fields_are_still_rejected() -> None:
    with pytest.raises(ValueError, match="colour"):
        Report.model_validate({"findings": [{"statement": "x", "colour": "red"}]})


def test_report_details_and_dates() -> None:
    report = Report.model_validate(
        {
            "client": "Acme Valves Ltd",
            "certification_body": "Example Certification",
            "certificate_number": "Q-12345",
            "audit": {"type": "SA1", "dates": "13-15 October 2026", "reference": "AUD-77", "lead_auditor": "J. Smith"},
            "findings": [{"statement": "x"}],
        }
    )
    a = report.audit
    assert a is not None and a.type == "surveillance" and a.reference == "AUD-77"
    assert (a.first_day, a.last_day, a.date) == (dt.date(2026, 10, 13), dt.date(2026, 10, 15), dt.date(2026, 10, 15))
    assert report.input_warnings == []


def test_single_finding_request_maps_grade_too() -> None:
    req = FindingRequest.model_validate({"statement": "x", "grade": "Cat 1", "audit": {"type": "recert"}})
    assert req.grade == "major" and req.audit is not None and req.audit.type == "recertification"


def test_certification_body_layout_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Nonconformity report", "Report No: R-2026-118"])
    ws.append(["Client:", "Acme Valves Ltd", None, "Certificate No.", "Q-12345"])
    ws.append(["Audit dates: 30 Sep - 2 Oct 2026", None, "Audit type", "Initial certification (stage 2)"])
    ws.append(["Lead auditor", "J. Smith", "Standard", "ISO 9001:2015"])
    ws.append([])
    ws.append(["NC #", "Category", "Requirement (clause)", "Description of Nonconformity"])
    ws.append(["1", "Cat 2", "7.1.5.2", "Gauge PG-31 was used past its calibration due date 2026-09-20."])
    ws.append(["2", "Cat 1", None, "Nonconforming lot L-7731 was shipped on DN-4410 without concession."])
    ws.append(["3", "Cat 3", "9.1.3", "Satisfaction data could be analysed by product line."])
    path = tmp_path / "cb.xlsx"
    wb.save(path)
    data, warnings = import_spreadsheet_with_warnings(path)
    assert data["id"] == "R-2026-118" and data["client"] == "Acme Valves Ltd"
    assert data["certificate_number"] == "Q-12345" and data["standard"] == "ISO 9001:2015"
    assert data["audit"] == {
        "first_day": "2026-09-30",
        "last_day": "2026-10-02",
        "type": "stage2",
        "lead_auditor": "J. Smith",
    }
    assert [f["grade"] for f in data["findings"]] == ["minor", "major", None]
    assert any("row 9 (3): grade: 'Cat 3'" in w for w in warnings)
    Report.model_validate(data)  # accepted as it is


@pytest.mark.parametrize(
    "header",
    ["Description of Nonconformity", "Finding Details", "NC Statement", "Details of finding"],
)
def test_statement_headers(header: str) -> None:
    report, _ = import_rows(
        [["Category", "Requirement (clause)", header], ["Minor NC", "8.4.1", "Supplier not evaluated."]]
    )
    f = report["findings"][0]
    assert f["statement"] == "Supplier not evaluated." and f["clause"] == "8.4.1" and f["grade"] == "minor"


def test_evidence_cell_as_a_list() -> None:
    report, _ = import_rows([["Finding", "Evidence"], ["x", "- PO-7781\n- PO-7790"]])
    assert report["findings"][0]["evidence"] == ["PO-7781", "PO-7790"]


def test_api_check_carries_input_warnings() -> None:
    client = TestClient(create_app())
    body = {"audit": {"type": "transfer"}, "findings": [{"id": "N1", "statement": "x", "grade": "Cat 3"}]}
    r = client.post("/v1/reports/check", json=body)
    assert r.status_code == 200
    warnings = r.json()["warnings"]
    assert any(w.startswith("findings[0] (N1).grade") for w in warnings)
    assert any(w.startswith("audit.type: 'transfer'") for w in warnings)


def test_cli_check_warns_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"findings": [{"id": "N1", "statement": "Records were missing.", "grade": "Cat 3"}]}))
    assert main(["check", "--format", "json", "--fail-on", "never", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "warning" in err and "findings[0] (N1).grade" in err
    assert any("findings[0] (N1).grade" in w for w in json.loads(out)["warnings"])


def test_bundled_certification_body_layout_example() -> None:
    data, warnings = import_spreadsheet_with_warnings(ROOT / "examples" / "cb-layout-report.xlsx")
    assert warnings == []
    assert data["id"] == "NR-2026-0457" and data["client"] == "Harbour Pumps Ltd"
    assert data["certification_body"] == "Example Certification Ltd" and data["certificate_number"] == "QMS-40213"
    assert data["audit"]["type"] == "recertification" and data["audit"]["last_day"] == "2026-10-30"
    assert [f["grade"] for f in data["findings"]] == ["minor", "major", "minor", "minor", "observation", "ofi"]
    assert all("clause" not in f and "evidence" not in f for f in data["findings"])  # evidence inside the statement


@pytest.mark.parametrize(
    ("statement", "language"),
    [
        ("Die Kalibrierung des Prüfmittels M-4 wurde nicht im festgelegten Intervall durchgeführt.", "German"),
        ("La vérification de la jauge M-4 n'a pas été faite à la date prévue par le plan.", "French"),
        ("No se evidenció el registro de la revisión por la dirección del año en curso.", "Spanish"),
        ("供应商评价记录不完整，采购订单中的两个供应商未经评价。", "Chinese or Japanese"),
    ],
)
def test_a_finding_not_in_english_is_said_not_checked(statement: str, language: str) -> None:
    report = Report.model_validate({"findings": [{"id": "F-9", "statement": statement}]})
    assert len(report.input_warnings) == 1
    w = report.input_warnings[0]
    assert w.startswith(f"findings[0] (F-9).statement: written in {language}, not English") and "not checked" in w


@pytest.mark.parametrize(
    "statement",
    [
        "Gauge M-4 was used past its calibration due date on job 4471.",
        "A record is missing in area B for the press line.",
        "PO-7781, PO-7790: ASL rev 9.",
        "Records were missing.",
    ],
)
def test_english_or_too_short_is_not_flagged(statement: str) -> None:
    assert Report.model_validate({"findings": [{"statement": statement}]}).input_warnings == []
