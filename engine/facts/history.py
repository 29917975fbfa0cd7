"""Facts across findings and audits: repeats, disputes, systemic failures, and the scheme's own rules."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from engine.core.models import PreviousFinding
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts
from engine.standards.citation import resolve_citations
from engine.standards.relevance import related, tokens


def _evidence_text(evidence: str | list[str] | None) -> str:
    if evidence is None:
        return ""
    return "\n".join(evidence) if isinstance(evidence, list) else evidence


@fact("repeat", reads=("finding", "previous", "audit", "cit_status"))
def repeat(ff: FindingFacts) -> bool:
    """It repeats an earlier finding: `repeat_of` names one, or a closed earlier finding on the same requirement
    says much the same, or an open one is past its due date."""
    f = ff.finding
    if f.repeat_of and f.repeat_of.strip():
        ff.ctx["previous"] = f.repeat_of.strip()
        return True
    previous = ff.report.previous
    number = ff.primary.number
    if not previous or number is None:
        return False
    index = _previous_index(ff)
    if not index.numbers_related(number):
        return False
    found = index.first_repeat(number, frozenset(tokens(ff.whole_text())))
    if found is None:
        return False
    ff.ctx["previous"] = found.id or f"the finding of {found.date or 'a previous audit'}"
    return True


# two texts say "much the same" when their sets of words overlap by this much (Jaccard: shared / all)
SIMILAR = 0.25


def _similar(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    return bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= SIMILAR


def _prefix_length(n: int) -> int:
    """How many of a set's rarest words any set similar to it must share one of (prefix filtering: two sets of
    Jaccard >= SIMILAR share at least ceil(SIMILAR * n) words, so each one's n - ceil(SIMILAR * n) + 1 rarest,
    in one order of all words, meet); one word more than that bound here, never fewer."""
    return n - int(SIMILAR * n) + 1


@dataclass(slots=True)
class _Number:
    """The previous findings on one clause number, in the order listed, with what finds the first repeat among
    them without reading them all: the first overdue one (an open finding past its due date repeats whatever
    it says), and the closed ones indexed by their rarest words."""

    positions: list[int] = field(default_factory=list)  # in the report's list of previous findings, ascending
    findings: list[PreviousFinding] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    overdue: int = -1  # the index of the first overdue one; -1 when none is
    postings: dict[str, list[int]] = field(default_factory=dict)  # word -> ascending indices of closed ones
    # having it among their rarest words


_NONE = 1 << 62  # a position after every previous finding


def first_repeat(numbers: list[_Number], mine: frozenset[str], rarest: list[str]) -> PreviousFinding | None:
    """The first listed previous finding on one of `numbers` that is closed and says much the same as `mine`
    (whose rarest words are `rarest`), or overdue: what `repeat` asks, read from the index."""
    best, found = _NONE, None
    for num in numbers:
        if num.overdue >= 0 and num.positions[num.overdue] < best:
            best, found = num.positions[num.overdue], num.findings[num.overdue]
    size = len(mine)
    for num in numbers:
        if not num.postings:
            continue
        cut = bisect_left(num.positions, best)  # only those listed before the best answer so far can change it
        candidates: set[int] = set()
        for word in rarest:
            hits = num.postings.get(word)
            if hits:
                candidates.update(hits[: bisect_left(hits, cut)])
        for i in sorted(candidates):
            theirs = num.words[i]
            if SIMILAR * len(theirs) <= size <= len(theirs) / SIMILAR and _similar(mine, theirs):
                best, found = num.positions[i], num.findings[i]
                break
    return found


@dataclass(slots=True)
class _PreviousIndex:
    """The report's previous findings, each resolved and tokenised once, by clause number (`_Number`); `related`
    memoises, for each number a finding cites, the numbers related to it, so a finding's repeat check reads
    only the few previous findings that can answer it."""

    by_number: dict[str, _Number] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # word -> its rank from rarest (a total order)
    related: dict[str, list[_Number]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[tuple[int, str, frozenset[str], PreviousFinding]], audit_day: date | None) -> _PreviousIndex:
        """The index of previous findings given as (position, clause number, words, finding), in position order."""
        index = cls()
        frequency: Counter[str] = Counter()
        for pos, number, theirs, p in rows:
            num = index.by_number.get(number)
            if num is None:
                num = index.by_number[number] = _Number()
            num.positions.append(pos)
            num.findings.append(p)
            num.words.append(theirs)
            if p.status != "open" and theirs:
                frequency.update(theirs)
            elif num.overdue < 0 and p.status == "open" and p.due and audit_day and p.due < audit_day:
                num.overdue = len(num.positions) - 1
        # rarest first; ties by the word, so the order is total and the same for every finding of the report
        rank = index.order = {w: r for r, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
        for num in index.by_number.values():
            for i, (theirs, p) in enumerate(zip(num.words, num.findings, strict=True)):
                if p.status == "open" or not theirs:
                    continue  # an open finding repeats only when overdue; no words, nothing similar
                for word in sorted(theirs, key=rank.__getitem__)[: _prefix_length(len(theirs))]:
                    num.postings.setdefault(word, []).append(i)
        return index

    def numbers_related(self, number: str) -> list[_Number]:
        found = self.related.get(number)
        if found is None:
            found = self.related[number] = [num for n, num in self.by_number.items() if related(n, number)]
        return found

    def first_repeat(self, number: str, mine: frozenset[str]) -> PreviousFinding | None:
        """The previous finding a finding citing `number` and saying `mine` repeats, if any."""
        rank = self.order
        # words no previous finding has come first (in any order: they decide only how many of the others follow)
        rarest = sorted(mine, key=lambda w: rank.get(w, -1))[: _prefix_length(len(mine))] if mine else []
        return first_repeat(self.numbers_related(number), mine, rarest)


def _previous_index(ff: FindingFacts) -> _PreviousIndex:
    return ff.report.once(("previous", id(ff.criteria)), lambda: _build_previous_index(ff))


def _build_previous_index(ff: FindingFacts) -> _PreviousIndex:
    audit = ff.report.audit
    numbers: dict[str, str | None] = {}  # a clause field's number: previous findings repeat a few clause fields
    rows = []
    for pos, p in enumerate(ff.report.previous):
        if not p.clause:
            continue
        prev_number = numbers.get(p.clause, "")
        if prev_number == "":
            prev_number = numbers[p.clause] = resolve_citations(p.clause, ff.criteria, ff.lib)[0].number
        if prev_number is None:
            continue
        rows.append((pos, prev_number, frozenset(tokens((p.statement or "") + " " + _evidence_text(p.evidence))), p))
    return _PreviousIndex.of(rows, audit.date if audit and audit.date else None)


@fact("dispute_unrecorded", reads=("finding",))
def dispute_unrecorded(ff: FindingFacts) -> bool:
    """The client disputes the finding and the points left unresolved are not recorded (9.4.5.4)."""
    f = ff.finding
    return bool((f.client_position or "").strip()) and not (f.unresolved_points or "").strip()


@fact("scheme_no_ofi", reads=("options",))
def scheme_no_ofi(ff: FindingFacts) -> bool:
    """The scheme audited does not allow opportunities for improvement in the report."""
    ff.ctx["scheme"] = ff.report.scheme or "this scheme"
    return not ff.options.ofi_allowed


@fact("systemic", reads=("nc", "cit_status", "options"), scope="report")
def systemic(all_facts: list[FindingFacts]) -> None:
    """At least `systemic_k` nonconformities of the report are recorded against the same requirement."""
    groups: dict[tuple[str, str], list[FindingFacts]] = {}
    for ff in all_facts:
        ff.fact["systemic"] = False
        cit = ff.primary
        if (
            ff.fact["nc"]
            and ff.fact["cit_status"] == "resolved"
            and cit.clause is not None
            and cit.standard is not None
        ):
            groups.setdefault((cit.standard.id, cit.clause.number), []).append(ff)
    for members in groups.values():
        if members and len(members) >= members[0].options.systemic_k:
            # the group is named once, in its first member's message; the others point to it, so the report
            # grows linearly with the group (listing every member in every message made it quadratic)
            first = members[0].finding.id or f"#{members[0].index + 1}"
            listed = " (" + ", ".join(m.finding.id or f"#{m.index + 1}" for m in members) + ")"
            pointer = f" (listed under {first})"
            for j, m in enumerate(members):
                m.fact["systemic"] = True
                m.ctx["systemic_count"] = len(members)
                m.ctx["systemic_members"] = listed if j == 0 else pointer


class SystemicStream:
    """`systemic` a finding at a time, for a report checked in chunks (engine/check/engine.py): what `systemic`
    decides over the whole report, decided as soon as it can be. A finding outside any group is final at once;
    a group's first `systemic_k - 1` members wait until the group reaches `systemic_k` (then they and every
    later member are systemic) or the report ends (then none is): at most that many per requirement wait.
    The group's final size and, in its first member's message, its member list are known only at the end: the
    messages carry a placeholder (`marker`, a number, a kind) that `placeholders()` maps to the final text."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self._groups: dict[tuple[str, str], int] = {}  # requirement -> group number
        self._members: list[list[str]] = []  # group number -> its members' ids, in order
        self._waiting: list[list[FindingFacts]] = []  # group number -> members not yet final
        self._first: list[int] = []  # group number -> its first member's position

    def add(self, ff: FindingFacts) -> list[FindingFacts]:
        """`ff`, its own facts built; the findings whose facts are now final (`ff` among them or not)."""
        ff.fact["systemic"] = False
        cit = ff.primary
        if not (ff.fact["nc"] and ff.fact["cit_status"] == "resolved" and cit.clause and cit.standard):
            return [ff]
        key = (cit.standard.id, cit.clause.number)
        g = self._groups.get(key)
        if g is None:
            g = self._groups[key] = len(self._members)
            self._members.append([])
            self._waiting.append([])
            self._first.append(ff.index)
        members = self._members[g]
        members.append(ff.finding.id or f"#{ff.index + 1}")
        if len(members) < ff.options.systemic_k:
            self._waiting[g].append(ff)
            return []
        ready, self._waiting[g] = [*self._waiting[g], ff], []
        first = self._first[g]
        for m in ready:
            m.fact["systemic"] = True
            m.ctx["systemic_count"] = self._placeholder(g, "count")
            # the group listed once, in its first member's message; the others point to it (as `systemic`)
            m.ctx["systemic_members"] = (
                self._placeholder(g, "members") if m.index == first else f" (listed under {members[0]})"
            )
        return ready

    def finish(self) -> list[FindingFacts]:
        """The findings still waiting: their groups never reached `systemic_k`, so none of them is systemic."""
        rest = sorted((ff for waiting in self._waiting for ff in waiting), key=lambda ff: ff.index)
        self._waiting = [[] for _ in self._waiting]
        return rest

    def _placeholder(self, group: int, kind: str) -> str:
        return f"{self.marker}{kind[0]}{group}\ue002"

    def placeholders(self) -> dict[str, str]:
        """Each placeholder and the text it stands for, as `systemic` writes it (call after `finish`)."""
        out: dict[str, str] = {}
        for g, members in enumerate(self._members):
            out[self._placeholder(g, "count")] = str(len(members))
            out[self._placeholder(g, "members")] = " (" + ", ".join(members) + ")"
        return out


STREAMED = {"systemic": SystemicStream}  # report-level facts that can be decided a chunk at a time
