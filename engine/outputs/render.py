"""Output formats for verdicts: text (terminal), json (the contract), html and csv (outputs/report_html.py)."""

from __future__ import annotations

from typing import Any

from engine.core.models import Report, ReportVerdict
from engine.outputs.report_csv import worklist_csv
from engine.outputs.report_html import html_page
from engine.rulebook.rulebase import Rule

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "sound": "\033[32m", "reset": "\033[0m"}


def render(results: list[ReportVerdict], fmt: str, color: bool = False, reports: list[Report] | None = None) -> str:
    if fmt == "json":  # the models' own serialiser: 5-9x faster than json.dumps over model_dump, same bytes
        if len(results) == 1:
            return results[0].model_dump_json(indent=2)
        from pydantic import TypeAdapter

        return TypeAdapter(list[ReportVerdict]).dump_json(results, indent=2).decode("utf-8")
    if fmt == "text":
        return "\n".join(text_report(r, color) for r in results)
    if fmt == "html":
        return html_page(results, reports or [])
    if fmt == "csv":
        return worklist_csv(results, reports)
    raise ValueError(f"unknown format {fmt!r}")


def text_report(res: ReportVerdict, color: bool = False) -> str:
    def c(key: str, s: str) -> str:
        return f"{_COLORS[key]}{s}{_COLORS['reset']}" if color and key in _COLORS else s

    counts = ", ".join(f"{n} {v}" for v, n in res.summary.by_verdict.items())
    lines = [f"report {res.report_id or '(no id)'}: {res.summary.findings} finding(s): {counts}"]
    lines += [f"  {c('warning', 'warning')}: {w}" for w in dict.fromkeys(res.warnings)]  # each once
    for f in res.findings:
        cit = f.citation
        where = f"{cit.clause or '-'}{f' {cit.item})' if cit.item else ''} {cit.title or ''}".strip()
        grade = f"{f.raised_grade or 'ungraded'} -> {f.proposed_grade}"
        verdict = c("sound", f.verdict.upper()) if f.verdict == "sound" else c("warning", f.verdict.upper())
        lines.append(f"\n{f.id}  {verdict}  {grade}  [{cit.status}] {where}")
        lines.append(f"    requirement: {f.requirement.describe()}")
        for r in f.grade_reasons[:2]:
            lines.append(f"    grade: {r}")
        for note in f.notes:
            lines.append(f"    note: {note}")
        for i in f.issues:
            lines.append(f"  {c(i.severity, i.severity):<7} {i.rule} {i.category}: {i.message}")
            if i.span:
                lines.append(f'          at {i.span.field}[{i.span.start}:{i.span.end}]: "{i.span.text}"')
            if i.suggestion:
                lines.append(f"          fix: {i.suggestion}")
            lines.append(f"          basis: {i.basis}")
    lines.append(f"\n{res.summary.certification_impact}")
    lines.append(f"engine {res.engine.version}, ruleset {res.engine.ruleset}")
    return "\n".join(lines)


def rule_doc_text(rule: Rule) -> str:
    def example(e: dict[str, Any]) -> str:
        head = f"    {e['name']}: {e['why']}\n" if "name" in e else ""
        if "report" in e:
            return head + "\n".join(
                f"      - [{f.get('clause')}] {f.get('statement')}" for f in e["report"]["findings"]
            )
        out = f"{head}      [{e.get('grade')}] clause {e.get('clause')!r}: {e.get('statement')}"
        if e.get("evidence"):
            out += f"\n        evidence: {e['evidence']}"
        return out

    parts = [
        f"{rule.id} {rule.name}",
        f"  category: {rule.category}   severity: {rule.severity}   verdict effect: {rule.effect}",
        f"  basis: {rule.basis}",
        "",
        "What it does",
        f"  {rule.summary}",
        "",
        "Why is this bad?",
        f"  {rule.rationale}",
        "",
        "Example (flagged)",
        *[example(e) for e in rule.bad],
        "",
        "Use instead (not flagged)",
        *[example(e) for e in rule.good],
        "",
        f"Message: {rule.message}",
    ]
    if rule.suggestion:
        parts.append(f"Suggestion: {rule.suggestion}")
    return "\n".join(parts)
