"""`ncaudit plan`: the response plan a consultant works from after an audit, one row per finding.

Each row says what to do with the finding (`accept`, `contest: withdraw`, `contest: regrade`, `ask for
revision`), the requirement it rests on, what the certification body will need, and by when.

Deadlines are policy data, not the standard's: ISO/IEC 17021-1 9.4.9 only asks the certification body to set a
"defined time". They come, first found first, from
1. the configuration's `plan.schemes[<scheme>]` (the user's copy of a scheme's or certification body's rules),
2. a provider registered with `register_deadline_provider` (the scheme packs of `rules/schemes/` plug in here),
3. the configuration's `plan` section, whose defaults are the documented policy below.

Default policy (calendar days from the audit's last day, the closing meeting):
- major: correction, cause analysis and corrective action plan in 14 days; evidence of implementation and
  effectiveness in 60 days, verified by the certification body before the certification decision (9.5.2,
  9.4.10); at initial certification (stage 2) verified at the latest 6 months after stage 2 (9.5.3.2).
- minor: correction, cause analysis and corrective action plan in 30 days, accepted before the decision
  (9.5.2); implementation in 90 days, its effectiveness verified at the next audit (9.4.10).
- observation, OFI: nothing is required.
- a finding contested (withdraw, regrade) or sent back for revision: raised within 14 days (the dispute window).

The plan follows the grade as raised: the certification body's clock runs on it until it changes the grade.
Where ncaudit proposes a higher grade, the row's note gives the dates that grade would bring.

Every due date is checked against the plan's date (`today`, the letter's date or the day it is made): a deadline
already passed is marked overdue with the days passed, and a warning says so, since a report often reaches the
client days or weeks after the audit. Where the finding's requirement carries its grounding (what it obliges,
what it leaves open), the row quotes it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.check.impact import certification_impact
from engine.core.models import FindingVerdict, Grounding, Report, ReportVerdict, Requirement
from engine.core.vocabulary import ACTIONABLE, DECISIONS, GRADE_ORDER, PLAN_GRADES
from engine.rulebook.config import GradeDeadlines, PlanSettings
from engine.rulebook.schemes import scheme_for

Decision = str  # accept | contest: withdraw | contest: regrade | ask for revision


# -- durations and deadlines ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time as policies write it: `30 days`, `10 working days`, `13 weeks`, `6 months`."""

    amount: int
    unit: str  # days | working days | weeks | months

    @classmethod
    def parse(cls, text: str | int) -> Duration:
        if isinstance(text, int):
            return cls(text, "days")
        m = re.fullmatch(r"\s*(\d+)\s*([a-z ]*?)\s*", text.lower())
        if not m:
            raise ValueError(f"{text!r} is not a duration")
        unit = m[2] or "days"
        if unit.startswith(("working", "business")):
            return cls(int(m[1]), "working days")
        if unit in ("w", "week", "weeks"):
            return cls(int(m[1]), "weeks")
        if unit in ("m", "month", "months"):
            return cls(int(m[1]), "months")
        return cls(int(m[1]), "days")

    def after(self, start: dt.date) -> dt.date:
        """The date this long after `start`. Months end on the same day of the month, or the month's last day
        (31 August + 6 months = 28 February); working days skip Saturdays and Sundays (not public holidays)."""
        if self.unit == "days":
            return start + dt.timedelta(days=self.amount)
        if self.unit == "weeks":
            return start + dt.timedelta(weeks=self.amount)
        if self.unit == "months":
            month0 = start.month - 1 + self.amount
            year, month = start.year + month0 // 12, month0 % 12 + 1
            return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        day, left = start, self.amount
        while left > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit.rstrip("s")
        return f"{self.amount} {unit}"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline for a grade, relative to the audit's last day; `due(last_day)` makes it a date."""

    key: str  # contest | response | evidence | limit
    what: str
    after: Duration
    basis: str
    source: str = "default policy"

    def due(self, last_day: dt.date | None) -> dt.date | None:
        return self.after.after(last_day) if last_day else None


DeadlineProvider = Callable[[str, str | None, str | None], list[Deadline] | None]
_PROVIDERS: list[DeadlineProvider] = []  # scheme_pack_deadlines is registered below, once defined


def _scheme_of_standard(result: ReportVerdict) -> str | None:
    """The scheme the standard audited implies (IATF 16949 -> the IATF rules), when the report names none."""
    std = next(
        (
            f.citation.standard or f.requirement.standard
            for f in result.findings
            if f.citation.standard or f.requirement.standard
        ),
        None,
    )
    pack = scheme_for(None, std) if std else None
    return pack.title if pack is not None and not pack.default else None


def register_deadline_provider(provider: DeadlineProvider) -> None:
    """A scheme pack's deadlines: `provider(grade, scheme_name, audit_type)` answers a list, or None when the
    scheme is not its own (then the next provider, and finally the configured policy, answers)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def scheme_pack_deadlines(grade: str, scheme_name: str | None, audit_type: str | None) -> list[Deadline] | None:
    """The deadlines a scheme's rule pack (rules/schemes/) sets for this grade, or None when the scheme named
    has no pack of its own or the pack sets none (then the configured policy answers)."""
    if not scheme_name:
        return None
    pack = scheme_for(scheme_name, None)
    if pack is None or pack.default:
        return None
    wanted = [d for d in pack.deadlines if d.grade == grade]
    if not wanted:
        return None
    out = []
    for d in wanted:
        due = set(d.due)
        key = (
            "limit"
            if due <= {"closure", "verification"}
            else (
                "evidence" if due & {"corrective_action", "evidence_of_implementation", "verification"} else "response"
            )
        )
        what = ", ".join(x.replace("_", " ") for x in d.due) + (f" ({d.note})" if d.note else "")
        unit = "working days" if d.days_kind == "working" else "days"
        out.append(Deadline(key, what, Duration(d.days, unit), d.source, f"scheme {pack.short}"))
    return out


def _scheme_policy(policy: PlanSettings, scheme_name: str | None) -> PlanSettings | None:
    if not scheme_name:
        return None
    want = " ".join(scheme_name.lower().split())
    for name, settings in policy.schemes.items():
        if " ".join(name.lower().split()) == want:
            # what the scheme does not set is the general policy's
            merged = policy.model_copy(update={k: getattr(settings, k) for k in settings.model_fields_set})
            return merged
    return None


def deadlines_for(
    grade: str,
    scheme_name: str | None = None,
    *,
    audit_type: str | None = None,
    policy: PlanSettings | None = None,
) -> list[Deadline]:
    """The deadlines a finding of this grade carries under the scheme's rules, or the configured policy.

    `grade` is `major | minor | observation | ofi | none`; the contest window is not included (see
    `contest_deadline`)."""
    policy = policy or PlanSettings()
    scoped = _scheme_policy(policy, scheme_name)
    if scoped is None:
        for provider in _PROVIDERS:
            answer = provider(grade, scheme_name, audit_type)
            if answer is not None:
                return answer
    settings = scoped or policy
    if grade not in ("major", "minor"):
        return []
    # a period someone stated (a scheme's settings, a configuration) is said as theirs; the built-in one is not
    source = (
        f"scheme {scheme_name}"
        if scoped is not None
        else ("configured policy" if grade in settings.model_fields_set else STATED_BY_NOBODY)
    )
    per_grade: GradeDeadlines = settings.major if grade == "major" else settings.minor
    out = []
    if per_grade.response:
        what = "correction, cause analysis and corrective action plan to the certification body"
        basis = "ISO/IEC 17021-1:2015 9.4.9" + (", 9.5.2" if grade == "minor" else "")
        out.append(Deadline("response", what, Duration.parse(per_grade.response), basis, source))
    if per_grade.evidence:
        if grade == "major":
            what = "evidence that the corrective action is implemented and effective, for verification"
            basis = "ISO/IEC 17021-1:2015 9.4.10, 9.5.2"
        else:
            what = "corrective action implemented (effectiveness verified at the next audit)"
            basis = "ISO/IEC 17021-1:2015 9.4.10"
        out.append(Deadline("evidence", what, Duration.parse(per_grade.evidence), basis, source))
    if grade == "major" and audit_type == "stage2" and settings.initial_major_limit:
        out.append(
            Deadline(
                "limit",
                "latest verification before a new stage 2 is needed",
                Duration.parse(settings.initial_major_limit),
                "ISO/IEC 17021-1:2015 9.5.3.2",
                source,
            )
        )
    return out


def contest_deadline(policy: PlanSettings | None = None, scheme_name: str | None = None) -> Deadline | None:
    policy = policy or PlanSettings()
    settings = _scheme_policy(policy, scheme_name) or policy
    if not settings.dispute:
        return None
    return Deadline(
        "contest",
        "raise the disagreement with the certification body, to be resolved or recorded as unresolved",
        Duration.parse(settings.dispute),
        "ISO/IEC 17021-1:2015 9.4.5.4",
        "configured policy" if "dispute" in settings.model_fields_set else STATED_BY_NOBODY,
    )


STATED_BY_NOBODY = "default policy"  # ncaudit's own assumption: a letter never names it as the body's period
STATED_BY_REPORT = "report"


def stated(dl: Deadline) -> bool:
    """Whether the period is one the certification body or the scheme states (the report, a scheme pack, the
    user's configuration), not ncaudit's default assumption."""
    return dl.source != STATED_BY_NOBODY


def _report_times(report: Report, grade: str, deadlines: list[Deadline]) -> list[Deadline]:
    """The report's own stated times replace the policy's for the same deadline (they are the body's word)."""
    times = report.audit.response_times if report.audit else None
    per_grade = getattr(times, grade, None) if times is not None and grade in ("major", "minor") else None
    if per_grade is None:
        return deadlines
    out = []
    for dl in deadlines:
        given = getattr(per_grade, dl.key, None) if dl.key in ("response", "evidence") else None
        out.append(Deadline(dl.key, dl.what, Duration.parse(given), dl.basis, STATED_BY_REPORT) if given else dl)
    have = {dl.key for dl in deadlines}
    for key in ("response", "evidence"):
        given = getattr(per_grade, key)
        if given and key not in have:
            what = _WHAT_STATED[key]
            out.append(Deadline(key, what, Duration.parse(given), "ISO/IEC 17021-1:2015 9.4.9", STATED_BY_REPORT))
    return out


_WHAT_STATED = {
    "response": "correction, cause analysis and corrective action plan to the certification body",
    "evidence": "evidence that the corrective action is implemented",
}


def _report_contest(report: Report, contest: Deadline | None) -> Deadline | None:
    times = report.audit.response_times if report.audit else None
    if times is None or not times.dispute:
        return contest
    return Deadline(
        "contest",
        "raise the disagreement with the certification body, to be resolved or recorded as unresolved",
        Duration.parse(times.dispute),
        "ISO/IEC 17021-1:2015 9.4.5.4",
        STATED_BY_REPORT,
    )


# -- decisions and rows ---------------------------------------------------------------------------------


def decision_for(f: FindingVerdict) -> Decision:
    """What the client does with the finding, from its verdict (contract.md `verdict`)."""
    if f.verdict == "withdraw":
        return "contest: withdraw"
    if f.verdict == "revise":
        return "ask for revision"
    if f.verdict == "regrade":
        lower = GRADE_ORDER.get(f.proposed_grade, 0) < GRADE_ORDER.get(f.raised_grade or "none", 0)
        return "contest: regrade" if lower else "accept"
    return "accept"


def plan_grade(f: FindingVerdict) -> str:
    """The grade whose deadlines the plan follows: the grade as raised, because the certification body's clock
    runs on it until it changes the grade (the proposed grade only for an ungraded finding)."""
    return f.raised_grade or f.proposed_grade


NEEDS = {
    "major": [
        "correction (contain and correct what was found)",
        "cause analysis",
        "corrective action",
        "evidence of effectiveness",
        "verification by the certification body before the certification decision (9.5.2, 9.4.10; "
        "at initial certification within 6 months of stage 2, 9.5.3.2)",
    ],
    "minor": [
        "correction",
        "cause analysis",
        "corrective action plan, accepted before the certification decision (9.5.2)",
        "evidence of effectiveness at the next audit (9.4.10)",
    ],
    "observation": ["nothing required: consider it; it may be looked at again at the next audit"],
    "ofi": ["nothing required: an opportunity for improvement is the organisation's to take or leave"],
    "none": ["nothing, if it is withdrawn"],
}


@dataclass(slots=True)
class PlanRow:
    order: int
    finding_id: str
    decision: Decision
    verdict: str
    raised_grade: str | None
    proposed_grade: str
    plan_grade: str
    clause: str | None
    title: str | None
    summary: str | None
    requirement_source: str
    needs: list[str]
    deadlines: list[tuple[Deadline, dt.date | None]]
    why: str
    note: str
    statement: str
    obliges: str | None = None
    leaves_open: list[str] = field(default_factory=list)
    overdue: list[tuple[Deadline, dt.date, int]] = field(default_factory=list)  # (deadline, due, days passed)

    def due(self, key: str) -> dt.date | None:
        return next((d for dl, d in self.deadlines if dl.key == key), None)

    def days_overdue(self, key: str) -> int | None:
        """Days since this deadline passed, on the plan's date; None when it has not passed (or has no date)."""
        return next((days for dl, _, days in self.overdue if dl.key == key), None)

    def first_due(self) -> dt.date | None:
        dates = [d for _, d in self.deadlines if d is not None]
        return min(dates) if dates else None


@dataclass(slots=True)
class Plan:
    report_id: str | None
    client: str | None
    certification_body: str | None
    certificate_number: str | None
    audit_reference: str | None
    audit_type: str | None
    first_day: dt.date | None
    last_day: dt.date | None
    standard: str | None
    scheme: str | None
    rows: list[PlanRow]
    impact: str
    warnings: list[str] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)  # the date overdue deadlines are counted against

    def counts(self) -> dict[str, dict[str, int]]:
        """Decision -> grade (as planned) -> number of findings."""
        out: dict[str, dict[str, int]] = {d: dict.fromkeys(PLAN_GRADES, 0) for d in DECISIONS}
        for r in self.rows:
            out[r.decision][r.plan_grade] = out[r.decision].get(r.plan_grade, 0) + 1
        return out


def _requirement(f: FindingVerdict) -> Requirement:
    """The finding's `requirement` block; while an engine leaves it empty, the resolved citation stands in."""
    req = f.requirement
    if req.clause or req.summary or req.alternatives or req.source != "none":
        return req
    if f.citation.status == "resolved" and f.citation.clause:
        return Requirement(
            standard=f.citation.standard,
            clause=f.citation.clause,
            item=f.citation.item,
            title=f.citation.title,
            source="cited",
        )
    return req


def _why(f: FindingVerdict) -> str:
    """The engine's reasons in a line: its issues (once each) and, for a regrade, the grade reasons."""
    seen: list[str] = []
    for i in f.issues:
        if i.severity in ACTIONABLE and i.message not in seen:
            seen.append(i.message)
    if f.verdict == "regrade":
        seen += [r for r in f.grade_reasons if r not in seen]
    return " ".join(seen[:4])


def _grounds_note(f: FindingVerdict) -> str:
    """What the requirement obliges and leaves open, quoted for a withdrawal (empty without a grounding)."""
    g = _grounding(f)
    if g is None:
        return ""
    req = f.requirement
    where = f"{req.clause} " if req.clause else ""
    out = f"The requirement {where}obliges: {g.obliges.rstrip('.')}. " if g.obliges else ""
    if g.leaves_open:
        out += f"It leaves {open_words(list(g.leaves_open))} to the organisation. "
    return out


def _note(f: FindingVerdict, decision: Decision, grade: str, if_upgraded: list[tuple[Deadline, dt.date | None]]) -> str:
    raised = f.raised_grade or "ungraded"
    higher = GRADE_ORDER.get(f.proposed_grade, 0) > GRADE_ORDER.get(grade, 0)
    if higher:
        dates = "; ".join(f"{d.key} {due.isoformat()}" for d, due in if_upgraded if due) or "its deadlines"
        return (
            f"Raised as {raised}; the evidence as recorded reads as {f.proposed_grade}. Accepted as raised"
            + (f" and planned to the {grade} deadlines" if grade in ("major", "minor") else " (it asks for nothing)")
            + f"; should the certification body's review regrade it to {f.proposed_grade}, plan for {dates}."
        )
    if decision == "contest: withdraw":
        return _grounds_note(f) + (
            f"If the certification body maintains it, the {raised} deadlines apply: they are planned too."
        )
    if decision == "contest: regrade":
        return (
            f"Ask for {f.proposed_grade} instead of {raised}; until the certification body agrees, "
            f"the {grade} deadlines apply."
        )
    if decision == "ask for revision":
        return "A nonfulfilment stands: respond to it by the dates, and ask that its record be completed."
    return ""


def open_words(aspects: list[str]) -> str:
    """`the method, format and medium`: what a requirement leaves to the organisation, in a sentence."""
    items = [a for a in aspects if a]
    if not items:
        return ""
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return "the " + joined


def _grounding(f: FindingVerdict) -> Grounding | None:
    g = f.requirement.grounding
    return g if g is not None and (g.obliges or g.leaves_open) else None


def _overdue(deadlines: list[tuple[Deadline, dt.date | None]], as_of: dt.date) -> list[tuple[Deadline, dt.date, int]]:
    return [(dl, due, (as_of - due).days) for dl, due in deadlines if due is not None and due < as_of]


def overdue_warning(rows: list[PlanRow], as_of: dt.date) -> str | None:
    """One sentence for all the deadlines passed on `as_of`: which, and what to do about them."""
    late = [(r, dl, due, days) for r in rows for dl, due, days in r.overdue]
    if not late:
        return None
    ids = list(dict.fromkeys(r.finding_id for r, *_ in late))
    first = min(due for _, _, due, _ in late)
    shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    return (
        f"{len(late)} deadline(s) of {shown} had passed by {as_of.isoformat()} (the earliest on {first.isoformat()}, "
        f"{(as_of - first).days} days before): agree new dates with the certification body rather than promise "
        "passed ones"
    )


register_deadline_provider(scheme_pack_deadlines)


def build_plan(
    report: Report,
    result: ReportVerdict,
    policy: PlanSettings | None = None,
    scheme_name: str | None = None,
    *,
    today: dt.date | None = None,
) -> Plan:
    """The plan, its deadlines checked against `today` (by default the day it is made)."""
    policy = policy or PlanSettings()
    as_of = today or dt.date.today()
    audit = report.audit
    scheme = (audit.scheme if audit else None) or scheme_name or _scheme_of_standard(result)
    last_day = audit.closing_day() if audit else None
    audit_type = audit.type if audit else None
    statements = {(f.id or f"#{i + 1}"): f.statement for i, f in enumerate(report.findings)}
    contest = _report_contest(report, contest_deadline(policy, scheme))
    rows = []
    for f in result.findings:
        decision = decision_for(f)
        grade = plan_grade(f)
        deadlines = _report_times(report, grade, deadlines_for(grade, scheme, audit_type=audit_type, policy=policy))
        upgraded = _report_times(
            report, f.proposed_grade, deadlines_for(f.proposed_grade, scheme, audit_type=audit_type, policy=policy)
        )
        if decision != "accept" and contest is not None:
            deadlines = [contest, *deadlines]
        req = _requirement(f)
        grounding = _grounding(f)
        dated = [(d, d.due(last_day)) for d in deadlines]
        rows.append(
            PlanRow(
                order=0,
                finding_id=f.id,
                decision=decision,
                verdict=f.verdict,
                raised_grade=f.raised_grade,
                proposed_grade=f.proposed_grade,
                plan_grade=grade,
                clause=req.clause,
                title=req.title,
                summary=req.summary,
                requirement_source=req.source,
                needs=NEEDS.get(grade, []),
                deadlines=dated,
                why=_why(f),
                note=_note(f, decision, grade, [(d, d.due(last_day)) for d in upgraded]),
                statement=statements.get(f.id, ""),
                obliges=grounding.obliges if grounding else None,
                leaves_open=list(grounding.leaves_open) if grounding else [],
                overdue=_overdue(dated, as_of),
            )
        )
    far = dt.date.max
    position = {f.id: i for i, f in enumerate(result.findings)}
    rows.sort(
        key=lambda r: (
            -GRADE_ORDER.get(r.plan_grade, 0),
            r.first_due() or far,
            -GRADE_ORDER.get(r.proposed_grade, 0),
            position[r.finding_id],
        )
    )
    for n, r in enumerate(rows, start=1):
        r.order = n
    warnings = []
    if last_day is None and any(r.deadlines for r in rows):
        warnings.append("the report gives no audit date: due dates are left blank (give audit.last_day or audit.date)")
    late = overdue_warning(rows, as_of)
    if late:
        warnings.append(late)
    return Plan(
        report_id=report.id,
        client=report.client,
        certification_body=report.certification_body,
        certificate_number=report.certificate_number,
        audit_reference=audit.reference if audit else None,
        audit_type=audit_type,
        first_day=audit.first_day if audit else None,
        last_day=last_day,
        standard=report.standard,
        scheme=scheme,
        rows=rows,
        impact=certification_impact(result.findings, audit_type),
        warnings=warnings,
        as_of=as_of,
    )
