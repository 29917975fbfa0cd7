"""Request and response models of the review desk (`/v1/desk/...`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.core.models import EngineInfo, ReportVerdict

RoleName = Literal["auditor", "reviewer", "manager", "admin"]


class StoredSummary(BaseModel):
    """A stored check, in a list: what it is, where it stands, who asked."""

    id: int = Field(description="the store's id of this check")
    report_id: str | None = Field(description="the report's own id, as written")
    client: str | None
    certificate_number: str | None
    standard: str | None
    auditor: str | None = Field(description="the audit's lead auditor")
    audit_date: str | None
    state: Literal["checked", "reviewed", "issued"]
    findings: int
    engine: EngineInfo = Field(description="the engine, rule set and standards versions the verdict was made with")
    requested_by: str = Field(description="the key's label (or `local`, `cli:USER`) that asked for the check")
    checked_at: str
    reviewed_at: str | None
    issued_at: str | None


class StoredCheck(StoredSummary):
    """One stored check whole: the report as read, where it came from, and the verdict, each issue with its
    `issue_id` and latest `decision`."""

    report: dict[str, Any]
    sources: dict[str, Any] | None
    verdict: dict[str, Any]


class KeptCheck(BaseModel):
    id: int = Field(description="the store's id of this check: GET /v1/desk/reports/{id}")
    verdict: ReportVerdict


class Count(BaseModel):
    count: int


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["accept", "dismiss", "edit"] = Field(
        description="accept: the flag is right, the finding goes back to the auditor; dismiss: a false alarm "
        "(a reason is needed); edit: the rewrite the auditor sent back (`text`)"
    )
    reason: str | None = Field(default=None, max_length=4000)
    text: str | None = Field(default=None, max_length=100_000)


class DecisionOut(BaseModel):
    id: int
    issue_id: int
    action: Literal["accept", "dismiss", "edit"]
    reason: str | None
    text: str | None
    by: str
    at: str


class StateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["checked", "reviewed", "issued"] = Field(description="checked -> reviewed -> issued")


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: RoleName
    label: str = Field(min_length=1, max_length=200, description="who holds the key: shown in the access log")


class KeyOut(BaseModel):
    key: str = Field(description="shown once: the store keeps only its SHA-256")
    organisation: str
    role: RoleName
    label: str


class Forgotten(BaseModel):
    reports_changed: int


class Purged(BaseModel):
    deleted: int


class LogEntry(BaseModel):
    at: str
    actor: str
    action: str
    report_id: int | None
    detail: str | None


class TrendsAnswer(BaseModel):
    by: str
    note: str = Field(description="these are indicators for the reviewer, not judgments of a person")
    rows: list[dict[str, Any]] = Field(
        description="one per group: findings, reports, flagged (share and by category), withdrawn and regraded "
        "shares, graded down/up, mean grade drift, issued and days to issue; per rule: issues and decisions"
    )


class PrecisionAnswer(BaseModel):
    rows: list[dict[str, Any]] = Field(description="per rule and month: accepted, dismissed, edited, precision")
