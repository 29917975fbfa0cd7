"""The store's operations, each scoped to one organisation: keep a check, read and list reports, decide on
issues, move a report's state, log access, forget (retention, a report, an auditor's name), history for the
judgment. Nothing here judges a finding: it keeps what the engine and the reviewers said."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal, NamedTuple, ParamSpec, TypeVar, get_args

from sqlalchemy import Connection, Engine, TextClause, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from engine.core.models import PreviousFinding, Report, ReportVerdict
from engine.core.settings import Settings
from engine.core.vocabulary import ACTIONABLE, GRADE_ORDER
from engine.store.db import Encoded, database_url, ended_by_server, migrate, open_engine
from engine.store.schema import (
    AccessEntry,
    ApiKey,
    Base,
    Decision,
    Organisation,
    StoredFinding,
    StoredIssue,
    StoredReport,
    utcnow,
)

Role = Literal["auditor", "reviewer", "manager", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
Action = Literal["accept", "dismiss", "edit"]
ACTIONS: tuple[str, ...] = get_args(Action)
State = Literal["checked", "reviewed", "issued"]
STATES: tuple[str, ...] = get_args(State)
DEFAULT_ORGANISATION = "default"
ERASED = "(erased)"
HISTORY_REPORTS = 6  # earlier reports of a client read into a check's previous findings


@dataclass(frozen=True)
class Principal:
    """Who asks: an organisation, a role, and a name for the log (the key's label)."""

    organisation_id: int
    organisation: str
    role: str
    actor: str


class StoreError(ValueError):
    """A request the store cannot do; `field` names what is wrong, `status` how the API answers."""

    def __init__(self, message: str, field: str = "body", status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _period(day: dt.date | None) -> str:
    return (day or utcnow().date()).strftime("%Y-%m")


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()).casefold() if text and text.strip() else None


P = ParamSpec("P")
T = TypeVar("T")


def retry_on_disconnect(operation: Callable[P, T]) -> Callable[P, T]:
    """`operation` run once more when it failed on a connection found dead in use (SQLAlchemy invalidated it:
    `connection_invalidated`); a second failure is raised. The pool has no pre-ping (engine/store/db.py), so a
    connection the network dropped without a word is found by the first statement sent on it. Each operation is
    one transaction or one statement, rolled back by the server when its connection died, so running it again
    does it once (unless the connection died between the server's COMMIT and its answer: not told apart)."""

    @functools.wraps(operation)
    def once_more(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return operation(*args, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        return operation(*args, **kwargs)

    return once_more


def run_prepared(conn: Connection, sql: str, params: dict[str, Any]) -> list[list[Any]]:
    """`sql` (`:name` placeholders) as a named prepared statement of this pg8000 connection, outside any
    transaction (one statement is its own): parsed and described once per connection, then one round trip per
    run (bind, execute, sync) where pg8000's cursor takes three (parse, describe, bind and execute, each
    synced), and its text scanned for placeholders once, not on every run. A driver error is raised as
    SQLAlchemy's (`DBAPIError`), the connection invalidated when it is a disconnect."""
    from pg8000.native import PreparedStatement  # the driver of a postgresql URL (engine/store/db.py)

    pooled = conn.connection
    cache: dict[str, Any] = pooled.info.setdefault("ncaudit_prepared", {})
    dbapi = conn.dialect.loaded_dbapi
    try:
        statement = cache.get(sql)
        if statement is None:
            statement = cache[sql] = PreparedStatement(pooled.driver_connection, sql)
        return statement.run(**params) or []
    except OSError as exc:  # the socket reset: pg8000 lets some of these through unwrapped
        cache.pop(sql, None)
        conn.invalidate(exc)
        raise DBAPIError(sql, params, exc, hide_parameters=True, connection_invalidated=True) from exc
    except dbapi.Error as exc:
        cache.pop(sql, None)  # made again next time (a statement the server no longer knows, say)
        dead = conn.dialect.is_disconnect(exc, pooled.dbapi_connection, None) or ended_by_server(exc)
        if dead:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            sql, params, exc, dbapi.Error, hide_parameters=True, connection_invalidated=dead, dialect=conn.dialect
        ) from exc


@dataclass
class History:
    """What the store holds of a report's client and certificate: earlier findings (as previous findings, each
    `closed`), the reports they came from, and the latest earlier report (`latest`: id, ref, audit date) with its
    nonconformities (finding ref, raised grade, clause) whose kept verdict is not `withdraw`."""

    previous: list[PreviousFinding] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    latest: tuple[int, str | None, dt.date | None] | None = None
    nonconformities: list[tuple[str, str, str | None]] = field(default_factory=list)

    def still_open(self, report: Report) -> str:
        """The latest earlier report's nonconformities that `report` does not record as closed, named in one
        warning (empty when none): see `Store.open_nonconformities`."""
        if self.latest is None:
            return ""
        latest_id, latest_ref, latest_day = self.latest
        ref = latest_ref or str(latest_id)
        closed = [p for p in report.previous_findings if p.status == "closed"]

        def is_closed(finding_ref: str, clause: str | None) -> bool:
            for p in closed:
                if p.id and p.id.strip() in (finding_ref, f"{ref}/{finding_ref}"):
                    return True
                if clause and p.clause and p.date and p.date == latest_day and clause in p.clause:
                    return True
            return False

        still = [
            f"{finding_ref} ({grade}{', ' + clause if clause else ''})"
            for finding_ref, grade, clause in self.nonconformities
            if not is_closed(finding_ref, clause)
        ]
        if not still:
            return ""
        when = f" of {latest_day.isoformat()}" if latest_day else ""
        return (
            f"previous audit: report {ref}{when} of this client raised nonconformities that this report does not "
            f"record as closed: {', '.join(still)}. Each audit reviews the actions taken on the previous audit's "
            "nonconformities (ISO/IEC 17021-1:2015 9.6.2.2): record in previous_findings whether each is closed."
        )


class Store:
    """One database: `Store.open(url, data_dir)` migrates it to the newest schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, data_dir: str | None = None, upgrade: bool = True) -> Store:
        engine = open_engine(database_url(url, data_dir))
        if upgrade:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- organisations and keys -----------------------------------------------------------------------

    def organisation(self, name: str, session: Session | None = None) -> int:
        """The organisation's id, made when new."""
        name = name.strip()
        if not name:
            raise StoreError("organisation is empty", "organisation")
        if session is None:
            with self.sessions.begin() as s:
                return self.organisation(name, s)
        found = session.scalar(select(Organisation.id).where(Organisation.name == name))
        if found is not None:
            return found
        org = Organisation(name=name)
        try:
            with session.begin_nested():  # another worker may make it at the same moment: then it is theirs
                session.add(org)
        except IntegrityError:
            return session.execute(select(Organisation.id).where(Organisation.name == name)).scalar_one()
        return org.id

    @retry_on_disconnect
    def principal_for(self, organisation: str, role: str = "admin", actor: str = "local") -> Principal:
        """A principal without a key: the command line, or the service when no API key is configured."""
        return Principal(self.organisation(organisation), organisation, role, actor)

    @retry_on_disconnect
    def add_key(self, organisation: str, role: str, label: str) -> str:
        """A new API key of `organisation` with `role`; the key itself is returned once and kept only hashed."""
        if role not in ROLES:
            raise StoreError(f"role {role!r} is not one of {', '.join(ROLES)}", "role")
        key = "nca_" + secrets.token_urlsafe(24)
        with self.sessions.begin() as s:
            org_id = self.organisation(organisation, s)
            s.add(ApiKey(organisation_id=org_id, key_sha256=_hash(key), role=role, label=label.strip() or role))
        return key

    @retry_on_disconnect
    def has_keys(self) -> bool:
        with self.sessions() as s:
            return s.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))) != 0

    @retry_on_disconnect
    def find_key(self, key: str) -> Principal | None:
        with self.sessions() as s:
            row = s.execute(
                select(ApiKey, Organisation.name)
                .join(Organisation, Organisation.id == ApiKey.organisation_id)
                .where(ApiKey.key_sha256 == _hash(key), ApiKey.revoked_at.is_(None))
            ).first()
        if row is None:
            return None
        api_key, org_name = row
        return Principal(api_key.organisation_id, org_name, api_key.role, api_key.label)

    # -- keeping a check ------------------------------------------------------------------------------

    @retry_on_disconnect
    def add_report(
        self,
        who: Principal,
        report: Report,
        verdict: ReportVerdict,
        sources: dict[str, Any] | None = None,
    ) -> int:
        """Keep one check: the report as read, the verdict, the versions, who asked. Returns its id."""
        audit = report.audit
        day = audit.closing_day() if audit else None
        period = _period(day)
        auditor = audit.lead_auditor if audit else None
        criteria = verdict.engine.standards
        now = utcnow()
        report_row = {
            "organisation_id": who.organisation_id,
            "report_ref": report.id,
            "client": report.client,
            "certificate_number": report.certificate_number,
            "standard": report.standard,
            "auditor": auditor,
            "audit_type": audit.type if audit else None,
            "audit_date": day,
            "period": period,
            "state": "checked",
            "report": Encoded(report.model_dump_json(exclude_none=True)),
            "sources": Encoded(json.dumps(sources, default=str)) if sources else None,
            "verdict": Encoded(verdict.model_dump_json()),
            "engine_version": verdict.engine.version,
            "ruleset": verdict.engine.ruleset,
            "standards": Encoded(json.dumps(list(criteria))),
            "requested_by": who.actor,
            "findings_count": len(verdict.findings),
            "created_at": now,
            "reviewed_at": None,
            "issued_at": None,
        }
        # each finding's row without its ids (report_id, id), and each issue's with its finding's position
        rows = []
        clauses = [fv.requirement.clause or fv.citation.clause for fv in verdict.findings]
        for pos, (fv, clause, first) in enumerate(zip(verdict.findings, clauses, first_of_kind(clauses), strict=True)):
            rows.append(
                {
                    "organisation_id": who.organisation_id,
                    "position": pos,
                    "finding_ref": fv.id,
                    "client": report.client,
                    "auditor": auditor,
                    "standard": fv.citation.standard or report.standard,
                    "clause": clause,
                    "period": period,
                    "raised_grade": fv.raised_grade,
                    "proposed_grade": fv.proposed_grade,
                    "grade_drift": GRADE_ORDER[fv.proposed_grade] - GRADE_ORDER[fv.raised_grade or "ungraded"],
                    "verdict": fv.verdict,
                    "flagged": int(any(i.severity in ACTIONABLE for i in fv.issues)),
                    "first_in_clause": int(first),
                }
            )
        issues = [
            {
                "position": pos,
                "organisation_id": who.organisation_id,
                "rule": issue.rule,
                "category": issue.category,
                "severity": issue.severity,
                "period": period,
                "client": row["client"],
                "auditor": auditor,
                "standard": row["standard"],
                "clause": row["clause"],
                "first_in_category": int(first),
            }
            for pos, (row, fv) in enumerate(zip(rows, verdict.findings, strict=True))
            for issue, first in zip(fv.issues, first_of_kind(i.category for i in fv.issues), strict=True)
        ]
        access = {"organisation_id": who.organisation_id, "actor": who.actor, "action": "check", "at": now}
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return _add_report_postgresql(conn, report_row, rows, issues, access)
        with self.engine.begin() as conn:
            if conn.dialect.name != "sqlite":
                raise StoreError(
                    f"the store runs on SQLite or PostgreSQL, not {conn.dialect.name}", "database_url", 500
                )
            return _add_report_rows(conn, report_row, rows, issues, access)

    # -- reading ---------------------------------------------------------------------------------------

    def _own(self, s: Session, who: Principal, report_id: int) -> StoredReport:
        stored = s.get(StoredReport, report_id)
        if stored is None or stored.organisation_id != who.organisation_id:  # another's: as if absent
            raise StoreError(f"report {report_id} not found", "report_id", 404)
        return stored

    @retry_on_disconnect
    def log(self, who: Principal, action: str, report_id: int | None = None, detail: str | None = None) -> None:
        with self.sessions.begin() as s:
            s.add(
                AccessEntry(
                    organisation_id=who.organisation_id,
                    actor=who.actor,
                    action=action,
                    report_id=report_id,
                    detail=detail,
                )
            )

    @retry_on_disconnect
    def get_report(self, who: Principal, report_id: int) -> dict[str, Any]:
        """The stored check with each issue's id and latest decision; the read is logged."""
        with self.sessions.begin() as s:
            stored = self._own(s, who, report_id)
            issues = s.execute(
                select(StoredIssue, StoredFinding.position)
                .join(StoredFinding, StoredFinding.id == StoredIssue.finding_id)
                .where(StoredIssue.report_id == report_id)
                .order_by(StoredFinding.position, StoredIssue.id)
            ).all()
            latest = {
                d.issue_id: d
                for d in s.scalars(select(Decision).where(Decision.report_id == report_id).order_by(Decision.id))
            }
            s.add(AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action="read", report_id=report_id))
            verdict = stored.verdict
            per_finding: dict[int, list[StoredIssue]] = {}
            for issue, pos in issues:
                per_finding.setdefault(pos, []).append(issue)
            for pos, fv in enumerate(verdict.get("findings", [])):
                for row, data in zip(per_finding.get(pos, []), fv.get("issues", []), strict=False):
                    data["issue_id"] = row.id
                    decision = latest.get(row.id)
                    data["decision"] = _decision_json(decision) if decision else None
            return {**_summary_json(stored), "report": stored.report, "sources": stored.sources, "verdict": verdict}

    @retry_on_disconnect
    def list_reports(
        self, who: Principal, client: str | None = None, state: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        with self.sessions.begin() as s:
            query = select(StoredReport).where(StoredReport.organisation_id == who.organisation_id)
            if client:
                query = query.where(StoredReport.client == client)
            if state:
                query = query.where(StoredReport.state == state)
            rows = s.scalars(query.order_by(StoredReport.id.desc()).limit(limit).offset(offset)).all()
            s.add(AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action="list"))
            return [_summary_json(r) for r in rows]

    @retry_on_disconnect
    def count_reports(self, who: Principal, client: str | None = None, state: str | None = None) -> int:
        with self.sessions.begin() as s:
            query = (
                select(func.count())
                .select_from(StoredReport)
                .where(StoredReport.organisation_id == who.organisation_id)
            )
            if client:
                query = query.where(StoredReport.client == client)
            if state:
                query = query.where(StoredReport.state == state)
            s.add(AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action="count"))
            return int(s.scalar(query) or 0)

    @retry_on_disconnect
    def access_log(self, who: Principal, report_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
        with self.sessions() as s:
            query = select(AccessEntry).where(AccessEntry.organisation_id == who.organisation_id)
            if report_id is not None:
                query = query.where(AccessEntry.report_id == report_id)
            rows = s.scalars(query.order_by(AccessEntry.id.desc()).limit(limit)).all()
        return [
            {"at": r.at.isoformat(), "actor": r.actor, "action": r.action, "report_id": r.report_id, "detail": r.detail}
            for r in rows
        ]

    # -- decisions and state ---------------------------------------------------------------------------

    @retry_on_disconnect
    def decide(
        self,
        who: Principal,
        report_id: int,
        issue_id: int,
        action: str,
        reason: str | None = None,
        text: str | None = None,
    ) -> dict[str, Any]:
        """Record a reviewer's decision on one issue (kept whole; the latest is copied to the issue)."""
        if action not in ACTIONS:
            raise StoreError(f"action {action!r} is not one of {', '.join(ACTIONS)}", "action")
        reason = (reason or "").strip() or None
        text = (text or "").strip() or None
        if action == "dismiss" and not reason:
            raise StoreError("a dismissal needs a reason: say why the flag is a false alarm", "reason")
        if action == "edit" and not text:
            raise StoreError("an edit needs the text the auditor sent back", "text")
        with self.sessions.begin() as s:
            stored = self._own(s, who, report_id)
            if stored.state == "issued":
                raise StoreError(f"report {report_id} is issued: its decisions are final", "report_id", 409)
            issue = s.get(StoredIssue, issue_id)
            if issue is None or issue.report_id != report_id:
                raise StoreError(f"issue {issue_id} is not an issue of report {report_id}", "issue_id", 404)
            decision = Decision(
                issue_id=issue_id,
                report_id=report_id,
                organisation_id=who.organisation_id,
                action=action,
                reason=reason,
                text=text,
                decided_by=who.actor,
            )
            s.add(decision)
            issue.decision = action
            s.add(
                AccessEntry(
                    organisation_id=who.organisation_id,
                    actor=who.actor,
                    action=f"decide:{action}",
                    report_id=report_id,
                    detail=f"issue {issue_id} ({issue.rule})" + (f": {reason}" if reason else ""),
                )
            )
            s.flush()
            return _decision_json(decision)

    @retry_on_disconnect
    def set_state(self, who: Principal, report_id: int, state: str) -> dict[str, Any]:
        """checked -> reviewed -> issued, one step at a time (reviewed may go back to checked)."""
        if state not in STATES:
            raise StoreError(f"state {state!r} is not one of {', '.join(STATES)}", "state")
        allowed = {("checked", "reviewed"), ("reviewed", "issued"), ("reviewed", "checked")}
        with self.sessions.begin() as s:
            stored = self._own(s, who, report_id)
            if (stored.state, state) not in allowed:
                raise StoreError(
                    f"report {report_id} is {stored.state}: it cannot become {state} "
                    "(the order is checked -> reviewed -> issued)",
                    "state",
                    409,
                )
            stored.state = state
            now = utcnow()
            if state == "reviewed":
                stored.reviewed_at = now
            elif state == "issued":
                stored.issued_at = now
            s.add(
                AccessEntry(
                    organisation_id=who.organisation_id, actor=who.actor, action=f"state:{state}", report_id=report_id
                )
            )
            return _summary_json(stored)

    # -- forgetting -------------------------------------------------------------------------------------

    @retry_on_disconnect
    def delete_report(self, who: Principal, report_id: int) -> None:
        with self.sessions.begin() as s:
            stored = self._own(s, who, report_id)
            _delete_reports(s, [stored.id])
            s.add(
                AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action="delete", report_id=report_id)
            )

    @retry_on_disconnect
    def forget_auditor(self, who: Principal, name: str) -> int:
        """Replace an auditor's name everywhere in the organisation's reports; the number of reports changed."""
        target = _norm(name)
        if not target:
            raise StoreError("auditor name is empty", "name")
        changed = 0
        with self.sessions.begin() as s:
            for stored in s.scalars(select(StoredReport).where(StoredReport.organisation_id == who.organisation_id)):
                if _norm(stored.auditor) != target and target not in str(stored.report).casefold():
                    continue
                stored.auditor = ERASED if _norm(stored.auditor) == target else stored.auditor
                stored.report = _erase(stored.report, name)
                stored.verdict = _erase(stored.verdict, name)
                changed += 1
            like = f"%{name.lower()}%"  # reviewers' reasons and rewrites, and the log's details, may name them too
            for decision in s.scalars(
                select(Decision).where(
                    Decision.organisation_id == who.organisation_id,
                    or_(func.lower(Decision.reason).like(like), func.lower(Decision.text).like(like)),
                )
            ):
                decision.reason, decision.text = _erase(decision.reason, name), _erase(decision.text, name)
            for entry in s.scalars(
                select(AccessEntry).where(
                    AccessEntry.organisation_id == who.organisation_id, func.lower(AccessEntry.detail).like(like)
                )
            ):
                entry.detail = _erase(entry.detail, name)
            for table in (StoredFinding, StoredIssue):
                s.execute(
                    update(table)
                    .where(table.organisation_id == who.organisation_id, func.lower(table.auditor) == name.lower())
                    .values(auditor=ERASED)
                )
            s.add(AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action="forget-auditor"))
        return changed

    @retry_on_disconnect
    def purge(self, days: int, who: Principal | None = None) -> int:
        """Delete reports checked more than `days` ago (one organisation's, or all); how many went."""
        cutoff = utcnow() - dt.timedelta(days=days)
        with self.sessions.begin() as s:
            query = select(StoredReport.id).where(StoredReport.created_at < cutoff)
            if who is not None:
                query = query.where(StoredReport.organisation_id == who.organisation_id)
            ids = list(s.scalars(query))
            _delete_reports(s, ids)
            if who is not None:
                s.add(
                    AccessEntry(
                        organisation_id=who.organisation_id,
                        actor=who.actor,
                        action="purge",
                        detail=f"{len(ids)} reports",
                    )
                )
        return len(ids)

    # -- history -----------------------------------------------------------------------------------------

    def previous_findings(self, who: Principal, report: Report) -> tuple[list[PreviousFinding], list[int]]:
        """Findings of the same client and certificate from earlier stored audits, as previous findings (each
        `closed`: its report was reviewed before this audit), and the ids of the reports they came from."""
        found = self.history(who, report)
        return found.previous, found.sources

    def open_nonconformities(self, who: Principal, report: Report) -> str:
        """The nonconformities of the previous audit kept for the same client and certificate that this report
        does not record as closed, named in one warning (empty when there are none, or no history).

        Principle (ISO/IEC 17021-1:2015 9.6.2.2): each audit reviews the actions taken on the nonconformities of
        the audit before it, so a report that leaves one of them unmentioned, or lists it as still open, leaves
        the reviewer a question to ask. A nonconformity is a finding raised major or minor whose kept verdict is
        not `withdraw` (the engine found no nonfulfilment behind it); it counts as closed when this report's
        `previous_findings` lists it `closed`, by its id (`NC-3`, or `R-1/NC-3` as the store names it) or by its
        clause and the previous audit's date. Only the latest earlier audit is read: its own report was the one
        to review the ones before it."""
        return self.history(who, report).still_open(report)

    @retry_on_disconnect
    def history(self, who: Principal, report: Report) -> History:
        """The store's history of the report's client and certificate (`History`): this organisation's latest
        earlier reports of the certificate when given, else of the client, never the report's own earlier copy.
        On PostgreSQL one prepared statement (`run_prepared`) gives the reports and the latest one's
        nonconformities; on SQLite (in this process) the nonconformities are a second statement."""
        client = report.client
        certificate = report.certificate_number
        if not (client and client.strip()) and not (certificate and certificate.strip()):
            return History()
        by_certificate = bool(certificate and certificate.strip())
        audit = report.audit
        day = audit.closing_day() if audit else None
        on_postgresql = self.engine.dialect.name == "postgresql"
        params = {
            "org": who.organisation_id,
            "key": certificate if by_certificate else client,
            "ref": report.id or None,
            "day": day if on_postgresql or day is None else day.isoformat(),
            "n": HISTORY_REPORTS,
        }
        # the latest kept: two certification cycles (initial or recertification and two surveillances each), in
        # one statement made once (the query `_earlier` builds, as SQL: building and compiling it cost ten times
        # its run on every keep, bench/store.py)
        with self.engine.connect() as conn:
            if on_postgresql:
                rows = [_HistoryRow(*row) for row in run_prepared(conn, _HISTORY_SQL_PG[by_certificate], params)]
            else:
                rows = [
                    _HistoryRow(r.id, r.report_ref, r.client, r.report, r.audit_date, None)
                    for r in conn.execute(_HISTORY_SQL[by_certificate], params)
                ]
                if rows:
                    rows[0] = rows[0]._replace(
                        nonconformities=[tuple(r) for r in conn.execute(_OPEN_NC_SQL, {"report": rows[0].id})]
                    )
        found = History()
        if not rows:
            return found
        first = rows[0]
        found.latest = (first.id, first.report_ref, _as_date(first.audit_date))
        found.nonconformities = [(str(ref), str(grade), clause) for ref, grade, clause in first.nonconformities or []]
        for stored in reversed(rows):
            if certificate and client and stored.client and _norm(stored.client) != _norm(client):
                continue
            data = stored.report if isinstance(stored.report, dict) else json.loads(stored.report)
            audit_data = data.get("audit") or {}
            when = audit_data.get("last_day") or audit_data.get("date")
            for pos, f in enumerate(data.get("findings", [])):
                ref = f.get("id") or f"F{pos + 1}"
                found.previous.append(
                    PreviousFinding.model_validate(
                        {
                            "id": f"{stored.report_ref or stored.id}/{ref}",
                            "grade": f.get("grade"),
                            "standard": f.get("standard") or data.get("standard"),
                            "clause": f.get("clause"),
                            "statement": f.get("statement"),
                            "evidence": f.get("evidence"),
                            "status": "closed",
                            "date": when,
                        }
                    )
                )
            found.sources.append(stored.id)
        return found


class _HistoryRow(NamedTuple):
    id: int
    report_ref: str | None
    client: str | None
    report: Any
    audit_date: Any
    nonconformities: Any


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_HISTORY_WHERE = (
    "WHERE organisation_id = :org AND {key} = :key "
    "AND (CAST(:ref AS VARCHAR) IS NULL OR report_ref IS NULL OR report_ref != :ref) "
    "AND (CAST(:day AS DATE) IS NULL OR audit_date IS NULL OR audit_date < :day) "
    "ORDER BY id DESC LIMIT :n"
)
_HISTORY_SQL = {
    by_certificate: text(
        "SELECT id, report_ref, client, report, audit_date FROM reports "
        + _HISTORY_WHERE.format(key="certificate_number" if by_certificate else "client")
    )
    for by_certificate in (True, False)
}
# a nonconformity of a report, for `History.still_open`: raised major or minor, its kept verdict not `withdraw`
_OPEN_NC_WHERE = "findings.raised_grade IN ('major', 'minor') AND findings.verdict != 'withdraw'"
_OPEN_NC_SQL = text(
    f"SELECT finding_ref, raised_grade, clause FROM findings WHERE report_id = :report AND {_OPEN_NC_WHERE} "
    "ORDER BY position"
)
# on PostgreSQL each earlier report with its nonconformities (one JSON array), in the same statement
_HISTORY_SQL_PG = {
    by_certificate: "SELECT id, report_ref, client, report, audit_date, "
    "(SELECT json_agg(json_build_array(finding_ref, raised_grade, clause) ORDER BY position) FROM findings "
    f"WHERE findings.report_id = reports.id AND {_OPEN_NC_WHERE}) FROM reports "
    + _HISTORY_WHERE.format(key="certificate_number" if by_certificate else "client")
    for by_certificate in (True, False)
}


def first_of_kind(values: Iterable[Any]) -> list[bool]:
    """For each value, whether it is the first of its kind in `values` (the `first_in_*` columns)."""
    seen: set[Any] = set()
    out = []
    for value in values:
        out.append(value not in seen)
        seen.add(value)
    return out


def _earlier(query: Any, who: Principal, report: Report) -> Any:
    """`query` over stored reports narrowed to this organisation's earlier audits of the report's client and
    certificate (the certificate when given, else the client), never the report's own earlier copy."""
    client, certificate = report.client, report.certificate_number
    audit = report.audit
    day = audit.closing_day() if audit else None
    query = query.where(StoredReport.organisation_id == who.organisation_id)
    if certificate and certificate.strip():
        query = query.where(StoredReport.certificate_number == certificate)
    else:
        query = query.where(StoredReport.client == client)
    if report.id:
        query = query.where(or_(StoredReport.report_ref.is_(None), StoredReport.report_ref != report.id))
    if day is not None:
        query = query.where(or_(StoredReport.audit_date.is_(None), StoredReport.audit_date < day))
    return query


def _add_report_rows(
    conn: Connection,
    report_row: dict[str, Any],
    findings: list[dict[str, Any]],
    issues: list[dict[str, Any]],
    access: dict[str, Any],
) -> int:
    """One kept check as a statement per table (SQLite, in the caller's transaction): the report, its findings
    in one executemany with ids taken beforehand (RETURNING in order would write them one at a time), their
    issues, the access entry. Returns the report's id."""
    report_id = _insert_one(conn, StoredReport, report_row)
    finding_ids = _next_ids(conn, "findings", len(findings))
    _insert_rows(
        conn,
        StoredFinding,
        [{"id": fid, "report_id": report_id, **row} for fid, row in zip(finding_ids, findings, strict=True)],
    )
    _insert_rows(
        conn,
        StoredIssue,
        [{"finding_id": finding_ids[i.pop("position")], "report_id": report_id, **i} for i in map(dict, issues)],
    )
    _insert_rows(conn, AccessEntry, [{**access, "report_id": report_id, "detail": None}])
    return report_id


@functools.cache
def _postgresql_add_sql() -> TextClause:
    """The statement keeping a check on PostgreSQL, made once from the tables: the report inserted, then in the
    same statement (data-modifying CTEs) its findings and issues from two JSON arrays (`json_to_recordset`),
    each issue joined to its finding's new id by position, and the access entry.

    One statement instead of one per table: pg8000 (pure Python) takes three round trips per statement and
    parses each statement's text for placeholders character by character, so the multi-row INSERTs of before
    (hundreds of placeholders) cost more in the driver than in the server (bench/store.py: keeping a report
    was 50% of checking it on PostgreSQL)."""
    dialect = postgresql.dialect()

    def sql_type(column: Any) -> str:
        return str(column.type.compile(dialect=dialect))

    report_cols = [c for c in StoredReport.__table__.columns if c.name != "id"]
    finding_cols = [c for c in StoredFinding.__table__.columns if c.name not in ("id", "report_id")]
    issue_cols = [
        c for c in StoredIssue.__table__.columns if c.name not in ("id", "finding_id", "report_id", "decision")
    ]
    access_cols = ["organisation_id", "actor", "action", "at"]

    def record(columns: list[Any], extra: str = "") -> str:
        return ", ".join([*(f"{c.name} {sql_type(c)}" for c in columns), *([extra] if extra else [])])

    return text(
        "WITH r AS (INSERT INTO reports ("
        + ", ".join(c.name for c in report_cols)
        + ") VALUES ("
        + ", ".join(f"CAST(:{c.name} AS {sql_type(c)})" for c in report_cols)
        + ") RETURNING id), "
        "f AS (INSERT INTO findings (report_id, "
        + ", ".join(c.name for c in finding_cols)
        + ") SELECT r.id, "
        + ", ".join(f"x.{c.name}" for c in finding_cols)
        + " FROM r, json_to_recordset(CAST(:findings AS json)) AS x("
        + record(finding_cols)
        + ") ORDER BY x.position RETURNING id, position), "
        "i AS (INSERT INTO issues (finding_id, report_id, "
        + ", ".join(c.name for c in issue_cols)
        + ") SELECT f.id, r.id, "
        + ", ".join(f"y.{c.name}" for c in issue_cols)
        + " FROM r, json_to_recordset(CAST(:issues AS json)) AS y("
        + record(issue_cols, "position integer, n integer")
        + ") JOIN f ON f.position = y.position ORDER BY y.n), "
        "a AS (INSERT INTO access_log (report_id, "
        + ", ".join(access_cols)
        + ") SELECT r.id, CAST(:a_organisation_id AS INTEGER), CAST(:a_actor AS VARCHAR), CAST(:a_action AS VARCHAR), "
        "CAST(:a_at AS TIMESTAMP WITHOUT TIME ZONE) FROM r) "
        "SELECT id FROM r"
    )


def _add_report_postgresql(
    conn: Connection,
    report_row: dict[str, Any],
    findings: list[dict[str, Any]],
    issues: list[dict[str, Any]],
    access: dict[str, Any],
) -> int:
    """One kept check in one statement (`_postgresql_add_sql`), prepared once per connection (`run_prepared`):
    atomic by itself, so no transaction around it (no BEGIN and COMMIT round trips). Returns the report's id."""
    params = {k: str(v) if isinstance(v, Encoded) else v for k, v in report_row.items()}
    params["findings"] = json.dumps(findings)
    params["issues"] = json.dumps([{**issue, "n": n} for n, issue in enumerate(issues)])  # n: their order
    params.update({f"a_{k}": v for k, v in access.items()})
    return int(run_prepared(conn, _postgresql_add_sql().text, params)[0][0])


def _insert_rows(conn: Connection, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Rows in one executemany on SQLite: the SQL written once and each row's values as SQLAlchemy would write
    them (`_sqlite_value`), sqlite3's executemany in C (SQLAlchemy's statement and per-row parameter processing
    cost more than the insert itself: bench/store.py). A kept check on PostgreSQL is one statement instead
    (`_postgresql_add_sql`)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    values = itemgetter(*columns)
    conn.exec_driver_sql(sql, [tuple(map(_sqlite_value, values(row))) for row in rows])


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy writes it to SQLite: JSON as its text, a date and a time as ISO text (the form its
    DATE and DATETIME types read back)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Encoded):
        return str(value)
    return value


def _insert_one(conn: Connection, table: type[Base], row: dict[str, Any]) -> int:
    """One row on SQLite, written as `_insert_rows` writes them; its new id."""
    columns = list(row)
    sql = f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    return int(conn.exec_driver_sql(sql, tuple(_sqlite_value(row[c]) for c in columns)).lastrowid)


def _next_ids(conn: Connection, table: str, n: int) -> list[int]:
    """`n` new ids of `table` on SQLite: the ones after the largest, safe because the transaction began IMMEDIATE
    (it holds the database's write lock)."""
    if n == 0:
        return []
    start = int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()) + 1
    return list(range(start, start + n))


def with_history(report: Report, previous: list[PreviousFinding]) -> Report:
    """The report with the store's previous findings after its own (none given: the report itself)."""
    if not previous:
        return report
    own = {(p.id, p.date) for p in report.previous_findings}
    extra = [p for p in previous if (p.id, p.date) not in own]
    return report.model_copy(update={"previous_findings": [*report.previous_findings, *extra]})


def _delete_reports(s: Session, ids: list[int]) -> None:
    if not ids:
        return
    for table in (Decision, StoredIssue, StoredFinding):
        s.execute(delete(table).where(table.report_id.in_(ids)))
    s.execute(delete(StoredReport).where(StoredReport.id.in_(ids)))


def _erase(value: Any, name: str) -> Any:
    """`value` (JSON) with every occurrence of `name` (any case) replaced by ERASED."""
    if isinstance(value, str):
        low, target = value.casefold(), name.casefold()
        if target not in low:
            return value
        out, start = [], 0
        while (at := low.find(target, start)) >= 0:
            out += [value[start:at], ERASED]
            start = at + len(name)
        return "".join(out) + value[start:]
    if isinstance(value, list):
        return [_erase(v, name) for v in value]
    if isinstance(value, dict):
        return {k: _erase(v, name) for k, v in value.items()}
    return value


def _summary_json(r: StoredReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "report_id": r.report_ref,
        "client": r.client,
        "certificate_number": r.certificate_number,
        "standard": r.standard,
        "auditor": r.auditor,
        "audit_date": r.audit_date.isoformat() if r.audit_date else None,
        "state": r.state,
        "findings": r.findings_count,
        "engine": {"version": r.engine_version, "ruleset": r.ruleset, "standards": r.standards},
        "requested_by": r.requested_by,
        "checked_at": r.created_at.isoformat(),
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "issued_at": r.issued_at.isoformat() if r.issued_at else None,
    }


def _decision_json(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "issue_id": d.issue_id,
        "action": d.action,
        "reason": d.reason,
        "text": d.text,
        "by": d.decided_by,
        "at": d.decided_at.isoformat(),
    }


def open_store(settings: Settings) -> Store:
    """The store the settings name, migrated; reports past NCAUDIT_RETENTION_DAYS deleted."""
    store = Store.open(settings.database_url, settings.data_dir)
    if settings.retention_days:
        store.purge(settings.retention_days)
    return store


def check_and_keep(
    store: Store,
    who: Principal,
    report: Report,
    check: Callable[[Report], ReportVerdict],
    sources: dict[str, Any] | None = None,
) -> tuple[ReportVerdict, int]:
    """Check a report with the store's history of its client and certificate, and keep it: the verdict and the
    stored id. The previous audit's nonconformities this report does not record as closed are named in a report
    warning (`Store.open_nonconformities`). The report is kept as read (without the history added); `sources`
    says which reports gave it."""
    history = store.history(who, report)  # one statement on PostgreSQL: the earlier reports and the latest's NCs
    from_reports = history.sources
    verdict = check(with_history(report, history.previous))
    still_open = history.still_open(report) if from_reports else ""
    if still_open and still_open not in verdict.warnings:  # a note to the reviewer: no finding's verdict changes
        verdict.warnings.append(still_open)
    kept = dict(sources or {})
    if from_reports:
        kept["previous_findings_from"] = from_reports
    return verdict, store.add_report(who, report, verdict, kept or None)
