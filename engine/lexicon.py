"""Phrase lexicons (data in rules/lexicons/*.yaml) compiled to word-bounded, case-insensitive matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def _compile(phrases: list[str], source: str) -> re.Pattern[str]:
    for i, p in enumerate(phrases):
        if not isinstance(p, str) or not p.strip():
            raise LexiconError(f"{source}: phrases[{i}] must be a non-empty string")
        try:
            re.compile(p)
        except re.error as exc:
            raise LexiconError(f"{source}: phrases[{i}] is not a valid pattern ({exc}): {p!r}") from None
    body = "|".join(f"(?:{p})" for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def load_lexicon(path: Path) -> Lexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
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
    out: dict[str, Lexicon] = {}
    for path in sorted(folder.glob("*.yaml")):
        lex = load_lexicon(path)
        if lex.id in out:
            raise LexiconError(f"{path}: lexicon id {lex.id!r} is used twice")
        out[lex.id] = lex
    return out
