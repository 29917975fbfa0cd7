"""The previous findings' index (engine/facts/history.py) finds the same repeat as reading every previous finding
on a related clause in the order listed, whatever the words, statuses and due dates (issue 28 item 3)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.models import PreviousFinding
from engine.facts.history import _PreviousIndex, _similar
from engine.standards.relevance import related

WORDS = [f"w{i}" for i in range(14)]  # few words: overlaps, near-threshold similarities and ties are common
NUMBERS = ["7.1", "7.1.5", "7.1.5.2", "7.1.5.1", "8.2.2", "8", "9.2.1", "9.2.2"]
AUDIT_DAY = dt.date(2026, 10, 14)

words = st.frozensets(st.sampled_from(WORDS), max_size=9)
previous = st.tuples(
    st.sampled_from(NUMBERS),
    words,
    st.sampled_from(["open", "closed", None]),
    st.one_of(st.none(), st.dates(dt.date(2026, 9, 1), dt.date(2026, 11, 30))),
)


def plain_first_repeat(
    rows: list[tuple[int, str, frozenset[str], PreviousFinding]], number: str, mine: frozenset[str], day: dt.date | None
) -> PreviousFinding | None:
    """`repeat` as first written: every previous finding on a related number, in the order listed."""
    for _, n, theirs, p in sorted(rows, key=lambda r: r[0]):
        if not related(n, number):
            continue
        overdue = p.status == "open" and p.due is not None and day is not None and p.due < day
        if (_similar(mine, theirs) and p.status != "open") or overdue:
            return p
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(previous, max_size=40),
    st.sampled_from(NUMBERS),
    words,
    st.sampled_from([AUDIT_DAY, None]),
)
def test_index_finds_the_plain_answer(
    given_rows: list[tuple[str, frozenset[str], str | None, dt.date | None]],
    number: str,
    mine: frozenset[str],
    day: dt.date | None,
) -> None:
    rows = [
        (pos, n, theirs, PreviousFinding(id=f"P-{pos}", clause=n, status=status, due=due))  # type: ignore[arg-type]
        for pos, (n, theirs, status, due) in enumerate(given_rows)
    ]
    index = _PreviousIndex.of(rows, day)
    assert index.first_repeat(number, mine) is plain_first_repeat(rows, number, mine, day)


def test_a_similar_closed_finding_after_a_dissimilar_one_is_found() -> None:
    mine = frozenset(["calibr", "gaug", "record", "missing"])
    rows = [
        (0, "7.1.5.2", frozenset(["train", "record", "welder"]), PreviousFinding(id="A", status="closed")),
        (1, "7.1.5.2", frozenset(["calibr", "gaug", "record"]), PreviousFinding(id="B", status="closed")),
        (2, "7.1.5.2", frozenset(["calibr", "gaug", "record", "missing"]), PreviousFinding(id="C", status="closed")),
    ]
    found = _PreviousIndex.of(rows, AUDIT_DAY).first_repeat("7.1.5.2", mine)
    assert found is not None and found.id == "B"


def test_an_overdue_open_finding_before_any_similar_one_is_the_repeat() -> None:
    mine = frozenset(["calibr", "gaug"])
    rows = [
        (0, "7.1.5", frozenset(["other"]), PreviousFinding(id="late", status="open", due=dt.date(2026, 1, 1))),
        (1, "7.1.5.2", frozenset(["calibr", "gaug"]), PreviousFinding(id="same", status="closed")),
    ]
    found = _PreviousIndex.of(rows, AUDIT_DAY).first_repeat("7.1.5.2", mine)
    assert found is not None and found.id == "late"
    assert _PreviousIndex.of(rows, None).first_repeat("7.1.5.2", mine).id == "same"  # type: ignore[union-attr]
