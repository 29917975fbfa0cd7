"""Named facts computed in Python: the identifiers that make evidence findable, and what names a standard."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.facts import demands as _demands
from engine.facts import identifiers
from engine.rulebook.lexicon import load_lexicons
from engine.rulebook.rulebase import rules_folder
from engine.standards.citation import standards_named


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


@pytest.mark.parametrize(
    "text",
    [
        "Training records were not kept.",  # no digit, no cue word: the scan is skipped
        "The store AREA b was untidy.",  # a place word (any case) followed by a short code
        "Goods were left in the warehouse X.",
        "REV C of the plan was issued.",
        "Work at the Bristol Site A; gate 3 and dock b.",
        "Café records were not kept.",  # not ASCII: always scanned
        "Work at lathe\x1c7 to rev\x1fB.",  # separators: white space to a Unicode pattern, not to an ASCII one
    ],
)
def test_identifiers_skip_only_texts_the_pattern_cannot_match(text: str) -> None:
    from engine.facts.context import _IDENTIFIER

    assert identifiers(text) == [m.group(0) for m in _IDENTIFIER.finditer(text)]


_IDENTIFIER_WORDS = [
    "QP-12", "rev", "B", "Rev.", "4", "lathe", "LINE", "7", "2026-03-02", "12/09/2026", "Oct", "2026", "Q3", "of",
    "out", "40", "batch", "no.", "A1-77", "v2", "issue", "order", "#", "records", "were", "kept", ",", ";",
]  # fmt: skip


@given(
    st.lists(
        st.sampled_from(_IDENTIFIER_WORDS) | st.sampled_from(["\x1c", "\x1f", "\t", "\n", "  "]) | st.text(max_size=4),
        max_size=30,
    ).map(" ".join)
)
@settings(max_examples=300, deadline=None)
def test_identifiers_equal_the_unicode_pattern_on_any_text(text: str) -> None:
    # ASCII text is read with ASCII semantics (faster); the separators \x1c-\x1f are white space only to Unicode's
    from engine.facts.context import _IDENTIFIER

    assert identifiers(text) == [m.group(0) for m in _IDENTIFIER.finditer(text)]


@given(
    st.lists(
        st.sampled_from([*_IDENTIFIER_WORDS, "ISO", "9001:2015", "clause", "8.5.1", "IATF", "16949", "50%", "a)"])
        | st.sampled_from(["\x1c", "\x1f", "\t"])
        | st.text(max_size=4),
        max_size=30,
    ).map(" ".join)
)
@settings(max_examples=300, deadline=None)
def test_evidence_identifiers_equal_the_unicode_patterns_on_any_text(text: str) -> None:
    # references (ISO 9001, clause 8.5.1) are blanked out before identifiers are looked for: with an ASCII
    # pattern where that is exact, with the Unicode one elsewhere
    from engine.facts.context import _IDENTIFIER
    from engine.facts.evidence import _REFERENCE, _identifying

    blanked = _REFERENCE.sub(" ", text)
    assert _identifying(text) == [m.group(0) for m in _IDENTIFIER.finditer(blanked)][:4]


def test_a_reference_split_by_a_separator_is_still_no_evidence() -> None:
    from engine.facts.evidence import _identifying

    assert _identifying("See ISO\x1c9001 clause 8.5.1; batch 7\x1f12 was not tested.") == ["batch 7"]


def test_standards_named_in_a_statement() -> None:
    assert standards_named("Audits do not follow ISO 19011 or ISO/IEC 27002:2022.") == [
        "ISO 19011",
        "ISO/IEC 27002:2022",
    ]
    assert standards_named("Calibration records were missing.") == []


_DOC = load_lexicons(rules_folder() / "lexicons")["documentation_demand"]


@pytest.mark.parametrize(
    ("statement", "asks"),
    [
        ("There is no documented procedure for managing organizational knowledge.", True),
        ("The organization has no quality manual.", True),
        ("A formal FMEA has not been produced for the assembly risks.", True),
        ("Work instructions are missing at two workstations.", True),
        ("The company should have a risk register.", True),
        ("Operating procedures for the backup system are not documented.", True),
        ("The company does not have a documented procedure for design changes.", True),
        ("Purchasing is done without a written procedure.", True),
        ("A superseded revision of the work instruction was in use.", False),
        ("No operator on the night shift had read the work instruction.", False),
        ("Operators did not follow the operating instructions; the FMEA was reviewed.", False),
    ],
)
def test_a_document_named_is_not_always_a_document_asked_for(statement: str, asks: bool) -> None:
    hits = _DOC.find(statement)
    assert hits, "the lexicon names a document here"
    assert any(_demands(statement, h) for h in hits) is asks
