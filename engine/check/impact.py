"""What the findings mean for the certification decision (17021-1 9.5.2, 9.5.3.2), counted both ways.

The grades as raised by the auditor are what the certification body acts on until it changes them; the grades
ncaudit proposes are what the evidence as recorded supports. The text says which count it gives, and gives
both where they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Graded(Protocol):
    """What the count reads of a finding's verdict (a `FindingVerdict`, or a brief of one kept for a summary)."""

    @property
    def id(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def raised_grade(self) -> str | None: ...
    @property
    def proposed_grade(self) -> str: ...


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:10])
    return shown + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")


def _count(verdicts: Sequence[Graded], grade_of: str) -> tuple[list[str], list[str]]:
    majors, minors = [], []
    for v in verdicts:
        grade = v.raised_grade if grade_of == "raised" else v.proposed_grade
        if grade == "major":
            majors.append(v.id)
        elif grade == "minor":
            minors.append(v.id)
    return majors, minors


def _tally(majors: list[str], minors: list[str]) -> str:
    parts = []
    if majors:
        parts.append(f"{len(majors)} major ({_ids(majors)})")
    if minors:
        parts.append(f"{len(minors)} minor ({_ids(minors)})")
    return " and ".join(parts) if parts else "no nonconformity"


def certification_impact(verdicts: Sequence[Graded]) -> str:
    """One paragraph: the count as raised and as proposed (one sentence when they agree), and the consequences
    of the count as proposed for the certification decision."""
    raised = _count(verdicts, "raised")
    proposed = _count(verdicts, "proposed")
    parts = []
    if raised == proposed:
        parts.append(f"Grades as raised and as proposed agree: {_tally(*raised)}.")
    else:
        parts.append(
            f"As raised by the auditor: {_tally(*raised)}. As proposed by ncaudit from the evidence as recorded: "
            f"{_tally(*proposed)}. Until the certification body changes a grade, it acts on the grades as raised; "
            "the consequences below are counted as proposed."
        )
    majors, minors = proposed
    if majors:
        parts.append(
            f"{len(majors)} major: before a certification decision the certification body must review, accept and "
            "verify the effectiveness of correction and corrective action for each (17021-1 9.5.2); at initial "
            "certification, if not verified within 6 months of the last day of stage 2, a new stage 2 is needed "
            "(9.5.3.2)."
        )
    if minors:
        parts.append(
            f"{len(minors)} minor: the certification body must review and accept the client's plan for correction "
            "and corrective action before the decision (9.5.2); effectiveness is verified later, typically at the "
            "next audit."
        )
    if not majors and not minors:
        parts.append("As proposed, no nonconformity stands: nothing blocks the certification decision (9.5.2).")
    raised_majors = [m for m in raised[0] if m not in majors]
    if raised_majors:
        parts.append(
            f"As raised, {_ids(raised_majors)} would also need verified corrective action before the decision (9.5.2)."
        )
    to_fix = [v.id for v in verdicts if v.verdict != "sound"]
    if to_fix:
        parts.append(
            f"{len(to_fix)} finding(s) ({_ids(to_fix)}) should be revised, regraded or withdrawn before the report "
            "is issued (9.4.5)."
        )
    return " ".join(parts)
