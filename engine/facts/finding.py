"""Facts about the finding as raised: its grade, and whether its words could be read at all."""

from __future__ import annotations

import re

from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts

_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "is",
        "was",
        "were",
        "are",
        "not",
        "no",
        "and",
        "or",
        "for",
        "on",
        "with",
        "by",
        "from",
        "has",
        "have",
        "had",
        "been",
        "be",
        "that",
        "this",
        "at",
        "as",
    ]
)
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@fact("grade", values=("major", "minor", "ungraded", "ofi", "observation"), reads=("finding",))
def grade(ff: FindingFacts) -> str:
    """The grade as raised by the auditor (`ungraded` when none is given)."""
    return ff.finding.grade or "ungraded"


@fact("nc", reads=("grade",))
def nc(ff: FindingFacts) -> bool:
    """Raised as a nonconformity (major, minor or ungraded)."""
    return ff.fact["grade"] in ("major", "minor", "ungraded")


@fact("ofi", reads=("grade",))
def ofi(ff: FindingFacts) -> bool:
    """Raised as an opportunity for improvement or an observation."""
    return ff.fact["grade"] in ("ofi", "observation")


@fact("wording", values=("english", "partly_english", "not_english"), reads=("finding",))
def wording(ff: FindingFacts) -> str:
    """Whether the statement is written in English, the only language the lexicons read."""
    text = ff.whole_text()
    letters = len(_LETTER.findall(text))
    if not letters:
        return "english"
    latin = len(_LATIN.findall(text))
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    if latin / letters >= 0.8 and (len(words) < 6 or english / len(words) >= 0.12):
        result = "english"
    elif english >= 3:
        result = "partly_english"  # a translation beside the original: the English words were read
    else:
        result = "not_english"
    if result == "not_english":
        ff.notes.append(
            "The wording is not in English: it was not checked for preference, cause, solution or vagueness."
        )
    elif result == "partly_english":
        ff.notes.append("Part of the wording is not in English: only its English words were checked.")
    return result
