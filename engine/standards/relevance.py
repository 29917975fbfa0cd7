"""How well a finding's words fit each clause: BM25 over titles, keywords and requirement summaries."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from engine.core.memo import once
from engine.standards.model import Clause, Standard

_WORD = re.compile(r"[a-z][a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ating", "ated", "ates", "ate", "ings", "ing", "ies", "ied", "ed", "es", "s")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "by",
        "for",
        "from",
        "has",
        "have",
        "had",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "them",
        "this",
        "those",
        "to",
        "was",
        "were",
        "which",
        "with",
        "within",
        "not",
        "no",
        "any",
        "all",
        "each",
        "per",
        "other",
        "than",
        "then",
        "there",
        "these",
        "they",
        "when",
        "where",
        "who",
        "shall",
        "should",
        "may",
        "can",
        "must",
        "does",
        "did",
        "do",
        "done",
        "also",
        "only",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "over",
        "under",
        "after",
        "before",
        "since",
        "during",
        "between",
        "organization",
        "organisation",
        "organizations",
        "company",
        "client",
        "requirement",
        "requirements",
        "relevant",
        "ensure",
        "ensures",
        "including",
        "include",
        "includes",
        "used",
        "use",
        "using",
    ]
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            word = word[: -len(suf)]
            break
    else:
        if word.endswith("e") and len(word) > 4:  # "issue" and "issues", "change" and "changes" agree
            word = word[:-1]
    return word[:6]


def stem(word: str) -> str:
    """The first six letters of the word without its suffix; cached for words of a sane length only."""
    return _stem(word) if len(word) <= 40 else _stem.__wrapped__(word)


# Text caches are bounded by what they hold, not only by their entry count: `lru_cache(maxsize=8192)` over
# texts of any length grew a worker fed distinct reports by hundreds of MB. Short texts (clause titles,
# keywords, most findings) keep a large cache; long ones a few entries, enough for one finding scored against
# every clause. At most about 50 MB in all, whatever the texts.
SHORT = 512


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS)


_tokens_short = lru_cache(maxsize=8192)(_tokens)
_tokens_long = lru_cache(maxsize=64)(_tokens)


def tokens(text: str) -> tuple[str, ...]:
    """Stemmed content words; cached, as one finding's text is scored against many clauses."""
    return _tokens_short(text) if len(text) <= SHORT else _tokens_long(text)


def clause_document(c: Clause) -> list[str]:
    """Title and keywords weigh more than summaries: they name the subject."""
    return [*tokens(c.title) * 3, *tokens(" ".join(c.keywords)) * 2, *tokens(c.summary())]


@dataclass(frozen=True, slots=True)
class Match:
    clause: Clause
    score: float


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75, idf floored like rank-bm25) with postings, over short clause documents."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> None:
        self.n = len(docs)
        lengths = [len(d) for d in docs]
        avg = sum(lengths) / self.n if self.n else 0.0
        norms = [k1 * (1 - b + b * length / avg) if avg else k1 for length in lengths]
        postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                postings.setdefault(term, []).append((i, tf))
        idf = {t: math.log(self.n - len(p) + 0.5) - math.log(len(p) + 0.5) for t, p in postings.items()}
        floor = epsilon * (sum(idf.values()) / len(idf)) if idf else 0.0
        # each term's contribution to each document that holds it, computed once
        self.weights = {
            t: [(i, (idf[t] if idf[t] >= 0 else floor) * tf * (k1 + 1) / (tf + norms[i])) for i, tf in p]
            for t, p in postings.items()
        }

    def scores(self, query: list[str]) -> list[float]:
        out = [0.0] * self.n
        for q in query:
            for i, w in self.weights.get(q, ()):
                out[i] += w
        return out


class ClauseIndex:
    """BM25 over the specific requirements of one standard."""

    def __init__(self, std: Standard) -> None:
        self.std = std
        self.clauses = [c for c in std.walk() if c.normative and c.has_shall and not c.is_heading and c.kind != "term"]
        docs = [clause_document(c) or ["_"] for c in self.clauses]
        self._bm25 = BM25(docs) if docs else None

    def rank(self, text: str, limit: int = 5, within: str | None = None) -> list[Match]:
        q = list(tokens(text))
        if not q or self._bm25 is None:
            return []
        raw = self._bm25.scores(q)
        out = [Match(self.clauses[i], raw[i]) for i in self._under(within) if raw[i] > 0]
        out.sort(key=lambda m: (-m.score, m.clause.number))
        return out[:limit]

    def _under(self, within: str | None) -> range | list[int]:
        """The positions of the clauses at or below `within` (all without it); kept per number."""
        if within is None:
            return range(len(self.clauses))
        below = within + "."
        return once(
            self.__dict__.setdefault("_subtrees", {}),
            within,
            lambda: [i for i, c in enumerate(self.clauses) if c.number == within or c.number.startswith(below)],
        )


def index_for(std: Standard) -> ClauseIndex:
    """One index per loaded standard, built on first use and kept with it (in the start-up cache too)."""
    return std.once("index", lambda: ClauseIndex(std))


def keyword_hits(text: str, c: Clause) -> list[str]:
    """The clause's keywords (whole phrases, stemmed) that occur in the text. A stem is the start of its word, so
    a keyword whose stems are not all in the lower-case text cannot occur: the text is tokenised only if one can."""
    low = text.lower()
    possible = [k for k in (*c.keywords, c.title.lower()) if all(s in low for s in tokens(k))]
    if not possible:
        return []
    joined = _joined(text)
    return [k for k in possible if (phrase := _joined(k)).strip() and phrase in joined]


def _joined_text(text: str) -> str:
    return " " + " ".join(tokens(text)) + " "


_joined_short = lru_cache(maxsize=8192)(_joined_text)
_joined_long = lru_cache(maxsize=64)(_joined_text)


def _joined(text: str) -> str:
    return _joined_short(text) if len(text) <= SHORT else _joined_long(text)


def related(a: str, b: str) -> bool:
    """Same requirement family: one contains the other, or they are siblings below a sub-clause."""
    if a == b or a.startswith(b + ".") or b.startswith(a + "."):
        return True
    pa, pb = a.split("."), b.split(".")
    return len(pa) >= 3 and len(pb) >= 3 and pa[:-1] == pb[:-1]
