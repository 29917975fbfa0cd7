"""Is a finding written in English? The lexicons read English only: another language is said, never passed as sound.

A small, dependency-free guess: the script of the letters, then common function words of the languages
certification bodies most often write in. Short or mixed texts give no guess (None), so nothing is flagged
on doubt."""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": _words(
        "the a an of and or to in on at for with by from was were is are be been not no this that which has have "
        "had it its as there their during"
    ),
    "German": _words(
        "der die das und oder nicht ist sind war wurde wurden ein eine einer eines dem den des mit von zu im auf "
        "für bei kein keine wird werden nach"
    ),
    "French": _words(
        "le la les des du un une et ou est sont était été pas ne dans pour avec par sur au aux ce cette qui que "
        "aucun aucune lors"
    ),
    "Spanish": _words(
        "el la los las del un una y o es son fue fueron no en para con por sobre al que se ningún ninguna "
        "durante está están"
    ),
    "Italian": _words(
        "il lo la gli le dei delle un una e o è sono era stato stata non nel nella per con da su che del della "
        "nessun nessuna"
    ),
    "Portuguese": _words(
        "o a os as do da dos das um uma e ou é são foi foram não em no na para com por que nenhum nenhuma durante está"
    ),
    "Dutch": _words("de het een en of is zijn was werd werden niet geen van in op voor met door bij dat die er naar"),
}
_SCRIPTS = (
    ("CJK", "Chinese or Japanese"),
    ("HIRAGANA", "Japanese"),
    ("KATAKANA", "Japanese"),
    ("HANGUL", "Korean"),
    ("CYRILLIC", "a Cyrillic-script language"),
    ("ARABIC", "Arabic"),
    ("HEBREW", "Hebrew"),
    ("GREEK", "Greek"),
    ("THAI", "Thai"),
    ("DEVANAGARI", "Hindi or another Devanagari-script language"),
)


def guess_language(text: str) -> str | None:
    """`English`, another language's name, or None when the text is too short or too mixed to say."""
    text = text[:2000]  # the opening of a finding says its language
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 12:
        return None
    other = [ch for ch in letters if ord(ch) > 0x24F]  # beyond the Latin blocks
    if len(other) > 0.3 * len(letters):
        names = [unicodedata.name(ch, "") for ch in other]
        for key, name in _SCRIPTS:
            if sum(1 for n in names if key in n) > 0.3 * len(letters):
                return name
        return None
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 5:
        return None
    hits = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(hits, key=lambda lang: hits[lang])
    if best == "English" or hits[best] < 2:
        return "English" if hits["English"] >= 1 else None
    # another language only when its words clearly outnumber English ones
    return best if hits[best] >= 2 * max(hits["English"], 1) else None


def not_english(text: str) -> str | None:
    """The language's name when the text is (clearly) not English; None otherwise."""
    lang = guess_language(text)
    return lang if lang not in (None, "English") else None


# `not_english` of each statement of the last report read (engine/core/normalise.py guesses while reading it): its
# check asks again of the same statements (the `wording` fact). One dict, replaced whole for each report, so
# a thread never sees half of one; a statement not in it (another report's, read meanwhile) is guessed anew.
_read: dict[str, str | None] = {}


def remember(guesses: dict[str, str | None]) -> None:
    """Keep the guesses made while reading one report (`not_english` of each statement), for its check."""
    global _read
    _read = guesses


def statement_not_english(text: str) -> str | None:
    """`not_english(text)`, from the guesses made while reading the report when it holds this statement."""
    read = _read
    return read[text] if text in read else not_english(text)
