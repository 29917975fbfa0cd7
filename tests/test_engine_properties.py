"""Engine properties over generated reports: one verdict each, deterministic, order-independent."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.check.engine import Engine
from engine.core.models import Report

CROSS_FINDING = {"systemic"}  # categories that depend on the other findings of the report

_clauses = st.sampled_from(
    [None, "7.1.5.2 a)", "7.2 d)", "8", "0.3", "4.2.3", "8.2.2", "9.2.2", "7.1.6", "8.7.1", "7.5.3.2", "x", "A.6"]
)
_phrases = st.sampled_from(
    [
        "Gauge G-4 was used after its calibration due date.",
        "It is best practice to keep an electronic register.",
        "There is no documented procedure for knowledge.",
        "Nonconforming parts were delivered to the customer.",
        "No internal audits have been carried out since certification.",
        "Two suppliers were used without evaluation, because the buyer was new.",
        "The company should buy training software.",
        "Some records appear to be missing.",
        "Obsolete drawing in use at the lathe.",
    ]
)
_evidence = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Drawing D-220 rev B at lathe 4; rev D current per register.",
            "The supervisor said that parts get mixed.",
            "Several files were checked.",
            "Lot L-7731 failed the leak test on 2026-08-03 and was shipped under DN-4410.",
            "One gauge of 40 sampled was overdue; the other 39 were in date.",
        ]
    ),
    st.text(max_size=80),
)
_finding = st.fixed_dictionaries(
    {
        "statement": _phrases | st.text(min_size=1, max_size=80).filter(str.strip),
        "clause": _clauses,
        "evidence": _evidence,
        "grade": st.sampled_from([None, "major", "minor", "ofi", "observation"]),
    }
)
_report = st.lists(_finding, min_size=1, max_size=8).map(
    lambda fs: {"standard": "ISO 9001:2015", "findings": [{"id": f"F{i}", **f} for i, f in enumerate(fs)]}
)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@given(_report)
@_SETTINGS
def test_every_finding_gets_exactly_one_verdict(engine: Engine, data: dict) -> None:
    result = engine.check(Report.model_validate(data))
    assert [f.id for f in result.findings] == [f["id"] for f in data["findings"]]
    assert sum(result.summary.by_verdict.values()) == len(data["findings"])
    for f in result.findings:
        if f.verdict == "withdraw":
            assert f.proposed_grade == "none"
        if f.verdict == "sound":
            assert not [i for i in f.issues if i.severity == "error"]


@given(_report)
@_SETTINGS
def test_same_report_same_answer(engine: Engine, data: dict) -> None:
    report = Report.model_validate(data)
    assert engine.check(report).model_dump() == engine.check(report).model_dump()


@given(_report, st.randoms(use_true_random=False))
@_SETTINGS
def test_order_of_findings_does_not_change_verdicts(engine: Engine, data: dict, rnd: random.Random) -> None:
    shuffled = dict(data, findings=rnd.sample(data["findings"], len(data["findings"])))
    a = {f.id: f for f in engine.check(Report.model_validate(data)).findings}
    b = {f.id: f for f in engine.check(Report.model_validate(shuffled)).findings}
    for fid, fa in a.items():
        fb = b[fid]
        strip = lambda f: [i for i in f.issues if i.category not in CROSS_FINDING]  # noqa: E731
        assert (fa.verdict, fa.proposed_grade, strip(fa)) == (fb.verdict, fb.proposed_grade, strip(fb))


def test_concurrent_reports_do_not_share_audit_criteria(engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    finding = {
        "id": "N1",
        "grade": "minor",
        "clause": "7.1.6",
        "statement": "There is no documented procedure for capturing lessons learned.",
        "evidence": "Project P-104 closed without a lessons-learned entry; KM-01 rev 2 applies.",
    }
    with_criteria = Report.model_validate(
        {"standard": "ISO 9001:2015", "audit": {"criteria": ["KM-01"]}, "findings": [finding]}
    )
    without = Report.model_validate({"standard": "ISO 9001:2015", "findings": [finding]})
    reports = [with_criteria, without] * 40
    with ThreadPoolExecutor(max_workers=8) as pool:
        flagged = list(pool.map(lambda r: any(i.rule == "DI01" for i in engine.check(r).findings[0].issues), reports))
    assert flagged == [False, True] * 40


ADVERSARIAL = {
    "dashes": "A" + "-A" * 49_000,  # was quadratic in the identifier pattern
    "slashes": "A" + "/B" * 49_000,
    "dots": "1" + ".1" * 49_000,
    "words": "no " * 33_000,
    "items": "a) " * 33_000,
    "annex": "Annex A " * 12_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_field_contents_complete(engine: Engine, name: str) -> None:
    text = ADVERSARIAL[name]
    report = Report.model_validate(
        {"standard": "ISO 9001:2015", "findings": [{"statement": text, "evidence": text, "clause": text[:1000]}]}
    )
    result = engine.check(report)
    assert len(result.findings) == 1 and result.findings[0].verdict in ("sound", "revise", "regrade", "withdraw")
