"""Every output grows linearly with the findings: the work per finding at ten times the findings stays flat.

Work is counted, not timed: the Python function calls (and calls into C) a renderer makes, traced with
`sys.setprofile`, are the same on every run and machine. A renderer that rescans what it has written for every
row (openpyxl's `ws[ws.max_row]`, `f in a_list` over pydantic models) makes calls per finding that grow with the
report. Time is measured by `bench/attacks.py` (1,000 against 100 findings)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report, ReportVerdict
from engine.outputs.challenge import challenge_letter
from engine.outputs.plan import build_plan
from engine.outputs.plan_formats import render_plan
from engine.outputs.render import render

SMALL, FACTOR = 30, 10


def _base(engine: Engine) -> tuple[Report, ReportVerdict]:
    grades = ("major", "minor", "ofi", "minor", None)
    findings = [
        {
            "id": f"NC-{i + 1}",
            "grade": grades[i % len(grades)],
            "clause": ("7.5.3.2", "8.4.1", "7.1.5.2", "4.1", None)[i % 5],
            "statement": f"Superseded drawing D-{100 + i} was in use at lathe {i % 7}; better to use a form.",
            "evidence": f"Drawing D-{100 + i} rev B at lathe {i % 7}; rev D current per register DR-{i}.",
        }
        for i in range(SMALL)
    ]
    report = Report.model_validate(
        {
            "id": "R-1",
            "standard": "ISO 9001:2015",
            "audit": {"type": "stage2", "date": "2026-10-14"},
            "findings": findings,
        }
    )
    return report, engine.check(report)


def _times(report: Report, verdict: ReportVerdict, k: int) -> tuple[Report, ReportVerdict]:
    """The report and its verdict `k` times over, each copy's findings under ids of their own."""
    findings, verdicts = [], []
    for j in range(k):
        for f, v in zip(report.findings, verdict.findings, strict=True):
            findings.append(f.model_copy(update={"id": f"{f.id}-{j}"}))
            verdicts.append(v.model_copy(update={"id": f"{v.id}-{j}"}))
    return report.model_copy(update={"findings": findings}), verdict.model_copy(update={"findings": verdicts})


RENDERERS: dict[str, Callable[[Report, ReportVerdict], Any]] = {
    "plan-xlsx": lambda r, v: render_plan(build_plan(r, v), "xlsx"),
    "plan-csv": lambda r, v: render_plan(build_plan(r, v), "csv"),
    "plan-ics": lambda r, v: render_plan(build_plan(r, v), "ics"),
    "plan-json": lambda r, v: render_plan(build_plan(r, v), "json"),
    "letter-md": lambda r, v: challenge_letter(r, v, None, "md"),
    "letter-docx": lambda r, v: challenge_letter(r, v, None, "docx"),
    "review-page": lambda r, v: render([v], "html", reports=[r]),
    "worklist-csv": lambda r, v: render([v], "csv"),
    "text": lambda r, v: render([v], "text"),
}


def _calls(fn: Callable[[], Any]) -> int:
    count = 0

    def tally(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(tally)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module")
def base(engine: Engine) -> tuple[Report, ReportVerdict]:
    return _base(engine)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_work_per_finding_is_flat_from_one_size_to_ten_times_it(name: str, base: tuple[Report, ReportVerdict]) -> None:
    render_one = RENDERERS[name]
    small = _times(*base, 1)
    large = _times(*base, FACTOR)
    render_one(*small)  # imports and first-use caches out of the count
    per_small = _calls(lambda: render_one(*small)) / SMALL
    per_large = _calls(lambda: render_one(*large)) / (SMALL * FACTOR)
    assert per_large <= 1.3 * per_small, f"{name}: {per_small:.0f} calls a finding at {SMALL}, {per_large:.0f} at 10x"


def test_the_count_sees_a_renderer_that_rescans_its_output(base: tuple[Report, ReportVerdict]) -> None:
    """The measure itself: a renderer that looks through all earlier rows for each new one is caught."""

    def rescanning(r: Report, v: ReportVerdict) -> list[bool]:
        seen: list[Any] = []
        out = []
        for f in v.findings:
            out.append(f in seen)  # compares f with every earlier finding
            seen.append(f)
        return out

    small, large = _times(*base, 1), _times(*base, FACTOR)
    per_small = _calls(lambda: rescanning(*small)) / SMALL
    per_large = _calls(lambda: rescanning(*large)) / (SMALL * FACTOR)
    assert per_large > 1.3 * per_small
