"""What a report costs grows linearly with it: no message repeats a whole group, output per finding is flat."""

from __future__ import annotations

from engine.check.engine import Engine
from engine.core.models import Report

ENGINE = Engine()


def _group(n: int) -> Report:
    findings = [
        {
            "id": f"NC-{i + 1}",
            "grade": "minor",
            "clause": "7.5.3.2",
            "statement": f"Superseded drawing D-{100 + i} was in use at lathe {i % 7}.",
            "evidence": f"Drawing D-{100 + i} rev B at lathe {i % 7}; rev D current per register DR-{i}.",
        }
        for i in range(n)
    ]
    return Report.model_validate({"standard": "ISO 9001:2015", "findings": findings})


def _gr04(n: int) -> list[str]:
    verdict = ENGINE.check(_group(n))
    return [i.message for f in verdict.findings for i in f.issues if i.rule == "GR04"]


def test_a_systemic_group_is_listed_once_in_its_first_member() -> None:
    messages = _gr04(4)
    assert len(messages) == 4
    assert messages[0].startswith("4 nonconformities (NC-1, NC-2, NC-3, NC-4) are recorded against 7.5.3.2")
    for m in messages[1:]:
        assert m.startswith("4 nonconformities (listed under NC-1) are recorded against 7.5.3.2")
        assert m.endswith("together they may show a systemic failure.")


def test_output_per_finding_does_not_grow_with_the_group() -> None:
    small, large = 50, 1000
    per_small = len(ENGINE.check(_group(small)).model_dump_json()) / small
    per_large = len(ENGINE.check(_group(large)).model_dump_json()) / large
    assert per_large < 1.3 * per_small  # listing every member in every message made it grow with the group
