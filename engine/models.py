"""The outer contract as pydantic models: the report in, the verdicts out (../shared/contract.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

RaisedGrade = Literal["major", "minor", "ofi", "observation"]
ProposedGrade = Literal["major", "minor", "ofi", "none"]
Verdict = Literal["sound", "revise", "regrade", "withdraw"]
Severity = Literal["error", "warning", "info"]
AuditType = Literal["stage1", "stage2", "surveillance", "recertification", "special", "internal"]
CitationStatus = Literal[
    "resolved", "missing", "unknown_standard", "unknown_clause", "wrong_edition", "informative", "too_broad"
]
Category = Literal[
    "uncited",
    "unknown_standard",
    "unknown_clause",
    "wrong_edition",
    "informative_clause",
    "too_broad",
    "citation_mismatch",
    "vague_statement",
    "no_evidence",
    "suggests_cause",
    "suggests_solution",
    "preference",
    "documented_procedure_not_required",
    "nc_recorded_as_ofi",
    "overgraded",
    "undergraded",
    "systemic",
    "repeat",
    "unresolved_dispute",
    "out_of_scope",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]

_GRADE_SPELLINGS = {
    "major": "major",
    "major nc": "major",
    "major nonconformity": "major",
    "minor": "minor",
    "minor nc": "minor",
    "minor nonconformity": "minor",
    "ofi": "ofi",
    "opportunity for improvement": "ofi",
    "improvement opportunity": "ofi",
    "observation": "observation",
    "obs": "observation",
}

Text = Annotated[str, Field(max_length=100_000)]
ShortText = Annotated[str, Field(max_length=1_000)]


def _date_as_text(value: Any) -> Any:
    """A date is written `YYYY-MM-DD`: pydantic would read a number as seconds since 1970 (`"due": 0`)."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        raise ValueError("a date is written as text, YYYY-MM-DD (e.g. 2026-10-14), not as a number")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_as_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def normalise_grade(value: Any) -> Any:
    """Accept `Major`, `Minor NC`, `OFI`: the grade as auditors spell it."""
    if isinstance(value, str):
        key = " ".join(value.strip().lower().replace("-", " ").split())
        if not key:
            return None
        return _GRADE_SPELLINGS.get(key, value)
    return value


class Audit(_Strict):
    type: AuditType | None = None
    date: Date | None = None
    scope: Text | None = None
    scheme: ShortText | None = None
    criteria: list[ShortText] | None = Field(
        default=None,
        description="Further audit criteria beside the standard, e.g. the client's own procedures (17021-1 9.2.1.3).",
    )


class Finding(_Strict):
    id: ShortText | None = None
    grade: RaisedGrade | None = None
    standard: ShortText | None = None
    clause: ShortText | None = None
    statement: Text = Field(min_length=1)
    evidence: Text | list[Text] | None = None
    repeat_of: ShortText | None = None
    client_position: Text | None = None
    unresolved_points: Text | None = Field(
        default=None, description="The audit team's record of points still disputed with the client (9.4.5.4)."
    )

    _grade = field_validator("grade", mode="before")(normalise_grade)

    @field_validator("statement")
    @classmethod
    def _statement_has_words(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("statement is empty: state which requirement is not fulfilled")
        return v

    def evidence_text(self) -> str:
        if self.evidence is None:
            return ""
        if isinstance(self.evidence, list):
            return "\n".join(self.evidence)
        return self.evidence


class PreviousFinding(_Strict):
    id: ShortText | None = None
    grade: RaisedGrade | None = None
    standard: ShortText | None = None
    clause: ShortText | None = None
    statement: Text | None = None
    evidence: Text | list[Text] | None = None
    status: Literal["open", "closed"] | None = None
    date: Date | None = None
    due: Date | None = None

    _grade = field_validator("grade", mode="before")(normalise_grade)


class Report(_Strict):
    id: ShortText | None = None
    standard: ShortText | None = None
    audit: Audit | None = None
    findings: list[Finding]
    previous_findings: list[PreviousFinding] = Field(default_factory=list)


class FindingRequest(Finding):
    """`POST /v1/findings/check`: one finding with its criteria."""

    audit: Audit | None = None
    previous_findings: list[PreviousFinding] = Field(default_factory=list)


# ---- output -------------------------------------------------------------------------------------


class Span(BaseModel):
    field: Literal["statement", "evidence", "clause", "client_position"]
    start: int
    end: int
    text: str


class Issue(BaseModel):
    rule: str
    name: str
    category: Category
    severity: Severity
    message: str
    basis: str
    span: Span | None = None
    suggestion: str | None = None


class Citation(BaseModel):
    input: str | None
    standard: str | None
    clause: str | None = None
    item: str | None = None
    title: str | None = None
    normative: bool | None = None
    status: CitationStatus
    suggested: list[str] = Field(default_factory=list, description="Clauses to cite instead, as `7.5.3.2 Title`.")


RequirementSource = Literal["cited", "inferred", "client", "none"]


class RequirementAlternative(BaseModel):
    clause: str
    title: str
    score: float


class Requirement(BaseModel):
    """Where in the standard the finding belongs: "show me where in the standard" (contract.md)."""

    standard: str | None = None
    clause: str | None = None
    item: str | None = None
    title: str | None = None
    summary: str | None = Field(default=None, description="The requirement in our own words.")
    source: RequirementSource = "none"
    alternatives: list[RequirementAlternative] = Field(default_factory=list)
    client_document: str | None = Field(
        default=None, description="With `source: client`: the client's own document the finding rests on."
    )


class FindingVerdict(BaseModel):
    id: str
    verdict: Verdict
    raised_grade: RaisedGrade | None
    proposed_grade: ProposedGrade
    grade_reasons: list[str]
    citation: Citation
    also_cited: list[Citation] = Field(default_factory=list)
    requirement: Requirement = Field(default_factory=Requirement)
    issues: list[Issue]


class EngineInfo(BaseModel):
    version: str
    ruleset: str
    standards: list[str]


class Summary(BaseModel):
    findings: int
    by_verdict: dict[str, int]
    by_severity: dict[str, int]
    by_category: dict[str, int] = Field(default_factory=dict)
    by_proposed_grade: dict[str, int] = Field(default_factory=dict)
    certification_impact: str


class ReportVerdict(BaseModel):
    report_id: str | None
    engine: EngineInfo
    summary: Summary
    findings: list[FindingVerdict]
    warnings: list[str] = Field(default_factory=list)
