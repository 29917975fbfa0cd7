"""What users take away: the review page, the worklist and the challenge letter."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.main import create_app
from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import challenge_letter
from engine.outputs.render import render
from engine.outputs.report_csv import COLUMNS
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "cb-2026-0142.json"
GOLDEN = ROOT / "tests" / "golden" / "cb-2026-0142.html"


@pytest.fixture(scope="module")
def checked(engine: Engine) -> tuple[Report, object]:
    report = Report.model_validate_json(EXAMPLE.read_text())
    return report, engine.check(report)


def test_html_golden(checked: tuple) -> None:
    report, result = checked
    page = render([result], "html", reports=[report])
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(page)
    assert GOLDEN.exists(), "no golden page: run UPDATE_GOLDEN=1 pytest tests/test_outputs.py and review it"
    assert page == GOLDEN.read_text()


def test_html_is_self_contained_and_marks_triggering_words(checked: tuple) -> None:
    report, result = checked
    page = render([result], "html", reports=[report])
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    prescription = "<mark>The company should buy a training-matrix software to track this</mark>"
    assert "<mark>best practice</mark>" in page and prescription in page
    assert "<svg" in page and "@media print" in page
    for f in result.findings:
        assert f'id="finding-{f.id}"' in page


def test_html_escapes_hostile_text(engine: Engine) -> None:
    report = Report.model_validate(
        {
            "id": "<b>x</b>",
            "standard": "ISO 9001:2015",
            "findings": [
                {
                    "id": "<i>1</i>",
                    "clause": "<script>",
                    "statement": "It is best practice <script>alert(1)</script>",
                    "evidence": '"onload=alert(1)',
                }
            ],
        }
    )
    page = render([engine.check(report)], "html", reports=[report])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>1</i>" not in page and "<b>x</b>" not in page


def test_csv_worklist(checked: tuple) -> None:
    _, result = checked
    text = render([result], "csv")
    assert text.startswith("\ufeff")  # a byte-order mark: spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == COLUMNS
    issues = sum(max(1, len(f.issues)) for f in result.findings)
    assert len(rows) - 1 == issues
    assert any(r[1] == "NC-2" and r[5] == "preference" and r[7] == "PP01" for r in rows[1:])


def test_csv_guards_against_formulas(engine: Engine) -> None:
    report = Report.model_validate({"id": '=HYPERLINK("x")', "findings": [{"id": "+1", "statement": "s"}]})
    text = render([engine.check(report)], "csv")
    assert "'=HYPERLINK" in text and ",'+1," in text


@pytest.mark.parametrize(
    "hostile",
    [
        " =1+1",
        "\n=1+1",
        "\uff1dSUM(A1)",
        "|calc!A0",
        "@SUM(1)",
        "-2+3",
        "\t=1",
        "\r=1",
        "%0A=1",
        " \u00a0+1",
        "\uff0b1",
    ],
)
def test_csv_guards_every_formula_form(engine: Engine, hostile: str) -> None:
    import csv
    import io

    report = Report.model_validate({"id": hostile, "findings": [{"id": hostile, "statement": "s"}]})
    rows = list(csv.reader(io.StringIO(render([engine.check(report)], "csv"))))
    assert rows[1][0] == "'" + hostile and rows[1][1] == "'" + hostile


def test_letter_argues_only_what_it_should(checked: tuple) -> None:
    report, result = checked
    letter = challenge_letter(report, result)
    assert isinstance(letter, str)
    contested = letter.split("## If our views still differ")[0]
    verdicts = {f.id: f for f in result.findings}
    assert "### NC-2 (minor, 7.5.3): request for withdrawal" in contested
    assert "### NC-3 (minor, 7.1.6): request for withdrawal" in contested
    for fid in ("NC-1", "NC-5", "OFI-1"):  # sound, or an upgrade the client would not ask for: nothing argued
        assert f"### {fid} (" not in letter or "request" not in letter.split(f"### {fid} (")[1].split("\n")[0]
    for fid in ("NC-4", "NC-6"):  # revise: accepted, with a request to complete the record, never withdrawal
        assert f"### {fid} (minor" in letter and f"We ask that {fid} be withdrawn" not in letter
    # the opinion's sentence quoted once (as the finding states it), the ground naming only the words that raised it
    assert contested.lower().count("it is best practice to keep an electronic document register") == 1
    assert "rests on \u201cbest practice\u201d" in contested
    assert "\u201cdocumented procedure\u201d" in contested
    assert "shows that interviewed" not in contested.lower()  # how the evidence was got is not a fact it shows
    for fid in ("NC-2", "NC-3"):
        for issue in verdicts[fid].issues:
            if issue.severity == "error":
                clauses = re.sub(r"\s*\([^)]*\)", "", issue.basis).removeprefix("ISO/IEC 17021-1:2015 ")
                # the requirements on the record are cited; the principles of clause 4 are not, nor an informative
                # annex of the standard audited (the letter argues from requirements)
                for clause in re.split(r"[,;] ", clauses):
                    assert (clause in contested) != (clause.startswith("4.") or "Annex" in clause), clause
    assert "appeal" not in letter  # a first reply threatens no appeal


def test_letter_for_one_finding_and_docx(checked: tuple) -> None:
    report, result = checked
    one = challenge_letter(report, result, "NC-3")
    assert "NC-3" in one and "NC-2" not in one
    with pytest.raises(ValueError, match="NC-1"):
        challenge_letter(report, result, "NC-1")
    data = challenge_letter(report, result, fmt="docx")
    assert isinstance(data, bytes)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "NC-2 (minor, 7.5.3): request for withdrawal" in text
    assert "best practice" in text and "9.4.5.4" in text


def test_api_formats_and_challenge() -> None:
    client = TestClient(create_app())
    body = json.loads(EXAMPLE.read_text())
    r = client.post("/v1/reports/check", json=body, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "<mark>" in r.text
    r = client.post("/v1/reports/check?format=csv", json=body)
    assert r.status_code == 200 and r.text.startswith("\ufeffreport_id,finding_id")
    rows = list(csv.reader(io.StringIO(r.text.removeprefix("\ufeff"))))
    nc2 = next(row for row in rows if row[1] == "NC-2")
    assert nc2[COLUMNS.index("statement")].startswith("It is best practice")  # the finding as written, on the door too
    assert client.post("/v1/reports/check?format=pdf", json=body).status_code == 422
    r = client.post("/v1/reports/challenge", json=body)
    assert r.status_code == 200 and "### NC-2 (minor, 7.5.3): request for withdrawal" in r.text
    r = client.post("/v1/reports/challenge?format=docx&finding=NC-3", json=body)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.post("/v1/reports/challenge?finding=NC-1", json=body)
    assert r.status_code == 422 and "NC-1" in r.json()["detail"][0]["msg"]
