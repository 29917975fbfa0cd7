"""Citation parsing and resolution: free text such as `cl. 8.5.1 c)` to standard, clause and item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from engine.standards.library import StandardLibrary
from engine.standards.model import Clause, Standard

_STD = re.compile(
    r"""(?x)
    (?i:\b(?:BS\s*)?(?:EN\s*)?
        (?:ISO|IEC|OHSAS|IATF|AS|BS)(?:\s*/\s*(?:IEC|TS|TR|PAS|ISO))*(?:\s+(?:TR|TS|PAS)\b)?
        [\s\-]*(?P<num>\d{3,5}(?:-\d{1,2})?)
        (?:\s*:\s*(?P<year>\d{4}))?
        (?:\s*/\s*Amd\.?\s*\d+(?:\s*:\s*\d{4})?)?)
    | \b[A-Z]{2,10}(?:/[A-Z]{2,10})*[\s\-]*\d{2,5}(?:-\d{1,2})?\s*:\s*(?:19|20)\d\d\b   # any dated designation
    | (?<![/\w])(?:TR|TS|PAS)[\s\-]?\d{4,5}(?:-\d{1,2})?\b   # a technical report or specification by its kind alone
    """
)
# `Annex A`, `Annex A.4`, `Annex A 8.13`, `Annex A control 5.15`
_ANNEX = re.compile(r"(?i)\bannex\s+(?P<letter>[A-Z])\b(?:\s*(?:control\s*)?[.\s]\s*(?P<rest>\d{1,2}(?:\.\d{1,3})*))?")
# `A.5.15`, `B.1`
_LETTERED = re.compile(r"(?<![\w.])(?P<letter>[A-Z])\.(?P<rest>\d{1,2}(?:\.\d{1,3})*)(?![\w.]*\d)")
# `7.1.5.2`, `8`, `10.2.1`; not part of a date, a year or an identifier such as `PO-7781`
# (a list item may be glued on: `7.1.5.2a`, `7.1.5.2.a`)
_PLAIN = re.compile(r"(?<![\w.\-/:])(?P<num>\d{1,2}(?:\.\d{1,3}){0,4})(?=[a-z](?![\w\-/:])|(?![\w\-/:]|\.\d))")
_ITEM = re.compile(
    r"\.?(?P<d>[a-z])(?![\w(-])"  # glued: 7.1.5.2a, 7.1.5.2.a
    r"|\s*(?:\((?P<a>[a-z]{1,2})\)|,?\s*(?P<b>[a-z]{1,2})\)|,?\s*item\s+(?P<c>[a-z]{1,2})\b)"
)
_NOTE = re.compile(r"(?i)\s*(?:,\s*)?note(?:\s+(?:to\s+entry\s+)?(?P<n>\d+))?\b")


@dataclass(frozen=True, slots=True)
class CitationRef:
    """One parsed citation: what the auditor wrote, split into parts."""

    number: str
    item: str | None = None
    note: bool = False
    standard_text: str | None = None
    start: int = 0
    end: int = 0

    def canonical(self) -> str:
        out = self.number
        if self.item:
            out += f" {self.item})"
        if self.note:
            out += " NOTE"
        return out if not self.standard_text else f"{self.standard_text} {out}"


_NUMBERED = re.compile(r"\d\d")  # every designation has a number of two digits or more


def standards_named(text: str) -> list[str]:
    """Every standard designation written in `text` (`ISO 19011`, `ISO/IEC 27002:2022`), as written."""
    if not _NUMBERED.search(text):  # most statements name none: skip the costly pattern
        return []
    return [" ".join(m.group(0).split()) for m in _STD.finditer(text)]


# `cl.7.1.5.2`: an abbreviation's dot glued to the number; `7.1.5.2/8.5.1`: two clauses joined by a slash
_GLUED_PREFIX = re.compile(r"(?i)\b(?:cl|cls|clause|sec|section|para|pt)\.(?=\d)")
_SLASH_BETWEEN_CLAUSES = re.compile(r"(?<=\d)/(?=\d{1,2}\.\d)")


def _separate(text: str) -> str:
    """The same text, with same-length separators where clause numbers are glued to a prefix or to each other
    (offsets, and so spans, are unchanged). A slash separates only dotted numbers, never a date's parts."""
    text = _GLUED_PREFIX.sub(lambda m: m.group(0)[:-1] + " ", text)

    def slash(m: re.Match[str]) -> str:
        left = re.search(r"[\d.]+$", text[: m.start()])
        return "," if left and "." in left.group(0) else "/"

    return _SLASH_BETWEEN_CLAUSES.sub(slash, text)


def parse_citations(text: str | None) -> list[CitationRef]:
    """All citations in a free-text clause field, in order. Never raises."""
    if not text:
        return []
    if len(text) > 200:
        return _parse(text)
    # a clause field is parsed twice per finding (criteria, then resolution), and the same few recur
    return list(_parse_short(text))


def _parse(text: str) -> list[CitationRef]:
    text = _separate(text)
    refs: list[CitationRef] = []
    taken: list[tuple[int, int]] = []
    standard_text: str | None = None
    std_spans: list[tuple[int, int]] = []
    for m in _STD.finditer(text):
        std_spans.append(m.span())
        if standard_text is None:
            standard_text = " ".join(m.group(0).split())

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken + std_spans)

    def tail(end: int) -> tuple[str | None, bool, int]:
        item = None
        note = False
        m = _ITEM.match(text, end)
        if m:
            item = m.group("a") or m.group("b") or m.group("c") or m.group("d")
            end = m.end()
        n = _NOTE.match(text, end)
        if n:
            note = True
            end = n.end()
        return item, note, end

    found: list[tuple[int, int, str]] = []
    for m in _ANNEX.finditer(text):
        number = m.group("letter").upper() + ("." + m.group("rest") if m.group("rest") else "")
        found.append((m.start(), m.end(), number))
        taken.append(m.span())
    for m in _LETTERED.finditer(text):
        if free(*m.span()):
            found.append((m.start(), m.end(), f"{m.group('letter')}.{m.group('rest')}"))
            taken.append(m.span())
    for m in _PLAIN.finditer(text):
        if free(*m.span()):
            found.append((m.start(), m.end(), m.group("num")))
            taken.append(m.span())
    for start, end, number in sorted(found):
        item, note, stop = tail(end)
        refs.append(CitationRef(number, item, note, standard_text, start, stop))
    return refs


@lru_cache(maxsize=4096)
def _parse_short(text: str) -> tuple[CitationRef, ...]:  # bounded: 4,096 texts of at most 200 characters
    return tuple(_parse(text))


@dataclass(slots=True)
class ResolvedCitation:
    """A citation looked up in the loaded standards."""

    input: str | None
    status: str
    standard: Standard | None = None
    ref: CitationRef | None = None
    clause: Clause | None = None
    item: str | None = None
    reason: str = ""
    suggested: list[str] = field(default_factory=list)  # clause numbers in `standard`
    old_clause: Clause | None = None  # the other edition's clause, for wrong_edition
    cited_standard: Standard | None = None  # a guidance document cited as the requirement
    amendment_too_late: bool = False

    @property
    def number(self) -> str | None:
        return self.clause.number if self.clause else (self.ref.number if self.ref else None)


def _old_edition_lookup(
    lib: StandardLibrary, std: Standard, number: str
) -> tuple[Standard, Clause] | tuple[None, None]:
    for old in lib.predecessors(std):
        c = old.clause(number)
        if c is not None:
            return old, c
    return None, None


def _nearest_ancestor(std: Standard, number: str) -> Clause | None:
    parts = number.split(".")
    for n in range(len(parts) - 1, 0, -1):
        c = std.clause(".".join(parts[:n]))
        if c is not None:
            return c
    return None


def resolve_ref(ref: CitationRef, criteria: Standard | None, lib: StandardLibrary, text: str) -> ResolvedCitation:
    """Look one citation up: the standard it names (or the audit criteria), then the clause and item."""
    std = criteria
    if ref.standard_text:
        named = lib.resolve(ref.standard_text)
        if named is None:
            return ResolvedCitation(
                text, "unknown_standard", None, ref, reason=f"{ref.standard_text} is not a loaded standard"
            )
        if not named.is_requirements:
            res = ResolvedCitation(text, "informative", criteria or named, ref, cited_standard=named)
            res.reason = f"{named.designation} is a {named.kind} document, not a requirements standard"
            gclause = named.clause(ref.number)
            res.clause = gclause
            if gclause and criteria and criteria.id in named.supports:
                res.suggested = [n for n in gclause.counterpart if criteria.clause(n)]
            if criteria is None:
                res.standard = named
            return res
        if criteria is not None and named.successor is not None and named.successor in (criteria.id, criteria.extends):
            c = named.clause(ref.number)
            res = ResolvedCitation(text, "wrong_edition", criteria, ref, old_clause=c)
            res.reason = f"{named.designation} is not the edition audited ({criteria.designation})"
            res.suggested = [n for n in (c.successor if c else ()) if criteria.clause(n)]
            return res
        std = named
    if std is None:
        return ResolvedCitation(text, "unknown_standard", None, ref, reason="no standard is named for this finding")
    if not std.is_requirements:
        res = ResolvedCitation(text, "informative", std, ref, clause=std.clause(ref.number), cited_standard=std)
        res.reason = f"{std.designation} is a {std.kind} document, not a requirements standard"
        return res

    clause = std.clause(ref.number)
    if clause is None and not ref.number[0].isalpha():
        # `5.15` under ISO/IEC 27001:2022 means the Annex A control when the body has no such clause
        annexed = std.clause("A." + ref.number)
        if annexed is not None and annexed.kind == "control":
            clause = annexed
    if clause is None:
        old, old_clause = _old_edition_lookup(lib, std, ref.number)
        if old is not None and old_clause is not None:
            res = ResolvedCitation(text, "wrong_edition", std, ref, old_clause=old_clause)
            res.reason = f"{ref.number} {old_clause.title} is {old.designation} numbering"
            res.suggested = [n for n in old_clause.successor if std.clause(n)]
            return res
        ancestor = _nearest_ancestor(std, ref.number)
        if ancestor is not None and not ancestor.normative:
            # `3.6.4` under ISO 9001: below the informative clause 3, whose terms come from ISO 9000
            res = ResolvedCitation(text, "informative", std, ref, clause=ancestor)
            res.reason = f"{ref.number} falls under {ancestor.number} {ancestor.title}, which states no requirement"
            return res
        return ResolvedCitation(
            text, "unknown_clause", std, ref, reason=f"{std.designation} has no clause {ref.number}"
        )

    res = ResolvedCitation(text, "resolved", std, ref, clause=clause, item=ref.item)
    if ref.item and clause.items and ref.item not in clause.items:
        res.status = "unknown_clause"
        labels = ", ".join(f"{k})" for k in clause.items)
        res.reason = f"{clause.number} has list items {labels}; there is no {ref.item})"
        return res
    if ref.note or clause.kind == "term" or not clause.normative:
        res.status = "informative"
        what = "a note" if ref.note else ("a term definition" if clause.kind == "term" else "informative content")
        res.reason = f"{clause.number} {clause.title} is {what}, not a requirement"
        if ref.note and clause.normative and clause.has_shall:
            res.suggested = [clause.number]
        return res
    if clause.is_heading or (clause.depth == 1 and clause.kind == "clause"):
        res.status = "too_broad"
        res.reason = f"{clause.number} {clause.title} is a whole clause, not a specific requirement"
        res.suggested = [c.number for c in std.leaves_under(clause.number)]
        return res
    if not clause.has_shall and not (ref.item and clause.items.get(ref.item, None)):
        res.status = "informative"
        res.reason = f"{clause.number} {clause.title} states no requirement (no 'shall')"
        return res
    return res


def resolve_citations(text: str | None, criteria: Standard | None, lib: StandardLibrary) -> list[ResolvedCitation]:
    """Every citation in `text`; a single `missing` entry when nothing is cited."""
    refs = parse_citations(text)
    if not refs:
        if text and text.strip():
            # words but no clause number, e.g. "ISO 19011" or "the standard"
            found = _STD.search(text)
            named = lib.resolve(found.group(0)) if found else None
            if named is not None and not named.is_requirements:
                return [
                    ResolvedCitation(
                        text,
                        "informative",
                        criteria or named,
                        cited_standard=named,
                        reason=f"{named.designation} is a {named.kind} document, not a requirements standard",
                    )
                ]
            titled = clause_by_title(criteria, text) if criteria is not None else None
            if titled is not None:  # "Measurement traceability": a title that names one clause
                return [resolve_ref(CitationRef(titled.number, start=0, end=len(text)), criteria, lib, text)]
            return [ResolvedCitation(text, "missing", criteria, reason="no clause number in the citation")]
        return [ResolvedCitation(text, "missing", criteria, reason="no requirement is cited")]
    return [resolve_ref(r, criteria, lib, text or "") for r in refs]


_TITLE_NOISE = re.compile(r"(?i)^\s*(?:clause|section|cl\.?|§)\s*|[^a-z0-9&]+")


def _title_key(text: str) -> str:
    return " ".join(_TITLE_NOISE.sub(" ", text.lower()).split())


def clause_by_title(std: Standard, text: str) -> Clause | None:
    """The clause whose title the text is, when one clause has that title (its untitled sub-clauses, which
    repeat it, aside): "Internal audit" is 9.2, "General" is none."""
    number = std.once("titles", lambda: _titles(std)).get(_title_key(text))
    return std.clause(number) if number else None


def _titles(std: Standard) -> dict[str, str]:
    """Title key -> the number of the one clause (with its untitled sub-clauses) that has it."""
    titles: dict[str, str] = {}
    # normative clauses first: an informative annex that repeats the titles (45001 Annex A) names none
    for normative_only in (True, False):
        numbers: dict[str, list[str]] = {}
        for c in std.walk():
            if c.normative or not normative_only:
                numbers.setdefault(_title_key(c.title), []).append(c.number)
        for key, found in numbers.items():
            if key and key not in titles and all(n == found[0] or n.startswith(found[0] + ".") for n in found):
                titles[key] = found[0]
    return titles


def find_clause(std: Standard, text: str, lib: StandardLibrary) -> Clause | None:
    """A clause of `std` by exact number, or by citation text (`A.8.13`, `Annex A 8.13`, `cl. 7.5.1`)."""
    clause = std.clause(text.strip())
    if clause is None:
        refs = parse_citations(text)
        if refs:
            clause = resolve_ref(refs[0], std, lib, text).clause
    return clause if clause is not None and clause.standard == std.id else None


def unrelated(a: Clause, b: Clause) -> bool:
    """Two clauses that share no sub-clause of the same requirement (different second-level parents), and
    neither of which names the other: the standard links 27001 6.1.3 to its Annex A controls ("compare the
    determined controls with Annex A"), so a control cited beside 6.1.3 is the same requirement's detail."""
    pa, pb = a.number.split("."), b.number.split(".")
    if pa[:2] == pb[:2]:
        return False
    if a.number.startswith(b.number + ".") or b.number.startswith(a.number + "."):
        return False
    return not (names(a, b) or names(b, a))


def names(a: Clause, b: Clause) -> bool:
    """Whether a requirement of `a` refers to `b`: by its number or a parent's, or by its annex ("Annex A")."""
    text = a.summary()
    parts = b.number.split(".")
    if parts[0].isalpha() and re.search(rf"\bAnnex\s+{re.escape(parts[0])}\b", text):
        return True
    return any(
        re.search(rf"(?<![\w.]){re.escape('.'.join(parts[:n]))}(?![\w]|\.\d)", text) for n in range(2, len(parts) + 1)
    )
