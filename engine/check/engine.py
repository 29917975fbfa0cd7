"""The one call both doors (CLI and HTTP) open: a report in, a verdict for every finding out."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, cast

from engine import __version__
from engine.check.criteria import pinned, prepare_streamed
from engine.check.criteria import prepare as prepare_criteria
from engine.check.impact import certification_impact
from engine.check.requirement import requirement_for
from engine.check.scheme import apply_scheme
from engine.core.models import (
    Citation,
    EngineInfo,
    Finding,
    FindingRequest,
    FindingVerdict,
    Issue,
    Report,
    ReportVerdict,
    Span,
    Summary,
)
from engine.core.vocabulary import OFI_GRADES, SEVERITY_ORDER, VERDICTS
from engine.facts import FactBuilder, FindingFacts
from engine.facts.history import STREAMED
from engine.rulebook.config import RulesConfig
from engine.rulebook.durable_adapter import FindingOutcome, RuleRunner
from engine.rulebook.lexicon import Lexicon, load_lexicons
from engine.rulebook.rulebase import RULESET_VERSION, Rule, load_rules, rules_folder
from engine.rulebook.schemes import scheme_for
from engine.standards.citation import ResolvedCitation
from engine.standards.library import StandardLibrary
from engine.standards.model import Standard
from engine.standards.relevance import index_for


class Engine:
    """Standards, lexicons and rules loaded once; `check` is safe to call from many threads."""

    def __init__(
        self,
        library: StandardLibrary | None = None,
        rules: list[Rule] | None = None,
        lexicons: dict[str, Lexicon] | None = None,
        config: RulesConfig | None = None,
        standards_dirs: Iterable[str | Path] = (),
    ) -> None:
        self.library = library or StandardLibrary.load(standards_dirs)
        self.config = config or RulesConfig()
        self.all_rules = self.config.apply(rules if rules is not None else load_rules())
        self.rules = {r.id: r for r in self.all_rules}
        self.lexicons = lexicons if lexicons is not None else load_lexicons(rules_folder() / "lexicons")
        self.runner = RuleRunner(self.all_rules)
        withdraw = [r for r in self.all_rules if r.effect == "withdraw" and r.enabled]
        self.facts = FactBuilder(self.library, self.lexicons, self.config.options(), withdraw)
        ruleset = RULESET_VERSION
        if self.config != RulesConfig():
            digest = hashlib.sha1(json.dumps(self.config.model_dump(), sort_keys=True).encode()).hexdigest()[:8]
            ruleset += f"+cfg.{digest}"
        self.info = EngineInfo(version=__version__, ruleset=ruleset, standards=self.library.ids())

    def warm(self) -> None:
        """Do now what the first findings would otherwise pay for: the lexicon prefilter and every standard's
        relevance index. A long-running service calls this at start-up; a one-shot CLI run does not."""
        self.facts.matcher.warm(patterns=True)
        for std in self.library:
            index_for(std)

    def rule(self, key: str) -> Rule | None:
        return self.rules.get(key) or next((r for r in self.all_rules if key in (r.name, *r.aliases)), None)

    # -- checking ---------------------------------------------------------------------------------

    def check(self, report: Report) -> ReportVerdict:
        scheme = (report.audit.scheme if report.audit else None) or self.config.scheme.name
        report, warnings = prepare_criteria(self.library, report)  # year-less criteria pinned; unknown ones said once
        built = self.facts.build(
            report.findings, report.standard, report.audit, report.previous_findings, scheme=scheme
        )
        criteria = self.library.resolve(report.standard)
        apply_scheme(built, scheme_for(scheme, criteria.id if criteria else None), self.config.scheme.ofi_allowed)
        outcomes = self.runner.run([ff.fact for ff in built])
        verdicts = [self._verdict(ff, outcomes[ff.fact["fid"]]) for ff in built]
        return ReportVerdict(
            report_id=report.id,
            engine=self.info,
            summary=self._summary(verdicts, report.audit.type if report.audit else None),
            findings=verdicts,
            warnings=warnings,
        )

    def check_finding(self, request: FindingRequest) -> FindingVerdict:
        data = request.model_dump(exclude={"audit", "previous_findings"})
        report = Report.model_validate(
            {"findings": [data], "audit": request.audit, "previous_findings": request.previous_findings}
        )
        return self.check(report).findings[0]

    def _verdict(self, ff: FindingFacts, outcome: FindingOutcome) -> FindingVerdict:
        f = ff.finding
        fired, candidates = outcome.rules, outcome.verdicts
        issues = sorted(
            (self._issue(self.rules[rid], ff) for rid in dict.fromkeys(fired)),
            key=lambda i: (SEVERITY_ORDER[i.severity], i.rule),
        )
        verdict = max(["sound", *candidates], key=VERDICTS.index)
        raised = f.grade
        if verdict == "withdraw":
            proposed = "none"
        elif verdict == "regrade":
            proposed = ff.estimate if ff.estimate != "none" else "minor"
        elif raised in OFI_GRADES:
            proposed = "ofi"
        elif raised in ("major", "minor"):
            proposed = raised
        else:
            proposed = ff.estimate if ff.estimate in ("major", "minor") else "minor"
        return FindingVerdict(
            id=f.id or f"#{ff.index + 1}",
            verdict=verdict,  # type: ignore[arg-type]
            raised_grade=raised,
            proposed_grade=proposed,  # type: ignore[arg-type]
            grade_reasons=ff.grade_reasons if verdict != "withdraw" else self._withdraw_reasons(issues),
            citation=self._citation(ff.primary),
            also_cited=[self._citation(c) for c in ff.citations[1:]],
            requirement=requirement_for(ff, issues, verdict),
            issues=issues,
            notes=ff.notes,
        )

    def _withdraw_reasons(self, issues: list[Issue]) -> list[str]:
        """What makes the finding invalid: the issues of the rules that withdraw it (an uncited or thinly evidenced
        finding is put right, not discarded: such issues are no reason here)."""
        return [
            f"not a valid nonconformity: {i.category.replace('_', ' ')} ({i.rule})"
            for i in issues
            if self.rules[i.rule].effect == "withdraw"
        ] or ["not a valid nonconformity"]

    def _issue(self, rule: Rule, ff: FindingFacts) -> Issue:
        span = self._span(rule, ff)
        ctx = ff.ctx
        if span is not None:  # the triggering words come from the issue's own span
            ctx = {**ctx, "span_words": span.text}
            for lex in rule.span.lexicons if rule.span else ():
                ctx.setdefault(f"{lex}_words", span.text)
        return Issue(
            rule=rule.id,
            name=rule.name,
            category=rule.category,  # type: ignore[arg-type]
            severity=rule.severity,  # type: ignore[arg-type]
            message=rule.render(rule.message, ctx) or "",
            basis=rule.basis,
            span=span,
            suggestion=rule.render(rule.suggestion, ctx),
        )

    @staticmethod
    def _span(rule: Rule, ff: FindingFacts) -> Span | None:
        spec = rule.span
        if spec is None:
            return None
        if spec.fact:
            found = ff.spans.get(spec.fact)
            if found is None:
                return None
            fld, start, end = found
            return Span(field=fld, start=start, end=end, text=ff.text(fld)[start:end])  # type: ignore[arg-type]
        if spec.lexicons:
            hit = next((h for lex in spec.lexicons if (h := ff.first_hit(lex, (spec.field,))) is not None), None)
            hit = hit or next((h for lex in spec.lexicons if (h := ff.first_hit(lex)) is not None), None)
            if hit is None:
                return None
            return Span(field=hit[0], start=hit[1].start, end=hit[1].end, text=hit[1].text)  # type: ignore[arg-type]
        text = ff.text(spec.field)
        if not text:
            return None
        if spec.field == "clause" and ff.primary.ref is not None:
            ref = ff.primary.ref
            return Span(field="clause", start=ref.start, end=ref.end, text=text[ref.start : ref.end])
        return Span(field=spec.field, start=0, end=len(text), text=text)  # type: ignore[arg-type]

    def _citation(self, c: ResolvedCitation) -> Citation:
        std: Standard | None = c.standard
        suggested = []
        for n in c.suggested:
            cl = std.clause(n) if std else None
            suggested.append(f"{n} {cl.title}" if cl else n)
        # a clause of a guidance document cited ("ISO/IEC 27002:2022, 8.15") is that document's, not the audited one's
        cited = c.cited_standard if c.cited_standard is not None and c.clause is not None else None
        return Citation(
            input=c.input,
            standard=cited.id if cited is not None else (std.id if std else None),
            clause=c.clause.number if c.clause else (c.ref.number if c.ref else None),
            item=c.item or (c.ref.item if c.ref else None),
            title=c.clause.title if c.clause else (c.old_clause.title if c.old_clause else None),
            normative=(c.clause.normative and (c.cited_standard is None)) if c.clause else None,
            status=c.status,  # type: ignore[arg-type]
            suggested=suggested,
        )

    # -- summary ------------------------------------------------------------------------------------

    @staticmethod
    def _summary(verdicts: list[FindingVerdict], audit_type: str | None = None) -> Summary:
        tally = Tally(audit_type=audit_type)
        for v in verdicts:
            tally.add(v)
        return tally.summary()

    # -- streaming ----------------------------------------------------------------------------------

    def check_streamed(
        self, report: Report, release: bool = False, findings_read: Iterable[Finding] | None = None
    ) -> StreamedCheck:
        """`check`, a chunk of findings at a time: the verdicts come as they are decided (each finding's own
        facts, then the report-level ones as soon as they are known), so a report of any size holds only a few
        chunks' facts and verdicts, and what the summary and the report-level facts need (`StreamedCheck`).
        `release`: let go of each finding once it is taken up (its place in `report.findings` becomes None), so
        a caller done with the report holds none of its findings' models either (the CLI).
        `findings_read`: the report's findings, read apart from it (`report.findings` is then empty), validated
        anew each time it is iterated (a streamed reader's: engine/inputs/streamed.py); it is read twice, once
        for the criteria and once for the check, and no finding is held past its chunk."""
        scheme = (report.audit.scheme if report.audit else None) or self.config.scheme.name
        if findings_read is not None:
            header, warnings, pins = prepare_streamed(self.library, report, findings_read)
            if not self._streams():
                whole = self.check(report.model_copy(update={"findings": list(findings_read)}))
                return StreamedCheck(header.id, self.info, warnings, iter(enumerate(whole.findings)), whole)
            out = StreamedCheck(header.id, self.info, warnings, iter(()))
            out.tally.audit_type = header.audit.type if header.audit else None
            each = (pinned(f, pins) for f in findings_read) if pins else iter(findings_read)
            specs = self.facts.report_facts
            out.verdicts = self._streamed(header, each, scheme, specs[0].name if specs else None, out)
            return out
        given = report
        report, warnings = prepare_criteria(self.library, report)
        findings: Iterable[Finding] = report.findings
        if release:
            findings = _released(
                [report.findings] + ([given.findings] if given.findings is not report.findings else [])
            )
        specs = self.facts.report_facts
        if not self._streams():  # a report-level fact it cannot stream: the whole report
            whole = self.check(report)
            return StreamedCheck(report.id, self.info, warnings, iter(enumerate(whole.findings)), whole_summary=whole)
        out = StreamedCheck(report.id, self.info, warnings, iter(()))
        out.tally.audit_type = report.audit.type if report.audit else None
        out.verdicts = self._streamed(report, findings, scheme, specs[0].name if specs else None, out)
        return out

    def _streams(self) -> bool:
        """Whether every report-level fact has a streamed form (`STREAMED`); else a check takes the whole report."""
        specs = self.facts.report_facts
        return not (len(specs) > 1 or any(s.name not in STREAMED for s in specs))

    def _streamed(
        self,
        report: Report,
        findings: Iterable[Finding],
        scheme: str | None,
        report_fact: str | None,
        out: StreamedCheck,
    ) -> Iterator[tuple[int, FindingVerdict]]:
        criteria = self.library.resolve(report.standard)
        pack = scheme_for(scheme, criteria.id if criteria else None)
        stream = STREAMED[report_fact](out.marker) if report_fact else None
        chunks = self.facts.build_chunks(
            findings, report.standard, report.audit, report.previous_findings, scheme=scheme
        )

        def decided(batch: list[FindingFacts]) -> Iterator[tuple[int, FindingVerdict]]:
            apply_scheme(batch, pack, self.config.scheme.ofi_allowed)
            outcomes = self.runner.run([ff.fact for ff in batch])
            for ff in batch:
                verdict = self._verdict(ff, outcomes[ff.fact["fid"]])
                out.tally.add(verdict, ff.index)
                yield ff.index, verdict

        ready: list[FindingFacts] = []
        for chunk in chunks:
            for ff in chunk:
                ready += stream.add(ff) if stream else [ff]
            if len(ready) >= STREAM_BATCH:
                yield from decided(ready)
                ready = []
        if stream:
            ready += stream.finish()
            out.placeholders = stream.placeholders()
        yield from decided(ready)


def _released(lists: list[list[Finding]]) -> Iterator[Finding]:
    """The findings of the first list, each let go of in every list as it is handed out."""
    held = cast(list[list[Finding | None]], lists)
    for i in range(len(lists[0])):
        finding = lists[0][i]
        for findings in held:
            findings[i] = None
        yield finding


# findings whose rules run together in the streamed check (durable-rules sessions take up to 400)
STREAM_BATCH = 256


class _Brief(NamedTuple):
    """What the summary keeps of a finding's verdict (engine/check/impact.py reads these four)."""

    id: str
    verdict: str
    raised_grade: str | None
    proposed_grade: str


@dataclass(slots=True)
class Tally:
    """The report's summary, counted a verdict at a time."""

    by_verdict: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_grade: Counter[str] = field(default_factory=Counter)
    briefs: list[tuple[int, _Brief]] = field(default_factory=list)  # (position in the report, brief)
    audit_type: str | None = None  # the impact text is said per audit type

    def add(self, v: FindingVerdict, index: int | None = None) -> None:
        """Count `v`, the report's finding at `index` (default: the next; verdicts may come in any order)."""
        self.by_verdict[v.verdict] += 1
        self.by_grade[v.proposed_grade] += 1
        for i in v.issues:
            self.by_severity[i.severity] += 1
            self.by_category[i.category] += 1
        position = len(self.briefs) if index is None else index
        self.briefs.append((position, _Brief(v.id, v.verdict, v.raised_grade, v.proposed_grade)))

    def summary(self) -> Summary:
        return Summary(
            findings=len(self.briefs),
            by_verdict=dict(sorted(self.by_verdict.items())),
            by_severity=dict(sorted(self.by_severity.items())),
            by_category=dict(sorted(self.by_category.items())),
            by_proposed_grade=dict(sorted(self.by_grade.items())),
            certification_impact=certification_impact(
                [b for _, b in sorted(self.briefs, key=lambda e: e[0])], self.audit_type
            ),
        )


@dataclass(slots=True)
class StreamedCheck:
    """A report being checked a chunk at a time. Read `verdicts` to the end (each finding's position and verdict,
    in the order decided, not always the report's); then `summary()` and `placeholders` are final: text in the
    verdicts that stands for what only the whole report knows (a group's size), and the text it stands for."""

    report_id: str | None
    engine: EngineInfo
    warnings: list[str]
    verdicts: Iterator[tuple[int, FindingVerdict]]
    whole_summary: ReportVerdict | None = None
    tally: Tally = field(default_factory=Tally)
    marker: str = field(default_factory=lambda: f"\ue000{uuid.uuid4().hex}")
    placeholders: dict[str, str] = field(default_factory=dict)

    def summary(self) -> Summary:
        return self.whole_summary.summary if self.whole_summary else self.tally.summary()
