"""Management-system disciplines: which discipline a subject belongs to, decided by the clause trees.

Each requirements tree names its discipline in its header (`discipline`: quality, environment,
occupational-health-and-safety, information-security, food-safety, energy) and the disciplines whose subjects an
audit against it also covers (`shares`: food safety and quality share the product; an environmental audit covers
energy use as an aspect). Principle: the audit criteria define what can be nonconforming (ISO/IEC 17021-1 9.2.1);
a subject that the requirements of another discipline name, and the standard audited does not, is outside the
audit, however relevant it is to the organization (worker PPE in a quality audit, spill trays in an energy one).

`subject_match(lib, audited, words)` ranks the words of what a finding records as lacking (or asks for) against
every normative requirement of the standard audited and of the current requirements standards of the other
disciplines, on one scale: the rarity-weighted share of the words that one clause (its title, keywords,
requirement summaries and obligations) holds, with the rarity counted over all those clauses together, so that
the figures of two trees compare. It answers the other discipline's best clause only where that clause holds
clearly more of the words (a margin) and the audited standard's best holds few: an overlap (the work environment
of a quality standard, compliance obligations of an environmental one) keeps the subject in scope.

`foreign_subject(lib, audited, words, own, covered)` reads the same principle from the disciplines' subject terms
(standards/disciplines.yaml: PPE, eyewash, forklift for occupational health and safety; a waste transfer note, F-gas
for the environment; weights and measures law, fire safety law as regimes whose audits of named disciplines cover
them): words naming a term of a discipline the audit does not cover, none of one it covers, and none the audited
tree itself holds, are another discipline's subject, whatever words of a generic clause (competence, records,
monitoring) they share with the audited standard. A place named only as where something stands ("next to the
forklift charging point") names no subject (`without_places`).

`detail_of_foreign_subject(lib, audited, words)`: a lack said beside such a subject (the spill kit's pads, the noise
assessment's dosimetry, the drill's assembly point signs) that names no discipline's term and whose words no clause
of the audited standard holds is a detail of that subject, and out of the audit with it (engine/facts/grounding.py).
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from engine.core.startup_cache import cached
from engine.core.yamlio import load_yaml
from engine.standards.citation import standards_named
from engine.standards.inference import tokens
from engine.standards.library import StandardLibrary
from engine.standards.model import Clause, Standard

# the figures of a clear subject of another discipline (shares of the words' rarity-weighted sum)
OTHER_AT_LEAST = 0.5  # the other discipline's best clause holds at least half of the words' weight
AUDITED_AT_MOST = 0.5  # the audited standard's best clause holds at most half (its match is weak)
CITED_AT_MOST = 0.34  # and the clause cited, at most a third: a cited clause whose words match keeps it
MARGIN = 0.15  # and the other's best exceeds the audited one's by this much
MIN_SHARED = 2  # words the other's clause shares with the subject (one word alone is a coincidence)
# disciplines of the certification body's own standards, never a client's management system
NOT_A_CLIENT_SYSTEM = frozenset({"conformity-assessment", "management-system-auditing"})
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SubjectMatch:
    """The best clause of one standard for a subject's words, and the share of their weight it holds."""

    standard: Standard
    clause: Clause | None
    score: float
    shared: frozenset[str]


@dataclass(frozen=True, slots=True)
class OtherDiscipline:
    """A subject matched clearly better by another discipline's obligations than by the standard audited."""

    other: SubjectMatch
    audited: SubjectMatch


def discipline_of(std: Standard) -> str | None:
    """The discipline its tree names, or None (a tree that does not say is never compared)."""
    return std.discipline


def covered_disciplines(stds: Iterable[Standard]) -> frozenset[str]:
    """The disciplines an audit against these standards covers: their own and those they share."""
    out: set[str] = set()
    for s in stds:
        if s.discipline:
            out.add(s.discipline)
            out.update(s.shares)
    return frozenset(out)


def _clause_words(c: Clause) -> frozenset[str]:
    text = [c.title, " ".join(c.keywords), c.summary()]
    if c.obligation is not None:
        text += [o.text for o in c.obligation.obliges]
    return frozenset(tokens(" ".join(text)))


def clause_vocabularies(std: Standard) -> tuple[tuple[Clause, frozenset[str]], ...]:
    """Each normative requirement clause of the standard with its words (computed once per standard)."""

    def build() -> tuple[tuple[Clause, frozenset[str]], ...]:
        return tuple((c, _clause_words(c)) for c in std.walk() if c.normative and c.kind != "term" and c.has_shall)

    return std.once("discipline_vocab", build)


def _holding(std: Standard) -> dict[str, tuple[int, ...]]:
    """Each word of `clause_vocabularies(std)` and the positions of the clauses holding it (built once per
    standard): a subject's few words meet a few clauses, not every one."""

    def build() -> dict[str, tuple[int, ...]]:
        out: dict[str, list[int]] = {}
        for i, (_, vocab) in enumerate(clause_vocabularies(std)):
            for w in vocab:
                out.setdefault(w, []).append(i)
        return {w: tuple(ix) for w, ix in out.items()}

    return std.once("discipline_vocab_holding", build)


class _Weights:
    """The rarity of each word over the clauses of every current requirements standard with a discipline."""

    def __init__(self, stds: list[Standard]) -> None:
        df: dict[str, int] = {}
        n = 0
        for s in stds:
            for _, words in clause_vocabularies(s):
                n += 1
                for w in words:
                    df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / (k + 0.5)) for w, k in df.items()}
        self.standards = stds
        # the last answers of `subject_match` and `foreign_subject` (`_recent`): a finding asks each of its
        # statement as a whole once for every part it reads
        self.recent: tuple[dict[Hashable, Any], dict[Hashable, Any]] = ({}, {})


# answers kept per library: two generations of this many (more than a chunk of findings asks at once)
RECENT = 256


def _recent(lib: Iterable[Standard], key: Hashable, sure: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its answer kept for `key` among the last RECENT to 2 x RECENT asked of this library, where
    the objects `sure` (those `key` names by id) are the very ones it was computed for. The pair of generations is
    replaced whole, so a thread reading it never sees half of it."""
    w = _weights(lib)
    newer, older = w.recent
    kept = newer.get(key)
    if kept is None:
        kept = older.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], sure, strict=True)):
        return kept[1]  # type: ignore[no-any-return]  # what compute() gave for these arguments
    value = compute()
    if len(newer) >= RECENT:
        newer, older = {}, newer
        w.recent = (newer, older)
    newer[key] = (sure, value)
    return value


_WEIGHTS: weakref.WeakKeyDictionary[object, _Weights] = weakref.WeakKeyDictionary()


def _candidates(lib: Iterable[Standard]) -> list[Standard]:
    """Current requirements standards of a client's management system that name their discipline, those built on
    no other first (ISO 9001 before IATF 16949: the generic standard is the one to name)."""
    found = [
        s
        for s in lib
        if s.is_requirements and s.discipline and s.discipline not in NOT_A_CLIENT_SYSTEM and s.successor is None
    ]
    return sorted(found, key=lambda s: (s.extends is not None, s.id))


def _weights(lib: Iterable[Standard]) -> _Weights:
    w = _WEIGHTS.get(lib)
    if w is None:
        w = _WEIGHTS[lib] = _Weights(_candidates(lib))
    return w


def best_clause(std: Standard, words: frozenset[str], idf: dict[str, float]) -> SubjectMatch:
    """The clause of `std` holding the largest rarity-weighted share of `words` (words no clause of the library
    holds weigh nothing)."""
    total = sum(idf.get(w, 0.0) for w in words)
    best: SubjectMatch = SubjectMatch(std, None, 0.0, frozenset())
    if total <= 0:
        return best
    vocabularies, holding = clause_vocabularies(std), _holding(std)
    sharing: set[int] = set()  # the clauses sharing a word, in their order below: the others score nothing
    for w in words:
        found = holding.get(w)
        if found:
            sharing.update(found)
    for i in sorted(sharing):
        c, vocab = vocabularies[i]
        shared = words & vocab
        if not shared:
            continue
        score = sum(idf.get(w, 0.0) for w in shared) / total
        if score > best.score:
            best = SubjectMatch(std, c, score, frozenset(shared))
    return best


def subject_match(
    lib: Iterable[Standard],
    audited: Standard,
    words: frozenset[str],
    covered: frozenset[str] = frozenset(),
    cited: Clause | None = None,
) -> OtherDiscipline | None:
    """The best clause of another discipline's current standard for `words`, where it matches them clearly better
    than any clause of `audited` (see the module's docstring) and holds a word of them that no requirement of
    `audited` uses at all; None otherwise. Disciplines in `covered` (those of the standards the report names, and
    those they share) are never another's; a `cited` clause of `audited` that holds a third of the words keeps
    the subject in scope."""
    if not audited.discipline or audited.discipline in NOT_A_CLIENT_SYSTEM:
        return None
    key = ("subject_match", id(audited), words, covered, id(cited))
    return _recent(lib, key, (audited, cited), lambda: _subject_match(lib, audited, words, covered, cited))


def _subject_match(
    lib: Iterable[Standard], audited: Standard, words: frozenset[str], covered: frozenset[str], cited: Clause | None
) -> OtherDiscipline | None:
    if names_discipline(audited.discipline or "", words):  # `subject_match` asked only of one with a discipline
        return None  # "the list of environmental risks" in an environmental audit: framed as its own subject
    weights = _weights(lib)
    # an old edition's thin tree is read with its successor's: the discipline's subjects did not shrink
    own = [audited, *(s for s in lib if s.id == audited.successor)]
    mine = max((best_clause(s, words, weights.idf) for s in own), key=lambda m: m.score)
    if mine.score > AUDITED_AT_MOST:
        return None
    if cited is not None and _score_of(cited, words, weights.idf) > CITED_AT_MOST:
        return None
    skip = covered | covered_disciplines([audited])
    found: SubjectMatch | None = None
    for s in weights.standards:
        if s.discipline in skip:
            continue
        m = best_clause(s, words, weights.idf)
        # a standard built on another is named only where it holds clearly more than the generic one
        better = found is None or m.score > found.score + (0.2 if s.extends and s.extends == found.standard.id else 0)
        if better:
            found = m
    if (
        found is None
        or found.clause is None
        or found.score < OTHER_AT_LEAST
        or found.score - mine.score < MARGIN
        or len(found.shared) < MIN_SHARED
    ):
        return None
    # what makes it another discipline's: a word no requirement of the audited standard uses, within a subject
    # phrase of the other standard (a clause's title or keyword) that the words hold whole, not a word its
    # summary happens to use
    distinctive = found.shared - frozenset().union(*(_all_words(s) for s in own))
    if not distinctive & _held_subjects(found.standard, words):
        return None
    return OtherDiscipline(found, mine)


def _held_subjects(std: Standard, words: frozenset[str]) -> frozenset[str]:
    return frozenset().union(*(_subject_words(phrases, words) for phrases in _subject_phrases(std)))


def names_discipline(discipline: str, words: frozenset[str]) -> bool:
    """The words hold every word of the discipline's name (environment, energy, food safety, information
    security, occupational health and safety, quality), in any of its forms ("environmental")."""
    name = frozenset(tokens(discipline.replace("-", " "))) - {"and"}
    return bool(name) and all(any(w.startswith(n) or (len(w) >= 5 and n.startswith(w)) for w in words) for n in name)


def _subject_phrases(std: Standard) -> tuple[tuple[frozenset[str], ...], ...]:
    """The stems of each subject phrase (title, keywords) of each clause of `clause_vocabularies(std)`, in its
    order; phrases with no content word are left out (computed once per standard)."""

    def build() -> tuple[tuple[frozenset[str], ...], ...]:
        out = []
        for c, _ in clause_vocabularies(std):
            stems = (frozenset(tokens(phrase)) for phrase in (c.title, *c.keywords))
            out.append(tuple(s for s in stems if s))
        return tuple(out)

    return std.once("subject_phrases", build)


def _subject_words(phrases: tuple[frozenset[str], ...], words: frozenset[str]) -> frozenset[str]:
    """The words of each subject phrase of a clause (its title, its keywords: `_subject_phrases`) that `words`
    hold whole: "hearing protection" names the subject where both words stand; "pressure" alone does not name
    "pressure gauge"."""
    out: set[str] = set()
    for stems in phrases:
        if stems <= words:
            out |= stems
    return frozenset(out)


def _score_of(c: Clause, words: frozenset[str], idf: dict[str, float]) -> float:
    total = sum(idf.get(w, 0.0) for w in words)
    return sum(idf.get(w, 0.0) for w in words & _clause_words(c)) / total if total > 0 else 0.0


def _all_words(std: Standard) -> frozenset[str]:
    """Every word a requirement clause of the standard uses."""
    return std.once("discipline_words", lambda: frozenset().union(*(v for _, v in clause_vocabularies(std))))


def disciplines_named(lib: StandardLibrary, texts: Iterable[str | None]) -> frozenset[str]:
    """The disciplines of the standards the texts name (the report's criteria, the finding's own standard): an
    integrated audit covers each of them."""
    found = []
    for text in texts:
        if not text:
            continue
        for name in [text, *standards_named(text)]:
            std = lib.resolve(name)
            if std is not None:
                found.append(std)
    return covered_disciplines(found)


def covered_by_standard(lib: Iterable[Standard], std: Standard, words: frozenset[str]) -> bool:
    """One requirement of the standard (or of its successor, for an old edition) holds at least half of the
    rarity-weighted words: the subject is one of its obligations."""
    idf = _weights(lib).idf
    own = [std, *(s for s in lib if s.id == std.successor)]
    return any(best_clause(s, words, idf).score >= AUDITED_AT_MOST for s in own)


# ---- the disciplines' subject terms (standards/disciplines.yaml) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectTerm:
    """A term naming a subject of one discipline (or regime), and the stem sets that spell it."""

    discipline: str
    text: str
    spellings: tuple[frozenset[str], ...]  # "high-visibility": {high, visibl} or {highvisibl}

    def named_by(self, words: frozenset[str]) -> bool:
        """Every stem of one spelling of the term is among the words."""
        return any(s <= words for s in self.spellings)


@dataclass(frozen=True, slots=True)
class SubjectArea:
    """A discipline of the trees, or a regime (law or practice) that audits of `covered_by` disciplines cover."""

    id: str
    label: str
    covered_by: tuple[str, ...]  # regimes only: the disciplines whose own audit covers it, the first named first
    terms: tuple[SubjectTerm, ...]
    regime: bool = False


def _spellings(term: str) -> tuple[frozenset[str], ...]:
    """The stems of a term with its hyphenated words joined ("forklift"), and, where every part of each such word
    is a word of its own ("anti-virus", not "F-gas"), with them apart."""
    joined = frozenset(tokens(term.replace("-", "")))
    out = [joined] if joined else []
    hyphenated = [w for w in term.split() if "-" in w]
    if all(all(tokens(part) for part in w.split("-")) for w in hyphenated):
        apart = frozenset(tokens(term.replace("-", " ")))
        if apart and apart not in out:
            out.append(apart)
    return tuple(out)


def _area(ident: str, label: str, covered_by: Iterable[str], terms: Iterable[str], regime: bool) -> SubjectArea:
    made = tuple(SubjectTerm(ident, str(t), _spellings(str(t))) for t in terms)
    empty = [t.text for t in made if not t.spellings]
    if empty:
        raise ValueError(f"standards/disciplines.yaml: {ident}: terms with no content word: {empty}")
    return SubjectArea(ident, label, tuple(str(d) for d in covered_by), made, regime)


@lru_cache(maxsize=1)
def subject_areas() -> tuple[SubjectArea, ...]:
    """The disciplines' and regimes' subject terms, as written in standards/disciplines.yaml; from the start-up
    cache when the file and the engine are unchanged (a check then reads no YAML: start-up, issue 28)."""
    source = resources.files("standards") / "disciplines.yaml"
    if isinstance(source, Path):
        return cached("disciplines", [source], _subject_areas, of=tuple, items=SubjectArea)
    return _subject_areas()


def _subject_areas() -> tuple[SubjectArea, ...]:
    text = (resources.files("standards") / "disciplines.yaml").read_text(encoding="utf-8")
    data = load_yaml(text) or {}
    out = [
        _area(str(d), str(d).replace("-", " "), (), terms or (), False)
        for d, terms in (data.get("disciplines") or {}).items()
    ]
    for r, body in (data.get("regimes") or {}).items():
        if not body.get("covered_by"):
            raise ValueError(f"standards/disciplines.yaml: regime {r}: `covered_by` names no discipline")
        out.append(_area(str(r), str(body.get("label") or r), body["covered_by"], body.get("terms") or (), True))
    return tuple(out)


@lru_cache(maxsize=1)
def _term_index() -> tuple[tuple[tuple[SubjectArea, SubjectTerm], ...], dict[str, tuple[int, ...]]]:
    """Every (area, term) of `subject_areas()` in its order, and for each stem the positions of the terms one of
    whose spellings it keys: each spelling is keyed by its stem that the fewest spellings use, so a term can be
    named by words only if they hold a key of it (a spelling is named only when all its stems stand)."""
    flat = tuple((a, t) for a in subject_areas() for t in a.terms)
    uses: dict[str, int] = {}
    for _, t in flat:
        for spelling in t.spellings:
            for w in spelling:
                uses[w] = uses.get(w, 0) + 1
    keyed: dict[str, set[int]] = {}
    for i, (_, t) in enumerate(flat):
        for spelling in t.spellings:
            key = min(spelling, key=lambda w: (uses[w], w))
            keyed.setdefault(key, set()).add(i)
    return flat, {w: tuple(sorted(ix)) for w, ix in keyed.items()}


def terms_named(words: frozenset[str]) -> list[tuple[SubjectArea, SubjectTerm]]:
    """The (area, term) pairs of standards/disciplines.yaml that the words name, in the file's order: the same as
    testing every term, through an index of the terms' stems (`_term_index`)."""
    flat, keyed = _term_index()
    candidates: set[int] = set()
    for w in words:
        ix = keyed.get(w)
        if ix:
            candidates.update(ix)
    return [flat[i] for i in sorted(candidates) if flat[i][1].named_by(words)]


@dataclass(frozen=True, slots=True)
class ForeignSubject:
    """Words naming a subject of a discipline (or regime) the audit does not cover, and where that subject is."""

    area: SubjectArea
    terms: tuple[SubjectTerm, ...]
    stems: frozenset[str]  # the stems of the terms the words name
    standard: Standard | None  # the current standard of that discipline (for a regime, of one covering it)
    clause: Clause | None  # its requirement nearest the words


def _held_by(stds: Iterable[Standard], term: SubjectTerm) -> bool:
    """A normative requirement of one of the standards holds every stem of a spelling of the term: the tree says
    it is that standard's subject too."""
    return any(term.named_by(vocab) for s in stds for _, vocab in clause_vocabularies(s))


def foreign_subject(
    lib: Iterable[Standard],
    audited: Standard,
    words: frozenset[str],
    own: frozenset[str] = frozenset(),
    covered: frozenset[str] = frozenset(),
) -> ForeignSubject | None:
    """The subject the words name by terms of a discipline or regime the audit does not cover, where they name no
    term of one it covers, and the audited standard (or its successor) holds none of those terms itself; None
    otherwise. `own`: the disciplines of the standards the report names (a regime is covered only by these and the
    audited standard's own, never through what they share); `covered`: those and what they share."""
    if not audited.discipline or audited.discipline in NOT_A_CLIENT_SYSTEM:
        return None
    if not terms_named(words):
        return None
    key = ("foreign_subject", id(audited), words, own, covered)
    return _recent(lib, key, (audited,), lambda: _foreign_subject(lib, audited, words, own, covered))


def _foreign_subject(
    lib: Iterable[Standard], audited: Standard, words: frozenset[str], own: frozenset[str], covered: frozenset[str]
) -> ForeignSubject | None:
    mine_own = own | {audited.discipline}
    mine = covered | covered_disciplines([audited]) | mine_own
    named = terms_named(words)
    if not named:
        return None

    def inside(a: SubjectArea) -> bool:
        return bool(set(a.covered_by) & mine_own) if a.regime else a.id in mine

    if any(inside(a) for a, _ in named):
        return None  # a subject of the audit is named too: "the chillers' energy use and their F-gas checks"
    own_trees = [audited, *(s for s in lib if s.id == audited.successor)]
    foreign = [(a, t) for a, t in named if not _held_by(own_trees, t)]
    if not foreign:
        return None
    # the area whose terms the words name most fully
    area = max({a.id: a for a, _ in foreign}.values(), key=lambda a: sum(len(t.text) for b, t in foreign if b is a))
    terms = tuple(t for a, t in foreign if a is area)
    stems = frozenset().union(*(next(s for s in t.spellings if s <= words) for t in terms))
    weights = _weights(lib)
    # a regime is pointed to the first discipline covering it that has a standard; of a discipline's standards,
    # the generic one is named (ISO 9001, which others are built on, before ISO 13485 or IATF 16949)
    stds: list[Standard] = []
    for d in area.covered_by if area.regime else (area.id,):
        stds = stds or [s for s in weights.standards if s.discipline == d]
    based_on = {s.extends for s in weights.standards}
    stds = [s for s in stds if s.id in based_on] or [s for s in stds if s.extends is None] or stds
    best = max((best_clause(s, words, weights.idf) for s in stds), key=lambda m: m.score, default=None)
    standard = best.standard if best is not None else None
    return ForeignSubject(area, terms, stems, standard, best.clause if best is not None else None)


# a place named only to say where something was seen: "next to the forklift charging point", "beside the spill kit"
_PLACE = re.compile(
    r"(?i)\b(?:next\s+to|beside|near(?:by)?|alongside|adjacent\s+to|close\s+to|behind|opposite)\s+"
    r"(?:the\s+|a\s+|an\s+)?[\w-]+(?:\s+(?!(?:and|or|but|was|were|is|are|had|has|have|with|without|not|no)\b)"
    r"[\w-]+){0,3}"
)


def without_places(text: str) -> str:
    """The text without the places it names only as where something stands ("pallets of flour stored next to the
    forklift charging point were not covered": the subject is the flour, not the forklift)."""
    return _PLACE.sub(" ", text)


def names_no_subject_term(words: frozenset[str]) -> bool:
    """The words name no term of any discipline or regime (standards/disciplines.yaml)."""
    return not terms_named(words)


def detail_of_foreign_subject(
    lib: Iterable[Standard], audited: Standard, words: frozenset[str], subject: frozenset[str] = frozenset()
) -> bool:
    """Words beside another discipline's subject (in its sentence) that can only be a detail of it: they name no
    term of any discipline, and no requirement of the audited standard (or its successor) holds half of their
    rarity-weighted weight ("the absorbent pads and the drain cover were missing" after a spill kit not restocked,
    "no personal dosimetry was done" after a noise exposure assessment not repeated), nor names whole a subject
    phrase of it other than with the words of that subject's terms (`subject`). Words a requirement of the audited
    standard holds ("the first-off inspection was not recorded", "the core temperature") are its own subject,
    whatever stands beside them."""
    if not audited.discipline or audited.discipline in NOT_A_CLIENT_SYSTEM or not words:
        return False
    if not names_no_subject_term(words):
        return False
    if words <= obligation_label_stems():
        return True  # "compliance obligations not met": the law belongs to the discipline of its subject
    # a word no clause of the library uses is one the audited standard does not hold: it weighs as the rarest
    idf = _weights(lib).idf
    rarest = max(idf.values(), default=1.0)
    weighed = {w: idf.get(w, rarest) for w in words}
    own = [audited, *(s for s in lib if s.id == audited.successor)]
    if any(_share(s, weighed) >= AUDITED_AT_MOST for s in own):
        return False
    # a subject phrase of the audited standard (a clause's title or keyword) held whole is its own subject,
    # however many rare words describe it ("the core temperature of product leaving the blast freezers"); the
    # words of the other subject's own terms (`subject`) are that subject's ("two fire assembly signs" beside a
    # fire evacuation exercise is no fire threat to information processing)
    return not any(_held_subjects(s, words - subject) for s in own)


@lru_cache(maxsize=1)
def obligation_label_stems() -> frozenset[str]:
    """The stems of standards/disciplines.yaml `obligation_labels`: words that only label a subject as an
    obligation (of law, of the system) and say whether it is met. Principle: a law belongs to the discipline of its
    subject (ISO/IEC 17021-1 9.2.1); "compliance obligations not met" beside the examination of lifting equipment
    is no environmental subject. From the start-up cache, like `subject_areas` (a check then reads no YAML)."""
    source = resources.files("standards") / "disciplines.yaml"
    if isinstance(source, Path):
        return cached("obligation_labels", [source], _obligation_label_stems, of=frozenset, items=str)
    return _obligation_label_stems()


def _obligation_label_stems() -> frozenset[str]:
    text = (resources.files("standards") / "disciplines.yaml").read_text(encoding="utf-8")
    labels = (load_yaml(text) or {}).get("obligation_labels") or ()
    return frozenset(w for label in labels for w in tokens(str(label)))


def _share(std: Standard, weighed: dict[str, float]) -> float:
    """The largest share of the words' weight one requirement clause of the standard holds."""
    total = sum(weighed.values())
    if total <= 0:
        return 0.0
    return max(
        (sum(weighed[w] for w in weighed if w in vocab) / total for _, vocab in clause_vocabularies(std)), default=0.0
    )


def disciplines_of_named(lib: StandardLibrary, texts: Iterable[str | None]) -> frozenset[str]:
    """The own disciplines of the standards the texts name (without what they share)."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for name in [text, *standards_named(text)]:
            std = lib.resolve(name)
            if std is not None and std.discipline:
                found.add(std.discipline)
    return frozenset(found)
