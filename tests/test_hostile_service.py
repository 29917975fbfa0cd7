"""The service under hostile input (issue 16): names and texts in many scripts, bounded imports, headers."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from pydantic import ValidationError

from api.main import create_app
from engine.core.models import PreviousFinding
from engine.core.settings import Settings
from tests.conftest import ROOT

EXAMPLE = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())
SCRIPTS = {
    "polish": ("Raport-Łódź", "Zapisy kalibracji suwmiarki nie były prowadzone; zażółć gęślą jaźń."),
    "greek": ("Έκθεση-Αθήνα", "Δεν τηρήθηκαν αρχεία βαθμονόμησης για το όργανο μέτρησης."),
    "arabic": ("تقرير-الرياض", "لم يتم الاحتفاظ بسجلات المعايرة للجهاز."),
    "cjk": ("監査報告-東京", "校正記録が保管されていなかった。测量设备未按规定间隔校准。"),
    "emoji": ("report-🔥-✅", "Calibration records 📋 were not kept ❌ for caliper C-118."),
    "nbsp": ("CB\u00a02026\u2003§\u00a07", "Records\u00a0were\u2003not kept\u00a0§\u00a07.1.5.2 " * 20),
    "rtl-mixed": ("ISO‏-9001-تقرير", "Evidence ‫الدليل‬ DN-8812 was not retained."),
    "quotes": ('a"b;c\\d%20/..', "Statement with \"quotes\" and 'apostrophes' and <b>tags</b>."),
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(max_findings=50)), raise_server_exceptions=False)


def _report(name: str, text: str) -> dict[str, Any]:
    report = json.loads(json.dumps(EXAMPLE))
    report["id"] = name
    report["findings"][0]["id"] = name
    report["findings"][0]["statement"] = text
    report["findings"][0]["evidence"] = text
    report["audit"]["scope"] = text
    return report


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_route_takes_names_and_texts_in_any_script(client: TestClient, script: str) -> None:
    name, text = SCRIPTS[script]
    report = _report(name, text)
    answers = [
        client.post("/v1/reports/check", json=report),
        client.post("/v1/reports/check?format=html", json=report),
        client.post("/v1/reports/check?format=csv", json=report),
        client.post("/v1/reports/check", json=report, headers={"Accept": "text/csv"}),
        client.post("/v1/reports/challenge", json=report),
        client.post("/v1/reports/challenge?format=docx", json=report),
        client.post("/v1/reports/challenge", params={"finding": name}, json=report),
        client.post("/v1/findings/check", json={"statement": text, "id": name, "clause": name}),
        client.post("/v1/reports/import", files={"file": (f"{name}.json", json.dumps(report).encode(), "text/plain")}),
        client.post("/v1/reports/import", files={"file": (f"{name}.csv", f"Nonconformity\n{text}\n".encode())}),
        client.post("/v1/reports/import", data={"text": f"NC No\tNonconformity\n{name}\t{text}\n", "standard": name}),
        client.get(f"/v1/standards/{name}"),
        client.get(f"/v1/standards/iso-9001-2015/clauses/{name}"),
        client.get(f"/v1/rules/{name}"),
        client.get("/v1/standards", headers={"X-Request-ID": name.encode()}),
    ]
    for r in answers:
        assert r.status_code < 500, (r.request.url, r.status_code, r.text[:300])
        disposition = r.headers.get("content-disposition")
        if disposition:
            disposition.encode("latin-1")  # a header is Latin-1 on the wire: the download's name never breaks it
            assert disposition.startswith('attachment; filename="')


def test_download_names_follow_rfc_6266() -> None:
    from api.headers import attachment

    value = attachment("Raport-Łódź", "-worklist.csv")["Content-Disposition"]
    assert value == (
        "attachment; filename=\"Raport-Lodz-worklist.csv\"; filename*=UTF-8''Raport-%C5%81%C3%B3d%C5%BA-worklist.csv"
    )
    hostile = attachment('x"; filename=evil.exe\r\nSet-Cookie: a=b', ".md")["Content-Disposition"]
    fallback = hostile.split('filename="', 1)[1].split('"', 1)[0]
    assert "\r" not in hostile and "\n" not in hostile and '"' not in fallback
    assert "/" not in unquote(hostile.split("UTF-8''", 1)[1])


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_zip_bomb_upload_gets_413_naming_the_limit(client: TestClient) -> None:
    data = io.BytesIO(_xlsx([["Nonconformity"], ["Records were not kept."]]))
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings2.xml", b"A" * (64 * 1024 * 1024))
    r = client.post("/v1/reports/import", files={"file": ("bomb.xlsx", data.getvalue())})
    assert r.status_code == 413
    detail = r.json()["detail"][0]
    assert "max_uncompressed_bytes" in detail["msg"] and detail["type"] == "too_large"


def test_too_many_findings_by_any_way_in(client: TestClient) -> None:
    rows = "Nonconformity\n" + "".join(f"Record {i} was not kept.\n" for i in range(60))
    for r in (
        client.post("/v1/reports/import", data={"text": rows}),
        client.post("/v1/reports/import", files={"file": ("r.csv", rows.encode())}),
        client.post("/v1/reports/import", files={"file": ("r.xlsx", _xlsx([[x] for x in rows.splitlines()]))}),
        client.post(
            "/v1/reports/import",
            files={"file": ("r.json", json.dumps({"findings": [{"statement": "s"}] * 60}).encode())},
        ),
    ):
        assert r.status_code == 422 and "max_findings" in r.json()["detail"][0]["msg"], r.text


@pytest.mark.parametrize(
    ("kwargs", "words", "never"),
    [
        ({"files": {"file": ("broken.xlsx", b"PK\x03\x04 not a workbook")}}, "save it again", "BadZipFile"),
        ({"files": {"file": ("empty.csv", b"")}}, "the file is empty", "found columns none"),
        ({"data": {"text": "Clause\n7.1\n"}}, "the pasted rows: no column holds the findings", "pasted.csv"),
        ({"files": {"file": ("notes.pdf", b"%PDF-1.4")}}, "this PDF could not be read: it may be damaged", "Pdfminer"),
        ({"files": {"file": ("notes.odt", b"PK\x03\x04")}}, "ncaudit reads a JSON report, a spreadsheet", "suffix"),
    ],
)
def test_import_errors_say_what_to_do(client: TestClient, kwargs: dict[str, Any], words: str, never: str) -> None:
    r = client.post("/v1/reports/import", **kwargs)
    assert r.status_code == 422
    msg = r.json()["detail"][0]["msg"]
    assert words in msg and never not in msg


@pytest.mark.parametrize("due", [0, 1700000000, "0", 1.5, True])
def test_a_number_is_not_a_date(client: TestClient, due: Any) -> None:
    """A number is never read as seconds since 1970: in a report it is an unknown value, said in a warning that
    names the field (an optional value is never a refused report); on its own the model refuses it."""
    body = {"findings": [{"statement": "Records were not kept."}], "previous_findings": [{"due": due}]}
    r = client.post("/v1/reports/check", json=body)
    assert r.status_code == 200
    assert any(w.startswith("previous_findings[0].due:") and "YYYY-MM-DD" in w for w in r.json()["warnings"])
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        PreviousFinding.model_validate({"due": due})


def test_the_openapi_documents_every_answer(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in methods.items():
            assert {"400", "401", "403", "413"} <= set(op["responses"]), (method, path)
    assert "404" in spec["paths"]["/v1/rules/{rule_id}"]["get"]["responses"]


def test_host_is_checked_against_the_configured_names() -> None:
    default = TestClient(create_app(Settings(allowed_hosts="")), base_url="http://localhost:8000")
    assert default.get("/healthz").status_code == 200
    for host in ("127.0.0.1:8000", "[::1]:8000", "LOCALHOST"):
        assert default.get("/healthz", headers={"Host": host}).status_code == 200
    r = default.get("/healthz", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and "NCAUDIT_ALLOWED_HOSTS" in r.json()["detail"]
    named = TestClient(create_app(Settings(allowed_hosts="audit.example.org")), base_url="http://audit.example.org")
    assert named.get("/healthz").status_code == 200
    assert named.get("/healthz", headers={"Host": "localhost"}).status_code == 400


def test_cross_origin_posts_need_an_allowed_origin_or_a_key() -> None:
    app = TestClient(create_app(Settings(cors_origins="https://portal.example")), raise_server_exceptions=False)
    url = "/v1/reports/check"
    assert app.post(url, json=EXAMPLE, headers={"Origin": "http://testserver"}).status_code == 200
    assert app.post(url, json=EXAMPLE, headers={"Origin": "https://portal.example"}).status_code == 200
    r = app.post(url, json=EXAMPLE, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "NCAUDIT_CORS_ORIGINS" in r.json()["detail"]
    assert app.post(url, json=EXAMPLE, headers={"Origin": "null"}).status_code == 403
    assert app.post(url, json=EXAMPLE, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert app.post(url, json=EXAMPLE, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    form = {"text": "Nonconformity\nRecords were not kept.\n"}  # what a simple cross-origin form can post
    assert app.post("/v1/reports/import", data=form, headers={"Origin": "https://evil.example"}).status_code == 403
    assert app.post(url, json=EXAMPLE, headers={"Origin": "https://evil.example", "X-API-Key": "k"}).status_code == 200
    assert app.get("/v1/rules", headers={"Origin": "https://evil.example"}).status_code == 200  # reads are CORS's


def test_a_request_over_its_cpu_budget_gets_a_clear_422_and_the_worker_goes_on() -> None:
    app = TestClient(create_app(Settings(max_check_cpu_seconds=0.02, max_findings=2000)))
    big = {
        "standard": "ISO 9001:2015",
        "findings": [dict(f, id=f"F-{i}") for i in range(250) for f in EXAMPLE["findings"]],
    }
    r = app.post("/v1/reports/check", json=big)
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["type"] == "too_costly" and "NCAUDIT_MAX_CHECK_CPU_SECONDS" in detail["msg"]
    small = {"findings": [{"statement": "Records were not kept."}]}
    roomy = TestClient(create_app(Settings(max_check_cpu_seconds=30)))
    assert roomy.post("/v1/reports/check", json=small).status_code == 200
    assert app.post("/v1/reports/check", json=big).status_code == 422  # and again, the engine still sound


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_work_offline(client: TestClient, page: str) -> None:
    import re

    html = client.get(page).text
    refs = re.findall(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)["']""", html)
    assert refs and all(ref.startswith("/") for ref in refs), refs  # nothing from another host (no CDN)
    assert "cdn" not in html.lower() and "fonts.googleapis" not in html
    for ref in refs:
        if not ref.endswith(".json"):
            assert client.get(ref).status_code == 200, ref
