"""Facts about what the statement says: opinion, prescription, vagueness, and wording from a withdrawn edition."""

from __future__ import annotations

import bisect
import re

from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, clause_around, identifiers
from engine.facts.prescription import Phrase, causes, prescriptions, specific_solutions
from engine.rulebook.lexicon import Hit
from engine.standards.citation import standards_named
from engine.standards.inference import infer_requirements, related, without_purpose


@fact(
    "nonfulfilment",
    reads=("nonfulfilment_in_statement", "nonfulfilment_in_evidence", "absence_in_statement", "absence_in_evidence"),
)
def nonfulfilment(ff: FindingFacts) -> bool:
    """Somewhere the finding records something required as not done, not there, or not as required."""
    return any(
        ff.fact.get(n)
        for n in (
            "nonfulfilment_in_statement",
            "nonfulfilment_in_evidence",
            "absence_in_statement",
            "absence_in_evidence",
        )
    )


# the words that make a document the yardstick ("not in line with ISO 19011"), not a mere name in a noun
# phrase ("ISO 9000 auditor certificates")
_MEASURED_AGAINST = re.compile(
    r"(?i)\b(?:in\s+line\s+with|according\s+to|in\s+accordance\s+with|as\s+(?:per|recommended|required|described|set"
    r"\s+out|given)\s+(?:by|in)|per|following|follow|apply|applying|applies|against|contrary\s+to|compliant\s+with|"
    r"meet|meets|met|requirements?\s+of|steps\s+of|guidance\s+(?:of|in|from)|recommend\w*|(?:clause|section)\s+[\d.]+\s+of"
    r"|based\s+on|aligned\s+with|consistent\s+with|comply\s+with|complies\s+with|conform\w*\s+(?:to|with))\W+"
    r"(?:\w+\W+){0,6}$"
)


@fact("guidance_yardstick", reads=("finding", "tree", "client_requirement"))
def guidance_yardstick(ff: FindingFacts) -> bool:
    """The statement measures the client against a guidance or vocabulary document (ISO 19011, ISO 31000) that
    is not the audit criteria, and no document of the client's adopts it."""
    if ff.fact["client_requirement"]:
        return False
    text = ff.finding.statement
    for name in standards_named(text):
        std = ff.lib.resolve(name)
        at = text.find(name.split()[0])
        head = text[max(0, at - 60) : max(at, 0)]
        measured = _MEASURED_AGAINST.search(head.split(".")[-1]) is not None
        if std is not None and not std.is_requirements and std is not ff.criteria and measured:
            ff.ctx.setdefault("preference_words", name)
            at = ff.finding.statement.find(name.split()[0])
            ff.spans["yardstick"] = ("statement", max(at, 0), max(at, 0) + len(name))
            return True
    return False


@fact(
    "preference",
    reads=(
        "preference_in_statement",
        "benchmark_in_statement",
        "opinion_in_statement",
        "guidance_yardstick",
        "unsupported_means",
        "evidenced_nonfulfilment",
        "lexicon:prescriptive",
    ),
)
def preference(ff: FindingFacts) -> bool:
    """The statement states the auditor's opinion, a yardstick of what others do, or guidance as the reason."""
    for lex in ("preference", "benchmark", "opinion"):
        # a phrase in quotation marks is reported (the client's manual, an auditee), not the auditor's opinion
        said = [h for f, h in ff.hits.get(lex, ()) if f == "statement" and not _reported(ff, h.start)]
        if said:
            ff.ctx["preference_words"] = said[0].text
            return True
    if ff.fact["unsupported_means"] and not (ff.fact["evidenced_nonfulfilment"] and _prescribed(ff)):
        # a means the finding rests on; a remedy prescribed beside a real nonfulfilment is SO01's, not this
        ff.ctx["preference_words"] = ff.ctx["means_words"]
        return True
    return bool(ff.fact["guidance_yardstick"])


@fact("prescription_only", reads=("prescribes", "lexicon:prescriptive", "nonfulfilment"))
def prescription_only(ff: FindingFacts) -> bool:
    """Every sentence of the statement prescribes, and nothing anywhere records a requirement unfulfilled."""
    if not ff.fact["prescribes"] or ff.fact["nonfulfilment"]:
        return False
    text = ff.finding.statement
    starts = [h.start for f, h in ff.hits.get("prescriptive", ()) if f == "statement"]
    starts += [p.start for p in prescriptions(text)]
    sentences = [m.span() for m in _STATEMENT_SENTENCE.finditer(text) if m.group(0).strip()]
    return bool(sentences) and all(any(a <= x < b for x in starts) for a, b in sentences)


_STATEMENT_SENTENCE = re.compile(r"[^.;\n]+")


_DOCUMENT_ID = re.compile(r"\s*\(?[A-Z]{1,6}(?:-[A-Z]{1,6}){0,2}-?\d")


@fact("legacy_demand", reads=("legacy_2008_in_statement", "lexicon:client_criteria", "tree"))
def legacy_demand(ff: FindingFacts) -> bool:
    """An ISO 9001:2015 (or later) finding demands what only ISO 9001:2008 required (a quality manual, a
    management representative, preventive action). The client's own manual named as its document (with its id,
    "quality manual QM-01", or as the source of its rule, "the quality manual states ...") is cited, not demanded."""
    std = ff.criteria
    if not (std is not None and std.family == "iso-9001" and (std.year or 0) >= 2015):
        return False
    text = ff.finding.statement
    rules = [h.start for f, h in ff.hits.get("client_criteria", ()) if f == "statement"]
    return any(
        not _DOCUMENT_ID.match(text, h.end) and not any(h.start <= r <= h.end + 40 for r in rules)
        for f, h in ff.hits.get("legacy_2008", ())
        if f == "statement"
    )


@fact(
    "statement_vague",
    reads=(
        "judgement_in_statement",
        "vague_in_statement",
        "vague_quantity_in_statement",
        "vague_requirement_in_statement",
        "lexicon:nonfulfilment",
        "lexicon:absence",
        "evidence_state",
        "cit_status",
        "client_requirement",
    ),
)
def statement_vague(ff: FindingFacts) -> bool:
    """The statement leaves unclear what is not fulfilled (9.4.5.3). A vague qualifier ("not properly",
    "appears") always does; a vague quantity ("several instruments") or an evaluation ("a sample of records were
    inaccurate") when nothing identifies what was seen; an evaluative conclusion ("the purchasing process is not
    robust") when the statement records no fact it rests on, whatever the evidence field holds; "as required" only
    when no resolved citation or client document names the requirement. Words in quotation marks are someone
    else's (a record's text, an auditee's words), never the auditor's vague wording."""
    if ff.language:  # not English: not judged (the finding's note says so)
        return False
    # a vague qualifier ("not properly", "appears"); an evaluative word of a conclusion ("is weak") is judged as
    # a conclusion below: vague only when the statement records no fact it rests on
    conclusions = [m.span() for m in _EVALUATIVE.finditer(ff.finding.statement)]
    qualifiers = [h for h in _unquoted(ff, "vague") if not any(a <= h.start < b for a, b in conclusions)]
    unclear = ["vague"] if qualifiers else []
    for lex in ("vague_quantity", "judgement"):  # vague only when nothing identifies what was seen
        if ff.fact["evidence_state"] != "ok" and _unquoted(ff, lex):
            unclear.append(lex)
    if ff.fact["evidence_state"] == "missing":
        unclear.append("nothing")  # a judgement with nothing observed and nothing named as unfulfilled
    named = ff.fact["cit_status"] == "resolved" or ff.fact["client_requirement"]
    if not named and _unquoted(ff, "vague_requirement"):
        unclear.append("vague_requirement")
    conclusion = _bare_conclusion(ff)
    if conclusion is not None:
        unclear.append("conclusion")
    if not unclear:
        return False
    hits = [h for lex in ("vague", "vague_quantity", "judgement", "vague_requirement") for h in _unquoted(ff, lex)]
    if unclear[0] == "conclusion" and conclusion is not None:
        ff.spans["vague"] = ("statement", *conclusion)
    elif unclear[0] == "vague":
        ff.spans["vague"] = ("statement", qualifiers[0].start, qualifiers[0].end)
    elif unclear[0] not in ("nothing",) and _unquoted(ff, unclear[0]):
        hit = _unquoted(ff, unclear[0])[0]
        ff.spans["vague"] = ("statement", hit.start, hit.end)
    elif hits:
        ff.spans["vague"] = ("statement", hits[0].start, hits[0].end)
    if "vague" in ff.spans:
        _, a, b = ff.spans["vague"]
        ff.ctx["vague_words"] = ff.finding.statement[a:b]
    else:
        ff.ctx["vague_words"] = ff.finding.statement.strip()[:80]
    return True


def _unquoted(ff: FindingFacts, lexicon: str) -> list[Hit]:
    """The lexicon's hits in the statement that are not inside quotation marks."""
    return [h for f, h in ff.hits.get(lexicon, ()) if f == "statement" and not ff.quoted("statement", h.start)]


# an evaluative conclusion: the auditor's verdict on something, not what was found
_EVALUATIVE = re.compile(
    r"(?i)\b(?:is|are|was|were|remains?|remained|seems?|seemed|appears?|appeared|considered|found|deemed|judged)"
    r"\s+(?:to\s+be\s+)?(?:(?:not|no\s+longer)\s+(?:(?:sufficiently|fully|very|particularly|always|really|yet)\s+)?"
    r"(?:robust|effective|adequate|sufficient|appropriate|suitable|satisfactory|fit\s+for\s+purpose|mature|reliable|"
    r"consistent|systematic|under\s+control|in\s+control|well[- ](?:defined|controlled|managed|implemented|"
    r"established|organi[sz]ed))|(?:(?:rather|somewhat|very|too|quite|generally|considered)\s+)?(?:weak|poor|"
    r"inadequate|insufficient|ineffective|unsatisfactory|deficient|lax|immature|unreliable|inconsistent|ineffectual|"
    r"questionable|fragile|not\s+robust|not\s+effective|unstructured|informal|ad[- ]hoc|chaotic))\b"
    r"|\b(?:lacks?|lacked|lacking|(?:a|the)\s+lack\s+of)\s+(?:(?:any|the|real|sufficient)\s+)?(?:robustness|rigou?r|"
    r"effectiveness|maturity|discipline|consistency|structure|control|oversight)\b"
    r"|\b(?:weakness(?:es)?|deficienc(?:y|ies)|shortcomings?)\s+(?:in|of|with|were|was|are|is|exist)\b"
)
_FACT_DIGIT = re.compile(r"\d")


def _bare_conclusion(ff: FindingFacts) -> tuple[int, int] | None:
    """The evaluative conclusion of a statement that records no fact it rests on: nothing else in it says what was
    (not) done, seen or there, and nothing identifies a record, an instance, a date or a count. The conclusion's
    span, or None."""
    text = ff.finding.statement
    found = [m for m in _EVALUATIVE.finditer(text) if not ff.quoted("statement", m.start())]
    if not found:
        return None
    spans = [m.span() for m in found]

    def in_conclusion(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    for lex in ("nonfulfilment", "absence"):
        for f, h in ff.hits.get(lex, ()):
            if f == "statement" and not in_conclusion(h.start):
                return None  # the statement records what was not done or not there
    outside = "".join(" " if in_conclusion(i) else ch for i, ch in enumerate(text))
    if identifiers(outside, most=1) or _FACT_DIGIT.search(outside):
        return None  # it names a record, an instance, a date or a count
    return found[0].span()


# a sentence that voices an opinion, prescribes, or asks for a document records no independent nonfulfilment
_OPINION_LEXICONS = (
    "preference",
    "benchmark",
    "opinion",
    "prescriptive",
    "documentation_demand",
    "legacy_2008",
    "specific_means",
)


_NOT = re.compile(r"(?i)\b(?:not|no|never|without|none)\b")


@fact(
    "evidenced_nonfulfilment",
    reads=(
        "nonfulfilment_in_evidence",
        "lexicon:client_criteria",
        "lexicon:nonfulfilment",
        "lexicon:absence",
        "evidence_state",
        "guidance_yardstick",
        *(f"lexicon:{lex}" for lex in _OPINION_LEXICONS),
    ),
)
def evidenced_nonfulfilment(ff: FindingFacts) -> bool:
    """Something required was observed not done, apart from any opinion: a nonfulfilment in the evidence
    field, or a statement sentence with identified evidence that records one and voices no opinion, remedy or
    demand for a document."""
    if any(not ff.quoted("evidence", h.start) for f, h in ff.hits.get("nonfulfilment", ()) if f == "evidence"):
        return True  # quoted words are someone else's (a report quoted), not what the auditor found
    if ff.fact["evidence_state"] != "ok":
        return False
    text = ff.finding.statement
    opinion = [h.start for lex in _OPINION_LEXICONS for f, h in ff.hits.get(lex, ()) if f == "statement"]
    if "yardstick" in ff.spans:
        opinion.append(ff.spans["yardstick"][1])
    recorded = [h.start for lex in ("nonfulfilment", "absence") for f, h in ff.hits.get(lex, ()) if f == "statement"]
    # the client's own criterion said not met in its clause ("not among the persons authorised ... in FSP-12")
    recorded += [
        h.start
        for f, h in ff.hits.get("client_criteria", ())
        if f == "statement" and _NOT.search(text[clause_around(text, h.start)[0] : h.start])
    ]
    for start in recorded:  # a colon ends a clause too: "One would expect better control: 4 of 12 ..."
        a, b = clause_around(text, start)
        if not any(a <= s < b for s in opinion):
            return True
    return False


# "the SoA says controls were chosen on the basis of best practice": someone else's words, reported
_REPORTED_CUE = re.compile(
    r"(?i)\b(?:says?|said|states?|stated|reads?|records?|recorded|describes?|described|claims?|claimed|calls?|called|"
    r"refers?\s+to|according\s+to)\b(?:\s+that)?\s+(?:\S+\s+){0,8}$"
)


def _reported(ff: FindingFacts, start: int) -> bool:
    """The words at `start` are in quotation marks, or reported from a document or a person in their clause."""
    if ff.quoted("statement", start):
        return True
    text = ff.finding.statement
    a, _ = clause_around(text, start)
    return _REPORTED_CUE.search(text[a:start]) is not None


def _prescribed(ff: FindingFacts) -> bool:
    """The demanded means stands in a sentence that prescribes a remedy ("should buy a training software")."""
    _, start, _ = ff.spans["means"]
    a, b = clause_around(ff.finding.statement, start, ".;\n")
    return any(a <= h.start < b for f, h in ff.hits.get("prescriptive", ()) if f == "statement")


def _first(ff: FindingFacts, lexicon: str, found: list[Phrase]) -> tuple[int, int] | None:
    """The earliest of the lexicon's unquoted hits in the statement and the phrases the grammar found."""
    spans = [(h.start, h.end) for f, h in ff.hits.get(lexicon, ()) if f == "statement" and not ff.quoted(f, h.start)]
    spans += [(p.start, p.end) for p in found]
    return min(spans) if spans else None


def _said(ff: FindingFacts, name: str, words: str, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    ff.spans[name] = ("statement", span[0], span[1])
    ff.ctx[words] = ff.finding.statement[span[0] : span[1]]
    return True


@fact("prescribes", reads=("finding", "lexicon:prescriptive"))
def prescribes(ff: FindingFacts) -> bool:
    """The statement tells the client what to do (engine/facts/prescription.py, or the prescriptive lexicon).

    An instruction, a modal prescription addressed to the client, or advice said as such."""
    if ff.language:
        return False
    found = prescriptions(ff.finding.statement)
    return _said(ff, "prescription", "prescriptive_words", _first(ff, "prescriptive", found))


@fact("prescribes_specific", reads=("finding", "lexicon:specific_solution"))
def prescribes_specific(ff: FindingFacts) -> bool:
    """The statement prescribes a client-specific solution: a product, tool, kind of system or vendor to adopt."""
    if ff.language:
        return False
    found = specific_solutions(ff.finding.statement)
    return _said(ff, "specific_solution", "specific_solution_words", _first(ff, "specific_solution", found))


@fact("states_cause", reads=("finding", "lexicon:causal"))
def states_cause(ff: FindingFacts) -> bool:
    """The statement says why the nonfulfilment happened (engine/facts/prescription.py, or the causal lexicon).

    A cause before its effect, a consequence after it, or a reason clause."""
    if ff.language:
        return False
    found = causes(ff.finding.statement)
    lexicon = [
        (h.start, h.end)
        for f, h in ff.hits.get("causal", ())
        if f == "statement" and not ff.quoted(f, h.start) and not _about_cause_analysis(ff.finding.statement, h.start)
    ]
    spans = lexicon + [(p.start, p.end) for p in found]
    return _said(ff, "cause", "causal_words", min(spans) if spans else None)


_CAUSE_ANALYSIS = re.compile(r"(?i)(?:the\s+)?(?:root\s+)?cause\s+(?:analysis|analyses|investigation|determination)")


def _about_cause_analysis(text: str, start: int) -> bool:
    """ "root cause analysis was not performed": a finding about cause analysis names no cause."""
    return _CAUSE_ANALYSIS.match(text, start) is not None


# where one recorded nonfulfilment ends and the next may begin: a sentence, a semicolon, a comma or "and" between
# clauses ("training records were missing, gauge G-7 was overdue and complaint C-12 was not answered")
_UNIT_BOUNDARY = re.compile(r"[.;\n]|,\s+(?:and\s+|while\s+|whereas\s+)?|\s+(?:and|while|whereas|also)\s+(?=\w)")
BUNDLE_CONFIDENCE = 0.4  # each part's inferred requirement at least this clear
# unrelated requirements a statement must record as unmet to be a bundle: two are often one control seen from two
# sides (a contractor at work and the risks of the work not assessed), so three, precision first
BUNDLE_MIN = 3
BUNDLE_PARTS = 12  # the parts of a statement placed in the standard, at most
# what else records a nonfulfilment of its own: a negated past participle ("was never answered"), a date passed
_NEGATED = re.compile(
    r"(?i)\b(?:never|not|no\s+longer)\s+(?:been\s+)?(?:\w+ly\s+)?\w+(?:ed|en)\b"
    r"|\bpast\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,2}(?:date|deadline|interval)s?\b"
)


@fact(
    "unmet_requirements",
    values="a count",
    reads=("finding", "tree", "lexicon:nonfulfilment", "lexicon:absence"),
)
def unmet_requirements(ff: FindingFacts) -> int:
    """How many distinct requirements the statement says are unmet (0 when not judged).

    Each part of it that records a nonfulfilment of its own is placed in the standard by the clause inference, and
    the parts that point clearly (score at least BUNDLE_CONFIDENCE) to requirements of different subjects (not
    `related`) are counted. 0 when there is no requirements standard, the text is not English, or no nonfulfilment
    is recorded."""
    std = ff.criteria
    if std is None or not std.is_requirements or ff.language:
        return 0
    text = ff.finding.statement
    starts = sorted(
        {h.start for lex in ("nonfulfilment", "absence") for f, h in ff.hits.get(lex, ()) if f == "statement"}
        | {m.start() for m in _NEGATED.finditer(text)}
    )
    if len(starts) < 2:
        return 1 if starts else 0
    bounds = [0, *(m.end() for m in _UNIT_BOUNDARY.finditer(text)), len(text) + 1]
    parts: list[tuple[int, int]] = []
    for s in starts:
        at = bisect.bisect_right(bounds, s)
        a, b = bounds[at - 1], bounds[at] if at < len(bounds) else len(text)
        if (a, b) not in parts:
            parts.append((a, b))
            if len(parts) >= BUNDLE_PARTS:  # enough to tell a bundle; a long statement is not read part by part
                break
    subjects: list[str] = []
    words: list[str] = []
    for a, b in parts:
        part = text[a:b].strip(" ,.;")
        found = infer_requirements(std, without_purpose(part), k=1)
        if not found or found[0].score < BUNDLE_CONFIDENCE:
            continue
        number = found[0].number
        if not any(related(number, n, std) for n in subjects):
            subjects.append(number)
            words.append(f"{number} {found[0].clause.title}")
    ff.ctx["unmet_requirements"] = "; ".join(words)
    return max(len(subjects), 1)


@fact("bundled", reads=("unmet_requirements",))
def bundled(ff: FindingFacts) -> bool:
    """The statement records nonfulfilments of BUNDLE_MIN or more unrelated requirements in one finding."""
    return int(ff.fact["unmet_requirements"]) >= BUNDLE_MIN
