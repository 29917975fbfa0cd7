"""The review desk's store (engine/store): migrations up from empty and matching the models, keeping a check
without changing its verdict, the command line's `--store`, several writers at once."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from engine.check.engine import Engine
from engine.cli import main
from engine.core.models import Report
from engine.store.db import alembic_config, migrate, open_engine
from engine.store.repository import Store, check_and_keep
from engine.store.schema import AccessEntry, Base, Decision, StoredFinding, StoredIssue, StoredReport
from engine.store.trends import trends
from tests.store_writers import decide_many, keep_many

REPORT: dict[str, Any] = {
    "id": "R-1",
    "standard": "ISO 9001:2015",
    "client": "Valve Works Ltd",
    "certificate_number": "Q-100",
    "audit": {"type": "surveillance", "date": "2026-03-10", "lead_auditor": "Dana Auditor"},
    "findings": [
        {
            "id": "NC-1",
            "grade": "minor",
            "clause": "7.1.5.2",
            "statement": "Measuring equipment was not verified at the intervals the plan sets.",
            "evidence": "Gauge G-12 label due 2026-01-01; no verification record after 2025-01-01.",
        },
        {
            "id": "NC-2",
            "grade": "major",
            "clause": "8.5",
            "statement": "It would be best practice to laminate the work instructions.",
        },
    ],
}


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A fresh store on SQLite, and on PostgreSQL when a server can be started (tests/conftest.py)."""
    s = Store.open(url=database_url)
    yield s
    s.close()


def test_migrations_run_up_from_empty_and_make_exactly_the_models(database_url: str) -> None:
    engine = open_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        current = MigrationContext.configure(conn).get_current_revision()
    assert diff == []
    assert current == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    migrate(engine)  # a second run finds nothing to do
    engine.dispose()


def test_migrations_go_down_and_up_again(database_url: str) -> None:
    from alembic import command

    engine = open_engine(database_url)
    migrate(engine)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert "reports" in inspect(engine).get_table_names()
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(data_dir=str(tmp_path))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_keeping_a_check_changes_no_verdict(store: Store, engine: Engine) -> None:
    report = Report.model_validate(REPORT)
    plain = engine.check(report)
    who = store.principal_for("cb-one")
    kept, report_id = check_and_keep(store, who, report, engine.check)
    assert kept.model_dump() == plain.model_dump()
    # another client's stored report gives this one no history: still the same verdict
    other = Report.model_validate({**REPORT, "id": "R-2", "client": "Other Co", "certificate_number": "Q-200"})
    kept_other, _ = check_and_keep(store, who, other, engine.check)
    assert kept_other.model_dump() == engine.check(other).model_dump()
    stored = store.get_report(who, report_id)
    assert stored["report"]["findings"][0]["statement"] == REPORT["findings"][0]["statement"]
    assert stored["engine"] == plain.engine.model_dump()
    assert stored["requested_by"] == "local"
    assert stored["auditor"] == "Dana Auditor"
    issues = [i for f in stored["verdict"]["findings"] for i in f["issues"]]
    assert issues and all(isinstance(i["issue_id"], int) and i["decision"] is None for i in issues)


def test_a_kept_check_writes_one_row_per_finding_and_issue_in_the_verdicts_order(store: Store, engine: Engine) -> None:
    """Each finding's row and each issue's row, in id order, are the verdict's own, attached to the right finding
    and report (PostgreSQL writes them in one statement, joined by position: bench/store.py)."""
    report = Report.model_validate(REPORT)
    verdict = engine.check(report)
    who = store.principal_for("cb-rows")
    store.add_report(who, report, engine.check(Report.model_validate({**REPORT, "id": "R-0"})))  # ids not from 1
    report_id = store.add_report(who, report, verdict)
    with store.sessions() as s:
        findings = s.execute(
            select(StoredFinding.id, StoredFinding.position, StoredFinding.finding_ref, StoredFinding.verdict)
            .where(StoredFinding.report_id == report_id)
            .order_by(StoredFinding.id)
        ).all()
        issues = s.execute(
            select(StoredIssue.finding_id, StoredIssue.rule, StoredIssue.category, StoredIssue.organisation_id)
            .where(StoredIssue.report_id == report_id)
            .order_by(StoredIssue.id)
        ).all()
        entries = s.scalar(select(func.count()).select_from(AccessEntry).where(AccessEntry.report_id == report_id))
    assert [(f.position, f.finding_ref, f.verdict) for f in findings] == [
        (pos, fv.id, fv.verdict) for pos, fv in enumerate(verdict.findings)
    ]
    position = {f.id: f.position for f in findings}
    expected = [(pos, i.rule, i.category) for pos, fv in enumerate(verdict.findings) for i in fv.issues]
    assert expected, "the fixture's report has flagged findings"
    assert [(position[i.finding_id], i.rule, i.category) for i in issues] == expected
    assert {i.organisation_id for i in issues} == {who.organisation_id}
    assert entries == 1
    stored = store.get_report(who, report_id)
    assert [[i["rule"] for i in f["issues"]] for f in stored["verdict"]["findings"]] == [
        [i.rule for i in fv.issues] for fv in verdict.findings
    ]


def test_the_command_line_keeps_a_check_with_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("NCAUDIT_DATA_DIR", str(tmp_path / "cli"))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(REPORT))
    main(["check", str(path), "--format", "json"])
    without = json.loads(capsys.readouterr().out)
    assert not (tmp_path / "cli").exists()  # no store unless asked
    main(["check", str(path), "--format", "json", "--store", "--organisation", "cb-cli"])
    captured = capsys.readouterr()
    assert json.loads(captured.out) == without
    assert "kept" in captured.err
    store = Store.open(data_dir=str(tmp_path / "cli"))
    with store.sessions() as s:
        row = s.scalars(select(StoredReport)).one()
    assert row.requested_by.startswith("cli:") and row.sources["file"] == str(path)
    store.close()


def test_an_unusable_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("NCAUDIT_DATABASE_URL", "nosuchdb://x")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(REPORT))
    assert main(["check", str(path), "--store"]) == 2
    assert "NCAUDIT_DATABASE_URL" in capsys.readouterr().err


def writers_lose_nothing(store: Store, engine: Engine, url: str) -> None:
    who = store.principal_for("cb-one")
    _, report_id = check_and_keep(store, who, Report.model_validate(REPORT), engine.check)
    with store.sessions() as s:
        issue_ids = list(s.scalars(select(StoredIssue.id).where(StoredIssue.report_id == report_id)))
    workers, each = 4, 25
    ctx = multiprocessing.get_context("fork")  # each child opens its own engine and connections
    procs = [ctx.Process(target=decide_many, args=(url, report_id, issue_ids, w, each)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * workers
    with store.sessions() as s:
        got = s.scalar(select(func.count()).select_from(Decision).where(Decision.report_id == report_id))
        reasons = set(s.scalars(select(Decision.reason).where(Decision.report_id == report_id)))
    assert got == workers * each
    assert reasons == {f"w{w} #{k}" for w in range(workers) for k in range(each)}


def test_four_workers_writing_decisions_at_once_lose_none(store: Store, engine: Engine) -> None:
    writers_lose_nothing(store, engine, store.engine.url.render_as_string(hide_password=False))


def test_eval_store_turns_decisions_into_precision_per_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    monkeypatch.setenv("NCAUDIT_DATA_DIR", str(tmp_path))
    assert main(["eval", "--store"]) == 0
    assert "no stored issues" in capsys.readouterr().out
    store = Store.open(data_dir=str(tmp_path))
    who = store.principal_for("default", "reviewer", "rev")
    decided: dict[str, list[str]] = {}
    for n, action in enumerate(["accept", "dismiss", "edit"]):
        _, rid = check_and_keep(store, who, Report.model_validate({**REPORT, "id": f"R-{n}"}), engine.check)
        issue = store.get_report(who, rid)["verdict"]["findings"][1]["issues"][0]
        store.decide(who, rid, issue["issue_id"], action, reason="not a preference", text="rewritten")
        decided.setdefault(issue["rule"], []).append(action)
    store.close()
    assert main(["eval", "--store", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    (rule, actions), *_ = decided.items()
    row = next(r for r in rows if r["rule"] == rule)
    assert row["period"] == "2026-03" and (row["accepted"], row["dismissed"], row["edited"]) == (1, 1, 1)
    assert row["precision"] == round(2 / 3, 4)
    assert main(["eval", "--store"]) == 0
    assert rule in capsys.readouterr().out
    assert main(["eval"]) == 2  # neither file nor --store: a clear error


def test_desk_add_key_makes_a_key_of_an_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCAUDIT_DATA_DIR", str(tmp_path))
    assert main(["desk", "add-key", "--organisation", "cb-x", "--role", "manager", "--label", "Kim"]) == 0
    key = capsys.readouterr().out.strip()
    store = Store.open(data_dir=str(tmp_path))
    found = store.find_key(key)
    assert found is not None and (found.organisation, found.role, found.actor) == ("cb-x", "manager", "Kim")
    assert store.find_key(key + "x") is None
    store.close()
    assert main(["desk", "add-key", "--role", "boss"]) == 2


def test_history_takes_only_earlier_audits_of_the_same_client_and_certificate(store: Store, engine: Engine) -> None:
    who = store.principal_for("cb-one")

    def report(ref: str, day: str, **over: Any) -> Report:
        return Report.model_validate({**REPORT, "id": ref, "audit": {**REPORT["audit"], "date": day}, **over})

    check_and_keep(store, who, report("OLD", "2025-03-01"), engine.check)
    check_and_keep(store, who, report("LATER", "2028-03-01"), engine.check)
    check_and_keep(store, who, report("OTHER", "2025-03-01", certificate_number="Q-999"), engine.check)
    check_and_keep(store, store.principal_for("cb-two"), report("THEIRS", "2025-03-01"), engine.check)
    now = report("NOW", "2026-03-01")
    previous, sources = store.previous_findings(who, now)
    assert {p.id.split("/")[0] for p in previous} == {"OLD"}
    assert all(p.status == "closed" and str(p.date) == "2025-03-01" for p in previous)
    assert store.previous_findings(who, report("OLD", "2027-01-01"))[0] == []  # never its own earlier copy
    nameless = Report.model_validate({"findings": REPORT["findings"]})
    assert store.previous_findings(who, nameless) == ([], [])
    verdict, rid = check_and_keep(store, who, now, engine.check)
    assert store.get_report(who, rid)["sources"] == {"previous_findings_from": sources}
    judged = engine.check(now.model_copy(update={"previous_findings": previous}))
    # the judgment is the history's; the store adds only a report warning naming what is still open
    assert verdict.model_dump(exclude={"warnings"}) == judged.model_dump(exclude={"warnings"})
    assert [w for w in verdict.warnings if not w.startswith("previous audit:")] == judged.warnings


def test_the_previous_audits_nonconformities_still_open_are_named(store: Store, engine: Engine) -> None:
    """17021-1 9.6.2.2: each audit reviews the actions on the previous audit's nonconformities. A stored earlier
    audit's nonconformity that the next report does not record as closed is named in a report warning; a closed
    one, a withdrawn one, another client's and an older audit's are not; no history, no warning."""
    who = store.principal_for("cb-one")

    def report(ref: str, day: str, **over: Any) -> Report:
        return Report.model_validate({**REPORT, "id": ref, "audit": {**REPORT["audit"], "date": day}, **over})

    first = report("Y1", "2025-03-01")
    alone, _ = check_and_keep(store, who, first, engine.check)
    assert alone.model_dump() == engine.check(first).model_dump()  # no history: exactly today's verdict
    verdicts = {f.id: f.verdict for f in alone.findings}
    assert verdicts["NC-2"] == "withdraw" and verdicts["NC-1"] != "withdraw"

    nothing_said, _ = check_and_keep(store, who, report("Y2", "2026-03-01"), engine.check)
    named = [w for w in nothing_said.warnings if w.startswith("previous audit:")]
    assert len(named) == 1 and "report Y1 of 2025-03-01" in named[0]
    assert "NC-1 (minor, 7.1.5.2)" in named[0] and "NC-2" not in named[0]  # withdrawn: no nonfulfilment behind it
    assert "9.6.2.2" in named[0]

    # recorded closed, by its id or as the store names it, or by clause and date: not named (each of these
    # reports is dated the same day, so Y2 stays the latest earlier audit for all of them)
    for closed in (
        {"id": "NC-1", "status": "closed"},
        {"id": "Y2/NC-1", "status": "closed"},
        {"clause": "7.1.5.2", "date": "2026-03-01", "status": "closed"},
    ):
        v, _ = check_and_keep(
            store, who, report(f"Y3-{len(str(closed))}", "2026-06-01", previous_findings=[closed]), engine.check
        )
        assert not [w for w in v.warnings if w.startswith("previous audit:")], closed
    # listed as still open: named all the same (the reviewer asks what was done)
    v, _ = check_and_keep(
        store, who, report("Y4", "2026-09-01", previous_findings=[{"id": "NC-1", "status": "open"}]), engine.check
    )
    assert any("NC-1 (minor, 7.1.5.2)" in w for w in v.warnings)
    # another client's and another organisation's history say nothing
    other = report("Z1", "2026-03-01", client="Other Co", certificate_number="Q-200")
    v, _ = check_and_keep(store, who, other, engine.check)
    assert v.model_dump() == engine.check(other).model_dump()
    v, _ = check_and_keep(store, store.principal_for("cb-two"), report("Y5", "2026-03-01"), engine.check)
    assert not [w for w in v.warnings if w.startswith("previous audit:")]
    # only the latest earlier audit is read: Y4 (NC-1 still open there) is the one before Y6
    v, _ = check_and_keep(
        store, who, report("Y6", "2027-03-01", previous_findings=[{"id": "NC-1", "status": "closed"}]), engine.check
    )
    assert not [w for w in v.warnings if w.startswith("previous audit:")]


def test_a_store_of_the_previous_version_is_upgraded_with_its_data(database_url: str, engine: Engine) -> None:
    """Migrations from 0001 (the first release of the store) to the newest keep every stored check, and the
    issues already stored take their finding's dimensions for trends."""
    from sqlalchemy import text

    db = open_engine(database_url)
    migrate(db, "0001")
    with db.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name, created_at) VALUES (1, 'cb-old', '2026-01-01')"))
        conn.execute(
            text(
                "INSERT INTO reports (id, organisation_id, report_ref, client, auditor, period, state, report, verdict,"
                " engine_version, ruleset, standards, requested_by, findings_count, created_at) VALUES (1, 1, 'OLD',"
                " 'Old Client', 'Ola Auditor', '2026-01', 'checked', '{}', '{}', '0.3.0', 'r', '[]', 'local', 1,"
                " '2026-01-02')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO findings (id, report_id, organisation_id, position, finding_ref, client, auditor,"
                " standard, clause, period, proposed_grade, grade_drift, verdict, flagged) VALUES (1, 1, 1, 0, 'NC-1',"
                " 'Old Client', 'Ola Auditor', 'iso-9001-2015', '8.5.1', '2026-01', 'minor', 0, 'revise', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO issues (id, finding_id, report_id, organisation_id, rule, category, severity, period)"
                " VALUES (1, 1, 1, 1, 'EV01', 'no_evidence', 'warning', '2026-01')"
            )
        )
    migrate(db)
    store = Store(db)
    if db.dialect.name == "postgresql":  # rows given ids above: move the sequences past them
        with db.begin() as conn:
            for table in ("organisations", "reports", "findings", "issues"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)"))
    who = store.principal_for("cb-old")
    assert who.organisation_id == 1 and store.count_reports(who) == 1
    from engine.store.trends import trends

    rows = trends(store, who, "auditor")
    assert rows[0]["group"] == "Ola Auditor" and rows[0]["by_category"] == {"no_evidence": 1.0}
    check_and_keep(store, who, Report.model_validate(REPORT), engine.check)  # the upgraded store takes new checks
    assert store.count_reports(who) == 2
    store.close()


def test_four_workers_keeping_reports_at_once_lose_none(store: Store, engine: Engine) -> None:
    verdict = engine.check(Report.model_validate(REPORT)).model_dump(mode="json")
    url = store.engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=keep_many, args=(url, REPORT, verdict, w, 5)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 4
    with store.sessions() as s:
        refs = set(s.scalars(select(StoredReport.report_ref)))
        findings = s.scalar(select(func.count()).select_from(StoredFinding))
    assert refs == {f"W{w}-{k}" for w in range(4) for k in range(5)}
    assert findings == 20 * len(REPORT["findings"])


def _distinct_counts(store: Store, who: Any, by: str) -> tuple[dict[Any, int], dict[tuple[Any, str], int]]:
    """The oracle the trends' `first_in_*` columns replace: reports per group and findings per group and
    category, as distinct counts of ids."""
    with store.sessions() as s:
        reports: dict[Any, int] = dict(
            s.execute(
                select(getattr(StoredFinding, by), func.count(func.distinct(StoredFinding.report_id)))
                .where(StoredFinding.organisation_id == who.organisation_id)
                .group_by(getattr(StoredFinding, by))
            ).all()
        )
        findings = {
            (value, category): n
            for value, category, n in s.execute(
                select(
                    getattr(StoredIssue, by), StoredIssue.category, func.count(func.distinct(StoredIssue.finding_id))
                )
                .where(StoredIssue.organisation_id == who.organisation_id)
                .group_by(getattr(StoredIssue, by), StoredIssue.category)
            ).all()
        }
    return reports, findings


def _same_as_distinct_counts(store: Store, who: Any) -> None:
    for by in ("clause", "auditor"):
        reports, findings = _distinct_counts(store, who, by)
        rows = trends(store, who, by, log=False)
        assert rows
        for row in rows:
            if by == "clause":
                assert row["reports"] == reports[row["group"]]
            expected = {c: round(n / row["findings"], 4) for (v, c), n in findings.items() if v == row["group"]}
            assert row["by_category"] == expected


def test_trends_count_a_report_once_per_clause_and_a_finding_once_per_category(store: Store, engine: Engine) -> None:
    """Two findings of a report citing one clause count one report for it; two issues of a finding in one
    category count that finding once (the `first_in_clause` and `first_in_category` columns written at insert)."""
    data = json.loads(json.dumps(REPORT))
    data["findings"][1]["clause"] = data["findings"][0]["clause"]
    report = Report.model_validate(data)
    verdict = engine.check(report)
    flagged = next(f for f in verdict.findings if f.issues)
    flagged.issues.append(flagged.issues[0].model_copy())  # a second issue in the same category
    who = store.principal_for("cb-first")
    for ref in ("R-1", "R-2"):
        store.add_report(who, report.model_copy(update={"id": ref}), verdict)
    clauses = [f.requirement.clause or f.citation.clause for f in verdict.findings]
    rows = {r["group"]: r for r in trends(store, who, "clause")}
    for clause in set(clauses):
        assert rows[clause]["reports"] == 2
        assert rows[clause]["findings"] == 2 * clauses.count(clause)
    _same_as_distinct_counts(store, who)


def test_a_store_of_version_0003_takes_the_first_in_columns_and_loses_no_row(database_url: str, engine: Engine) -> None:
    """Upgrading from 0003 (before the `first_in_*` columns) fills them for the rows already stored, so the
    trends read them as the distinct counts did, and copies no table (on SQLite a table copy would delete every
    issue and decision through ON DELETE CASCADE); going back down keeps every row too."""
    from alembic import command
    from sqlalchemy import text

    db = open_engine(database_url)
    migrate(db, "0003")
    store = Store(db)
    who = store.principal_for("cb-old")
    data = json.loads(json.dumps(REPORT))
    data["findings"][1]["clause"] = data["findings"][0]["clause"]
    report = Report.model_validate(data)
    verdict = engine.check(report)
    flagged = next(f for f in verdict.findings if f.issues)
    flagged.issues.append(flagged.issues[0].model_copy())
    with db.begin() as conn:  # rows as 0003's add_report wrote them: no first_in_* columns
        for k in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO reports (id, organisation_id, report_ref, client, auditor, period, state, report,"
                    " verdict, engine_version, ruleset, standards, requested_by, findings_count, created_at) VALUES"
                    " (:k, :org, :ref, 'Old Client', 'Ola Auditor', '2026-01', 'checked', '{}', '{}', '0.3.0', 'r',"
                    " '[]', 'local', 2, '2026-01-02')"
                ),
                {"k": k, "org": who.organisation_id, "ref": f"OLD-{k}"},
            )
            for pos, f in enumerate(verdict.findings):
                fid = 10 * k + pos
                clause = f.requirement.clause or f.citation.clause
                conn.execute(
                    text(
                        "INSERT INTO findings (id, report_id, organisation_id, position, finding_ref, client, auditor,"
                        " standard, clause, period, proposed_grade, grade_drift, verdict, flagged) VALUES (:id, :k,"
                        " :org, :pos, :ref, 'Old Client', 'Ola Auditor', 's', :clause, '2026-01', 'minor', 0,"
                        " :verdict, 1)"
                    ),
                    {
                        "id": fid,
                        "k": k,
                        "org": who.organisation_id,
                        "pos": pos,
                        "ref": f.id,
                        "clause": clause,
                        "verdict": f.verdict,
                    },
                )
                for i in f.issues:
                    conn.execute(
                        text(
                            "INSERT INTO issues (finding_id, report_id, organisation_id, rule, category, severity,"
                            " period, client, auditor, standard, clause) VALUES (:fid, :k, :org, :rule, :cat, :sev,"
                            " '2026-01', 'Old Client', 'Ola Auditor', 's', :clause)"
                        ),
                        {
                            "fid": fid,
                            "k": k,
                            "org": who.organisation_id,
                            "rule": i.rule,
                            "cat": i.category,
                            "sev": i.severity,
                            "clause": clause,
                        },
                    )
        issue_id = conn.execute(text("SELECT min(id) FROM issues")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO decisions (issue_id, report_id, organisation_id, action, reason, decided_by, decided_at)"
                " VALUES (:i, 1, :org, 'dismiss', 'false alarm', 'rev', '2026-01-03')"
            ),
            {"i": issue_id, "org": who.organisation_id},
        )

    def counts() -> tuple[int, ...]:
        with db.connect() as conn:
            return tuple(
                conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("reports", "findings", "issues", "decisions")
            )

    before = counts()
    assert before[2] > before[1]  # a finding with two issues
    migrate(db)
    assert counts() == before
    _same_as_distinct_counts(store, who)
    clause = verdict.findings[0].requirement.clause or verdict.findings[0].citation.clause
    rows = {r["group"]: r for r in trends(store, who, "clause")}
    assert rows[clause]["reports"] == 2
    with db.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    assert counts() == before
    db.dispose()


def test_trends_per_dimension_match_the_verdicts_counted_here(store: Store, engine: Engine) -> None:
    """Every finding trend's figures, per group, against the same figures counted here from the verdicts kept
    (PostgreSQL reads them in one joined statement, SQLite in three queries: both must give these)."""
    from engine.core.vocabulary import ACTIONABLE, GRADE_ORDER

    who = store.principal_for("cb-oracle")
    kept = []
    for ref, client, auditor in (("A-1", "North Ltd", "Ann"), ("A-2", "South Ltd", "Ann"), ("A-3", "North Ltd", "Bo")):
        data = json.loads(json.dumps(REPORT))
        data.update(id=ref, client=client, certificate_number=f"C-{client}")
        data["audit"]["lead_auditor"] = auditor
        report = Report.model_validate(data)
        verdict = engine.check(report)
        kept.append((report, verdict, store.add_report(who, report, verdict)))
    store.set_state(who, kept[0][2], "reviewed")
    store.set_state(who, kept[0][2], "issued")
    for by in ("client", "auditor"):
        expected: dict[Any, dict[str, Any]] = {}
        for report, verdict, _ in kept:
            group = report.client if by == "client" else report.audit.lead_auditor  # type: ignore[union-attr]
            e = expected.setdefault(group, {"reports": 0, "findings": 0, "flagged": 0, "down": 0, "cats": {}})
            e["reports"] += 1
            for fv in verdict.findings:
                e["findings"] += 1
                e["flagged"] += any(i.severity in ACTIONABLE for i in fv.issues)
                e["down"] += GRADE_ORDER[fv.proposed_grade] < GRADE_ORDER[fv.raised_grade or "ungraded"]
                for category in {i.category for i in fv.issues}:
                    e["cats"][category] = e["cats"].get(category, 0) + 1
        rows = {r["group"]: r for r in trends(store, who, by, log=False)}
        assert set(rows) == set(expected)
        for group, e in expected.items():
            row = rows[group]
            assert (row["reports"], row["findings"], row["flagged"], row["graded_down"]) == (
                e["reports"],
                e["findings"],
                e["flagged"],
                e["down"],
            )
            assert row["by_category"] == {c: round(n / e["findings"], 4) for c, n in sorted(e["cats"].items())}
        issued_group = "North Ltd" if by == "client" else "Ann"
        assert rows[issued_group]["issued"] == 1 and rows[issued_group]["days_to_issue"] is not None
