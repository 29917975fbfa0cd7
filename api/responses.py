"""Response models of the read endpoints (rules, standards, health, import), apart from the request models.

They document the answers in /docs and keep their JSON exactly as the engine writes it: the routes answer with
`response_model_exclude_unset=True`, so a key the engine leaves out (a provision's `label`, a tree node's
`children`) stays out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.core.models import Category
from engine.core.vocabulary import Effect, Severity

# ---- health --------------------------------------------------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok"] = Field(description="`ok` when the service answers")
    version: str = Field(description="the engine's version")
    ruleset: str = Field(description="the version of the rules and lexicons")
    standards: int = Field(description="how many standards are loaded")


# ---- rules ---------------------------------------------------------------------------------------------------------


class RuleExample(BaseModel):
    """A documented example: its name and why, then the finding's fields (or `report`) as in the rule file."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(description="a snake_case name that reads as a sentence")
    why: str = Field(description="one line: why the rule flags it, or leaves it alone")


class RuleDoc(BaseModel):
    """One rule with its documentation (the rule file, `rules/XX00.yaml`)."""

    id: str = Field(description="the rule's code (PP01)")
    name: str = Field(description="the pattern flagged (preference-stated-as-finding)")
    category: Category
    severity: Severity
    effect: Effect = Field(description="the rule's effect on the verdict")
    basis: str = Field(description="the ISO/IEC 17021-1 clause behind the rule")
    message: str = Field(description="the message template")
    suggestion: str | None = Field(description="the suggestion template")
    summary: str
    rationale: str
    bad: list[RuleExample] = Field(description="examples the rule flags")
    good: list[RuleExample] = Field(description="examples the rule leaves alone")
    aliases: list[str] = Field(description="earlier codes or names")
    enabled: bool = Field(description="false when the configuration turns the rule off")


# ---- standards -----------------------------------------------------------------------------------------------------


class AmendmentRef(BaseModel):
    id: str
    designation: str
    date: str = Field(description="publication date, ISO 8601")


class _Standard(BaseModel):
    id: str = Field(description="the standard's id (iso-9001-2015)")
    designation: str = Field(description="ISO 9001:2015")
    title: str
    kind: str = Field(description="requirements, guidance, vocabulary ...")
    published: str | None = Field(description="publication date, ISO 8601")
    withdrawn: str | None = Field(description="withdrawal date, ISO 8601")
    successor: str | None = Field(description="the id of the edition that replaced it")
    supports: list[str]
    extends: str | None = Field(description="the id of the standard this one is built on")
    discipline: str | None = Field(
        default=None, description="its management-system discipline: quality, environment, energy ..."
    )
    shares: list[str] = Field(
        default_factory=list, description="disciplines whose subjects an audit against it also covers"
    )
    edition: str = Field(description="`2015`, or `D (2016)` for AS9100D:2016")
    aliases: list[str]
    amendments: list[AmendmentRef]
    clauses: int = Field(description="how many clauses the tree has")
    origin: str = Field(description="bundled | user | sts")


_STATUS = "`current`, `withdrawn` or `superseded by ...`"


class StandardSummary(_Standard):
    """A loaded standard."""

    status: str = Field(description=_STATUS)


class TreeNode(BaseModel):
    number: str
    title: str
    normative: bool
    kind: str
    added: bool | None = Field(None, description="present (true) for a clause the extending standard adds")
    children: list[TreeNode] | None = Field(None, description="present when the clause has subclauses")


class StandardDetail(_Standard):
    """A loaded standard with its clause tree."""

    tree: list[TreeNode]
    status: str = Field(description=_STATUS)


class ProvisionDoc(BaseModel):
    text: str = Field(description="the requirement in our words")
    form: str = Field(description="the verbal form: shall, should, may, can")
    documented_information: str = Field(description="none, maintain or retain")
    label: str | None = Field(None, description="present for a list item (`a`)")
    amendment: str | None = Field(None, description="present when an amendment added it")
    added: bool | None = Field(None, description="present (true) for a provision the extending standard adds")


class ObligesDoc(BaseModel):
    text: str
    item: str | None = None
    di: str | None = Field(default=None, description="documented information it asks for")
    unit: str | None = Field(default=None, description="the unit the standard names, e.g. each process")


class LeftOpenDoc(BaseModel):
    aspect: str = Field(
        description="method | format | medium | frequency | extent | responsibility | timing | tool | content"
    )
    text: str
    examples: list[str] = Field(description="means an organization may choose and auditors often demand: none required")


class ObligationDoc(BaseModel):
    """What the requirement obliges, what it leaves to the organization and what it does not require."""

    obliges: list[ObligesDoc]
    leaves_open: list[LeftOpenDoc]
    not_required: list[str]
    processes: list[str] = Field(description="processes or outputs it makes mandatory (their absence is a breakdown)")
    inherited_from: list[str] | None = Field(
        default=None, description="an old edition's clause: the successor clauses it takes these from"
    )


class ClauseDetail(BaseModel):
    """One clause of a standard."""

    standard: str = Field(description="the standard's id")
    number: str
    title: str
    kind: str
    normative: bool
    keywords: list[str]
    requirements: list[ProvisionDoc]
    items: list[ProvisionDoc]
    notes: list[str]
    children: list[str]
    amendment: str | None
    successor: list[str]
    counterpart: list[str]
    added: bool
    source: str | None
    obligation: ObligationDoc | None = None


# ---- import --------------------------------------------------------------------------------------------------------


class ImportedReport(BaseModel):
    report: dict[str, Any] = Field(
        description="the report in the contract's shape, to review and then send to POST /v1/reports/check"
    )
    warnings: list[str] = Field(description="what was read with a doubt or left unread (unused columns ...)")


# ---- the response plan (`POST /v1/reports/plan?format=json`; the other formats are files) ------------------------


class PlanAudit(BaseModel):
    reference: str | None
    type: str | None
    first_day: str | None = Field(description="ISO date")
    last_day: str | None = Field(description="ISO date")
    scheme: str | None


class PlanRequirement(BaseModel):
    clause: str | None
    title: str | None
    summary: str | None
    source: str = Field(description="cited, inferred, client or none (the check's `requirement.source`)")
    obliges: str | None = Field(
        default=None, description="what the requirement obliges, in our words (`requirement.grounding`), if known"
    )
    leaves_open: list[str] = Field(
        default_factory=list, description="what the requirement leaves to the organisation (method, format, ...)"
    )


class PlanDeadline(BaseModel):
    key: str
    what: str
    due: str | None = Field(description="ISO date; null when the audit's last day is not known")
    after: str = Field(description="the period after the audit's last day, e.g. `90 days`")
    basis: str
    source: str
    days_overdue: int | None = Field(
        default=None, description="days since the deadline passed, on the plan's date; null when still ahead"
    )


class PlanRowAnswer(BaseModel):
    order: int
    finding_id: str
    decision: str = Field(description="accept, revise or contest")
    verdict: str
    raised_grade: str | None
    proposed_grade: str
    plan_grade: str
    requirement: PlanRequirement
    needs: list[str]
    deadlines: list[PlanDeadline]
    why: str
    note: str


class PlanAnswer(BaseModel):
    """The response plan as JSON: one row per finding, in the order to work on them."""

    report_id: str | None
    client: str | None
    certification_body: str | None
    certificate_number: str | None
    audit: PlanAudit
    certification_impact: str
    counts: dict[str, dict[str, int]] = Field(description="decision -> grade as planned -> number of findings")
    warnings: list[str]
    as_of: str | None = Field(default=None, description="ISO date the overdue deadlines are counted on")
    rows: list[PlanRowAnswer]


TEXT_FILE: dict[str, Any] = {"schema": {"type": "string"}}
BINARY_FILE: dict[str, Any] = {"schema": {"type": "string", "format": "binary"}}
