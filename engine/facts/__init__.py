"""Named facts about each finding, computed in Python and asserted to durable-rules as plain fields.

durable-rules compares a field with a constant; comparisons between facts and aggregates across findings
are computed here (see engine/rulebook/durable_adapter.py for why). Each fact is registered in the catalogue
(`engine/facts/catalogue.py`) by a module per subject; `ncaudit facts` prints it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from engine.core.language import statement_not_english
from engine.core.models import Audit, Finding, PreviousFinding
from engine.facts import (  # noqa: F401 (register)
    citation,
    demand,
    evidence,
    finding,
    fulfilment,
    grading,
    grounding,
    history,
    reading,
    statement,
)
from engine.facts.catalogue import REGISTRY, FactSpec, lexicon_fact_name, lexicon_facts, ordered
from engine.facts.context import FindingFacts, ReportContext, identifiers
from engine.facts.demand import demands
from engine.rulebook.config import Options
from engine.rulebook.lexicon import Lexicon, LexiconMatcher
from engine.rulebook.rulebase import Rule, condition_fields
from engine.standards.citation import resolve_citations
from engine.standards.library import StandardLibrary

__all__ = ["FactBuilder", "FactSpec", "FindingFacts", "Options", "demands", "identifiers"]

# findings whose facts are built together, one step after another over all of them: each step meets its data
# (an index, a lexicon's patterns) still in the processor's cache (about 5% of a finding's time). A finding's
# facts read only its own and the report's; the inference keeps more answers than this (inference.RECENT).
CHUNK = 32


class FactBuilder:
    """Builds every finding's facts for one report, in the catalogue's order."""

    def __init__(
        self,
        lib: StandardLibrary,
        lexicons: dict[str, Lexicon],
        options: Options,
        withdraw_rules: list[Rule] | None = None,
    ) -> None:
        self.lib = lib
        self.lex = lexicons
        self.matcher = LexiconMatcher(lexicons)
        self.options = options
        self.withdraw_rules = list(withdraw_rules or [])
        grading_facts = {"invalid", "estimate", "grade_delta", "records_nonfulfilment"}
        expand = {
            "rules:withdraw": set().union(*(condition_fields(r.when) for r in self.withdraw_rules)) - grading_facts
        }
        generated = lexicon_facts(lexicons)
        specs = ordered([*generated, *REGISTRY.values()], expand)
        self.catalogue = specs
        self._per_finding = [s for s in specs if s.scope == "finding"]
        self._per_report = [s for s in specs if s.scope == "report"]
        # the generated lexicon facts read only the hits: set together, straight after them (37 per finding);
        # every other fact runs in the catalogue's order
        ours = {id(s) for s in generated}
        self._lexicon_facts = [
            (lexicon_fact_name(lex.id, fld), lex.id, fld)
            for lex in lexicons.values()
            for fld in lex.fields
            if any(id(s) in ours and s.name == lexicon_fact_name(lex.id, fld) for s in self._per_finding)
        ]
        bulk = {name for name, _, _ in self._lexicon_facts}
        self._steps = [(s.name, s.fn) for s in self._per_finding if not (id(s) in ours and s.name in bulk)]

    def build(
        self,
        findings: list[Finding],
        report_standard: str | None,
        audit: Audit | None,
        previous: list[PreviousFinding],
        scheme: str | None = None,
    ) -> list[FindingFacts]:
        out = [ff for chunk in self.build_chunks(findings, report_standard, audit, previous, scheme) for ff in chunk]
        for spec in self._per_report:
            spec.fn(out)  # type: ignore[arg-type]
        return out

    def build_chunks(
        self,
        findings: Iterable[Finding],
        report_standard: str | None,
        audit: Audit | None,
        previous: list[PreviousFinding],
        scheme: str | None = None,
    ) -> Iterator[list[FindingFacts]]:
        """Every finding's own facts, CHUNK findings at a time, the report-level facts (`report_facts`) left to
        the caller: a caller that streams a report holds only a chunk (engine/check/engine.py)."""
        report = ReportContext(
            self.lib, self.lex, self.options, self.withdraw_rules, report_standard, audit, previous, scheme
        )
        numbered = enumerate(findings)
        while chunk := [self._start(i, f, report) for i, f in itertools.islice(numbered, CHUNK)]:
            for name, fn in self._steps:  # step by step over the chunk: each step's data stays in the CPU's cache
                for ff in chunk:
                    ff.fact[name] = fn(ff)
            yield chunk

    @property
    def report_facts(self) -> list[FactSpec]:
        """The facts computed over every finding of a report, in order, after the findings' own."""
        return list(self._per_report)

    def _start(self, i: int, f: Finding, report: ReportContext) -> FindingFacts:
        """A finding's citations, lexicon hits and the facts generated from them."""
        name = f.standard or report.report_standard
        # the report's findings mostly name one standard
        criteria = report.once(("criteria", name), lambda: self.lib.resolve(name))
        cits = resolve_citations(f.clause, criteria, self.lib)
        if criteria is None and name:
            for c in cits:
                if c.status != "missing" and not (c.ref and c.ref.standard_text and c.standard):
                    c.status = "unknown_standard"
                    c.reason = f"{name} is not a loaded standard"
        ff = FindingFacts(i, f, criteria or cits[0].standard, cits, report)
        ff.language = statement_not_english(f.statement)  # guessed once, when the report was read
        # the lexicons are English word lists: another language's words are not read as English ("die")
        ff.hits = hits = (
            {} if ff.language else self.matcher.find({"statement": f.statement, "evidence": f.evidence_text()})
        )
        fact = ff.fact
        fact["fid"] = str(i)
        present = {(lex_id, fld) for lex_id, found in hits.items() for fld, _ in found}
        for name, lex_id, fld in self._lexicon_facts:
            fact[name] = (lex_id, fld) in present
        return ff
