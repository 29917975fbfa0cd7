"""What the findings mean for the certification decision, counted both ways, for the audit's type.

The grades as raised by the auditor are what the certification body acts on until it changes them; the grades
ncaudit proposes are what the evidence as recorded supports. The text says which count it gives, and gives
both where they differ. What a major or a minor nonconformity holds up depends on the audit: the initial
certification decision (17021-1 9.5.2, 9.5.3.2), keeping the certificate after a surveillance audit (9.6.2,
9.6.5), renewing it before it expires (9.6.3.2), or the decision a special audit was held for (9.6.4; a transfer
is read as a special audit). An internal audit leads to no certification decision.
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


# what each count holds up, by audit type: (majors, minors, none); `{n}` is the number
_INITIAL = (
    "{n} major: before the initial certification decision the certification body must review, accept and verify "
    "the effectiveness of correction and corrective action for each (17021-1 9.5.2); if it cannot verify them "
    "within 6 months of the last day of stage 2, a new stage 2 is needed before certification is recommended "
    "(9.5.3.2).",
    "{n} minor: the certification body must review and accept the plan for correction and corrective action "
    "before the decision (9.5.2); effectiveness is verified later, typically at the next audit.",
    "As proposed, no nonconformity stands: nothing blocks the certification decision (9.5.2).",
)
_BY_AUDIT: dict[str | None, tuple[str, str, str]] = {
    None: (
        "{n} major: before a certification decision the certification body must review, accept and verify the "
        "effectiveness of correction and corrective action for each (17021-1 9.5.2); at initial certification, if "
        "not verified within 6 months of the last day of stage 2, a new stage 2 is needed (9.5.3.2).",
        _INITIAL[1],
        _INITIAL[2],
    ),
    "stage2": _INITIAL,
    "stage1": (
        "{n} major: stage 1 takes no certification decision; an area of concern of this weight, unresolved, would "
        "be a major nonconformity at stage 2 (17021-1 9.3.1.2).",
        "{n} minor: stage 1 takes no certification decision; these are areas to resolve before stage 2, where "
        "they could be graded as nonconformities (9.3.1.2).",
        "As proposed, nothing stands in the way of stage 2 (9.3.1.2).",
    ),
    "surveillance": (
        "{n} major: to keep the certificate, correction and corrective action must be reviewed, accepted and "
        "verified as effective within the time the certification body sets (17021-1 9.5.2, 9.6.2); a major "
        "nonconformity not resolved in that time can lead to suspension of the certification (9.6.5).",
        "{n} minor: the certification body reviews and accepts the plan for correction and corrective action "
        "(9.5.2, 9.6.2); effectiveness is verified at the next audit.",
        "As proposed, no nonconformity stands: nothing puts the certificate at risk (9.6.2).",
    ),
    "recertification": (
        "{n} major: correction and corrective action must be implemented and verified before the certificate "
        "expires; otherwise recertification is not recommended and the certificate's validity is not extended "
        "(17021-1 9.6.3.2).",
        "{n} minor: the plan for correction and corrective action is reviewed and accepted before the "
        "recertification decision (9.5.2, 9.6.3.2); effectiveness is verified at the next audit.",
        "As proposed, no nonconformity stands: nothing blocks the recertification decision (9.6.3.2).",
    ),
    "special": (
        "{n} major: the decision the special audit was held for (an extension of scope or a short-notice audit, "
        "17021-1 9.6.4, or a transfer of certification) waits until correction and corrective action are "
        "reviewed, accepted and verified (9.5.2).",
        "{n} minor: the plan for correction and corrective action is reviewed and accepted before that decision "
        "(9.5.2); effectiveness is verified at the next audit.",
        "As proposed, no nonconformity stands: nothing holds up the decision the special audit was held for (9.6.4).",
    ),
    "internal": (
        "{n} major: an internal audit leads to no certification decision; at a certification audit, these would "
        "need verified correction and corrective action before the decision (17021-1 9.5.2).",
        "{n} minor: an internal audit leads to no certification decision; at a certification audit, these would "
        "need an accepted plan for correction and corrective action (9.5.2).",
        "As proposed, no nonconformity stands.",
    ),
}


def certification_impact(verdicts: Sequence[Graded], audit_type: str | None = None) -> str:
    """One paragraph: the count as raised and as proposed (one sentence when they agree), and the consequences
    of the count as proposed for the decision the audit's type leads to (`audit.type`; none given: any)."""
    major_text, minor_text, none_text = _BY_AUDIT.get(audit_type, _BY_AUDIT[None])
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
        parts.append(major_text.format(n=len(majors)))
    if minors:
        parts.append(minor_text.format(n=len(minors)))
    if not majors and not minors:
        parts.append(none_text)
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
