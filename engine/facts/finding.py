"""Facts about the finding as raised: its grade, and whether its words could be read at all."""

from __future__ import annotations

from engine.core.vocabulary import FACT_GRADES, NC_GRADES, OFI_GRADES
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts


@fact("grade", values=FACT_GRADES, reads=("finding",))
def grade(ff: FindingFacts) -> str:
    """The grade as raised by the auditor (`ungraded` when none is given)."""
    return ff.finding.grade or "ungraded"


@fact("nc", reads=("grade",))
def nc(ff: FindingFacts) -> bool:
    """Raised as a nonconformity (major, minor or ungraded)."""
    return ff.fact["grade"] in NC_GRADES


@fact("ofi", reads=("grade",))
def ofi(ff: FindingFacts) -> bool:
    """Raised as an opportunity for improvement or an observation."""
    return ff.fact["grade"] in OFI_GRADES


@fact("wording", values=("english", "not_english"), reads=("finding",))
def wording(ff: FindingFacts) -> str:
    """Whether the statement is written in English, the only language the lexicons read (engine/core/language.py)."""
    lang = ff.language  # guessed once, when the report was read
    if lang is None:
        return "english"
    ff.notes.append(
        f"The wording is in {lang}, not English: it was not checked for preference, cause, solution, vagueness or "
        "evidence, and the requirement is taken from the citation only."
    )
    return "not_english"
