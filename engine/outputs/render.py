"""Output formats for verdicts: text (terminal), json (the contract), html and csv (outputs/report_html.py)."""

from __future__ import annotations

import re
import tempfile
from array import array
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from pydantic_core import to_json

from engine.core.models import Report, ReportVerdict
from engine.outputs.report_csv import worklist_csv
from engine.outputs.report_html import html_page
from engine.rulebook.rulebase import Rule

if TYPE_CHECKING:  # `rules show` imports this module for rule_doc_text: it must not load the engine
    from engine.check.engine import StreamedCheck

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


def write_json_streamed(check: StreamedCheck, out: IO[bytes], depth: int = 0, warnings: Sequence[str] = ()) -> None:
    """Write one report's verdict as `render(..., "json")` would, its findings as they are decided: each
    finding's JSON goes to a spool on disk as soon as it is made, and the report is put together once the
    summary (which comes first) is known, so only offsets stay in memory. `depth`: the report's nesting in the
    output (1 inside the list of several reports); `warnings`: the input's, first, as `with_input_warnings`."""
    pad = "  " * (depth + 2)  # a finding sits two levels below its report
    spans = array("q")  # position -> (offset, length) in the spool, pairs
    with tempfile.TemporaryFile() as spool:
        for index, verdict in check.verdicts:
            piece = (pad + verdict.model_dump_json(indent=2).replace("\n", "\n" + pad)).encode("utf-8")
            while len(spans) < 2 * index + 2:
                spans.extend((0, 0))
            spans[2 * index] = spool.tell()
            spans[2 * index + 1] = len(piece)
            spool.write(piece)
        given = list(warnings)
        head = ReportVerdict(
            report_id=check.report_id,
            engine=check.engine,
            summary=check.summary(),
            findings=[],
            warnings=given + [w for w in check.warnings if w not in given],
        ).model_dump_json(indent=2)
        if depth:
            head = "  " * depth + head.replace("\n", "\n" + "  " * depth)
        before, empty, after = head.partition('"findings": []')
        n = len(spans) // 2
        if not n or not empty:
            out.write(head.encode("utf-8"))
            return
        out.write((before + '"findings": [\n').encode("utf-8"))
        fill = _filler(check)
        spool.seek(0)
        for index in range(n):
            if index:
                out.write(b",\n")
            spool.seek(spans[2 * index])
            piece = spool.read(spans[2 * index + 1])
            out.write(fill(piece) if fill else piece)
        out.write(("\n" + "  " * (depth + 1) + "]" + after).encode("utf-8"))


def _filler(check: StreamedCheck) -> Any:
    """Replaces the placeholders of a streamed check's findings (`StreamedCheck.placeholders`) by their text,
    JSON-escaped as the models' serialiser escapes it; None when there are none."""
    if not check.placeholders:
        return None
    values = {k.encode("utf-8"): to_json(v)[1:-1] for k, v in check.placeholders.items()}
    pattern = re.compile(b"|".join(re.escape(k) for k in sorted(values, key=len, reverse=True)))
    marker = check.marker.encode("utf-8")

    def fill(piece: bytes) -> bytes:
        return pattern.sub(lambda m: values[m.group(0)], piece) if marker in piece else piece

    return fill


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
