"""Reading a finding: what it says is lacking or wrong, what it asks for, what it observed, and what it says about
the audit itself.

A finding's statement and evidence are cut into clauses (sentences, and their parts joined by "but", "however",
"whereas", a semicolon or a colon). Each clause is one of:
- `demand`: it asks for or prescribes something, in any mood: a modal ("must", "should", "shall have", "needs
  to", "is expected to", "is advised to", "it is recommended that"), an imperative ("replace ...", "kindly
  ensure ...", "introduce ..."), or a rule stated flatly with a unit ("no spare gauge is kept for each gauge
  type": a lack stated of every member of a class);
- `lacking`: it records something as not done, not there or not as it should be ("was not", "no record",
  "missing", "overdue", "without approval", or a manner used "instead of" another: "held once a year instead of
  twice");
- `observed`: anything else: what was seen (the evidence, wherever it is written);
- `unread`: written mostly in a script this reader does not read: it may record a lack, so nothing is decided
  against the finding while it stands unread.
Words about the audit itself ("during the audit", "the auditor", "when interviewed", "a sample of") are blanked
out before any of this, so they never name what is demanded or lacking; "internal audit" is a subject and stays.
A lack may deny the act ("the review was not held") or only a manner of it ("the review is not held every six
months", "the policy is not signed by the director", "the driver does not hold a certificate"): `manner_of` reads
which by grammar (a negated verb and a modifier of an aspect: frequency, format, medium, method, responsibility,
competence, content), for the grounding to decide against the clause tree.
The `reading` fact keeps the result on the finding's context for the grounding fact to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, identifiers

# the audit itself: its events, people and sampling (never the subject of a finding)
AUDIT_TALK = re.compile(
    r"""(?ix)
      \b(?:during|at|in|throughout|before|after|on\s+the\s+day\s+of|at\s+the\s+time\s+of)\s+(?:the|this|our|today's)\s+
        (?!internal\b|supplier\b|second\b|process\b|product\b|system\b|customer\b|layered\b|energy\b|compliance\b)
        (?:(?:on-?site|remote|stage\s*[12]|surveillance|certification|recertification|current|present)\s+)?
        (?:audit|assessment|visit|interviews?|site\s+tour|walk[- ]?(?:round|through|about)|opening\s+meeting|
           closing\s+meeting|audit\s+trail)\b
    | \b(?:the|this|our)\s+(?:lead\s+|audit\s+)?(?:auditors?|audit\s+team|assessors?)(?:'s?)?\b
    | \b(?:to|for|with|by)\s+the\s+(?:audit\s+team|auditors?|assessors?)\b
    | \b(?:when|upon\s+being|on\s+being|while\s+being)\s+(?:asked|interviewed|questioned)\b
    | \b(?:was|were|is|are)\s+(?:interviewed|sampled|questioned)\b
    | \b(?:(?:in|from|within)\s+)?(?:a|the)\s+(?:random\s+)?sample\s+of\b
    | \b(?:interviews?|discussions?)\s+with\b
    | \bthe\s+auditees?\b
    | \b(?:it\s+was|we)\s+(?:noted|observed|found|seen|verified|confirmed)\s+(?:that\s+)?
    | \b(?:objective\s+)?evidence\s*:
    """
)
_ABBREVIATION = re.compile(r"(?i)\b(?:e\.g|i\.e|etc|no|nr|ref|rev|cl|approx|incl|vs|min|max)\.|\d\.\d")
# a clause ends at a full stop, semicolon, line break, colon (not "10:30") and before "but", "however", "whereas"
_SENTENCE_END = re.compile(r"[.;!?\n。；！？]|:(?!\d)")
_CLAUSE_END = re.compile(
    r"[.;!?\n。；！？]|:(?!\d)|,?\s+(?=\b(?:but|however|whereas|although|though|while\s+the)\b)|"
    r",\s+(?:and|yet|while|which|as)\s+",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"""(?ix)\b(?:
        must|should|shall|ought\s+to|needs?\s+to|has\s+to|have\s+to|had\s+better
      | (?:is|are|was|were)\s+(?:expected|required|advised|recommended|encouraged|requested|asked|obliged)\s+to
      | (?:is|are)\s+to\s+(?!be\s+(?:found|seen|noted|observed)\b)
      | (?<!the\s)(?<!their\s)(?<!its\s)(?<!s'\s)needs?\s+(?=(?:daily|weekly|monthly|quarterly|annual|yearly|hourly|
          more\s+frequent)\b)
      | (?:is|are)\s+(?:expected|required)\s+(?=(?:every|each|daily|weekly|monthly|quarterly|annually|yearly|hourly|
          at\s+least|at\s+\d|twice|once)\b)
      | (?<!as\s)(?:is|are)\s+(?:required|mandatory)\b(?!\s+(?:by|in|under|per)\b)
      | (?<!as\s)(?:is|are)\s+(?:necessary|needed|essential)\b(?!\s+(?:by|under|per)\b)
      | it\s+is\s+(?:expected|recommended|advised|advisable|necessary|essential|mandatory|important|suggested)\s+that
      | (?:we|i)\s+(?:would\s+)?(?:recommend|suggest|advise|expect)
    )\b"""
)
_COURTESY = (
    r"(?:(?:kindly|please|you\s+should|the\s+(?:organi[sz]ation|company|client)\s+(?:is\s+advised|should)\s+to)\s+)?"
)
_IMPERATIVE = re.compile(
    r"(?ix)^\s*(?:[-*•]\s*|\d+[.)]\s*)?"
    + _COURTESY
    + r"""(?:
        ensure|make\s+sure|replace|introduce|implement|establish|provide|define|develop|create|consider|update|
        install|use|keep|maintain|include|add|display|post|hang|put|conduct|carry\s+out|document|record|train|
        retrain|perform|set\s+up|prepare|revise|improve|adopt|designate|appoint|buy|purchase|prepare|extend|
        increase|reduce|change|move|switch|convert|formalise|formalize|standardise|standardize|label|sign|attach
    )\b(?!-)"""  # never the first half of a hyphenated word: "Post-incident review", "Record-keeping"
)
# after a word that is a verb or a noun ("purchase", "record", "document"), a finite verb within a few words says it
# was the noun ("purchase orders PO-991 were placed ..."); "ensure" governs a clause of its own and stays
_NOUN_NOT_VERB = re.compile(r"(?i)(?:\s+[\w'()/-]+){0,6}?\s+(?:is|are|was|were|has|have|had|does|did|do)\b")
_ENSURE = re.compile(r"(?i)ensure|make\s+sure")
# a lack stated of every member of a class: the auditor's own rule, in the indicative
_UNIT = re.compile(
    r"(?i)\b(?:for|per|at|in|on|of)\s+(?:each|every|all)\b|\b(?:each|every)\s+(?:single\s+)?\w+"
    r"|\ball\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?!the\b)[a-z]\w+"
)
# the words of a lack, as a set (a set lookup per word is far cheaper than a long alternation), and the few cues of
# more than one word or of a family of forms as a short pattern
LACK_WORDS = frozenset(
    """
    not never no none nor without missing lack lacks lacked lacking absent overdue expired lapsed cannot unable
    failed fails omitted incomplete blank superseded obsolete uncontrolled unapproved unsigned uncalibrated
    untrained unqualified unverified exceeded exceeds exceeding outside beyond empty outdated inaccurate incorrect
    wrong wrongly erroneous broken damaged faulty defective leaking leaked illegible unreadable invalid inadequate
    insufficient ineffective inconsistent late delayed unlabelled unlabeled unidentified unmarked contaminated unsafe
    blocked obstructed unauthorised unauthorized undocumented unrecorded unresolved
    """.split()  # noqa: SIM905 - a word list reads best as words
)
_LACK_PHRASE = re.compile(
    r"(?i)n't\b|\bout[\s-]of[\s-](?:date|calibration|tolerance|specification|service|order|stock)\b|\bcontradict|\bmismatch"
    r"|\b(?:after|past|beyond)\s+(?:its|their|the)\s+(?:\w+\s+){0,2}(?:due|expiry|review|validity)\s+dates?\b"
)
_LOWER_WORD = re.compile(r"[a-z]+")


class _Lack:
    """`search(text)`: the first cue of a lack in the text (a word of LACK_WORDS or a phrase), or None."""

    @staticmethod
    def search(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        text = text[: len(text) if endpos is None else endpos]
        lower = text.lower()
        words = (m for m in _LOWER_WORD.finditer(lower, pos) if m.group(0) in LACK_WORDS)
        first = next(words, None)
        phrase = _LACK_PHRASE.search(text, pos, first.start() if first is not None else len(text))
        return phrase or first

    @staticmethod
    def finditer(text: str, pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
        text = text[: len(text) if endpos is None else endpos]
        found = [m for m in _LOWER_WORD.finditer(text.lower(), pos) if m.group(0) in LACK_WORDS]
        found += list(_LACK_PHRASE.finditer(text, pos))
        return sorted(found, key=lambda m: m.start())


_LACK = _Lack()
# "should have been ... not": a lack in the modal mood ("records that should have been kept were not")
_PAST_MODAL = re.compile(r"(?i)\b(?:should|must|ought\s+to)\s+have\b")


# "consultation requires the committee to meet monthly", "the standard requires each supplier to be audited": a rule
# stated as what a requirement (or the topic) asks, in the indicative; its subject is no document or party of the
# client's, a customer's or the law's (those report a rule: the client's own, judged by the grounding as such)
_REQUIRES_TO = re.compile(
    r"(?i)\b(?:requires?|demands?|mandates?|obliges?)\s+(?:that\s+)?(?:[\w&'-]+\s+){1,4}?to\s+(?:be\s+)?\w+"
)
_RULE_OWNER = re.compile(
    r"(?i)\b(?:procedure|policy|plan|programme|program|instruction|manual|sop|contract|specification|spec|"
    r"customer|client|company|organi[sz]ation|permit|licen[cs]e|law|act|regulations?|directive|legislation|"
    r"schedule|document|form|checklist|standard\s+operating|agreement|order|drawing|code\s+of\s+practice)\b"
)


@dataclass(frozen=True, slots=True)
class Part:
    """One clause of the finding, read."""

    field: str  # statement | evidence
    start: int
    end: int
    text: str  # with the audit talk blanked out
    kind: str  # demand | lacking | observed
    asked: str  # demand: the words after the modal or imperative; lacking: the clause; observed: the clause
    universal: bool  # it speaks of each or every member of a class ("every work instruction", "for each gauge")
    identified: bool  # it names a record, a date, a place or a count (what lets a reader find the evidence)
    sentence: int = 0  # the sentence it stands in (its field's sentences counted from the statement's first)
    mood: str = ""  # a demand's: modal | imperative | opinion
    anaphoric: bool = False  # a lack of what an earlier clause named ("... and course TC-14 had none")


@dataclass(frozen=True, slots=True)
class Reading:
    parts: tuple[Part, ...]
    audit_talk: tuple[tuple[str, int, int], ...]  # (field, start, end) of each blanked phrase

    @property
    def demands(self) -> list[Part]:
        return [p for p in self.parts if p.kind == "demand"]

    @property
    def lacking(self) -> list[Part]:
        return [p for p in self.parts if p.kind == "lacking"]


# every alternative of AUDIT_TALK holds one of these: a text with none skips the pattern
_AUDIT_CUES = (
    "audit", "assess", "interview", "sampl", "question", "asked", "discussion", "noted", "observed", "found", "seen",
    "verified", "confirmed", "evidence", "visit", "tour", "walk", "meeting",
)  # fmt: skip


@lru_cache(maxsize=4096)
def without_audit_talk(text: str) -> str:
    """The text with its words about the audit itself blanked (same length, so offsets hold)."""
    if not text or not any(c in text.lower() for c in _AUDIT_CUES):
        return text
    return AUDIT_TALK.sub(lambda m: " " * len(m.group(0)), text)


def _clauses(text: str) -> list[tuple[int, int, int]]:
    """(start, end, sentence) of each clause."""
    masked = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "_"), text)
    out, start, sentence = [], 0, 0
    for m in _CLAUSE_END.finditer(masked):
        if m.start() > start:
            out.append((start, m.start(), sentence))
        start = m.end()
        if _SENTENCE_END.match(m.group(0)):
            sentence += 1
    if start < len(text):
        out.append((start, len(text), sentence))
    return [(a, b, n) for a, b, n in out if text[a:b].strip(" ,-")]


# a lack of what an earlier clause named: "... had none", "... without one", "neither was done"
_ANAPHORIC = re.compile(
    r"(?i)\b(?:had|has|have|with|showed|shows)\s+(?:none|no\s+such\b|not\s+one)|\bnone\b|\bwithout\s+(?:it|one|them|this|that)\b"
    r"|\b(?:it|this|that|they|these|neither)\s+(?:was|were|is|are|had|has|have)\s+not\b|\bneither\b|\bnor\b"
    r"|\b(?:could|did|do|does|can|would|were|was|had|has|have|is|are)\s*(?:not|n't)\s*\W*$"
)


# a defect denied is completeness, no lack: "the log has no gaps", "records complete, without exception"
_NO_DEFECT = re.compile(
    r"(?i)\b(?:no|without|nil)\s+(?:gaps?|omissions?|exceptions?|interruptions?|missed\s+(?:dates?|entries|checks?)|"
    # a relation an analysis found absent is its result, no lack: "the energy review found no correlation between gas
    # use and production" (a correlation analysis not done is one: "no correlation analysis")
    r"(?:significant\s+)?(?:correlations?|relationships?|dependences?)(?!\s+(?:analys|stud|check|test|assessment)))\b"
)


def without_denied_defects(text: str) -> str:
    """The text with each defect it denies blanked ("the log has no gaps": completeness, not a lack); same length."""
    lower = text.lower()
    if "no" not in lower and "without" not in lower and "nil" not in lower:
        return text
    return _NO_DEFECT.sub(lambda m: " " * len(m.group(0)), text)


# every alternative of _MODAL holds one of these (substrings of the lower-case text: far cheaper than a pattern)
_MODAL_CUES = (
    "must", "should", "shall", "ought", "need", "has to", "have to", "had better", "expected", "required", "advis",
    "recommend", "encourag", "requested", "asked", "obliged", "is to ", "are to ", "mandatory", "necessary",
    "essential", "important", "suggest", "expect",
)  # fmt: skip
_ANAPHORIC_CUES = ("none", "no such", "not one", "without", "neither", "nor", "not", "n't")


def _unread(words: str) -> bool:
    """Mostly letters of a script this reader does not read (Chinese, Cyrillic, Arabic...): what it says is unknown."""
    letters = [ch for ch in words if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 0x24F)  # beyond Latin Extended-B
    return bool(letters) and foreign * 2 > len(letters)


def read_part(fld: str, text: str, start: int, end: int, sentence: int = 0) -> Part:
    """One clause, read: a demand, a lack, an observation, or (in a script the reader does not read) unread."""
    words = text[start:end]
    if not words.isascii() and _unread(words):
        return Part(fld, start, end, words, "unread", words, False, False, sentence)
    lower = words.lower()
    lack = _LACK.search(without_denied_defects(words))
    modal = _MODAL.search(words) if any(c in lower for c in _MODAL_CUES) else None
    identified = bool(identifiers(words, most=1))
    universal = ("each" in lower or "every" in lower or "all" in lower) and bool(_UNIT.search(words))
    if (
        modal is None
        and not lack
        and ("requir" in lower or "demand" in lower or "mandate" in lower or "oblige" in lower)
    ):
        said = _REQUIRES_TO.search(words)
        owner = words[: said.start()] if said else ""
        if said and not identifiers(owner, most=1) and not _RULE_OWNER.search(owner):
            return Part(
                fld, start, end, words, "demand", words[said.start() :], universal, identified, sentence, "modal"
            )
    if modal and not (lack and _PAST_MODAL.search(words)):
        return Part(fld, start, end, words, "demand", words[modal.end() :], universal, identified, sentence, "modal")
    if (
        (imp := _IMPERATIVE.match(words))
        and not _NOUN_NOT_VERB.match(words, imp.end())
        or (imp and _ENSURE.search(imp.group(0)))
    ):
        return Part(
            fld, start, end, words, "demand", words[imp.start() :], universal, identified, sentence, "imperative"
        )
    if lack:
        anaphoric = any(c in lower for c in _ANAPHORIC_CUES) and bool(_ANAPHORIC.search(words))
        return Part(fld, start, end, words, "lacking", words, universal, identified, sentence, anaphoric=anaphoric)
    if (_INSTEAD.search(words) or "only" in lower) and (manner := manner_of(words)) is not None and manner.done:
        # "audits are held once a year instead of twice": the manner used is recorded as not the one wanted
        return Part(fld, start, end, words, "lacking", words, universal, identified, sentence)
    return Part(fld, start, end, words, "observed", words, universal, identified, sentence)


def _lack_is_opinion(text: str, start: int, said: list[int]) -> bool:
    """The clause's lack is the opinion's ("the register is not the way most companies do it"): an opinion
    stands within six words after its last cue of a lack."""
    for pos in said:
        cues = list(_LACK.finditer(text, start, pos))
        if cues and len(text[cues[-1].end() : pos].split()) <= 6:
            return True
    return False


def read_finding(
    statement: str,
    evidence: str,
    lacks: tuple[tuple[str, int], ...] = (),
    opinions: tuple[tuple[str, int], ...] = (),
) -> Reading:
    """The finding's clauses, each read (see the module's docstring), and its audit talk. `lacks` are (field,
    position) of words found elsewhere to record a nonfulfilment (the nonfulfilment lexicon's hits): a clause
    holding one records a lack even where this reader's own cues miss it. `opinions` are those of the auditor's
    opinion or yardstick ("best practice", "most companies"): a clause holding one asks for what it praises,
    whatever its mood ("the paper register is not the way most companies do it")."""
    parts: list[Part] = []
    talk: list[tuple[str, int, int]] = []
    base = 0
    for fld, raw in (("statement", statement), ("evidence", evidence)):
        if not raw:
            continue
        text = without_audit_talk(raw)
        if text is not raw:
            talk += [(fld, m.start(), m.end()) for m in AUDIT_TALK.finditer(raw)]
        clauses = _clauses(text)
        for a, b, n in clauses:
            part = read_part(fld, text, a, b, base + n)
            said = [pos for f, pos in opinions if f == fld and a <= pos < b]
            if part.kind == "observed" and said or part.kind == "lacking" and _lack_is_opinion(text, a, said):
                part = Part(
                    fld, a, b, part.text, "demand", part.text, part.universal, part.identified, base + n, "opinion"
                )
            elif part.kind == "observed" and any(f == fld and a <= pos < b for f, pos in lacks):
                part = Part(fld, a, b, part.text, "lacking", part.text, part.universal, part.identified, base + n)
            parts.append(part)
        base += (clauses[-1][2] + 1) if clauses else 0
    return Reading(tuple(parts), tuple(talk))


@fact(
    "reading",
    values="demand | lacking | both | observed",
    reads=("finding", "lexicon:nonfulfilment", "lexicon:preference", "lexicon:benchmark", "lexicon:opinion"),
)
def reading(ff: FindingFacts) -> str:
    """What the finding's clauses do: ask for something (`demand`), record something lacking (`lacking`),
    both, or neither (`observed`); the reading itself is kept for the grounding fact."""
    lacks = tuple((f, h.start) for f, h in ff.hits.get("nonfulfilment", ()) if not ff.quoted(f, h.start))
    opinions = tuple(
        (f, h.start)
        for lex in ("preference", "benchmark", "opinion")
        for f, h in ff.hits.get(lex, ())
        if not ff.quoted(f, h.start)
    )
    r = read_finding(ff.finding.statement, ff.finding.evidence_text(), lacks, opinions)
    ff.ctx["reading"] = r
    kinds = {p.kind for p in r.parts}
    if "demand" in kinds and "lacking" in kinds:
        return "both"
    return "demand" if "demand" in kinds else "lacking" if "lacking" in kinds else "observed"


# ---- the manner a lack falls on ------------------------------------------------------------------------------------
# A lack may deny the act ("the review was not held") or only the way it is done ("the review is not held every six
# months": it is held). The second names a means or a property (how often, in what form, on what medium, by what
# method, signed by whom, shown by which credential) that a requirement may leave to the organization; the grounding
# decides that against the clause tree. Here only the grammar: a negated verb, then a modifier of one of the aspects.


@dataclass(frozen=True, slots=True)
class Manner:
    """A lack whose negation falls on a modifier of the act, not on the act itself."""

    act: str  # the subject and the verb negated ("management review is not held")
    means: str  # the modifier the negation falls on ("every six months", "signed by the plant manager")
    aspect: str  # frequency | duration | timing | format | medium | method | responsibility | competence | content
    done: str = ""  # the manner the text says is used instead ("once a year" of "held once a year instead of twice")
    legal: bool = False  # a credential that is mostly an instrument of law (a licence, a permit): not decided here
    unused: bool = False  # only a means is said not used or not in place ("no written exam is used"): the act may
    # still be done another way, which the finding must show for the lack to be of the means only


# how often: "every six months", "monthly", "at least once a year", "twice a year", "each quarter"
FREQUENCY_WORDS = (
    r"(?:at\s+least\s+|no\s+less\s+than\s+|not\s+less\s+than\s+)?(?:"
    r"daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|annually|yearly|hourly|half[- ]yearly|bi-?annually|"
    r"six[- ]monthly|three[- ]monthly|"
    r"every\s+(?:\d+|one|two|three|four|five|six|twelve|eighteen|twenty[- ]four|other)?\s*(?:hours?|days?|weeks?|"
    r"months?|quarters?|years?|shifts?)|"
    r"(?:once|twice|thrice|three\s+times|four\s+times|\d+\s+times)(?:\s+(?:a|per|each|every)\s+(?:day|week|month|"
    r"quarter|year|shift))?|"
    r"(?:each|per)\s+(?:day|week|month|quarter|year|shift))\b"
)
_FREQ = re.compile(r"(?i)\b" + FREQUENCY_WORDS)
# a means named indefinitely, never "the"/"its" (what the organization already has: "not on the approved list")
_INDEF = r"(?:an?\s+|any\s+|one\s+)?"
# how long: "for 15 years", "for at least two weeks" (a retention period, a training or trial duration), and a
# retention said by its verb alone: "kept 25 years", "retained at least ten years"
DURATION = re.compile(
    r"(?i)\b(?:for|(?:kept|retained|stored|archived)(?:\s+for)?)\s+"
    r"(?:at\s+least\s+|a\s+minimum\s+of\s+|a\s+(?:full\s+)?period\s+of\s+|(?:a|the)\s+full\s+)?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\s+"
    r"(?:hours?|days?|shifts?|weeks?|months?|years?)\b"
)
_ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("frequency", _FREQ),
    ("duration", DURATION),
    (
        "responsibility",
        re.compile(
            r"(?i)\b(?:(?:counter|co-?)?signed|initialled|initialed|approved|authori[sz]ed|endorsed|signed\s+off)\s+"
            r"(?:off\s+)?by\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,3}?"
            r"(?:manager|director|officer|supervisor|head|chief|ceo|md|owner|president|representative|engineer|"
            r"leader|chair(?:man|person)?|board|management|coordinator|inspector|superintendent|foreman|"
            r"controller|administrator|employee|worker|person|trainee|staff)s?\b"
            # signed by no one named: "the policy is not signed", "the risk assessment is not signed or dated"
            r"|^(?:(?:counter|co-?)?signed|initialled|initialed)(?:\s+(?:or|and|nor)\s+dated)?\b(?!\s+(?:by|off)\b)"
        ),
    ),
    (
        "format",
        re.compile(
            r"(?i)\b(?:as|in)\s+" + _INDEF + r"(?:percentages?|per\s*cent|ratios?|numerical\s+values?|numbers|"
            r"figures|graphs?|charts?|tables?|kpis?)\b"
            # a unit of reference: "per unit of production", "per tonne", "normalised to output"
            r"|\b(?:per|relative\s+to|normali[sz]ed\s+(?:to|by|for|against))\s+(?:an?\s+)?(?:units?|tonnes?|tons?|kg|"
            r"pieces?|parts?|products?|production|output|square\s+met(?:re|er)s?|m2|employees?|heads?|batch(?:es)?)\b"
            r"|\b(?:in|on|using|with)\s+" + _INDEF + r"(?:(?!the\b|its\b|their\b)[\w-]+\s+){0,2}?(?:forms?|templates?|"
            r"formats?|spreadsheets?|checklists?|check-lists?|sheets?|matri(?:x|ces)|tables?)\b"
        ),
    ),
    (
        "medium",
        re.compile(
            r"(?i)\b(?:electronically|digitally|on\s+paper|in\s+(?:paper|hard[- ]copy|electronic|digital)\s*"
            r"(?:form|format|copy|copies)?|in\s+writing|online|on-?line|on\s+" + _INDEF + r"(?:intranet|website|"
            r"notice\s*-?boards?|screens?|tablets?|handhelds?|mobile\s+devices?|phones?)|as\s+"
            + _INDEF
            + r"(?:posters?|hard\s+cop(?:y|ies)|pdfs?)|in\s+"
            + _INDEF
            + r"(?:(?!the\b|its\b|their\b)[\w-]+\s+)?(?:database|software|erp|app|(?:electronic|it|software|"
            r"computeri[sz]ed)\s+system))\b"
        ),
    ),
    (
        "method",
        re.compile(
            r"(?i)\b(?:with|using|by\s+means\s+of|through|via|by)\s+" + _INDEF + r"(?:(?!the\b|its\b|their\b)"
            r"[\w/-]+\s+){0,3}?(?:methods?|exams?|examinations?|methodolog(?:y|ies)|techniques?|tools?|software|questionnaires?|surveys?|"
            r"scor(?:es|ing)|scales?|models?|laborator(?:y|ies)|lab|tests?|testing|calculations?|formulae?|"
            r"simulations?|statistic(?:s|al\s+\w+))\b"
        ),
    ),
    (
        # who performs it, named indefinitely: "by an external consultant", "by an independent certified firm"
        "performer",
        re.compile(
            r"(?i)\bby\s+(?:an?\s+|any\s+)(?:[\w/-]+\s+){0,3}?(?:firms?|consultants?|consultancy|company|companies|"
            r"bod(?:y|ies)|providers?|contractors?|part(?:y|ies)|specialists?|experts?|auditors?|agency|agencies|"
            r"organi[sz]ations?|persons?|assessors?|inspectors?|engineers?|trainers?)\b"
        ),
    ),
)
# when, counted from the event that starts it: "at 30 days", "within 14 days", "after 140 days", "by day 30", "on day
# 90". Read only where the negation falls on it (`manner_of`, `manner_asked`): the grounding decides it only against
# a time the client's own document sets (engine/facts/grounding.py `_timing_decided`)
TIMING = re.compile(
    r"(?i)\b(?:at|within|after|by|before|on)\s+(?:day\s+\d+\b|(?:\d+|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety)[- ]?(?:hours?|days?|weeks?|months?)\b)"
)


def _aspect_or_timing(text: str) -> tuple[str, re.Match[str]] | None:
    """The first modifier of an aspect in the text, a timing counted from an event among them."""
    found = _aspect_of(text)
    timing = TIMING.search(text)
    if timing is not None and (found is None or timing.start() < found[1].start()):
        return "timing", timing
    return found


# a manner contrasted with the one used: "checked by the supervisor observing work, not by a written exam"
_CONTRAST = re.compile(
    r"(?i)(?:,\s*|\s\b(?:and|but)\s+)not\s+(?P<b>(?:(?:by|with|using|on|in|through|via|as|from)\s+"
    r"(?!it\b|them\b|this\b|that\b|there\b|time\b)|(?=electronically|digitally|online|on-line|on\s+paper|"
    # an occasion of each member: "by an annual survey, not after each delivery"
    r"in\s+writing|after\s+(?:each|every)\s))\S.*?)\s*$"
)
# the manner used, in the clause before the contrast: its last preposition phrase
_USED_MANNER = re.compile(
    r"(?i)\b(?:by|with|using|on|in|through|via|as|from)\s+(?:(?!(?:by|with|using|on|in|through|"
    r"via|as|from)\b)\S+(?:\s+|$))+$"
)
# a means said not used or not in place: "no written exam is used", "paper checklists are not used"
_UNUSED = re.compile(
    r"(?i)^\W*(?P<no>no\s+)?(?P<b>(?:an?\s+)?[\w/'-]+(?:\s+[\w/'-]+){0,4}?)\s+(?:is|are|was|were|has\s+been|"
    r"have\s+been)\s+(?P<not>not\s+|never\s+)?(?:used|employed|applied|in\s+place|in\s+use|installed|fitted|"
    r"adopted|deployed)\b"
)
_USE_VERB = re.compile(
    r"(?i)\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:used|applied|employed|adopted|relied\s+on|"
    r"preferred|chosen)\b"
)
_NEGATED = re.compile(
    r"(?i)\b(?:(?:is|are|was|were|has|have|had)\s+(?:not|never)(?:\s+been|\s+being)?|(?:isn't|aren't|wasn't|"
    r"weren't)(?:\s+being)?|(?:hasn't|haven't|hadn't)\s+been|(?:does|do|did)\s+not|doesn't|don't|didn't|"
    r"(?:cannot|can't|can\s+not)\s+be)\s+(?:(?:always|yet|currently|routinely|consistently|regularly|\w+ly)\s+)?"
    r"(?P<verb>[a-z]+)(?:\s+(?:out|up|off|down))?\b"
)
# a credential held by a person: "does not hold a lead auditor certificate", "has no formal qualification"
_CREDENTIAL = re.compile(
    r"(?i)\b(?:(?:does|do|did)\s+not\s+(?:hold|have|possess)|doesn't\s+(?:hold|have)|don't\s+(?:hold|have)|"
    # "no member of the team holds a ...", "none of the three auditors has a ...": the holder denied, then it
    r"(?:no|none\s+of)\s+(?:[\w'&-]+\s+){0,5}?(?:holds?|has|have|possess(?:es)?)|"
    r"(?:has|have|had|holds?)\s+no|lacks?|without|(?:has|have)\s+not\s+(?:passed|obtained|taken|sat)|"
    r"(?:is|are)\s+not\s+in\s+possession\s+of)\s+"
    # "has no member holding a ...": the person who would hold it, then the credential
    r"(?:(?:one|member|person|employee|staff|engineer|technician|auditor|trainer|operator|worker|manager)s?\s+"
    r"(?:holding|with|having|who\s+(?:holds?|has|have))\s+)?"
    r"(?:an?\s+|any\s+|the\s+)?(?:[\w'/&-]+\s+){0,4}?"
    r"(?P<what>certificates?|certification|credentials?|diplomas?|degrees?|exams?|examinations?|accreditation|"
    r"(?:(?:external|formal|recogni[sz]ed|accredited|national|professional|academic|vocational|university)\s+)?"
    r"qualifications?(?!\s+(?:records?|files?|matri(?:x|ces)|evidence|register))|(?P<legal>licen[cs]es?|permits?))\b"
    # a credential as a title the person is not: "is not a Certified Energy Manager", "not a chartered engineer"
    r"|\b(?:is|are)\s+not\s+(?:an?\s+)?(?P<title>(?:certified|chartered|accredited|registered|qualified)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:managers?|engineers?|auditors?|professionals?|assessors?|technicians?|inspectors?|"
    r"practitioners?|trainers?|consultants?|specialists?|officers?|leads?))\b"
    # a credential as a state the person or body is not in: "is not accredited to ISO/IEC 17025", "none of the
    # members is certified", "the trainer is not qualified"
    r"|(?:\b(?:is|are|was|were)\s+not|\bnone\b[^,;]{0,40}?\b(?:is|are|was|were))\s+(?:formally\s+|externally\s+)?"
    r"(?P<state>certified|accredited|qualified|chartered)(?P<to>\s+(?:to|as|by|under|against|for)\s+[^,;]{2,40}?)?"
    r"(?=\s*(?:[,;:.]|$|\b(?:and|but|which|although|though|whereas|while)\b))"
)
# what a document holds, asked of each member of a class: "does not include acceptance of the policy by each employee"
_CONTENT_EACH = re.compile(
    r"(?i)\b(?:does|do|did)\s+not\s+(?:include|contain|cover|provide\s+for|ask\s+for)\s+(?P<what>[^,;]{3,80}?)\s+"
    r"(?:by|of|from)\s+(?:each|every|all)(?:\s+[\w-]+)?"
)
_UNIT_AFTER = re.compile(r"(?i)\s+(?:a|per|each|every)\s+(?:day|week|month|quarter|year|shift)$")
_FREQ_UNIT = re.compile(r"(?i)\b(?:hour|day|shift|week|month|quarter|year)s?\b|ly\b")


_STATE_NOUN = {"certified": "certification", "accredited": "accreditation", "qualified": "qualification",
               "chartered": "chartered status"}  # fmt: skip


def _credential_named(m: re.Match[str]) -> str:
    """The credential itself, without the verb that denies or asks it ("a lead auditor certificate")."""
    state = m.groupdict().get("state")
    holder = re.search(r"(?i)\b(?:holding|with|having|who\s+(?:holds?|has|have))\s+", m.group(0))
    if holder is not None and not state:  # "has no member holding a CEM certificate": the certificate
        return m.group(0)[holder.end() :].strip()
    denied = re.match(
        r"(?i)\W*(?:no|none\s+of)\s+(?:[\w'&-]+\s+){0,5}?(?:holds?|has|have|possess(?:es)?)\s+", m.group(0)
    )
    if denied is not None and not state:  # "no member of the team holds a CEM credential": the credential
        return m.group(0)[denied.end() :].strip()
    if state:  # "is not accredited to ISO/IEC 17025": accreditation to ISO/IEC 17025
        return f"{_STATE_NOUN[state.lower()]}{m.group('to') or ''}".strip()
    return re.sub(
        r"(?i)^\W*(?:be\s+required\s+to\s+)?(?:(?:does|do|did)\s+not\s+|doesn't\s+|don't\s+|(?:has|have)\s+not\s+|"
        r"(?:is|are)\s+not\s+in\s+possession\s+of\s+|(?:is|are)\s+not\s+(?:an?\s+)?)?(?:hold|have|possess|obtain|pass(?:ed)?|get|obtained|taken|sat|"
        r"holds?|has|had|lacks?|without)?\s*(?:no\s+)?",
        "",
        m.group(0),
    ).strip()


# "only" before the frequency of an act done: "is only reviewed once a year", "are held only annually"
_ONLY = re.compile(
    r"(?i)\b(?:is|are|was|were|gets?|get)\s+(?:only\s+[a-z]+(?:\s+(?:out|up))?|[a-z]+(?:\s+(?:out|up))?\s+only)\s+"
    r"(?P<freq>" + FREQUENCY_WORDS + r")"
)
_INSTEAD = re.compile(r"(?i)\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\b")
# a modifier stands this close after the verb negated (room for an object: "does not review its suppliers monthly")
_MODIFIER_REACH = 8


def _aspect_of(text: str) -> tuple[str, re.Match[str]] | None:
    """The first modifier of an aspect in the text, where it begins."""
    best: tuple[str, re.Match[str]] | None = None
    for aspect, pattern in _ASPECTS:
        m = pattern.search(text)
        if m is not None and (best is None or m.start() < best[1].start()):
            best = (aspect, m)
    return best


def manner_named(text: str) -> bool:
    """The text names a manner of an act (how often, in what form, on what medium, by what method or whom)."""
    return _aspect_of(text) is not None


# a certificate that is a record about a thing, not a person's credential: "certificates of secure destruction",
# "calibration certificate", "certificate of conformity for lot 12", "mill test certificates"
_THING_CERTIFICATE = re.compile(
    r"(?i)\b(?:calibration|test|conformity|conformance|analysis|mill|material|destruction|disposal|inspection|"
    r"origin|insurance|compliance|warranty|product|batch|lot|release|sterili[sz]ation|cleaning|waste)\s+"
    r"certificates?\b|\bcertificates?\s+(?:of|for|from)\s+(?!(?:competence|competency|training|proficiency|"
    r"attendance|qualification|achievement|completion)\b)"
)


def _person_credential(text: str) -> re.Match[str] | None:
    """A person's (or a body's) credential denied in the text, not a certificate that records a thing."""
    cred = _CREDENTIAL.search(text)
    if cred is None or cred.group("what") is None or not cred.group("what").lower().startswith("certificat"):
        return cred
    return None if _THING_CERTIFICATE.search(text, cred.start(), min(len(text), cred.end() + 40)) else cred


def manner_of(text: str) -> Manner | None:
    """The manner a lack falls on, or None where the lack denies the act itself. Read by grammar: a negated verb
    followed within a few words by a modifier of an aspect ("is not held every six months", "are not assessed with
    a numerical matrix", "is not signed by the plant manager", "are not expressed as a percentage"); a person's
    credential ("does not hold a lead auditor certificate"); a content asked of each member ("does not include
    acceptance of the policy by each employee"); a manner used "instead of" another ("held once a year instead of
    twice"). A second cue of a lack in the clause ("not held and not recorded") denies more than a manner: None."""
    cred = _person_credential(text)
    if cred is not None:
        return Manner(
            text[: cred.start()].strip(), _credential_named(cred), "competence", legal=bool(cred.group("legal"))
        )
    each = _CONTENT_EACH.search(text)
    if each is not None:
        return Manner(text[: each.start()].strip(), text[each.start("what") : each.end()], "content")
    instead = _INSTEAD.search(text)
    if instead is not None and not _LACK.search(text):
        found = _aspect_of(text[: instead.start()])
        wanted = text[instead.end() :].strip(" ,.")
        if found is not None and wanted:
            aspect, m = found
            if True:  # the manner used is named: what is asked in its place is the auditor's other manner
                unit = _UNIT_AFTER.search(m.group(0))
                if aspect == "frequency" and unit is not None and not _FREQ_UNIT.search(wanted):
                    wanted = f"{wanted}{unit.group(0)}"  # "twice" of "once a year instead of twice": twice a year
                return Manner(text[: m.start()].strip(), wanted, aspect, done=m.group(0))
        used = _USE_VERB.search(text[: instead.start()])
        if used is not None and wanted:
            # "an e-learning module is used for awareness instead of classroom sessions": one means for another
            return Manner(text[: instead.start()].strip(), wanted, "method", done=text[: used.start()].strip())
        by = _USED_MANNER.search(text[: instead.start()])
        if by is not None and wanted:
            # "monitored through complaint trends rather than a formal survey": the manner used is named
            return Manner(text[: by.start()].strip(), wanted, "method", done=by.group(0).strip())
        return None
    contrast = _CONTRAST.search(text)
    if contrast is not None and not _LACK.search(text[: contrast.start()]):
        before = text[: contrast.start()]
        used_manner = _USED_MANNER.search(before)
        means = contrast.group("b")
        kind = _aspect_of(means)
        return Manner(
            (before[: used_manner.start()] if used_manner else before).strip(),
            means,
            kind[0] if kind is not None else "method",
            done=used_manner.group(0).strip() if used_manner else "",
            unused=used_manner is None,
        )
    unused = _UNUSED.match(text)
    if unused is not None and bool(unused.group("no")) != bool(unused.group("not")) and len(_LACK.finditer(text)) == 1:
        return Manner(text.strip(), unused.group("b"), "method", unused=True)
    only = _ONLY.search(text)
    if only is not None and not _LACK.search(text):
        # "audits are only held once a year": the frequency used, said to be too seldom; no other asked
        return Manner(
            text[: only.start()].strip(), "more often than " + only.group("freq"), "frequency", done=only.group("freq")
        )
    neg = _NEGATED.search(text)
    if neg is None:
        return None
    rest = text[neg.start("verb") :]  # the verb itself may be the modifier's ("not signed by the director")
    if len(_LACK.finditer(text)) > 1 and not _FREQ.search(rest):
        return None  # "not recorded and not signed": the lack is of more than a manner
    found = _aspect_or_timing(rest)
    if found is None:
        return None
    aspect, m = found
    if len(rest[: m.start()].split()) > _MODIFIER_REACH or _LACK.search(rest[: m.start()]):
        return None
    if aspect == "frequency" and neg.group("verb").lower() in ("be", "exist", "have", "hold", "contain"):
        return None  # "is not ... every year" is a frequency only of an act
    return Manner(text[: neg.start("verb")].strip() + " " + neg.group("verb"), m.group(0), aspect)


# a credential asked for: "must hold an external certificate", "should pass a recognised exam"
_CREDENTIAL_ASKED = re.compile(
    r"(?i)^\W*(?:be\s+required\s+to\s+)?(?:hold|have|possess|obtain|pass|get)\s+(?:an?\s+|any\s+|the\s+)?"
    r"(?:[\w'/&-]+\s+){0,4}?(?P<what>certificates?|certification|diplomas?|degrees?|exams?|examinations?|"
    r"accreditation|(?:(?:external|formal|recogni[sz]ed|accredited|national|professional|academic|vocational|"
    r"university)\s+)?qualifications?(?!\s+(?:records?|files?|matri(?:x|ces)|evidence|register))|"
    r"(?P<legal>licen[cs]es?|permits?))\b"
)
_ASKED_VERB = re.compile(r"(?i)^\W*(?:be\s+|have\s+been\s+|been\s+)?(?P<verb>[a-z]+)(?:\s+(?:out|up|off|down))?\b")


def manner_asked(text: str, asked: str) -> Manner | None:
    """The manner a demand asks for, where what follows its modal is an act and a modifier of an aspect ("should
    be kept electronically", "must be signed by the managing director", "must hold an external certificate"):
    read like `manner_of`, the act being the demand's subject and verb. None where the demand asks for a thing."""
    subject = text[: len(text) - len(asked)] if asked and text.endswith(asked) else ""
    cred = _CREDENTIAL_ASKED.search(asked)
    if cred is not None:
        return Manner(subject.strip(), _credential_named(cred), "competence", legal=bool(cred.group("legal")))
    verb = _ASKED_VERB.match(asked)
    if verb is None:
        return None
    rest = asked[verb.start("verb") :]
    found = _aspect_or_timing(rest)
    if found is None:
        return None
    aspect, m = found
    if len(rest[: m.start()].split()) > _MODIFIER_REACH or _LACK.search(rest[: m.start()]):
        return None
    if aspect == "frequency" and verb.group("verb").lower() in ("be", "exist", "have", "hold", "contain"):
        return None
    return Manner(f"{subject.strip()} {verb.group('verb')}".strip(), m.group(0), aspect)
