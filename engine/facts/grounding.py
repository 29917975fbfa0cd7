"""Does the standard ask for it? The finding's demand and what it records as lacking, grounded in the obligation
layer of the edition audited (engine/standards/obligations.py), decided in one place for the withdraw rules.

The finding is read first (engine/facts/reading.py): its clauses that ask for something, those that record
something lacking, and the rest. Each is matched against the obligations: the cited clause (and the requirement
its words point to) first, then the whole standard, then the other standards of the library. The outcome:
- `grounded`: something recorded as lacking is not explained by a means left open or a thing not required (an
  obligation is shown unmet, or a document the finding names, the client's, a customer's or the law's, requires
  what was not done; a lack of what the organization itself planned or scheduled always counts), or what is
  asked is what a requirement obliges;
- `left_open`: what is asked (or recorded as lacking) is a means a requirement leaves to the organization (an
  example of its `<leaves>`, or a frequency where it leaves the frequency open and no document of the client's
  sets that one; or a lack whose negation falls on a manner of an act the requirement obliges, of an aspect it
  leaves open: "reviews are not held every six months", see `_manner_decided`), and nothing else recorded shows
  the obligation itself unmet;
- `not_required`: it is what the edition does not require (a document, mostly), and nothing else is lacking;
- `other_standard`: what is lacking or asked is named by no requirement of the standard audited but by an
  obligation of another standard of the library (or is an out-of-scope topic another family covers);
- `guidance_only`: only a guidance document stands behind it (cited, or named as the yardstick: "not planned
  according to ISO 19011");
- `nowhere`: it asks for a particular means or states a rule of its own ("every ... must ...") in words no
  requirement of the standard uses, and nothing else is lacking;
- `uncertain`: something is asked in words the standard does not use, but not clearly enough to decide; or a
  lack falls on a manner the layer cannot call the auditor's own (a licence, only some members, a document named
  that may set it, an aspect the requirement says nothing of);
- `unjudged`: no obligation layer to judge against (the standard is not loaded, not a requirements standard, or
  its trees carry no obligations yet).
Word lists (prescriptive, specific means) only propose: the layer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from engine.core.models import Grounding, GroundingOther
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, identifiers
from engine.facts.reading import (
    LACK_WORDS,
    Manner,
    Part,
    Reading,
    manner_asked,
    manner_named,
    manner_of,
    without_denied_defects,
)
from engine.standards.citation import standards_named
from engine.standards.disciplines import (
    ForeignSubject,
    covered_by_standard,
    detail_of_foreign_subject,
    disciplines_named,
    disciplines_of_named,
    foreign_subject,
    names_no_subject_term,
    subject_match,
    without_places,
)
from engine.standards.guidance import known_guidance
from engine.standards.inference import UNCERTAIN, tokens
from engine.standards.library import StandardLibrary
from engine.standards.model import Clause, LeftOpen, Standard
from engine.standards.obligations import BOUND, FRAME, TIME, ObligationIndex, content, obligation_index
from engine.standards.procedures import documentation_asked

OUTCOMES = (
    "grounded",
    "left_open",
    "not_required",
    "other_standard",
    "guidance_only",
    "nowhere",
    "uncertain",
    "unjudged",
)
# a not-required entry that is a document: the withdrawal is for documentation the edition does not ask for
_DOCUMENT = re.compile(
    r"(?i)document|procedure|record|register|matri|manual|chart|map|plan\b|form\b|list|polic|report|statement|"
    r"description|log\b|minutes|certificate|diagram|analysis|assessment\s+report|study"
)


@dataclass(slots=True)
class _Found:
    """What one part of the finding was matched to."""

    part: Part
    outcome: str  # left_open | not_required | nowhere | other_standard
    words: frozenset[str]  # the stems that made the match (what a lack must share to be explained by it)
    text: str  # the means, the entry, or the uncovered words
    clause: str
    title: str
    obliges: str = ""
    leaves: tuple[str, ...] = ()
    leaves_text: str = ""
    other: GroundingOther | None = None
    asked: frozenset[str] = frozenset()  # nowhere, other_standard: the uncovered words of what is asked
    manner: bool = False  # decided on a manner of an act: a lack pointing back to it ("none was done") denies the act


def _just_before(r: Reading, demand: Part, lack: Part) -> bool:
    """The demand stands just before the lack, in its sentence or the clause before ("each instrument must have a
    back-up; none of the 12 micrometers has one")."""
    parts = list(r.parts)
    if demand not in parts or lack not in parts:
        return False
    gap = parts.index(lack) - parts.index(demand)
    return gap > 0 and (gap == 1 or demand.sentence == lack.sentence)


# the words of an opinion or a demand's frame name no subject ("best practice", "most companies", "kindly")
_OPINION_WORDS = frozenset(
    tokens(
        "best practice practices industry companies firms organisations most ideally ideal expect expected expects "
        "recommend recommended prefer preferred preferable better good kindly please advised advise suggest "
        "suggested would could might way ways"
    )
)


def _words(p: Part) -> frozenset[str]:
    """The part's content stems, without the words of its record numbers, dates and places (evidence) and
    without opinion words."""
    return _words_of(p.text)


@lru_cache(maxsize=4096)
def _words_of(text: str) -> frozenset[str]:
    for ident in identifiers(text):
        text = text.replace(ident, " ")
    return content(text) - _OPINION_WORDS


def clauses_judged_first(ff: FindingFacts, std: Standard) -> list[str]:
    """The clauses to judge first: the cited one (and its suggestions), and the one the words point to."""
    out: list[str] = []
    cit = ff.primary
    if cit.standard is std and cit.clause is not None and ff.fact.get("cit_status") in ("resolved", "too_broad"):
        out.append(cit.clause.number)
        out += list(cit.suggested)
    if ff.inferred and ff.inferred[0].score >= UNCERTAIN:
        out.append(ff.inferred[0].number)
    return out


_WORD = re.compile(r"[A-Za-z][\w'-]*")
# the thing named is what is lacking when a cue stands just before it ("no organisation chart", "has not
# surveyed") or it is said to be lacking just after it ("... is missing", "... does not exist")
# "no." or "no" before a figure is "number" ("employee no. 1147", "line No 3"), not a negation
_LACK_CUE_ANY = re.compile(
    r"(?i)\b(?:no(?!\.?\s*\d)|not|none|never|without|lacks?|lacking|absence\s+of|missing|absent|nor)\b"
)
_POST_CUE = re.compile(r"(?i)missing|absent|lacking")
# a passive saying the subject was never made or never put to use: "has not been established", "is not
# documented", "is not calculated", "are not carried out" (the subject before the cue is what is lacking)
_PASSIVE_NOT_MADE = re.compile(
    r"(?i)not\s+(?:yet\s+)?(?:been\s+)?(?:established|documented|prepared|produced|written|drawn\s+up|developed|"
    r"created|issued|calculated|computed|implemented|introduced|carried\s+out|conducted|performed|applied|used)\b"
)
_LACK_CUE = re.compile(
    r"(?i)\b(?:no(?!\.?\s*\d)|not|none|never|without|lacks?|lacking|absence\s+of|missing|nor)\b"
    r"(?!.*\b(?:no(?!\.?\s*\d)|not|never|without)\b)"
)
_LACK_AFTER = re.compile(
    r"(?ix)^[^A-Za-z0-9]*(?:\w+\W+){0,2}?(?:(?:is|are|was|were|has|have|had)\s+)?(?:been\s+)?(?:missing|absent|lacking|"
    r"not\s+(?:\w+\s+)?(?:available|in\s+place|established|documented|prepared|provided|produced|defined|kept|"
    r"maintained|held|carried\s+out|done|performed|used|displayed|posted|given|signed|set\s+up)|(?:does|do|did)\s+not\s+exist)"
)


# "not on the approved supplier list", "had not done the annual refresher": the thing named with "the" exists, and
# what is lacking is something about it ("has not surveyed all of its parties" is a quantifier, not that)
_EXISTS_AFTER_CUE = re.compile(r"(?i)(?<!\bof\s)\b(?:the|its|their|this|that|these|those)\b")
# the organization's own plan or schedule sets it: a lack of it is a lack of planned arrangements
_PLANNED = re.compile(r"(?i)\b(?:due|overdue|planned|scheduled|programmed|set\s+for)\b")
_TOKEN = re.compile(r"\S+")


def _lack_is_of(p: Part, stems: frozenset[str]) -> bool:
    """In a part recording a lack, whether what is lacking is the thing named by `stems` itself ("there is no
    organisation chart", "has not surveyed each party", "the policy is not signed"), not a record of something
    else that names it ("no record of training, which the competence matrix requires"), not something the thing
    holds ("maintenance records show no maintenance time": the records exist), not a thing named as existing ("a
    supplier not on the approved supplier list") nor something inside an identified record ("aspects register
    AR-3 does not include the new line"). Every word of the thing stands within six words of a cue of a lack,
    some after it unless the thing is said to be lacking just after it ("... is missing")."""
    if not stems or _PLANNED.search(p.text):
        return False
    toks = [(m.start(), m.end(), set(tokens(m.group(0)))) for m in _TOKEN.finditer(p.text)]
    for cue in _LACK_CUE_ANY.finditer(p.text):
        i = next((k for k, t in enumerate(toks) if t[1] > cue.start()), len(toks))
        if _POST_CUE.fullmatch(cue.group(0)) or _PASSIVE_NOT_MADE.match(p.text, cue.start()):
            # "a written appointment letter for the team leader is missing", "an energy manual describing the
            # energy management system has not been established": the thing is the subject before the cue
            if stems <= set().union(*(t[2] for t in toks[max(0, i - 12) : i])):
                return True
            if _POST_CUE.fullmatch(cue.group(0)):
                continue
        before = set().union(*(t[2] for t in toks[max(0, i - 6) : i]))
        after_toks = toks[i + 1 : i + 8]
        after = set().union(*(t[2] for t in after_toks))
        if not stems <= (before | after):
            continue
        if stems & after:
            last = max((t for t in after_toks if t[2] & stems), key=lambda t: t[0])
            between = p.text[cue.end() : last[0]]
            if _EXISTS_AFTER_CUE.search(between):
                continue  # "not on the approved supplier list": the list is there
            ident = identifiers(p.text[last[1] : last[1] + 24], most=1)
            if ident and ident[0] in p.text[last[1] : last[1] + 24].lstrip()[:16]:
                continue  # the thing named is identified: it exists
            return True
        if _LACK_AFTER.match(p.text[max(t[1] for t in toks[max(0, i - 6) : i] if t[2] & stems) :]):
            return True
    return False


def _every_lack_of(p: Part, stems: frozenset[str]) -> bool:
    """Every cue of a lack in the part is about the thing named by `stems` ("had no label and no record in the
    calibration database": the record is lacking too, and stands on its own)."""
    if not _lack_is_of(p, stems):
        return False
    toks = [(m.start(), set(tokens(m.group(0)))) for m in _TOKEN.finditer(p.text)]
    for cue in _LACK_CUE_ANY.finditer(p.text):
        i = next((k for k, t in enumerate(toks) if t[0] >= cue.end()), len(toks))
        near = set().union(*(t[1] for t in toks[i : i + 4])) | set().union(*(t[1] for t in toks[max(0, i - 4) : i]))
        if not near & stems:
            return False
    return True


# a manner: a preposition and a means named indefinitely ("by external auditors", "in fireproof cabinets"); "not
# on the approved supplier list" names a thing that exists
_MANNER = re.compile(
    r"(?i)^\W*(?:\w+\W+){0,3}?(?:by|in|on|with|using|via|through|as|into|onto|from|to)\s+"
    r"(?!the\b|its\b|their\b|this\b)(?:an?\s+)?"
)
# a lack of some members or some times only: a lapse of the organization's own means, not a demand for another
_PARTIAL = re.compile(
    r"(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:of|out\s+of)\b"
    r"|\b(?:of|out\s+of)\s+(?:the\s+)?\d+\b|\bfor\s+the\s+\w+|\bin\s+(?:19|20)\d\d\b|\bsince\b|\bon\s+\d|\bduring\b"
    r"|\bsome\b|\bseveral\b|\bone\s+\w+\s+of\b"
)


def _general(p: Part) -> bool:
    """A lack stated of the organization as a whole: no record, count, subset or time of its own."""
    return not p.identified and not _PARTIAL.search(p.text)


def _lack_of_manner(p: Part, stems: frozenset[str]) -> bool:
    """The lack is of a manner: the thing is done, not by the means named ("audits are not conducted by external
    auditors", "records are not kept in fireproof cabinets")."""
    for cue in _LACK_CUE_ANY.finditer(p.text):
        rest = p.text[cue.end() :]
        m = _MANNER.match(rest)
        if m is None:
            continue
        after = [set(tokens(w)) for w in rest[m.end() :].split()[:5]]
        if stems <= set().union(*after) if after else False:
            return True
    return False


# what is asked is only that the subject exist: then the subject is what is demanded
_EXISTENCE = re.compile(
    r"(?i)^\s*(?:be\s+|have\s+(?:a|an|its|their)\s+)?(?:kept|held|available|in\s+place|provided|established|exist|"
    r"maintained|displayed|posted|used|introduced|implemented|installed|created|prepared|produced|issued|done|"
    r"carried\s+out|performed|conducted)\b"
)


# a frequency asked for: "not reviewed every two years", "should be monitored daily"
FREQUENCY = re.compile(
    r"(?i)\b(?:daily|weekly|fortnightly|monthly|bimonthly|quarterly|annually|yearly|hourly|half[- ]yearly|"
    r"six[- ]monthly|"
    r"every\s+(?:\d+|two|three|four|five|six|twelve|eighteen|twenty[- ]four|other)?\s*(?:hours?|days?|weeks?|months?|"
    r"quarters?|years?|shifts?|minutes?)|(?:once|twice|three\s+times)\s+(?:a|per)\s+(?:day|week|month|quarter|year|shift)|"
    r"(?:at\s+)?\d+[- ]?(?:minute|min|hour|day|week|month)s?\s+intervals?|(?:each|per)\s+shift)\b"
)


def _frequency_asked(idx: ObligationIndex, p: Part, near: list[str]) -> _Found | None:
    """A frequency asked for, where the requirement judged leaves the frequency to the organization: in a demand,
    or in a lack whose cue governs it ("documents are not reviewed every two years")."""
    freq = FREQUENCY.search(p.text)
    if freq is None:
        return None
    if p.kind == "lacking":
        cue = _LACK_CUE.search(p.text[: freq.start()])
        if cue is None:
            return None
    for number in near:
        c = idx.std.clauses.get(number)
        obl = c.obligation if c is not None else None
        left = [x for x in obl.leaves if x.aspect == "frequency"] if obl is not None else []
        if c is not None and obl is not None and left:
            return _frequency_left_open(p, c, freq.group(0), left[0].text)
    return None


def _frequency_left_open(p: Part, c: Clause, freq: str, left_text: str) -> _Found:
    """`left_open` on the frequency `freq` the part asks, judged by clause `c`, which leaves how often open."""
    return _Found(
        p,
        "left_open",
        frozenset(tokens(freq)),
        freq,
        c.number,
        c.title,
        obliges=_obliges_text(c.obligation),
        leaves=("frequency",),
        leaves_text=f"{left_text} (frequency)",
    )


_MODAL_WORDS = re.compile(r"(?i)\b(?:is|are|was|were)\s+(?:required|mandatory|necessary|needed|essential)\b")


def _match(
    idx: ObligationIndex, p: Part, near: list[str], met_otherwise: bool = False, recorded_otherwise: bool = False
) -> _Found | None:
    """The layer's decision on one part: a thing not required, or (asked for) a means left open; None otherwise.
    A part recording a lack counts where the thing lacking is itself what the edition does not require, or where
    it is a means the requirement judged leaves open and the finding itself records how the organization meets
    the requirement otherwise (`met_otherwise`: "does not subscribe to a legal update service; the register was
    updated in September from the government website"). Alone, the lack of a means (no drill held, no checklist
    filled) may well show the obligation unmet. The form of a record (minutes, a matrix) is shown met otherwise
    only by a record of another form (`recorded_otherwise`): a meeting held is not its record."""
    ws = _words(p)
    if not ws:
        return None
    if p.kind == "demand" and not p.asked.strip():
        # "a numerical scoring is required", "a second approver is needed": a demand in the passive names what it
        # asks for in its subject; nothing follows the modal
        subject = p.text[: len(p.text) - len(p.asked)] if p.asked else p.text
        found = _match_words(idx, p, _words(replace(p, text=_MODAL_WORDS.sub(" ", subject))), near, near)
        if found is None:
            found = _match_words(idx, p, ws, [], near)
    elif p.kind == "demand" and p.asked != p.text and not _EXISTENCE.match(p.asked):
        # "every work instruction must carry photographs": what is asked follows the modal; its subject names
        # what the demand is about, not the means demanded ("a spare gauge must be kept": the subject is it)
        asked = _words(replace(p, text=p.asked))
        found = _match_words(idx, p, asked, near, near) if asked else None
        if found is None:
            found = _match_words(idx, p, ws, [], near)  # a thing not required, anywhere in the part
    else:
        found = _match_words(idx, p, ws, near if p.kind != "lacking" or met_otherwise else [], near)
    if (
        found is not None
        and p.kind == "lacking"
        and (
            (found.outcome != "not_required_entry" and not (met_otherwise and _general(p)))
            or not (_lack_is_of(p, found.words) or _lack_of_manner(p, found.words))
        )
    ):
        return None
    if found is not None and p.kind == "lacking" and found.leaves == ("format",) and not recorded_otherwise:
        return None  # no record in any form: the record the requirement obliges is what is lacking
    if found is not None and found.outcome == "not_required_entry":
        found.outcome = "not_required" if _DOCUMENT.search(found.text) else "left_open"
    return found or _frequency_asked(idx, p, near)


def _match_words(
    idx: ObligationIndex, p: Part, ws: frozenset[str], near: list[str], near_all: list[str] | None = None
) -> _Found | None:
    got = idx.not_required(ws, p.universal, near_all if near_all is not None else near)
    if got is not None:
        entry, named = got
        obl = entry.clause.obligation
        return _Found(
            p,
            "not_required_entry",
            named,
            entry.text,
            entry.clause.number,
            entry.clause.title,
            obliges=_obliges_text(entry.clause.obligation),
            leaves=tuple(obl.leaves_open) if obl else (),
            leaves_text=_leaves_text(obl),
        )
    means = idx.left_open(ws, near) if near else None
    if means is not None:
        obl = means.clause.obligation
        own = frozenset().union(*(content(o.text) for o in obl.obliges)) if obl is not None else frozenset()
        return _Found(
            p,
            "left_open",
            (means.stems - own) or means.stems,  # the means itself ("quarterly"), not the subject ("access review")
            means.example,
            means.clause.number,
            means.clause.title,
            obliges=_obliges_text(obl),
            leaves=(means.left.aspect,),
            leaves_text=f"{means.left.text} ({means.left.aspect})",
        )
    return None


def _obliges_text(obl: object) -> str:
    obliges = getattr(obl, "obliges", ())
    return "; ".join(o.text for o in obliges[:3]) if obliges else ""


def _leaves_text(obl: object) -> str:
    leaves = getattr(obl, "leaves", ())
    return "; ".join(f"{x.text} ({x.aspect})" for x in leaves[:3])


# a rule stated of every member of a class ("for each gauge type"), not a frequency ("every year")
_BRACKET = re.compile(r"\([^)]*\)")
# a lack told as something that happened (or failed to) at a time: an observed occurrence, not a standing rule
_OCCURRED = re.compile(
    r"(?i)\b(?:was|were|had)\s+(?:not\s+|never\s+)?(?:\w+ly\s+)?(?:\w+ed|missing|absent|done|made|kept|held|"
    r"taken|given|run|built|sent|shipped|left|found)\b|\b(?:all|each|every)\s+(?:\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\b"
)
_UNIT_RULE = re.compile(
    r"(?i)\b(?:for|per|at|in|on|of)\s+(?:each|every|all)\s+(?:single\s+)?(?!years?\b|months?\b|weeks?\b|days?\b|"
    r"shifts?\b|times?\b|quarters?\b|hours?\b)\w+|^\W*(?:each|every|all)\s+\w+"
)


_RATHER = re.compile(r"(?i)\b(?:rather\s+than|instead\s+of|in\s+place\s+of)\b")


def _rule_of_its_own(idx: ObligationIndex, p: Part, ff: FindingFacts) -> list[str]:
    """The words of a demand (or of a lack stated of every member of a class) that no requirement of the standard
    uses, where the part states a rule or a particular means: a demand with a unit ("every", "for each") or a
    phrase the prescriptive or specific-means lists propose; a lack only with a unit ("no spare gauge is kept for
    each gauge type"), of no identified record. Empty otherwise."""
    if p.kind == "lacking" and (p.identified or _OCCURRED.search(p.text) or not _UNIT_RULE.search(p.text)):
        return []  # a lack the auditor saw happen ("was skipped on every unit", "were missing in all four
        # quarters") or counted ("all 12 drums") is an observation of a population, not a rule of the auditor's
    if p.kind == "lacking" and _LEGAL_SOURCE.search(p.text):
        return []  # "the statutory examination required by the legal register has lapsed": the law's rule, named
    uncovered = [w for w in idx.uncovered(_words(p)) if w not in _LACK_STEMS]  # "lapsed" says it lacks, not what
    if not uncovered:
        return []
    if p.kind == "lacking":
        # the thing said to be lacking stands before its extent ("for all ...", a bracketed list): where the
        # standard uses every word of the thing, the extent names where it was looked for, not a rule
        unit = _UNIT_RULE.search(p.text)
        thing = _BRACKET.sub(" ", p.text[: unit.start()] if unit else p.text)
        thing_words = _words_of(thing) - _LACK_STEMS
        if unit is not None and unit.start() > 0 and thing_words and not idx.uncovered(thing_words):
            return []
        return uncovered
    after = _AFTER_NEED.search(p.text)
    if _DEGREE_ONLY.search(p.asked or "") or (after is not None and _DEGREE_ONLY.search(after.group(1))):
        return []  # "needs tightening up", "should be improved": a vague conclusion (9.4.5.3), not a rule of its own
    proposed = _hit_in_part(ff, p, "specific_means", "prescriptive")
    preferred = bool(_RATHER.search(p.text))  # one means over another the organization has: a preference
    if p.universal or proposed or preferred or p.mood == "imperative":
        return uncovered
    return []


# the stems of the words that say a thing is lacking ("lapsed", "expired"): never the words of the thing itself
_LACK_STEMS = frozenset(tokens(" ".join(sorted(LACK_WORDS))))
_AFTER_NEED = re.compile(r"(?i)\b(?:needs?|should\s+be|must\s+be|requires?|ought\s+to\s+be|is\s+to\s+be)\s+(.*)$")
# what a demand asks when it asks only for more of something: a degree, naming no thing, means or rule
_DEGREE_ONLY = re.compile(
    r"(?i)^\W*(?:to\s+be\s+|be\s+|being\s+)?(?:further\s+|more\s+|much\s+|some\s+)?(?:tighten\w*(?:\s+up)?|improv\w*|"
    r"strengthen\w*|enhanc\w*|reinforc\w*|better|robust\w*|rigorous|attention|addressing|addressed|work|"
    r"looking\s+at|reviewing|reviewed)\W*$"
)


# standards a certification body is audited against, not a client's management system
CERTIFICATION_BODY_STANDARDS = frozenset({"iso-iec-17021-1", "iso-iec-17021", "iso-iec-27006", "iso-19011"})


def _other_standard(
    ff: FindingFacts, std: Standard, words: list[str], words_of_part: frozenset[str]
) -> GroundingOther | None:
    """Another standard of the library (another family) one of whose obligations holds two thirds of `words` (two
    at least, where there are two) and at least two words of the part they come from."""
    wanted = frozenset(words) - FRAME - TIME
    if len(wanted) < 1 or all(len(w) < 4 for w in wanted):
        return None
    for other in ff.lib:
        if other.family == std.family or not other.is_requirements or other.id == std.id:
            continue
        if other.extends == std.id or std.extends == other.id or other.family in CERTIFICATION_BODY_STANDARDS:
            continue
        idx = obligation_index(other)
        if not idx.has_layer or 3 * len(wanted & idx.obliged_stems) < 2 * len(wanted):
            continue
        best = idx.obliged_by(wanted | words_of_part)
        shared = len(wanted & best[0].stems) if best is not None else 0
        if best is not None and best[1] >= 2 and shared >= min(2, len(wanted)) and 3 * shared >= 2 * len(wanted):
            c = best[0].clause
            return GroundingOther(standard=other.id, clause=c.number, title=c.title)
    return None


# the words of a document's form name no discipline's subject ("a written procedure for approving overtime")
_FORM_WORDS = (
    frozenset(tokens("document documented documentation information record records procedure procedures written"))
    | BOUND
)  # nor do the words of a bound ("at least annually": how much, not of what)


def _other_discipline(ff: FindingFacts, std: Standard, p: Part, words: frozenset[str]) -> _Found | None:
    """Out of scope: the subject of what the part records as lacking (or asks for) is matched clearly better by an
    obligation of another management-system discipline's standard than by any requirement of the standard
    audited, and is one no standard the report names covers (an integrated audit covers each)."""
    words = words - TIME - _FORM_WORDS
    if len(words) < 2:
        return None
    covered = disciplines_named(ff.lib, (ff.report.report_standard, ff.finding.standard))
    cit = ff.primary
    cited = cit.clause if cit.standard is std and ff.fact.get("cit_status") in ("resolved", "too_broad") else None
    found = subject_match(ff.lib, std, words, covered, cited)
    if found is None or found.other.clause is None:
        return None
    # the finding as a whole is about that subject too: "the stores do not stock level D gloves" after a risk
    # assessment's gloves not worn is PPE in an OH&S audit, whatever the stores' words match
    whole = subject_match(ff.lib, std, _words_of(ff.finding.statement) - TIME - _FORM_WORDS, covered, cited)
    if whole is None or whole.other.standard.discipline != found.other.standard.discipline:
        return None
    c, other = found.other.clause, found.other.standard
    obl = c.obligation
    obliges = obl.obliges[0].text if obl is not None and obl.obliges else c.summary()[:200]
    return _Found(
        p,
        "other_standard",
        found.other.shared,
        ", ".join(sorted(found.other.shared - found.audited.shared) or sorted(found.other.shared)),
        c.number,
        c.title,
        obliges=obliges,
        other=GroundingOther(standard=other.id, clause=c.number, title=c.title),
        asked=found.other.shared,
    )


def _only_observed(ff: FindingFacts) -> bool:
    """The statement records no lack and asks nothing in this reader's cues: what it observes ("packs weighed
    below the tolerable negative error") is what it holds nonconforming."""
    r: Reading | None = ff.ctx.get("reading")
    return r is not None and not any(q.field == "statement" and q.kind in ("lacking", "demand") for q in r.parts)


def _foreign_term(ff: FindingFacts, std: Standard, p: Part) -> _Found | None:
    """Out of scope by the disciplines' subject terms (standards/disciplines.yaml, engine/standards/disciplines.py):
    the part (a lack or a demand) names a subject of a discipline or regime the audit does not cover and none it
    covers, and so does the finding's statement as a whole (a statement naming a subject of the audit too is judged
    on that). Decided before anything else of the part: a frequency, a means or a rule (the law's, a document's)
    about a subject outside the audit is outside it too."""
    if p.kind not in ("lacking", "demand") and not (p.kind == "observed" and _only_observed(ff)):
        return None
    found = _foreign_subject_of(ff, std, p)
    return _found_foreign(p, found) if found is not None else None


def _foreign_subject_of(ff: FindingFacts, std: Standard, p: Part) -> ForeignSubject | None:
    """The other discipline's (or regime's) subject the part names by its terms, where the statement as a whole
    names it too and none of the audit's."""
    named = (ff.report.report_standard, ff.finding.standard)
    own = disciplines_of_named(ff.lib, named)
    covered = disciplines_named(ff.lib, named)
    found = foreign_subject(ff.lib, std, _words_of(without_places(p.text)) - TIME - _FORM_WORDS, own, covered)
    if found is None:
        return None
    whole = foreign_subject(ff.lib, std, _words_of(ff.finding.statement) - TIME - _FORM_WORDS, own, covered)
    if whole is None or whole.area.id != found.area.id:
        return None
    return found


def _found_foreign(p: Part, found: ForeignSubject) -> _Found:
    c = found.clause
    obl = c.obligation if c is not None else None
    subject = f"{found.area.label} ({', '.join(t.text for t in found.terms)})"
    obliges = obl.obliges[0].text if obl is not None and obl.obliges else (c.summary()[:200] if c else subject)
    other = (
        GroundingOther(standard=found.standard.id, clause=c.number if c else None, title=c.title if c else None)
        if found.standard is not None
        else None
    )
    return _Found(
        p,
        "other_standard",
        found.stems,
        subject,
        c.number if c is not None else "",
        c.title if c is not None else "",
        obliges=obliges,
        other=other,
        asked=found.stems,
    )


def _foreign_beside(ff: FindingFacts, std: Standard, p: Part) -> _Found | None:
    """A lack or demand of the statement naming no discipline's term, in the sentence of a part (or just beside
    one) whose subject is another discipline's (a lack or demand naming its terms, or the law that sets it: "as the
    F-gas regulation requires"): the part is a detail of that subject (the spill kit's pads and drain cover, the
    noise assessment's dosimetry, the evacuation drill's assembly point signs), so the finding's subject stays
    outside the audit.
    Never where a requirement of the audited standard holds the part's words (engine/standards/disciplines.py
    `detail_of_foreign_subject`): a lack of the audit's own subject beside another's is judged on its own."""
    r: Reading | None = ff.ctx.get("reading")
    if r is None or p.field != "statement" or p.kind not in ("lacking", "demand"):
        return None
    words = _words(p) - TIME - _FORM_WORDS
    if not words or not names_no_subject_term(words):
        return None
    parts = list(r.parts)
    for q in parts:
        beside = q.sentence == p.sentence or abs(parts.index(q) - parts.index(p)) == 1
        if q is p or q.field != p.field or not beside:
            continue
        legal = _client_rule(ff, q) and bool(_LEGAL_SOURCE.search(q.text))
        if q.kind not in ("lacking", "demand") and not legal and not _describes(ff, p, q):
            continue  # an observation beside a lack may be only where it was seen ("operators wear hearing
            # protection; the work instruction at the bench was issue 3")
        if _client_rule(ff, q) and not legal:
            continue  # the client's own procedure: its own system, whatever discipline it names
        found = _foreign_subject_of(ff, std, q)
        if found is not None and detail_of_foreign_subject(ff.lib, std, words, found.stems):
            return _found_foreign(p, found)
    return None


def _describes(ff: FindingFacts, p: Part, q: Part) -> bool:
    """`q` is a relative clause of `p`, describing what `p` names ("no metering of the electricity drawn by the
    freezers, which are the site's largest energy users")."""
    text = ff.text(p.field)
    return q.start >= p.end and re.fullmatch(r"\W*which\W*", text[p.end : q.start]) is not None


# a documented procedure lacking or asked for, and its subject: "no documented procedure for calibration", "there is
# no calibration procedure", "a written procedure for handling complaints must be established", "the procedure for
# supplier approval has not been documented"; never a procedure named as existing ("the procedure", "QP-08")
_NOT_A_SUBJECT = r"(?!(?:the|its|their|this|that|these|those|our|any|a|an|such|same)\b)"
_PROC = r"(?:procedures?|sops?|standard\s+operating\s+procedures?)"
_PROCEDURE_LACK = re.compile(
    r"(?ix)\b(?:no|without|lacks?|lacking|absence\s+of|missing|not\s+(?:\w+\s+)?(?:have|has|had|established|"
    r"documented|written|defined|prepared)\s+(?:an?\s+|any\s+)?|(?:must|should|shall|needs?\s+to|has\s+to|is\s+"
    r"(?:required|expected)\s+to)\s+(?:have|establish|document|write|prepare|define)\s+(?:an?\s+)?)\s*"
    r"(?:(?:documented|written|formal|defined)\s+)?"
    # "procedure WWT-OP-01": a procedure named with its identifier is one the client has
    r"(?P<pre>(?:"
    + _NOT_A_SUBJECT
    + r"[a-z][\w-]*\s+){0,3}?)"
    + _PROC
    + r"\b(?!\s*(?=[A-Z0-9./-]*\d)[A-Z0-9][A-Z0-9./-]*)"
    r"(?:\s+(?:exists?|is\s+(?:in\s+place|available|established)|was\s+(?:found|seen|available)))?"
    r"(?:\s+(?:for|on|of|covering|describing|governing|defining|to)\s+(?P<post>[^.;:,]{3,80}))?"
)
_PROCEDURE_NOT_THERE = re.compile(
    r"(?ix)^\W*(?:an?\s+|the\s+)?(?:(?:documented|written|formal)\s+)?" + _PROC + r"\s+(?:for|on|of|covering)\s+"
    r"(?P<post>[^.;:,]{3,80}?)\s+(?:is|are|was|were|has|have)\s+(?:been\s+)?(?:not|never|missing|absent|lacking)\b"
)


def _procedure_subject(text: str) -> str | None:
    """The subject of the documented procedure the text records as lacking or asks for, or None."""
    m = _PROCEDURE_LACK.search(text) or _PROCEDURE_NOT_THERE.search(text)
    if m is None:
        return None
    subject = " ".join(x for x in (m.groupdict().get("pre"), m.group("post")) if x).strip()
    subject = re.sub(r"(?i)^(?:the|its|their)\s+", "", subject)
    return subject if content(subject) else None


def _procedure_not_asked(ff: FindingFacts, std: Standard, p: Part, near: list[str]) -> _Found | None:
    """A documented procedure for a subject, lacking or asked for, where the requirements of that subject in the
    edition audited ask for no maintained document (their `di` marks: records, documented information to the
    extent the organization finds necessary, or nothing), or where no requirement of the edition covers the
    subject at all. None where one asks for a procedure (ISO 13485, IATF 16949, ISO 9001:2008's six)."""
    subject = _procedure_subject(p.text)
    if subject is None:
        return None
    r: Reading | None = ff.ctx.get("reading")
    if r is not None and any(
        q is not p and q.field == "statement" and q.identified and content(subject) & _words(q) for q in r.parts
    ):
        return None  # beside it the statement records a case of its subject: that may be the nonfulfilment
    asked = documentation_asked(std, subject, near)
    if asked.asks_procedure:
        return None
    c = asked.clause
    obl = c.obligation if c is not None else None
    what = asked.describe()
    obliges = (
        f"{asked.obliges}; in documentation it asks for {what}"
        if c is not None
        else f"no requirement of {std.designation} covers {subject}"
    )
    return _Found(
        p,
        "not_required",
        frozenset(tokens("procedure")) | content(subject),
        f"a documented procedure for {subject}",
        c.number if c is not None else "",
        c.title if c is not None else "",
        obliges=obliges,
        leaves=tuple(obl.leaves_open) if obl is not None else ("format",),
        leaves_text=_leaves_text(obl) or "whether and how the way it is done is documented (format)",
    )


# the part reports a requirement of a document it names ("required every year by emergency plan ENV-EP-02")
_DOCUMENT_RULE = re.compile(
    r"(?i)\b(?:required|requires?|set|sets|specified|specifies|defined|laid\s+down|stipulated|mandated|agreed)\b"
    r"[^.;]{0,40}?\b(?:by|in|under)\s+(?:the\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,3}?"
    r"(?:procedure|plan|instruction|policy|specification|contract|manual|standard|schedule|agreement|programme|"
    r"program|matrix|permit|licen[cs]e|regulation|law|act|order|drawing|[A-Z]{1,6}(?:-[A-Z]{1,6})*-?\d)"
)


def _beyond_the_standard(
    ff: FindingFacts, idx: ObligationIndex, std: Standard, p: Part, near: list[str]
) -> _Found | None:
    """A part whose words the standard does not use: another standard's obligation (a demand with such words, or a
    lack most of whose words they are, or a subject another discipline's obligations match clearly better than
    the audited standard's: engine/standards/disciplines.py), or a rule of its own (`nowhere`); None when
    neither is clear."""
    words = _words(p)
    if p.kind in ("lacking", "demand"):
        elsewhere = _other_discipline(ff, std, p, words) or _procedure_not_asked(ff, std, p, near)
        if elsewhere is not None:
            return elsewhere
    uncovered = idx.uncovered(words)
    if not uncovered:
        return None
    other = None
    lack_beyond = p.kind == "lacking" and len(uncovered) >= 3 and 2 * len(uncovered) >= len(words)
    if p.kind == "demand" or lack_beyond:
        other = _other_standard(ff, std, uncovered, words)
    rule = _rule_of_its_own(idx, p, ff)
    if other is None and not rule:
        return None
    asked = frozenset(rule or uncovered)
    if p.kind == "demand" and p.asked != p.text:
        asked = frozenset(idx.uncovered(_words(replace(p, text=p.asked)))) or asked
    nearest, where, leaves = _nearest(idx, words, near)
    return _Found(
        p,
        "other_standard" if other else "nowhere",
        frozenset(rule or uncovered),
        ", ".join(rule or uncovered),
        where.split(" ", 1)[0] if where else "",
        where.split(" ", 1)[1] if " " in where else "",
        obliges=nearest,
        leaves=tuple(leaves),
        other=other,
        asked=asked,
    )


# ---- a lack whose negation falls on a manner (issue 23: the auditor's own rule, read from the lack) ---------------

# the aspects of the trees a modifier may fill, the closest first
_ASPECT_LEFT: dict[str, tuple[str, ...]] = {
    "frequency": ("frequency", "timing"),
    "duration": ("timing", "extent"),
    "timing": ("timing", "frequency"),
    "format": ("format", "method", "medium", "tool"),
    "medium": ("medium", "format"),
    "method": ("method", "tool", "format"),
    "competence": ("method", "extent", "content", "format"),
    "performer": ("responsibility", "method", "competence"),
    "content": ("content", "extent", "format", "method"),
}
# approval, however it is shown: what a requirement must name for a missing signature to be a lack of what it obliges
# (read on the obligation's words, not its stems: "authorities" is no authorisation)
_APPROVAL = re.compile(r"(?i)\b(?:(?:counter)?sign(?:s|ed|ing|ature|atures)?|approv\w*|authori[sz]\w*)\b")
_COMPETENCE = frozenset(tokens("competence competent"))
# the lack is measured against a rule, plan or schedule the finding names ("contrary to plan MP-3", "as scheduled")
_MEASURED_AGAINST = re.compile(
    r"(?i)\b(?:contrary\s+to|in\s+breach\s+of|in\s+violation\s+of|not\s+in\s+line\s+with|deviat\w+\s+from|"
    r"as\s+(?:stated|defined|set(?:\s+out)?|specified|required|planned|scheduled|agreed|documented|laid\s+down|"
    r"prescribed|stipulated|committed)\b|(?:planned|scheduled|due|overdue|programmed)\b)"
)
# "signed by the plant manager" asked for is "a signature by the plant manager"
_APPROVAL_NOUN = re.compile(r"(?i)^\W*(?:counter|co-?)?(sign|initi|appro|auth|endo)\w*(?:\s+off)?")
_NOUN_OF = {
    "sign": "a signature",
    "init": "initials",
    "appr": "approval",
    "auth": "authorization",
    "endo": "endorsement",
}
# a lapse of some members or some times: the organization's own practice is the means asked, missed
_SOME = re.compile(
    r"(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:of|out\s+of)\b"
    r"|\b(?:some|several|most|many|few)\s+(?:of\s+)?\w+"
)
# how often, as a period in days: the comparison of the auditor's frequency with the one a client document sets
_UNIT_DAYS = {
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "shift": 1 / 3,
    "week": 7,
    "month": 30,
    "quarter": 91,
    "year": 365,
}
_NAMED_PERIOD = {
    "hourly": 1 / 24, "daily": 1, "weekly": 7, "fortnightly": 14, "monthly": 30, "bimonthly": 60, "bi-monthly": 60,
    "three-monthly": 91, "three monthly": 91, "quarterly": 91, "six-monthly": 182, "six monthly": 182,
    "half-yearly": 182, "half yearly": 182, "biannually": 182, "bi-annually": 182, "annually": 365, "yearly": 365,
}  # fmt: skip
_COUNT = {"once": 1, "one": 1, "twice": 2, "two": 2, "thrice": 3, "three": 3, "four": 4, "six": 6, "twelve": 12}
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12, "eighteen": 18, "other": 2}
_PERIOD = re.compile(
    r"(?i)\b(?:every\s+(?P<n>\d+|one|two|three|four|five|six|twelve|eighteen|other)?\s*(?P<u1>minute|hour|day|shift|week|"
    r"month|quarter|year)s?|(?<![\w./-])(?P<c>once|twice|thrice|one|two|three|four|six|twelve|\d+)\s+(?:times\s+)?"
    r"(?:[a-z-]+\s+){0,2}?(?:a|per|each|every)\s+(?P<u2>hour|day|shift|week|month|quarter|year)|(?:each|per)\s+"
    r"(?P<u3>hour|day|shift|week|month|quarter|year)|(?P<named>hourly|daily|weekly|fortnightly|bi-?monthly|monthly|"
    r"three[- ]monthly|quarterly|six[- ]monthly|half[- ]yearly|bi-?annually|annually|yearly)|"
    r"(?P<n4>\d+)[- ]?(?P<u4>minute|min|hour|day|week|month)s?\s+intervals?)\b"
)


def periods(text: str, unit: str = "") -> list[float]:
    """Each frequency the text names, as a period in days ("every six months" 180, "twice a year" 182.5, "two
    drills a year" 182.5); a bare count ("twice") takes `unit` (of the frequency it is compared with)."""
    out: list[float] = []
    for m in _PERIOD.finditer(text):
        if m.group("named"):
            out.append(_NAMED_PERIOD[m.group("named").lower()])
        elif m.group("u1"):
            n = (m.group("n") or "1").lower()
            out.append(_UNIT_DAYS[m.group("u1").lower()] * (int(n) if n.isdigit() else _NUMBER[n]))
        elif m.group("u2"):
            c = m.group("c").lower()
            out.append(_UNIT_DAYS[m.group("u2").lower()] / (int(c) if c.isdigit() else _COUNT[c]))
        elif m.group("u4"):
            out.append(_UNIT_DAYS[m.group("u4").lower()] * int(m.group("n4")))
        else:
            out.append(_UNIT_DAYS[m.group("u3").lower()])
    if not out and unit:
        bare = re.search(r"(?i)\b(once|twice|thrice|\d+\s+times)\b", text)
        if bare is not None:
            c = bare.group(1).lower().split()[0]
            out.append(_UNIT_DAYS[unit] / (int(c) if c.isdigit() else _COUNT[c]))
    return out


# when the act was last done: a long gap may break the organization's own interval, which the finding does not give
_LAST_DONE = re.compile(r"(?i)\b(?:last|latest|most\s+recent|previous)\b[^.;]{0,60}?\b(?:19|20)\d\d\b|\bsince\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _long_ago(ff: FindingFacts, r: Reading) -> bool:
    """The finding says the act was last done two calendar years or more before the audit (or before the latest
    year it names; a lone year with no audit date counts, nothing measures it): a gap that may break the interval
    the organization set itself, whatever the auditor asks."""
    audit = ff.report.audit
    dated = audit.date.year if audit is not None and audit.date is not None else 0
    years = {int(y) for q in r.parts for y in _YEAR.findall(q.text)}
    now = dated or max(years, default=0)
    for q in r.parts:
        for m in _LAST_DONE.finditer(q.text):
            found = [int(y) for y in _YEAR.findall(q.text[m.start() : m.end() + 40])]
            if found and (now - max(found) >= 2 or (not dated and len(years) == 1)):
                return True  # years ago, or a year with nothing to measure it against
    return False


def _same_period(a: float, b: float) -> bool:
    return abs(a - b) <= 0.1 * max(a, b)


def _unit_of(text: str) -> str:
    m = re.search(r"(?i)\b(hour|day|shift|week|month|quarter|year)s?\b", text)
    return m.group(1).lower() if m else ""


def _aspect_left(c: Clause, aspect: str) -> LeftOpen | None:
    """The `<leaves>` element of the clause's obligation that the modifier's aspect fills, the closest first."""
    obl = c.obligation
    if obl is None:
        return None
    for wanted in _ASPECT_LEFT.get(aspect, (aspect,)):
        for left in obl.leaves:
            if left.aspect == wanted:
                return left
    return None


def _judged(idx: ObligationIndex, near: list[str]) -> list[Clause]:
    """The clauses judged, with their obligations: a heading without one stands for its parts."""
    out: list[Clause] = []
    for number in near:
        c = idx.std.clauses.get(number)
        if c is None:
            continue
        if c.obligation is not None:
            out.append(c)
        else:
            kids = [idx.std.clauses.get(k) for k in c.children]
            out += [k for k in kids if k is not None and k.obligation is not None]
    return list({c.number: c for c in out}.values())


def _about(c: Clause) -> frozenset[str]:
    """What the clause is about besides what it obliges: its title, keywords and the means it leaves open (an
    evacuation drill is what a requirement to test the response to emergencies is about)."""
    obl = c.obligation
    leaves = " ".join(f"{x.text} {' '.join(x.examples)}" for x in obl.leaves) if obl is not None else ""
    return content(f"{c.title} {' '.join(c.keywords)} {leaves}")


def _obliged_stems(c: object) -> frozenset[str]:
    obl = getattr(c, "obligation", None)
    return frozenset().union(*(content(o.text) for o in obl.obliges)) if obl is not None else frozenset()


def _frequency_the_client_set(
    ff: FindingFacts, idx: ObligationIndex, r: Reading, p: Part, near: list[str]
) -> _Found | None:
    """A frequency demanded where the client's own document, named in the finding, sets another, the finding shows
    that one kept, and no requirement judged sets a frequency of its own: the organization's rule is the criterion
    the standard leaves it to make, and the auditor's different value is a preference ("bund inspections are
    monthly as EP-2 specifies, checklists complete; inspection shall be weekly"). Not decided where the demand is
    the document's own frequency (its lack is of the client's rule), where the finding records another frequency
    than the document's (the rule not kept: "EP-2 sets weekly; records show monthly"), or where a law or permit
    is the document (another discipline's criterion, not the organization's choice)."""
    if p.kind != "demand" or FREQUENCY.search(p.text) is None:
        return None
    asked = periods(p.text)
    rules = [q for q in _client_rules(ff, r) if q is not p and not _LEGAL_SOURCE.search(q.text)]
    own = [x for q in rules for x in periods(q.text)]
    if not asked or not own or any(_same_period(a, b) for a in asked for b in own):
        return None
    seen = [x for q in r.parts if q is not p and q not in rules and q.kind != "demand" for x in periods(q.text)]
    if any(not any(_same_period(x, b) for b in own) for x in seen):
        return None  # another frequency than the document's is recorded: its rule may not be kept
    judged = _judged(idx, near)
    if not judged or any(FREQUENCY.search(_obliges_text(c.obligation)) for c in judged):
        return None  # a requirement judged sets a frequency itself: it, not the client, is the yardstick
    c = next((x for x in judged if _aspect_left(x, "frequency") is not None), judged[0])
    left = _aspect_left(c, "frequency")
    freq = FREQUENCY.search(p.text)
    assert freq is not None
    return _frequency_left_open(
        p,
        c,
        freq.group(0),
        left.text
        if left is not None
        else "how often, which the organization's own document sets and the finding shows kept",
    )


# a lack dated to the times it fell on: months, weeks, quarters, dates
_DATED = re.compile(
    r"(?i)\b(?:for|in|from|during|since)\s+(?:the\s+)?(?:(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|weeks?\s+\d|"
    r"q[1-4]\b|(?:first|second|third|fourth|last)\s+(?:quarter|half|week|month)|\d{4}-\d\d-\d\d)"
)


def _repeats_clients_frequency(ff: FindingFacts, r: Reading, p: Part) -> bool:
    """The demand asks for the very frequency a document of the client's (a customer's, the law's) named in the
    finding sets: it restates that rule, whatever words it uses ("every three months" for "quarterly")."""
    if p.kind != "demand" or FREQUENCY.search(p.text) is None:
        return False
    asked = periods(p.text)
    own = [x for q in _client_rules(ff, r) if q is not p for x in periods(q.text)]
    return bool(asked) and all(any(_same_period(a, b) for b in own) for a in asked)


def _client_rules(ff: FindingFacts, r: Reading) -> list[Part]:
    """The parts that report what a document of the client's, a customer's or the law requires or sets."""
    return [q for q in r.parts if q.kind != "unread" and _client_rule(ff, q)]


def _manner_decided(
    ff: FindingFacts, idx: ObligationIndex, r: Reading, p: Part, near: list[str], manner: Manner
) -> _Found | None:
    """The layer's decision on a lack whose negation falls on a manner (engine/facts/reading.py, `manner_of`).

    Principle: a requirement obliges an act or an outcome and may leave to the organization how often, in what
    form, on what medium, by what method, approved by whom, shown by which credential. "X is not done every six
    months" records X done; only the auditor's modifier is missing. Where the clause judged obliges the act (it
    shares the act's words) and leaves open the aspect the modifier fills, and does not itself oblige the
    modifier, the lack is the auditor's own rule: `left_open`. It is not decided (None: the lack stands) where
    the modifier is what the clause obliges (an approval the clause asks for, a frequency the client's own
    document sets and the finding says is missed). It is `uncertain` (a warning, never a withdrawal) where the
    finding names a document that may set the modifier but not what it sets, where only some members or times
    lack it (the organization's own practice, missed), where a credential is mostly the law's (a licence, a
    permit), or where the clause obliges the act but says nothing of the aspect."""
    means = manner.means
    means_words = _words_of(means) - TIME
    rules = [q for q in _client_rules(ff, r) if q is not p]
    if manner.unused and not _means_only(idx, r, p, near, means_words):
        return None  # "no audit method is used": nothing shows the act done another way, or it is no means left open
    other_period = False  # the client's own document sets a frequency, not the auditor's, and it is not missed
    if manner.aspect == "frequency":
        unit = _unit_of(manner.done or means)
        wanted = [] if manner.done and means.endswith(manner.done) else periods(means, unit)  # "more often than"
        done = periods(manner.done, unit) if manner.done else []
        set_by_client = [d for q in rules for d in periods(q.text)]
        if wanted and any(_same_period(w, d) for w in wanted for d in set_by_client):
            return _stands(p)  # the client's own document sets that frequency: its requirement, recorded as not met
        if not set_by_client and any(_refers_to(q, means_words) for q in rules):
            return _uncertain(p, means, "a document named in the finding may set that frequency; it is not said")
        if done and set_by_client and not any(_same_period(x, d) for x in done for d in set_by_client):
            return _uncertain(p, means, "the frequency used is not the one the client's own document sets")
        other_period = bool(wanted and set_by_client) and not _long_ago(ff, r)
        if not set_by_client and _long_ago(ff, r):
            return _uncertain(
                p,
                means,
                "the finding says it was last done years ago, which may break the organization's own interval",
            )
    elif manner.aspect == "duration":
        return _duration_decided(idx, r, p, near, manner, rules)
    elif manner.aspect == "timing":
        return _timing_decided(idx, p, near, manner, rules)
    elif any(
        _refers_to(q, _own_words(p, means, means_words))
        if manner.aspect == "competence"
        else _refers_to(q, means_words)
        for q in rules
        if manner.aspect != "competence" or q.sentence != p.sentence  # one sentence: the rule is of it
    ) or (manner.aspect == "competence" and any(q.sentence == p.sentence for q in rules)):
        return _uncertain(p, means, "a document named in the finding may require that very means")
    if _MEASURED_AGAINST.search(p.text):
        return _stands(p)  # measured against a rule or plan the finding names: its own requirement, not met
    if _SOME.search(p.text):
        return _uncertain(p, means, "only some lack it: the organization's own practice may be what is missed")
    if manner.aspect == "competence":
        return _credential(idx, p, near, manner)
    act_words = _words_of(manner.act) - TIME
    if manner.unused:  # the act is the one the finding shows done otherwise
        act_words |= frozenset().union(*(_words(q) for q in r.parts if q.kind == "observed" and manner_named(q.text)))
    about_act = False
    for c in _judged(idx, near) + _obliging_act(ff, idx, near, act_words):
        own = _obliged_stems(c)
        if not act_words & (own | _about(c)):
            continue  # the clause does not oblige this act
        about_act = True
        if manner.aspect == "responsibility":
            if any(_APPROVAL.search(o.text) for o in c.obligation.obliges) if c.obligation is not None else False:
                return _stands(p)  # the clause asks for the approval: its lack (by whom it is given) is for it to judge
            head, subject = _subject(manner.act)
            if not (head & own or len(subject & own) >= 2):
                continue  # what goes unsigned is not what the clause obliges (a permit, an order): its own control
            # the very thing the clause obliges (the policy, the objectives, the risk assessment) goes unsigned: its
            # reference ("QP-01 issue 6") says which copy, and makes it no record of its own whose sign-off is asked
            if p.identified and not head & own:
                return _uncertain(p, means, "a record of its own goes unsigned: its own sign-off may be what is missed")
            return _left(
                p,
                c,
                means_words,
                _APPROVAL_NOUN.sub(lambda v: _NOUN_OF[v.group(1).lower()[:4]], means, count=1),
                ("responsibility",),
                "who signs or approves it, if anyone: it obliges no approval (responsibility)",
            )
        if means_words and means_words <= own:
            return _stands(p)  # the clause names the modifier itself
        left = _aspect_left(c, manner.aspect)
        if manner.aspect == "content":
            # asked of each member: where the clause uses every word of it ("the evaluation of each trainee"), it is
            # what the clause asks for; where not ("acceptance of the policy by each worker"), the auditor's own
            thing = _words_of(re.sub(r"(?i)\s+(?:by|of|from)\s+(?:each|every|all)\b.*$", "", means)) - TIME
            if not thing - own - _about(c):
                return _stands(p)
            left = _aspect_left(c, "content")
            leaves = f"{left.text} ({left.aspect})" if left is not None else "what it holds beyond that (content)"
            return _left(p, c, means_words, means, ("content",), leaves)
        if left is not None:
            return _left(p, c, means_words, means, (left.aspect,), f"{left.text} ({left.aspect})")
        if other_period:
            # "not visited annually; PUR-03 sets every three years": the client set its own interval, the clause
            # names none, and nothing says the client's interval is missed
            return _left(
                p, c, means_words, means, ("frequency",), "how often, which the client's own document sets (frequency)"
            )
        if manner.done and manner.aspect in ("method", "performer", "medium", "format"):
            # "checked by the supervisor observing work, not by a written exam": the act is done, in a manner the
            # clause does not name; the one the auditor names instead is theirs
            return _left(
                p, c, means_words, means, ("method",), "how it is done and by whom, which it names not (method)"
            )
    if about_act:
        return _uncertain(p, means, f"the requirement obliges the act but says nothing of its {manner.aspect}")
    return None


_DURATION = re.compile(
    r"(?i)(?<![\w./-])(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty)\s+(?P<u>hour|day|shift|week|month|quarter|year)s?\b"
)
_DURATION_NUMBER = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip


def durations(text: str) -> list[float]:
    """Each length of time the text names, in days ("15 years" 5475, "three days" 3, "one year" 365)."""
    out: list[float] = []
    for m in _DURATION.finditer(text):
        n = m.group("n").lower()
        out.append(_UNIT_DAYS[m.group("u").lower()] * (int(n) if n.isdigit() else _DURATION_NUMBER[n]))
    return out


def _duration_decided(
    idx: ObligationIndex, r: Reading, p: Part, near: list[str], manner: Manner, rules: list[Part]
) -> _Found | None:
    """A period other than a frequency (how long records are kept, how long a new worker is shadowed) said to be
    lacking, where the client's own document sets a period of its own.

    Principle: the same as a frequency's. Where the client's document sets that very period, the lack is of its own
    rule: it stands. Where it sets another, and the clause judged obliges the act without naming the auditor's
    period (a retention the organization defines, competence on its own criteria), the auditor's period is a rule
    of their own: `left_open` (a breach of the client's period, recorded elsewhere in the finding, keeps it by the
    grounding's other questions). With no period of the client's named, nothing is decided here (None).
    The client's period must be shown to hold: a period of the act recorded other than the client's ("kept 5
    years" where QP-4 sets 15: its rule not kept), a length the finding measures it against that is longer (a
    device lifetime of 20 years against 15 kept), or a floor the requirement itself sets that is longer (13485
    4.2.5's "not less than two years from product release" against one year kept) leaves the lack standing."""
    wanted = durations(manner.means)
    set_by_client = [d for q in rules for d in durations(q.text)]
    if not wanted or not set_by_client:
        return None
    if any(_same_period(w, d) for w in wanted for d in set_by_client):
        return _stands(p)  # the client's own document sets that period: its requirement, recorded as not met
    act_words = _words_of(manner.act) - TIME
    kept = min(set_by_client)
    if any(_ADDED_TO.search(q.text) for q in rules):
        kept = float("inf")  # "the lifetime of the device plus one year": the client's period is longer than its figure
    for q in r.parts:
        if q is p or q in rules or q.kind in ("demand", "unread"):
            continue
        lengths = durations(q.text)
        if _words(q) & act_words and any(not _same_period(x, d) for x in lengths for d in set_by_client):
            return None  # the act recorded at another period than the client's: its rule may not be kept
        if any(x > kept and not _same_period(x, kept) for x in lengths):
            return None  # a length the client's period is measured against, longer: it may fall short of it
    for c in _judged(idx, near):
        own = _obliged_stems(c)
        if not act_words & (own | _about(c)):
            continue
        floors = durations(" ".join(o.text for o in c.obligation.obliges)) if c.obligation is not None else []
        if any(f > kept and not _same_period(f, kept) for f in floors):
            return _stands(p)  # the requirement's own floor is longer than the client's period
        if _words_of(manner.means) - TIME and _words_of(manner.means) - TIME <= own:
            return _stands(p)  # the clause names the period itself
        left = _aspect_left(c, "duration")
        leaves = (
            f"{left.text} ({left.aspect})"
            if left is not None
            else "how long, within what it obliges, which the organization's own document sets (timing)"
        )
        aspect = left.aspect if left is not None else "timing"
        return _left(p, c, _words_of(manner.means) - TIME, manner.means, (aspect,), leaves)
    return _uncertain(p, manner.means, "the client's own document sets another period; no clause judged speaks of it")


# a document said to set no interval: "the procedure sets no fixed interval", "no review frequency is defined"
_NO_INTERVAL = re.compile(
    r"(?i)\b(?:sets?|defines?|specif(?:y|ies)|states?|gives?|names?|has|have|contains?|includes?)\s+no\s+"
    r"(?:(?:fixed|set|defined|specific|particular|review|minimum|maximum|re-?evaluation|inspection)\s+)*"
    r"(?:intervals?|frequenc(?:y|ies)|periodicity|time\s+limits?|deadlines?)\b"
    r"|\bno\s+(?:(?:fixed|set|defined|specific|particular|review|minimum|maximum|re-?evaluation|inspection)\s+)*"
    r"(?:intervals?|frequenc(?:y|ies)|periodicity|time\s+limits?|deadlines?)\s+(?:is|are|was|were|has\s+been|have\s+"
    r"been)\s+(?:set|defined|specified|fixed|stated|given)\b"
)
# an obligation that asks for the interval itself: "at specified intervals", "covering frequency", "at least annually"
_OBLIGES_INTERVAL = re.compile(
    r"(?i)\binterval|\bfrequen|\bperiodic|\bat\s+least\b|" + FREQUENCY.pattern.removeprefix("(?i)")
)


def _no_interval_set(idx: ObligationIndex, p: Part, near: list[str]) -> _Found | None:
    """A lack whose missing thing is an interval a document of the client's does not set ("the procedure sets no
    fixed interval"), where no requirement judged obliges one.

    Principle: where a requirement leaves how often (or when) to the organization and obliges no interval (the
    tree's obligation names none: 45001 6.1.2.2's review of risk assessments, 13485 7.4.1's re-evaluation as
    planned), a procedure silent on an interval is the organization's choice, not a nonfulfilment: `left_open`.
    Where the requirement itself asks for the interval (9001 7.1.5.2 "at specified intervals", 27001 9.2.2's
    programme "covering frequency", 14001 9.1.2 "the frequency is determined", IATF 6.1.2.3 "at least annually"),
    or a law or permit is the document, the lack stands (None)."""
    m = _NO_INTERVAL.search(p.text)
    if m is None or _LEGAL_SOURCE.search(p.text):
        return None
    judged = _judged(idx, near)
    if not judged or any(
        _OBLIGES_INTERVAL.search(o.text) for c in judged if c.obligation is not None for o in c.obligation.obliges
    ):
        return None
    c = next((x for x in judged if _aspect_left(x, "frequency") is not None), None)
    if c is None:
        return None
    left = _aspect_left(c, "frequency")
    assert left is not None
    return _Found(
        p,
        "left_open",
        frozenset(tokens(m.group(0))) - FRAME,
        m.group(0),
        c.number,
        c.title,
        obliges=_obliges_text(c.obligation),
        leaves=(left.aspect,),
        leaves_text=f"{left.text} ({left.aspect})",
    )


# a period added to another the document names: "the lifetime of the device plus one year", "two years beyond expiry"
_ADDED_TO = re.compile(r"(?i)\b(?:plus|beyond|in\s+addition\s+to|on\s+top\s+of|longer\s+than)\b")
_DAY_N = re.compile(r"(?i)\bday\s+(\d+)\b")


def _times(text: str) -> list[float]:
    """Each time after an event the text names, in days ("at 30 days" 30, "within two weeks" 14, "on day 90" 90)."""
    return durations(text) + [float(m.group(1)) for m in _DAY_N.finditer(text)]


def _timing_decided(idx: ObligationIndex, p: Part, near: list[str], manner: Manner, rules: list[Part]) -> _Found | None:
    """A lack whose negation falls on when an act is done after its event ("CAPA effectiveness is not checked at 30
    days"), where the client's own document named in the finding sets a time of its own.

    Principle: where the requirement obliges the act and leaves when to the organization (the tree's `<leaves
    aspect="timing">`, or no time it obliges), the client's own time is the criterion. A time of the auditor's
    earlier than the client's ("at 30 days" where QP-10 sets 90) asks for more than the client's rule: the
    auditor's preference, `left_open`. A time the same as the client's or later ("not checked after 140 days"
    where it sets 90) says the client's own time was missed: it stands. With no time of the client's named, or a
    clause that names the time itself, nothing is decided here (None, or the lack stands)."""
    wanted = _times(manner.means)
    set_by_client = [d for q in rules for d in _times(q.text)]
    if not wanted or not set_by_client:
        return None
    if any(w >= d or _same_period(w, d) for w in wanted for d in set_by_client):
        return _stands(p)  # not done by the client's own time, or later: its requirement, recorded as not met
    act_words = _words_of(manner.act) - TIME
    means_words = _words_of(manner.means) - TIME
    for c in _judged(idx, near):
        own = _obliged_stems(c)
        if not act_words & (own | _about(c)):
            continue
        if means_words and means_words <= own:
            return _stands(p)  # the clause names the time itself
        left = _aspect_left(c, "timing")
        leaves = (
            f"{left.text} ({left.aspect})"
            if left is not None
            else "when it is done, which the organization's own document sets (timing)"
        )
        return _left(p, c, means_words, manner.means, ("timing",), leaves)
    return _uncertain(p, manner.means, "the client's own document sets another time; no clause judged speaks of it")


_ANAPHOR = re.compile(
    r"(?i)\b(?:it|one|them|this|that|so|requires?|sets?|specif(?:y|ies)|demands?|stipulates?)\b\W*$"
    r"|\b(?:requires?|sets?|specif(?:y|ies)|asks?)\s+(?:it|one|them|this|that|so)\b"
)


def _own_words(p: Part, means: str, means_words: frozenset[str]) -> frozenset[str]:
    """The words of a credential that are its own, not the holder's ("a Certified Energy Manager credential" of "no
    member of the energy team holds ..."): a document defining the team's roles shares the team's words, and says
    nothing of the credential by that."""
    holder = p.text.replace(means, " ")
    return (means_words - _words_of(holder)) or means_words


def _refers_to(q: Part, means_words: frozenset[str]) -> bool:
    """A part naming a document's rule speaks of the means: it shares its words, or points back to it ("QP-09
    requires it")."""
    return bool(means_words & _words(q)) or bool(_ANAPHOR.search(q.text))


_AUXILIARY = re.compile(r"(?i)\b(?:is|are|was|were|has|have|had|does|do|did|isn't|aren't|wasn't|weren't|must|should)\b")
_PREPOSITION = re.compile(r"(?i)\s+(?:for|of|in|at|on|from|by|with|to|under)\s+")


# a document's reference, revision or issue, or a parenthesis: they name which copy, not what the thing is
_REFERENCE = re.compile(
    r"\([^)]*\)|\b[A-Za-z]{1,8}(?:-[A-Za-z0-9]+)*-\d[\w.-]*|\b(?:rev(?:ision)?|issue|version|ver|v)\b\.?\s*(?:\d[\w.]*|[A-Z]\b)",
    re.IGNORECASE,
)


def _subject(act: str) -> tuple[frozenset[str], frozenset[str]]:
    """The head noun of the act's subject and the subject's words: "assessment" and "risk assessment" of "the risk
    assessment for the paint shop is not signed"."""
    subject = _PREPOSITION.split(_AUXILIARY.split(act, maxsplit=1)[0], maxsplit=1)[0]
    subject = _REFERENCE.sub(" ", subject)  # "the quality policy (QP-01 issue 6)": the policy, not its issue
    words = _WORD.findall(subject)
    return (frozenset(tokens(words[-1])) if words else frozenset()), content(subject)


def _credential(idx: ObligationIndex, p: Part, near: list[str], manner: Manner) -> _Found | None:
    """A person's credential missing (a certificate, an exam, a formal qualification): competence is what the
    standard obliges, determined by the organization, and the criteria are its own. Left open where a clause
    judged (or else the standard's competence requirement) obliges competence and no clause judged obliges the
    credential itself; a licence or a permit, mostly the law's, stays uncertain."""
    what = manner.means
    cred = frozenset(tokens(what)) - FRAME
    if manner.legal:
        return _uncertain(p, what, "a licence or a permit is mostly required by law, which the finding does not name")
    clauses = _judged(idx, near)
    for c in clauses:
        if cred & _obliged_stems(c) - _COMPETENCE and _heads(what) & _obliged_stems(c):
            return _stands(p)  # the clause judged obliges that very credential
    for c in clauses:
        named = idx.left_open(cred | _heads(what), [c.number])
        if named is not None and named.clause.number == c.number:
            # "the laboratory is not accredited to ISO/IEC 17025" where the clause leaves who calibrates open
            return _left(p, c, cred, what, (named.left.aspect,), f"{named.left.text} ({named.left.aspect})")
    competent = [c for c in clauses if _obliged_stems(c) & _COMPETENCE]
    if not competent:
        found = idx.obliged_by(_COMPETENCE)
        competent = [found[0].clause] if found is not None else []
    for c in competent:
        left = _aspect_left(c, "competence")
        leaves = f"{left.text} ({left.aspect})" if left is not None else "the criteria of competence (method)"
        aspect = left.aspect if left is not None else "method"
        return _left(p, c, cred, what, (aspect,), leaves)
    return None


# a value stated as a rule: "a minimum Cpk of 1.67 applies", "the threshold shall be 5%"
_VALUE_RULE = re.compile(
    r"(?i)\b(?:applies|apply|(?:is|are)\s+required|minimum|maximum|at\s+least|at\s+most|no\s+(?:more|less|fewer)\s+"
    r"than|not\s+(?:exceed|below|above))\b"
)
# a value the organization's own document, or its customer's, sets: "the customer's requirement is 1.33", "the
# client's documented criterion is 10%"
_OWNED_VALUE = re.compile(
    r"(?i)\b(?:customer|client|organi[sz]ation|company)(?:'s|s'|s)?\s+(?:[\w-]+\s+){0,2}?(?:requirements?|criteri(?:on|a)|"
    r"thresholds?|limits?|targets?|specifications?|values?|levels?)\b|\b(?:its|their)\s+own\s+(?:[\w-]+\s+)?"
    r"(?:criteri(?:on|a)|thresholds?|limits?|targets?|values?|levels?)\b"
)
_VALUE = re.compile(r"(?<![\w.-])(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?![\w-])")


def _value_of_its_own(ff: FindingFacts, idx: ObligationIndex, r: Reading, p: Part, near: list[str]) -> _Found | None:
    """A number the auditor sets as a rule where the finding names the one the organization's own document (or
    its customer's) sets, and it is another.

    Principle: where a requirement leaves a value to the organization (a capability index, a significance
    threshold, an interval), the value is the one its own criteria or its customer's requirement set; "a minimum
    Cpk of 1.67 applies" beside "the customer's requirement is 1.33" is the auditor's own figure: `left_open`.
    Where the client's figure is the auditor's, or anything recorded says the client's own figure is missed (a
    lack the grounding leaves unexplained), the finding stands."""
    if p.kind == "unread" or _OWNED_VALUE.search(p.text) or _client_rule(ff, p):
        return None
    if not (p.kind == "demand" and p.mood == "modal" or p.kind == "observed" and _VALUE_RULE.search(p.text)):
        return None
    mine = {float(v) for v in _VALUE.findall(p.text)}
    if not mine:
        return None
    owned = [
        {float(v) for v in _VALUE.findall(q.text)}
        for q in r.parts
        if q is not p and q.kind != "unread" and _OWNED_VALUE.search(q.text)
    ]
    owned = [v for v in owned if v]
    if not owned or any(mine & v for v in owned):
        return None
    clauses = _judged(idx, near)
    if not clauses:
        return None
    c = clauses[0]
    return _Found(
        p,
        "left_open",
        _words(p),
        " ".join(p.text.split()),
        c.number,
        c.title,
        obliges=_obliges_text(c.obligation),
        leaves=("extent",),
        leaves_text="the value, which the organization's own criteria or its customer's requirement set (extent)",
    )


def _obliging_act(ff: FindingFacts, idx: ObligationIndex, near: list[str], act_words: frozenset[str]) -> list[Clause]:
    """For a finding citing no clause, the requirement obliging the act, judged after the clauses inferred: the
    inferred clause is judged as a cited one would be ("the quality policy is not signed", uncited, is judged
    against the policy's requirement, not only the leadership or communication one its other words point to)."""
    if ff.primary.clause is not None or not act_words:
        return []
    found = idx.obliged_by(act_words)
    if found is None or found[1] < 2 and len(act_words) > 1:
        return []
    judged = {c.number for c in _judged(idx, near)}
    return [c for c in _judged(idx, [found[0].clause.number]) if c.number not in judged]


def _means_only(idx: ObligationIndex, r: Reading, p: Part, near: list[str], means_words: frozenset[str]) -> bool:
    """A means said not used or not in place is the lack of that means only: it is a means a clause judged leaves
    open (or a thing it does not require), and the finding shows the act done otherwise (something observed
    beside the lack: "competence is confirmed through on-the-job observation; no written exam is used")."""
    if not means_words:
        return False
    named = idx.left_open(means_words, near) is not None or idx.not_required(means_words, False, near) is not None
    observed = [q for q in r.parts if q is not p and q.kind == "observed" and _words(q)]
    # shown done in a manner of its own ("inspections are recorded on tablets; paper checklists are not used")
    return bool(observed) and (named or any(manner_named(q.text) for q in observed))


def _heads(text: str) -> frozenset[str]:
    """The credential's own noun ("certificate" of "a lead auditor certificate")."""
    m = re.search(r"(?i)(certificate|certification|diploma|degree|exam|examination|accreditation|qualification)", text)
    return frozenset(tokens(m.group(1))) if m else frozenset()


def _left(p: Part, c: Clause, words: frozenset[str], means: str, aspects: tuple[str, ...], leaves: str) -> _Found:
    return _Found(
        p,
        "left_open",
        words or _words(p),
        " ".join(means.split()),
        c.number,
        c.title,
        obliges=_obliges_text(c.obligation),
        leaves=aspects,
        leaves_text=leaves,
        manner=True,
    )


def _stands(p: Part) -> _Found:
    """The lack is of what the clause or the client's own document obliges: nothing else is to explain it away."""
    return _Found(p, "stands", frozenset(), "", "", "")


def _uncertain(p: Part, means: str, why: str) -> _Found:
    return _Found(p, "uncertain", _words(p), f"{' '.join(means.split())}: {why}", "", "")


# a rule the part takes from a document it names: "per procedure QP-12", "according to the customer's drawing"
_PER_DOCUMENT = re.compile(
    r"(?i)\b(?:per|as\s+per|according\s+to|in\s+accordance\s+with|under|following)\s+(?:the\s+)?(?:client's\s+|"
    r"customer's\s+|company's\s+|its\s+|their\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:procedure|plan|instruction|policy|"
    r"specification|contract|manual|drawing|permit|licen[cs]e|regulation|law|schedule|agreement|"
    r"[A-Z]{1,6}(?:-[A-Z]{1,6})*-\d[\w.-]*)"
)
_DOCUMENT_REQUIRES = re.compile(
    r"(?:\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d[\w.-]*|(?i:\b(?:procedure|plan|policy|contract|specification|instruction|"
    r"manual|permit|licen[cs]e|regulations?|schedule|agreement|customers?|regulator|authority|law|legislation|act|"
    r"directive|decree|ordinance|customer[- ]specific\s+requirements?|CSRs?)))\s+(?:[\w.'’-]+\s+){0,3}?"
    r"(?i:requires?|sets?|specif(?:y|ies)|"
    r"mandates?|states?|calls\s+for|defines?|stipulates?|prescribes?|schedules?)\b"
)


@lru_cache(maxsize=4096)
def _names_a_document_rule(text: str) -> bool:
    return bool(_DOCUMENT_RULE.search(text) or _DOCUMENT_REQUIRES.search(text) or _PER_DOCUMENT.search(text))


_FREQUENCY_WORDS = re.compile(
    r"(?i)\b(?:daily|weekly|monthly|quarterly|annual\w*|yearly|hourly|each\s+(?:day|week|month|year)|"
    r"every\s+(?:\d+|other|two|three|four|six|twelve|day|week|month|quarter|year|shift|hour)|"
    r"twice|once|times\s+a|per\s+(?:day|week|month|year)|interval|frequen\w*|years?|months?|weeks?|days?|"
    r"hours?|life|lifetime|period)\b"
)
_NOT_DONE = re.compile(r"(?i)\b(?:did|does|do|was|were|is|are|has|have|had)\s+not\b|\bwithout\b|\bno\b|\bnever\b")


def _share_a_word(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of stems share a word, or a word's family ("drawing" / "drawn": the first four letters)."""
    return bool(a & b) or any(len(x) >= 4 and len(y) >= 4 and x[:4] == y[:4] for x in a for y in b)


_DEVIATION = re.compile(
    r"(?i)\b(?:not|no|none|neither|nor|only|without|whereas|instead|missing|absent|expired|overdue|but)\b"
)
# the kinds of document a client's requirement is written in: shared with an entry, they name no thing required
_DOCUMENT_NOUNS = _words_of(
    "policy policies procedure procedures plan plans document documents record records manual "
    "instruction instructions register list form"
)


def _rule_of_the_lacking(m: _Found, q: Part, text: str) -> bool:
    """A document's rule (the client's, a customer's, the law's) that asks for the very means or thing decided
    lacking: it names the thing itself ("Procedure SP-4 requires a Net Promoter Score ...; no Net Promoter Score is
    calculated"), or it follows the lack in its own sentence as a relative clause ("layered process audits are not
    carried out, which OEM-B's customer-specific requirements require"). The lack is then of that rule, not of the
    auditor's preference."""
    if q is m.part or q.field != m.part.field:
        return False
    if (
        (m.words - _DOCUMENT_NOUNS)
        and (m.words - _DOCUMENT_NOUNS) <= _words(q)
        and not _FREQUENCY_WORDS.search(q.text)
        and not _FREQUENCY_WORDS.search(m.part.text)
    ):
        return True  # a period the rule sets is compared as a period, by the grounding's other questions
    if (
        q.sentence != m.part.sentence
        or q.start < m.part.end
        or text[m.part.end : q.start].strip(" ,")
        not in (
            "",
            "which",
        )
    ):
        return False
    return bool(_RELATIVE_RULE.match(text[m.part.end : q.end]))


# the words that join a document's rule to the lack before it as a relative clause: ", which", ", although"
_RELATIVE_RULE = re.compile(r"(?i)^\s*,?\s*(?:which|although|though|even\s+though|whereas)\b")


def _owned_by_client(ff: FindingFacts, r: Reading, decided: list[_Found]) -> _Found | None:
    """The decided means or entry that the client's own rule (a customer's, the law's) in the finding asks for,
    so that its lack is of that rule, not the auditor's preference; None where there is none.

    - What the standard does not require, the client's document may: a part reports that a document requires the
      very thing, and a lack of it is recorded ("control plan CP-12 requires a first-off check; job J-4411
      started without one").
    - "... did not state the drawing revision, which SOP-PUR-02 requires on every PO": the lack is measured
      against the client's rule in its own sentence (a frequency is compared as a period instead).
    - A demand that follows a breach of the client's own rule is the auditor's remedy (a solution: SO01), not the
      basis of the finding: "policy ISP-07 requires MFA ...; 14 accounts use a password only. It is recommended
      to migrate ..." stands on the policy."""
    if not decided:
        return None
    client_parts = _client_rules(ff, r)
    for m in decided:
        if (
            m.outcome in ("not_required", "left_open")
            and m.part.kind == "lacking"
            and any(_rule_of_the_lacking(m, q, ff.text(q.field)) for q in client_parts)
        ):
            return m
        if (
            m.outcome == "not_required"
            and r.lacking
            and any(q is not m.part and (m.words & _words(q)) - _DOCUMENT_NOUNS for q in client_parts)
        ):
            return m
        if (
            m.outcome == "left_open"
            and m.part.kind in ("lacking", "demand")
            and _NOT_DONE.search(m.part.text)
            and not _FREQUENCY_WORDS.search(m.part.text)
            and any(
                _share_a_word(_words(m.part) - _DOCUMENT_NOUNS, _words(q) - _DOCUMENT_NOUNS)
                and not _FREQUENCY_WORDS.search(q.text)
                for q in client_parts
                if q.sentence == m.part.sentence
            )
        ):
            return m
    if not all(m.part.kind == "demand" for m in decided):
        return None
    breach = [
        q
        for q in r.parts
        if q.kind in ("lacking", "observed")
        and q not in client_parts
        and _DEVIATION.search(without_denied_defects(q.text))
        and any(
            _share_a_word(_words(q) - _DOCUMENT_NOUNS, _words(c) - _DOCUMENT_NOUNS)
            or (q.sentence - c.sentence in (0, 1) and q.start > c.start)  # "whereas CRA-017 specifies ...; neither"
            for c in client_parts
        )
    ]
    if breach and all(m.part.start > breach[0].start for m in decided):
        return decided[0]
    return None


_LEGAL_SOURCE = re.compile(r"(?i)\b(?:regulations?|law|act|directive|permit|licen[cs]e|consent|statutory|legal)\b")
# a further clause joined to the part: "... instead of in the quarantine cage, and it was on the pick list"
_FURTHER_CLAUSE = re.compile(r"(?i)\s*,\s*(?:and|but|so|whereas|while)\s+(?:\w+\s+){0,3}?(?:was|were|is|are|had|has)\b")


def _further_fact(ff: FindingFacts, p: Part) -> bool:
    """The sentence goes on, after the part, with a fact of its own joined to it: the part is then not a manner
    alone but one side of what was found (a reject pallet among released ones, and on the pick list)."""
    return _FURTHER_CLAUSE.match(ff.text(p.field), p.end) is not None


def _hit_in_part(ff: FindingFacts, p: Part, *lexicons: str) -> bool:
    """A hit of one of the lexicons starts inside the part."""
    return any(f == p.field and p.start <= h.start < p.end for lex in lexicons for f, h in ff.hits.get(lex, ()))


def _names_a_record(ff: FindingFacts, p: Part) -> bool:
    """The part names documented information of what was done (lexicon `record_form`: a log, a register, a file)."""
    return _hit_in_part(ff, p, "record_form")


def _client_rule(ff: FindingFacts, p: Part) -> bool:
    """The part reports what a document names as required: the client's own ("QP-07 states that gauges must
    ..."), a customer's, or a legal one ("required by permit P-12")."""
    if _names_a_document_rule(p.text):
        return True
    return _hit_in_part(ff, p, "client_criteria")


# the words that make a document the yardstick of what is lacking
_MEASURED_BY = re.compile(
    r"(?i)\b(?:follow\w*|per|in\s+line\s+with|according\s+to|in\s+accordance\s+with|method\s+of|approach\s+of|"
    r"(?:as\s+)?(?:described|set\s+out|recommended|given)\s+(?:in|by)|as\s+required\s+(?:in|by)|built\s+as|"
    r"describes?|based\s+on|aligned\s+with|consistent\s+with|compl(?:y|ies)\s+with|conform\w*\s+(?:to|with)|using|"
    # the document made the yardstick by the verb of meeting it ("does not meet ISO 10002", "not compliant with")
    r"meet|meets|met|(?:non-?)?compliant\s+with|in\s+compliance\s+with|aligned\s+to|falls?\s+short\s+of|"
    r"deviat\w*\s+from|depart\w*\s+from)\b"
    r"(?:\W+\w+){0,6}\W*$"
)


_DESCRIBES = re.compile(
    r"(?i)^\W*(?:(?:clause|section|annex)\s+[\w.]+\s+)?(?:describes|recommends|suggests|sets\s+out|advises|proposes|"
    r"requires|demands|mandates|calls\s+for|specifies|prescribes|stipulates|expects|"
    # the document itself said not adopted: "ISO 14004 has not been implemented", "ISO 10002 is not applied"
    r"(?:has|have|is|are|was|were)\s+not\s+(?:been\s+)?(?:implemented|applied|adopted|followed|used))\b"
)


# the auditor states what a guidance document "requires": an observation that makes the guidance the rule
_GUIDANCE_AS_RULE = re.compile(r"(?i)\b(?:requires|demands|mandates|calls\s+for|prescribes|stipulates)\b")
# an annex written as the yardstick: "Annex A of ISO 14001", "Annex A.4 of the standard", "Annex A"
_ANNEX = re.compile(
    r"(?i)\bannex\s+(?P<n>[A-Z](?:\.\d+)*)\b(?:\s+(?:of|to|in)\s+(?:(?:the|this)\s+(?:standard|document)\b|"
    r"(?P<std>(?:ISO|IEC)[^,;.]{0,30})))?"
)


def _informative_annex(ff: FindingFacts, std: Standard, text: str) -> str | None:
    """An annex of the standard audited that the text makes its yardstick ("not arranged according to Annex A of
    ISO 14001") and that the tree marks informative (normative="false"): guidance on the use of the standard, not
    its requirements (ISO/IEC 17021-1 9.2.1.3). None for a normative annex (ISO/IEC 27001 Annex A) or another
    standard's."""
    for m in _ANNEX.finditer(text):
        if not (_MEASURED_BY.search(text[max(0, m.start() - 60) : m.start()]) or _DESCRIBES.match(text[m.end() :])):
            continue
        if m.group("std"):
            named = standards_named(m.group("std"))
            other = ff.lib.resolve(named[0]) if named else None
            if other is None or other.family != std.family:
                continue  # another standard's annex: judged as that document (above)
        annex = std.clauses.get(m.group("n").split(".")[0].upper())
        if annex is not None and annex.kind == "annex" and not annex.normative:
            return f"{std.designation} Annex {m.group('n')} (informative)"
    return None


def _guidance_named(ff: FindingFacts, std: Standard, p: Part) -> str | None:
    """A document the part measures against that is not a requirements standard of the library (ISO 19011, ISO
    31000, ISO/IEC 27005, ISO 14004): guidance, not the audit criteria. Or, where the finding cites a guidance
    document (a tree of the library's of kind guidance, or one of standards/guidance-documents.yaml) and the
    part's lack or demand is no subject the standard audited covers (its best requirement holds less than half
    of the part's words): the guidance cited is its only basis. None otherwise."""
    annex = _informative_annex(ff, std, p.text)
    if annex is not None:
        return annex
    for name in standards_named(p.text):
        at = p.text.find(name)
        after = p.text[at + len(name) : at + len(name) + 40] if at >= 0 else ""
        if not (_MEASURED_BY.search(p.text[max(0, at - 60) : max(at, 0)]) or _DESCRIBES.match(after)):
            continue  # named, not made the yardstick ("contrary to ISO 19011" records a lack of its own)
        if _made_mandatory(ff, p):
            continue  # a scheme, customer or regulator named makes the document a requirement (r9-scope)
        other = ff.lib.resolve(name)
        if other is None or not other.is_requirements:
            if other is not None and other.family == std.family:
                continue
            known = known_guidance(name) if other is None else None
            return other.designation if other is not None else (known.designation if known else name)
    cited = _guidance_cited(ff)
    if cited is None or p.kind not in ("lacking", "demand") or _client_rule(ff, p):
        return None
    words = _words(p) - TIME
    if not words:
        return None
    if p.kind == "lacking" and (ff.fact.get("client_requirement") or _obligation_unmet(ff.lib, std, p)):
        return None  # a requirement of the standard audited, or the client's own, is recorded unmet: judged on it
    if p.kind == "demand" and covered_by_standard(ff.lib, std, words):
        return None  # it asks for a subject of the standard audited: judged against its requirement
    return cited


def _made_mandatory(ff: FindingFacts, p: Part) -> bool:
    """The part's sentence says a scheme, a customer or a regulator it names makes the document mandatory (lexicon
    `client_criteria`: "which the FSSC 22000 scheme makes mandatory"): then it is a requirement of the audit."""
    text = ff.text(p.field)
    ends = [m.end() for m in re.finditer(r"[.;]\s", text)]
    start = max((e for e in ends if e <= p.start), default=0)
    end = min((e for e in ends if e > p.start), default=len(text))
    return any(
        f == p.field and start <= h.start < end and re.search(r"(?i)mandatory|compulsory|binding", text[h.start : end])
        for f, h in ff.hits.get("client_criteria", ())
    )


def _particulars_of(ff: FindingFacts, std: Standard, guided: Part, lack: Part) -> bool:
    """The lack gives the particulars of a guided part: it follows it after a colon in the statement ("does not
    meet ISO 10002: no published policy, no response-time objective"), names elements absent (no case recorded,
    no act said not done) and records no obligation of the standard audited unmet, nor the client's own rule.
    Principle: what follows the colon is the guidance's yardstick spelled out (ISO/IEC 17021-1 9.2.1.3); a
    requirement recorded unmet there keeps the finding judged on it."""
    if guided.field != "statement" or lack.field != "statement" or lack.start < guided.end:
        return False
    between = ff.finding.statement[guided.end : lack.start]
    if ":" not in between or between.strip(" :;-\u2013\u2014,"):
        return False
    if lack.identified or _NEGATED_VERB.search(lack.text):
        return False  # a case recorded ("complaints CR-14 to CR-30"), or an act not done ("are not recorded")
    return not (ff.fact.get("client_requirement") or _client_rule(ff, lack) or _obligation_unmet(ff.lib, std, lack))


# the verb a lack cue negates ("is not evaluated", "were not determined", "has not been reviewed")
_NEGATED_VERB = re.compile(r"(?i)\b(?:not|never)\s+(?:been\s+|yet\s+|being\s+)?(?P<verb>[a-z]+(?:ed|en|wn|ht)|done)\b")


def _obligation_unmet(lib: StandardLibrary, std: Standard, p: Part) -> bool:
    """Where a guidance document is cited as the basis, whether the lack is of what an obligation of the standard
    audited names, not of the guidance's own structure, method or yardstick. Principle: the finding is measured
    against the guidance it cites (ISO/IEC 17021-1 9.2.1.3); it stands only on a requirement recorded unmet: the
    thing an obligation names is itself lacking ("no CCPs have been determined", "no energy baseline"), or the
    act an obligation obliges, of a subject of the standard, is negated with nothing after it but what that
    obligation says ("environmental performance is not evaluated", "complaints were not analysed"); not "the
    indicators are not structured into the three categories" or "CCPs
    were not determined using the decision tree" (a manner the guidance describes)."""
    idx = obligation_index(std)
    for m in _NO_THING.finditer(p.text):
        thing = content(m.group("thing")) - TIME
        named = thing and not identifiers(m.group("thing"), most=1)
        if named and any(len(thing & o.stems) >= min(2, len(thing)) for o in idx.obligations):
            return True  # "no CCPs", "no energy baseline", "without a hazard analysis"
    for m in _NEGATED_VERB.finditer(p.text):
        verb = set(tokens(m.group("verb")))
        subject = _words_of(p.text[: m.start()]) - TIME
        rest = _words_of(_CLAUSE_END.split(p.text[m.end() :], maxsplit=1)[0]) - TIME
        acts = [o for o in idx.obligations if verb & o.stems]
        if not subject or not acts:
            continue
        # the subject is one of the standard's (one clause holds half of it, or the act's obligation names it)
        if not (covered_by_standard(lib, std, subject) or any(subject & o.stems for o in acts)):
            continue
        if any(rest <= o.stems | subject for o in acts):
            return True  # "were not analysed", "is not evaluated for the site": the act obliged, not done
    return False


# a thing said to be lacking, named just after the cue ("no CCPs", "without a documented hazard analysis")
_NO_THING = re.compile(
    r"(?i)\b(?:no|without|lack\s+of|absence\s+of|missing)\s+(?:an?\s+|any\s+)?(?P<thing>(?:[\w-]+\s+){0,2}[\w-]+)"
)
_CLAUSE_END = re.compile(r"(?i)[;:,]|\b(?:and|but|while|whereas)\b")


def _guidance_cited(ff: FindingFacts) -> str | None:
    """The guidance document the finding's citation names ("ISO/IEC 27002:2022, 8.15", "ISO 50006 5.2"), or None."""
    cit = ff.primary
    if cit.cited_standard is not None and not cit.cited_standard.is_requirements:
        clause = f" {cit.clause.number}" if cit.clause is not None else ""
        return cit.cited_standard.designation + clause
    if cit.status == "unknown_standard" and cit.ref is not None:
        known = known_guidance(cit.ref.standard_text)
        if known is not None:
            return f"{known.designation} {cit.ref.number}".strip()
    # the clause field names a guidance document, with or without a part of it ("ISO 14031", "Codex CXC 1-1969,
    # Diagram 2"): that is the basis the auditor gives, however its number was read
    written = (ff.finding.clause or "").strip()
    known = known_guidance(written)
    if known is not None and cit.status != "resolved":
        return written
    return None


def _record(ff: FindingFacts, outcome: str, g: Grounding) -> str:
    ff.ctx["grounding_record"] = g
    ff.ctx["grounding_demand"] = g.demand or ""
    ff.ctx["grounding_reason"] = g.reason or ""
    return outcome


def _nearest(idx: ObligationIndex, words: frozenset[str], near: list[str]) -> tuple[str, str, list[str]]:
    """The nearest obligation in our words, its clause, and what its requirement leaves open: of the cited or
    inferred clause where it has obligations, else the one of the standard sharing most words (two at least)."""
    for number in near:
        c = idx.std.clauses.get(number)
        obl = c.obligation if c is not None else None
        if c is not None and obl is not None and obl.obliges:
            best = max(obl.obliges, key=lambda o: len(content(o.text) & words))
            return best.text, f"{c.number} {c.title}", list(obl.leaves_open)
    found = idx.obliged_by(words, near)
    if found is None or found[1] < 2:
        return "", "", []
    o = found[0]
    obl = o.clause.obligation
    return o.obliges.text, f"{o.clause.number} {o.clause.title}", list(obl.leaves_open) if obl else []


@fact(
    "grounding",
    values=OUTCOMES,
    reads=(
        "reading",
        "client_requirement",
        "legacy_demand",
        "guidance_only_basis",
        "guidance_yardstick",
        "cit_status",
        "requirement_inferred",
        "out_of_scope",
        "wording",
        "lexicon:specific_means",
        "lexicon:prescriptive",
        "lexicon:client_criteria",
        "lexicon:record_form",
        "tree",
    ),
)
def grounding(ff: FindingFacts) -> str:
    """Where the finding's demand is grounded in the obligation layer: grounded | left_open | not_required |
    other_standard | guidance_only | nowhere | uncertain | unjudged (see the module's docstring)."""
    std = ff.criteria
    r: Reading | None = ff.ctx.get("reading")
    if std is None or not std.is_requirements or r is None:
        return _record(ff, "unjudged", Grounding(outcome="uncertain", reason="no requirements standard to judge by"))
    idx = obligation_index(std)
    if not idx.has_layer:
        why = f"{std.designation} carries no obligation layer yet"
        return _record(ff, "unjudged", Grounding(outcome="uncertain", reason=why))
    near = clauses_judged_first(ff, std)
    demand_words = "; ".join(" ".join(p.text.split()) for p in (r.demands or r.lacking)[:2])[:300] or None

    if ff.fact.get("out_of_scope"):
        return _outside(ff, std, demand_words)
    if ff.fact.get("legacy_demand"):
        return _record(
            ff,
            "not_required",
            Grounding(
                demand=demand_words,
                outcome="not_required",
                reason=f"{std.designation} no longer asks for what its 2008 edition required",
            ),
        )
    client_set = {
        f.group(0) for p in r.parts if _client_rule(ff, p) for f in FREQUENCY.finditer(p.text)
    }  # frequencies a document of the client's sets
    # the finding records how the organization meets the requirement: an observation naming its records
    met_otherwise = any(p.kind == "observed" and p.identified for p in r.parts)
    recorded_otherwise = any(p.kind == "observed" and p.identified and _names_a_record(ff, p) for p in r.parts)
    found: list[_Found] = []
    for p in r.parts:
        # the client's own procedure asking it makes it the client's system, whatever discipline it names (a law
        # or permit named is another discipline's criterion, not the client's system)
        own = _client_rule(ff, p) and not _LEGAL_SOURCE.search(p.text)
        foreign = None if own else (_foreign_term(ff, std, p) or _foreign_beside(ff, std, p))
        settled = foreign or _value_of_its_own(ff, idx, r, p, near)
        if settled is not None:
            found.append(settled)
            continue
        unset = _no_interval_set(idx, p, near) if p.kind == "lacking" else None
        if unset is not None:
            found.append(unset)
            continue
        if p.kind in ("observed", "unread") or _client_rule(ff, p):
            continue
        manner = manner_of(p.text) if p.kind == "lacking" and not _further_fact(ff, p) else None
        m = _manner_decided(ff, idx, r, p, near, manner) if manner is not None else None
        if m is not None and m.outcome == "stands":
            continue
        if m is None:
            # only a record's form (minutes, a log) needs a record of another form; a manual is no record
            m = _match(idx, p, near, met_otherwise, recorded_otherwise or not _names_a_record(ff, p))
        if m is None and p.kind == "demand" and p.mood in ("modal", "imperative"):
            manner = manner_asked(p.text, p.asked)
            m = _manner_decided(ff, idx, r, p, near, manner) if manner is not None else None
            if m is not None and m.outcome != "left_open":
                m = None  # a demand the manner does not decide is for the other questions of the layer
        if m is not None and m.outcome == "left_open" and m.text in client_set:
            m = None  # the frequency is the one the client's own document sets: its requirement, not the auditor's
        if m is not None and m.outcome == "left_open" and p.kind == "lacking" and _DATED.search(p.text):
            m = None  # "the checklists for May and June are missing": the act unrecorded at those times, no means
        if m is None:
            m = _frequency_the_client_set(ff, idx, r, p, near)
        if m is None:
            m = _beyond_the_standard(ff, idx, std, p, near)
        if m is not None and m.outcome in ("left_open", "nowhere") and _repeats_clients_frequency(ff, r, p):
            m = None  # "ACP-1 sets quarterly reviews; only one was held. Reviews should be quarterly": its rule
        if m is not None:
            found.append(m)
    guided_parts = [
        (p, name)
        for p in r.parts
        if (p.kind != "observed" or _GUIDANCE_AS_RULE.search(p.text)) and (name := _guidance_named(ff, std, p))
    ]
    guided = {id(p): name for p, name in guided_parts}
    matched = {id(m.part) for m in found} | set(guided)
    explained = [
        p
        for p in r.lacking
        if id(p) in matched
        or any(
            m.outcome in ("left_open", "not_required") and m.words & _words(p) and _every_lack_of(p, m.words)
            for m in found
            if m.part is not p
        )
        or (p.anaphoric and any(_just_before(r, m.part, p) for m in found if not m.manner))
        or (p.anaphoric and any(_just_before(r, q, p) for q, _ in guided_parts))  # "ISO 50006 requires X; none"
        or any(_particulars_of(ff, std, q, p) for q, _ in guided_parts)  # "... to ISO 10002: no policy, no target"
        or any(m.outcome in ("nowhere", "other_standard") and _lack_is_of(p, m.asked) for m in found if m.part is not p)
    ]
    unexplained = [p for p in r.lacking if p not in explained]

    if ff.fact.get("guidance_only_basis") or ((guided or ff.fact.get("guidance_yardstick")) and not unexplained):
        nearest, where, leaves = _nearest(idx, frozenset(tokens(ff.finding.statement)), near)
        ff.ctx["grounding_guidance"] = next(iter(guided.values()), None) or ff.ctx.get("preference_words", "")
        ff.ctx["grounding_clause"] = where or "no requirement"
        ff.ctx["grounding_obliges"] = nearest or "no obligation near it"
        ff.ctx["grounding_means"] = ff.ctx["grounding_guidance"]
        return _record(
            ff,
            "guidance_only",
            Grounding(
                demand=demand_words,
                obliges=nearest or None,
                leaves_open=leaves,  # type: ignore[arg-type]
                outcome="guidance_only",
                reason="only a guidance document names what is asked; nothing recorded shows a requirement unmet",
            ),
        )
    if unexplained:
        words = frozenset().union(*(_words(p) for p in unexplained))
        nearest, where, leaves = _nearest(idx, words, near)
        client = ff.fact.get("client_requirement")
        why = (
            f"the client's own requirement ({ff.ctx.get('client_document', 'its document')}) is recorded as not met"
            if client
            else f"recorded as not done or not there: '{' '.join(unexplained[0].text.split())[:120]}'"
        )
        lack = "; ".join(" ".join(p.text.split()) for p in unexplained[:2])[:300]
        return _record(
            ff,
            "grounded",
            Grounding(
                demand=lack,
                obliges=nearest or None,
                leaves_open=leaves,  # type: ignore[arg-type]
                outcome="grounded",
                reason=why + (f"; nearest obligation: {where}" if where else ""),
            ),
        )
    unread = [p for p in r.parts if p.kind == "unread"]
    if found and not unread and ff.fact.get("wording") == "not_english":
        unread = list(r.parts)  # a statement in another language: its cues of a lack are not ours to read
    if unread and found:
        return _record(
            ff,
            "uncertain",
            Grounding(
                demand=demand_words,
                outcome="uncertain",
                reason="part of the finding is in words this reader does not read, and may record the obligation "
                f"unmet: '{' '.join(unread[0].text.split())[:80]}'",
            ),
        )
    doubts = [m for m in found if m.outcome == "uncertain"]
    if doubts:
        return _record(
            ff,
            "uncertain",
            Grounding(
                demand=demand_words,
                outcome="uncertain",
                reason=f"it turns on a manner the layer cannot call the auditor's own ({doubts[0].text})",
            ),
        )
    decided = [m for m in found if m.outcome in ("not_required", "left_open")]
    owner = _owned_by_client(ff, r, decided)
    if owner is not None:
        return _record(
            ff,
            "grounded",
            Grounding(
                demand=" ".join(owner.part.text.split())[:300],
                outcome="grounded",
                reason=f"the client's own requirement ({ff.ctx.get('client_document', 'its document')}) asks for "
                "it, and the finding records it not done",
            ),
        )
    if decided:
        m = next((x for x in decided if x.outcome == "not_required"), decided[0])
        return _decide(ff, std, m)
    rules = [m for m in found if m.outcome in ("other_standard", "nowhere")]
    if rules:
        m = next((x for x in rules if x.outcome == "other_standard"), rules[0])
        return _decide(ff, std, m)
    asked = [p for p in r.demands if not _client_rule(ff, p)]
    uncovered = sorted({w for p in asked for w in idx.uncovered(_words(p))})
    if asked and uncovered:
        nearest, where, leaves = _nearest(idx, frozenset().union(*(_words(p) for p in asked)), near)
        return _record(
            ff,
            "uncertain",
            Grounding(
                demand=demand_words,
                obliges=nearest or None,
                leaves_open=leaves,  # type: ignore[arg-type]
                outcome="uncertain",
                reason=(
                    f"it asks for something in words no requirement of {std.designation} uses "
                    f"({', '.join(uncovered[:4])}), but states no rule or means clear enough to decide"
                ),
            ),
        )
    words = frozenset().union(*(_words(p) for p in r.parts)) if r.parts else frozenset()
    nearest, where, leaves = _nearest(idx, words, near)
    return _record(
        ff,
        "grounded",
        Grounding(
            demand=demand_words,
            obliges=nearest or None,
            leaves_open=leaves,  # type: ignore[arg-type]
            outcome="grounded",
            reason=f"asks nothing beyond what {where or 'a requirement'} obliges",
        ),
    )


def _tight_span(m: _Found) -> tuple[str, int, int]:
    """The words of the part that made the match (first to last), or the whole part where none is found."""
    hits = [w for w in _WORD.finditer(m.part.text) if set(tokens(w.group(0))) & m.words]
    if not hits or m.outcome in ("nowhere", "other_standard"):
        text = m.part.text
        lead = len(text) - len(text.lstrip())
        return m.part.field, m.part.start + lead, m.part.start + len(text.rstrip())
    return m.part.field, m.part.start + hits[0].start(), m.part.start + hits[-1].end()


def _outside(ff: FindingFacts, std: Standard, demand: str | None) -> str:
    """The finding is about a subject the standard's family does not cover (the out-of-scope topics, with the
    families that do cover each): another standard's, where one of the library covers it, or no standard's."""
    topic = ff.ctx.get("topic", "its subject")
    other = None
    for family in ff.ctx.get("topic_covered_by", ()):
        found = [s for s in ff.lib if s.family == family and s.is_requirements]
        if found:
            newest = max(found, key=lambda s: s.year or 0)
            other = GroundingOther(standard=newest.id)
            break
    outcome = "other_standard" if other else "nowhere"
    reason = f"the finding is about {topic}, which no requirement of {std.designation} covers" + (
        f"; {other.standard} does" if other else ""
    )
    return _record(ff, outcome, Grounding(demand=demand, outcome=outcome, other=other, reason=reason))  # type: ignore[arg-type]


def _decide(ff: FindingFacts, std: Standard, m: _Found) -> str:
    """Record a decision against the finding: what it asks, what the nearest obligation obliges and leaves open."""
    words = " ".join(m.part.text.split())[:300]
    where = f"{m.clause} {m.title}".strip()
    ff.ctx["grounding_clause"] = where or "no requirement"
    ff.ctx["grounding_obliges"] = m.obliges or "no obligation near it"
    ff.ctx["grounding_leaves"] = m.leaves_text or (", ".join(m.leaves) if m.leaves else "the means")
    ff.ctx["grounding_means"] = m.text
    ff.spans["grounding"] = _tight_span(m)
    if m.outcome == "not_required":
        reason = f"{' '.join(x for x in (std.designation, where) if x)} does not require {m.text}"
    elif m.outcome == "left_open" and m.leaves_text:
        reason = f"{m.text} is a means {where} leaves to the organization"
    elif m.outcome == "left_open":
        reason = f"{std.designation} {where} does not require {m.text}"
    elif m.outcome == "other_standard" and m.other is not None:
        ff.ctx["grounding_other"] = f"{m.other.standard} {m.other.clause} {m.other.title}".strip()
        reason = f"only {m.other.standard} {m.other.clause} obliges what it asks ({m.text})"
    else:
        reason = f"no requirement of {std.designation} uses the words it asks for ({m.text})"
    ff.ctx["grounding_reason"] = reason
    return _record(
        ff,
        m.outcome,
        Grounding(
            demand=words,
            obliges=m.obliges or None,
            leaves_open=list(m.leaves),  # type: ignore[arg-type]
            outcome=m.outcome,  # type: ignore[arg-type]
            other=m.other,
            reason=reason,
        ),
    )
