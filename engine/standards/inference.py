"""Where in the standard a finding belongs: ranked requirement clauses for a finding's words.

`infer_requirements(std, text)` ranks the standard's *specific requirements* (normative clauses and Annex A
controls with a `shall` provision of their own; never headings, informative annexes, terms or notes) for the
words of a finding (its statement and evidence joined). `fits(std, number, text)` says whether a cited clause
is about the finding's subject (for `citation_mismatch`); it answers True whenever it is unsure.

The ranking is BM25 over fields of each clause (title, keywords, requirement summaries and list items, the
parent's title), with words stemmed by the Snowball English stemmer (PyStemmer), British and American
spellings made one, and a bonus for every keyword phrase of the clause that the finding contains whole.
What the finding's words weigh follows from where they stand:
- the statement names the requirement; the evidence, quotations (someone's words, a record's title), bracketed
  remarks and a leading label ("Maintenance log for press 7: ...") name records, places and speakers, and
  weigh half;
- a word the statement and evidence repeat names the subject (+30% a repetition, up to two);
- frames of a nonfulfilment ("failed to", "no evidence", "missing") and generic record nouns say nothing of it;
- a hyphenated word is one word: its parts or its joined form count, whichever the clause holds better.

The score scale (`Match.score`, 0..1) is the product of three shares:
- coverage: the rarity-weighted (idf) share of the finding's indexed words (words that occur somewhere in the
  standard's tree) that the clause's text contains;
- the clause's BM25 score relative to the best clause's (1 for the first);
- separation: 1 - 0.5 x (best score of a clause outside the first one's family / the first one's score): 1 when
  nothing else comes close, 0.5 when another requirement ties with it.
Scores never rise down the ranking. Read it as: >= 0.5 a clear match; 0.25-0.5 plausible; below `UNCERTAIN`
(0.25) say the inference is uncertain.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TypeVar

from engine.core.memo import once
from engine.standards.model import Clause, Standard
from engine.standards.relevance import STOPWORDS as _BASE_STOPWORDS
from engine.standards.relevance import stem as _fallback

UNCERTAIN = 0.25

_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# words that say nothing about which requirement a finding is about
STOPWORDS = _BASE_STOPWORDS | frozenset(
    """
    i we our us you he she his her him me my your yours what why how whether if but so nor because though although
    while until upon about above below out off up down again further once here very too just more most some such own
    same both few being having found observed noted seen saw see sample sampled sampling evidence objective example
    e g eg ie i.e etc however therefore although yet still already none nothing without could would will being been
    get got given made make makes able unable date dated ref no nr number require required requires
    requiring missing missed lack lacks lacking lacked absent general approach
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# British and American spellings made one before stemming (organise/organize, analyse/analyze, ...)
_SPELLING = [
    (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z])ys(e|es|ed|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2})our\b"), "or"),
    (re.compile(r"(?<=[a-z]{2})ours\b"), "ors"),
    (re.compile(r"\b(\w+)tre(s?)\b"), r"\1ter\2"),
]
_EQUIV = {  # a few words auditors use for the same thing, made one token (both sides of the match)
    "vendor": "supplier",
    "vendors": "suppliers",
    "subcontractor": "supplier",
    "subcontractors": "suppliers",
    "subcontracted": "outsourced",
    "contractor": "supplier",
    "contractors": "suppliers",
    "gage": "gauge",
    "calliper": "caliper",
    "rev": "revision",
    "callipers": "calipers",
    "gages": "gauges",
    "sop": "procedure",
    "sops": "procedures",
    "capa": "corrective",
    "ncr": "nonconformity",
    "ncrs": "nonconformities",
    "kpi": "indicator",
    "kpis": "indicators",
    "mgmt": "management",
    "personnel": "persons",
    "staff": "persons",
    "nonconformance": "nonconformity",
    "nonconformances": "nonconformities",
    "nonconforming": "nonconformity",
    "know": "aware",  # "did not know the hazards": not aware of them (the awareness requirements)
    "knew": "aware",
    "unaware": "aware",
}

_lock = threading.Lock()
_stemmer = None


def _snowball(word: str) -> str:
    global _stemmer
    with _lock:  # a PyStemmer object is not safe to share between threads
        if _stemmer is None:
            try:
                import Stemmer  # PyStemmer: the C Snowball stemmers

                _stemmer = Stemmer.Stemmer("english")
            except ImportError:  # pragma: no cover - a declared dependency; the hand-written stripper as a fallback
                _stemmer = _fallback
        s = _stemmer
        return s(word) if callable(s) else s.stemWord(word)  # type: ignore[no-any-return]


def _stem(word: str) -> str:
    word = _EQUIV.get(word, word)
    for (pattern, repl), cue in zip(_SPELLING, _SPELLING_CUES, strict=True):
        if cue in word:  # none of the patterns matches without its cue: most words skip them all
            word = pattern.sub(repl, word)
    return _snowball(word)


_SPELLING_CUES = ("is", "ys", "our", "ours", "tre")  # the letters each of `_SPELLING` needs, in its order
_stem_cached = lru_cache(maxsize=65536)(_stem)


def stem(word: str) -> str:
    """Snowball English stem of one lower-case word, after spelling and synonym normalisation. Cached for words
    of letters only: a word with a digit (`ia12345`, from `IA-12345`) names one record, is seen once, and
    would only fill the cache with the numbers of every report a process has read."""
    return _stem_cached(word) if word.isalpha() else _stem(word)


# A text is tokenised again by several facts of the same finding, whose facts are built a chunk at a time
# (engine/facts: CHUNK): a few thousand texts cover every reuse; more would only hold the texts of earlier
# reports, growing a process that checks many files (bench/users.py, files).
TEXTS = 2048


@lru_cache(maxsize=TEXTS)
def tokens(text: str) -> tuple[str, ...]:
    """Stemmed content words of a text, in order."""
    return tuple(stem(w) for w in _words(text) if w not in STOPWORDS and len(w) > 1)


def _words(text: str) -> list[str]:
    """Lower-case words; a hyphenated word gives its parts and the joined form (`sub-contractor`:
    `sub`, `contractor`, `subcontractor`), so both spellings meet."""
    out: list[str] = []
    for w in _WORD.findall(text.lower()):
        if "-" in w:
            parts, whole = _split(w)
            out += parts
            out.append(whole)
        else:
            out.append(w)
    return out


def _split(word: str) -> tuple[list[str], str]:
    """A hyphenated word's parts that start with a letter, and its joined form."""
    pieces = word.split("-")
    return [p for p in pieces if p[:1].isalpha()], "".join(pieces)


@lru_cache(maxsize=4096)
def hyphenated(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(joined stem, part stems) of each hyphenated word of `text`, as `_words` splits it."""
    out = []
    for w in _WORD.findall(text.lower()):
        if "-" in w:
            parts, whole = _split(w)
            if whole in STOPWORDS or len(whole) <= 1:
                continue
            out.append((stem(whole), tuple(stem(p) for p in parts if p not in STOPWORDS and len(p) > 1)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match:
    """One inferred requirement: the clause, the best-fitting list item (or None), the 0..1 score, the BM25
    score it came from, and (`words`) the finding's words that matched the clause."""

    clause: Clause
    score: float
    item: str | None = None
    raw: float = 0.0
    matched: Callable[[], tuple[str, ...]] = field(default=tuple, compare=False, repr=False)  # `words`, when asked

    @property
    def number(self) -> str:
        return self.clause.number

    @property
    def words(self) -> tuple[str, ...]:
        return self.matched()

    @property
    def uncertain(self) -> bool:
        return self.score < UNCERTAIN

    def as_dict(self) -> dict[str, object]:
        """`{"clause", "item", "title", "score", "words"}`, as an alternative in the `requirement` block."""
        return {
            "clause": self.number,
            "item": self.item,
            "title": self.clause.title,
            "score": self.score,
            "words": list(self.words),
        }


# field weights: the title and keywords name the subject; summaries and items say what is required
W_TITLE, W_KEYWORDS, W_TEXT, W_PARENT = 3, 2, 1, 1
PHRASE_BONUS = 3.0  # per keyword phrase of two or more words found whole in the finding
# nouns that in a finding mostly name where the evidence was seen, not the subject: they count half
GENERIC = frozenset(stem(w) for w in ("record", "records", "procedure", "procedures", "log", "logs", "form", "forms"))
EVIDENCE_WEIGHT = 0.5  # a word found only in the evidence
LACK_BOOST = 1.5  # a word that says what is lacking ("no valid licence", "not investigated") names the requirement
REPEAT_BOOST = 0.3  # a word the finding repeats names its subject: +30% per repetition, up to two


def is_requirement(c: Clause) -> bool:
    """A specific requirement: normative, with its own `shall`, not a heading or a term."""
    return c.normative and c.has_shall and not c.is_heading and c.kind not in ("term", "annex")


# (clause position, raw score) best first; the query's words; a clause position's coverage (see `ranked`)
Ranking = tuple[list[tuple[int, float]], tuple[str, ...], Callable[[int], float]]


def _no_cover(i: int) -> float:  # no word of the finding is in the tree
    return 0.0


class RequirementIndex:
    """BM25 (k1=1.2, b=0.75) over the requirement clauses of one standard, with keyword-phrase bonuses; with
    `obliges`, each clause's obligations (the obligation layer) count as its text does
    (`requirement_obligation_index`)."""

    def __init__(self, std: Standard, k1: float = 1.2, b: float = 0.75, obliges: bool = False) -> None:
        self.std = std
        self.clauses = [c for c in std.walk() if is_requirement(c)]
        docs: list[list[str]] = []
        self.phrases: list[list[str]] = []  # stemmed keyword phrases (two words or more) per clause
        self.items: list[dict[str, frozenset[str]]] = []
        for c in self.clauses:
            parent = std.clauses.get(c.parent) if c.parent else None
            title = tokens(c.title) or (tokens(parent.title) if parent is not None else ())  # "General": the parent's
            doc = [
                *title * W_TITLE,
                *tokens(" , ".join(c.keywords)) * W_KEYWORDS,
                *tokens(c.summary()) * W_TEXT,
                *(tokens(" ".join(o.text for o in c.obligation.obliges)) if obliges and c.obligation else ()),
                *(tokens(parent.title) * W_PARENT if parent is not None else ()),
            ]
            docs.append(doc or ["_"])
            phrases = {" ".join(t) for k in (*c.keywords, c.title) if len(t := tokens(k)) >= 2}
            self.phrases.append(sorted(phrases))
            self.items.append({label: frozenset(tokens(p.text)) for label, p in c.items.items()})
        n = len(docs)
        lengths = [len(d) for d in docs]
        avg = sum(lengths) / n if n else 1.0
        norms = [k1 * (1 - b + b * length / avg) for length in lengths]
        postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                postings.setdefault(term, []).append((i, tf))
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        # term -> {clause position: its BM25 weight there}; also tells which clauses hold the term
        self.weights = {
            t: {i: self.idf[t] * tf * (k1 + 1) / (tf + norms[i]) for i, tf in p} for t, p in postings.items()
        }

    _TRANSIENT = ("_recent_ranked", "_recent_infer")  # the last findings' answers: never in the start-up cache

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def ranked(self, text: str, evidence: str = "") -> Ranking:
        """(clause position, raw score) for every clause that shares a word, best first; the query; a clause's
        coverage, computed when asked (a few rows need it). Words only in `evidence` count EVIDENCE_WEIGHT: the
        statement names the requirement, the evidence mostly names records and places. The answers for the last
        RECENT findings are kept (`_remembered`): a finding's citation fit and its inference ask the same question
        a few steps apart."""
        return _remembered(self, "_recent_ranked", (text, evidence), lambda: self._ranked(text, evidence))

    def _ranked(self, text: str, evidence: str) -> Ranking:
        lacking = _lacking(text)  # read before the frame words ("failed to") are taken out
        text, evidence, aside = _without_asides(text, evidence)
        idf, known_as = self.idf, self.known
        qs = tuple(t if t in idf else known_as(t) for t in tokens(text))  # `known`, its first test inline
        qe = tuple(t if t in idf else known_as(t) for t in tokens(evidence)) if evidence else ()
        qa = tuple(t if t in idf else known_as(t) for t in tokens(aside)) if aside else ()
        q = qs + qe + qa
        known = [t for t in dict.fromkeys(q) if t in idf]
        if not known:
            return [], q, _no_cover
        qtf, in_statement = Counter(qs + qe), set(qs)
        compounds = hyphenated(text) + hyphenated(evidence) if "-" in text or "-" in evidence else ()
        for whole, _ in compounds:  # a hyphenated word is one word: its joined form repeats nothing
            qtf[self.known(whole)] -= 1
        joined = self._joined(compounds + (hyphenated(aside) if "-" in aside else ()))
        weight = {
            t: (1.0 if t in in_statement else EVIDENCE_WEIGHT)
            * (0.5 if t in GENERIC else 1.0)
            * (1 + REPEAT_BOOST * min(max(qtf[t] - 1, 0), 2))
            * (LACK_BOOST if t in lacking else 1.0)
            for t in known
        }
        raw = [0.0] * len(self.clauses)
        weights = self.weights
        plain = [t for t in known if t not in joined]
        for t in plain:
            wt = weight[t]
            for i, w in weights[t].items():
                raw[i] += wt * w
        total = sum(self.idf[t] * weight[t] for t in plain)
        for t, parts in joined.items():  # one written word counts once: its parts or its joined form, the more
            wt = weight[t]
            if not parts:
                total += idf[t] * wt
            for i, w in weights[t].items():
                from_parts = sum(weight[p] * weights[p].get(i, 0.0) for p in parts)
                if wt * w > from_parts:
                    raw[i] += wt * w - from_parts

        def cover(i: int) -> float:
            """The idf mass of the finding's words clause `i` holds, as a share of all of it (added in the order
            the scores were, so the sum is the same to the last bit)."""
            held = 0.0
            for t in plain:
                if i in weights[t]:
                    held += idf[t] * weight[t]
            for t, parts in joined.items():
                if i in weights[t] and not sum(weight[p] * weights[p].get(i, 0.0) for p in parts):
                    held += idf[t] * weight[t]
            return held / total

        bonus = self._phrase_counts(qs, qe, qa)
        if bonus is None:  # words the phrase lookup cannot split exactly: test each clause's phrases
            runs = [" " + " ".join(part) + " " for part in (qs, qe, qa) if part]
            bonus = {
                i: sum(1 for p in self.phrases[i] if any(f" {p} " in r for r in runs))
                for i, s in enumerate(raw)
                if s > 0
            }
        order = self._order()
        # best first, ties by clause number, then position: as (-score, number order, position) tuples sort
        decorated = sorted([(-(s + PHRASE_BONUS * bonus.get(i, 0)), order[i], i) for i, s in enumerate(raw) if s > 0])
        return [(i, -negative) for negative, _, i in decorated], q, cover

    def _joined(self, compounds: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[str, ...]]:
        """The joined forms of the finding's hyphenated words (`secondparti` of `second-party`) that the tree
        knows -> their parts that it knows: `_words` gives both so that either spelling meets, and the score
        takes one of them, the better."""
        out: dict[str, tuple[str, ...]] = {}
        for whole, parts in compounds:
            j = self.known(whole)
            known_parts = tuple(dict.fromkeys(k for p in parts if (k := self.known(p)) in self.idf))
            if j in self.idf and j not in known_parts:
                out[j] = known_parts
        return out

    def _phrase_counts(self, *parts: tuple[str, ...]) -> dict[int, int] | None:
        """Clause position -> how many of its keyword phrases occur whole in one of `parts` (word sequences):
        the phrases are looked up by each run of the finding's words, instead of each clause's phrases being
        searched for in the finding (a third of a finding's time). None when a word holds a space or is empty,
        where that equivalence could fail."""
        lookup = self._phrase_lookup()
        if lookup is None:
            return None
        by_phrase, lengths, firsts = lookup
        found: set[str] = set()
        for part in parts:
            if "" in part or " " in "\0".join(part):
                return None
            for start, pair in enumerate(zip(part, part[1:], strict=False)):  # every phrase has two words or more
                if pair not in firsts:  # no phrase starts with these two words
                    continue
                for n in lengths:
                    if start + n > len(part):
                        break
                    p = " ".join(part[start : start + n])
                    if p in by_phrase:
                        found.add(p)
        counts: dict[int, int] = {}
        for p in found:
            for i in by_phrase[p]:
                counts[i] = counts.get(i, 0) + 1
        return counts

    def _phrase_lookup(self) -> tuple[dict[str, list[int]], list[int], frozenset[tuple[str, ...]]] | None:
        """Phrase -> the clause positions having it, the phrases' lengths in words (ascending) and their first
        two words; built on first use (None when a phrase has an empty word)."""
        return once(self.__dict__, "_lookup", self._build_phrase_lookup)

    def _build_phrase_lookup(self) -> tuple[dict[str, list[int]], list[int], frozenset[tuple[str, ...]]] | None:
        by_phrase: dict[str, list[int]] = {}
        exact = True
        for i, phrases in enumerate(self.phrases):
            for p in phrases:
                words = p.split(" ")
                if not p or any(not w for w in words):
                    exact = False
                by_phrase.setdefault(p, []).append(i)
        lengths = sorted({len(p.split(" ")) for p in by_phrase})
        firsts = frozenset(tuple(p.split(" ")[:2]) for p in by_phrase)
        return (by_phrase, lengths, firsts) if exact else None

    def _order(self) -> list[int]:
        """Each clause position's place in clause-number order (ties by position), computed once."""
        return once(self.__dict__, "_number_order", self._build_order)

    def _build_order(self) -> list[int]:
        by_number = sorted(range(len(self.clauses)), key=lambda i: (_number_key(self.clauses[i].number), i))
        order = [0] * len(by_number)
        for place, i in enumerate(by_number):
            order[i] = place
        return order

    def known(self, t: str) -> str:
        """The word as the tree knows it: `recalibr` is `calibr`, `unencrypt` is `encrypt`, when only the base
        occurs in the tree (a negating or repeating prefix does not change the subject)."""
        if t in self.idf:
            return t
        memo: dict[str, str] | None = self.__dict__.get("_known_memo")
        if memo is None:
            memo = self.__dict__["_known_memo"] = {}
        found = memo.get(t)
        if found is None:
            found = self._known(t)
            if len(t) <= 40:  # bounded, by entries and by their length: a service meets ever new words
                if len(memo) >= 20_000:
                    memo.clear()
                memo[t] = found
        return found

    def _known(self, t: str) -> str:
        for prefix in _PREFIXES:
            if t.startswith(prefix) and (base := t[len(prefix) :]) in self.idf and len(base) >= 4:
                return base
        return t

    def infer(self, text: str, k: int = 3, within: str | None = None, evidence: str = "") -> list[Match]:
        """The `k` best matches. The answers for the last findings are kept, as `ranked` keeps its."""
        key = (text, evidence, within, k)
        return list(_remembered(self, "_recent_infer", key, lambda: tuple(self._infer(text, k, within, evidence))))

    def _infer(self, text: str, k: int, within: str | None, evidence: str) -> list[Match]:
        rows, q, cover = self.ranked(text, evidence)
        if within:
            rows = [r for r in rows if _under(self.clauses[r[0]].number, within)]
        if not rows:
            return []
        best = rows[0][1]
        first = self.clauses[rows[0][0]].number
        other = next((r[1] for r in rows[1:] if not _family(self.clauses[r[0]].number, first, self.std)), 0.0)
        separation = 1 - 0.5 * other / best
        said = set(q)
        out: list[Match] = []
        for i, s in rows[:k]:
            c = self.clauses[i]
            score = cover(i) * s / best * separation
            if out:  # never above a better-ranked clause's score
                score = min(score, out[-1].score)
            matched = partial(self._matched_words, i, text, evidence)
            out.append(Match(c, round(score, 3), self._item(i, said), round(s, 3), matched))
        return out

    def _matched_words(self, i: int, text: str, evidence: str) -> tuple[str, ...]:
        """The finding's words (as written, each once) that clause `i` holds."""
        # the words of f"{text} {evidence}": `_WORD` never spans the space, so those of each, one after the other
        weights = self.weights
        return tuple(w for w, t in _surface(_words(text) + _words(evidence)) if i in weights.get(self.known(t), ()))

    def _item(self, i: int, qs: set[str]) -> str | None:
        """The list item that shares the most (rarity-weighted) words with the finding, when one stands out."""
        idf = self.idf
        best, label, tied = 0.0, None, False
        for name, toks in self.items[i].items():
            common = qs & toks
            if not common:
                continue
            score = sum(idf.get(t, 0.0) for t in common)
            if score > best:
                best, label, tied = score, name, False
            elif score == best:
                tied = True
        return None if tied else label


_PREFIXES = ("re", "un", "non", "in", "mis")

# answers kept per index: at least this many, more than the findings whose facts are built together
# (engine/facts: CHUNK)
RECENT = 64
_T = TypeVar("_T")


def _remembered(idx: RequirementIndex, slot: str, key: Hashable, compute: Callable[[], _T]) -> _T:
    """`compute()`, or its answer for `key` among the last RECENT to 2 x RECENT kept in `idx.<slot>`: two
    generations of answers, the older dropped whole when the newer is full (so the last RECENT are always
    there), and the pair replaced whole, so a thread reading it never sees half of it."""
    generations: tuple[dict[Hashable, _T], dict[Hashable, _T]] | None = idx.__dict__.get(slot)
    if generations is None:
        generations = idx.__dict__[slot] = ({}, {})
    newer, older = generations
    found = newer.get(key)
    if found is None:
        found = older.get(key)
        if found is None:
            found = compute()
        if len(newer) >= RECENT:
            newer, older = {}, newer
            idx.__dict__[slot] = (newer, older)
        newer[key] = found
    return found


def _under(number: str, within: str) -> bool:
    return number == within or number.startswith(within + ".")


def _number_key(number: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in number.split("."))


def _surface(words: Iterable[str]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for w in words:
        if w not in STOPWORDS and len(w) > 1 and w not in seen:
            seen[w] = stem(w)
    return list(seen.items())


def requirement_obligation_index(std: Standard) -> RequirementIndex:
    """The requirement index with each clause's obligations (`<obliges>`) beside its title, keywords and summary: what
    the citation fit asks of a cited clause's subject (`_lack_fit`), built on first use and kept with the standard."""
    return std.once("requirements_obliges", lambda: RequirementIndex(std, obliges=True))


def requirement_index(std: Standard) -> RequirementIndex:
    """One index per loaded standard, built on first use and kept with it (in the start-up cache too)."""
    return std.once("requirements", lambda: RequirementIndex(std))


def infer_requirements(
    std: Standard, text: str, k: int = 3, within: str | None = None, evidence: str | None = None
) -> list[Match]:
    """The `k` requirement clauses of `std` the finding's words point to, best first (see the module's score
    scale). `text` is the statement (or statement and evidence joined); `evidence`, when given apart, counts
    less. `within` keeps clauses at or below that number. Empty when no word of the text is in the tree."""
    return requirement_index(std).infer(text, k=k, within=within, evidence=evidence or "")


@dataclass(frozen=True, slots=True)
class Fit:
    """How a cited clause compares with the best inferred one."""

    fits: bool
    cited: str
    best: Match | None
    cited_rank: int | None  # 1-based rank of the cited clause (or a clause of its family), None if unranked
    cited_raw: float
    reason: str


MISMATCH_RANK = 3  # a cited clause ranked this high or better fits, unless it scores far below the first
CLOSE = 0.35  # a cited clause ranked 2nd or 3rd that scores at least this share of the first always fits
PHRASE_CLOSE = 0.33  # a keyword phrase of the cited clause named in the finding keeps it if it scores this share
SURE = 0.4  # a mismatch needs a first requirement at least this clear (its score) ...
COVERED = 0.3  # ... covering at least this share of the finding's words, and the cited clause scoring
CLEAR = 0.35  # at most this share of the first,
APART = 0.2  # or sharing no word with the finding while the first covers at least this share of them,
APART_COVERED = 0.5  # or, where the first is only plausible (UNCERTAIN), at least half of them


def citation_fit(std: Standard, number: str, text: str, evidence: str | None = None, lack: str | None = None) -> Fit:
    """Whether clause `number` of `std` is about what the finding's words are about, judged over the ranking of
    every requirement of the standard. The cited clause stands for its subject: its requirement family, the
    clauses it refers to by number and those sharing an obligation with it (`related`). It fits when its subject
    ranks first. Otherwise, given `lack` (what the statement says is not fulfilled), the nonfulfilment decides
    before the rest of the finding's words (`_lack_fit`): a cited subject holding it fits; one sharing nothing with
    it while another requirement clearly holds it does not. Past that, it fits when it ranks 2nd-3rd scoring at
    least CLOSE of the first, or when the finding names one of its keyword phrases and it scores at least
    PHRASE_CLOSE of the first; it does not fit only when the
    first requirement is clear (score at least SURE) and the cited clause scores at most CLEAR of it where it
    covers COVERED of the finding's words, or shares no word with the finding where it covers APART of them
    (APART_COVERED where the first is only plausible); or when the cited clause ranks 2nd or 3rd below CLOSE of a
    plausible first one (right citations ranked there score half the first or more in every labelled set).
    Otherwise it fits (precision first: a right citation the inference ranks low, as real findings' words often
    make it, is never called a mismatch on an unsure ranking). `evidence`, when given apart, counts less."""
    idx = requirement_index(std)
    cited = std.clauses.get(number)
    if cited is None:
        return Fit(True, number, None, None, 0.0, "not a clause of this standard: not judged")
    rows, _, cover = idx.ranked(text, evidence or "")
    if not rows:
        return Fit(True, number, None, None, 0.0, "no word of the finding is in the standard: not judged")
    best_pos, best_raw = rows[0]
    best = idx.infer(text, k=3, evidence=evidence or "")[0]  # the first of the inference's own three (kept)
    members, phrases = _family_of(idx, number)
    family = [pos for pos, r in enumerate(rows) if r[0] in members]
    rank = family[0] + 1 if family else None
    cited_raw = rows[family[0]][1] if family else 0.0
    share = cited_raw / best_raw if best_raw > 0 else 1.0
    own_first = idx.clauses[best_pos].number in own_subject(std, number)
    if lack and not own_first and (plain := _named_elsewhere(idx, number, lack, text, evidence or "")) is not None:
        # a neighbour's obligation names what is said not fulfilled and the cited clause's own does not
        why = f"what is said not fulfilled is named by {plain.number} {plain.clause.title}, not by {number}"
        return Fit(False, number, plain, rank, cited_raw, why)
    if rank == 1:
        return Fit(True, number, best, rank, cited_raw, f"ranked {rank}")
    if lack:  # what is said not fulfilled decides before the rest of the finding's words
        held, elsewhere = _lack_fit(idx, members, lack, text, evidence or "")
        if held:
            return Fit(True, number, best, rank, cited_raw, "the cited requirement holds what is said not fulfilled")
        if elsewhere is not None:
            why = f"what is said not fulfilled belongs to {elsewhere.number} {elsewhere.clause.title}"
            return Fit(False, number, elsewhere, rank, cited_raw, why)
    if rank is not None and rank <= MISMATCH_RANK and share >= CLOSE:
        return Fit(True, number, best, rank, cited_raw, f"ranked {rank}")
    said = [" " + " ".join(idx.known(t) for t in tokens(part)) + " " for part in (text, evidence or "") if part]
    if share >= PHRASE_CLOSE and any(f" {p} " in j for p in phrases for j in said):
        return Fit(True, number, best, rank, cited_raw, "the finding names the cited requirement's subject")
    covered = cover(best_pos)
    clear = best.score >= SURE and covered >= COVERED and share <= CLEAR
    # the cited subject shares no word with the finding at all, while another requirement explains its words
    apart = rank is None and (
        (best.score >= SURE and covered >= APART) or (best.score >= UNCERTAIN and covered >= APART_COVERED)
    )
    # near the top only because few requirements share the words, far below the first: a plausible first will do
    trailing = rank is not None and rank <= MISMATCH_RANK and best.score >= UNCERTAIN and share < CLOSE
    if not (clear or apart or trailing):
        return Fit(True, number, best, rank, cited_raw, "no clearly better requirement")
    return Fit(False, number, best, rank, cited_raw, f"the finding's words point to {best.number} {best.clause.title}")


LACK_HELD = 0.5  # a cited subject holding this share of what the nonfulfilment's first requirement holds fits
LACK_APART = 0.2  # a cited subject holding at most this share of it shares nothing that names the nonfulfilment
LACK_CLEAR = 0.4  # the requirement named instead holds at least this share of the nonfulfilment's words ...
LACK_WORDS = 2  # ... and at least this many of them


def _lack_fit(
    idx: RequirementIndex, members: frozenset[int], lack: str, text: str, evidence: str
) -> tuple[bool, Match | None]:
    """The nonfulfilment principle: a citation is wrong when the cited clause's obligations share nothing with what
    the finding says is not fulfilled, while another requirement matches that clearly. What is not fulfilled
    (`lack`: the statement's clauses that record something lacking, not the evidence's incidental nouns nor the
    words about the audit) is ranked over every requirement of the standard with their obligations
    (`requirement_obligation_index`). (True, None) when the cited subject (`members`: its family and the clauses
    it refers to or shares an obligation with) holds at least LACK_HELD of what the first requirement holds of
    it: the citation is about the nonfulfilment, whatever the rest of the finding's words say. (False, match)
    when it holds at most LACK_APART (next to nothing) while a requirement of another subject holds the
    nonfulfilment clearly (LACK_CLEAR of its words, LACK_WORDS at least) and ranks among the first three both for
    the nonfulfilment and for the whole finding (the two readings agree): that requirement, the first in the whole
    finding's order. (False, None) otherwise: nothing is decided here."""
    held = requirement_obligation_index(idx.std).ranked(lack, "")[0]  # the same clauses, in the same positions
    if not held:
        return False, None
    share = next((r for i, r in held if i in members), 0.0) / held[0][1] if held[0][1] > 0 else 1.0
    if share >= LACK_HELD:
        return True, None
    if share > LACK_APART:
        return False, None
    _, _, cover = idx.ranked(lack, "")
    position = _positions(idx)
    lack_first = {m.number for m in idx.infer(lack, k=MISMATCH_RANK)}
    for m in idx.infer(text, k=MISMATCH_RANK, evidence=evidence):
        pos = position[m.number]
        if m.number not in lack_first or pos in members or cover(pos) < LACK_CLEAR:
            continue
        if len(idx._matched_words(pos, lack, "")) >= LACK_WORDS:
            return False, m
    return False, None


NAMED_WORDS = 2  # a neighbour names the nonfulfilment when it holds at least this many of its words the cited lacks
NAMED_HELD = 0.5  # ... and the cited clause's own subject holds at most this share of what that neighbour holds
NAMED_PLAIN = 1.1  # ... and it holds the nonfulfilment this much more than any requirement of a third subject


def _named_elsewhere(idx: RequirementIndex, number: str, lack: str, text: str, evidence: str) -> Match | None:
    """The neighbour principle: a clause's own obligations are its requirement, not its neighbours'. When the
    requirement whose obligations hold most of what is said not fulfilled (`lack`) lies outside the cited clause's
    own subject (`own_subject`: a sibling, even one under the same heading or the "General" paragraph beside it),
    names at least NAMED_WORDS words of the nonfulfilment that the cited subject's obligations do not name (one
    will do where the nonfulfilment names its keyword phrase and none of the cited subject's: `_phrase_named`), while
    the cited subject names none that it does not (the cited clause says nothing of the lack the neighbour does not
    say better) and holds at most NAMED_HELD of its score, while no requirement of a third subject comes within
    NAMED_PLAIN of it (a tie names nothing plainly), and the whole finding's ranking has it among its first three
    too (the two readings agree): that requirement is the one not fulfilled. None otherwise. Asked only when the
    whole finding's first requirement is not of the cited clause's own subject."""
    oi = requirement_obligation_index(idx.std)
    held = oi.ranked(lack, "")[0]
    if not held:
        return None
    first, first_raw = held[0]
    own = own_subject(idx.std, number)
    position = _positions(idx)
    own_pos = {position[n] for n in own if n in position}
    if first in own_pos or first_raw <= 0:
        return None
    own_raw = max((r for i, r in held if i in own_pos), default=0.0)
    if own_raw > NAMED_HELD * first_raw:
        return None
    first_subject = {position[n] for n in own_subject(idx.std, idx.clauses[first].number) if n in position}
    other_raw = next((r for i, r in held if i not in own_pos and i not in first_subject), 0.0)
    if first_raw < NAMED_PLAIN * other_raw:  # two other subjects hold it alike: neither names it plainly
        return None
    words = {t for t in (oi.known(w) for w in tokens(lack)) if t in oi.idf and len(t) >= 3 and t not in GENERIC}
    neighbour = {t for t in words if first in oi.weights[t]}
    cited = {t for t in words if any(i in own_pos for i in oi.weights[t])}
    if cited - neighbour or not neighbour - cited:
        return None
    if len(neighbour - cited) < NAMED_WORDS and not _phrase_named(idx, first, own_pos, lack, neighbour - cited):
        return None
    name = idx.clauses[first].number
    if _pointed_part(idx.std, number, name, neighbour - cited, oi):
        return None
    return next((m for m in idx.infer(text, k=MISMATCH_RANK, evidence=evidence) if m.number == name), None)


def _phrase_named(idx: RequirementIndex, first: int, own_pos: set[int], lack: str, only: set[str]) -> bool:
    """The nonfulfilment names a keyword phrase of the neighbour (`first`: "audit programme" of 14001 9.2.2) holding
    a word only the neighbour names (`only`: "programme"), and no phrase of the cited clause's own subject: a phrase
    of the trees names its clause as two of its words would, even where one of them ("audit") is the cited
    clause's too (9.3 reviews audit results). A phrase of words the cited clause holds too ("customer complaint",
    for 9001 10.2.1 and 8.2.1) names neither."""
    said = " " + " ".join(idx.known(t) for t in tokens(lack)) + " "
    if not any(f" {p} " in said and only & set(p.split()) for p in idx.phrases[first]):
        return False
    return not any(f" {p} " in said for i in own_pos for p in idx.phrases[i])


def _pointed_part(std: Standard, cited: str, other: str, words: set[str], oi: RequirementIndex) -> bool:
    """A cross-reference in the trees (`<refers to>`) between the cited clause (or a heading above it) and the
    other clause (or a heading above it), either way, whose part names at least half of `words` (what the other
    clause names of the nonfulfilment and the cited one does not): the nonfulfilment is the part one clause points
    to the other for, so either citation is right (14001 9.1.2 points to 6.1.3 for the compliance obligations it
    evaluates); what the pointed-to clause asks beyond that part (6.2.2's owner and completion date of an
    objective's plan, where 6.1.4 points to 6.2 for building actions into objectives) stays its own."""

    def line(number: str) -> set[str]:
        parts = number.split(".")
        return {".".join(parts[:n]) for n in range(1, len(parts) + 1)}

    a_line, b_line = line(cited), line(other)
    for source, target in ((a_line, b_line), (b_line, a_line)):
        for n in source:
            c = std.clauses.get(n)
            for r in c.obligation.refers if c is not None and c.obligation is not None else ():
                if r.to in target or any(t.startswith(r.to + ".") for t in target):
                    named = words & {oi.known(t) for t in tokens(r.text)}
                    if 2 * len(named) >= len(words):
                        return True
    return False


def own_subject(std: Standard, number: str) -> frozenset[str]:
    """The clauses whose obligations are the cited clause's own requirement: itself, the headings above it and the
    clauses beneath it, a paragraph of the same title beside it (9.2.1 and 9.2.2, one requirement split in two), the
    paragraphs beside it when it is their "General" one (it speaks for the heading), and the clauses it refers to
    by number or shares an obligation with, both ways (`_named_links`). Not a sibling otherwise: the specific
    paragraph beside a "General" one, or two paragraphs of different titles under one heading, are two
    requirements."""
    return std.once(f"own_subject:{number}", lambda: _own_subject(std, number))


def _own_subject(std: Standard, number: str) -> frozenset[str]:
    cited = std.clauses.get(number)

    def beside(c: Clause) -> bool:  # a paragraph of the same heading that speaks for the same requirement
        if cited is None or c.parent is None or c.parent != cited.parent:
            return False
        return c.title == cited.title or cited.title == "General"

    out = {number, *_named_links(std).get(number, ())}
    out |= {n for n, c in std.clauses.items() if n.startswith(number + ".") or number.startswith(n + ".") or beside(c)}
    return frozenset(out)


def _named_links(std: Standard) -> dict[str, frozenset[str]]:
    """Each clause's links by number named (to the clause named and the clauses beneath it) and by an obligation
    shared word for word, both ways: `subject_links` without the looser links by a process's subject in a title
    (a process of 8.4.1 on external providers is not 8.4.3's requirement because 8.4.3's title names them)."""

    def build() -> dict[str, frozenset[str]]:
        subjects = {n: _read_subject(std, n) for n in std.clauses}
        out: dict[str, set[str]] = {}
        by_key: dict[str, list[str]] = {}
        for a, sa in subjects.items():
            for r in sa.refs:
                for b in std.clauses:
                    if b == r or b.startswith(r + "."):
                        out.setdefault(a, set()).add(b)
                        out.setdefault(b, set()).add(a)
            for k in sa.keys:
                by_key.setdefault(k, []).append(a)
        for group in by_key.values():
            for a in group:
                out.setdefault(a, set()).update(b for b in group if b != a)
        return {k: frozenset(v) for k, v in out.items()}

    return std.once("named_links", build)


def _positions(idx: RequirementIndex) -> dict[str, int]:
    """Clause number -> its position in the index, built once."""
    return once(idx.__dict__, "_positions", lambda: {c.number: i for i, c in enumerate(idx.clauses)})


def _family_of(idx: RequirementIndex, number: str) -> tuple[frozenset[int], frozenset[str]]:
    """The positions of the clauses of `number`'s subject (`related`), and their keyword phrases: computed once
    per cited number and index (a citation check asked it of every clause, for every finding)."""
    return once(idx.__dict__.setdefault("_families", {}), number, lambda: _family_members(idx, number))


def _family_members(idx: RequirementIndex, number: str) -> tuple[frozenset[int], frozenset[str]]:
    members = frozenset(i for i, c in enumerate(idx.clauses) if related(c.number, number, idx.std))
    return members, frozenset(p for i in members for p in idx.phrases[i])


def fits(std: Standard, number: str, text: str, evidence: str | None = None) -> bool:
    """True when the cited clause fits the finding's subject, or when that cannot be told with confidence."""
    return citation_fit(std, number, text, evidence).fits


def _family(a: str, b: str, std: Standard | None = None) -> bool:
    """The same requirement: equal, one below the other, or sibling paragraphs of one subject: sharing a title
    (9.2.1 and 9.2.2 "Internal audit"), or one of them the "General" paragraph of their parent (7.1.5.1 and
    7.1.5.2). At any depth: two paragraphs of different titles under one sub-clause are two requirements (IATF
    16949 8.7.1.4 rework and 8.7.1.5 repair, 8.5.1.3 set-up and 8.5.1.6 tooling; ISO/IEC 27001:2013 A.12.4.1
    event logging and A.12.4.4 clock synchronisation), linked only when they refer to each other or share an
    obligation (`related`)."""
    if a == b or a.startswith(b + ".") or b.startswith(a + "."):
        return True
    pa, pb = a.split("."), b.split(".")
    if len(pa) != len(pb) or pa[:-1] != pb[:-1] or len(pa) < 3:
        return False
    if std is None:
        return True
    ca, cb = std.clauses.get(a), std.clauses.get(b)
    if ca is None or cb is None:
        return True
    return ca.title == cb.title or "General" in (ca.title, cb.title)


# "failed to provide": the verb that frames a nonfulfilment, like "did not", names no subject ("failed
# inspection" keeps its word: there the failure is the subject)
_FRAME = re.compile(r"(?i)\bfail(?:s|ed|ing)?(?=\s+to\s)")

# words in quotation marks are someone's words, reported (an auditee's phrase, a document's or a record's text)
QUOTED = re.compile(
    r"(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w)){2,300}'(?!\w)"  # an apostrophe inside a word does not end the quotation
    r"|\"[^\"\n]{2,300}\"|‘[^’\n]{2,300}’|“[^”\n]{2,300}”"
)
_ASIDE = re.compile(QUOTED.pattern + r"|\([^()\n]{1,300}\)")

_LABEL = re.compile(r"[^.;:\n]{3,80}:(?!\d)")


def _without_asides(text: str, evidence: str) -> tuple[str, str, str]:
    """The statement without its frame words and asides, the evidence without its quotations, and the asides.
    Asides are a leading label ("Maintenance records for press 4:"), quotations (someone's words, a record's
    title) and bracketed remarks: they name places, records and speakers, so they count as evidence does, and
    repeating them repeats no subject."""
    if "ail" in text.lower():  # _FRAME needs "fail" in any case
        text = _FRAME.sub(" ", text)
    asides = []
    if text.find(":", 0, 82) > 0 and (label := _LABEL.match(text)):
        asides.append(label.group())
        text = text[label.end() :]
    if any(c in text for c in _ASIDE_MARKS):
        found = [m.group() for m in _ASIDE.finditer(text)]
        if found:
            asides += found
            text = _ASIDE.sub(" ", text)
    if evidence and any(c in evidence for c in _QUOTE_MARKS):
        found = [m.group() for m in QUOTED.finditer(evidence)]
        if found:
            asides += found
            evidence = QUOTED.sub(" ", evidence)
    return text, evidence, " ".join(asides)


_QUOTE_MARKS = "'\"‘“"
_ASIDE_MARKS = _QUOTE_MARKS + "("

# a purpose clause ("... to prevent nonconforming products") says why a requirement matters, not which one it is
_PURPOSE = re.compile(
    r"(?i)\b(?:in\s+order\s+)?to\s+(?:prevent|avoid|ensure|allow|enable|support|reduce|minimi[sz]e|stop|protect)\b"
    r"[^.;:\n]*"
)


# what the statement says is lacking: the words after "no", "without", "lack of", "missing", and the verb of
# "was not <done>", "did not <do>" or "failed to <do>" ("had no valid licence": licence; "was never investigated":
# investigated; "did not know": know, that is aware)
_LACKING = re.compile(
    r"(?i)\b(?:no|without|lack(?:s|ed|ing)?\s+(?:of\s+)?|missing|absence\s+of)\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    r"|\b(?:not|never)\s+(?:been\s+|yet\s+|always\s+)?([a-z]+(?:ed|en))\b"
    r"|\b(?:(?:did|does|do|could|can)\s*(?:not|n't)|fail(?:s|ed|ing)?\s+to)\s+([a-z]+)\b"
)
_LACK_STOP = frozenset(["of", "for", "to", "in", "on", "at", "by", "from", "with", "and", "or", "the", "a", "an"])
# verbs that frame a finding, not its subject ("could not demonstrate that ...", "did not provide evidence")
_FRAME_VERBS = frozenset(
    """
    demonstrate show provide produce present have has had find locate retrieve make give get see confirm evidence
    exist be been include contain hold keep
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=4096)
def _lacking(text: str) -> frozenset[str]:
    """The stems of the words that say what is lacking (see _LACKING), up to a preposition or conjunction."""
    out: set[str] = set()
    for m in _LACKING.finditer(text):
        words = (m.group(1) or m.group(2) or m.group(3) or "").lower().split()
        for w in words:
            if w in _LACK_STOP or w in _FRAME_VERBS:
                break
            out.update(tokens(w))
    return frozenset(out)


def without_purpose(statement: str) -> str:
    """The statement without its purpose clauses: the words that say what was not done name the requirement."""
    return _PURPOSE.sub(" ", statement)


def related(a: str, b: str, std: Standard) -> bool:
    """One subject: the same requirement family (`_family`), clauses that refer to each other by number (8.2 to the
    emergencies identified in 6.1.2.1), or clauses that share an obligation (a process both make mandatory, or the
    same thing obliged, in the obligation layer)."""
    return _family(a, b, std) or b in subject_links(std).get(a, ())


def subject_links(std: Standard) -> dict[str, frozenset[str]]:
    """Each clause's linked clauses (by number named, shared obligation, or a process's subject in the other's
    title), both ways, built once per standard (and kept in the start-up cache)."""
    return std.once("subject_links", lambda: _build_links(std))


def _build_links(std: Standard) -> dict[str, frozenset[str]]:
    numbers = list(std.clauses)
    subjects = {n: _read_subject(std, n) for n in numbers}
    out: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        if a != b:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)

    by_key: dict[str, list[str]] = {}
    titles = _title_counts(std)
    for a, sa in subjects.items():
        for r in sa.refs:  # a clause naming another: linked to it and everything of its family
            for b in numbers:
                if _family(r, b, std):
                    link(a, b)
        for k in sa.keys:
            by_key.setdefault(k, []).append(a)
        for subject in sa.processes:
            # the subject named by a word few titles hold ("hazard", "compliance"; not "review", "external provider")
            if subject and min(titles.get(t, 0) for t in subject) <= DISTINCT_TITLES:
                for b, sb in subjects.items():
                    if subject <= sb.title:
                        link(a, b)
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                link(a, b)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class _Subject:
    """What `related` compares of one clause: the clause numbers its text and obligations name, its obligation's
    keys (processes and things obliged), the subjects of the processes it makes mandatory, and its title's words."""

    refs: frozenset[str]
    keys: frozenset[str]
    processes: tuple[frozenset[str], ...]
    title: frozenset[str]


def _read_subject(std: Standard, number: str) -> _Subject:
    c = std.clauses.get(number)
    if c is None:
        return _Subject(frozenset(), frozenset(), (), frozenset())
    texts = [p.text for p in c.all_provisions()]
    obl = c.obligation
    if obl is not None:
        texts += [o.text for o in obl.obliges]
    found = {n for t in texts for n in _NUMBER.findall(t)}
    # a normative annex named whole ("compared with Annex A"): every control in it is the subject of that clause
    found |= {
        a for t in texts for a in _ANNEX.findall(t) if (annex := std.clauses.get(a)) is not None and annex.normative
    }
    refs = frozenset(n for n in found if n in std.clauses and n != number)
    keys: set[str] = set()
    processes: tuple[frozenset[str], ...] = ()
    if obl is not None and not (obl.from_successor and not obl.obliges):
        keys = {"process:" + " ".join(tokens(p)) for p in obl.processes}
        keys |= {"obliges:" + " ".join(tokens(o.text)) for o in obl.obliges}
        processes = tuple(frozenset(tokens(p)) - _PROCESS_WORDS for p in obl.processes)
    return _Subject(refs, frozenset(k for k in keys if not k.endswith(":")), processes, frozenset(tokens(c.title)))


# words of a process's name that say what is done with a subject, not the subject ("assessment of OH&S risks")
_PROCESS_WORDS = frozenset(
    tokens(
        "determination determine assessment assess identification identify evaluation evaluate selection select "
        "control operational monitoring measurement implementation process processes results plan planning "
        "arrangements documented establishment information security quality environmental occupational health "
        "safety management system qms ems isms oh&s ohs organization organisation"
    )
)


DISTINCT_TITLES = 3  # a subject word in at most this many titles of requirements names one subject


def _title_counts(std: Standard) -> dict[str, int]:
    """How many requirement titles of the standard hold each (stemmed) word."""

    def count() -> dict[str, int]:
        out: dict[str, int] = {}
        for c in std.walk():
            if is_requirement(c):
                for t in set(tokens(c.title)):
                    out[t] = out.get(t, 0) + 1
        return out

    return std.once("title_counts", count)


_ANNEX = re.compile(r"\bAnnex\s+([A-Z])\b")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,2}(?:\.\d{1,2}){1,3}|[A-Z]\.\d{1,2}(?:\.\d{1,2}){0,2})(?![\w]|\.\d)")
