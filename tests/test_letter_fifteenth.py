"""The fifteenth reading's principles on letters, on wordings of our own and on the regenerated letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.outputs.challenge import DOCUMENT_TITLE, _drop_request, doubt_line, restate_instead

LETTERS = Path(__file__).parent / "fixtures" / "letters"
NAMES = ("preference", "regrade", "evidence")


def _text(name: str) -> str:
    return (LETTERS / f"{name}.md").read_text(encoding="utf-8").replace("&gt;", ">")


def test_every_line_naming_the_title_says_where_word_keeps_it() -> None:
    assert "File > Info > Properties > Title" in DOCUMENT_TITLE
    assert DOCUMENT_TITLE in _drop_request("the request")
    assert DOCUMENT_TITLE in restate_instead("if our own procedure asks for it")
    for name in NAMES:
        text = _text(name)
        named = text.count("document's title")
        assert named == text.count(DOCUMENT_TITLE), name


def test_what_follows_is_said_not_signposted() -> None:
    line = doubt_line("Pressure gauge PG-51 on filling line 2 was used past its calibration date.", True)
    assert "PG-51" in line and "filling line 2" in line and "what we made there" in line
    assert "below" not in line and "answered" not in line
    for name in NAMES:
        assert "is answered below" not in _text(name), name


@pytest.mark.parametrize("name", NAMES)
def test_a_courtesy_word_is_used_at_most_once(name: str) -> None:
    assert _text(name).lower().count("welcome") <= 1
