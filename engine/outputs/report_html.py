"""`--format html`: one self-contained, printable review page (no external assets)."""

from __future__ import annotations

from collections import Counter
from html import escape

from engine.core.models import Finding, FindingVerdict, Report, ReportVerdict, Span

_CSS = """
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--sound:#1a7f37;--revise:#9a6700;--regrade:#8250df;
--withdraw:#cf222e;--error:#cf222e;--warning:#9a6700;--info:#0969da;--mark:#fff1a8}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:var(--bg);margin:0 auto;max-width:60rem;padding:1.5rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:0}.meta{color:var(--muted);font-size:.9rem}
.summary{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}.impact{flex:1 1 20rem}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:.8rem 1rem;
margin:1rem 0;break-inside:avoid}
.finding.sound{border-left-color:var(--sound)}.finding.revise{border-left-color:var(--revise)}
.finding.regrade{border-left-color:var(--regrade)}.finding.withdraw{border-left-color:var(--withdraw)}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;color:#fff}
.b-sound{background:var(--sound)}.b-revise{background:var(--revise)}.b-regrade{background:var(--regrade)}
.b-withdraw{background:var(--withdraw)}.b-error{background:var(--error)}.b-warning{background:var(--warning)}
.b-info{background:var(--info)}
dl{display:grid;grid-template-columns:8rem 1fr;gap:.2rem .8rem;margin:.6rem 0}dt{color:var(--muted)}dd{margin:0;
white-space:pre-wrap}
mark{background:var(--mark);padding:0 .1rem;border-radius:2px}
ul.issues{list-style:none;padding:0;margin:.5rem 0 0}ul.issues li{padding:.4rem 0;border-top:1px dashed var(--line)}
.basis,.fix{color:var(--muted);font-size:.9rem}svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
dl.details{grid-template-columns:12rem 1fr;margin:.4rem 0 1rem}
ul.warnings{margin:.4rem 0 1rem;padding-left:1.2rem;color:var(--warning)}ul.warnings li{margin:.2rem 0}
@media (max-width:40rem){dl{grid-template-columns:1fr}}
@media print{body{max-width:none;padding:0;font-size:11pt}.finding{border-left-width:4px}a{color:inherit}}
"""


_COLOURS = {
    "sound": "#1a7f37",
    "revise": "#9a6700",
    "regrade": "#8250df",
    "withdraw": "#cf222e",
    "error": "#cf222e",
    "warning": "#9a6700",
    "info": "#0969da",
}


def _marked(text: str, spans: list[Span]) -> str:
    """Escape `text` and wrap each span in <mark>; overlapping spans merge, out-of-range ones are ignored."""
    ranges = sorted((s.start, s.end) for s in spans if 0 <= s.start < s.end <= len(text))
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _bar_chart(title: str, counts: dict[str, int]) -> str:
    if not counts:
        return ""
    width, row, gutter = 420, 22, 240
    top = max(counts.values())
    bars = []
    for i, (label, n) in enumerate(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))):
        w = max(2, int((width - gutter - 30) * n / top))
        y = i * row
        bars.append(
            f'<text x="0" y="{y + 15}">{escape(label.replace("_", " "))}</text>'
            f'<rect x="{gutter}" y="{y + 4}" width="{w}" height="14" fill="{_COLOURS.get(label, "#57606a")}"/>'
            f'<text x="{gutter + 6 + w}" y="{y + 15}">{n}</text>'
        )
    h = row * len(counts)
    return (
        f'<figure><figcaption>{escape(title)}</figcaption><svg role="img" aria-label="{escape(title)}" '
        f'width="{width + 30}" height="{h}" viewBox="0 0 {width + 30} {h}">{"".join(bars)}</svg></figure>'
    )


def _finding(f: FindingVerdict, statement: str, evidence: str, clause_text: str, read_from: str = "") -> str:
    spans = {fld: [i.span for i in f.issues if i.span and i.span.field == fld] for fld in ("statement", "evidence")}
    c = f.citation
    cited = escape(clause_text or "-")
    resolved = f"{c.clause or ''}{f' {c.item})' if c.item else ''} {c.title or ''}".strip()
    if resolved:
        cited += f" &rarr; {escape(resolved)} <span class='meta'>({escape(c.status.replace('_', ' '))})</span>"
    issues = []
    for i in f.issues:
        words = f" &mdash; <q>{escape(i.span.text)}</q>" if i.span else ""
        fix = f"<div class='fix'>Suggestion: {escape(i.suggestion)}</div>" if i.suggestion else ""
        issues.append(
            f"<li><span class='badge b-{i.severity}'>{i.severity}</span> <strong>{escape(i.rule)}</strong> "
            f"{escape(i.category.replace('_', ' '))}: {escape(i.message)}{words}{fix}"
            f"<div class='basis'>Basis: {escape(i.basis)}</div></li>"
        )
    grade = f"{escape(f.raised_grade or 'ungraded')} &rarr; {escape(f.proposed_grade)}"
    reasons = "; ".join(escape(r) for r in f.grade_reasons)
    return f"""
<article class="finding {f.verdict}" id="finding-{escape(f.id)}">
  <h3>{escape(f.id)} <span class="badge b-{f.verdict}">{f.verdict}</span> <span class="meta">grade {grade}</span></h3>
  <dl>
    <dt>Cited</dt><dd>{cited}</dd>
    <dt>Requirement</dt><dd>{escape(f.requirement.describe())}</dd>
    <dt>Statement</dt><dd>{_marked(statement, spans["statement"])}</dd>
    <dt>Evidence</dt><dd>{_marked(evidence, spans["evidence"]) if evidence else "<em>none recorded</em>"}</dd>
    <dt>Grade</dt><dd>{reasons}</dd>{f"<dt>Read from</dt><dd>{escape(read_from)}</dd>" if read_from else ""}
  </dl>
  {"<ul class='issues'>" + "".join(issues) + "</ul>" if issues else "<p class='meta'>No issue found.</p>"}
</article>"""


_AUDIT_TYPES = {
    "stage1": "Stage 1",
    "stage2": "Stage 2 (initial certification)",
    "surveillance": "Surveillance",
    "recertification": "Recertification",
    "special": "Special",
    "internal": "Internal",
}


def _details(report: Report | None) -> str:
    """The report's details as a definition list: who was audited, by whom, when, against what."""
    if report is None:
        return ""
    audit = report.audit
    first = audit.first_day if audit else None
    last = audit.closing_day() if audit else None
    days = (
        f"{first.isoformat()} to {last.isoformat()}"
        if first and last and first != last
        else (last.isoformat() if last else None)
    )
    rows = [
        ("Client", report.client),
        ("Certification body", report.certification_body),
        ("Certificate", report.certificate_number),
        ("Audit", audit.reference if audit else None),
        ("Audit type", _AUDIT_TYPES.get(audit.type or "", audit.type) if audit else None),
        ("Audit dates", days),
        ("Lead auditor", audit.lead_auditor if audit else None),
        ("Standard", report.standard),
        ("Scheme", audit.scheme if audit else None),
        ("Scope", audit.scope if audit else None),
    ]
    shown = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    return f'<dl class="details">{shown}</dl>' if shown else ""


def warnings_list(warnings: list[str]) -> str:
    """The warnings as a list, each once, in the order given."""
    once = list(dict.fromkeys(w.strip() for w in warnings if w and w.strip()))
    if not once:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in once)
    return f'<h3>Warnings</h3><ul class="warnings">{items}</ul>'


def report_section(result: ReportVerdict, report: Report | None) -> str:
    by_id: dict[str, Finding] = {}
    if report is not None:
        for n, src in enumerate(report.findings):
            by_id[src.id or f"#{n + 1}"] = src
    by_sev: Counter[str] = Counter(i.severity for f in result.findings for i in f.issues)
    charts = "".join(
        [
            _bar_chart("Verdicts", result.summary.by_verdict),
            _bar_chart("Issues by severity", dict(by_sev)),
            _bar_chart("Issues by category", result.summary.by_category),
        ]
    )
    findings = []
    for f in result.findings:
        original = by_id.get(f.id)
        statement = original.statement if original else ""
        evidence = original.evidence_text() if original else ""
        clause = (original.clause or "") if original else (f.citation.input or "")
        read_from = original.source.describe() if original and original.source else ""
        findings.append(_finding(f, statement, evidence, clause, read_from))
    return f"""
<section aria-labelledby="r-{escape(result.report_id or "report")}">
  <h2 id="r-{escape(result.report_id or "report")}">Report {escape(result.report_id or "(no id)")}</h2>
  {_details(report)}
  {warnings_list(result.warnings)}
  <div class="summary">{charts}
    <p class="impact"><strong>Certification impact.</strong> {escape(result.summary.certification_impact)}</p>
  </div>
  {"".join(findings)}
</section>"""


def html_page(results: list[ReportVerdict], reports: list[Report]) -> str:
    sections = "".join(report_section(r, reports[i] if i < len(reports) else None) for i, r in enumerate(results))
    engine = results[0].engine if results else None
    stamp = f"ncaudit {engine.version}, ruleset {engine.ruleset}" if engine else "ncaudit"
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ncaudit review</title><style>{_CSS}</style></head>
<body>
<header><h1>Review of audit findings</h1>
<p class="meta">Checked against ISO/IEC 17021-1:2015 9.4.5. Marked words raised the issues below them.</p></header>
<main>{sections}</main>
<footer>{escape(stamp)}. Standards: {escape(", ".join(engine.standards) if engine else "")}.</footer>
</body></html>
"""
