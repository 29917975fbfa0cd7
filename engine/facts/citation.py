"""Facts about the citation: whether it resolves, in which edition, and whether it fits the finding's subject."""

from __future__ import annotations

from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts
from engine.facts.reading import Reading, without_audit_talk
from engine.standards.citation import ResolvedCitation, unrelated
from engine.standards.inference import UNCERTAIN, citation_fit, infer_requirements, related, without_purpose
from engine.standards.model import Standard
from engine.standards.relevance import keyword_hits, tokens

STATUSES = ("resolved", "missing", "unknown_standard", "unknown_clause", "wrong_edition", "informative", "too_broad")


def subject_text(ff: FindingFacts) -> str:
    """The statement weighs twice: it names the requirement; the evidence names the records. Words about the
    audit itself are left out: they name no requirement."""
    statement = without_audit_talk(ff.finding.statement)
    return f"{statement}\n{statement}\n{without_audit_talk(ff.finding.evidence_text())}"


def describe(std: Standard | None, numbers: list[str]) -> str:
    if not numbers:
        return ""
    parts = []
    for n in numbers[:4]:
        c = std.clause(n) if std else None
        parts.append(f"{n} {c.title}" if c else n)
    return "; ".join(parts)


@fact("cit_status", values=STATUSES, reads=("finding", "tree"))
def cit_status(ff: FindingFacts) -> str:
    """The primary citation's status, after the edition check (the same number with another subject)."""
    cit = ff.primary
    text = subject_text(ff)
    if cit.status in ("resolved", "too_broad") and cit.clause is not None and cit.standard is not None:
        _edition_collision(ff, cit, text)
    if cit.status == "too_broad" and cit.standard is not None and cit.clause is not None and not ff.language:
        # the subject placed in the whole standard first: the requirements under the cited heading, in the order the
        # ranking of every requirement gives them (when it points elsewhere, `mismatch` says so)
        under = infer_requirements(
            cit.standard,
            without_purpose(ff.finding.statement),
            k=3,
            within=cit.clause.number,
            evidence=ff.finding.evidence_text() or None,
        )
        if under:
            cit.suggested = [m.number for m in under]
    guidance = cit.cited_standard is not None and not cit.suggested and cit.standard is not None
    if guidance and cit.standard is not None and cit.standard.is_requirements and not ff.language:
        cit.suggested = _nearest(ff, cit.standard, 1)  # name the requirements standard's nearest clause
    if cit.status == "unknown_clause" and cit.standard is not None and not ff.language:
        cit.suggested = _nearest(ff, cit.standard, 2)
    if ff.language:  # the words are not English: no clause is suggested from them
        cit.suggested = []
    std = cit.standard
    ff.ctx.update(
        citation=(cit.input or "").strip(),
        standard=std.designation if std else (ff.finding.standard or ff.report.report_standard or "the audit criteria"),
        clause=cit.number or "",
        title=cit.clause.title if cit.clause else "",
        reason=cit.reason,
        cited_standard=cit.cited_standard.designation if cit.cited_standard else "",
    )
    _suggestion_ctx(ff)
    return cit.status


def _nearest(ff: FindingFacts, std: Standard, k: int) -> list[str]:
    """The `k` requirements of the whole standard the finding's words point to, at least plausibly."""
    if not std.is_requirements:
        return []
    found = infer_requirements(
        std, without_purpose(ff.finding.statement), k=k, evidence=ff.finding.evidence_text() or None
    )
    return [m.number for m in found if m.score >= UNCERTAIN]


def _suggestion_ctx(ff: FindingFacts) -> None:
    cit = ff.primary
    ff.ctx["suggested"] = describe(cit.standard, cit.suggested)
    ff.ctx["suggested_hint"] = f", e.g. {ff.ctx['suggested']}" if ff.ctx["suggested"] else ""


@fact("cit_guidance", reads=("finding", "tree"))
def cit_guidance(ff: FindingFacts) -> bool:
    """The citation names a guidance or vocabulary document (ISO 19011, ISO 9000) as the requirement."""
    return ff.primary.cited_standard is not None


@fact("cit_multi_unrelated", reads=("cit_status",))
def cit_multi_unrelated(ff: FindingFacts) -> bool:
    """Several resolved citations that belong to unrelated requirements: not one subject by number, by referring to
    each other, or by an obligation they share (a planning clause and the operational clause applying it)."""
    resolved = [c for c in ff.citations if c.status == "resolved" and c.clause is not None and c.standard is not None]
    return any(
        unrelated(a.clause, b.clause)
        and (a.standard is not b.standard or not related(a.clause.number, b.clause.number, a.standard))
        for j, a in enumerate(resolved)
        for b in resolved[j + 1 :]
        if a.clause is not None and b.clause is not None and a.standard is not None
    )


def _edition_collision(ff: FindingFacts, cit: ResolvedCitation, text: str) -> None:
    """Same number, different subject: 8.2.2 is internal audit in 9001:2008, requirements in 2015."""
    assert cit.clause is not None and cit.standard is not None
    std = cit.standard  # asked for most findings, about one or two standards:
    for old in ff.report.once(("predecessors", std.id), lambda: ff.lib.predecessors(std)):
        oc = old.clause(cit.clause.number)
        if oc is None or cit.clause.number in oc.successor or not oc.successor:
            continue
        old_hits = keyword_hits(text, oc)
        # a heading's subject is everything beneath it
        current = [cit.clause, *(cit.standard.leaves_under(cit.clause.number) if cit.clause.children else [])]
        if old_hits and not any(keyword_hits(text, c) for c in current):
            cit.status = "wrong_edition"
            cit.old_clause = oc
            cit.suggested = [n for n in oc.successor if cit.standard.clause(n)]
            cit.reason = (
                f"{oc.number} is '{oc.title}' in {old.designation}; in {cit.standard.designation} "
                f"{cit.clause.number} is '{cit.clause.title}'"
            )
            ff.ctx["edition_words"] = ", ".join(old_hits[:3])
            return


def lack_text(r: Reading | None) -> str | None:
    """What the statement says is not fulfilled: its clauses that record something lacking (as `reading` read them),
    without the words about the audit or purpose clauses; None when the statement records no lack (the evidence's
    lacks name records and places more often than the requirement)."""
    parts = [p.text for p in r.lacking if p.field == "statement"] if r is not None else []
    return without_purpose(" ".join(parts)) if parts else None


@fact("mismatch", reads=("cit_status", "reading"))
def mismatch(ff: FindingFacts) -> bool:
    """The statement and evidence are clearly about another requirement than the one cited, a requirement or a
    heading (too broad), judged over the ranking of every requirement of the standard (precision first: a citation
    fits unless the words point elsewhere with confidence; engine/standards/inference.py `citation_fit`). Principle:
    what the statement says is not fulfilled (`lack_text`) decides first; a cited clause whose obligations share
    nothing with it, while another requirement clearly holds it, is the wrong clause, and that one is named."""
    cit = ff.primary
    if ff.fact["cit_status"] not in ("resolved", "too_broad") or ff.language:
        return False
    if cit.clause is None or cit.standard is None or not cit.standard.is_requirements:
        return False
    fit = citation_fit(
        cit.standard,
        cit.clause.number,
        without_purpose(ff.finding.statement),
        ff.finding.evidence_text() or None,
        lack_text(ff.ctx.get("reading")),
    )
    if fit.fits or fit.best is None:
        return False
    best = fit.best
    ff.ctx["better"] = f"{best.number} {best.clause.title}"
    ff.ctx["better_words"] = ", ".join(best.words[:3])
    cit.suggested = [best.number]
    _suggestion_ctx(ff)
    return True


@fact("amendment_early", reads=("cit_status", "audit"))
def amendment_early(ff: FindingFacts) -> bool:
    """The finding relies on amendment text published after the audit date."""
    cit = ff.primary
    audit = ff.report.audit
    if cit.clause is None or cit.standard is None or not audit or not audit.date:
        return False
    text_tokens: set[str] | None = None
    for p in cit.clause.all_provisions():
        published = cit.standard.amendment_date(p.amendment)
        if published is None or audit.date >= published:
            continue
        if text_tokens is None:
            text_tokens = set(tokens(ff.whole_text()))
        # words the amendment brought, not words the clause already used ("determine", "issue")
        before = set(tokens(cit.clause.title))
        for q in cit.clause.all_provisions():
            if q.amendment is None:
                before |= set(tokens(q.text))
        distinctive = {t for t in set(tokens(p.text)) - before if len(t) >= 4}
        hits = distinctive & text_tokens
        if len(hits) >= 2 or (len(distinctive) == 1 and hits):
            amd = cit.standard.amendments[p.amendment or ""]
            ff.ctx["amendment"] = f"{amd.designation} (published {amd.date.isoformat()})"
            ff.ctx["audit_date"] = audit.date.isoformat()
            return True
    return False


@fact("requirement_inferred", reads=("finding", "tree"))
def requirement_inferred(ff: FindingFacts) -> bool:
    """The finding's own words point to a requirement of the criteria with at least plausible confidence
    (the ranking is kept for the `requirement` block and for messages: "cite 8.4.1 ...")."""
    ff.ctx["inferred_hint"] = ""  # filled below when the words point somewhere
    std = ff.criteria
    if std is None or not std.is_requirements or ff.language:
        return False
    # words about the audit itself ("during the audit", "the auditor sampled") never name the requirement
    statement = without_audit_talk(without_purpose(ff.finding.statement))
    evidence = without_audit_talk(ff.finding.evidence_text())
    ff.inferred = infer_requirements(std, statement, k=3, evidence=evidence or None)
    if not ff.inferred:
        ff.ctx["inferred_hint"] = ""
        return False
    best = ff.inferred[0]
    item = f" {best.item})" if best.item else ""
    ff.ctx["inferred"] = f"{best.number}{item} {best.clause.title}"
    ff.ctx["inferred_hint"] = f"; the finding's words point to {ff.ctx['inferred']}"
    return best.score >= UNCERTAIN
