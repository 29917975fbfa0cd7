"""Lexicon matching: word boundaries, negation, and the Hyperscan prefilter never changing a result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.yamlio import load_yaml
from engine.rulebook.lexicon import LexiconError, LexiconMatcher, check_phrases, load_lexicon, load_lexicons, negated
from engine.rulebook.rulebase import rules_folder
from engine.tools.cases import read_cases
from tests.conftest import ROOT, SHARED

LEXICONS = load_lexicons(rules_folder() / "lexicons")
PLAIN = LexiconMatcher(LEXICONS, accelerate=False)
FAST = LexiconMatcher(LEXICONS, accelerate=True)


def test_word_boundaries_and_case() -> None:
    pref = LEXICONS["preference"]
    assert [h.text for h in pref.find("It is BEST PRACTICE here")] == ["BEST PRACTICE"]
    assert pref.find("bestpractice") == [] and pref.find("ideallyx") == []


def test_every_shipped_phrase_is_a_pattern_on_its_own() -> None:
    # at start-up only the combined pattern is compiled, so a phrase escaping its group would go unnoticed there
    for path in sorted((rules_folder() / "lexicons").glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        for group in [data.get("phrases") or [], *(t["phrases"] for t in data.get("topics") or [])]:
            check_phrases(group, str(path))
    with pytest.raises(LexiconError, match=r"phrases\[1\] is not a valid pattern"):
        check_phrases(["fine", "a)|(b"], "x.yaml")


@pytest.mark.parametrize(
    ("phrases", "message"),
    [
        (["ok", "(unclosed"], r"phrases\[1\] is not a valid pattern"),
        (["ok", "  "], r"phrases\[1\] must be a non-empty"),
    ],
)
def test_a_bad_phrase_is_named(tmp_path: Path, phrases: list[str], message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(json.dumps({"id": "bad", "phrases": phrases}), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("lexicon", "text", "found"),
    [
        ("absence", "0 of 12 records signed", True),
        ("absence", "routes to 10.1.0.0/16 (production)", False),  # an address, not a sample count
        ("isolated", "1/40 files unsigned", True),
        ("isolated", "gateway 10.0.0.1/24, dated 1/12/2026", False),
    ],
)
def test_sample_ratios_are_not_read_in_addresses_or_dates(lexicon: str, text: str, found: bool) -> None:
    assert bool(LEXICONS[lexicon].find(text)) is found


def test_negation_only_where_declared() -> None:
    released = LEXICONS["released"]
    assert released.find("The lot was shipped on 2026-08-05.")
    assert not released.find("No product was shipped to the customer.")
    assert negated("parts were not shipped", len("parts were not "))
    assert not negated("not ok. Parts shipped", len("not ok. Parts "))  # a sentence break ends negation


def _corpus_texts() -> list[str]:
    texts = []
    for path in (SHARED / "corpus" / "dev_cases.jsonl", ROOT / "tests" / "cases" / "team"):
        if path.exists():
            for case in read_cases(path):
                for f in case["report"]["findings"]:
                    texts.append(f["statement"])
                    ev = f.get("evidence")
                    texts.append("\n".join(ev) if isinstance(ev, list) else ev or "")
    return texts


@pytest.mark.skipif(not FAST.accelerated, reason="Hyperscan is not installed on this platform")
def test_prefilter_equals_plain_on_the_corpora() -> None:
    for text in _corpus_texts():
        fields = {"statement": text, "evidence": text}
        assert FAST.find(fields) == PLAIN.find(fields), text


_VOCABULARY = """
best practice I would expect no documented procedure was not shipped delivered to the customer
because due to should buy recommend said that reportedly some several one of 40 the other 39
isolated lapse at height without fall-arrest fire extinguishers tax return quality manual management
representative é ü 💥 - , .
"""
_words = st.sampled_from(_VOCABULARY.split())


@given(st.lists(_words | st.text(max_size=8), max_size=40).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_prefilter_equals_plain_on_generated_text(text: str) -> None:
    fields = {"statement": text, "evidence": text}
    assert FAST.find(fields) == PLAIN.find(fields)


# every word any phrase spells out, so generated text keeps completing and breaking phrases of every lexicon
_PHRASE_WORDS = sorted(
    {w for lex in LEXICONS.values() for group in lex.groups for p in group for w in re.findall(r"[a-z]{2,}", p)}
)


@given(
    st.lists(st.sampled_from(_PHRASE_WORDS) | st.sampled_from(["not", "no", ".", ",", "-", "a", "the"]), max_size=30)
)
@settings(max_examples=400, deadline=None)
def test_narrowed_alternations_find_what_whole_lexicons_find(words: list[str]) -> None:
    # the prefilter names the phrases that can match, and only those are tried: the hits must not change
    text = " ".join(words)
    fields = {"statement": text, "evidence": text}
    assert FAST.find(fields) == PLAIN.find(fields)


@pytest.mark.skipif(not FAST.accelerated, reason="Hyperscan is not installed on this platform")
def test_prefilter_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = _corpus_texts() * 3
    expected = [PLAIN.find({"statement": t, "evidence": t}) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: FAST.find({"statement": t, "evidence": t}), texts))
    assert got == expected


def test_narrowing_is_ignored_for_text_beyond_ascii() -> None:
    # narrowed patterns use ASCII semantics: handed non-ASCII text, a lexicon must use its whole pattern
    lex = LEXICONS["preference"]
    text = "It is best practice to keep a register — café notes"
    everything = {k: set(range(len(g))) for k, g in enumerate(lex.groups)}
    nothing_possible = {0: {0}}
    assert lex.find(text, nothing_possible) == lex.find(text) == lex.find(text, everything)
    assert lex.find(text)


_UNICODE_VOCABULARY = _VOCABULARY.split() + [
    "\u00a0",
    "\u2003",
    "\u2028",
    "\x85",
    "§",
    "§\u00a0",
    "İ",
    "ı",
    "ſ",
    "K",
    "Kalibrierung",
    "łódź",
    "Ωμέγα",
    "مرحبا",
    "校准",
    "٣",
    "١/٤٠",
    "0\u2009of\u200940",
    "not\u00a0documented",
    "best\u00a0practice",
    "😀",
    "\ud800",
]


@pytest.mark.skipif(not FAST.accelerated, reason="Hyperscan is not installed on this platform")
@given(
    st.lists(
        st.sampled_from(_UNICODE_VOCABULARY) | st.sampled_from(_PHRASE_WORDS) | st.text(max_size=6), max_size=40
    ).map(" ".join)
)
@settings(max_examples=400, deadline=None)
def test_prefilter_equals_plain_on_text_beyond_ascii(text: str) -> None:
    fields = {"statement": text, "evidence": text}
    assert FAST.find(fields) == PLAIN.find(fields)


@pytest.mark.skipif(not FAST.accelerated, reason="Hyperscan is not installed on this platform")
def test_text_beyond_ascii_goes_through_the_prefilter() -> None:
    # non-ASCII white space used to bypass the prefilter and run every lexicon whole (~15 us a character)
    text = "\u00a0\u2003§ " * 500
    assert FAST.candidates(text) == {}
    assert FAST.find({"statement": text, "evidence": text}) == PLAIN.find({"statement": text, "evidence": text}) == {}


def test_only_the_case_twins_match_ascii_letters() -> None:
    # the shadow maps these to ASCII letters; any other non-ASCII character that matched one would be missed
    from engine.rulebook.lexicon import _CASE_TWINS

    twins = {chr(cp) for cp in range(0x80, 0x110000) if re.fullmatch("[a-z]", chr(cp), re.IGNORECASE)}
    assert twins == {chr(k) for k in _CASE_TWINS}


_NEGATION_PIECES = [
    "not",
    "no",
    "cannot",
    "don't",
    "x",
    "and",
    "but",
    "whereas",
    "butter",
    ",",
    ", ",
    ",\n and ",
    ".",
    ";",
    "\n",
    " ",
    "'",
    "o'",
    "12",
    "_",
    "-",
    "é",
    "shipped",
    "while",
    "nor",
    "never",
]


@given(st.lists(st.sampled_from(_NEGATION_PIECES), max_size=40))
@settings(max_examples=500, deadline=None)
def test_indexed_negation_answers_as_the_rescan_does_at_every_position(pieces: list[str]) -> None:
    # each hit looks up the words since the last clause break instead of rescanning the text before it
    from engine.rulebook.lexicon import _Clauses

    text = "".join(pieces)
    index = _Clauses(text)
    assert [index.negated(i) for i in range(len(text) + 1)] == [negated(text, i) for i in range(len(text) + 1)]


def test_a_narrowed_search_compiles_no_pattern_per_phrase_combination() -> None:
    # one pattern per phrase, compiled once: new combinations of phrases compile nothing new
    matcher = LexiconMatcher(load_lexicons(rules_folder() / "lexicons"), accelerate=True)
    if not matcher.accelerated:
        pytest.skip("Hyperscan is not installed on this platform")
    matcher.warm(patterns=True)
    patterns = [(lex.id, k, p) for lex in matcher.lexicons.values() for k, p in lex._phrase.items()]
    assert len(patterns) == sum(len(g) for lex in matcher.lexicons.values() for g in lex.groups)
    pieces = [
        "It is best practice",
        "in my opinion",
        "the firm should buy software",
        "most companies do it",
        "several records",
        "we were told",
        "was not calibrated",
        "ideally",
    ]
    for n in range(40):
        text = ". ".join(pieces[(n * k) % len(pieces)] for k in range(1, 2 + n % 4))
        assert matcher.find({"statement": text}) == PLAIN.find({"statement": text})
    assert [(lex.id, k, p) for lex in matcher.lexicons.values() for k, p in lex._phrase.items()] == patterns


@pytest.mark.parametrize("sep", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_separators_python_counts_as_white_space_match_alike(sep: str) -> None:
    """Python's Unicode `\\s` takes the information separators \\x1c-\\x1f as white space; Hyperscan's and an ASCII
    `\\s` do not. The prefilter reads them as spaces and the narrowed search is skipped, so the hits agree."""
    text = f"0{sep} manual and the{sep}procedure{sep} must be documented"
    fields = {"statement": text, "evidence": text}
    assert PLAIN.find(fields)  # the case matters: the plain lexicons do match here
    assert FAST.find(fields) == PLAIN.find(fields)
