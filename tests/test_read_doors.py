"""Both doors read PDF, Word and CARA reports: `ncaudit check FILE --show-read` and the detail flags on the command
line; `/v1/reports/import` and `/v1/reports/check` taking a file by its content type (else 415)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from engine.cli import main
from engine.core.models import Report
from engine.core.settings import Settings
from tests import document_fixtures as fx


@functools.cache
def pdf(layout: str) -> bytes:
    return fx.pdf_report(layout)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings()), raise_server_exceptions=False)


def verdicts(answer: dict[str, Any]) -> list[tuple[str, str, str | None, str]]:
    return [(f["id"], f["verdict"], f["raised_grade"], f["proposed_grade"]) for f in answer["findings"]]


# ---- command line ----------------------------------------------------------------------------------------------


def test_show_read_prints_details_and_findings_with_where_they_were_read(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "cb.pdf"
    path.write_bytes(pdf("table_inline"))
    assert main(["check", str(path), "--show-read"]) == 0
    out = capsys.readouterr().out
    assert "Client:             Harbour Valve Works Ltd  [page 1, table 1, row 2]" in out
    assert "NC-2  major  clause 8.5.1  [page 2, table 1, row 3]" in out
    assert "nothing has been checked yet" in out and "SOUND" not in out


def test_show_read_json_is_a_report_that_checks_like_the_file(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "cb.docx"
    path.write_bytes(fx.docx_report("table_evidence"))
    assert main(["check", str(path), "--show-read", "--format", "json"]) == 0
    read = json.loads(capsys.readouterr().out)
    Report.model_validate(read)
    assert read["findings"][0]["source"] == {"file": "cb.docx", "table": 1, "row": 2}
    twin = tmp_path / "twin.json"
    twin.write_text(json.dumps(fx.twin("table_evidence")))
    main(["check", str(path), "--format", "json", "--fail-on", "never"])
    from_file = json.loads(capsys.readouterr().out)
    main(["check", str(twin), "--format", "json", "--fail-on", "never"])
    from_twin = json.loads(capsys.readouterr().out)
    assert verdicts(from_file) == verdicts(from_twin) and from_file["report_id"] == from_twin["report_id"]


def test_detail_flags_fill_what_a_bare_csv_cannot_say(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("Finding,Clause,Grade\nRecords of training were not kept.,7.2,Minor\n")
    flags = ["--client", "Acme Valves", "--certification-body", "Northgate", "--report-id", "R-77"]
    assert main(["check", str(path), "--show-read", "--format", "json", "--audit-date", "2026-10-14", *flags]) == 0
    read = json.loads(capsys.readouterr().out)
    assert (read["id"], read["client"], read["certification_body"]) == ("R-77", "Acme Valves", "Northgate")
    assert read["audit"] == {"date": "2026-10-14"}
    plan = tmp_path / "plan.json"
    assert main(["plan", str(path), "--standard", "ISO 9001:2015", "--last-day", "2026-10-14", "-o", str(plan)]) == 0
    due = {d["key"]: d["due"] for d in json.loads(plan.read_text())["rows"][0]["deadlines"]}
    assert due["contest"] == "2026-10-28" and due["response"] == "2026-11-13"  # 14 and 30 days from the day given


def test_a_bad_date_flag_is_named(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("Finding\nRecords were not kept.\n")
    assert main(["check", str(path), "--last-day", "14/10/2026"]) == 2
    assert "--last-day '14/10/2026' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_a_scan_is_refused_in_one_line_naming_the_file(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(fx.scanned_pdf())
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"ncaudit: {path}: this PDF has no text") and "\n" not in err


# ---- service ---------------------------------------------------------------------------------------------------


def test_import_reads_a_pdf_with_sources_and_given_details(client: TestClient) -> None:
    r = client.post(
        "/v1/reports/import",
        files={"file": ("cb.pdf", pdf("landscape_log"), "application/pdf")},
        data={"last_day": "2026-10-16"},
    )
    assert r.status_code == 200, r.text
    report = r.json()["report"]
    assert report["findings"][0]["source"] == {"file": "cb.pdf", "page": 1, "table": 1, "row": 3}
    assert report["audit"]["last_day"] == "2026-10-16" and "audit.last_day" not in report["sources"]
    assert any("instead of '2026-10-15' read from the file" in w for w in r.json()["warnings"])


FIXTURES = [
    *[
        (f"{layout}.pdf", functools.partial(fx.pdf_report, layout), functools.partial(fx.twin, layout))
        for layout in fx.LAYOUTS
    ],
    *[
        (f"{layout}.docx", functools.partial(fx.docx_report, layout), functools.partial(fx.twin, layout))
        for layout in fx.LAYOUTS
    ],
    ("cara.json", fx.cara_json, fx.cara_twin),
    ("cara.xml", fx.cara_xml, fx.cara_twin),
    ("cover.xlsx", fx.cover_sheet_workbook, lambda: fx.BASE),
]
DETAILS = ("id", "standard", "client", "certification_body", "certificate_number", "audit")
FIELDS = ("id", "grade", "clause", "statement", "evidence")


def as_twin(report: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return {k: report.get(k) for k in DETAILS}, [{k: f.get(k) for k in FIELDS} for f in report["findings"]]


@pytest.mark.parametrize(("name", "make", "twin"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_both_doors_read_every_fixture_as_its_twin(
    client: TestClient, tmp_path: Path, capsys: Any, name: str, make: Any, twin: Any
) -> None:
    """The page's way in (the import route) and the command line read the same report, the twin's."""
    data = make()
    r = client.post("/v1/reports/import", files={"file": (name, data)})
    assert r.status_code == 200, r.text
    assert as_twin(r.json()["report"]) == as_twin(twin())
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["check", str(path), "--show-read", "--format", "json"]) == 0
    assert as_twin(json.loads(capsys.readouterr().out)) == as_twin(twin())


def test_pasted_rows_are_never_named_pasted(client: TestClient) -> None:
    r = client.post("/v1/reports/import", data={"text": "Finding\tClause\nRecords were not kept.\t7.5.3"})
    assert r.status_code == 200 and "id" not in r.json()["report"]
    assert r.json()["report"]["findings"][0]["source"] == {"row": 2}  # the pasted rows' own row
    r = client.post("/v1/reports/import", data={"text": "Finding\nx", "report_id": "CB-9", "audit_date": "x"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "audit_date"]


@pytest.mark.parametrize(
    ("content", "ctype"),
    [
        (lambda: pdf("table_evidence"), "application/pdf"),
        (
            lambda: fx.docx_report("table_evidence"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (lambda: pdf("table_evidence"), "application/octet-stream"),
    ],
    ids=["pdf", "docx", "octet-stream"],
)
def test_check_takes_a_report_file_by_its_content_type(client: TestClient, content: Any, ctype: str) -> None:
    r = client.post("/v1/reports/check", content=content(), headers={"content-type": ctype})
    assert r.status_code == 200, r.text
    twin = client.post("/v1/reports/check", json=fx.twin("table_evidence")).json()
    assert verdicts(r.json()) == verdicts(twin)
    assert r.json()["warnings"][0] == "5 findings read from tables" + (
        " on page 1" if "pdf" in ctype or "octet" in ctype else ""
    )


def test_check_takes_a_spreadsheet_in_a_form_with_details(client: TestClient) -> None:
    r = client.post(
        "/v1/reports/check",
        files={"file": ("cb.xlsx", fx.cover_sheet_workbook())},
        params={"client": "Someone Else Ltd"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["report_id"] == fx.BASE["id"]
    assert any("'Someone Else Ltd' as given" in w for w in r.json()["warnings"])


def test_the_review_cites_where_each_finding_was_read(client: TestClient) -> None:
    r = client.post(
        "/v1/reports/check?format=html", content=pdf("table_inline"), headers={"content-type": "application/pdf"}
    )
    assert r.status_code == 200
    assert "<dt>Read from</dt><dd>page 2, table 1, row 3</dd>" in r.text  # NC-2 (a body has no file name)


def test_check_answers_415_naming_the_import_route(client: TestClient) -> None:
    r = client.post("/v1/reports/check", content=b"\x89PNG....", headers={"content-type": "image/png"})
    assert r.status_code == 415 and "/v1/reports/import" in r.json()["detail"]


def test_check_refuses_an_unreadable_file_with_the_reason(client: TestClient) -> None:
    r = client.post("/v1/reports/check", content=fx.scanned_pdf(), headers={"content-type": "application/pdf"})
    assert r.status_code == 422 and "scanned document" in r.json()["detail"][0]["msg"]
