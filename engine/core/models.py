"""The outer contract as pydantic models: the report in, the verdicts out (../shared/contract.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from engine.core.normalise import normalise_finding_data, normalise_report_data
from engine.core.vocabulary import (
    GRADE_WORDS,
    SCHEME_GRADE_WORDS,
    ProposedGrade,
    RaisedGrade,
    Severity,
    Verdict,
    fold_words,
)

AuditType = Literal["stage1", "stage2", "surveillance", "recertification", "special", "internal"]
CitationStatus = Literal[
    "resolved", "missing", "unknown_standard", "unknown_clause", "wrong_edition", "informative", "too_broad"
]
# the categories that say the citation is wrong or missing (the finding may still record a real nonfulfilment)
CitationCategory = Literal[
    "uncited",
    "unknown_standard",
    "unknown_clause",
    "wrong_edition",
    "informative_clause",
    "too_broad",
    "citation_mismatch",
]
Category = Literal[
    CitationCategory,
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
CATEGORIES: tuple[str, ...] = get_args(Category)  # nested Literals are flattened, in order
CITATION_CATEGORIES: tuple[str, ...] = get_args(CitationCategory)

_SCHEME_GRADES = set(SCHEME_GRADE_WORDS)  # FSSC 22000 (engine/rulebook/schemes.py)

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
    """Accept `Major`, `Minor NC`, `Cat 2`, `OFI`: the grade as auditors spell it (engine/core/normalise.py).

    A word that is not a grade is left as it is here; inside a report the before-step has already turned it
    into null and a warning, so this only refuses it where a single model is validated on its own."""
    if isinstance(value, str):
        if value in GRADE_WORDS:  # already folded (the contract's words, a stored report's): the same answer, at once
            return GRADE_WORDS[value]
        key = fold_words(value)
        if not key:
            return None
        return GRADE_WORDS.get(key, value)
    return value


class _Warned(BaseModel):
    """Keeps the warnings its input's normalisation gave (unknown values of optional fields, readings of dates)."""

    _input_warnings: list[str] = PrivateAttr(default_factory=list)

    @property
    def input_warnings(self) -> list[str]:
        return list(self._input_warnings)


_PERIOD = re.compile(r"^\s*\d{1,4}\s*(days?|calendar days?|working days?|business days?|weeks?|months?)?\s*$", re.I)


def _period_as_text(value: Any) -> Any:
    """`30`, `30 days`, `10 working days`, `13 weeks`, `6 months`, as a report states a time it gives."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value} days"
    if isinstance(value, str) and _PERIOD.match(value):
        return " ".join(value.split()).lower()
    raise ValueError("a period is a number of days, or `N days`, `N working days`, `N weeks` or `N months`")


Period = Annotated[str, BeforeValidator(_period_as_text)]


class GradeTimes(_Strict):
    """The times the certification body gives for one grade, counted from the audit's last day."""

    response: Period | None = Field(default=None, description="Correction, cause analysis and action plan sent.")
    evidence: Period | None = Field(default=None, description="Evidence that the corrective action is implemented.")


class ResponseTimes(_Strict):
    """The response times the report states (17021-1 9.4.9 leaves them to the certification body)."""

    dispute: Period | None = Field(default=None, description="Time to raise a disagreement with a finding.")
    major: GradeTimes | None = None
    minor: GradeTimes | None = None


class Audit(_Strict):
    type: AuditType | None = None
    date: Date | None = Field(default=None, description="The audit's date (its last day when it ran several days).")
    first_day: Date | None = Field(default=None, description="First day of the audit.")
    last_day: Date | None = Field(
        default=None, description="Last day of the audit (closing meeting): response deadlines count from it."
    )
    dates: ShortText | None = Field(
        default=None,
        exclude=True,
        description="The audit's dates as written (`13-15 October 2026`): read into first_day and last_day.",
    )
    reference: ShortText | None = Field(default=None, description="The certification body's audit reference.")
    lead_auditor: ShortText | None = None
    scope: Text | None = None
    scheme: ShortText | None = None
    criteria: list[ShortText] | None = Field(
        default=None,
        description="Further audit criteria beside the standard, e.g. the client's own procedures (17021-1 9.2.1.3).",
    )
    response_times: ResponseTimes | None = Field(
        default=None,
        description="The response times the report states; without them the letter names no period of the "
        "certification body's.",
    )

    @model_validator(mode="after")
    def _days(self) -> Audit:
        """`date` and the last day are the same day when only one is given."""
        if self.last_day is None and self.date is not None:
            self.last_day = self.date
        if self.date is None and self.last_day is not None:
            self.date = self.last_day
        return self

    def closing_day(self) -> dt.date | None:
        return self.last_day or self.date


class Source(_Strict):
    """Where a value was read in the file the report came from: the file, then its page (PDF, Word), sheet
    (workbook) or record (CARA export), then the row of a table or the line of a page. Kept with the report so
    that a review or a letter can cite it ("page 3, row 4")."""

    file: ShortText | None = None
    page: int | None = Field(default=None, ge=1, description="1-based page of a PDF (a Word file has no pages)")
    sheet: ShortText | None = Field(default=None, description="the workbook sheet's name")
    table: int | None = Field(default=None, ge=1, description="1-based table of the page or document")
    row: int | None = Field(default=None, ge=1, description="1-based row of the sheet or table")
    line: int | None = Field(default=None, ge=1, description="1-based line of a PDF page or an XML export")
    paragraph: int | None = Field(default=None, ge=1, description="1-based paragraph of a Word document's body")
    record: int | None = Field(default=None, ge=1, description="1-based record of a CARA export")

    def describe(self) -> str:
        """`report.pdf, page 3, table 1, row 4`: for people."""
        parts = [self.file or ""]
        for label, value in (
            ("sheet", self.sheet),
            ("page", self.page),
            ("table", self.table),
            ("row", self.row),
            ("line", self.line),
            ("paragraph", self.paragraph),
            ("record", self.record),
        ):
            if value is not None:
                parts.append(f"{label} {value!r}" if label == "sheet" else f"{label} {value}")
        return ", ".join(p for p in parts if p)


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
    scheme_grade: ShortText | None = Field(
        default=None,
        description="The grade as the scheme names it where this contract has none (FSSC 22000 `critical`); "
        "`grade` then holds the contract grade it maps to (`major`).",
    )
    source: Source | None = Field(
        default=None, description="Where the finding was read (file, page or sheet, row): set by the importers."
    )

    _grade = field_validator("grade", mode="before")(normalise_grade)

    @model_validator(mode="before")
    @classmethod
    def _keep_scheme_grade(cls, data: Any) -> Any:
        """`grade: critical` is kept as `scheme_grade: critical` and raised as `major`."""
        if isinstance(data, dict) and isinstance(data.get("grade"), str) and not data.get("scheme_grade"):
            key = " ".join(data["grade"].strip().lower().replace("-", " ").split())
            if key in _SCHEME_GRADES:
                data = {**data, "scheme_grade": "critical"}
        return data

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


class Report(_Strict, _Warned):
    id: ShortText | None = None
    standard: ShortText | None = None
    client: ShortText | None = Field(default=None, description="The organisation audited (it signs the letter).")
    certification_body: ShortText | None = None
    certificate_number: ShortText | None = None
    client_country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = Field(
        default=None,
        description="The client's country as an ISO 3166 two-letter code (`GB`, `DE`): the letter's proposed dates "
        "then avoid its public holidays as well as weekends.",
    )
    certificate_expiry: Date | None = Field(
        default=None,
        description="When the certificate expires: at recertification a major is closed before it (17021-1 9.6.3.2).",
    )
    audit: Audit | None = None
    findings: list[Finding]
    previous_findings: list[PreviousFinding] = Field(default_factory=list)
    sources: dict[ShortText, Source] = Field(
        default_factory=dict,
        max_length=100,
        description="Where each of the report's details was read (`client`, `audit.last_day`, ...): set by the "
        "importers; each finding carries its own `source`.",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _normalise(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        return _normalised(cls, data, handler, normalise_report_data)


class FindingRequest(Finding, _Warned):
    """`POST /v1/findings/check`: one finding with its criteria."""

    audit: Audit | None = None
    previous_findings: list[PreviousFinding] = Field(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _normalise(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        return _normalised(cls, data, handler, normalise_finding_data)


def _normalised(
    cls: type, data: Any, handler: ValidatorFunctionWrapHandler, normalise: Callable[[Any], tuple[Any, list[str]]]
) -> Any:
    """Values as people write them, read before validation; the warnings they gave kept on the model."""
    if isinstance(data, cls):
        return handler(data)
    normalised, warnings = normalise(data)
    model = handler(normalised)
    model._input_warnings = warnings
    return model


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
    score: float = Field(description="0..1: at least 0.5 clear, 0.25 to 0.5 plausible, below 0.25 uncertain.")
    item: str | None = None
    summary: str | None = Field(default=None, description="What the clause asks, in our words (without its items).")


GroundingOutcome = Literal[
    "grounded", "left_open", "not_required", "other_standard", "guidance_only", "nowhere", "uncertain"
]
OpenAspect = Literal["method", "format", "medium", "frequency", "extent", "responsibility", "timing", "tool", "content"]


class GroundingOther(BaseModel):
    standard: str
    clause: str | None = None
    title: str | None = None


class Grounding(BaseModel):
    """How what the finding asks for was traced to an obligation of the edition audited (contract.md)."""

    demand: str | None = Field(default=None, description="The finding's words that say what is lacking or asked for.")
    obliges: str | None = Field(default=None, description="What the requirement obliges, in our words.")
    clause: str | None = Field(
        default=None, description="The clause (number and title) whose obligation `obliges` states, where known."
    )
    leaves_open: list[OpenAspect] = Field(
        default_factory=list, description="What that requirement leaves to the organization."
    )
    outcome: GroundingOutcome = "uncertain"
    other: GroundingOther | None = Field(
        default=None, description="With `other_standard`: the standard and clause whose obligation it is."
    )
    reason: str | None = Field(default=None, description="Why, in one sentence; always given when `uncertain`.")


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
    grounding: Grounding | None = Field(
        default=None, description="How the finding's demand was traced to an obligation of the edition audited."
    )

    def describe(self) -> str:
        """One line for people: where the finding belongs, and how that was decided."""
        near = ", ".join(f"{a.clause} {a.title}" for a in self.alternatives[:3])
        if self.source == "none" or not self.clause:
            found = "no requirement of the standard covers what the finding demands"
            return f"{found}; nearest: {near}" if near else found
        item = f" {self.item})" if self.item else ""
        how = {
            "cited": "as cited",
            "inferred": "inferred from the finding's words",
            "client": f"the client's own requirement ({self.client_document}), auditable under",
        }[self.source]
        head = (
            f"{how} {self.clause}{item} {self.title or ''}".strip()
            if self.source == "client"
            else (f"{self.clause}{item} {self.title or ''} ({how})")
        )
        summary = f": {self.summary}" if self.summary else ""
        return head + summary


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
    notes: list[str] = Field(
        default_factory=list, description="What could not be checked, e.g. wording not in English."
    )


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
