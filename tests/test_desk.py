"""The review desk over HTTP (`/v1/desk`, and `/v1/reports/check` keeping checks): tenancy on every route,
roles, decisions and states, the access log, deletion and retention, history and trends."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from engine.core.settings import Settings
from tests.test_store import REPORT


@pytest.fixture
def desk(database_url: str) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """An app with its own store (SQLite, and PostgreSQL when one can be started) and keys: two organisations,
    each role of the first."""
    app = create_app(Settings(database_url=database_url))
    store = app.state.store
    keys = {
        role: {"X-API-Key": store.add_key("cb-one", role, f"{role}-one")}
        for role in ("admin", "manager", "reviewer", "auditor")
    }
    keys["other"] = {"X-API-Key": store.add_key("cb-two", "admin", "admin-two")}
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, keys
    store.close()


def keep(client: TestClient, key: dict[str, str], report: dict[str, Any] = REPORT) -> dict[str, Any]:
    r = client.post("/v1/desk/reports", json=report, headers=key)
    assert r.status_code == 200, r.text
    return r.json()


def issue_ids(client: TestClient, key: dict[str, str], report_id: int) -> list[tuple[str, int]]:
    got = client.get(f"/v1/desk/reports/{report_id}", headers=key).json()
    return [(i["rule"], i["issue_id"]) for f in got["verdict"]["findings"] for i in f["issues"]]


def test_a_second_organisation_cannot_read_list_or_count_the_first_ones_reports(desk: Any) -> None:
    client, keys = desk
    kept = keep(client, keys["reviewer"])
    rid = kept["id"]
    (_, iid), *_ = issue_ids(client, keys["reviewer"], rid)
    other = keys["other"]
    # every route that names a report: 404, as if it did not exist
    assert client.get(f"/v1/desk/reports/{rid}", headers=other).status_code == 404
    assert client.get(f"/v1/desk/reports/{rid}/log", headers=other).status_code == 404
    decision = {"action": "accept"}
    assert client.post(f"/v1/desk/reports/{rid}/issues/{iid}/decision", json=decision, headers=other).status_code == 404
    assert client.post(f"/v1/desk/reports/{rid}/state", json={"state": "reviewed"}, headers=other).status_code == 404
    assert client.delete(f"/v1/desk/reports/{rid}", headers=other).status_code == 404
    # every route that lists or counts: nothing of the first organisation's
    assert client.get("/v1/desk/reports", headers=other).json() == []
    assert client.get("/v1/desk/reports/count", headers=other).json() == {"count": 0}
    for by in ("auditor", "client", "standard", "clause", "period", "rule"):
        assert client.get(f"/v1/desk/trends?by={by}", headers=other).json()["rows"] == []
    assert client.get("/v1/desk/trends?by=client&format=csv", headers=other).text.count("\n") <= 1
    assert client.get("/v1/desk/precision", headers=other).json() == {"rows": []}
    assert all(e["report_id"] != rid for e in client.get("/v1/desk/log", headers=other).json())
    assert client.delete("/v1/desk/auditors/Dana Auditor", headers=other).json() == {"reports_changed": 0}
    assert client.post("/v1/desk/retention/purge?days=1", headers=other).json() == {"deleted": 0}
    # history: the second organisation's report of the same client finds no repeat from the first's
    again = {**copy.deepcopy(REPORT), "id": "R-9", "audit": {**REPORT["audit"], "date": "2027-03-10"}}
    theirs = keep(client, other, again)["verdict"]
    assert all(i["category"] != "repeat" for f in theirs["findings"] for i in f["issues"])
    # and the first organisation still sees its own, untouched
    mine = client.get(f"/v1/desk/reports/{rid}", headers=keys["auditor"])
    assert mine.status_code == 200 and mine.json()["state"] == "checked"
    assert client.get("/v1/desk/reports/count", headers=keys["manager"]).json() == {"count": 1}


def test_keys_are_needed_once_any_exists_and_roles_limit_what_a_key_may_do(desk: Any) -> None:
    client, keys = desk
    assert client.get("/v1/desk/reports").status_code == 401
    assert client.get("/v1/desk/reports", headers={"X-API-Key": "nope"}).status_code == 401
    assert client.post("/v1/reports/check", json=REPORT).status_code == 401  # the store's keys guard every route
    assert client.post("/v1/reports/check", json=REPORT, headers=keys["auditor"]).status_code == 200
    # the auditor (read-only) may read, not keep, decide, issue, delete or see trends
    auditor = keys["auditor"]
    assert client.post("/v1/desk/reports", json=REPORT, headers=auditor).status_code == 403
    rid = keep(client, keys["reviewer"])["id"]
    (_, iid), *_ = issue_ids(client, auditor, rid)
    r = client.post(f"/v1/desk/reports/{rid}/issues/{iid}/decision", json={"action": "accept"}, headers=auditor)
    assert r.status_code == 403 and "reviewer" in r.json()["detail"]
    assert client.post(f"/v1/desk/reports/{rid}/state", json={"state": "reviewed"}, headers=auditor).status_code == 403
    assert client.get("/v1/desk/trends", headers=auditor).status_code == 403
    # a reviewer may not delete, read the log or make keys; a manager may not make keys
    assert client.delete(f"/v1/desk/reports/{rid}", headers=keys["reviewer"]).status_code == 403
    assert client.get("/v1/desk/log", headers=keys["reviewer"]).status_code == 403
    new = {"role": "reviewer", "label": "Sam"}
    assert client.post("/v1/desk/keys", json=new, headers=keys["manager"]).status_code == 403
    made = client.post("/v1/desk/keys", json=new, headers=keys["admin"])
    assert made.status_code == 201 and made.json()["organisation"] == "cb-one"
    sam = {"X-API-Key": made.json()["key"]}
    assert client.get("/v1/desk/reports/count", headers=sam).json() == {"count": 1}
    # checks through /v1/reports/check are kept for a reviewer, with the id in a header
    r = client.post("/v1/reports/check", json=REPORT, headers=sam)
    assert r.headers["X-Ncaudit-Stored-Report"].isdigit()
    assert "X-Ncaudit-Stored-Report" not in client.post("/v1/reports/check", json=REPORT, headers=auditor).headers


def test_decisions_states_and_the_access_log(desk: Any) -> None:
    client, keys = desk
    rev = keys["reviewer"]
    rid = keep(client, rev)["id"]
    ids = issue_ids(client, rev, rid)
    assert len(ids) >= 2
    (_, first), (_, second), *_ = ids
    url = f"/v1/desk/reports/{rid}/issues/{{}}/decision"
    missing = client.post(url.format(first), json={"action": "dismiss"}, headers=rev)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "reason"]
    assert client.post(url.format(first), json={"action": "edit"}, headers=rev).status_code == 422
    assert client.post(url.format(first), json={"action": "shrug"}, headers=rev).status_code == 422
    assert client.post(url.format(999999), json={"action": "accept"}, headers=rev).status_code == 404
    d = client.post(url.format(first), json={"action": "dismiss", "reason": "the plan sets that interval"}, headers=rev)
    assert d.status_code == 200 and d.json()["by"] == "reviewer-one"
    assert client.post(url.format(second), json={"action": "accept"}, headers=rev).status_code == 200
    got = client.get(f"/v1/desk/reports/{rid}", headers=rev).json()
    decided = {i["issue_id"]: i["decision"] for f in got["verdict"]["findings"] for i in f["issues"]}
    assert decided[first]["action"] == "dismiss" and decided[first]["reason"] == "the plan sets that interval"
    assert decided[second]["action"] == "accept"
    # checked -> reviewed -> issued, in order only; an issued report's decisions are final
    state = f"/v1/desk/reports/{rid}/state"
    assert client.post(state, json={"state": "issued"}, headers=rev).status_code == 409
    assert client.post(state, json={"state": "reviewed"}, headers=rev).json()["state"] == "reviewed"
    issued = client.post(state, json={"state": "issued"}, headers=rev).json()
    assert issued["state"] == "issued" and issued["issued_at"]
    assert client.post(url.format(first), json={"action": "accept"}, headers=rev).status_code == 409
    # every read and decision logged: who, when, what
    log = client.get(f"/v1/desk/reports/{rid}/log", headers=keys["manager"]).json()
    actions = [(e["actor"], e["action"]) for e in log]
    assert ("reviewer-one", "decide:dismiss") in actions and ("reviewer-one", "decide:accept") in actions
    assert ("reviewer-one", "read") in actions and ("reviewer-one", "state:issued") in actions
    assert ("reviewer-one", "check") in actions and all(e["at"] for e in log)


def test_deleting_a_report_and_erasing_an_auditor(desk: Any) -> None:
    client, keys = desk
    rid = keep(client, keys["reviewer"])["id"]
    other = keep(client, keys["reviewer"], {**REPORT, "id": "R-5"})["id"]
    (_, iid), *_ = issue_ids(client, keys["reviewer"], rid)
    reason = {"action": "dismiss", "reason": "Dana Auditor explained the plan"}
    client.post(f"/v1/desk/reports/{rid}/issues/{iid}/decision", json=reason, headers=keys["reviewer"])
    forgot = client.delete("/v1/desk/auditors/dana auditor", headers=keys["admin"])
    assert forgot.json() == {"reports_changed": 2}
    got = client.get(f"/v1/desk/reports/{rid}", headers=keys["admin"]).json()
    assert "Dana" not in str(got) and got["auditor"] == "(erased)"
    assert "Dana" not in str(client.get("/v1/desk/log", headers=keys["admin"]).json())
    rows = client.get("/v1/desk/trends?by=auditor", headers=keys["admin"]).json()["rows"]
    assert [r["group"] for r in rows] == ["(erased)"]
    assert client.delete(f"/v1/desk/reports/{rid}", headers=keys["manager"]).status_code == 204
    assert client.get(f"/v1/desk/reports/{rid}", headers=keys["manager"]).status_code == 404
    assert client.get("/v1/desk/reports/count", headers=keys["manager"]).json() == {"count": 1}
    assert client.post("/v1/desk/retention/purge", headers=keys["admin"]).status_code == 422  # no days, no setting
    assert client.post("/v1/desk/retention/purge?days=30", headers=keys["admin"]).json() == {"deleted": 0}
    assert client.get(f"/v1/desk/reports/{other}", headers=keys["admin"]).status_code == 200


def test_a_repeat_is_found_from_the_stored_history(desk: Any) -> None:
    client, keys = desk
    rev = keys["reviewer"]
    first = keep(client, rev)["verdict"]
    assert all(i["category"] != "repeat" for f in first["findings"] for i in f["issues"])
    later = copy.deepcopy(REPORT)
    later["id"] = "R-2"
    later["audit"]["date"] = "2027-03-12"
    later["findings"] = [
        {
            "id": "NC-1",
            "grade": "minor",
            "clause": "7.1.5.2",
            "statement": "Measuring equipment was again not verified at the intervals the plan sets.",
            "evidence": "Gauge G-14 label due 2027-01-01; no verification record after 2026-01-01.",
        }
    ]
    plain = client.post("/v1/reports/check", json=later, headers={**rev}).json()  # kept too: with history
    assert any(i["category"] == "repeat" for i in plain["findings"][0]["issues"])
    kept = keep(client, rev, later)["verdict"]
    assert any(i["category"] == "repeat" for i in kept["findings"][0]["issues"])


def test_no_store_no_desk(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(store=False, data_dir=str(tmp_path / "none"))))
    assert client.get("/v1/desk/reports").status_code == 404
    r = client.post("/v1/reports/check", json=REPORT)
    assert r.status_code == 200 and "X-Ncaudit-Stored-Report" not in r.headers
    assert not (tmp_path / "none").exists()


def test_trends_as_json_csv_and_xlsx(desk: Any) -> None:
    client, keys = desk
    rev = keys["reviewer"]
    rid = keep(client, rev)["id"]
    keep(client, rev, {**REPORT, "id": "R-3", "audit": {**REPORT["audit"], "lead_auditor": "Lee Auditor"}})
    (_, first), *_ = issue_ids(client, rev, rid)
    client.post(f"/v1/desk/reports/{rid}/issues/{first}/decision", json={"action": "accept"}, headers=rev)
    answer = client.get("/v1/desk/trends?by=auditor", headers=rev).json()
    assert "not judgments of a person" in answer["note"]
    rows = {r["group"]: r for r in answer["rows"]}
    assert set(rows) == {"Dana Auditor", "Lee Auditor"}
    assert rows["Dana Auditor"]["findings"] == 2 and rows["Dana Auditor"]["reports"] == 1
    assert 0 < rows["Dana Auditor"]["flagged_share"] <= 1
    rules = client.get("/v1/desk/trends?by=rule", headers=rev).json()["rows"]
    assert sum(r["accepted"] for r in rules) == 1
    assert client.get("/v1/desk/trends?by=nobody", headers=rev).status_code == 422
    assert client.get("/v1/desk/trends?since=2026", headers=rev).status_code == 422
    text = client.get("/v1/desk/trends?by=client&format=csv", headers=rev).text
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[0]["group"] == "Valve Works Ltd" and table[0]["findings"] == "4"
    xlsx = client.get("/v1/desk/trends?by=period&format=xlsx", headers=rev)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(1, 1).value == "group" and sheet.cell(2, 1).value == "2026-03"


def test_without_keys_the_service_is_one_users_and_cannot_be_locked_by_a_request(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(data_dir=str(tmp_path))), raise_server_exceptions=False)
    assert client.post("/v1/reports/check", json=REPORT, headers={"X-API-Key": "anything"}).status_code == 200
    assert client.get("/v1/desk/reports/count").json() == {"count": 1}
    made = client.post("/v1/desk/keys", json={"role": "admin", "label": "me"})
    assert made.status_code == 403 and "ncaudit desk add-key" in made.json()["detail"]
    assert client.get("/v1/desk/reports/count").status_code == 200  # still open: no key was made
