"""A realistic report and hand-built verdicts for the plan and letter tests.

The verdicts are built directly (not through the engine), so these tests pin the plan and the letter, not the
judgment, which changes on its own schedule."""

from __future__ import annotations

from typing import Any

from engine.core.models import (
    Citation,
    EngineInfo,
    FindingVerdict,
    Issue,
    Report,
    ReportVerdict,
    Requirement,
    RequirementAlternative,
    Span,
    Summary,
)

REPORT: dict[str, Any] = {
    "id": "R-2026-311",
    "standard": "ISO 9001:2015",
    "client": "Acme Valves Ltd",
    "certification_body": "Example Certification Ltd",
    "certificate_number": "Q-12345",
    "audit": {
        "type": "stage2",
        "first_day": "2026-08-27",
        "last_day": "2026-08-31",
        "reference": "AUD-2026-311",
        "lead_auditor": "J. Smith",
    },
    "findings": [
        {
            "id": "NC-1",
            "grade": "major",
            "clause": "8.7.1",
            "statement": "Lot L-7731 of 500 housings failed the leak test (record LT-7731) and was shipped on "
            "delivery note DN-4410 without concession.",
        },
        {
            "id": "NC-2",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "It is best practice to keep an electronic document register; most companies do.",
            "evidence": "Paper register DR-1 lists all 46 controlled documents with current revisions.",
        },
        {
            "id": "NC-3",
            "grade": "major",
            "clause": "7.1.5.2",
            "statement": "Plug gauge PG-31 was one week past its calibration due date; 39 other gauges sampled "
            "were in date.",
        },
        {
            "id": "NC-4",
            "grade": "minor",
            "statement": "Calibration records for gauges G-11 and G-19 in incoming inspection were missing for 2026.",
        },
        {
            "id": "NC-5",
            "grade": "minor",
            "clause": "8.4.1",
            "statement": "Nine of ten purchase orders sampled went to suppliers never evaluated.",
        },
        {"id": "OFI-1", "grade": "ofi", "clause": "9.1.3", "statement": "Satisfaction data could be analysed by line."},
        {
            "id": "OBS-1",
            "grade": "observation",
            "clause": "7.2",
            "statement": "The training record of welder W-14 was not available.",
        },
    ],
}


def _cit(clause: str | None, title: str | None = None) -> Citation:
    if clause is None:
        return Citation(input=None, standard="iso-9001-2015", status="missing")
    return Citation(
        input=clause, standard="iso-9001-2015", clause=clause, title=title, normative=True, status="resolved"
    )


def _issue(rule: str, category: str, severity: str, basis: str, span: tuple[str, str] | None = None) -> Issue:
    sp = None
    if span is not None:
        field, text = span
        sp = Span(field=field, start=0, end=len(text), text=text)  # type: ignore[arg-type]
    return Issue(
        rule=rule,
        name=rule.lower(),
        category=category,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message=f"engine message for {category}",
        basis=basis,
        span=sp,
    )


def verdicts() -> ReportVerdict:
    findings = [
        FindingVerdict(
            id="NC-1",
            verdict="sound",
            raised_grade="major",
            proposed_grade="major",
            grade_reasons=["nonconforming output released"],
            citation=_cit("8.7.1", "Control of nonconforming outputs"),
            requirement=Requirement(
                standard="iso-9001-2015",
                clause="8.7.1",
                title="Control of nonconforming outputs",
                summary="outputs that do not conform are identified and controlled to prevent their delivery",
                source="cited",
            ),
            issues=[],
        ),
        FindingVerdict(
            id="NC-2",
            verdict="withdraw",
            raised_grade="minor",
            proposed_grade="none",
            grade_reasons=["not a valid nonconformity: preference (PP01)"],
            citation=_cit("7.5.3", "Control of documented information"),
            requirement=Requirement(
                standard="iso-9001-2015",
                source="none",
                alternatives=[
                    RequirementAlternative(clause="7.5.3.2", title="Control of documented information", score=0.4)
                ],
                clause="7.5.3.2",
                title="Control of documented information",
                summary="documented information is controlled for distribution, access, storage and changes",
            ),
            issues=[
                _issue(
                    "PP01", "preference", "error", "ISO/IEC 17021-1:2015 9.4.5.3, 4.2", ("statement", "best practice")
                ),
                _issue(
                    "PP02",
                    "preference",
                    "error",
                    "ISO/IEC 17021-1:2015 9.4.5.3, 4.2",
                    ("statement", "most companies do"),
                ),
                _issue("CT05", "too_broad", "warning", "ISO/IEC 17021-1:2015 9.4.5.3", ("clause", "7.5.3")),
            ],
        ),
        FindingVerdict(
            id="NC-3",
            verdict="regrade",
            raised_grade="major",
            proposed_grade="minor",
            grade_reasons=[
                "isolated lapse ('39 other gauges sampled were in date'); the process is otherwise in place (3.13)"
            ],
            citation=_cit("7.1.5.2", "Measurement traceability"),
            requirement=Requirement(
                standard="iso-9001-2015",
                clause="7.1.5.2",
                title="Measurement traceability",
                summary="measuring equipment is calibrated or verified at specified intervals",
                source="cited",
            ),
            issues=[_issue("GR01", "overgraded", "error", "ISO/IEC 17021-1:2015 3.12, 3.13")],
        ),
        FindingVerdict(
            id="NC-4",
            verdict="revise",
            raised_grade="minor",
            proposed_grade="minor",
            grade_reasons=[],
            citation=_cit(None),
            requirement=Requirement(
                standard="iso-9001-2015",
                clause="7.1.5.2",
                title="Measurement traceability",
                summary="measuring equipment is calibrated or verified at specified intervals",
                source="inferred",
            ),
            issues=[_issue("CT01", "uncited", "error", "ISO/IEC 17021-1:2015 9.4.5.3")],
        ),
        FindingVerdict(
            id="NC-5",
            verdict="regrade",
            raised_grade="minor",
            proposed_grade="major",
            grade_reasons=["nine of ten orders: a breakdown"],
            citation=_cit("8.4.1", "General"),
            requirement=Requirement(standard="iso-9001-2015", clause="8.4.1", title="General", source="cited"),
            issues=[_issue("GR03", "undergraded", "error", "ISO/IEC 17021-1:2015 3.12")],
        ),
        FindingVerdict(
            id="OFI-1",
            verdict="sound",
            raised_grade="ofi",
            proposed_grade="ofi",
            grade_reasons=[],
            citation=_cit("9.1.3", "Analysis and evaluation"),
            issues=[],
        ),
        FindingVerdict(
            id="OBS-1",
            verdict="regrade",
            raised_grade="observation",
            proposed_grade="minor",
            grade_reasons=["a requirement not fulfilled"],
            citation=_cit("7.2", "Competence"),
            issues=[_issue("GR05", "nc_recorded_as_ofi", "error", "ISO/IEC 17021-1:2015 9.4.5.2")],
        ),
    ]
    return ReportVerdict(
        report_id="R-2026-311",
        engine=EngineInfo(version="test", ruleset="test", standards=["iso-9001-2015"]),
        summary=Summary(findings=len(findings), by_verdict={}, by_severity={}, certification_impact=""),
        findings=findings,
    )


def report(**changes: Any) -> Report:
    data = {**REPORT, **changes}
    return Report.model_validate(data)
