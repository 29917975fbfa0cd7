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
    group = _previous_index(ff).group(number)
    if not group.entries:
        return False
    found = group.first_repeat(frozenset(tokens(ff.whole_text())))
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
class _Related:
    """The previous findings on clause numbers related to one number, in the order listed, with what finds the
    first repeat among them without reading them all: the first overdue one (an open finding past its due date
    repeats whatever it says), and the closed ones indexed by their rarest words."""

    entries: list[tuple[frozenset[str], PreviousFinding]]
    overdue: int  # index of the first overdue entry; len(entries) when none is
    postings: dict[str, list[int]]  # word -> ascending indices of the closed entries with it among their rarest
    order: dict[str, int]  # word -> its rank from rarest (words never seen in a previous finding come first)

    def first_repeat(self, mine: frozenset[str]) -> PreviousFinding | None:
        """The first listed entry that is closed and says much the same as `mine`, or overdue (as `repeat` asks)."""
        best = self.overdue
        if mine and self.postings:
            rank = self.order
            rarest = sorted(mine, key=lambda w: (rank.get(w, -1), w))[: _prefix_length(len(mine))]
            candidates: set[int] = set()
            for word in rarest:
                found = self.postings.get(word)
                if found:
                    candidates.update(found[: bisect_left(found, best)])
            size = len(mine)
            for i in sorted(candidates):
                theirs = self.entries[i][0]
                if SIMILAR * len(theirs) <= size <= len(theirs) / SIMILAR and _similar(mine, theirs):
                    best = i
                    break
        return self.entries[best][1] if best < len(self.entries) else None


@dataclass(slots=True)
class _PreviousIndex:
    """The report's previous findings, each resolved and tokenised once: clause number -> [(position, its
    words, the finding)]; `groups` memoises, for each number a finding cites, the previous findings on numbers
    related to it (`_Related`), so a finding's repeat check reads only the few that can answer it."""

    by_number: dict[str, list[tuple[int, frozenset[str], PreviousFinding]]] = field(default_factory=dict)
    audit_day: date | None = None
    order: dict[str, int] = field(default_factory=dict)
    groups: dict[str, _Related] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[tuple[int, str, frozenset[str], PreviousFinding]], audit_day: date | None) -> _PreviousIndex:
        """The index of previous findings given as (position, clause number, words, finding)."""
        index = cls(audit_day=audit_day)
        frequency: Counter[str] = Counter()
        for pos, number, theirs, p in rows:
            index.by_number.setdefault(number, []).append((pos, theirs, p))
            frequency.update(theirs)
        # rarest first; ties by the word, so the order is total and the same for every finding of the report
        index.order = {w: r for r, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
        return index

    def group(self, number: str) -> _Related:
        found = self.groups.get(number)
        if found is None:
            found = self.groups[number] = self._build_group(number)
        return found

    def _build_group(self, number: str) -> _Related:
        rows = sorted(
            (row for n in self.by_number if related(n, number) for row in self.by_number[n]), key=lambda e: e[0]
        )
        entries = [(theirs, p) for _, theirs, p in rows]
        day = self.audit_day
        overdue = next(
            (
                i
                for i, (_, p) in enumerate(entries)
                if p.status == "open" and p.due is not None and day is not None and p.due < day
            ),
            len(entries),
        )
        postings: dict[str, list[int]] = {}
        rank = self.order
        for i, (theirs, p) in enumerate(entries[:overdue]):
            if p.status == "open" or not theirs:
                continue  # an open finding repeats only when overdue; no words, nothing similar
            for word in sorted(theirs, key=lambda w: (rank[w], w))[: _prefix_length(len(theirs))]:
                postings.setdefault(word, []).append(i)
        return _Related(entries, overdue, postings, rank)


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
