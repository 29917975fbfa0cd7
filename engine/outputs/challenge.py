"""`ncaudit challenge`: the client's letter to the certification body, ready to sign and send.

Dated, addressed to the certification body with the certificate and audit reference, in the client's own voice.
It asks for what the verdicts support and nothing more:
- withdrawal, only for a finding whose verdict is `withdraw` (no nonfulfilment of a requirement behind it);
- a lower grade, only for a `regrade` to a lower grade;
- a completed record (9.4.5.3), for a `revise`: the nonfulfilment is accepted and answered by the plan's dates;
- findings accepted (sound, or an upgrade the client does not ask for) are listed with the plan's dates;
- observations and opportunities for improvement are noted: nothing is promised for them.
Each ground is given once, argued from the finding's own words, the requirement (or its absence, with the nearest
requirement in our words) and the 17021-1 clause in the issue's basis. Nothing beyond the report and the engine's
findings is asserted.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import dataclass
from typing import cast

from engine.core.models import FindingVerdict, Issue, Report, ReportVerdict, Requirement
from engine.core.vocabulary import ACTIONABLE, GRADE_NAMES, GRADE_ORDER
from engine.outputs.plan import PlanRow, build_plan
from engine.rulebook.config import PlanSettings


def contested(f: FindingVerdict) -> bool:
    """What a client contests: withdrawal, or a lower grade. A proposed upgrade is not the client's to request."""
    if f.verdict == "withdraw":
        return True
    raised = GRADE_ORDER.get(f.raised_grade or "minor", 2)
    return f.verdict == "regrade" and GRADE_ORDER.get(f.proposed_grade, 0) < raised


def asks_revision(f: FindingVerdict) -> bool:
    return f.verdict == "revise"


_GRADE_NAMES = {g: f"{'an' if n[0] in 'aeiou' else 'a'} {n}" for g, n in GRADE_NAMES.items()} | {"none": "no finding"}
_AUDIT_NAMES = {
    "stage1": "stage 1",
    "stage2": "stage 2",
    "surveillance": "surveillance",
    "recertification": "recertification",
    "special": "special",
    "internal": "internal",
}
# grades the client argues against, never for: these issues are not the client's grounds
_NOT_OUR_GROUNDS = {"nc_recorded_as_ofi", "undergraded", "systemic", "repeat"}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # heading | subheading | para | lines | bullet | quote
    text: str


def name(fid: str) -> str:
    """How the letter names a finding: its id, or `finding 3` for a bare number, `the finding in row 9` for an id
    the importer made up."""
    m = re.fullmatch(r"row-(\d+)", fid)
    if m:
        return f"the finding in row {m[1]}"
    return f"finding {fid}" if re.fullmatch(r"#?\d+", fid) else fid


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def date_range(first: dt.date, last: dt.date) -> str:
    """`28 to 30 October 2026`, `30 September to 2 October 2026`, `30 December 2026 to 2 January 2027`."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first.strftime('%B')} to {long_date(last)}"
    return f"{long_date(first)} to {long_date(last)}"


def _quote_span(i: Issue, statement: str) -> str:
    if i.span is None or i.span.field == "clause":
        return ""
    text = " ".join(i.span.text.split())
    if not text or len(text) > 80 or text == " ".join(statement.split()):
        return ""
    return text


def _ground(i: Issue, f: FindingVerdict, cited: str | None, words: str) -> str:
    """One ground in our words for the issue's category; the engine's message where no wording of ours fits."""
    w = f" (\u201c{words}\u201d)" if words else ""
    c = cited or "the clause cited"
    by_category = {
        "preference": f"The finding rests on a preference or on what others do{w}, not on a requirement we have "
        "not fulfilled.",
        "documented_procedure_not_required": f"The finding asks for documentation{w} that the requirement does not "
        "ask us to maintain, and no procedure of our own requires it.",
        "out_of_scope": f"The finding concerns a subject outside the scope of the audit or of the standard{w}.",
        "informative_clause": f"The finding cites {c}, which is informative text, not a requirement.",
        "unknown_clause": f"The clause cited, {c}, does not exist in the standard audited.",
        "wrong_edition": f"The clause cited, {c}, is numbered or named after another edition of the standard.",
        "unknown_standard": "The finding cites a document that is not among the audit criteria.",
        "uncited": "The finding cites no requirement.",
        "too_broad": f"The finding cites {c}, a whole clause, not the specific requirement it says is not fulfilled.",
        "citation_mismatch": f"What the finding describes concerns another requirement than the one cited ({c}).",
        "vague_statement": f"The finding does not state clearly which requirement is not fulfilled{w}.",
        "no_evidence": f"The finding does not identify in detail the objective evidence it rests on{w}.",
        "suggests_cause": f"The finding states a cause{w}; analysing the cause is ours to do.",
        "suggests_solution": f"The finding prescribes a solution{w}; the choice of corrective action is ours.",
        "overgraded": "The evidence as recorded does not support the grade raised"
        + (": " + "; ".join(f.grade_reasons) if f.grade_reasons else "")
        + ".",
        "unresolved_dispute": "Our disagreement, stated at the audit, is not recorded as an unresolved point.",
    }
    text = by_category.get(i.category) or i.message
    return f"{text} ({i.basis})"


def _requirement_line(f: FindingVerdict, standard: str | None) -> str:
    """Where in the standard the finding belongs, from its `requirement` block (summaries are in our words)."""
    req: Requirement = f.requirement
    std = standard or "the standard"
    if req.source == "none":
        if req.clause:
            nearest = f"{req.clause} {req.title or ''}".strip()
            summary = req.summary
        elif req.alternatives:
            nearest = f"{req.alternatives[0].clause} {req.alternatives[0].title}".strip()
            summary = req.alternatives[0].summary
        else:
            return ""
        said = f", in summary: {summary.rstrip('.')}." if summary else "."
        return (
            f"We find no requirement of {std} that asks for what the finding demands. The nearest requirement is "
            f"{nearest}{said} It does not ask for it either."
        )
    if not req.clause:
        return ""
    what = {
        "cited": "The requirement at issue is",
        "inferred": "The requirement the finding's words point to is",
        "client": "The finding rests on our own documented requirement"
        + (f" ({req.client_document})" if req.client_document else "")
        + ", made auditable by",
    }[req.source]
    said = f", in summary: {req.summary.rstrip('.')}." if req.summary else "."
    item = f" {req.item})" if req.item else ""
    return f"{what} {req.clause}{item} {req.title or ''}".rstrip() + said


_DECIDED_AGAINST = frozenset({"left_open", "not_required", "other_standard", "guidance_only", "nowhere"})


def _grounding_line(f: FindingVerdict) -> str:
    """What the requirement obliges and leaves to us, in the obligation layer's words, where the layer decided
    that the standard does not ask for what the finding demands (the same words as the withdrawal's message)."""
    g = f.requirement.grounding
    if g is None or f.verdict != "withdraw" or g.outcome not in _DECIDED_AGAINST:
        return ""
    parts = []
    if g.obliges:
        parts.append(f"What the requirement obliges is this: {g.obliges.rstrip('.')}.")
    if g.leaves_open:
        aspects = [f"the {a}" for a in g.leaves_open]
        listed = ", ".join(aspects[:-1]) + f" and {aspects[-1]}" if len(aspects) > 1 else aspects[0]
        parts.append(f"It leaves to us {listed}.")
    if g.other is not None:
        where = f"{g.other.standard} {g.other.clause or ''}".strip()
        parts.append(f"What the finding asks for is an obligation of {where}, which is not among the audit criteria.")
    if g.reason and not parts:
        parts.append(g.reason[0].upper() + g.reason[1:].rstrip(".") + ".")
    return " ".join(parts)


def _grounds(f: FindingVerdict, cited: str | None, statement: str) -> list[str]:
    """The finding's grounds, each once: one per category, and no two alike."""
    out: list[str] = []
    seen: set[str] = set()
    for i in f.issues:
        if i.severity not in ACTIONABLE or i.category in _NOT_OUR_GROUNDS or i.category in seen:
            continue
        seen.add(i.category)
        text = _ground(i, f, cited, _quote_span(i, statement))
        if text not in out:
            out.append(text)
    if f.verdict == "regrade" and "overgraded" not in seen and f.grade_reasons:
        out.append("The evidence as recorded shows " + "; ".join(f.grade_reasons) + ".")
    return out


def _dates(row: PlanRow | None) -> str:
    if row is None:
        return ""
    parts = []
    for dl, due in row.deadlines:
        if dl.key == "contest" or due is None:
            continue
        if dl.key == "response":
            parts.append(f"correction, cause analysis and corrective action plan by {long_date(due)}")
        elif dl.key == "evidence" and row.plan_grade == "major":
            parts.append(f"evidence of effective corrective action, for your verification, by {long_date(due)}")
        elif dl.key == "evidence":
            parts.append(f"corrective action implemented by {long_date(due)}")
    if not parts:
        return "correction, cause analysis and corrective action in the time you have defined (9.4.9)"
    return "; ".join(parts)


def _finding_label(f: FindingVerdict, src_clause: str | None, req: Requirement) -> str:
    """`NC-6, a minor nonconformity under 7.2 d)` (the clause as the auditor cited it)."""
    grade = _GRADE_NAMES.get(f.raised_grade or "", "an ungraded finding")
    if src_clause:
        return f"{name(f.id)}, {grade} under {src_clause}"
    return f"{name(f.id)}, {grade} citing no clause"


def letter_blocks(
    report: Report,
    result: ReportVerdict,
    finding_id: str | None = None,
    *,
    date: dt.date | None = None,
    policy: PlanSettings | None = None,
    scheme_name: str | None = None,
) -> list[Block]:
    originals = {(f.id or f"#{i + 1}"): f for i, f in enumerate(report.findings)}
    plan = build_plan(report, result, policy, scheme_name)
    rows = {r.finding_id: r for r in plan.rows}
    verdicts = result.findings
    if finding_id is not None:
        chosen = [f for f in verdicts if f.id == finding_id]
        if not chosen:
            raise ValueError(f"finding {finding_id!r} is not in report {report.id or '(no id)'}")
        if not (contested(chosen[0]) or asks_revision(chosen[0])):
            raise ValueError(
                f"finding {finding_id!r} has verdict {chosen[0].verdict!r} "
                f"(proposed grade {chosen[0].proposed_grade}): a letter contests only withdrawals and lower "
                "grades, or asks for a record to be completed (revise)"
            )
        verdicts = chosen
    withdraw = [f for f in verdicts if f.verdict == "withdraw"]
    regrade = [f for f in verdicts if f.verdict == "regrade" and contested(f)]
    revise = [f for f in verdicts if asks_revision(f)]
    noted = [
        f for f in verdicts if not contested(f) and not asks_revision(f) and (f.raised_grade in ("ofi", "observation"))
    ]
    # membership by identity: `f in a_list` compares pydantic models field by field, n^2 over a report
    noted_ids = {id(f) for f in noted}
    accepted = [f for f in verdicts if not contested(f) and not asks_revision(f) and id(f) not in noted_ids]
    responding_ids = {id(f) for f in accepted} | {id(f) for f in revise}
    responding = [f for f in verdicts if id(f) in responding_ids]  # in the report's order

    audit = report.audit
    today = date or dt.date.today()
    client = report.client or "[Our organisation]"
    body = report.certification_body or "[Certification body]"
    ref_bits = []
    if report.certificate_number:
        ref_bits.append(f"Certificate {report.certificate_number}")
    if audit and audit.reference:
        ref_bits.append(f"Audit {audit.reference}")
    if report.id:
        ref_bits.append(f"Report {report.id}")
    if audit and audit.lead_auditor:
        ref_bits.append(f"Lead auditor {audit.lead_auditor}")
    kind = f"{_AUDIT_NAMES[audit.type]} audit" if audit and audit.type else "audit"
    first = audit.first_day if audit else None
    last = audit.closing_day() if audit else None
    if first and last and first != last:
        when = f" of {date_range(first, last)}"
    elif last:
        when = f" of {long_date(last)}"
    else:
        when = ""
    criteria = f" against {report.standard}" if report.standard else ""
    subject_ref = (audit.reference if audit and audit.reference else None) or report.id or "(no reference)"
    asks = len(withdraw) + len(regrade) + len(revise)

    blocks = [
        Block("lines", client),
        Block("lines", long_date(today)),
        Block("lines", "\n".join([f"To: {body}", *ref_bits])),
        Block(
            "heading",
            f"Audit {subject_ref}: "
            + ("our response to the findings and request for review" if asks else "our response to the findings"),
        ),
        Block("para", "Dear Sir or Madam,"),
    ]
    intro = (
        f"Thank you for the {kind}{when}{criteria}. We have reviewed the "
        f"{'finding' if finding_id else _count(len(result.findings))} recorded"
        f"{' in report ' + report.id if report.id else ''} against the requirements of ISO/IEC 17021-1:2015 for "
        "recording and grading nonconformities (9.4.5, 3.12, 3.13)."
    )
    wants = []
    if withdraw:
        wants.append(f"withdraw {_ids(withdraw)}")
    if regrade:
        wants.append(f"regrade {_ids(regrade)}")
    if revise:
        wants.append(f"complete the record of {_ids(revise)}")
    if wants:
        intro += " For the reasons below, we ask you to " + _join(wants) + "."
    if responding:
        intro += " We accept " + _ids(responding) + " and set out below the dates by which we will respond."
    blocks.append(Block("para", intro))

    def finding_blocks(f: FindingVerdict, heading: str) -> None:
        src = originals.get(f.id)
        cited = src.clause if src is not None else None
        blocks.append(Block("subheading", _cap(f"{_finding_label(f, cited, f.requirement)}: {heading}")))
        statement = src.statement if src is not None else ""
        if src is not None:
            blocks.append(Block("para", "The finding states:"))
            blocks.append(Block("quote", src.statement))
            if src.evidence_text():
                blocks.append(Block("para", "The evidence recorded is:"))
                blocks.append(Block("quote", src.evidence_text()))
        grounds = _grounds(f, cited, statement)
        line = _requirement_line(f, src.standard if src and src.standard else report.standard)
        if line and line not in grounds:
            grounds.append(line)
        layer = _grounding_line(f)
        if layer and layer not in grounds:
            grounds.append(layer)
        if grounds:
            blocks.append(Block("para", "Our grounds:" if f.verdict != "revise" else "What the record needs:"))
            blocks.extend(Block("bullet", g) for g in grounds)

    if withdraw:
        blocks.append(Block("heading", "Findings we ask you to withdraw"))
        for f in withdraw:
            finding_blocks(f, "request for withdrawal")
            blocks.append(Block("para", f"We ask that {name(f.id)} be withdrawn."))
    if regrade:
        blocks.append(Block("heading", "Findings we ask you to regrade"))
        for f in regrade:
            finding_blocks(f, f"request to regrade as {_GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)}")
            blocks.append(
                Block(
                    "para",
                    f"We ask that {name(f.id)} be recorded as {_GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)} "
                    f"rather than {_GRADE_NAMES.get(f.raised_grade or '', 'as raised')}.",
                )
            )
    if revise:
        blocks.append(Block("heading", "Findings we accept and ask you to record as 9.4.5.3 requires"))
        for f in revise:
            finding_blocks(f, "request to complete the record")
            blocks.append(
                Block(
                    "para",
                    f"We accept that a nonfulfilment stands behind {name(f.id)} and will respond to it by the dates "
                    "below. We ask that its record be completed as ISO/IEC 17021-1:2015 9.4.5.3 requires.",
                )
            )
    if responding:
        blocks.append(Block("heading", "Findings we accept, and when we will respond"))
        for f in responding:
            src = originals.get(f.id)
            row = rows.get(f.id)
            blocks.append(
                Block(
                    "bullet", _cap(f"{_finding_label(f, src.clause if src else None, f.requirement)}: {_dates(row)}.")
                )
            )
        if any(rows[f.id].plan_grade == "major" for f in responding if f.id in rows):
            blocks.append(
                Block(
                    "para",
                    "For a major nonconformity we understand that you will verify the correction and corrective "
                    "action before the certification decision (ISO/IEC 17021-1:2015 9.5.2, 9.4.10).",
                )
            )
    if noted:
        blocks.append(Block("heading", "Observations and opportunities for improvement"))
        blocks.append(
            Block(
                "para",
                f"We have noted {_ids(noted)}. "
                + ("It is not a nonconformity" if len(noted) == 1 else "They are not nonconformities")
                + " and we understand that no response is required.",
            )
        )
    if withdraw or regrade:
        blocks.append(
            Block(
                "para",
                "Should you maintain a finding we contest, we will respond to it within the time you define. If you "
                "do not agree with us, we ask that the points that remain unresolved be recorded in the report "
                "(ISO/IEC 17021-1:2015 9.4.5.4, 9.4.8) and that this letter be treated under your appeals process, "
                "decided by persons not involved in the audit (ISO/IEC 17021-1:2015 9.7).",
            )
        )
    blocks += [
        Block("para", "We look forward to your reply."),
        Block("para", "Yours faithfully,"),
        Block("lines", "\n".join(["[Name]", "[Role]", client])),
    ]
    return blocks


def _count(n: int) -> str:
    return "finding" if n == 1 else f"{n} findings"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ids(fs: list[FindingVerdict]) -> str:
    return _join([name(f.id) for f in fs])


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- Markdown ---------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_|]|\](?=[(\[:]))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.M)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.M)


def md_escape(text: str) -> str:
    """Text shown as written: no HTML from a finding reaches the reader, and no Markdown syntax either."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)
    return _MD_ORDERED.sub(lambda m: m[1] + "\\" + m[2], text)


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        text = md_escape(b.text)
        if b.kind == "heading":
            out.append("## " + text)
        elif b.kind == "subheading":
            out.append("### " + text)
        elif b.kind == "bullet":
            out.append("- " + text.replace("\n", " "))
        elif b.kind == "quote":
            out.append("\n".join("> " + line for line in text.splitlines() or [""]))
        elif b.kind == "lines":
            out.append("  \n".join(text.splitlines()))
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


# -- .docx ----------------------------------------------------------------------------------------------

# characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF)
_XML_INVALID = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text a .docx can hold: line-like controls (vertical tab, form feed) become line breaks, others go."""
    return _XML_INVALID.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


PAPER = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_DOCX_STYLES = {"heading": "Heading 2", "subheading": "Heading 3", "bullet": "List Bullet", "quote": "Quote"}


def to_docx(blocks: list[Block], *, paper: str = "a4", author: str | None = None, title: str | None = None) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.text.paragraph import CT_P
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    doc = Document()
    section = doc.sections[0]
    width, height = PAPER[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    doc.styles["Normal"].font.size = Pt(11)
    # Each style is looked up once, and each paragraph goes straight before the section properties:
    # python-docx's `add_paragraph(text, style=NAME)` looked the style up among all styles and searched the body
    # for the section properties for every paragraph (a 1,000-finding letter: 7 s, growing faster than the letter)
    style_ids = {kind: doc.styles[name].style_id for kind, name in _DOCX_STYLES.items()}
    body = doc.element.body
    end = body.sectPr
    for b in blocks:
        p = cast(CT_P, OxmlElement("w:p"))
        if end is not None:
            end.addprevious(p)
        else:
            body.append(p)
        if b.kind in style_ids:
            p.style = style_ids[b.kind]
        Paragraph(p, doc._body).add_run(xml_safe(b.text))  # "lines": each newline becomes a line break
    props = doc.core_properties
    author = " ".join(xml_safe(author or "").split())
    props.author = author
    props.last_modified_by = author
    props.title = " ".join(xml_safe(title or "").split())
    props.subject = "Response to audit findings"
    props.comments = ""
    props.keywords = ""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def challenge_letter(
    report: Report,
    result: ReportVerdict,
    finding_id: str | None = None,
    fmt: str = "md",
    *,
    paper: str = "a4",
    date: dt.date | None = None,
    policy: PlanSettings | None = None,
    scheme_name: str | None = None,
) -> str | bytes:
    if paper not in PAPER:
        raise ValueError(f"paper {paper!r}: use a4 or letter")
    blocks = letter_blocks(report, result, finding_id, date=date, policy=policy, scheme_name=scheme_name)
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "docx":
        title = next((b.text for b in blocks if b.kind == "heading"), None)
        return to_docx(blocks, paper=paper, author=report.client, title=title)
    raise ValueError(f"format {fmt!r}: use md or docx")
