"""Named predicates: everything the rules need, computed in Python and asserted as plain fields.

durable-rules compares a field with a constant; comparisons between facts and aggregates across
findings are computed here (see engine/durable_adapter.py for why).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from engine.citation import ResolvedCitation, resolve_citations, standards_named, unrelated
from engine.lexicon import Hit, Lexicon, LexiconMatcher
from engine.models import Audit, Finding, PreviousFinding
from engine.relevance import index_for, keyword_hits, related, tokens
from engine.standards import Standard, StandardLibrary

_IDENTIFIER = re.compile(  # every alternative starts a word: the leading test skips other positions at once
    r"""(?x) \b(?=\w) (?:
      \b[A-Z][A-Za-z]{0,5}(?:[-_/][A-Z]{1,6}){0,3}(?:[-_/]|(?<=[A-Z])\s)?\d\w*(?:[-./]\d+)*\b   # TW-07, PO-7781, FS01
    | \b\d{4}-\d{2}(?:-\d{2})?\b                                                   # 2026-09-30
    | (?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b)
    | (?i:\b(?:Q[1-4]|H[12])\s+(?:19|20)\d\d\b)
    | (?i:\brev(?:ision)?\b)\.?\s*(?:[A-Z]{1,2}\b|\d[\w.]*)                                # rev B, revision 3
    | (?i:\b(?:line|press|lathe|cell|bay|warehouse|store|site|area|room|building|station|server|gate|dock|zone)
         \s+[A-Z0-9]{1,4}\b)
    | (?i:\b(?:job|order|batch|lot|ticket|serial|part|drawing|asset|item|case|complaint|incident|project)s?
         \s+(?:no\.?\s*|number\s+|\#\s*)?[A-Z0-9-]*\d[\w-]*)
    | \b\d+\s+(?:of|out\s+of)\s+\d+\b                                                # 1 of 40
    )"""
)
_SENTENCE = re.compile(r"[^.;\n]+")
_PROCEDURE_DEMAND = re.compile(r"(?i)procedure|manual|instruction|\bsops?\b|flow\s*chart|method|fmea|matrix|register")


GRADE_WORDS = {
    "major": "major nonconformity",
    "minor": "minor nonconformity",
    "ungraded": "ungraded nonconformity",
    "ofi": "opportunity for improvement",
    "observation": "observation",
}


def identifiers(text: str, most: int | None = None) -> list[str]:
    """Record numbers, revisions, dates, locations and sample counts: what lets a reader find the evidence."""
    return [m.group(0) for m in itertools.islice(_IDENTIFIER.finditer(text), most)]


# a document is asked for when the words say it is absent or wanted: in the hit itself ("not documented",
# "must be written down"), just before it ("there is no", "should have a") or just after ("... is missing")
_DEMAND_IN_HIT = re.compile(r"(?i)\b(?:not|never|must|should)\b")
_DEMAND_BEFORE = re.compile(  # the cue governs the document: "no documented procedure", not "no operator followed"
    r"""(?ix)(?:
        \b(?:no|without|lacks?|lacking|lacked|absence\s+of|missing)\s+(?:\S+\s+){0,2}
      | \b(?:not|never)\s+(?:\S+\s+)?(?:have|has|had|establish\w*|produc\w*|creat\w*|develop\w*|prepar\w*|
          document\w*|maintain\w*|writ\w*|defin\w*|provid\w*|issu\w*)\s+(?:\S+\s+){0,2}
      | \b(?:should|must|needs?\s+to|ought\s+to|ha(?:s|ve)\s+to|requires?|required)\s+(?:\S+\s+){0,3}
    )$"""
)
_DEMAND_AFTER = re.compile(
    r"(?i)^\s*(?:\S+\s+){0,4}?(?:(?:is|are|was|were|has|have|had)\s+(?:been\s+)?)?(?:missing|absent|lacking|"
    r"unavailable|not\s+(?:been\s+)?(?:available|documented|written|established|defined|in\s+place|provided|produced|"
    r"prepared|created|drawn\s+up|developed|issued|made|compiled)|(?:does|do|did)\s+not\s+exist)\b"
)
_CLAUSE_END = re.compile(r"[.;:!?\n]")


def _demands(text: str, hit: Hit) -> bool:
    """Whether the statement asks for the document it names, rather than only mentioning one."""
    if _DEMAND_IN_HIT.search(hit.text):
        return True
    head = _CLAUSE_END.split(text[: hit.start])[-1]
    tail = _CLAUSE_END.split(text[hit.end :])[0]
    return bool(_DEMAND_BEFORE.search(head) or _DEMAND_AFTER.search(tail))


@dataclass(slots=True)
class Options:
    systemic_k: int = 3
    ofi_allowed: bool = True
    mismatch_ratio: float = 2.0


@dataclass(slots=True)
class FindingFacts:
    """One finding's computed facts, and what the diagnostics need to explain them."""

    index: int
    finding: Finding
    criteria: Standard | None
    citations: list[ResolvedCitation]
    fact: dict[str, Any] = field(default_factory=dict)
    hits: dict[str, list[tuple[str, Hit]]] = field(default_factory=dict)  # lexicon -> [(field, hit)]
    ctx: dict[str, Any] = field(default_factory=dict)  # message template values
    grade_reasons: list[str] = field(default_factory=list)
    estimate: str = "none"

    @property
    def primary(self) -> ResolvedCitation:
        return self.citations[0]

    def first_hit(self, lexicon: str, fields: tuple[str, ...] | None = None) -> tuple[str, Hit] | None:
        for fld, hit in self.hits.get(lexicon, []):
            if fields is None or fld in fields:
                return fld, hit
        return None

    def has(self, lexicon: str, *fields: str) -> bool:
        return self.first_hit(lexicon, fields or None) is not None


class FactBuilder:
    """Builds every finding's facts for one report."""

    def __init__(self, lib: StandardLibrary, lexicons: dict[str, Lexicon], options: Options) -> None:
        self.lib = lib
        self.lex = lexicons
        self.matcher = LexiconMatcher(lexicons)
        self.options = options

    # -- per finding ------------------------------------------------------------------------------

    def build(
        self,
        findings: list[Finding],
        report_standard: str | None,
        audit: Audit | None,
        previous: list[PreviousFinding],
        scheme: str | None = None,
    ) -> list[FindingFacts]:
        out = [self._one(i, f, report_standard, audit, previous) for i, f in enumerate(findings)]
        self._systemic(out)
        for ff in out:
            ff.fact["scheme_no_ofi"] = not self.options.ofi_allowed
            ff.ctx["scheme"] = scheme or "this scheme"
        return out

    def _criteria(self, f: Finding, report_standard: str | None) -> tuple[Standard | None, str | None]:
        name = f.standard or report_standard
        return self.lib.resolve(name), name

    def _one(
        self, i: int, f: Finding, report_standard: str | None, audit: Audit | None, previous: list[PreviousFinding]
    ) -> FindingFacts:
        criteria, criteria_name = self._criteria(f, report_standard)
        cits = resolve_citations(f.clause, criteria, self.lib)
        if criteria is None and criteria_name:
            for c in cits:
                if c.status != "missing" and not (c.ref and c.ref.standard_text and c.standard):
                    c.status = "unknown_standard"
                    c.reason = f"{criteria_name} is not a loaded standard"
        ff = FindingFacts(i, f, criteria or cits[0].standard, cits)
        statement, evidence = f.statement, f.evidence_text()
        ff.hits = self.matcher.find({"statement": statement, "evidence": evidence})
        grade = f.grade or "ungraded"
        fact: dict[str, Any] = {
            "fid": str(i),
            "grade": grade,
            "nc": grade in ("major", "minor", "ungraded"),
            "ofi": grade in ("ofi", "observation"),
        }
        ff.fact = fact
        self._citation_facts(ff)
        self._evidence_facts(ff)
        self._text_facts(ff)
        fact["client_requirement"] = ff.has("client_criteria") or _client_criteria_named(ff, audit)
        self._vagueness(ff)
        self._guidance_facts(ff)
        self._documentation_facts(ff)
        self._scope_facts(ff)
        self._repeat_facts(ff, previous, audit)
        self._amendment_facts(ff, audit)
        fact["dispute_unrecorded"] = bool((f.client_position or "").strip()) and not (f.unresolved_points or "").strip()
        self._grade(ff)
        return ff

    def _citation_facts(self, ff: FindingFacts) -> None:
        cit = ff.primary
        text = self._subject_text(ff)
        if cit.status in ("resolved", "too_broad") and cit.clause is not None and cit.standard is not None:
            self._edition_collision(ff, cit, text)
        if cit.status == "resolved" and cit.clause is not None and cit.standard is not None:
            self._mismatch(ff, cit, text)
        if cit.status == "too_broad" and cit.standard is not None and cit.clause is not None:
            ranked = index_for(cit.standard).rank(text, limit=3, within=cit.clause.number)
            if ranked:
                cit.suggested = [m.clause.number for m in ranked]
        guidance = cit.cited_standard is not None and not cit.suggested and cit.standard is not None
        if guidance and cit.standard is not None and cit.standard.is_requirements:
            # guidance cited as the requirement: name the requirements standard's nearest clause
            ranked = index_for(cit.standard).rank(text, limit=1)
            cit.suggested = [m.clause.number for m in ranked if m.score >= 3.0]
        if cit.status == "unknown_clause" and cit.standard is not None:
            ranked = index_for(cit.standard).rank(text, limit=2)
            cit.suggested = [m.clause.number for m in ranked if m.score >= 3.0]
        resolved = [c.clause for c in ff.citations if c.status == "resolved" and c.clause is not None]
        multi = any(unrelated(a, b) for j, a in enumerate(resolved) for b in resolved[j + 1 :])
        ff.fact.update(
            cit_status=cit.status,
            cit_guidance=cit.cited_standard is not None,
            cit_multi_unrelated=multi,
        )
        std = cit.standard
        ff.ctx.update(
            citation=(cit.input or "").strip(),
            standard=std.designation if std else (ff.finding.standard or "the audit criteria"),
            clause=cit.number or "",
            title=cit.clause.title if cit.clause else "",
            reason=cit.reason,
            suggested=self._describe(std, cit.suggested),
            cited_standard=cit.cited_standard.designation if cit.cited_standard else "",
        )
        ff.ctx["suggested_hint"] = f", e.g. {ff.ctx['suggested']}" if ff.ctx["suggested"] else ""

    def _describe(self, std: Standard | None, numbers: list[str]) -> str:
        if not numbers:
            return ""
        parts = []
        for n in numbers[:4]:
            c = std.clause(n) if std else None
            parts.append(f"{n} {c.title}" if c else n)
        return "; ".join(parts)

    @staticmethod
    def _subject_text(ff: FindingFacts) -> str:
        return f"{ff.finding.statement}\n{ff.finding.statement}\n{ff.finding.evidence_text()}"

    def _edition_collision(self, ff: FindingFacts, cit: ResolvedCitation, text: str) -> None:
        """Same number, different subject: 8.2.2 is internal audit in 9001:2008, requirements in 2015."""
        assert cit.clause is not None and cit.standard is not None
        for old in self.lib.predecessors(cit.standard):
            oc = old.clause(cit.clause.number)
            if oc is None or cit.clause.number in oc.successor or not oc.successor:
                continue
            old_hits = keyword_hits(text, oc)
            # a heading's subject is everything beneath it
            current = [cit.clause, *(cit.standard.leaves_under(cit.clause.number) if cit.clause.children else [])]
            if old_hits and not any(keyword_hits(text, c) for c in current):
                cit.status = "wrong_edition"
                cit.old_clause = oc
                cit.suggested = [n for n in oc.successor if cit.standard.clause(n)]
                cit.reason = (
                    f"{oc.number} is '{oc.title}' in {old.designation}; in {cit.standard.designation} "
                    f"{cit.clause.number} is '{cit.clause.title}'"
                )
                ff.ctx["edition_words"] = ", ".join(old_hits[:3])
                return

    def _mismatch(self, ff: FindingFacts, cit: ResolvedCitation, text: str) -> None:
        assert cit.clause is not None and cit.standard is not None
        ff.fact["mismatch"] = False
        if keyword_hits(text, cit.clause):
            return
        index = index_for(cit.standard)
        scores = index.scores(text)
        if not scores:
            return
        cited = scores.get(cit.clause.number, 0.0)
        best_n, best = max(scores.items(), key=lambda kv: kv[1])
        if related(best_n, cit.clause.number) or cit.clause.number.startswith(best_n + "."):
            return
        best_clause = cit.standard.clauses[best_n]
        if best >= max(cited * self.options.mismatch_ratio, cited + 4.0) and keyword_hits(text, best_clause):
            ff.fact["mismatch"] = True
            ff.ctx["better"] = f"{best_n} {best_clause.title}"
            ff.ctx["better_words"] = ", ".join(keyword_hits(text, best_clause)[:3])
            cit.suggested = [best_n]

    def _evidence_facts(self, ff: FindingFacts) -> None:
        evidence = ff.finding.evidence_text()
        ids = identifiers(evidence, most=4)  # whether there are any, and the first few for messages
        words = len(evidence.split())
        vague = ff.has("vague", "evidence") or ff.has("vague_quantity", "evidence")
        if not evidence.strip():
            state = "missing"
        elif ff.has("hearsay", "evidence") and (not ids or self._every_sentence(ff, "evidence", "hearsay")):
            # every sentence is reported speech: nothing the auditor saw or verified
            state = "hearsay"
        elif not ids and words < 8 and vague:
            state = "hollow"  # a vague generality and nothing else: "Several files were checked."
        elif not ids and (words < 8 or vague):
            state = "vague"
        else:
            state = "ok"
        ff.fact["evidence_state"] = state
        ff.ctx["identifiers"] = ", ".join(ids[:4])
        ff.ctx["evidence_text"] = " ".join(evidence.split())[:120]

    @staticmethod
    def _every_sentence(ff: FindingFacts, fld: str, lexicon: str) -> bool:
        """Every sentence of the field holds a hit of the lexicon (the hits already found in the whole text)."""
        text = ff.finding.statement if fld == "statement" else ff.finding.evidence_text()
        starts = [h.start for f, h in ff.hits.get(lexicon, ()) if f == fld]
        sentences = [m.span() for m in _SENTENCE.finditer(text) if m.group(0).strip()]
        return bool(sentences) and all(any(a <= s < b for s in starts) for a, b in sentences)

    def _text_facts(self, ff: FindingFacts) -> None:
        fact = ff.fact
        fact["preference"] = ff.has("preference", "statement") or ff.has("benchmark", "statement")
        fact["prescribes"] = ff.has("prescriptive", "statement")
        fact["specific_solution"] = ff.has("specific_solution", "statement")
        fact["states_cause"] = ff.has("causal", "statement")
        fact["statement_nonfulfilment"] = ff.has("nonfulfilment", "statement")
        fact["evidence_nonfulfilment"] = ff.has("nonfulfilment", "evidence")
        # every sentence of the statement prescribes, and nothing anywhere records a requirement unfulfilled
        fact["prescription_only"] = (
            fact["prescribes"]
            and not (fact["statement_nonfulfilment"] or fact["evidence_nonfulfilment"])
            and self._every_sentence(ff, "statement", "prescriptive")
        )
        std = ff.criteria
        fact["legacy_demand"] = bool(
            std is not None
            and std.family == "iso-9001"
            and (std.year or 0) >= 2015
            and ff.has("legacy_2008", "statement")
        )
        for lex in ("preference", "benchmark", "prescriptive", "specific_solution", "causal", "legacy_2008"):
            hit = ff.first_hit(lex, ("statement",))
            if hit:
                ff.ctx[f"{lex}_words"] = hit[1].text

    def _vagueness(self, ff: FindingFacts) -> None:
        """Whether the statement leaves unclear what is not fulfilled (9.4.5.3). A vague qualifier ("not
        properly", "appears") always does; a vague quantity ("several instruments") only when the evidence does
        not identify the items; "as required" only when no resolved citation or client document names it."""
        fact = ff.fact
        unclear = ["vague"] if ff.has("vague", "statement") else []
        if fact["evidence_state"] != "ok" and ff.has("vague_quantity", "statement"):
            unclear.append("vague_quantity")
        named = fact["cit_status"] == "resolved" or fact["client_requirement"]
        if not named and ff.has("vague_requirement", "statement"):
            unclear.append("vague_requirement")
        fact["statement_vague"] = bool(unclear)
        if unclear:
            ff.ctx["vague_words"] = ff.first_hit(unclear[0], ("statement",))[1].text  # type: ignore[index]

    def _guidance_facts(self, ff: FindingFacts) -> None:
        """Measured against a guidance or vocabulary document (ISO 19011, ISO 31000): an expectation, not a
        requirement of the audit criteria, unless the client's own documents adopt it."""
        if ff.fact["client_requirement"]:
            return
        for name in standards_named(ff.finding.statement):
            std = self.lib.resolve(name)
            if std is not None and not std.is_requirements and std is not ff.criteria:
                ff.fact["preference"] = True
                ff.ctx.setdefault("preference_words", name)
                return

    def _documentation_facts(self, ff: FindingFacts) -> None:
        """A demand for documentation the cited requirement does not ask for (and no client procedure does)."""
        ff.fact["doc_demand_unsupported"] = False
        statement = ff.finding.statement
        demands = [h for f, h in ff.hits.get("documentation_demand", ()) if f == "statement" and _demands(statement, h)]
        if not demands:
            return  # documents mentioned ("a superseded work instruction was in use"), none asked for
        words = demands[0].text
        ff.ctx["documentation_words"] = words
        if ff.fact["client_requirement"]:
            return
        cit = ff.primary
        if ff.fact["legacy_demand"] and ff.has("legacy_2008", "statement"):
            ff.fact["doc_demand_unsupported"] = True
            ff.ctx["asked"] = "no quality manual and no blanket set of documented procedures"
            return
        if cit.clause is None or cit.standard is None or cit.status not in ("resolved", "too_broad"):
            return
        clauses = [cit.clause]
        if cit.status == "too_broad":  # a heading: judge by everything beneath it
            clauses += cit.standard.leaves_under(cit.clause.number)
        di: set[str] = set()
        for c in clauses:
            di |= c.di_types(cit.item if c is cit.clause else None)
        # a procedure, manual or instruction needs a "maintain" requirement; "X is not documented" or a
        # record is supported by any documented-information requirement on the subject
        wants_procedure = bool(_PROCEDURE_DEMAND.search(words))
        supporting = {"maintain", "both"} if wants_procedure else {"maintain", "both", "retain"}
        if not di & supporting:
            ff.fact["doc_demand_unsupported"] = True
            ff.ctx["asked"] = (
                "no documented information" if not di else "documented information of type " + ", ".join(sorted(di))
            )

    def _scope_facts(self, ff: FindingFacts) -> None:
        ff.fact["out_of_scope"] = False
        lex = self.lex.get("out_of_scope")
        std = ff.criteria
        if lex is None or std is None:
            return
        for fld, hit in ff.hits.get("out_of_scope", []):
            if fld != "statement" or hit.topic is None:
                continue
            label, covered = lex.topic(hit.topic)
            if std.family not in covered:
                ff.fact["out_of_scope"] = True
                ff.ctx["topic"] = label
                ff.ctx["out_of_scope_words"] = hit.text
                return

    def _repeat_facts(self, ff: FindingFacts, previous: list[PreviousFinding], audit: Audit | None) -> None:
        f = ff.finding
        ff.fact["repeat"] = False
        if f.repeat_of and f.repeat_of.strip():
            ff.fact["repeat"] = True
            ff.ctx["previous"] = f.repeat_of.strip()
            return
        if not previous:
            return
        number = ff.primary.number
        mine = set(tokens(f.statement + " " + f.evidence_text()))
        audit_day = audit.date if audit and audit.date else None
        for p in previous:
            prev_number = (resolve_citations(p.clause, ff.criteria, self.lib)[0].number) if p.clause else None
            if number is None or prev_number is None or (prev_number != number and not related(prev_number, number)):
                continue
            theirs = set(tokens((p.statement or "") + " " + _evidence_text(p.evidence)))
            similar = bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= 0.25
            overdue = p.status == "open" and p.due is not None and audit_day is not None and p.due < audit_day
            if (similar and p.status != "open") or overdue:
                ff.fact["repeat"] = True
                ff.ctx["previous"] = p.id or f"the finding of {p.date or 'a previous audit'}"
                return

    def _amendment_facts(self, ff: FindingFacts, audit: Audit | None) -> None:
        """Amendment text cited in an audit dated before the amendment was published."""
        ff.fact["amendment_early"] = False
        cit = ff.primary
        if cit.clause is None or cit.standard is None or not audit or not audit.date:
            return
        text_tokens: set[str] | None = None
        for p in cit.clause.all_provisions():
            published = cit.standard.amendment_date(p.amendment)
            if published is None or audit.date >= published:
                continue
            if text_tokens is None:
                text_tokens = set(tokens(ff.finding.statement + " " + ff.finding.evidence_text()))
            # words the amendment brought, not words the clause already used ("determine", "issue")
            before = set(tokens(cit.clause.title))
            for q in cit.clause.all_provisions():
                if q.amendment is None:
                    before |= set(tokens(q.text))
            distinctive = {t for t in set(tokens(p.text)) - before if len(t) >= 4}
            hits = distinctive & text_tokens
            if len(hits) >= 2 or (len(distinctive) == 1 and hits):
                ff.fact["amendment_early"] = True
                amd = cit.standard.amendments[p.amendment or ""]
                ff.ctx["amendment"] = f"{amd.designation} (published {amd.date.isoformat()})"
                ff.ctx["audit_date"] = audit.date.isoformat()
                return

    # -- grading ----------------------------------------------------------------------------------

    def _grade(self, ff: FindingFacts) -> None:
        """The grade the recorded evidence supports (17021-1 3.12, 3.13; reference 2.8 G1-G7)."""
        fact = ff.fact
        grade = fact["grade"]
        major: list[str] = []
        if ff.has("absence"):
            major.append(f"absence or total breakdown of the required process ('{ff.first_hit('absence')[1].text}')")  # type: ignore[index]
        if ff.has("released") and ff.has("nonconforming_output"):
            major.append(
                f"nonconforming output released ('{ff.first_hit('released')[1].text}', "  # type: ignore[index]
                f"'{ff.first_hit('nonconforming_output')[1].text}')"  # type: ignore[index]
            )
        if ff.has("safety_legal"):
            major.append(f"safety or legal exposure ('{ff.first_hit('safety_legal')[1].text}')")  # type: ignore[index]
        if fact["repeat"]:
            major.append(f"recurrence of an earlier nonconformity ({ff.ctx.get('previous', 'earlier audit')})")
        isolated = ff.first_hit("isolated")
        nonfulfilment = fact["statement_nonfulfilment"] or fact["evidence_nonfulfilment"]
        invalid = (
            fact["evidence_state"] in ("missing", "hearsay", "hollow")
            or fact["out_of_scope"]
            or (fact["preference"] and not fact["evidence_nonfulfilment"])
            or (fact["doc_demand_unsupported"] and not fact["evidence_nonfulfilment"])
            or fact["legacy_demand"]
        )
        reasons = ff.grade_reasons
        if invalid and fact["nc"]:
            estimate = "none"
            reasons.append("no nonfulfilment of a requirement is supported by objective evidence")
        elif major:
            estimate = "major"
            reasons.extend(major)
        elif fact["ofi"]:
            if nonfulfilment and fact["evidence_state"] != "missing":
                estimate = "minor"
                reasons.append("records a requirement not fulfilled, with evidence: a nonconformity (9.4.5.2)")
            else:
                estimate = "ofi"
                reasons.append("no requirement is recorded as unfulfilled: an opportunity for improvement")
        elif grade == "major" and isolated:
            estimate = "minor"
            reasons.append(f"isolated lapse ('{isolated[1].text}'); the process is otherwise in place (3.13)")
        elif grade == "major":
            estimate = "major"
            reasons.append("graded major by the auditor; nothing recorded contradicts it")
        else:
            estimate = "minor"
            if isolated:
                reasons.append(f"isolated lapse ('{isolated[1].text}'): does not affect the system's capability (3.13)")
            else:
                reasons.append(
                    "a lapse with no sign of absence, breakdown, released nonconforming output "
                    "or safety exposure (3.13)"
                )
        ff.estimate = estimate
        order = {"none": 0, "ofi": 1, "minor": 2, "major": 3}
        raised = {"major": 3, "minor": 2, "ungraded": 2, "ofi": 1, "observation": 1}[grade]
        if not fact["nc"] or invalid:
            delta = "na"
        elif order[estimate] > raised:
            delta = "under"
        elif order[estimate] < raised:
            delta = "over"
        else:
            delta = "same"
        fact["grade_delta"] = delta
        fact["estimate"] = estimate
        fact["records_nonfulfilment"] = bool(fact["ofi"] and estimate in ("minor", "major"))
        ff.ctx["estimate"] = estimate
        ff.ctx["raised"] = GRADE_WORDS[grade]
        ff.ctx["raised_article"] = "an" if GRADE_WORDS[grade][0] in "aeiou" else "a"
        ff.ctx["grade_reason"] = reasons[0] if reasons else ""

    # -- across findings ----------------------------------------------------------------------------

    def _systemic(self, all_facts: list[FindingFacts]) -> None:
        groups: dict[tuple[str, str], list[FindingFacts]] = {}
        for ff in all_facts:
            ff.fact["systemic"] = False
            cit = ff.primary
            if ff.fact["nc"] and cit.status == "resolved" and cit.clause is not None and cit.standard is not None:
                groups.setdefault((cit.standard.id, cit.clause.number), []).append(ff)
        for members in groups.values():
            if len(members) >= self.options.systemic_k:
                ids = [m.finding.id or f"#{m.index + 1}" for m in members]
                for m in members:
                    m.fact["systemic"] = True
                    m.ctx["systemic_count"] = len(members)
                    m.ctx["systemic_ids"] = ", ".join(ids)


def _client_criteria_named(ff: FindingFacts, audit: Audit | None) -> bool:
    """The finding names one of the client's own documents listed in the audit criteria (9.2.1.3)."""
    criteria = (audit.criteria or []) if audit else []
    text = (ff.finding.statement + " " + ff.finding.evidence_text()).lower()
    return any(c.strip() and c.strip().lower() in text for c in criteria)


def _evidence_text(evidence: str | list[str] | None) -> str:
    if evidence is None:
        return ""
    return "\n".join(evidence) if isinstance(evidence, list) else evidence
