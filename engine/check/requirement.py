"""Where in the standard a finding belongs: the `requirement` block ("show me where in the standard")."""

from __future__ import annotations

from engine.core.models import Grounding, Issue, Requirement, RequirementAlternative
from engine.facts import FindingFacts
from engine.standards.inference import infer_requirements, without_purpose
from engine.standards.model import Clause, Standard

# categories whose withdrawal means that no requirement of the standard covers what the finding demands
NO_REQUIREMENT = frozenset({"preference", "out_of_scope", "documented_procedure_not_required"})


def _summary(c: Clause, item: str | None) -> str:
    """The requirement in our words: one item, or the clause's own text followed by its lettered items."""
    if item and item in c.items:
        return c.items[item].text
    own = c.own_text
    items = "; ".join(f"{label}) {p.text.strip().rstrip(';.')}" for label, p in c.items.items())
    return f"{own} Items: {items}." if own and items else (own or items or c.summary())


def ranked(std: Standard, ff: FindingFacts, k: int = 3) -> list[RequirementAlternative]:
    """The requirements the finding's words point to, best first (scores 0..1; below 0.25 uncertain); none when
    the words are not English."""
    if ff.language:
        return []
    matches = (
        ff.inferred  # ranked once by the fact requirement_inferred for the criteria (empty: no word matched)
        if std is ff.criteria
        else infer_requirements(
            std, without_purpose(ff.finding.statement), k=k, evidence=ff.finding.evidence_text() or None
        )
    )
    return [
        RequirementAlternative(
            clause=m.number,
            title=m.clause.title,
            score=round(m.score, 2),
            item=m.item,
            summary=m.clause.own_text or None,
        )
        for m in matches
    ]


def requirement_for(ff: FindingFacts, issues: list[Issue], verdict: str) -> Requirement:
    """The cited clause when it fits; the inferred one otherwise; the client's document; or none; with how the
    finding's demand was grounded in the obligation layer (the `grounding` fact's record)."""
    req = _requirement(ff, issues, verdict)
    grounding = ff.ctx.get("grounding_record")
    shown = _shown_by_the_finding(ff, issues, verdict)
    if shown is not None:
        req.grounding = shown  # the obligation the finding itself shows met, or establishes no nonfulfilment of
    elif isinstance(grounding, Grounding):
        req.grounding = _as_withdrawn(grounding, issues, verdict)
        where = ff.ctx.get("grounding_clause")
        if req.grounding.obliges and isinstance(where, str) and where and where != "no requirement":
            req.grounding.clause = where
    return req


# what a withdrawal for each category says of the demand, where the layer itself found no answer
_OUTCOME_OF = {"documented_procedure_not_required": "not_required", "preference": "nowhere", "out_of_scope": "nowhere"}


def _as_withdrawn(g: Grounding, issues: list[Issue], verdict: str) -> Grounding:
    """The layer's record, told what the withdrawal found when the layer saw a lack it could not explain away:
    a rule that reads the finding's words (an opinion, a document the cited clause does not ask for) withdrew it."""
    if verdict != "withdraw" or g.outcome not in ("grounded", "uncertain"):
        return g
    why = next((i for i in issues if i.severity == "error" and i.category in _OUTCOME_OF), None)
    if why is None:
        return g
    return g.model_copy(
        update={"outcome": _OUTCOME_OF[why.category], "reason": f"withdrawn by {why.rule}: {why.message}"}
    )


def _shown_by_the_finding(ff: FindingFacts, issues: list[Issue], verdict: str) -> Grounding | None:
    """A withdrawal because the finding itself shows the obligation met, or establishes no nonfulfilment of it
    (engine/facts/fulfilment.py): the obligation it was judged by, and why; None for any other verdict."""
    record = ff.ctx.get("fulfilment_record")
    if verdict != "withdraw" or not isinstance(record, Grounding):
        return None
    errors = [i for i in issues if i.severity == "error"]
    why = next((i for i in errors if i.category == "no_evidence"), None)
    if why is None or any(i.category in NO_REQUIREMENT for i in errors):
        return None  # withdrawn for another reason: the layer's record says that one
    return record.model_copy(update={"reason": f"withdrawn by {why.rule}: {record.reason}"})


def _requirement(ff: FindingFacts, issues: list[Issue], verdict: str) -> Requirement:
    cit = ff.primary
    std = cit.standard if cit.standard is not None and cit.standard.is_requirements else ff.criteria
    if std is None or not std.is_requirements:
        return Requirement(standard=std.id if std else None, source="none")
    alternatives = ranked(std, ff)
    withdrawn_for = {i.category for i in issues if i.severity == "error"} & NO_REQUIREMENT
    if verdict == "withdraw" and withdrawn_for:
        # nothing in the standard asks for what is demanded: the nearest requirement, for the reader to compare
        return Requirement(standard=std.id, source="none", alternatives=alternatives)
    fits = cit.status == "resolved" and cit.clause is not None and not ff.fact.get("mismatch")
    # the citation check's own suggestion (the successor of another edition's number, the leaf under a heading,
    # the clause the words fit better) comes before a search of the whole standard
    suggested = [c for n in cit.suggested if (c := std.clause(n)) is not None] if cit.standard is std else []
    if fits and cit.clause is not None:
        chosen, item, source = cit.clause, cit.item or (cit.ref.item if cit.ref else None), "cited"
    elif suggested:
        chosen, item, source = suggested[0], None, "inferred"
        alternatives = [a for a in alternatives if a.clause != chosen.number]
        alternatives.insert(0, RequirementAlternative(clause=chosen.number, title=chosen.title, score=1.0))
    elif alternatives:
        chosen, item, source = std.clauses[alternatives[0].clause], alternatives[0].item, "inferred"
    else:
        return Requirement(standard=std.id, source="none")
    client_document = ff.ctx.get("client_document") if ff.fact.get("client_requirement") else None
    if client_document:
        source = "client"
    return Requirement(
        standard=std.id,
        clause=chosen.number,
        item=item,
        title=chosen.title,
        summary=_summary(chosen, item),
        source=source,  # type: ignore[arg-type]
        # inferred: the ranking itself, best (the chosen clause) first; otherwise the clauses beside the chosen one
        alternatives=alternatives[:3]
        if source == "inferred"
        else [a for a in alternatives if a.clause != chosen.number][:3],
        client_document=client_document,
    )
