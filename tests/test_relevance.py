"""The clause-relevance shortcuts answer exactly as the plain computations they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.standards.library import StandardLibrary
from engine.standards.model import Clause, Standard
from engine.standards.relevance import _joined, index_for, keyword_hits, tokens


@pytest.fixture(scope="module")
def lib() -> StandardLibrary:
    return StandardLibrary.load()


def _9001(lib: StandardLibrary) -> Standard:
    std = lib.get("iso-9001-2015")
    assert std is not None
    return std


def _plain_keyword_hits(text: str, c: Clause) -> list[str]:
    joined = _joined(text)
    return [k for k in (*c.keywords, c.title.lower()) if (phrase := _joined(k)).strip() and phrase in joined]


def _plain_rank(lib: StandardLibrary, text: str, limit: int, within: str | None) -> list[tuple[str, float]]:
    idx = index_for(_9001(lib))
    q = list(tokens(text))
    if not q or idx._bm25 is None:
        return []
    raw = idx._bm25.scores(q)
    out = [
        (c.number, s)
        for c, s in zip(idx.clauses, raw, strict=True)
        if s > 0 and (within is None or c.number == within or c.number.startswith(within + "."))
    ]
    out.sort(key=lambda m: (-m[1], m[0]))
    return out[:limit]


_WORDS = [
    "calibration", "calibrated", "measuring", "equipment", "internal", "audits", "audit", "programme", "competence",
    "training", "documented", "information", "control", "records", "supplier", "suppliers", "evaluation", "risks",
    "opportunities", "nonconformity", "corrective", "action", "management", "review", "İstanbul", "ÉTUDE", "the",
    "was", "not", "7.1.5", "-", "Calib", "AUDITED",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_WORDS) | st.text(max_size=5), max_size=25).map(" ".join)


@given(text=_TEXTS, pick=st.integers(min_value=0))
@settings(max_examples=300, deadline=None)
def test_keyword_hits_equal_the_plain_search(lib: StandardLibrary, text: str, pick: int) -> None:
    # the shortcut skips tokenising a text that lacks one of a keyword's stems: a stem begins its word
    clauses = list(_9001(lib).walk())
    c = clauses[pick % len(clauses)]
    assert keyword_hits(text, c) == _plain_keyword_hits(text, c)


def test_keyword_hits_find_a_keyword_written_otherwise(lib: StandardLibrary) -> None:
    c = next(c for c in _9001(lib).walk() if c.number == "9.2.2")
    text = "The AUDIT PROGRAMMES were not planned."
    assert keyword_hits(text, c) == _plain_keyword_hits(text, c) != []


@given(text=_TEXTS, within=st.sampled_from([None, "7", "7.1", "7.1.5", "9.2", "8.4.1", "4"]), limit=st.integers(1, 5))
@settings(max_examples=200, deadline=None)
def test_rank_equals_the_plain_ranking(lib: StandardLibrary, text: str, within: str | None, limit: int) -> None:
    got = [(m.clause.number, m.score) for m in index_for(_9001(lib)).rank(text, limit, within)]
    assert got == _plain_rank(lib, text, limit, within)
