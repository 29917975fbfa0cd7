"""Facts across findings and audits: repeats, disputes, systemic failures, and the scheme's own rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.core.models import PreviousFinding
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts
from engine.standards.citation import resolve_citations
from engine.standards.relevance import related, tokens


def _evidence_text(evidence: str | list[str] | None) -> str:
    if evidence is None:
        return ""
    return "\n".join(evidence) if isinstance(evidence, list) else evidence


@fact("repeat", reads=("finding", "previous", "audit", "cit_status"))
def repeat(ff: FindingFacts) -> bool:
    """It repeats an earlier finding: `repeat_of` names one, or a closed earlier finding on the same requirement
    says much the same, or an open one is past its due date."""
    f = ff.finding
    if f.repeat_of and f.repeat_of.strip():
        ff.ctx["previous"] = f.repeat_of.strip()
        return True
    previous = ff.report.previous
    number = ff.primary.number
    if not previous or number is None:
        return False
    index = _previous_index(ff)
    related_numbers = index.related.get(number)
    if related_numbers is None:
        related_numbers = index.related[number] = [n for n in index.by_number if related(n, number)]
    candidates = [entry for n in related_numbers for entry in index.by_number[n]]
    if not candidates:
        return False
    candidates.sort(key=lambda e: e[0])  # the earlier finding first, as listed
    mine = set(tokens(ff.whole_text()))
    audit = ff.report.audit
    audit_day = audit.date if audit and audit.date else None
    for _, theirs, p in candidates:
        similar = bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= 0.25
        overdue = p.status == "open" and p.due is not None and audit_day is not None and p.due < audit_day
        if (similar and p.status != "open") or overdue:
            ff.ctx["previous"] = p.id or f"the finding of {p.date or 'a previous audit'}"
            return True
    return False


@dataclass(slots=True)
class _PreviousIndex:
    """The report's previous findings, each resolved and tokenised once: clause number -> [(position, its
    words, the finding)]; `related` memoises which of those numbers each finding's number is related to."""

    by_number: dict[str, list[tuple[int, frozenset[str], PreviousFinding]]] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)


def _previous_index(ff: FindingFacts) -> _PreviousIndex:
    return ff.report.once(("previous", id(ff.criteria)), lambda: _build_previous_index(ff))


def _build_previous_index(ff: FindingFacts) -> _PreviousIndex:
    index = _PreviousIndex()
    for pos, p in enumerate(ff.report.previous):
        prev_number = (resolve_citations(p.clause, ff.criteria, ff.lib)[0].number) if p.clause else None
        if prev_number is None:
            continue
        theirs = frozenset(tokens((p.statement or "") + " " + _evidence_text(p.evidence)))
        index.by_number.setdefault(prev_number, []).append((pos, theirs, p))
    return index


@fact("dispute_unrecorded", reads=("finding",))
def dispute_unrecorded(ff: FindingFacts) -> bool:
    """The client disputes the finding and the points left unresolved are not recorded (9.4.5.4)."""
    f = ff.finding
    return bool((f.client_position or "").strip()) and not (f.unresolved_points or "").strip()


@fact("scheme_no_ofi", reads=("options",))
def scheme_no_ofi(ff: FindingFacts) -> bool:
    """The scheme audited does not allow opportunities for improvement in the report."""
    ff.ctx["scheme"] = ff.report.scheme or "this scheme"
    return not ff.options.ofi_allowed


@fact("systemic", reads=("nc", "cit_status", "options"), scope="report")
def systemic(all_facts: list[FindingFacts]) -> None:
    """At least `systemic_k` nonconformities of the report are recorded against the same requirement."""
    groups: dict[tuple[str, str], list[FindingFacts]] = {}
    for ff in all_facts:
        ff.fact["systemic"] = False
        cit = ff.primary
        if (
            ff.fact["nc"]
            and ff.fact["cit_status"] == "resolved"
            and cit.clause is not None
            and cit.standard is not None
        ):
            groups.setdefault((cit.standard.id, cit.clause.number), []).append(ff)
    for members in groups.values():
        if members and len(members) >= members[0].options.systemic_k:
            # the group is named once, in its first member's message; the others point to it, so the report
            # grows linearly with the group (listing every member in every message made it quadratic)
            first = members[0].finding.id or f"#{members[0].index + 1}"
            listed = " (" + ", ".join(m.finding.id or f"#{m.index + 1}" for m in members) + ")"
            pointer = f" (listed under {first})"
            for j, m in enumerate(members):
                m.fact["systemic"] = True
                m.ctx["systemic_count"] = len(members)
                m.ctx["systemic_members"] = listed if j == 0 else pointer
