"""The thirteenth reading's marks, by principle, on letters and wordings of our own making."""

from __future__ import annotations

import datetime as dt

from engine.outputs.challenge import (
    _MAJOR_IN_OUR_WORDS,
    _joint_plan,
    _where_used,
    doubt_line,
    same_subject,
)


def test_an_ofi_is_on_the_same_subject_only_within_the_same_clause() -> None:
    assert same_subject("7.5.3", "7.5.3.2") and same_subject("7.5.3.1", "7.5.3.2")
    assert not same_subject("9.1.3", "7.5.3") and not same_subject("7.1.5", "7.1.6")
    assert not same_subject(None, "7.5.3") and not same_subject("8.4", "")


def test_the_note_to_3_12_is_summarised_with_its_count() -> None:
    assert "The note to 3.12 gives two examples: " in _MAJOR_IN_OUR_WORDS
    assert "other example" not in _MAJOR_IN_OUR_WORDS and "; and a number of minor" in _MAJOR_IN_OUR_WORDS


def test_doubt_is_argued_where_the_item_was_used_and_left_to_the_signer_without_checks() -> None:
    statement = "Torque wrench TW-9 at the assembly bench was used after its verification lapsed."
    assert _where_used(statement, "TW-9") == "assembly bench"
    assert _where_used("Gauge G-1 was overdue.", "G-1") == ""
    below = doubt_line(statement, True)
    # (after the fifteenth reading) what follows is said, not signposted
    assert below == (
        "The checks that follow cover what TW-9 does in the process, process control on assembly bench, "
        "and what we made there."
    )
    assert "below" not in below
    own = doubt_line("A thermometer was used after its verification lapsed.", False)
    assert own.startswith("[To complete: whether it raised significant doubt about process control where it")
    assert "answered below" not in own


class _Part:
    def __init__(self, day: dt.date) -> None:
        self.key, self.passed, self.day = "response", None, day


class _Dates:
    def __init__(self, *days: dt.date) -> None:
        self.parts = [_Part(d) for d in days]


class _F:
    def __init__(self, fid: str) -> None:
        self.id = fid


def test_a_joint_plan_says_when_the_reply_must_reach_us() -> None:
    today = dt.date(2027, 3, 1)
    fs = [_F("NC-2"), _F("NC-3")]
    dates = {"NC-2": _Dates(dt.date(2027, 3, 31)), "NC-3": _Dates(dt.date(2027, 4, 14))}
    line = _joint_plan("NC-1", fs, dates, today)  # type: ignore[arg-type]
    # a quarter of the 30-day plan before the first plan's date: Wed 24 March, a working day
    # (after the fourteenth reading) and a fixed date whatever the reply
    assert line == (
        "If your reply reaches us by 24 March 2027, we will send our plan for NC-1 with our plan for NC-2, by 31 "
        "March 2027. Otherwise we will send by that date a plan based on our own checks, and complete it within 30 "
        "days of your reply."
    )
    # a weekend moves the reply date earlier, never later
    weekend = _joint_plan("NC-1", [fs[0]], {"NC-2": _Dates(dt.date(2027, 3, 14))}, today)  # type: ignore[arg-type]
    assert "reaches us by 5 March 2027," in weekend
    # no date after the letter's own: no joint offer at all
    alone = "We will send our plan for NC-1 within 30 days of your reply."
    assert _joint_plan("NC-1", [fs[0]], {"NC-2": _Dates(dt.date(2027, 3, 5))}, today) == alone  # type: ignore[arg-type]
    assert _joint_plan("NC-1", [fs[0]], {}, today) == alone  # type: ignore[arg-type]
