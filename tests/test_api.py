"""The HTTP service through FastAPI's test client: every contract route, and bad input answered 4xx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from engine.check.engine import Engine
from engine.core.settings import Settings
from tests.conftest import ROOT

EXAMPLE = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(max_findings=50)), raise_server_exceptions=False)


def test_health_and_request_id(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["x-request-id"]
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"] != "bad id\n"


def test_report_check_matches_engine(client: TestClient, engine: Engine) -> None:
    from engine.core.models import Report

    r = client.post("/v1/reports/check", json=EXAMPLE)
    assert r.status_code == 200
    assert r.json() == engine.check(Report.model_validate(EXAMPLE)).model_dump(mode="json")


def test_finding_check(client: TestClient) -> None:
    body = {**EXAMPLE["findings"][1], "standard": "ISO 9001:2015"}
    r = client.post("/v1/findings/check", json=body)
    assert r.status_code == 200
    assert r.json()["verdict"] == "withdraw" and r.json()["id"] == "NC-2"


def test_standards_routes(client: TestClient) -> None:
    ids = {s["id"] for s in client.get("/v1/standards").json()}
    assert {"iso-9001-2015", "iso-iec-27001-2022", "iso-iec-17021-1-2015"} <= ids
    assert client.get("/v1/standards/ISO 9001:2015").json()["id"] == "iso-9001-2015"
    clause = client.get("/v1/standards/iso-iec-27001-2022/clauses/A.8.13").json()
    assert clause["title"] == "Information backup" and clause["normative"] is True
    assert client.get("/v1/standards/nope-1").status_code == 404
    assert client.get("/v1/standards/iso-9001-2015/clauses/42.1").status_code == 404


def test_rules_routes(client: TestClient) -> None:
    rules = client.get("/v1/rules").json()
    assert {"id", "category", "severity", "bad", "good"} <= set(rules[0])
    assert client.get("/v1/rules/preference-stated-as-finding").json()["id"] == "PP01"
    assert client.get("/v1/rules/XX99").status_code == 404


@pytest.mark.parametrize(
    ("body", "headers", "needle"),
    [
        (b"{bad", {"content-type": "application/json"}, "malformed JSON"),
        (b"\xff\xfe{}", {"content-type": "application/json"}, "json_invalid"),
        (b"[" * 50000, {"content-type": "application/json"}, "JSON"),
        (
            json.dumps({"findings": [{"statement": "x", "colour": "red"}]}).encode(),
            {"content-type": "application/json"},
            "unknown field 'colour'",
        ),
        (
            json.dumps({"findings": [{"clause": "7.2"}]}).encode(),
            {"content-type": "application/json"},
            "required field 'statement' is missing",
        ),
        (
            json.dumps({"findings": [{"statement": "x", "grade": ["fatal"]}]}).encode(),
            {"content-type": "application/json"},
            "grade",
        ),
        # JSON sent as plain text (or as curl -d sends it) is read as JSON
        (b"{}", {"content-type": "text/plain"}, "required field 'findings' is missing"),
        (b"{}", {"content-type": "application/x-www-form-urlencoded"}, "required field 'findings' is missing"),
    ],
)
def test_bad_bodies_get_422(client: TestClient, body: bytes, headers: dict[str, str], needle: str) -> None:
    r = client.post("/v1/reports/check", content=body, headers=headers)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert all({"loc", "msg", "type"} <= set(d) for d in detail)
    assert needle in json.dumps(detail)


def test_findings_limit(client: TestClient) -> None:
    body = {"findings": [{"statement": f"s{i}"} for i in range(51)]}
    r = client.post("/v1/reports/check", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "findings"]


def test_body_limit() -> None:
    small = TestClient(create_app(Settings(max_body_bytes=4096)))
    r = small.post(
        "/v1/reports/check",
        content=b'{"findings": [' + b" " * 5000 + b"]}",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def chunks() -> Any:  # no Content-Length: the limit holds while streaming
        for _ in range(10):
            yield b" " * 1000

    r = small.post("/v1/reports/check", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_api_keys() -> None:
    guarded = TestClient(create_app(Settings(api_keys="k1, k2")))
    assert guarded.get("/v1/rules").status_code == 401
    assert guarded.get("/v1/rules", headers={"X-API-Key": "wrong"}).status_code == 401
    assert guarded.get("/v1/rules", headers={"X-API-Key": "k2"}).status_code == 200
    assert guarded.get("/v1/rules", headers={"Authorization": "Bearer k1"}).status_code == 200
    assert guarded.post("/v1/reports/check", json=EXAMPLE).status_code == 401
    assert guarded.get("/healthz").status_code == 200


def test_openapi_has_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/reports/check"]["post"]["requestBody"]["content"]["application/json"]
    assert body["examples"]
    assert client.get("/docs").status_code == 200


_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    ["<script>alert(1)</script>", "\x00\x01", "💥" * 50, "A" * 20000, "7.1.5.2 a) ; DROP TABLE", "../../etc/passwd"]
)
_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)
_finding = st.fixed_dictionaries(
    {"statement": _json_value},
    optional={
        "clause": _json_value,
        "evidence": _json_value,
        "grade": _json_value,
        "id": _json_value,
        "client_position": _json_value,
        "repeat_of": _json_value,
    },
)
_report = st.fixed_dictionaries(
    {"findings": st.lists(_finding, max_size=5) | _json_value},
    optional={"standard": _json_value, "audit": _json_value, "previous_findings": _json_value, "id": _json_value},
)


@given(_report)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_hostile_reports_never_5xx(report: Any) -> None:
    r = _shared_client().post("/v1/reports/check", json=report)
    assert r.status_code in (200, 413, 422), r.text[:500]


_CLIENT: TestClient | None = None


def _shared_client() -> TestClient:
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = TestClient(create_app(), raise_server_exceptions=False)
    return _CLIENT


def test_standards_routes_say_base_status_and_added(client: TestClient) -> None:
    listed = {s["id"]: s for s in client.get("/v1/standards").json()}
    assert listed["iatf-16949-2016"]["extends"] == "iso-9001-2015" and listed["iatf-16949-2016"]["status"] == "current"
    assert listed["iso-9001-1994"]["status"] == "superseded by ISO 9001:2015"
    added = client.get("/v1/standards/IATF16949/clauses/7.1.5.1.1").json()
    assert added["added"] is True and added["source"] == "IATF 16949:2016"
    base = client.get("/v1/standards/iatf-16949-2016/clauses/7.1.5.2").json()
    assert base["added"] is False and base["source"] == "ISO 9001:2015"


def test_every_json_answer_is_documented_by_a_model(client: TestClient) -> None:
    """/docs shows a schema for the JSON answer of every read route (the rules, standards, health and import)."""
    spec = client.get("/openapi.json").json()
    for path, method in [
        ("/healthz", "get"),
        ("/v1/rules", "get"),
        ("/v1/rules/{rule_id}", "get"),
        ("/v1/standards", "get"),
        ("/v1/standards/{std_id}", "get"),
        ("/v1/standards/{std_id}/clauses/{number}", "get"),
        ("/v1/reports/import", "post"),
    ]:
        schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema or "$ref" in schema.get("items", {}), (path, schema)
    example = spec["components"]["schemas"]["RuleExample"]
    assert {"name", "why"} <= set(example["properties"])


def test_every_answer_of_every_route_has_a_schema(client: TestClient) -> None:
    """/docs documents every success answer in every media type a route gives: JSON by its model, files and
    pages as strings (binary for .xlsx and .docx)."""
    spec = client.get("/openapi.json").json()
    missing = [
        (path, method, media)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        for code, answer in op["responses"].items()
        if code.startswith("2")
        for media, body in answer.get("content", {}).items()
        if not body.get("schema")
    ]
    assert missing == []
    plan = spec["paths"]["/v1/reports/plan"]["post"]["responses"]["200"]["content"]
    assert plan["application/json"]["schema"] == {"$ref": "#/components/schemas/PlanAnswer"}
    assert plan["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]["schema"]["format"] == "binary"


def test_the_plan_json_answers_as_its_model_says(client: TestClient) -> None:
    from api.examples import REPORT_EXAMPLE
    from api.responses import PlanAnswer

    got = client.post("/v1/reports/plan?format=json", json=REPORT_EXAMPLE)
    assert got.status_code == 200
    assert PlanAnswer.model_validate(got.json()).model_dump(mode="json") == got.json()
