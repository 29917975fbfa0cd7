"""`ncaudit plan` (issue 15): decisions, deadlines by policy and scheme, and the workbook, CSV and calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.main import create_app
from engine.check.engine import Engine
from engine.check.impact import certification_impact
from engine.cli import main
from engine.core.models import Grounding, Report
from engine.outputs.plan import _PROVIDERS as PROVIDERS
from engine.outputs.plan import Deadline, Duration, build_plan, deadlines_for, register_deadline_provider
from engine.outputs.plan_formats import ics_fold, plan_csv, plan_ics, plan_xlsx, render_plan
from engine.rulebook.config import ConfigError, PlanSettings, RulesConfig, load_config
from tests.conftest import ROOT
from tests.letter_fixture import REPORT, report, verdicts

D = dt.date


def _plan(policy: PlanSettings | None = None, **changes: object):  # type: ignore[no-untyped-def]
    return build_plan(report(**changes), verdicts(), policy)


def test_decisions_follow_the_verdicts() -> None:
    rows = {r.finding_id: r for r in _plan().rows}
    assert {k: r.decision for k, r in rows.items()} == {
        "NC-1": "accept",  # sound
        "NC-2": "contest: withdraw",  # withdraw
        "NC-3": "contest: regrade",  # regrade downward
        "NC-4": "ask for revision",  # revise
        "NC-5": "accept",  # regrade upward: the client accepts it as raised
        "OFI-1": "accept",
        "OBS-1": "accept",
    }
    assert rows["NC-5"].plan_grade == "minor" and "major" in rows["NC-5"].note
    assert rows["NC-4"].clause == "7.1.5.2" and rows["NC-4"].requirement_source == "inferred"
    assert rows["NC-4"].summary and "calibrated" in rows["NC-4"].summary


def test_majors_first_then_by_due_date() -> None:
    order = [r.finding_id for r in _plan().rows]
    assert order[:2] == ["NC-1", "NC-3"]  # the two raised majors
    # minors next, those with the earlier first deadline (a contest window) before the rest; on the same day,
    # the one that stands (NC-4, revise) before the one contested for withdrawal (NC-2)
    assert order[2:5] == ["NC-4", "NC-2", "NC-5"]
    assert set(order[5:]) == {"OFI-1", "OBS-1"}


def test_dates_across_month_ends_default_policy() -> None:
    rows = {r.finding_id: r for r in _plan().rows}  # last day 31 August 2026, stage 2
    nc1 = rows["NC-1"]
    assert nc1.due("response") == D(2026, 9, 14)  # 14 days
    assert nc1.due("evidence") == D(2026, 10, 30)  # 60 days
    assert nc1.due("limit") == D(2027, 2, 28)  # 6 months from 31 August: the end of February (9.5.3.2)
    assert nc1.due("contest") is None  # accepted: nothing to contest
    nc2 = rows["NC-2"]
    assert nc2.due("contest") == D(2026, 9, 14)
    assert (nc2.due("response"), nc2.due("evidence")) == (D(2026, 9, 30), D(2026, 11, 29))
    assert rows["OFI-1"].deadlines == [] and rows["OBS-1"].deadlines == []


def test_no_verification_limit_outside_initial_certification() -> None:
    rows = {r.finding_id: r for r in _plan(audit={**REPORT["audit"], "type": "surveillance"}).rows}
    assert rows["NC-1"].due("limit") is None and rows["NC-1"].due("response") == D(2026, 9, 14)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("30 days", D(2026, 1, 31), D(2026, 3, 2)),
        ("1 month", D(2026, 1, 31), D(2026, 2, 28)),
        ("1 month", D(2028, 1, 31), D(2028, 2, 29)),
        ("6 months", D(2026, 8, 31), D(2027, 2, 28)),
        ("3 months", D(2026, 11, 30), D(2027, 2, 28)),
        ("13 weeks", D(2026, 12, 31), D(2027, 4, 1)),
        ("10 working days", D(2026, 10, 30), D(2026, 11, 13)),  # from a Friday: two working weeks
        ("1 working day", D(2026, 10, 30), D(2026, 11, 2)),  # Friday -> Monday
    ],
)
def test_durations(text: str, start: dt.date, due: dt.date) -> None:
    assert Duration.parse(text).after(start) == due


def test_configured_policy_and_scheme_override(tmp_path: Path) -> None:
    cfg = tmp_path / "ncaudit.yaml"
    cfg.write_text(
        "plan:\n"
        "  dispute: 10 working days\n"
        "  minor: {response: 21 days, evidence: 3 months}\n"
        "  schemes:\n"
        "    IATF 16949:\n"
        "      major: {response: 15 days, evidence: 90 days}\n"
    )
    policy = load_config(cfg).plan
    plain = {r.finding_id: r for r in _plan(policy).rows}
    assert plain["NC-2"].due("contest") == D(2026, 9, 14)  # 10 working days from Monday 31 August
    assert plain["NC-2"].due("response") == D(2026, 9, 21) and plain["NC-2"].due("evidence") == D(2026, 11, 30)
    assert plain["NC-1"].due("evidence") == D(2026, 10, 30)  # majors keep the default
    scheme = {r.finding_id: r for r in _plan(policy, audit={**REPORT["audit"], "scheme": "iatf 16949"}).rows}
    assert scheme["NC-1"].due("response") == D(2026, 9, 15) and scheme["NC-1"].due("evidence") == D(2026, 11, 29)
    assert scheme["NC-2"].due("response") == D(2026, 9, 21)  # what the scheme does not set is the general policy's
    assert any("scheme" in dl.source for dl, _ in scheme["NC-1"].deadlines)


def test_bad_duration_names_the_field(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("plan:\n  major: {response: soon}\n")
    with pytest.raises(ConfigError, match=r"plan\.major\.response"):
        load_config(cfg)


def test_scheme_pack_provider_plugs_in() -> None:
    def pack(grade: str, scheme: str | None, audit_type: str | None) -> list[Deadline] | None:
        if scheme != "Pack scheme" or grade != "major":
            return None
        return [Deadline("response", "containment within", Duration(2, "days"), "scheme rule 5.1", "pack")]

    register_deadline_provider(pack)
    try:
        assert deadlines_for("major", "Pack scheme")[0].due(D(2026, 8, 31)) == D(2026, 9, 2)
        assert deadlines_for("major", None)[0].after == Duration(14, "days")
    finally:
        PROVIDERS.remove(pack)


def test_no_audit_date_leaves_dates_blank_and_says_so() -> None:
    plan = _plan(audit={"type": "surveillance"})
    assert all(due is None for r in plan.rows for _, due in r.deadlines)
    assert plan.warnings and "no audit date" in plan.warnings[0]


# -- the workbook -----------------------------------------------------------------------------------


def test_golden_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_xlsx(_plan()))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Plan", "Summary", "Deadlines"]
    ws = wb["Plan"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["#", "Finding", "Decision", "Raised as", "ncaudit proposes", "Planned as"]
    assert header[-3:] == ["Owner", "Status", "Comments"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:X8"
    col = {h: i + 1 for i, h in enumerate(header)}
    first = {h: ws.cell(2, col[h]).value for h in header}
    assert first["Finding"] == "NC-1" and first["Decision"] == "accept" and first["Clause"] == "8.7.1"
    assert first["Requirement"] == "Control of nonconforming outputs"
    assert (
        "verification by the certification body before the certification decision"
        in first["What the certification body will need"]
    )
    # due dates are real dates with a date format, not text
    due = ws.cell(2, col["Response due"])
    assert due.value == dt.datetime(2026, 9, 14) and due.number_format == "yyyy-mm-dd"
    assert ws.cell(2, col["Verify by (9.5.3.2)"]).value == dt.datetime(2027, 2, 28)
    assert ws.cell(2, col["Contest by"]).value is None
    nc2 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Finding"]).value == "NC-2")
    assert ws.cell(nc2, col["Decision"]).value == "contest: withdraw"
    assert ws.cell(nc2, col["Contest by"]).value == dt.datetime(2026, 9, 14)
    # owner, status and comments are left for the consultant; status offers a list
    assert all(ws.cell(r, col[h]).value is None for r in range(2, ws.max_row + 1) for h in ("Owner", "Status"))
    assert any(
        f"{ws.cell(1, col['Status']).column_letter}2" in str(dv.sqref) for dv in ws.data_validations.dataValidation
    )
    assert ws.cell(2, col["Finding as written"]).alignment.wrap_text
    assert ws.column_dimensions["I"].width >= 40

    summary = wb["Summary"]
    cells = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert cells["Client"][0] == "Acme Valves Ltd" and cells["Certificate"][0] == "Q-12345"
    assert cells["Last day (deadlines count from it)"][0] == dt.datetime(2026, 8, 31)
    assert cells["Decision"][:6] == ("major", "minor", "observation", "ofi", "none", "Total")
    assert cells["accept"][:6] == (1, 1, 1, 1, 0, 4)
    assert cells["contest: withdraw"][:6] == (0, 1, 0, 0, 0, 1)
    assert cells["contest: regrade"][:6] == (1, 0, 0, 0, 0, 1)
    assert cells["ask for revision"][:6] == (0, 1, 0, 0, 0, 1)
    assert cells["Total"][5] == 7

    deadlines = wb["Deadlines"]
    dates = [r[0] for r in deadlines.iter_rows(min_row=2, values_only=True)]
    assert dates == sorted(dates) and dates[0] == dt.datetime(2026, 9, 14)


def test_csv_guards_formulas() -> None:
    rep = report(findings=[{**REPORT["findings"][0], "statement": '=HYPERLINK("http://x","y")'}])
    res = verdicts()
    res.findings = res.findings[:1]
    rows = list(csv.reader(io.StringIO(plan_csv(build_plan(rep, res)).removeprefix("\ufeff"))))
    assert rows[0][1] == "Finding" and len(rows) == 2
    statement = rows[1][rows[0].index("Finding as written")]
    assert statement.startswith("'=HYPERLINK")
    assert rows[1][rows[0].index("Response due")] == "2026-09-14"


# -- the calendar -----------------------------------------------------------------------------------


def test_ics_events_escaping_and_folding() -> None:
    plan = _plan(client="Acme; Valves, Ltd")
    text = plan_ics(plan, now=dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\n" not in text.replace("\r\n", "")
    dated = sum(1 for r in plan.rows for _, due in r.deadlines if due)
    assert text.count("BEGIN:VEVENT") == dated
    assert "DTSTART;VALUE=DATE:20260914" in text and "DTEND;VALUE=DATE:20260915" in text
    unfolded = text.replace("\r\n ", "")
    assert "DTSTAMP:20260901T080000Z" in unfolded
    assert "SUMMARY:NC-1: correction\\, cause analysis and corrective action plan" in unfolded
    uids = [ln for ln in unfolded.split("\r\n") if ln.startswith("UID:")]
    assert len(uids) == len(set(uids)) == dated
    again = plan_ics(_plan(client="Acme; Valves, Ltd"), now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert uids == [ln for ln in again.replace("\r\n ", "").split("\r\n") if ln.startswith("UID:")]  # stable


def test_ics_fold_keeps_characters_whole() -> None:
    line = "DESCRIPTION:" + "é" * 80
    folded = ics_fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


# -- certification impact -------------------------------------------------------------------------------


def test_impact_says_raised_and_proposed_where_they_differ() -> None:
    text = certification_impact(verdicts().findings)
    assert "As raised by the auditor: 2 major (NC-1, NC-3) and 3 minor (NC-2, NC-4, NC-5)" in text
    assert "As proposed by ncaudit" in text and "2 major (NC-1, NC-5)" in text
    assert "counted as proposed" in text and "As raised, NC-3 would also need verified" in text


def test_impact_one_count_when_they_agree() -> None:
    same = [f for f in verdicts().findings if f.id in ("NC-1", "OFI-1")]
    text = certification_impact(same)
    assert text.startswith("Grades as raised and as proposed agree: 1 major (NC-1).")
    assert "As raised by the auditor" not in text


# -- doors: command line, HTTP, end to end ----------------------------------------------------------------


def test_end_to_end_through_the_engine(engine: Engine) -> None:
    rep = Report.model_validate(json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text()))
    plan = build_plan(rep, engine.check(rep))
    assert sorted(r.finding_id for r in plan.rows) == sorted(f.id or "" for f in rep.findings)
    assert all(r.decision in ("accept", "contest: withdraw", "contest: regrade", "ask for revision") for r in plan.rows)
    minors = [r for r in plan.rows if r.plan_grade == "minor"]
    assert minors and all(r.due("response") == D(2026, 11, 13) for r in minors)  # 30 days after 14 October


def test_cli_plan_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = ROOT / "examples" / "cb-2026-0142.json"
    for suffix in ("xlsx", "csv", "ics", "json"):
        out = tmp_path / f"plan.{suffix}"
        assert main(["plan", str(src), "-o", str(out)]) == 0
        assert out.stat().st_size > 200
    assert load_workbook(tmp_path / "plan.xlsx")["Plan"].max_row == 8
    assert (tmp_path / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_api_plan() -> None:
    client = TestClient(create_app())
    body = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())
    r = client.post("/v1/reports/plan", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="CB-2026-0142-plan.xlsx"' in r.headers["content-disposition"]
    assert load_workbook(io.BytesIO(r.content))["Plan"].max_row == 8
    r = client.post("/v1/reports/plan?format=ics", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    r = client.post("/v1/reports/plan?format=json", json=body)
    assert r.status_code == 200 and len(r.json()["rows"]) == 7
    assert client.post("/v1/reports/plan?format=pdf", json=body).status_code == 422


def test_plan_section_does_not_disturb_rules_config() -> None:
    assert RulesConfig().plan == PlanSettings() and RulesConfig.model_validate({"plan": {}}).plan.dispute == "14 days"


def test_workbook_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x","y")'
    rep = report(client="=cmd|' /C calc'!A0", findings=[{**REPORT["findings"][0], "statement": hostile + "\x00\x0b"}])
    res = verdicts()
    res.findings = res.findings[:1]
    path = tmp_path / "p.xlsx"
    path.write_bytes(plan_xlsx(build_plan(rep, res)))
    wb = load_workbook(path)
    ws = wb["Plan"]
    col = [c.value for c in ws[1]].index("Finding as written") + 1
    cell = ws.cell(2, col)
    assert cell.value == hostile and cell.data_type == "s"
    client = next(r for r in wb["Summary"].iter_rows() if r[0].value == "Client")[1]
    assert client.value.startswith("=cmd") and client.data_type == "s"


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ics", "json"])
def test_api_plan_takes_awkward_reports(fmt: str) -> None:
    client = TestClient(create_app())
    body = {
        "id": 'R"1\r\n; x',
        "client": "Zoë \x0b <b>&</b>",
        "audit": {"type": "SA2", "dates": "30 Dec to 2 Jan 2027"},
        "findings": [
            {"statement": "=1+1 \x00 nul; semicolons, commas\nand lines", "grade": "Cat 1"},
            {"statement": "💥" * 40, "grade": "AOC"},
            {"id": "NC 3", "statement": "Records were missing.", "grade": "what"},
        ],
    }
    r = client.post(f"/v1/reports/plan?format={fmt}", json=body)
    assert r.status_code == 200, r.text[:300]
    disposition = r.headers.get("content-disposition", "")
    assert "\r" not in disposition and '"1' not in disposition[:-1]
    if fmt == "ics":
        assert all(len(line.encode()) <= 75 for line in r.text.split("\r\n"))


def test_a_schemes_rule_pack_sets_the_deadlines_of_a_report_under_it(engine: Engine) -> None:
    """An IATF 16949 report takes its deadlines from the IATF rule pack (15 days to contain a major, 60 for the
    corrective action), even when the report names only the standard; the generic policy answers otherwise."""
    data = json.loads((ROOT / "tests" / "fixtures" / "schemes" / "iatf-16949-report.json").read_text())
    data.get("audit", {}).pop("scheme", None)
    rep = Report.model_validate(data)
    plan = build_plan(rep, engine.check(rep))
    major = next(r for r in plan.rows if r.plan_grade == "major")
    last = rep.audit.closing_day() if rep.audit else None
    assert last is not None
    days = {dl.key: (due - last).days for dl, due in major.deadlines if due}
    assert days["response"] == 15 and days["evidence"] == 60
    assert all(dl.source.startswith("scheme ") for dl, _ in major.deadlines if dl.key != "contest")
    generic = deadlines_for("major", None)
    assert all(d.source == "default policy" for d in generic)  # nobody stated it: ncaudit's assumption


# -- deadlines already passed (issue 27) ------------------------------------------------------------------


def test_a_plan_made_a_month_after_the_audit_marks_the_passed_deadlines(tmp_path: Path) -> None:
    late = D(2026, 10, 5)  # the audit ended on 31 August
    plan = build_plan(report(), verdicts(), today=late)
    rows = {r.finding_id: r for r in plan.rows}
    assert rows["NC-1"].days_overdue("response") == (late - D(2026, 9, 14)).days == 21
    assert rows["NC-1"].days_overdue("evidence") is None  # 30 October is still ahead
    assert rows["NC-2"].days_overdue("contest") == 21
    assert rows["OFI-1"].overdue == []
    assert any("had passed by 2026-10-05" in w and "agree new dates" in w for w in plan.warnings)
    # on the day before the first deadline nothing is overdue and nothing is said
    early = build_plan(report(), verdicts(), today=D(2026, 9, 13))
    assert all(not r.overdue for r in early.rows) and not any("had passed" in w for w in early.warnings)

    path = tmp_path / "late.xlsx"
    path.write_bytes(plan_xlsx(plan))
    ws = load_workbook(path)["Plan"]
    header = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(header)}
    nc1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Finding"]).value == "NC-1")
    assert ws.cell(nc1, col["Overdue"]).value == "Response due: 21 days overdue"
    red = ws.cell(nc1, col["Response due"]).fill.fgColor.rgb
    assert red.endswith("F4C7C3") and ws.cell(nc1, col["Overdue"]).fill.fgColor.rgb == red
    assert ws.cell(nc1, col["Evidence due"]).fill.fgColor.rgb != red  # a date still ahead is not coloured
    ofi = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Finding"]).value == "OFI-1")
    assert ws.cell(ofi, col["Overdue"]).value is None
    summary = {r[0]: r[1] for r in load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Overdue counted on"] == dt.datetime(2026, 10, 5)
    deadlines = load_workbook(path)["Deadlines"]
    assert [c.value for c in deadlines[1]][-1] == "Days overdue"
    days = {(r[1], r[0].date()): r[6] for r in deadlines.iter_rows(min_row=2, values_only=True)}
    assert days[("NC-1", D(2026, 9, 14))] == 21 and days[("NC-1", D(2026, 10, 30))] is None

    text = plan_csv(plan)
    rows_csv = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    nc1_csv = next(r for r in rows_csv if r[1] == "NC-1")
    assert nc1_csv[rows_csv[0].index("Overdue")] == "Response due: 21 days overdue"
    as_json = json.loads(render_plan(plan, "json"))
    nc1_json = next(r for r in as_json["rows"] if r["finding_id"] == "NC-1")
    assert {d["key"]: d["days_overdue"] for d in nc1_json["deadlines"]} == {
        "response": 21,
        "evidence": None,
        "limit": None,
    }


def test_plan_csv_has_a_byte_order_mark_and_leaves_ordinary_dashes() -> None:
    text = plan_csv(_plan())
    assert text.startswith("\ufeff#,Finding")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    needs = rows[1][rows[0].index("What the certification body will need")]
    assert needs.startswith("- correction") and not needs.startswith("'")


def test_the_plan_quotes_what_the_requirement_obliges_and_leaves_open() -> None:
    res = verdicts()
    nc2 = next(f for f in res.findings if f.id == "NC-2")
    nc2.requirement.grounding = Grounding(
        demand="an electronic document register",
        obliges="documented information is controlled so that it is available where needed and protected",
        leaves_open=["medium", "method"],
        outcome="left_open",
    )
    plan = build_plan(report(), res)
    row = next(r for r in plan.rows if r.finding_id == "NC-2")
    assert row.obliges and row.obliges.startswith("documented information is controlled")
    assert row.leaves_open == ["medium", "method"]
    assert row.note.startswith(
        "The requirement 7.5.3.2 obliges: documented information is controlled so that it is available where needed "
        "and protected. It leaves the medium and method to the organisation."
    )
    rows = list(csv.reader(io.StringIO(plan_csv(plan).removeprefix("\ufeff"))))
    got = next(r for r in rows if r[1] == "NC-2")
    assert got[rows[0].index("Left to the organisation")] == "medium, method"
    assert got[rows[0].index("What the requirement obliges")].startswith("documented information is controlled")
    # without a grounding the columns stay empty and the note says nothing of it
    bare = next(r for r in build_plan(report(), verdicts()).rows if r.finding_id == "NC-2")
    assert bare.obliges is None and bare.leaves_open == [] and "obliges" not in bare.note


def test_who_stated_each_period() -> None:
    """A period the report, a scheme or the user's configuration states is theirs; the built-in one is nobody's,
    and a letter never names it as the certification body's."""
    from engine.outputs.plan import stated

    rows = {r.finding_id: r for r in build_plan(report(), verdicts(), today=D(2026, 9, 1)).rows}
    assert all(not stated(dl) for dl, _ in rows["NC-1"].deadlines)
    times = {"major": {"response": "10 working days"}, "dispute": "7 days"}
    rep = report(audit={**REPORT["audit"], "response_times": times})
    rows = {r.finding_id: r for r in build_plan(rep, verdicts(), today=D(2026, 9, 1)).rows}
    by_key = {dl.key: (dl, due) for dl, due in rows["NC-1"].deadlines}
    assert by_key["response"][0].source == "report" and by_key["response"][1] == D(2026, 9, 14)  # 10 working days
    assert not stated(by_key["evidence"][0])  # the report gives no evidence period: still the assumption
    contest = {dl.key: dl for dl, _ in rows["NC-2"].deadlines}["contest"]
    assert contest.source == "report" and contest.after == Duration(7, "days")
    configured = PlanSettings.model_validate({"minor": {"response": "20 days"}})
    assert all(d.source == "configured policy" for d in deadlines_for("minor", policy=configured))
    assert all(d.source == "default policy" for d in deadlines_for("major", policy=configured))
