"""The obligation layer, indexed once per standard: what each requirement obliges, the means it leaves open and
what it does not require, as stems of the project's tokeniser, so that a finding's demand can be matched against
them ("show me where in the standard").

`obligation_index(std)` is computed on first use and kept with the standard. Its questions:
- `not_required(words)`: a `<not-required>` entry the words name (a risk register, a written test after every
  training), unless an obligation of the standard names the same thing;
- `left_open(words, near)`: a means a requirement leaves to the organization (a `<leaves>` example: a poster,
  monthly, a skills matrix) that the words name, found first in the clauses `near` (the cited or inferred ones);
- `uncovered(words)`: the words of a demand that no requirement of the standard uses anywhere (its titles,
  provisions, items, notes, keywords and obligations), the mark of a demand the standard does not make;
- `obliged_by(words)`: the obligation whose words best cover the words (the nearest one, for messages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.standards.inference import tokens
from engine.standards.model import Clause, LeftOpen, Obliges, Standard

# words that carry no subject of their own when a demand and an entry are compared: units ("each", "every") and
# the frames every obligation uses ("documented information", "kept", "organization")
_FRAME_WORDS = (
    "each every all any per single whole entire other own particular specific formal separate "
    "organization organisation company ensure ensured exist exists kept keep keeping maintained retained "
    "available use used using have has had carried out done there"
)
# the words of a bound ("at least annually", "no less than two years", "not fewer than three"): they say how much of
# a value, never what the value is of, so they name no subject (a standard that sets a minimum and one that sets
# none are told apart by the value, never by "least")
BOUND = frozenset(tokens("least less fewer"))
FRAME = frozenset(tokens(_FRAME_WORDS)) | BOUND
# words of time and age: never a subject a standard fails to name ("past its due date", "the new line")
TIME = frozenset(
    tokens("date dates dated due past day days week weeks month months year years time times period last next new old")
)
_ALTERNATIVES = re.compile(r"\s*(?:,|\bor\b|\band/or\b)\s*")
_LEADING_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
_PREFIXES = ("re", "un", "non", "in", "dis", "mis")  # "retrain" is "train" again, "unlabelled" is "labelled"


@dataclass(frozen=True, slots=True)
class OpenMeans:
    """A means a requirement leaves to the organization: one example of a `<leaves>` element."""

    clause: Clause
    left: LeftOpen
    example: str
    stems: frozenset[str]


@dataclass(frozen=True, slots=True)
class NotRequired:
    """What a requirement does not ask for, though people commonly believe it does."""

    clause: Clause
    text: str
    stems: frozenset[str]  # the words of the whole entry, without a bracketed condition
    heads: tuple[frozenset[str], ...]  # each alternative of the entry ("a training matrix or skills matrix")
    universal: bool = False  # it is about each or every member of a class ("an energy target for every SEU")


@dataclass(frozen=True, slots=True)
class Obligated:
    """One thing a requirement obliges."""

    clause: Clause
    obliges: Obliges
    stems: frozenset[str]


def content(text: str) -> frozenset[str]:
    """The stems of a text's content words, without the frame words every requirement uses."""
    return frozenset(tokens(text)) - FRAME


def _alternatives(text: str) -> tuple[frozenset[str], ...]:
    """The alternatives of a not-required entry: "a training matrix or skills matrix" gives two; a list after a
    head ("documented procedures for document control, internal audit or ...") keeps the head with each."""
    head, sep, rest = text.partition(" for ")
    parts = [p for p in _ALTERNATIVES.split(rest if sep else text) if p.strip()]
    whole = content(text)
    last = _LEADING_ARTICLE.sub("", parts[-1]).split() if parts else []
    tail = content(" ".join(last[1:]))  # the nouns a one-word alternative shares: "signed or dated policy"
    out = []
    for p in parts:
        words = content(_LEADING_ARTICLE.sub("", p))
        if len(words) == 1 and words != whole:
            words |= tail
        if sep:
            words |= content(head)
        # one word alone names the thing only when it is the whole entry ("an organisation chart"); "signed" of
        # "a signed or dated policy" is an adjective whose noun comes later
        if len(words) >= 2 or (words and words == whole):
            out.append(words)
    return tuple(out) or (whole,)


class ObligationIndex:
    """A standard's obligation layer as stems, built once (see the module's docstring)."""

    def __init__(self, std: Standard) -> None:
        self.std = std
        self.means: list[OpenMeans] = []
        self.not_required_entries: list[NotRequired] = []
        self.obligations: list[Obligated] = []
        vocabulary: set[str] = set()
        obliged: set[str] = set()
        for c in std.walk():
            if not c.normative or c.kind == "term":
                continue
            vocabulary.update(tokens(" ".join([c.title, c.summary(), " ".join(p.text for p in c.notes)])))
            vocabulary.update(tokens(" ".join(c.keywords)))
            obl = c.obligation
            if obl is None:
                continue
            for o in obl.obliges:
                stems = content(o.text)
                self.obligations.append(Obligated(c, o, stems))
                obliged |= stems
                vocabulary |= stems
            for left in obl.leaves:
                vocabulary.update(tokens(left.text))
                for ex in left.examples:
                    stems = content(ex)
                    if stems and _whole(ex, stems):
                        self.means.append(OpenMeans(c, left, ex, stems))
            for text in obl.not_required:
                stems = content(_BRACKETED.sub(" ", text))
                if stems:
                    universal = bool(_UNIVERSAL.search(text))
                    self.not_required_entries.append(NotRequired(c, text, stems, _alternatives(text), universal))
        by_stem: dict[str, list[int]] = {}
        for k, entry in enumerate(self.not_required_entries):
            for w in entry.stems:
                by_stem.setdefault(w, []).append(k)
        self._entries_by_stem = by_stem  # a stem -> the not-required entries holding it (candidates first)
        self.vocabulary = frozenset(vocabulary)
        self.obliged_stems = frozenset(obliged)
        self.has_layer = bool(self.obligations)

    # -- questions ---------------------------------------------------------------------------------------

    def obliged_by(self, words: Iterable[str], near: Iterable[str] = ()) -> tuple[Obligated, int] | None:
        """The obligation sharing most words with `words` (those of the clauses `near` first on a tie), and how
        many it shares; None when none shares one."""
        ws = frozenset(words) - FRAME
        near_set = set(near)
        best: tuple[int, int, Obligated] | None = None
        for o in self.obligations:
            shared = len(ws & o.stems)
            if not shared:
                continue
            key = (shared, int(o.clause.number in near_set or _under_any(o.clause.number, near_set)))
            if best is None or key > best[:2]:
                best = (*key, o)
        return (best[2], best[0]) if best else None

    def names_obligation(self, words: frozenset[str], besides: Clause | None = None) -> Obligated | None:
        """An obligation whose own words hold every one of `words` (the standard asks for that very thing),
        other than those of the clause `besides`."""
        ws = words - FRAME
        if not ws:
            return None
        for o in self.obligations:
            if o.clause is not besides and ws <= o.stems:
                return o
        return None

    def not_required(
        self, words: frozenset[str], universal: bool = False, near: Iterable[str] = ()
    ) -> tuple[NotRequired, frozenset[str]] | None:
        """The not-required entry the words name (every word of one of its alternatives is among them, or three
        quarters of the words of a long alternative or of the whole entry of a clause `near`) and the words they
        share; None where an obligation of another clause names the same thing (the entry's
        own clause wrote it knowing its obligations: "an energy target for every significant energy use" beside
        an obligation to set energy targets). An entry about each or every member of a class is named only by
        words that are (`universal`), and then no obligation overrides it: its unit is what is not required."""
        ws = words - FRAME
        if not ws:
            return None
        near_set = set(near)
        candidates = sorted({k for w in ws for k in self._entries_by_stem.get(w, ())})
        for k in candidates:
            entry = self.not_required_entries[k]
            if entry.universal and not universal:
                continue
            close = entry.clause.number in near_set or (bool(near_set) and _under_any(entry.clause.number, near_set))
            for h in (*entry.heads, entry.stems):
                # all of it, or three quarters of a long one with every word that is not the subject its own clause
                # obliges ("annual" of "annual security awareness training" must be there)
                named = h <= ws or (
                    close
                    and len(h) >= 4
                    and 4 * len(h & ws) >= 3 * len(h)
                    and (h - self._clause_stems(entry.clause)) <= ws
                )
                if not (named and _distinctive(h & ws)):
                    continue
                if entry.universal or self.names_obligation(h & ws, entry.clause) is None:
                    return entry, h & ws
        return None

    def _clause_stems(self, clause: Clause) -> frozenset[str]:
        obl = clause.obligation
        return frozenset().union(*(content(o.text) for o in obl.obliges)) if obl is not None else frozenset()

    def left_open(self, words: frozenset[str], near: Iterable[str] = ()) -> OpenMeans | None:
        """A means left to the organization that the words name: an example of a `<leaves>` element of the
        clauses `near` (the cited or inferred requirement, its parent or its parts) whose words are all among
        them, where the requirement's own obligations do not name it. A means left open by another requirement
        says nothing of this one."""
        ws = words - FRAME
        near_set = set(near)
        found = [
            m
            for m in self.means
            if m.stems <= ws
            and _distinctive(m.stems)
            and (m.clause.number in near_set or _under_any(m.clause.number, near_set))
        ]
        found.sort(key=lambda m: (-len(m.stems), m.clause.number))
        for m in found:
            obl = m.clause.obligation
            if obl is None or not any(m.stems <= content(o.text) for o in obl.obliges):
                return m
        return None

    def uncovered(self, words: Iterable[str]) -> list[str]:
        """The words no requirement of the standard uses anywhere (an inflection of a used word counts as used)."""
        out = []
        for w in words:
            if w in self.vocabulary or w in FRAME or w in TIME or len(w) < 3:
                continue
            if any(w.startswith(p) and w[len(p) :] in self.vocabulary for p in _PREFIXES):
                continue
            out.append(w)
        return out


_BRACKETED = re.compile(r"\([^)]*\)")
_UNIVERSAL = re.compile(r"(?i)\b(?:every|each|all)\b")
_GENERIC = frozenset(tokens("document documented information record records procedure process system plan"))


def _whole(example: str, stems: frozenset[str]) -> bool:
    """Every word of the example is among its stems: "gauge R&R" loses "R&R" to the tokeniser and would name any
    gauge; such an example is left out rather than matched by half of it."""
    return all(
        tokens(w) or w.lower() in _FRAME_WORDS.split()
        for w in re.findall(r"[^\s,;]+", example)
        if not _ARTICLE.fullmatch(w)
    )


_ARTICLE = re.compile(r"(?i)an?|the|of|for|and|or|to|in|on|at|by|with|per|each|every|all")


def _distinctive(stems: frozenset[str]) -> bool:
    """Not only generic document words: "a record" names nothing in particular."""
    return bool(stems - _GENERIC)


def _under_any(number: str, near: set[str]) -> bool:
    return any(number.startswith(n + ".") or n.startswith(number + ".") for n in near)


def obligation_index(std: Standard) -> ObligationIndex:
    """The standard's obligation index, built on first use and kept with it."""
    return std.once("obligations", lambda: ObligationIndex(std))
