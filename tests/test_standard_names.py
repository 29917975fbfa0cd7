"""A standard written with a bracketed note or as a national adoption is the standard itself."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ISO 45001:2018 (NBR ISO 45001)", "iso-45001-2018"),
        ("NBR ISO 45001:2018", "iso-45001-2018"),
        ("ABNT NBR ISO 9001:2015", "iso-9001-2015"),
        ("NP EN ISO 14001:2015", "iso-14001-2015"),
        ("ISO 9001:2015 [BS EN ISO 9001]", "iso-9001-2015"),
        ("ISO/IEC 27001:2022 (incl. Annex A)", "iso-iec-27001-2022"),
        ("ISO 14001:2015 (Amd 1:2024)", "iso-14001-2015"),
    ],
)
def test_bracketed_notes_and_national_adoptions_resolve(engine: Engine, written: str, expected: str) -> None:
    std = engine.library.resolve(written)
    assert std is not None and std.id == expected


def test_a_name_that_is_no_standard_stays_unresolved(engine: Engine) -> None:
    assert engine.library.resolve("XYZ 123:2020 (internal rules)") is None


def test_citation_checks_run_under_a_bracketed_standard_name(engine: Engine) -> None:
    report = Report.model_validate(
        {
            "standard": "ISO 45001:2018 (NBR ISO 45001)",
            "findings": [
                {
                    "id": "N1",
                    "grade": "minor",
                    "clause": "9.9.9",
                    "statement": "Workers were not consulted on the new hazard controls for the paint shop.",
                    "evidence": "Consultation minutes for 2026 hold no entry on the paint-shop extraction change.",
                }
            ],
        }
    )
    finding = engine.check(report).findings[0]
    assert finding.citation.standard == "iso-45001-2018"
    assert finding.citation.status == "unknown_clause"
