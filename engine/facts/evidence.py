"""Facts about the objective evidence, read wherever the auditor wrote it: the evidence field or the statement."""

from __future__ import annotations

import re

from engine.facts.catalogue import fact
from engine.facts.context import DIGIT, FindingFacts, clause_around, identifiers
from engine.rulebook.lexicon import ascii_exact

# a clause or standard number is not evidence ("ISO 9001 clause 8.2.3 requires ...")
_REFERENCE = re.compile(
    r"(?i)\b(?:iso|iec|en|bs|as|iatf|ohsas|qs|ts|vda|gb/t|din|nf|fssc)\b[\s/]*\d[\w:.-]*|\b\d+(?:\.\d+)+(?![\d.]*\s*%)\s*(?:\w\))?"
)
# a single record or document named with the definite article: the reader knows where to look
_NAMED_RECORD = re.compile(
    r"(?i)\bthe\s+(?:[\w-]+\s+){0,4}?(?:list|register|log|logbook|minutes|report|plan|matrix|procedure|manual|"
    r"certificate|schedule|spreadsheet|database|checklist|programme|program|policy|contract|specification|drawing|"
    r"work\s+instruction|record\s+of|records\s+of|system|plant|line|machine|press|oven|furnace|boiler|tank|vessel|"
    r"compressor|server|laboratory|warehouse|workshop|kitchen|store|yard|vehicle|forklift|crane|book|folder|binder)\b"
)
_WORD = re.compile(r"\S+")
_EXPLETIVE = re.compile(r"(?i)\s*(?:there|it)\s+(?:is|are|was|were|has\s+been|have\s+been)\b")


_REFERENCE_ASCII = re.compile(_REFERENCE.pattern, re.ASCII)  # the same where exact (ascii_exact), and faster


def _identifying(text: str) -> list[str]:
    # both of _REFERENCE's alternatives need a digit: a text without one has no reference to blank out
    if not DIGIT.search(text):
        return identifiers(text, most=4)
    return identifiers((_REFERENCE_ASCII if ascii_exact(text) else _REFERENCE).sub(" ", text), most=4)


@fact(
    "evidence_state",
    values=("ok", "thin", "hollow", "missing", "hearsay"),
    reads=(
        "finding",
        "lexicon:reported",
        "lexicon:hearsay",
        "lexicon:vague",
        "lexicon:vague_quantity",
        "lexicon:nonfulfilment",
        "lexicon:absence",
    ),
)
def evidence_state(ff: FindingFacts) -> str:
    """How well the finding identifies what the auditor saw, in the evidence field or in the statement itself.

    `ok`: records, documents, dates, places or samples are identified; `thin`: an observed fact is recorded
    but nothing identifies it (which instrument? which records?); `hollow`: the evidence is a vague generality;
    `missing`: nothing observed is recorded at all; `hearsay`: every sentence is what someone said.
    """
    evidence, statement = ff.finding.evidence_text(), ff.finding.statement
    if ff.language:  # not English: not judged (the finding's note says so), never flagged on English patterns
        return "ok"
    # a requirement restated or a clause cited is no evidence of what was seen; nor is "the management system"
    evidence = _without_requirements(evidence)
    statement = _without_requirements(statement)
    ids = _identifying(evidence)
    if len(ids) < 4:  # four are all that is shown: the statement's are looked for only when fewer were found
        ids += _identifying(statement)
    ff.ctx["identifiers"] = ", ".join(ids[:4])
    ff.ctx["evidence_text"] = " ".join((evidence or statement).split())[:120]

    def named() -> bool:  # a record or document named with "the": looked for only where a branch asks
        return any(
            m.group(0).lower().split()[-1] != "system" or not _WHOLE_SYSTEM.search(m.group(0))
            for text in (statement, evidence)
            for m in _NAMED_RECORD.finditer(text)
        )

    if evidence.strip():
        words = len(evidence.split())
        if _second_hand_only(ff, "evidence"):
            if not _observed_apart_from_hearsay(ff):
                return "hearsay"  # nothing the auditor saw or verified
            _thin_span(ff, "statement")
            return "thin"  # the auditor records what was (not) found; the detail is only what was said
        if ids:
            return "ok"
        if ff.has("reported", "evidence") and not named():
            _thin_span(ff, "evidence")
            return "thin"  # what the auditee said, with nothing identified to check it against
        vague = ff.has("vague", "evidence") or ff.has("vague_quantity", "evidence")
        if words < 8 and vague:
            _thin_span(ff, "evidence")
            return "hollow"
        if (words < 8 or vague) and not named():
            _thin_span(ff, "evidence")
            return "thin"
        return "ok"
    if _second_hand_only(ff, "statement"):
        return "hearsay"
    if ids or named():
        return "ok"  # the evidence is written in the statement, as most reports do
    if ff.has("absence", "statement"):
        return "ok"  # a whole process absent: the absence is what was seen, there is no item to identify
    observed = (
        ff.has("nonfulfilment", "statement")
        or ff.has("absence", "statement")
        or any(ch.isdigit() for ch in _REFERENCE.sub(" ", statement))
    )
    _thin_span(ff, "statement")
    return "thin" if observed else "missing"


# a sentence that states what is required (the standard, a clause, a procedure's "shall"), not what was seen
_REQUIREMENT_SENTENCE = re.compile(
    r"(?i)\b(?:shall|requires?|required\s+(?:by|to|that)|requirements?\s+(?:of|is|are)|the\s+standard|"
    r"(?:clause|section|cl\.?)\s*\d|iso(?:/iec)?\s*\d{3,5}|according\s+to\s+(?:clause|the\s+standard))"
)
# "the quality management system", "the system" as a whole: no record, place or thing that was seen
_WHOLE_SYSTEM = re.compile(
    r"(?i)\bthe\s+(?:(?:quality|environmental|energy|oh&s|ohs|h&s|health\s+and\s+safety|information\s+security|"
    r"food\s+safety|integrated|business|whole|entire|overall)\s+)*(?:management\s+)?system\b"
)


def _without_requirements(text: str) -> str:
    """The text without its sentences that only state a requirement: a clause cited or the requirement quoted
    back, identifying nothing that was seen (same length: offsets elsewhere are unchanged)."""
    if not text or not _REQUIREMENT_SENTENCE.search(text):
        return text
    out = list(text)
    for m in _SENTENCES.finditer(text):
        sentence = m.group(0)
        if _REQUIREMENT_SENTENCE.search(sentence) and not _identifying(sentence):
            a, b = m.span()
            out[a:b] = " " * (b - a)
    return "".join(out)


# ---- hearsay: a second-hand report, not the responsible person's own account -----------------------------------

_SENTENCES = re.compile(r"[^.;\n]+")
# a source at one remove: someone other than the person responsible, unnamed, or a report of a report. A person
# named as a source (a colleague, a driver, a visitor, someone) makes a sentence hearsay only when the sentence
# reports what they said: "two forklift drivers have not received the training" is an observation about them
_SOURCE = (
    r"(?:\b(?:a|another|one\s+of\s+the|some|other|several|two|three|the)\s+(?:[\w-]+\s+)?(?:colleagues?|co-?workers?|"
    r"employees?\s+from\s+another|members?\s+of\s+staff\s+from|visitors?|drivers?|former\s+employees?|neighbou?rs?|"
    r"passers-?by)\b|\bsomeone\b|\bsomebody\b)"
)
# a group spoken of in the bare plural as the speaker ("operators said", "shift operators said", "staff in the
# warehouse told us"): what is said around the site, no one person's account of their own work; not a counted or
# named group interviewed ("two operators could not say", "the operators explained")
_GROUP_SAID = (
    r"(?:^\s*|[;:,]\s*|\b(?:and|but|while|whereas)\s+)"
    r"(?:(?!(?:the|a|an|two|three|four|five|several|both|all|our|these|those|its|their)\b)[\w-]+\s+)?"
    r"(?:operators|staff|workers|employees|operatives|technicians|contractors)\b(?:\s+[\w-]+){0,4}?\s+"
    r"(?:said|told|mentioned|claimed|stated|remarked|commented|reported|complained|alleged|suggested)\b"
)
_SPEECH = (
    r"\b(?:said|says|say|told|tells|mentioned|mentions|remarked|commented|claimed|claims|reported|stated|states|"
    r"indicated|complained|alleged|suggested|according\s+to)\b"
)
_SECOND_HAND = re.compile(
    rf"(?i){_SOURCE}[^.;\n]*?{_SPEECH}|{_SPEECH}[^.;\n]*?{_SOURCE}|\baccording\s+to\s+{_SOURCE}|{_GROUP_SAID}|"
    r"\b(?:heard|learned|learnt|understood)\s+(?:from|that)\b|\brumou?r|"
    r"\bword\s+of\s+mouth\b|\bit\s+is\s+(?:said|rumou?red|understood|believed)\b|\breportedly\b|\ballegedly\b|"
    # a report of a report: what a person says others said or complained of ("the guard stated residents complained")
    r"\b(?:said|told\s+\w+|mentioned|stated)\s+(?:that\s+)?(?:[\w'-]+\s+){0,5}(?:had\s+)?(?:said|told|mentioned|heard|"
    r"complained|claimed|alleged)\b|"
    r"\b(?:remarked|commented|gossip\w*|hinted)\b|"
    # a suspicion or belief reported: what a person suspects of others' work is no account of their own
    r"\b(?:said|says|stated|told\s+\w+|mentioned|reported|indicated)\s+(?:that\s+)?(?:he|she|they|I|we)\s+"
    r"(?:suspect\w*|think\w*|thought|believ\w*|doubt\w*|guess\w*|assum\w*|fear\w*)\b"
)
# a first-hand account: a confirmation, admission or acknowledgement the auditor obtained, or a person speaking of
# their own work ("the maintenance planner told us she had not scheduled ..."): what the auditee says of what they
# themselves did or did not do is interview evidence, not hearsay; what they say of others' work or of things is
# a report to verify
_FIRST_HAND = re.compile(
    r"(?i)\b(?:confirmed|admitted|acknowledged|conceded|agreed|accepted)\b"
    r"|\b(?:said|says|stated|states|explained|told\s+(?:us|me|the\s+(?:audit\s+)?team|the\s+auditors?)|indicated|"
    r"declared|reported|informed\s+(?:us|me|the\s+(?:audit\s+)?team)|mentioned)\s+(?:that\s+)?(?:he|she|I|we|they)\s+"
    r"(?:(?:\w+\s+){0,2}?(?:had|has|have|did|does|do|was|were|is|are|could|would|never|not)\b"
    # or a finite verb of their own practice ("the clerk said she releases orders before inspection")
    r"|(?:(?:usually|always|often|sometimes|normally|routinely|occasionally|generally|typically|also|still|"
    r"only|simply|just)\s+)?[a-z]+(?:[^s\W]s|ed)\b)"
)


SECOND_HAND_PATTERN = _SECOND_HAND  # for other facts: a report at one remove


def second_hand(sentence: str) -> bool:
    """Whether a sentence reports what someone said at one remove (a colleague's remark, a rumour, a report of a
    report, what someone says of others' work), rather than a person's account of their own work or a confirmation
    the auditor obtained."""
    return bool(_SECOND_HAND.search(sentence)) or not _FIRST_HAND.search(sentence)


def _second_hand_only(ff: FindingFacts, fld: str) -> bool:
    """Every sentence of the field is a report of what someone said (the hearsay lexicon, or a second-hand
    source), and none is a person's account of their own work or a confirmation the auditor obtained."""
    text = ff.text(fld)
    starts = [h.start for f, h in ff.hits.get("hearsay", ()) if f == fld]
    sentences = [m for m in _SENTENCES.finditer(text) if m.group(0).strip()]
    if not sentences:
        return False
    for m in sentences:
        a, b = m.span()
        said = any(a <= x < b for x in starts) or _SECOND_HAND.search(m.group(0)) is not None
        if not said or not second_hand(m.group(0)):
            return False
    # the words that make it hearsay: the first reporting phrase of the lexicon or second-hand source
    found = [(h.start, h.end) for f, h in ff.hits.get("hearsay", ()) if f == fld]
    found += [m.span() for m in _SECOND_HAND.finditer(text)]
    a, b = min(found)
    ff.spans["hearsay"] = (fld, a, b)
    ff.ctx["hearsay_words"] = text[a:b].strip()
    return True


# ---- the only basis a remark or an inference, and the finding says the fact was not seen ------------------------

# an attribution after the content it attributes: ", according to ...", "(comment made by ...", ", as ... said"
_TRAILING = re.compile(r"(?:[,(\-–—]|\bas)\s*$", re.IGNORECASE)
_MARKERS = ("hearsay", "second_hand", "remark", "speculation", "inference")


def _hits_in(ff: FindingFacts, lexicons: tuple[str, ...], fld: str, a: int, b: int) -> list[tuple[int, int]]:
    """The spans of the lexicons' hits in `fld` between offsets a and b."""
    return [(h.start, h.end) for lex in lexicons for f, h in ff.hits.get(lex, ()) if f == fld and a <= h.start < b]


def _basis_sentences(ff: FindingFacts) -> list[tuple[str, int, int, str]] | None:
    """Each sentence of the finding classed by what it rests on: `said` (a report at one remove, a hedge or an
    inference), `unverified` (the audit's own check not made), `own` (the writer's plain sentence naming nothing
    identified). None when a sentence shows the auditor saw something: an identified record, item or place of the
    writer's own (before any speech word: what follows it is the remark's content), or a person's account of their
    own work or a confirmation the auditor obtained (interview evidence)."""
    out: list[tuple[str, int, int, str]] = []
    for fld in ("statement", "evidence"):
        text = ff.text(fld)
        for m in _SENTENCES.finditer(text):
            sentence = m.group(0)
            if not sentence.strip():
                continue
            a, b = m.span()
            unverified = _hits_in(ff, ("unverified",), fld, a, b)
            markers = [
                (x, y)
                for x, y in _hits_in(ff, _MARKERS, fld, a, b)
                if not any(u <= x < v for u, v in unverified)  # "could not be verified" is no report
            ]
            markers += [(a + s.start(), a + s.end()) for s in _SECOND_HAND.finditer(sentence)]
            if markers:
                if _FIRST_HAND.search(sentence) and not _SECOND_HAND.search(sentence):
                    return None  # a confirmation obtained or a person's account of their own work
                first = min(x for x, _ in markers)
                hedged_only = not _hits_in(ff, ("hearsay", "second_hand", "remark"), fld, a, b) and not any(
                    True for _ in _SECOND_HAND.finditer(sentence)
                )
                # a guess naming an identified item is grounded; a remark's content identifies nothing seen: what
                # stands before the speech word may be a record that "states", unless the attribution trails the
                # content (", according to a fitter", "(comment made by ...)", "as a driver said")
                before = text[a:first]
                if not hedged_only and _TRAILING.search(before):
                    before = ""
                if identifiers(_REFERENCE.sub(" ", sentence if hedged_only else before), most=1):
                    return None
                out.append(("said", a, b, fld))
            elif unverified:
                out.append(("unverified", a, b, fld))
            elif _IN_ORDER.search(sentence):
                out.append(("contradicted", a, b, fld))  # the record or item checked shows it in order
            elif _SILENT.search(sentence):
                out.append(("silent", a, b, fld))  # the record checked holds none of what was reported
            elif _FIRST_HAND.search(sentence) or identifiers(_REFERENCE.sub(" ", sentence), most=1):
                return None  # an account of one's own work, or the auditor's own identified observation
            else:
                out.append(("own", a, b, fld))
    return out


@fact(
    "unverified_basis",
    reads=(
        "finding",
        "evidence_state",
        "lexicon:hearsay",
        "lexicon:second_hand",
        "lexicon:remark",
        "lexicon:speculation",
        "lexicon:inference",
        "lexicon:unverified",
        "lexicon:nonfulfilment",
        "lexicon:absence",
    ),
)
def unverified_basis(ff: FindingFacts) -> bool:
    """The finding's only basis is a report at one remove or an inference, with nothing the auditor saw.

    Principle (17021-1 9.4.4, 9.4.5.3): information becomes audit evidence only once verified. Either the finding
    says the fact was not seen ("not observed", "records were not sampled": `_unverified_basis`), or it records
    nothing observed at all (evidence `missing`) and its lack is only reported or concluded (`_inferred_only`):
    then it is withdrawn, not sent back for its evidence. Read by EV02 (EV07 where the suspicion is its own)."""
    if ff.language or ff.fact.get("evidence_state") == "hearsay":
        return False
    if _unverified_basis(ff):
        return True
    return ff.fact.get("evidence_state") == "missing" and _inferred_only(ff)


def _unverified_basis(ff: FindingFacts) -> bool:
    """The finding rests only on a report at one remove or an inference, and says the auditor did not verify it.

    Principle (17021-1 9.4.4, 9.4.5.3): information becomes audit evidence only once verified. A finding whose only
    basis is what someone other than the responsible person said ("comment made by an operator", "stated by a
    technician", "is understood to", "reportedly") or the writer's inference ("likely", "it appears", "therefore"),
    and which itself records that the fact was not seen ("not observed", "records were not sampled", "no log
    examined"), has no objective evidence, whatever plain sentence states the claim. A record, item or place of the
    auditor's own identified, a confirmation obtained or the responsible person's own account keeps it."""
    classes = _basis_sentences(ff)
    if not classes:
        return False
    kinds = {k for k, *_ in classes}
    if not ({"said", "unverified"} <= kinds or _contradicted_report(ff, classes)):
        return False
    _mark_hearsay(ff, classes)
    return True


# the auditor's own check found the record or item in order: "the records for May were complete", "the baler
# inspected had its guard in place", "all entries were signed"
_IN_ORDER = re.compile(
    r"(?i)\b(?:(?:was|were|is|are|had\s+been|have\s+been|found)\s+(?:all\s+|fully\s+|also\s+)?(?:complete|"
    r"completed\s+in\s+full|in\s+place|in\s+order|intact|up\s+to\s+date|fitted)\b|"
    # every entry signed is the record in order; one record "was signed at 11:40" says when, not that it is in order
    r"\ball\s+(?:[\w-]+\s+){0,3}?(?:were|are|had\s+been|have\s+been)\s+signed(?:\s+off)?\b(?!\s+(?:at|after|late|on))|"
    r"\b(?:was|were)\s+found\s+(?:to\s+be\s+)?(?:full|stocked|working|in\s+working\s+order|correct|compliant)\b|"
    r"\ball\s+(?:[\w-]+\s+){0,5}?(?:within\s+(?:the\s+)?(?:limits?|tolerances?|specification)|conforming|compliant)\b|"
    r"\bhad\s+(?:its|their|a|the)\s+(?:[\w-]+\s+){0,3}?in\s+place\b|\b(?:showed|shows|confirmed|confirms)\s+"
    r"(?:that\s+)?(?:it|they|the\s+[\w-]+)\s+(?:was|were|is|are)\s+(?:done|carried\s+out|performed|completed)\b)"
)
# the record checked holds none of the things reported ("no complaints appear in the log", "the register lists no
# noise complaints"); not a record of an act found absent ("no records", "no entries": those show a lack)
_SILENT = re.compile(
    r"(?i)\bno\s+(?!(?:records?|entr(?:y|ies)|evidence|signatures?|documents?|documentation|data|results?)\b)"
    r"(?:[\w-]+\s+){0,2}?(?:appears?|appeared|(?:is|are|was|were)\s+(?:recorded|logged|listed|entered|registered|"
    r"shown|found|seen))\s+(?:in|on)\b|\b(?:log|register|records?|file|database)\s+(?:(?:for|of)\s+[\w-]+\s+)?"
    r"(?:shows?|showed|holds?|held|contains?|contained|lists?|listed)\s+no\s+(?!(?:records?|entr\w+|evidence)\b)"
)
_NEGATION = re.compile(r"(?i)\b(?:not|never|no|none|without|n't)\b|n't\b")


def _contradicted_report(ff: FindingFacts, classes: list[tuple[str, int, int, str]]) -> bool:
    """A report at one remove is the only support, and what the auditor checked contradicts it or is silent.

    Principle (17021-1 9.4.4, 9.4.5.3): a claim whose only support is what someone said is objective evidence only
    once verified. Where the record or item the auditor checked shows the matter in order ("the records were
    complete", "the baler inspected had its guard in place"), or holds none of what was reported happening ("a
    contractor mentioned complaints; no complaints appear in the log": silent only against a report of something
    that happened, never against a reported lack, which a record holding nothing confirms), nothing seen supports
    the claim. A record identified that shows it, or the responsible person's own account, keeps the finding
    (`_basis_sentences` answers None for those)."""
    kinds = {k for k, *_ in classes}
    if "said" not in kinds or not kinds & {"contradicted", "silent"}:
        return False
    if "contradicted" in kinds:
        return True
    said = [ff.text(fld)[a:b] for k, a, b, fld in classes if k == "said"]
    return not any(_NEGATION.search(x) for x in said)


def _inferred_only(ff: FindingFacts) -> bool:
    """Nothing observed is recorded (no record, item, count or lack seen), and a sentence of the finding is a
    report at one remove or an inference: the lack itself is only reported or concluded, not evidence missing
    detail (the finding is then withdrawn, not sent back for its evidence). The lack must be the inferred or
    reported one: a lack the writer states plainly in a sentence of their own is a claim wanting its evidence
    (EV01), and a bare remark word ("mentioned") beside it is context; only an inference or hedge ("likely",
    "therefore", "it appears") or a report at one remove ("is understood to", "reportedly") makes the basis."""
    classes = _basis_sentences(ff)
    if not classes:
        return False
    strong = False
    for kind, a, b, fld in classes:
        if kind == "own" and _hits_in(ff, ("nonfulfilment", "absence"), fld, a, b):
            return False  # the writer's own plain statement of a lack
        if kind == "said":
            strong = strong or bool(
                _hits_in(ff, ("speculation", "inference", "second_hand"), fld, a, b)
                or _SECOND_HAND.search(ff.text(fld)[a:b])
            )
    if not strong:
        return False
    _mark_hearsay(ff, classes)
    return True


def _mark_hearsay(ff: FindingFacts, classes: list[tuple[str, int, int, str]]) -> None:
    """Mark the first report or inference as the words that make the finding hearsay."""
    kind, a, b, fld = next(c for c in classes if c[0] == "said")
    text = ff.text(fld)
    spans = [(x, y) for x, y in _hits_in(ff, _MARKERS, fld, a, b)]
    spans += [(a + s.start(), a + s.end()) for s in _SECOND_HAND.finditer(text[a:b])]
    x, y = min(spans) if spans else (a, b)
    ff.spans["hearsay"] = (fld, x, y)
    ff.ctx["hearsay_words"] = text[x:y].strip()


# the auditor records their own search: looked for the evidence and did not find it
_SEARCHED = re.compile(
    r"(?i)\b(?:no\s+(?:audit\s+|objective\s+|documented\s+|recorded\s+)?evidence\s+(?:was\s+|could\s+be\s+)?"
    r"(?:that|of|to|found|seen|available|provided|presented)|could\s+not\s+(?:be\s+)?(?:demonstrat|show|provid|produc|"
    r"find|found|locat|retriev)\w*|(?:was|were)\s+not\s+(?:available|provided|produced|presented)\s+(?:to|for|during|at)"
    r"\s+(?:the\s+)?audit|unable\s+to\s+(?:demonstrate|show|provide|produce|locate|retrieve))"
)


def _observed_apart_from_hearsay(ff: FindingFacts) -> bool:
    """The statement records the auditor's own search (the evidence was looked for and not found), which is an
    observation even when the only detail given is what someone said."""
    return bool(_SEARCHED.search(ff.finding.statement))


def _thin_span(ff: FindingFacts, fld: str) -> None:
    """Mark the words that need identifying: the subject of the first sentence recording the nonfulfilment."""
    text = ff.text(fld)
    hit = ff.first_hit("vague_quantity", (fld,)) or ff.first_hit("nonfulfilment", (fld,))
    if hit is not None and hit[1].lexicon == "vague_quantity":
        ff.spans["evidence_gap"] = (fld, hit[1].start, hit[1].end)
        return
    if hit is not None:
        start, _ = clause_around(text, hit[1].start)
        head = text[start : hit[1].start]
        lead = _EXPLETIVE.match(head)  # "There is no ...": the words to identify follow the cue
        words = list(_WORD.finditer(head, lead.end() if lead else 0))
        if words:
            first = words[max(0, len(words) - 8)]
            ff.spans["evidence_gap"] = (fld, start + first.start(), start + words[-1].end())
            return
        ff.spans["evidence_gap"] = (fld, hit[1].start, hit[1].end)
        return
    stripped = text.strip()
    if stripped:
        indent = len(text) - len(text.lstrip())
        ff.spans["evidence_gap"] = (fld, indent, indent + len(stripped))


# ---- the finding's own words undermining it ------------------------------------------------------------------

# what was recorded missing turned up: produced, shown or found later (the nonfulfilment may not stand)
_REBUTTAL = re.compile(
    r"(?i)\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:subsequently\s+|later\s+|eventually\s+|then\s+|since\s+)?"
    r"(?:produced|provided|presented|shown|found|located|retrieved|submitted|sent|made\s+available|supplied|"
    r"demonstrated)\s+(?:[\w-]+\s+){0,5}?(?:later|afterwards|subsequently|the\s+(?:next|following)\s+(?:day|morning|"
    r"afternoon)|after\s+the\s+(?:audit|closing\s+meeting|interview|visit)|on\s+(?:the\s+)?(?:second|third|last|final)"
    r"\s+day|before\s+the\s+closing\s+meeting)\b"
    r"|\b(?:subsequently|later|afterwards)\s+(?:produced|provided|presented|shown|found|located|retrieved)\b"
)
# the auditor's assumption, not an observation
_ASSUMED = re.compile(
    r"(?i)\b(?:the\s+)?(?:auditor|audit\s+team|team|we|I)\s+(?:assumed|assumes|assume|presumed|presume|suspect|suspects|"
    r"suspected|guessed|supposed|inferred|concluded\s+without)\b"
    r"|\bit\s+(?:is|was)\s+(?:assumed|presumed|suspected|supposed)\s+that\b|\bpresumably\b|\bprobably\b"
    r"|\bassum(?:ing|ption)\s+(?:that|is)\b"
)
# a check the auditor has not yet made
_PENDING = re.compile(
    r"(?i)\b(?:to\s+be|yet\s+to\s+be|still\s+to\s+be|will\s+be)\s+(?:verified|confirmed|checked|reviewed|seen)\s+"
    r"(?:at|during|in|on)\s+(?:the\s+)?(?:next|following|stage\s*2|follow-?up|subsequent)\b"
    r"|(?<![\w-])TBC(?![\w-])|\bto\s+be\s+confirmed\b|\bpending\s+(?:verification|confirmation)\b"
    r"|\b(?:the\s+)?(?:auditor|audit\s+team|we)\s+(?:has|have|had|did|could)\s+not\s+(?:yet\s+)?(?:verified|verify|"
    r"confirmed|confirm|checked|check|seen|see|sampled|sample)\b"
    r"|\bnot\s+yet\s+(?:verified|confirmed|checked)\s+by\s+the\s+(?:auditor|audit\s+team)\b"
)
_UNDERMINING = (
    (_REBUTTAL, "what was recorded as missing was produced or found after all"),
    (_ASSUMED, "the finding rests on an assumption, not on what was observed"),
    (_PENDING, "a check the finding depends on was not yet made"),
)


@fact("undermined", reads=("finding",))
def undermined(ff: FindingFacts) -> bool:
    """The finding's own words undermine its evidence (a record produced later, an assumption, a check not made).

    What was recorded missing was produced later, the auditor assumed rather than observed, or a check it depends on
    was not yet made. Quoted words are someone else's."""
    if ff.language:
        return False
    for pattern, reason in _UNDERMINING:
        for fld in ("statement", "evidence"):
            for m in pattern.finditer(ff.text(fld)):
                if ff.quoted(fld, m.start()):
                    continue
                ff.spans["undermining"] = (fld, m.start(), m.end())
                ff.ctx["undermining_words"] = m.group(0)
                ff.ctx["undermining_reason"] = reason
                return True
    return False
