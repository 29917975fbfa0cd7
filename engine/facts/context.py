"""What every fact function receives: one finding, its resolved citations, its lexicon hits and the report around it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from engine.core.memo import T, once
from engine.core.models import Audit, Finding, PreviousFinding
from engine.rulebook.config import Options
from engine.rulebook.lexicon import Hit, ascii_exact
from engine.standards.citation import ResolvedCitation
from engine.standards.inference import QUOTED
from engine.standards.library import StandardLibrary
from engine.standards.model import Standard

if TYPE_CHECKING:
    from engine.rulebook.lexicon import Lexicon
    from engine.rulebook.rulebase import Rule

_IDENTIFIER = re.compile(  # every alternative starts a word: the leading test skips other positions at once
    r"""(?x) \b(?=\w) (?:
      \b[A-Z][A-Za-z]{0,5}(?:[-_/][A-Z]{1,6}){0,3}(?:[-_/]|(?<=[A-Z])\s)?\d\w*(?:[-./]\d+)*\b   # TW-07, PO-7781, FS01
    | \b\d{4}-\d{2}(?:-\d{2})?\b                                                   # 2026-09-30
    | \b(?:\d{1,2}[./])?\d{1,2}[./](?:19|20)\d\d\b                                   # 12/09/2026, 01/2026
    | (?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b)
    | (?i:\b(?:Q[1-4]|H[12])\s+(?:19|20)\d\d\b)
    | (?i:\brev(?:ision)?\b)\.?\s*(?:[A-Z]{1,2}\b|\d[\w.]*)                                # rev B, revision 3
    | (?i:\b(?:line|press|lathe|cell|bay|warehouse|store|site|area|room|building|station|server|gate|dock|zone)
         \s+[A-Z0-9]{1,4}\b)
    | (?i:\b(?:job|order|batch|lot|ticket|serial|part|drawing|asset|item|case|complaint|incident|project)s?
         \s+(?:no\.?\s*|number\s+|\#\s*)?[A-Z0-9-]*\d[\w-]*)
    | \b\d+\s+(?:of|out\s+of)\s+\d+\b                                                # 1 of 40
    | (?i:\b(?:v|ver|version|issue|edition)\.?\s?\d+(?:\.\d+)*\b)                        # SOA v2, issue 4
    )"""
)
_SENTENCE = re.compile(r"[^.;\n]+")


def clause_around(text: str, pos: int, starts: str = ".;:\n", ends: str | None = None) -> tuple[int, int]:
    """The bounds of the clause holding position `pos`: after the last of `starts` before it, up to the first of
    `ends` (the same marks unless given) from it."""
    a = max(text.rfind(c, 0, pos) for c in starts) + 1
    found = [e for e in (text.find(c, pos) for c in (starts if ends is None else ends)) if e >= 0]
    return a, min(found) if found else len(text)


# what every alternative of _IDENTIFIER needs somewhere in the text: a digit, `rev`, or one of its place words
# (keep the words in step with the pattern), tested in ASCII text, where both read letters and digits alike
DIGIT = re.compile(r"\d")
_CUE_WORDS = re.compile(
    r"rev|line|press|lathe|cell|bay|warehouse|store|site|area|room|building|station|server|gate|dock|zone"
)


_IDENTIFIER_ASCII = re.compile(_IDENTIFIER.pattern, re.ASCII)  # the same, a third faster, where exact (see below)


def identifiers(text: str, most: int | None = None) -> list[str]:
    """Record numbers, revisions, dates, locations and sample counts: what lets a reader find the evidence.
    Several facts of one finding ask it of the same text: the last texts' answers are kept (`_identifiers`)."""
    return list(_identifiers(text, most))


@lru_cache(maxsize=512)  # a chunk of findings' texts and parts (engine/facts: CHUNK); more would only hold old ones
def _identifiers(text: str, most: int | None) -> tuple[str, ...]:
    pattern = _IDENTIFIER
    if text.isascii():
        if not DIGIT.search(text) and not _CUE_WORDS.search(text.lower()):
            return ()  # none can match: the pattern's try at every word start (~15 us a statement) is skipped
        if ascii_exact(text):  # ASCII semantics read this text as Unicode ones do, and match faster
            pattern = _IDENTIFIER_ASCII
    return tuple(m.group(0) for m in itertools.islice(pattern.finditer(text), most))


@dataclass(slots=True)
class ReportContext:
    """What every finding of one report shares."""

    lib: StandardLibrary
    lexicons: dict[str, Lexicon]
    options: Options
    withdraw_rules: list[Rule]
    report_standard: str | None
    audit: Audit | None
    previous: list[PreviousFinding]
    scheme: str | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # what facts compute once per report (see `once`)

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` the first time a fact asks for `key` in this report, its answer after."""
        return once(self.memo, key, compute)


@dataclass(slots=True)
class FindingFacts:
    """One finding's computed facts, and what the diagnostics need to explain them."""

    index: int
    finding: Finding
    criteria: Standard | None
    citations: list[ResolvedCitation]
    report: ReportContext
    fact: dict[str, Any] = field(default_factory=dict)
    hits: dict[str, list[tuple[str, Hit]]] = field(default_factory=dict)  # lexicon -> [(field, hit)]
    ctx: dict[str, Any] = field(default_factory=dict)  # message template values
    spans: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # span name -> (field, start, end)
    grade_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inferred: list[Any] = field(default_factory=list)  # engine.standards.inference.Match, best first
    quotes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # field -> quotation spans
    estimate: str = "none"
    # the statement's language when it is clearly not English (engine/core/language.py): then no English word
    # list, pattern or inference reads the finding, and its requirement comes from its citation only
    language: str | None = None

    @property
    def primary(self) -> ResolvedCitation:
        return self.citations[0]

    @property
    def lib(self) -> StandardLibrary:
        return self.report.lib

    @property
    def options(self) -> Options:
        return self.report.options

    def first_hit(self, lexicon: str, fields: tuple[str, ...] | None = None) -> tuple[str, Hit] | None:
        for fld, hit in self.hits.get(lexicon, []):
            if fields is None or fld in fields:
                return fld, hit
        return None

    def has(self, lexicon: str, *fields: str) -> bool:
        return self.first_hit(lexicon, fields or None) is not None

    def words(self, lexicon: str, *fields: str) -> str:
        hit = self.first_hit(lexicon, fields or None)
        return hit[1].text if hit else ""

    def text(self, fld: str) -> str:
        f = self.finding
        return {
            "statement": f.statement,
            "evidence": f.evidence_text(),
            "clause": f.clause or "",
            "client_position": f.client_position or "",
        }[fld]

    def quoted(self, fld: str, pos: int) -> bool:
        """Whether position `pos` of the field lies inside quotation marks (the quotations found once a field)."""
        spans = self.quotes.get(fld)
        if spans is None:
            spans = self.quotes[fld] = [m.span() for m in QUOTED.finditer(self.text(fld))]
        return any(a < pos < b for a, b in spans)

    def whole_text(self) -> str:
        return f"{self.finding.statement}\n{self.finding.evidence_text()}"

    def every_sentence(self, fld: str, lexicon: str) -> bool:
        """Every sentence of the field holds a hit of the lexicon (the hits already found in the whole text)."""
        text = self.text(fld)
        starts = [h.start for f, h in self.hits.get(lexicon, ()) if f == fld]
        sentences = [m.span() for m in _SENTENCE.finditer(text) if m.group(0).strip()]
        return bool(sentences) and all(any(a <= s < b for s in starts) for a, b in sentences)
