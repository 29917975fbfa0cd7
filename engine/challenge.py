"""`ncaudit challenge`: a factual, courteous letter asking the certification body to withdraw or regrade.

Only withdrawals and lower grades are contested (a client does not ask for a higher grade), each argued
from its own words, the requirement (or its absence) and the 17021-1 clauses in the issues' `basis`.
Nothing beyond the report and the engine's issues is asserted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from engine.models import FindingVerdict, Issue, Report, ReportVerdict

_ORDER = {"none": 0, "ofi": 1, "observation": 1, "minor": 2, "major": 3}


def contested(f: FindingVerdict) -> bool:
    """What a client asks for: withdrawal, or a lower grade. A proposed upgrade is not the client's to request."""
    if f.verdict == "withdraw":
        return True
    return f.verdict == "regrade" and _ORDER.get(f.proposed_grade, 0) < _ORDER.get(f.raised_grade or "minor", 2)


_GRADE_NAMES = {
    "major": "a major nonconformity",
    "minor": "a minor nonconformity",
    "ofi": "an opportunity for improvement",
    "none": "no finding",
}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # heading | para | bullet | quote
    text: str


def _grounds(f: FindingVerdict) -> list[Issue]:
    return [i for i in f.issues if i.severity in ("error", "warning")]


def _request(f: FindingVerdict) -> str:
    if f.verdict == "withdraw":
        return f"We ask that {f.id} be withdrawn."
    return (
        f"We ask that {f.id} be recorded as {_GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)} "
        f"rather than {_GRADE_NAMES.get(f.raised_grade or '', 'as raised')}."
    )


def letter_blocks(report: Report, result: ReportVerdict, finding_id: str | None = None) -> list[Block]:
    originals = {(f.id or f"#{i + 1}"): f for i, f in enumerate(report.findings)}
    verdicts = result.findings
    if finding_id is not None:
        chosen = [f for f in verdicts if f.id == finding_id]
        if not chosen:
            raise ValueError(f"finding {finding_id!r} is not in report {report.id or '(no id)'}")
        if not contested(chosen[0]):
            raise ValueError(
                f"finding {finding_id!r} has verdict {chosen[0].verdict!r} "
                f"(proposed grade {chosen[0].proposed_grade}): only withdrawals and lower grades "
                "are challenged"
            )
        disputed = chosen
    else:
        disputed = [f for f in verdicts if contested(f)]
    accepted = [f for f in verdicts if not contested(f)] if finding_id is None else []
    audit = report.audit
    what = f"the {audit.type.replace('stage', 'stage ')} audit" if audit and audit.type else "the audit"
    when = f" of {audit.date.isoformat()}" if audit and audit.date else ""
    criteria = f" against {report.standard}" if report.standard else ""
    blocks = [
        Block("heading", f"Request for review of audit findings, report {report.id or '(no id)'}"),
        Block("para", "To the certification body,"),
        Block(
            "para",
            f"Thank you for {what}{when}{criteria}. We have reviewed the findings recorded in report "
            f"{report.id or '(no id)'} against the requirements of ISO/IEC 17021-1:2015 for recording "
            f"and grading nonconformities (9.4.5, 3.12, 3.13). For the reasons below, we ask you to "
            f"review {len(disputed)} finding(s).",
        ),
    ]
    if not disputed:
        blocks.append(Block("para", "We do not contest any finding of this report."))
    for f in disputed:
        src = originals.get(f.id)
        blocks.append(
            Block(
                "heading",
                f"{f.id}: "
                + (
                    "request for withdrawal" if f.verdict == "withdraw" else f"request to regrade as {f.proposed_grade}"
                ),
            )
        )
        if src is not None:
            cited = f" (cited: {src.clause})" if src.clause else " (no clause cited)"
            blocks.append(
                Block("para", f"The finding, raised as {_GRADE_NAMES.get(src.grade or '', 'ungraded')}{cited}, states:")
            )
            blocks.append(Block("quote", src.statement))
            if src.evidence_text():
                blocks.append(Block("para", "The evidence recorded is:"))
                blocks.append(Block("quote", src.evidence_text()))
        blocks.append(Block("para", "Our grounds:"))
        for i in _grounds(f):
            quote = (
                i.span is not None
                and i.span.field != "clause"
                and len(i.span.text) <= 80
                and src is not None
                and i.span.text.strip() != src.statement.strip()
            )
            words = f" The words \u201c{i.span.text}\u201d show this." if quote and i.span else ""
            blocks.append(Block("bullet", f"{i.message}{words} ({i.basis})"))
        if f.grade_reasons and f.verdict == "regrade":
            blocks.append(Block("bullet", "The evidence as recorded shows " + "; ".join(f.grade_reasons) + "."))
        blocks.append(Block("para", _request(f)))
    if accepted:
        blocks.append(Block("heading", "Findings we accept"))
        blocks.append(
            Block(
                "para",
                "We accept " + ", ".join(f.id for f in accepted) + " and will respond with "
                "correction, cause analysis and corrective action in the time you have defined "
                "(ISO/IEC 17021-1:2015 9.4.9).",
            )
        )
    blocks += [
        Block(
            "para",
            "If you do not agree, we ask that the points that remain unresolved be recorded in the report "
            "(ISO/IEC 17021-1:2015 9.4.5.4, 9.4.8) and that this letter be treated under your appeals "
            "process, decided by persons not involved in the audit (ISO/IEC 17021-1:2015 9.7).",
        ),
        Block("para", "Yours faithfully,"),
        Block("para", "[name, role, organization]"),
    ]
    return blocks


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            out.append(("# " if i == 0 else "## ") + b.text)
        elif b.kind == "bullet":
            out.append(f"- {b.text}")
        elif b.kind == "quote":
            out.append("\n".join("> " + line for line in b.text.splitlines() or [""]))
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"


def to_docx(blocks: list[Block]) -> bytes:
    from docx import Document

    doc = Document()
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            doc.add_heading(b.text, level=1 if i == 0 else 2)
        elif b.kind == "bullet":
            doc.add_paragraph(b.text, style="List Bullet")
        elif b.kind == "quote":
            doc.add_paragraph(b.text, style="Quote")
        else:
            doc.add_paragraph(b.text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def challenge_letter(
    report: Report, result: ReportVerdict, finding_id: str | None = None, fmt: str = "md"
) -> str | bytes:
    blocks = letter_blocks(report, result, finding_id)
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "docx":
        return to_docx(blocks)
    raise ValueError(f"format {fmt!r}: use md or docx")
