"""What was read from a report file, for people, before it is judged (`ncaudit check FILE --show-read`): the
report's details and every finding, each with where in the file it was read, then the reader's warnings."""

from __future__ import annotations

import textwrap
from typing import Any

from engine.inputs.document import where

DETAIL_LABELS = (
    ("id", "Report"),
    ("client", "Client"),
    ("certification_body", "Certification body"),
    ("certificate_number", "Certificate"),
    ("standard", "Standard"),
    ("audit.type", "Audit type"),
    ("audit.first_day", "First day"),
    ("audit.last_day", "Last day"),
    ("audit.date", "Audit date"),
    ("audit.reference", "Audit reference"),
    ("audit.lead_auditor", "Lead auditor"),
    ("audit.scheme", "Scheme"),
)
FLAGS = {
    "id": "--report-id",
    "client": "--client",
    "certification_body": "--certification-body",
    "standard": "--standard",
    "audit.last_day": "--last-day",
    "audit.first_day": "--first-day",
    "audit.date": "--audit-date",
}


def _value(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def show_read(data: dict[str, Any], warnings: list[str], label: str, width: int = 100) -> str:
    """The report as read from `label`, in plain text: details (with their source, or "not found" and the flag
    that gives it), findings (id, grade, clause, source, statement, evidence), warnings."""
    sources = data.get("sources") or {}
    lines = [f"{label}: read as follows (nothing has been checked yet)", "", "Details"]
    missing = []
    for path, name in DETAIL_LABELS:
        value = _value(data, path)
        if value in (None, ""):
            if path == "audit.last_day" and not _value(data, "audit.date"):
                missing.append("last day (--last-day, or --audit-date for a one-day audit): no due dates without it")
            elif path in FLAGS and path not in ("audit.date", "audit.last_day"):
                missing.append(f"{name.lower()} ({FLAGS[path]})")
            continue
        src = sources.get(path)
        at = f"  [{where(src)}]" if isinstance(src, dict) else ""
        lines.append(f"  {name + ':':<20}{value}{at}")
    if missing:
        lines.append(f"  not found: {', '.join(missing)}")
    findings = data.get("findings") or []
    lines += ["", f"Findings ({len(findings)})"]
    body = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
    for f in findings:
        src = f.get("source")
        at = f"  [{where(src)}]" if isinstance(src, dict) else ""
        grade = f.get("grade") or "ungraded"
        clause = f"clause {f['clause']}" if f.get("clause") else "no clause"
        lines.append(f"  {f.get('id') or '-'}  {grade}  {clause}{at}")
        lines.append(body.fill(str(f.get("statement") or "")))
        evidence = f.get("evidence")
        if evidence:
            items = evidence if isinstance(evidence, list) else [evidence]
            lines.append(body.fill("Evidence: " + " | ".join(str(e) for e in items)))
    if warnings:
        lines += ["", "While reading"] + [f"  - {w}" for w in warnings]
    lines += [
        "",
        "To correct a detail, give it: --report-id, --client, --certification-body, --standard, --audit-date, "
        "--first-day, --last-day. To correct a finding: --show-read --format json > read.json, edit it, then "
        "`ncaudit check read.json`.",
    ]
    return "\n".join(lines) + "\n"
