"""Named facts computed in Python: the identifiers that make evidence findable, and what names a standard."""

from __future__ import annotations

import pytest

from engine.citation import standards_named
from engine.facts import identifiers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Drawing D-220 rev B at lathe 4", ["rev B", "lathe 4"]),
        ("procedure QP-12 rev 4 s.5", ["QP-12", "rev 4"]),
        ("Revision C of the plan, 2026-03-02", ["Revision C", "2026-03-02"]),
        ("3 of 40 files", ["3 of 40"]),
    ],
)
def test_identifiers_that_locate_evidence(text: str, found: list[str]) -> None:
    assert set(found) <= set(identifiers(text))


@pytest.mark.parametrize(
    "text",
    ["Several logs were reviewed.", "Records were revised and reviewed.", "Revenue figures were discussed."],
)
def test_words_beginning_with_rev_are_not_revisions(text: str) -> None:
    # 'reviewed' once passed for a revision mark, so 'Several logs were reviewed.' counted as located evidence
    assert identifiers(text) == []


def test_standards_named_in_a_statement() -> None:
    assert standards_named("Audits do not follow ISO 19011 or ISO/IEC 27002:2022.") == [
        "ISO 19011",
        "ISO/IEC 27002:2022",
    ]
    assert standards_named("Calibration records were missing.") == []
