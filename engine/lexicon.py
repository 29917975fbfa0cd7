"""Phrase lexicons (data in rules/lexicons/*.yaml) compiled to word-bounded, case-insensitive matchers."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.startup_cache import cached
from engine.yamlio import YamlError, load_yaml

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
    pattern: re.Pattern[str]
    negation: bool = False
    fields: tuple[str, ...] = ("statement", "evidence")
    topics: tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...] = ()

    def find(self, text: str) -> list[Hit]:
        """Every non-negated hit, in order."""
        if not text:
            return []
        if self.topics:
            hits = [
                Hit(self.id, m.start(), m.end(), m.group(0), topic=tid)
                for tid, _label, _cov, pat in self.topics
                for m in pat.finditer(text)
            ]
            return sorted(hits, key=lambda h: h.start)
        return [
            Hit(self.id, m.start(), m.end(), m.group(0))
            for m in self.pattern.finditer(text)
            if m.end() > m.start() and not (self.negation and negated(text, m.start()))
        ]

    def patterns(self) -> list[re.Pattern[str]]:
        return [t[3] for t in self.topics] if self.topics else [self.pattern]

    def topic(self, topic_id: str) -> tuple[str, tuple[str, ...]]:
        for tid, label, covered, _pat in self.topics:
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


def check_phrases(phrases: list[str], source: str) -> None:
    """Every phrase is a valid pattern on its own; raise LexiconError naming the first that is not."""
    for i, p in enumerate(phrases):
        if not isinstance(p, str) or not p.strip():
            raise LexiconError(f"{source}: phrases[{i}] must be a non-empty string")
        try:
            re.compile(p)
        except re.error as exc:
            raise LexiconError(f"{source}: phrases[{i}] is not a valid pattern ({exc}): {p!r}") from None


def _compile(phrases: list[str], source: str) -> re.Pattern[str]:
    # Only the combined pattern is compiled: checking each phrase first doubled start-up time. The phrase
    # check runs when the combined pattern fails, to name the culprit, and over every shipped lexicon in tests.
    if not all(isinstance(p, str) and p.strip() for p in phrases):
        check_phrases(phrases, source)
    body = "|".join(f"(?:{p})" for p in sorted(phrases, key=len, reverse=True))
    try:
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
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
    topics = []
    for i, t in enumerate(data.get("topics") or []):
        if not isinstance(t, dict) or not {"id", "label", "phrases"} <= set(t):
            raise LexiconError(f"{path}: topics[{i}] needs `id`, `label`, `phrases` and `covered_by`")
        topics.append(
            (t["id"], t["label"], tuple(t.get("covered_by") or ()), _compile(t["phrases"], f"{path}: topics[{i}]"))
        )
    phrases = data.get("phrases") or []
    if not phrases and not topics:
        raise LexiconError(f"{path}: `phrases` is empty")
    return Lexicon(
        id=str(data["id"]),
        description=str(data.get("description", "")).strip(),
        pattern=_compile(phrases, str(path)) if phrases else re.compile(r"(?!x)x"),
        negation=bool(data.get("negation", False)),
        fields=_fields(data.get("fields"), path),
        topics=tuple(topics),
    )


def _fields(value: object, path: Path) -> tuple[str, ...]:
    if value is None:
        return ("statement", "evidence")
    if not isinstance(value, list) or not value or not set(value) <= {"statement", "evidence"}:
        raise LexiconError(f"{path}: `fields` must be a list of statement and/or evidence")
    return tuple(str(v) for v in value)


def load_lexicons(folder: Path) -> dict[str, Lexicon]:
    files = sorted(folder.glob("*.yaml"))
    return cached("lexicons", files, lambda: _parse_lexicons(files), extra=[str(folder.resolve())])


def _parse_lexicons(files: list[Path]) -> dict[str, Lexicon]:
    out: dict[str, Lexicon] = {}
    for path in files:
        lex = load_lexicon(path)
        if lex.id in out:
            raise LexiconError(f"{path}: lexicon id {lex.id!r} is used twice")
        out[lex.id] = lex
    return out


_COMPILED: dict[tuple[tuple[str, str], ...], tuple[Any, list[str]]] = {}


class LexiconMatcher:
    """Runs every lexicon over a text. With Hyperscan installed, one prefilter pass (a superset of the
    matches, by Hyperscan's PREFILTER mode) picks the lexicons that can match, and only their exact
    Python patterns run; without it, every lexicon runs. The results are the same either way."""

    WARM_AFTER = 300  # texts seen before compiling: a one-shot small report never pays the ~0.3 s compile

    def __init__(self, lexicons: dict[str, Lexicon], accelerate: bool | str = "lazy") -> None:
        self.lexicons = lexicons
        self._db: Any = None
        self._ids: list[str] = []
        self._lazy = accelerate == "lazy"
        self._seen = 0
        self._local = threading.local()
        self._warm_lock = threading.Lock()
        if accelerate is True:
            self.warm()

    def warm(self) -> None:
        """Compile the prefilter now (the service does this at start-up). Compiled once per process."""
        key = tuple((lex_id, p.pattern) for lex_id, lex in self.lexicons.items() for p in lex.patterns())
        with self._warm_lock:
            if not self._lazy and self._db is not None:
                return
            cached = _COMPILED.get(key)
            if cached is None:
                self._build()
                _COMPILED[key] = (self._db, self._ids)
            else:
                self._db, self._ids = cached
            self._lazy = False

    def _build(self) -> None:
        try:
            import hyperscan
        except ImportError:  # optional: results are identical without it
            return
        # ASCII semantics compile fast; text that is not pure ASCII bypasses the prefilter (see candidates)
        flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER
        exprs: list[bytes] = []
        for lex_id, lex in self.lexicons.items():
            for pat in lex.patterns():
                exprs.append(pat.pattern.encode())
                self._ids.append(lex_id)
        db = hyperscan.Database()
        try:
            db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[flags] * len(exprs))
        except Exception:  # noqa: BLE001 - a pattern Hyperscan cannot take: every lexicon runs in Python
            return
        self._db = db

    @property
    def accelerated(self) -> bool:
        return self._db is not None

    def candidates(self, text: str) -> set[str]:
        if self._lazy:
            self._seen += 1
            if self._seen > self.WARM_AFTER:
                self.warm()
        if self._db is None or not text.isascii():  # \w and \b differ beyond ASCII: run every lexicon
            return set(self.lexicons)
        found: set[str] = set()

        def on_match(expr_id: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(self._ids[expr_id])

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:  # Hyperscan scratch space is per thread (the service scans from a thread pool)
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        self._db.scan(text.encode("ascii"), match_event_handler=on_match, scratch=scratch)
        return found

    def find(self, texts: dict[str, str]) -> dict[str, list[tuple[str, Hit]]]:
        """Lexicon id -> [(field, hit)] over the fields each lexicon reads."""
        out: dict[str, list[tuple[str, Hit]]] = {}
        wanted = {fld: self.candidates(text) if text else set() for fld, text in texts.items()}
        for lex_id, lex in self.lexicons.items():
            hits = [(fld, h) for fld in lex.fields if lex_id in wanted.get(fld, ()) for h in lex.find(texts[fld])]
            if hits:
                out[lex_id] = hits
        return out
