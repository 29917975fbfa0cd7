"""The inference's word and text caches stay bounded in what a process reads: record numbers are not kept."""

from __future__ import annotations

from engine.standards import inference


def test_a_word_with_a_digit_is_stemmed_alike_but_not_kept() -> None:
    before = inference._stem_cached.cache_info().currsize
    for n in range(300):
        word = f"ia{70_000 + n}"
        assert inference.stem(word) == inference._stem(word)
    assert inference._stem_cached.cache_info().currsize == before
    # words of letters are kept, and stemmed as before (spelling and synonyms first)
    assert inference.stem("calibrations") == inference._stem("calibrations") == inference.stem("calibration")
    assert inference._stem_cached.cache_info().currsize > 0


def test_tokens_of_texts_with_record_numbers_are_the_same_and_the_text_cache_is_bounded() -> None:
    a = inference.tokens("Internal audit IA-40412 of the paint shop was not carried out.")
    b = inference.tokens("Internal audit IA-40413 of the paint shop was not carried out.")
    assert a[:-1] != () and [t for t in a if not any(c.isdigit() for c in t)] == [
        t for t in b if not any(c.isdigit() for c in t)
    ]
    assert any(any(c.isdigit() for c in t) for t in a)  # the number is still a word of the text
    for n in range(inference.TEXTS + 50):
        inference.tokens(f"Calibration record CAL-{n} was missing.")
    assert inference.tokens.cache_info().currsize <= inference.TEXTS
