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

from engine.core.models import (
    CITATION_CATEGORIES,
    Finding,
    FindingVerdict,
    Grounding,
    Issue,
    Report,
    ReportVerdict,
    Requirement,
)
from engine.core.vocabulary import ACTIONABLE, GRADE_NAMES, GRADE_ORDER
from engine.outputs.plan import Deadline, Duration, PlanRow, build_plan, open_words
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


_BASIS_NOTE = re.compile(r"\s*\([^)]*\)")


def _basis(i: Issue) -> tuple[str, str]:
    """The issue's basis without its explanatory asides, in full (`ISO/IEC 17021-1:2015 9.4.5.3, 4.2`) and as
    clause numbers for a sentence that names 17021-1 already (`9.4.5.3, 4.2`)."""
    full = " ".join(_BASIS_NOTE.sub("", i.basis).split())
    short = full.removeprefix("ISO/IEC 17021-1:2015 ")
    return full, short


def _words(issues: list[Issue], statement: str) -> str:
    """The words that raised these issues, each once, quoted: `(“best practice”, “most companies do”)`."""
    seen: list[str] = []
    for i in issues:
        if i.span is None or i.span.field == "clause":
            continue
        text = " ".join(i.span.text.split()).rstrip(".;,")
        if text and len(text) <= 80 and text != " ".join(statement.split()) and text not in seen:
            seen.append(text)
    return " (" + ", ".join(f"\u201c{t}\u201d" for t in seen[:3]) + ")" if seen else ""


def _sentence_with(text: str, words: str) -> str:
    """The sentence of `text` that holds `words` (its first if several), as written; empty when none does."""
    if not words:
        return ""
    low = words.lower()
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+|\n+", text + "\n"):
        piece = text[start : m.start()].strip()
        if low in piece.lower():
            return piece
        start = m.end()
    return ""


_ISOLATED = re.compile(r"isolated lapse \('([^']+)'\)")
_NOTHING_MAJOR = "no evidence is identified"


def _regrade_grounds(f: FindingVerdict, src: Finding | None) -> list[str]:
    """Why the grade should be lower, from the finding's own words: the fact that shows it first."""
    out: list[str] = []
    whole = (src.statement + "\n" + src.evidence_text()) if src is not None else ""
    lower_name = _GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)
    for reason in f.grade_reasons:
        m = _ISOLATED.search(reason)
        if m:
            fact = _sentence_with(whole, m[1])
            said = f": \u201c{fact.rstrip('.;')}.\u201d" if fact else f" ({m[1]})."
            out.append(
                f"The finding itself records an isolated lapse{said} One lapse in a "
                "sample otherwise in order does not raise significant doubt about the ability of our management "
                "system to achieve its intended results, which is what makes a nonconformity major; ISO/IEC "
                f"17021-1:2015 describes such a nonfulfilment as {lower_name} (3.12, 3.13)."
            )
        elif reason.startswith(_NOTHING_MAJOR):
            out.append(
                "The finding identifies no objective evidence, and records no absence or breakdown of a process, no "
                "nonconforming output released, no product put at risk, no safety or legal exposure and no "
                "recurrence. Nothing recorded raises significant doubt about the ability of our management system "
                "to achieve its intended results, which ISO/IEC 17021-1:2015 3.12 requires of a major "
                "nonconformity."
            )
    if not out and f.grade_reasons:
        out.append(
            f"The evidence as recorded supports {lower_name}, not the grade raised: "
            + "; ".join(r.rstrip(".") for r in f.grade_reasons)
            + "."
        )
    return out


def _category_ground(category: str, issues: list[Issue], f: FindingVerdict, cited: str | None, words: str) -> str:
    """One ground in full sentences for a category of issues, its 17021-1 clause named in the sentence."""
    cite, basis = _basis(issues[0])
    c = cited or "the clause cited"
    std = "ISO/IEC 17021-1:2015"
    by_category = {
        "preference": f"The finding rests on a preference, or on what other organisations do{words}, not on a "
        f"requirement we have not fulfilled. {std} asks that a nonconformity be recorded against a requirement, "
        f"on objective evidence ({basis}).",
        "documented_procedure_not_required": f"The finding asks for documentation{words} that the requirement does "
        "not ask us to maintain, and no procedure of our own requires it. A nonconformity is a requirement not "
        f"fulfilled ({cite}); documentation the requirement does not ask for cannot be one.",
        "out_of_scope": f"The finding concerns a subject outside the scope of the audit or of the standard{words}. "
        f"The audit covers the scope agreed for it ({cite}).",
        "informative_clause": f"The finding cites {c}, which is informative text, not a requirement; a "
        f"nonconformity is recorded against a requirement ({cite}).",
        "unknown_clause": f"The clause cited, {c}, does not exist in the standard audited; a nonconformity is "
        f"recorded against a specific requirement of the audit criteria ({cite}).",
        "wrong_edition": f"The clause cited, {c}, is numbered or named after another edition of the standard than "
        f"the one audited ({cite}).",
        "unknown_standard": f"The finding cites a document that is not among the audit criteria ({cite}).",
        "uncited": f"The finding cites no requirement; {std} asks that a nonconformity be recorded against a "
        f"specific requirement ({basis}).",
        "too_broad": f"The finding cites {c}, a whole clause, not the specific requirement it says is not "
        f"fulfilled ({cite}).",
        "citation_mismatch": f"What the finding describes concerns another requirement than the one cited, {c} "
        f"({cite}).",
        "vague_statement": f"The finding does not state clearly which requirement is not fulfilled{words}; {std} "
        f"asks for a clear statement of the nonconformity ({basis}).",
        "no_evidence": f"The finding does not identify in detail the objective evidence it rests on{words}; {std} "
        f"asks that nonconformities be recorded with the objective evidence identified ({basis}).",
        "suggests_cause": f"The finding states a cause{words}; analysing the cause is ours to do, and a finding "
        f"records the nonfulfilment and its evidence ({cite}).",
        "suggests_solution": f"The finding prescribes a solution{words}; the choice of correction and corrective "
        f"action is ours, and a certification body does not offer specific solutions ({cite}).",
        "unresolved_dispute": "Our disagreement, stated at the audit, is not recorded as an unresolved point "
        f"({cite}).",
    }
    return by_category.get(category) or f"{issues[0].message.rstrip('.')} ({cite})."


def _open_to_us(aspects: list[str]) -> str:
    return f"It leaves {open_words(aspects)} to us." if aspects else ""


def _obliges_text(g: Grounding) -> str:
    text = " ".join((g.obliges or "").split()).rstrip(".;")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _grounding_lines(f: FindingVerdict, standard: str | None) -> list[str]:
    """What the requirement obliges and leaves open, and where the finding's demand falls (requirement.grounding);
    nothing while the grounding is absent."""
    g = f.requirement.grounding
    if g is None or not (g.obliges or g.leaves_open or g.outcome not in ("uncertain", "grounded")):
        return []
    req = f.requirement
    where = f"{req.clause} {req.title or ''}".strip() if req.clause else "the requirement"
    std = standard or "the standard audited"
    demand = f" (\u201c{' '.join(g.demand.split())}\u201d)" if g.demand and len(g.demand) <= 120 else ""
    out = []
    said = []
    if g.obliges:
        said.append(f"In our words, {where} requires that {_obliges_text(g)}.")
    if g.leaves_open:
        said.append(_open_to_us(list(g.leaves_open)))
    if said:
        out.append(" ".join(said))
    outcome = {
        "left_open": f"What the finding asks for{demand} is a choice of {open_words(list(g.leaves_open)) or 'means'} "
        "that the requirement leaves to us, not something it obliges.",
        "not_required": f"The documentation the finding asks for{demand} is not among what {std} requires.",
        "guidance_only": f"Only guidance names what the finding asks for{demand}; guidance is not a requirement of "
        "the audit criteria.",
        "nowhere": f"No requirement of {std} asks for what the finding demands{demand}.",
    }.get(g.outcome)
    if g.outcome == "other_standard" and g.other is not None:
        other = f"{g.other.standard}{' ' + g.other.clause if g.other.clause else ''}"
        outcome = (
            f"What the finding asks for{demand} is an obligation of {other}, which is not among the criteria of "
            "this audit."
        )
    if outcome and f.verdict == "withdraw":
        out.append(outcome)
    return out


def in_our_words(summary: str | None, limit: int = 220) -> str:
    """A requirement's summary for a sentence: its lead only (no list of items), first letter in lower case
    (unless an acronym), no final stop; empty when there is none."""
    if not summary:
        return ""
    text = " ".join(summary.split()).split(" Items:")[0].strip()
    if len(text) > limit:
        first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
        text = first if len(first) <= limit else text[: text.rfind(" ", 0, limit)] + " ..."
    text = text.rstrip(".; ")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _nearest(f: FindingVerdict) -> tuple[str, str] | None:
    """The requirement nearest to what a finding demands when none asks for it: the one its requirement block
    names, else one inside the clause cited, else the cited clause itself, else a clear best match."""
    req, cit = f.requirement, f.citation
    if req.clause:
        return f"{req.clause} {req.title or ''}".strip(), in_our_words(req.summary)
    cited = cit.clause if cit.status in ("resolved", "too_broad") else None
    if cited:
        inside = next((a for a in req.alternatives if a.clause.startswith(cited + ".") or a.clause == cited), None)
        if inside is not None:
            return f"{inside.clause} {inside.title}".strip(), in_our_words(inside.summary)
        return f"{cited} {cit.title or ''}".strip(), ""
    best = req.alternatives[0] if req.alternatives else None
    if best is not None and best.score >= 0.5:
        return f"{best.clause} {best.title}".strip(), in_our_words(best.summary)
    return None


def _requirement_line(f: FindingVerdict, standard: str | None) -> str:
    """Where in the standard the finding belongs, from its `requirement` block (summaries are in our words)."""
    req: Requirement = f.requirement
    std = standard or "the standard"
    if req.source == "none":
        near = _nearest(f)
        if near is None:
            return f"We find no requirement of {std} that asks for what the finding demands."
        where, words = near
        said = f" (in our words: {words})" if words else ""
        return (
            f"We find no requirement of {std} that asks for what the finding demands. The nearest is "
            f"{where}{said}, which does not ask for it either."
        )
    if not req.clause:
        return ""
    item = f" {req.item})" if req.item else ""
    where = f"{req.clause}{item} {req.title or ''}".rstrip()
    words = in_our_words(req.summary)
    said = f" (in our words: {words})." if words else "."
    if req.source == "inferred":
        return f"What the finding describes falls under {where}{said}"
    if req.source == "client":
        doc = f" ({req.client_document})" if req.client_document else ""
        return f"The finding rests on our own documented requirement{doc}, which {where} makes auditable."
    return f"The requirement at issue is {where}{said}"


def _strongest_evidence(src: Finding | None) -> str:
    """The evidence's most specific sentence (the most figures, references and names), as written."""
    if src is None or not src.evidence_text():
        return ""
    pieces = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", src.evidence_text()) if p.strip()]

    def weight(p: str) -> int:
        return len(re.findall(r"\d+|\b[A-Z]{1,4}-?\d[\w-]*", p))

    best = max(pieces, key=weight, default="")
    return best if best and weight(best) > 0 and len(best) <= 300 else ""


def _grounds(f: FindingVerdict, src: Finding | None, standard: str | None) -> list[str]:
    """The finding's grounds, strongest first, each once: the fact in the finding's own words, what the requirement
    obliges, then one sentence per category of issue, then the requirement."""
    cited = src.clause if src is not None else None
    statement = src.statement if src is not None else ""
    out: list[str] = []
    grounding = _grounding_lines(f, standard)
    if f.verdict == "regrade":
        out += _regrade_grounds(f, src)
    elif f.verdict == "withdraw":
        fact = _strongest_evidence(src)
        if fact:
            out.append(
                f"The evidence recorded describes what we do and records no requirement unfulfilled: "
                f"\u201c{fact.rstrip('.;')}.\u201d"
            )
    out += grounding
    by_category: dict[str, list[Issue]] = {}
    for i in f.issues:
        if i.severity in ACTIONABLE and i.category not in _NOT_OUR_GROUNDS:
            by_category.setdefault(i.category, []).append(i)
    for category, issues in by_category.items():
        if category == "overgraded" and f.verdict == "regrade":
            continue  # argued above from the finding's own words
        if category == "overgraded":
            text = "The evidence as recorded does not support the grade raised" + (
                ": " + "; ".join(f.grade_reasons) + "." if f.grade_reasons else "."
            )
        else:
            text = _category_ground(category, issues, f, cited, _words(issues, statement))
            if category in CITATION_CATEGORIES and f.verdict in ("withdraw", "regrade") and out:
                text = "In addition, " + text[:1].lower() + text[1:]  # a defect of the record, not our ground
        if text not in out:
            out.append(text)
    # where the finding belongs: the heart of a withdrawal (unless the grounding said it), and what a record
    # with a citation problem needs; a regrade or a request for evidence is argued without it
    wants_line = (f.verdict == "withdraw" and not grounding) or (
        f.verdict == "revise"
        and (f.requirement.source == "inferred" or any(c in CITATION_CATEGORIES for c in by_category))
    )
    if wants_line:
        line = _requirement_line(f, standard)
        if line and line not in out:
            out.append(line)
    return out


def asks_evidence(f: FindingVerdict) -> bool:
    """A finding kept (revise) whose objective evidence is not identified: the client asks for it first."""
    return f.verdict == "revise" and any(i.category == "no_evidence" and i.severity in ACTIONABLE for i in f.issues)


_WHAT = {
    "response": "correction, cause analysis and corrective action plan",
    "evidence": "corrective action implemented",
    "limit": "verification of the corrective action",
}


def _what(dl: Deadline, row: PlanRow) -> str:
    if dl.key == "evidence" and row.plan_grade == "major":
        return "evidence of effective corrective action, for your verification,"
    return _WHAT.get(dl.key, dl.what)


def period(d: Duration) -> str:
    """A duration before a noun: `14-day`, `10-working-day`, `6-month`."""
    unit = d.unit.rstrip("s").replace(" ", "-")
    return f"{d.amount}-{unit}"


def _dates(row: PlanRow | None, today: dt.date) -> tuple[str, bool]:
    """What we will send and by when. A period already ended on the letter's date is said plainly, and the same
    period counted from the letter's date is proposed instead (then True); a later date that would fall before
    a proposed one is proposed anew too."""
    if row is None:
        return "", False
    passed = {dl.key for dl, _, _ in row.overdue}
    parts, late = [], False
    latest: dt.date | None = None
    for dl, due in row.deadlines:
        if dl.key in ("contest", "limit") or due is None:
            continue
        if dl.key in passed:
            late = True
            latest = dl.after.after(today)
            parts.append(
                f"{_what(dl, row)} by {long_date(latest)}, a date we propose (the {period(dl.after)} period from "
                f"the audit's last day ended on {long_date(due)})"
            )
        elif latest is not None and due <= latest:
            latest = dl.after.after(today)
            parts.append(f"{_what(dl, row)} by {long_date(latest)}, a date we propose (in place of {long_date(due)})")
        else:
            parts.append(f"{_what(dl, row)} by {long_date(due)}")
    if not parts:
        return "correction, cause analysis and corrective action in the time you have defined (9.4.9)", False
    return "; ".join(parts), late


def _finding_label(f: FindingVerdict, src_clause: str | None) -> str:
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
    """The letter as blocks, dated `date` (today by default); every deadline is checked against that date."""
    today = date or dt.date.today()
    originals = {(f.id or f"#{i + 1}"): f for i, f in enumerate(report.findings)}
    plan = build_plan(report, result, policy, scheme_name, today=today)
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
    evidence = [f for f in verdicts if asks_evidence(f)]
    revise = [f for f in verdicts if asks_revision(f) and not asks_evidence(f)]
    noted = [
        f for f in verdicts if not contested(f) and not asks_revision(f) and (f.raised_grade in ("ofi", "observation"))
    ]
    accepted = [f for f in verdicts if not contested(f) and not asks_revision(f) and f not in noted]
    responding = [f for f in verdicts if f in accepted or f in revise]  # in the report's order
    standard = report.standard

    audit = report.audit
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
    criteria = f" against {standard}" if standard else ""
    subject_ref = (audit.reference if audit and audit.reference else None) or report.id or "(no reference)"
    asks = len(withdraw) + len(regrade) + len(revise) + len(evidence)

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
    blocks.append(Block("para", intro))
    wants = []
    if withdraw:
        wants.append(f"to withdraw {_ids(withdraw)}")
    if regrade:
        wants.append(f"to regrade {_ids(regrade)}")
    if evidence:
        wants.append(f"to identify the objective evidence behind {_ids(evidence)} before we respond to it")
    if revise:
        wants.append(f"to complete the record of {_ids(revise)}, which we accept")
    others = [f for f in responding if f not in revise]
    summary = ""
    if wants:
        summary = "For the reasons set out below, we ask you " + _join(wants) + "."
    if others:
        summary += (" We also accept " if revise else " We accept ") + _ids(others) + "."
    if responding:
        summary += (
            " The dates by which we will respond are given after our requests."
            if wants
            else " The dates by which we will respond are given below."
        )
    if summary:
        blocks.append(Block("para", summary.strip()))

    def finding_blocks(f: FindingVerdict, heading: str, lead: str) -> None:
        src = originals.get(f.id)
        cited = src.clause if src is not None else None
        blocks.append(Block("subheading", _cap(f"{_finding_label(f, cited)}: {heading}")))
        if src is not None:
            blocks.append(Block("para", "The finding states:"))
            blocks.append(Block("quote", src.statement))
            if src.evidence_text():
                blocks.append(Block("para", "The evidence recorded is:"))
                blocks.append(Block("quote", src.evidence_text()))
        grounds = _grounds(f, src, src.standard if src and src.standard else standard)
        if grounds:
            blocks.append(Block("para", lead))
            blocks.extend(Block("bullet", g) for g in grounds)

    if withdraw:
        blocks.append(Block("heading", "Findings we ask you to withdraw"))
        for f in withdraw:
            finding_blocks(f, "request for withdrawal", "Our grounds:")
            blocks.append(Block("para", f"We ask that {name(f.id)} be withdrawn."))
    if regrade:
        blocks.append(Block("heading", "Findings we ask you to regrade"))
        for f in regrade:
            lower = _GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)
            finding_blocks(f, f"request to regrade as {lower}", "Our grounds:")
            ask = (
                f"We ask that {name(f.id)} be recorded as {lower} "
                f"rather than {_GRADE_NAMES.get(f.raised_grade or '', 'as raised')}."
            )
            if f.proposed_grade in ("minor", "major"):  # a nonfulfilment stands: it is answered all the same
                text, _ = _dates(rows.get(f.id), today)
                ask += (
                    " We do not dispute the nonfulfilment itself; until you decide on the grade, we will respond "
                    f"to it as raised: {text}."
                )
            blocks.append(Block("para", ask))
    if evidence:
        blocks.append(Block("heading", "Findings whose evidence we ask you to identify"))
        for f in evidence:
            finding_blocks(f, "request for the objective evidence", "What the record needs:")
            blocks.append(
                Block(
                    "para",
                    f"Before we accept {name(f.id)}, we ask you to identify that evidence: the records, documents, "
                    "items or activities seen, with their references. We will respond to it within the time you "
                    "set, counted from your reply.",
                )
            )
    if revise:
        blocks.append(Block("heading", "Findings we accept and ask you to record as 9.4.5.3 requires"))
        for f in revise:
            finding_blocks(f, "request to complete the record", "What the record needs:")
            blocks.append(
                Block(
                    "para",
                    f"We accept that a nonfulfilment stands behind {name(f.id)} and will respond to it by the dates "
                    "below. We ask that its record be completed as ISO/IEC 17021-1:2015 9.4.5.3 requires.",
                )
            )
    if responding:
        blocks.append(Block("heading", "Findings we accept, and when we will respond"))
        any_late = False
        for f in responding:
            src = originals.get(f.id)
            text, late = _dates(rows.get(f.id), today)
            any_late = any_late or late
            blocks.append(Block("bullet", _cap(f"{_finding_label(f, src.clause if src else None)}: {text}.")))
        if any_late:
            blocks.append(
                Block(
                    "para",
                    "Where a period counted from the audit's last day had already ended by the date of this letter, "
                    "we ask you to agree a new date with us; we propose the same period counted from the date of "
                    "this letter, as given above.",
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
        blocks.append(Block("heading", "If we do not agree"))
        window = next(
            (
                (dl, due)
                for f in withdraw + regrade
                if f.id in rows
                for dl, due, _ in rows[f.id].overdue
                if dl.key == "contest"
            ),
            None,
        )
        if window is not None:
            dl, due = window
            blocks.append(
                Block(
                    "para",
                    f"We note that the {period(dl.after)} period for raising a disagreement, counted from the "
                    f"audit's last day, ended on {long_date(due)}. We ask you to consider our requests all the same, "
                    "and to tell us if your procedures require anything further from us.",
                )
            )
        blocks.append(
            Block(
                "para",
                "ISO/IEC 17021-1:2015 9.4.5.4 asks that diverging opinions on audit evidence or findings be resolved "
                "between the audit team and us, and that any points left unresolved be recorded. We would welcome "
                "a discussion of the findings above. Should you maintain a finding we contest, we will respond to "
                "it within the time you define, and we ask that our position be recorded in the report as an "
                "unresolved point (9.4.5.4, 9.4.8).",
            )
        )
        blocks.append(
            Block(
                "para",
                "If the matter is still not resolved, we will raise it through your complaints process, which "
                "covers the conduct of the audit and its findings (9.8). Your appeals process concerns the "
                "certification decision itself (9.7): we would use it only against a decision taken on findings "
                "that we still contest.",
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


# -- plain text ----------------------------------------------------------------------------------------------


def to_text(blocks: list[Block], width: int = 78) -> str:
    """The letter as plain text (an e-mail's body): paragraphs wrapped, headings underlined, quotes indented."""
    import textwrap

    out = []
    for b in blocks:
        text = xml_safe(b.text)
        if b.kind in ("heading", "subheading"):
            head = textwrap.fill(text, width)
            rule = ("=" if b.kind == "heading" else "-") * min(width, max(len(x) for x in head.splitlines()))
            out.append(f"{head}\n{rule}")
        elif b.kind == "bullet":
            out.append(textwrap.fill(" ".join(text.split()), width, initial_indent="- ", subsequent_indent="  "))
        elif b.kind == "quote":
            lines = text.splitlines() or [""]
            out.append(
                "\n".join(textwrap.fill(ln, width, initial_indent="    ", subsequent_indent="    ") for ln in lines)
            )
        elif b.kind == "lines":
            out.append(text)
        else:
            out.append(textwrap.fill(text, width))
    return "\n\n".join(out) + "\n"


# -- .docx ----------------------------------------------------------------------------------------------

# characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF)
_XML_INVALID = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text a .docx can hold: line-like controls (vertical tab, form feed) become line breaks, others go."""
    return _XML_INVALID.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


PAPER = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


def to_docx(
    blocks: list[Block],
    *,
    paper: str = "a4",
    author: str | None = None,
    title: str | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """The letter as a .docx: its core properties those of a letter written now by `author` (the client)."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    width, height = PAPER[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    doc.styles["Normal"].font.size = Pt(11)
    for b in blocks:
        text = xml_safe(b.text)
        if b.kind == "heading":
            doc.add_heading(text, level=2)
        elif b.kind == "subheading":
            doc.add_heading(text, level=3)
        elif b.kind == "bullet":
            doc.add_paragraph(text, style="List Bullet")
        elif b.kind == "quote":
            doc.add_paragraph(text, style="Quote")
        else:
            doc.add_paragraph(text)  # "lines": python-docx turns each newline into a line break
    props = doc.core_properties
    author = " ".join(xml_safe(author or "").split())
    now = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    props.created = now  # python-docx's template would say 2013
    props.modified = now
    printed = props._element.find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted"
    )
    if printed is not None:  # the template's, from 2013: a letter never printed says nothing
        props._element.remove(printed)
    props.revision = 1
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
    if fmt == "txt":
        return to_text(blocks)
    if fmt == "docx":
        title = next((b.text for b in blocks if b.kind == "heading"), None)
        return to_docx(blocks, paper=paper, author=report.client, title=title)
    raise ValueError(f"format {fmt!r}: use md, txt or docx")
