"""The one place a scheme pack changes a verdict (`apply_scheme`, called from `Engine.check`): the named
conditions a pack's escalations test on a finding's facts, OFIs allowed or not, and the scheme's grades said
in the grade reasons. The packs themselves are data (engine/rulebook/schemes.py)."""

from __future__ import annotations

from collections.abc import Callable

from engine.core.vocabulary import GRADE_ORDER
from engine.facts import FindingFacts
from engine.rulebook.schemes import SchemePack


def _absent(ff: FindingFacts) -> bool:
    """A required process or output is absent or has broken down (the `process_absent` fact)."""
    return ff.fact.get("process_absent") == "absent"


def _released(ff: FindingFacts) -> bool:
    """Nonconforming output was released, shipped or delivered (the `output_effect` fact: product, in context)."""
    return ff.fact.get("output_effect") == "released"


def _safety(ff: FindingFacts) -> bool:
    """A legal, safety or information-security exposure the record shows (the `exposure` fact)."""
    return ff.fact.get("exposure", "no") != "no"


def _recurrence(ff: FindingFacts) -> bool:
    """The finding repeats an earlier one whose correction did not hold (the `recurrence` fact: the report's
    previous findings, one left open past its due date, or the finding's own words)."""
    return bool(ff.fact.get("recurrence"))


def _systemic(ff: FindingFacts) -> bool:
    """Several nonconformities in the report against the same requirement."""
    return bool(ff.fact.get("systemic"))


CONDITIONS: dict[str, Callable[[FindingFacts], bool]] = {
    "process_absent": _absent,
    "released_nonconforming_output": _released,
    "safety_or_legal": _safety,
    "recurrence": _recurrence,
    "systemic": _systemic,
}


def apply_scheme(built: list[FindingFacts], pack: SchemePack | None, ofi_allowed: bool = True) -> None:
    """Apply the pack to a report's facts before the rules run: OFIs allowed only where both the configuration and
    the scheme allow them; the scheme's escalations and grades said (and applied) in the grade estimate."""
    if pack is None:
        return
    allowed = ofi_allowed and pack.ofi.allowed
    for ff in built:
        ff.fact["scheme_no_ofi"] = not allowed
        if not pack.default:
            ff.ctx["scheme"] = pack.title if pack.ofi.allowed else f"{pack.title} [{pack.ofi.source}]"
        _scheme_grade(ff, pack)
        _escalate(ff, pack)


def _scheme_grade(ff: FindingFacts, pack: SchemePack) -> None:
    label = getattr(ff.finding, "scheme_grade", None)
    if not label:
        return
    grade = pack.grade(label.strip().lower())
    raised = ff.finding.grade or "ungraded"
    if grade is not None:
        ff.grade_reasons.insert(
            0,
            f"raised as {grade.id} ({grade.source}): reported as {grade.maps_to}, the nearest grade of the contract",
        )
    else:
        ff.grade_reasons.insert(0, f"raised as {label}, a grade {pack.short} does not define: taken as {raised}")


def _escalate(ff: FindingFacts, pack: SchemePack) -> None:
    fact = ff.fact
    if not fact.get("nc") or fact.get("grade_delta") == "na":
        return  # not a nonconformity, or not a valid one: the scheme's grades do not apply
    said = False
    for esc in pack.escalations:
        if not CONDITIONS[esc.when](ff):
            continue
        reason = f"{pack.short}: {esc.reason} ({esc.source})"
        if reason in ff.grade_reasons:
            continue
        said = True
        if esc.effect == "raise" and GRADE_ORDER[esc.grade] > GRADE_ORDER[ff.estimate]:
            ff.estimate = esc.grade
            fact["estimate"] = esc.grade
            raised = GRADE_ORDER[fact["grade"]]
            order = GRADE_ORDER[esc.grade]
            fact["grade_delta"] = "under" if order > raised else ("over" if order < raised else "same")
            ff.ctx["estimate"] = esc.grade
            ff.grade_reasons.insert(0, reason)
            ff.ctx["grade_reason"] = reason
        else:
            ff.grade_reasons.append(reason)
    grade = pack.grade(ff.estimate)
    if not said and not pack.default and grade is not None:  # the scheme's own definition of the grade it stands at
        ff.grade_reasons.append(f"{pack.short} {grade.id}: {grade.definition} ({grade.source})")
