"""Phrase lexicons (data in rules/lexicons/*.yaml) compiled to word-bounded, case-insensitive matchers."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from engine.core import startup_cache
from engine.core.startup_cache import cached
from engine.core.yamlio import YamlError, load_yaml

NEGATORS = frozenset({"not", "no", "never", "none", "neither", "nor", "nothing", "nobody", "cannot"})
_WORD = re.compile(r"[A-Za-z']+")
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|,\s+(?:but|and|while|whereas)\b")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and field."""


@dataclass(frozen=True, slots=True)
class Hit:
    lexicon: str
    start: int
    end: int
    text: str
    topic: str | None = None


@dataclass(slots=True)
class Lexicon:
    id: str
    description: str
    # the phrases of each pattern, in the order the pattern tries them: one group, or one per topic
    groups: tuple[tuple[str, ...], ...]
    negation: bool = False
    fields: tuple[str, ...] = ("statement", "evidence")
    topics: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (id, label, covered_by), one per group
    # compiled on first use and never pickled: a start-up from the cache compiles only what it needs
    _whole: list[re.Pattern[str] | None] = field(default_factory=list, repr=False, compare=False)
    # one pattern per phrase (group, phrase index), ASCII semantics: what a prefilter-narrowed search runs
    _phrase: dict[tuple[int, int], re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("id", "description", "groups", "negation", "fields", "topics")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._whole, self._phrase = [], {}

    def whole(self, k: int) -> re.Pattern[str]:
        """The pattern of group `k`: every phrase, longest first, word-bounded, case-insensitive."""
        if not self._whole:
            self._whole = [None] * len(self.groups)
        pat = self._whole[k]
        if pat is None:
            pat = self._whole[k] = _combine(self.groups[k])
        return pat

    def compile_all(self) -> None:
        """Compile every pattern a search may use now (a service does this at start-up), not on first use."""
        for k, phrases in enumerate(self.groups):
            self.whole(k)
            for i in range(len(phrases)):
                self._phrase_pattern(k, i)

    def find(self, text: str, only: dict[int, set[int]] | None = None) -> list[Hit]:
        """Every non-negated hit, in order. `only` (pattern index -> phrase indexes) leaves out phrases a
        prefilter proved cannot match anywhere in `text`: without them the alternation finds the same hits."""
        if not text:
            return []
        if only is not None and not ascii_exact(text):
            only = None  # narrowed searches use ASCII semantics, exact for ASCII text only
        if self.topics:
            hits = [
                Hit(self.id, m.start(), m.end(), m.group(0), topic=self.topics[k][0])
                for k in (range(len(self.topics)) if only is None else sorted(only))
                for m in self._matches(k, only, text)
            ]
            return sorted(hits, key=lambda h: h.start)
        matches = self._matches(0, only, text)
        if not self.negation:
            return [Hit(self.id, m.start(), m.end(), m.group(0)) for m in matches if m.end() > m.start()]
        # a short text is rescanned before each hit (cheaper than indexing it); a long one is indexed once
        is_negated = _clauses(text).negated if len(text) > _INDEX_NEGATION_FROM else partial(negated, text)
        return [
            Hit(self.id, m.start(), m.end(), m.group(0))
            for m in matches
            if m.end() > m.start() and not is_negated(m.start())
        ]

    def _matches(self, k: int, only: dict[int, set[int]] | None, text: str) -> list[re.Match[str]]:
        """The matches of group `k`'s alternation in `text`, left to right. With `only`, the alternation of just
        the possible phrases, found without compiling it: each phrase has its own pattern (compiled once), and
        at each position the first phrase in the alternation's order that matches there wins, as in the
        alternation. (Compiling the narrowed alternation for each new combination of phrases cost ~1.6 ms.)"""
        phrases = self.groups[k]
        chosen = only.get(k) if only is not None else None
        if not chosen or 2 * len(chosen) > len(phrases):
            return list(self.whole(k).finditer(text))  # most phrases are possible anyway
        order = sorted(chosen)
        pats = [self._phrase_pattern(k, i) for i in order]
        ahead: list[re.Match[str] | None] = [p.search(text) for p in pats]
        out: list[re.Match[str]] = []
        pos = 0
        while True:
            best: re.Match[str] | None = None
            for j, m in enumerate(ahead):
                if m is None:
                    continue
                if m.start() < pos:  # overlapped by the last match: the phrase's next match from here
                    m = ahead[j] = pats[j].search(text, pos)
                    if m is None:
                        continue
                if best is None or m.start() < best.start():  # a tie goes to the earlier phrase
                    best = m
            if best is None:
                return out
            if best.end() == best.start():  # an empty match: finditer's rules for these are subtle; be exact
                return list(self.whole(k).finditer(text))
            out.append(best)
            pos = best.end()

    def _phrase_pattern(self, k: int, i: int) -> re.Pattern[str]:
        pat = self._phrase.get((k, i))
        if pat is None:
            # narrowing is for ASCII text only (see `find`), where ASCII semantics equal Unicode ones: they
            # compile and match faster
            pat = self._phrase[(k, i)] = _combine([self.groups[k][i]], re.ASCII)
        return pat

    def topic(self, topic_id: str) -> tuple[str, tuple[str, ...]]:
        for tid, label, covered in self.topics:
            if tid == topic_id:
                return label, covered
        raise KeyError(topic_id)


def negated(text: str, start: int, window: int = 3) -> bool:
    """True when one of the few words before `start`, in the same clause, negates it."""
    head = text[:start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
    if breaks:
        head = head[breaks[-1] :]
    words = [w.lower() for w in _WORD.findall(head)][-window:]
    return any(w in NEGATORS or w.endswith("n't") for w in words)


class _Clauses:
    """Where one text's clause breaks and words are, found once: `negated` for each hit then looks only at the
    words since the last break before it, found by bisection, instead of rescanning the whole text before the
    hit (which made long statements quadratic). It answers exactly as `negated` does; the rare positions where
    cutting the text there could change a break or a word fall back to `negated`."""

    __slots__ = ("text", "break_starts", "break_ends", "word_starts", "word_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        self.break_starts: list[int] = []
        self.break_ends: list[int] = []
        for m in _CLAUSE_BREAK.finditer(text):
            self.break_starts.append(m.start())
            self.break_ends.append(m.end())
        self.word_starts: list[int] = []
        self.word_ends: list[int] = []
        for m in _WORD.finditer(text):
            self.word_starts.append(m.start())
            self.word_ends.append(m.end())

    def negated(self, start: int, window: int = 3) -> bool:
        text = self.text
        if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            return negated(text, start, window)  # a break or a word may end differently where the text is cut
        i = bisect_right(self.break_ends, start)  # breaks [.., i) end at or before `start`
        if i < len(self.break_starts) and self.break_starts[i] < start:
            return negated(text, start, window)  # a break that runs across `start`
        since = self.break_ends[i - 1] if i else 0
        j = bisect_right(self.word_ends, start)  # words [.., j) end at or before `start`
        if j < len(self.word_starts) and self.word_starts[j] < start:
            return negated(text, start, window)  # a word that runs across `start`
        first = bisect_right(self.word_ends, since)  # words [first, ..) end after the break
        if first < len(self.word_starts) and self.word_starts[first] < since:
            return negated(text, start, window)  # a word that runs across the break
        for w in range(max(first, j - window), j):
            word = text[self.word_starts[w] : self.word_ends[w]].lower()
            if word in NEGATORS or word.endswith("n't"):
                return True
        return False


_LAST = threading.local()
_INDEX_NEGATION_FROM = 2_000  # characters: below this, rescanning the text before a hit costs less than indexing


def _clauses(text: str) -> _Clauses:
    """The clause index of `text`, kept for the next lexicon (every lexicon with negation reads the same text)."""
    last: _Clauses | None = getattr(_LAST, "clauses", None)
    if last is None or last.text is not text:
        last = _LAST.clauses = _Clauses(text)
    return last


def check_phrases(phrases: list[str], source: str) -> None:
    """Every phrase is a valid pattern on its own; raise LexiconError naming the first that is not."""
    for i, p in enumerate(phrases):
        if not isinstance(p, str) or not p.strip():
            raise LexiconError(f"{source}: phrases[{i}] must be a non-empty string")
        try:
            re.compile(p)
        except re.error as exc:
            raise LexiconError(f"{source}: phrases[{i}] is not a valid pattern ({exc}): {p!r}") from None


def _ordered(phrases: list[str]) -> tuple[str, ...]:
    """Longest first, so that the alternation prefers the longest phrase at a position."""
    return tuple(sorted(phrases, key=len, reverse=True))


def _combine(ordered: list[str] | tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE | flags)


def _compile(phrases: list[str], source: str) -> re.Pattern[str]:
    # Only the combined pattern is compiled: checking each phrase first doubled start-up time. The phrase
    # check runs when the combined pattern fails, to name the culprit, and over every shipped lexicon in tests.
    if not all(isinstance(p, str) and p.strip() for p in phrases):
        check_phrases(phrases, source)
    try:
        return _combine(_ordered(phrases))
    except re.error:
        check_phrases(phrases, source)
        raise LexiconError(f"{source}: the phrases do not combine into one pattern") from None


def load_lexicon(path: Path) -> Lexicon:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or "id" not in data:
        raise LexiconError(f"{path}: expected a mapping with `id` and `phrases` (or `topics`)")
    topics, groups, compiled = [], [], []
    for i, t in enumerate(data.get("topics") or []):
        if not isinstance(t, dict) or not {"id", "label", "phrases"} <= set(t):
            raise LexiconError(f"{path}: topics[{i}] needs `id`, `label`, `phrases` and `covered_by`")
        topics.append((t["id"], t["label"], tuple(t.get("covered_by") or ())))
        compiled.append(_compile(t["phrases"], f"{path}: topics[{i}]"))  # compiled to check, and kept
        groups.append(_ordered(t["phrases"]))
    phrases = data.get("phrases") or []
    if not topics:
        if not phrases:
            raise LexiconError(f"{path}: `phrases` is empty")
        compiled.append(_compile(phrases, str(path)))
        groups.append(_ordered(phrases))
    lex = Lexicon(
        id=str(data["id"]),
        description=str(data.get("description", "")).strip(),
        groups=tuple(groups),
        negation=bool(data.get("negation", False)),
        fields=_fields(data.get("fields"), path),
        topics=tuple(topics),
    )
    lex._whole = list(compiled)
    return lex


def _fields(value: object, path: Path) -> tuple[str, ...]:
    if value is None:
        return ("statement", "evidence")
    if not isinstance(value, list) or not value or not set(value) <= {"statement", "evidence"}:
        raise LexiconError(f"{path}: `fields` must be a list of statement and/or evidence")
    return tuple(str(v) for v in value)


def load_lexicons(folder: Path) -> dict[str, Lexicon]:
    files = sorted(folder.glob("*.yaml"))
    return cached(
        "lexicons", files, lambda: _parse_lexicons(files), extra=[str(folder.resolve())], of=dict, items=Lexicon
    )


def _parse_lexicons(files: list[Path]) -> dict[str, Lexicon]:
    out: dict[str, Lexicon] = {}
    for path in files:
        lex = load_lexicon(path)
        if lex.id in out:
            raise LexiconError(f"{path}: lexicon id {lex.id!r} is used twice")
        out[lex.id] = lex
    return out


# Non-ASCII text goes through the prefilter as its ASCII shadow: each character replaced by an ASCII one that
# every pattern atom the original matches (Unicode semantics, ignoring case) also matches (ASCII semantics), so
# the prefilter's superset stays a superset. Without it, text beyond ASCII ran every lexicon whole: ~15 us a
# character for runs of NBSP or em spaces, one 2 MB body holding a worker for many seconds.
_CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})  # match ASCII letters
_NON_ASCII_SPACE = re.compile(r"[^\S\x00-\x7f]+")
_NON_ASCII_DIGIT = re.compile(r"[^\D\x00-\x7f]")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_PY_ONLY_SPACE = re.compile("[\x1c-\x1f]")


def ascii_exact(text: str) -> bool:
    r"""Whether ASCII semantics match `text` as Unicode ones do: ASCII text without the separators \x1c-\x1f
    (white space to a Unicode `\s`, not to an ASCII one, nor to Hyperscan's)."""
    return text.isascii() and not _has_separator(text)


def _has_separator(text: str) -> bool:
    # four substring tests (C) cost a tenth of a regex search; every lexicon asks of the same text
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


def ascii_shadow(text: str) -> str:
    r"""`text` with every non-ASCII character replaced (one for one) by an ASCII stand-in of its kind: a space for
    white space (the separators \x1c-\x1f too), `0` for a digit, `a` for another word character, `~` for anything
    else; the four characters that match an ASCII letter when case is ignored become that letter."""
    if text.isascii():
        return _PY_ONLY_SPACE.sub(" ", text) if _has_separator(text) else text
    text = _PY_ONLY_SPACE.sub(" ", text.translate(_CASE_TWINS))
    text = _NON_ASCII_SPACE.sub(lambda m: " " * len(m.group(0)), text)
    text = _NON_ASCII_DIGIT.sub("0", text)
    text = _NON_ASCII_WORD.sub("a", text)
    return _NON_ASCII.sub("~", text)


# where each prefilter expression came from: (lexicon id, pattern index, phrase index)
_Source = tuple[str, int, int]
_COMPILED: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[Any, list[_Source]]] = {}
_EVERY = None  # `candidates` without a prefilter: every lexicon, whole patterns


class LexiconMatcher:
    """Runs every lexicon over a text. With Hyperscan installed, one prefilter pass over every phrase of
    every lexicon (a superset of the matches, by Hyperscan's PREFILTER mode) tells which phrases can match;
    only lexicons with such phrases run, each with an alternation of just those phrases. Without Hyperscan,
    every lexicon runs whole. The results are the same either way (tests/test_lexicon.py).

    The compiled prefilter (~0.3 s to build) is kept in the start-up cache: the first run compiles it, and
    every later process, a one-shot CLI run included, loads it in well under a millisecond."""

    WARM_AFTER = 300  # without a start-up cache: texts seen before compiling (~0.3 s) pays off

    def __init__(self, lexicons: dict[str, Lexicon], accelerate: bool | str = "lazy") -> None:
        self.lexicons = lexicons
        self._db: Any = None
        self._sources: list[_Source] = []
        self._lazy = accelerate == "lazy"
        self._seen = 0
        self._local = threading.local()
        self._warm_lock = threading.Lock()
        self._key = tuple((lex_id, phrases) for lex_id, lex in self.lexicons.items() for phrases in lex.groups)
        if accelerate is True:
            self.warm()

    def warm(self, compile_if_missing: bool = True, patterns: bool = False) -> None:
        """Make the prefilter ready now (the service does this at start-up): from this process, from the
        start-up cache, or compiled (and cached) when `compile_if_missing`."""
        with self._warm_lock:
            if patterns:  # a start-up that can wait (the service): every lexicon pattern compiled now, not on use
                for lex in self.lexicons.values():
                    lex.compile_all()
            if self._db is not None:
                self._lazy = False
                return
            found = _COMPILED.get(self._key)
            if found is None:
                found = self._from_cache()
            if found is None and compile_if_missing:
                found = self._build()
            if found is None:
                return
            _COMPILED[self._key] = found
            self._db, self._sources = found
            self._lazy = False

    def _cache_key(self) -> list[str]:
        import hyperscan

        digest = hashlib.sha256(repr(self._key).encode()).hexdigest()
        machine = os.uname().machine if hasattr(os, "uname") else sys.platform  # a database fits one CPU family
        return [digest, str(getattr(hyperscan, "__version__", "")), machine]

    def _from_cache(self) -> tuple[Any, list[_Source]] | None:
        try:
            import hyperscan

            entry = startup_cache.load("prefilter", extra=self._cache_key(), of=tuple)
            if not isinstance(entry, tuple):
                return None
            serialised, sources = entry
            return hyperscan.loadb(serialised, hyperscan.HS_MODE_BLOCK), sources
        except Exception:  # noqa: BLE001 - no Hyperscan, or a database this machine cannot run: compile
            return None

    def _build(self) -> tuple[Any, list[_Source]] | None:
        try:
            import hyperscan
        except ImportError:  # optional: results are identical without it
            return None
        # ASCII semantics compile fast; text that is not pure ASCII bypasses the prefilter (see candidates)
        flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER
        exprs: list[bytes] = []
        sources: list[_Source] = []
        for lex_id, lex in self.lexicons.items():
            for k, phrases in enumerate(lex.groups):
                for i, phrase in enumerate(phrases):
                    exprs.append(phrase.encode())
                    sources.append((lex_id, k, i))
        db = hyperscan.Database()
        try:
            db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[flags] * len(exprs))
        except Exception:  # noqa: BLE001 - a pattern Hyperscan cannot take: every lexicon runs in Python
            return None
        startup_cache.store("prefilter", [], (hyperscan.dumpb(db), sources), extra=self._cache_key())
        return db, sources

    def _compile_and_store(self) -> None:
        self._build()

    @property
    def accelerated(self) -> bool:
        return self._db is not None

    def candidates(self, text: str) -> dict[str, dict[int, set[int]]] | None:
        """Lexicon id -> pattern index -> the phrases that may match `text`; None: no prefilter, try all."""
        if self._lazy:
            self._seen += 1
            if self._seen == 1:
                # from an earlier run's cache; else compiled now and cached for every later run (without a
                # cache, only once enough text has come to pay back the compile)
                if startup_cache.deferring():  # a one-shot run: compiled and cached after it, for later runs
                    self.warm(compile_if_missing=False)
                    if self._db is None and startup_cache.cache_dir() is not None:
                        startup_cache.later(self._compile_and_store)
                else:
                    self.warm(compile_if_missing=startup_cache.cache_dir() is not None)
            elif self._seen > self.WARM_AFTER:
                self.warm()
        if self._db is None:
            return _EVERY
        found: dict[str, dict[int, set[int]]] = {}
        sources = self._sources

        def on_match(expr_id: int, start: int, end: int, flags: int, context: object) -> None:
            lex_id, k, i = sources[expr_id]
            found.setdefault(lex_id, {}).setdefault(k, set()).add(i)

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:  # Hyperscan scratch space is per thread (the service scans from a thread pool)
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        self._db.scan(ascii_shadow(text).encode("ascii"), match_event_handler=on_match, scratch=scratch)
        return found

    def find(self, texts: dict[str, str]) -> dict[str, list[tuple[str, Hit]]]:
        """Lexicon id -> [(field, hit)] over the fields each lexicon reads, in lexicon order."""
        out: dict[str, list[tuple[str, Hit]]] = {}
        wanted = {fld: self.candidates(text) for fld, text in texts.items() if text}
        if any(possible is _EVERY for possible in wanted.values()):
            lex_ids: Iterable[str] = self.lexicons
        else:  # only lexicons with a possible phrase, in lexicon order
            named = {lex_id for possible in wanted.values() if possible for lex_id in possible}
            lex_ids = [lex_id for lex_id in self.lexicons if lex_id in named] if named else ()
        for lex_id in lex_ids:
            lex = self.lexicons[lex_id]
            hits: list[tuple[str, Hit]] = []
            for fld in lex.fields:
                if fld not in wanted:
                    continue
                possible = wanted[fld]
                if possible is _EVERY:
                    hits += [(fld, h) for h in lex.find(texts[fld])]
                elif lex_id in possible:
                    hits += [(fld, h) for h in lex.find(texts[fld], possible[lex_id])]
            if hits:
                out[lex_id] = hits
        return out
