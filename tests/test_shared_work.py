"""Work shared or indexed for speed (issue 28 item 1) answers as the plain computation it replaces: the
disciplines' subject terms found through their stem index are those found by testing every term, in the same
order; a clause's subject phrases read once per standard hold the same words as tokenising them each time."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.standards.disciplines import (
    _subject_phrases,
    _subject_words,
    _weights,
    best_clause,
    clause_vocabularies,
    names_no_subject_term,
    subject_areas,
    terms_named,
)
from engine.standards.inference import tokens
from engine.standards.library import StandardLibrary


def _plain_terms(words: frozenset[str]) -> list[tuple[object, object]]:
    return [(a, t) for a in subject_areas() for t in a.terms if t.named_by(words)]


def _term_stems() -> list[str]:
    return sorted({w for a in subject_areas() for t in a.terms for s in t.spellings for w in s})


STEMS = _term_stems()
OTHER = ["record", "procedur", "audit", "site", "zzq"]


@settings(max_examples=300, deadline=None)
@given(st.frozensets(st.sampled_from(STEMS + OTHER), max_size=12))
def test_terms_named_as_the_plain_scan(words: frozenset[str]) -> None:
    assert terms_named(words) == _plain_terms(words)
    assert names_no_subject_term(words) == (not _plain_terms(words))


def test_every_term_is_found_by_its_own_spellings() -> None:
    # each spelling alone, and with words of other terms beside it: the index never misses a term
    rnd = random.Random(7)
    for a in subject_areas():
        for t in a.terms:
            for s in t.spellings:
                words = s | frozenset(rnd.sample(STEMS, 3))
                found = terms_named(words)
                assert (a, t) in found
                assert found == _plain_terms(words)


def test_subject_phrases_as_tokenising_each_time() -> None:
    lib = StandardLibrary.load()
    std = next(s for s in lib if s.discipline and clause_vocabularies(s))
    vocab = frozenset().union(*(v for _, v in clause_vocabularies(std)))
    rnd = random.Random(3)
    for (c, _), phrases in zip(clause_vocabularies(std), _subject_phrases(std), strict=True):
        for words in (vocab, frozenset(rnd.sample(sorted(vocab), min(len(vocab), 40)))):
            plain: set[str] = set()
            for phrase in (c.title, *c.keywords):
                stems = frozenset(tokens(phrase))
                if stems and stems <= words:
                    plain |= stems
            assert _subject_words(phrases, words) == frozenset(plain)


def _plain_best(std, words, idf):  # type: ignore[no-untyped-def]
    total = sum(idf.get(w, 0.0) for w in words)
    best = (None, 0.0, frozenset())
    if total <= 0:
        return best
    for c, vocab in clause_vocabularies(std):
        shared = words & vocab
        if not shared:
            continue
        score = sum(idf.get(w, 0.0) for w in shared) / total
        if score > best[1]:
            best = (c, score, frozenset(shared))
    return best


def test_best_clause_as_every_clause_scanned() -> None:
    lib = StandardLibrary.load()
    idf = _weights(lib).idf
    rnd = random.Random(11)
    stds = [s for s in lib if s.discipline and clause_vocabularies(s)]
    pool = sorted(frozenset().union(*(v for s in stds for _, v in clause_vocabularies(s))))
    for std in stds:
        for _ in range(40):
            words = frozenset(rnd.sample(pool, rnd.randint(1, 8)) + ["zzq"])
            m = best_clause(std, words, idf)
            assert (m.clause, m.score, m.shared) == _plain_best(std, words, idf)
