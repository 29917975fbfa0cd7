"""Prescriptions and causes read from the grammar of a sentence, not from a handful of connectives.

Plain functions over one text (no facts, no lexicons), so any fact can ask them: the statement facts use them for
`suggests_solution` and `suggests_cause` (engine/facts/statement.py); the demand's grounding may ask them which
words of a finding prescribe rather than record.

`prescriptions(text)` finds the words that tell the client what to do:
- an imperative: a clause that starts with a verb in its base form and goes on as an instruction ("Replace the
  paper log with ...", "Kindly ensure that ...", "Please update ..."); a noun that looks like a verb ("Review of
  the records ...", "Change records were ...") is not one;
- a modal prescription addressed to the client: the organisation, the company, management, "you" (or a passive
  change of the client's means) with should, must, needs to, ought to, is advised / encouraged / recommended to,
  would do well to ("The organization is advised to appoint ...", "the register should be moved to ...");
- advice said as such: "we recommend", "it is advisable", "our suggestion", "Recommendation: ...".
A clause that restates a requirement ("the procedure requires that ...", "as per clause 7.2 ... should"), the past
("should have been") and quoted or reported text are not prescriptions.

`causes(text)` finds the words that say why the nonfulfilment happened:
- a cause before its effect: because (of), due to, owing to, as a result of, caused by, resulting from, stemming
  from, attributable to, on account of, for lack of, through lack of;
- a consequence after its cause: "... which caused the late deliveries", "... leading to ...", "... resulted in
  ...", "As a result, ...", "this led to ...", "consequently ..." (not the auditor's conclusion: "Consequently,
  the requirement is not met"; "therefore" and "thus" mostly draw one);
- a reason clause: "since the planner left ...", "as the supervisor was new ...".
A finding about cause analysis ("root cause analysis was not performed") names no cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of a text: where they are, what they are, and which construction found them."""

    start: int
    end: int
    text: str
    kind: str


# a clause ends at a full stop, a semicolon, a colon, a question or exclamation mark, or a new line
_CLAUSE = re.compile(r"[^.;:!?\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LEAD = re.compile(r"^[\s\-–•*\d).(]*")  # bullets and list numbers before a clause's first word

# verbs that tell someone to act, in their base form (an instruction starts with one)
_VERBS = frozenset(
    """
    replace ensure implement introduce install consider establish define update revise amend train retrain appoint
    assign use adopt create develop provide maintain document purchase buy acquire switch move migrate upgrade add
    include extend set put make keep change modify remove digitise digitize automate schedule plan carry conduct
    perform verify check calibrate label segregate communicate inform hire recruit engage increase reduce improve
    strengthen enhance formalise formalize standardise standardize align integrate centralise centralize track
    monitor measure evaluate assess analyse analyze investigate identify determine apply follow prepare issue
    approve retain archive encrypt restrict enforce relocate separate transfer complete correct rectify fix resolve
    address review record invest outsource deploy subscribe swap fit store clean hold give take get send mark tag
    name list report brief teach share publish post display attach sign date stamp seal lock fence guard cover
    repair service test inspect audit sample compare rename split merge limit stop start run write rewrite draw
    print file scan invite involve ask tell remind notify alert escalate delegate nominate empower allocate reserve
    order request contact link map trend log lay laminate cordon bund shield ventilate extract wear isolate dispose
    recycle segregate display erect mount affix fix reposition re-train re-evaluate re-assess re-calibrate redo
    repeat reinstate restore back install arrange organise organize hand nominate budget fund designate equip
    recommend suggest advise propose
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# of those, the ones that are never the first word of a sentence about something else: no noun or adjective of the
# same spelling begins a record's description ("Review of ...", "Change records were ..." are nouns)
_ALWAYS_VERBS = frozenset(
    """
    ensure implement introduce install consider establish define amend retrain appoint assign adopt create develop
    provide maintain buy acquire migrate digitise digitize automate engage strengthen enhance
    formalise formalize standardise standardize centralise centralize evaluate assess analyse analyze investigate
    identify determine apply prepare retain encrypt restrict enforce relocate rectify invest outsource deploy
    subscribe swap nominate designate empower notify remind escalate reinstate re-train re-evaluate
    re-assess re-calibrate recommend suggest advise propose
    """.split()  # noqa: SIM905
)
# how the object of an instruction starts: an article, a determiner, "that", "whether"
_OBJECT_START = frozenset(
    """
    the a an all each every any its their your that whether this these those such some both regular periodic
    appropriate adequate suitable sufficient formal additional further new existing current relevant up out in
    them it him her our
    """.split()  # noqa: SIM905
)
# words that show the first word was a noun, the subject of a finite verb ("Check sheets were not signed")
_FINITE = frozenset(
    """
    was were is are has have had does did could can cannot showed shows indicated indicates lacked lacks revealed
    reveals remained remains seemed seems appeared appears
    """.split()  # noqa: SIM905
)
_POLITE = frozenset({"please", "kindly"})

# a modal addressed to someone: should, must, needs to, is advised to, would do well to ...
_MODAL = re.compile(
    r"(?i)\b(?P<modal>should|must|shall\s+consider|ought\s+to|needs?\s+to|has\s+to|have\s+to|would\s+do\s+well\s+to|may\s+wish\s+to|"
    r"might\s+(?:wish\s+to|consider)|could\s+consider|(?:is|are)\s+(?:strongly\s+|therefore\s+|hereby\s+)?"
    r"(?:advised|encouraged|recommended|urged|invited|requested)\s+to)\s+(?:(?:also|therefore|urgently|immediately|"
    r"promptly|strongly|now|further|additionally|consider)\s+)?(?P<verb>[a-z]+)"
)
# who the modal is addressed to: the client
_CLIENT = re.compile(
    r"(?i)\b(?:the\s+)?(?:organi[sz]ation|company|client|auditee|site|plant|firm|business|supplier's?\s+management|"
    r"(?:top\s+|senior\s+)?management|you|they|we\s+recommend\s+(?:that\s+)?the\s+\w+|it|the\s+(?:\w+\s+){0,2}"
    r"(?:manager|department|team|owner|function|officer|coordinator|representative|lead|head))\b\s*$"
)
# a passive change of the client's means ("should be replaced", "needs to be moved to")
_PASSIVE_CHANGE = re.compile(
    r"(?i)\b(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+be\s+(?:(?:urgently|immediately|promptly|"
    r"fully)\s+)?(?P<verb>set\s+up|put\s+in\s+place|implemented|introduced|installed|purchased|bought|adopted|deployed|"
    r"moved\s+to|replaced|automated|upgraded|redesigned|rebuilt|refurbished|converted|relocated|digiti[sz]ed|"
    r"computeri[sz]ed|outsourced|retrained|hired|recruited|appointed|migrated|switched|given|provided|issued|supplied|"
    r"equipped|briefed|(?:updated|revised|amended|"
    r"changed|extended|expanded|modified)\s+(?:to\s+(?:include|reflect|cover|show|add)|with|so\s+that|by))\b"
)
# advice said as such, or a means put forward as the answer
_ADVICE = re.compile(
    r"(?i)\b(?:(?:would|will|could|might|may)\s+(?:solve|fix|address|resolve|prevent|avoid|remedy|eliminate|cure)\s+"
    r"(?:this|these|it|the\s+(?:issue|problem|gap|finding|nonconformity|weakness))|"
    r"(?:the\s+)?(?:best|simplest|easiest|only|obvious|recommended)\s+(?:way|solution|option|approach|fix|remedy)\b"
    r"[^.;:!?\n]{0,40}?\b(?:would\s+be|is|will\s+be)\b|"
    r"it\s+(?:would|will|might|may)\s+be\s+(?:advisable|beneficial|useful|helpful|wise|sensible|better|good|"
    r"preferable|prudent|worthwhile)\s+(?:for\s+(?:\w+\s+){1,3})?to\b|(?:would|could|might|may)\s+benefit\s+from|"
    r"(?:we|i|the\s+(?:audit\s+)?team|the\s+auditor)\s+(?:would\s+|strongly\s+)?(?:recommend|suggest|advise|"
    r"propose)s?|it\s+is\s+(?:strongly\s+)?(?:recommended|suggested|advised|advisable|proposed)|"
    r"(?:our|my|the\s+auditor's|the\s+team's)\s+(?:recommendation|suggestion|advice|proposal)|"
    r"^\s*(?:recommendation|suggestion|recommended\s+action|proposed\s+action|advice|action\s+required)\s*:)"
)
# a clause that states what is required, not what to do now ("the procedure requires that operators must ...")
_REQUIREMENT_CUE = re.compile(
    r"(?i)\b(?:requires?|required|requirement|stipulat\w*|specif(?:y|ies|ied)|states?|stated|says?|said|reads?|"
    r"according\s+to|as\s+per|per|in\s+line\s+with|in\s+accordance\s+with|standard|clause|shall|procedure\s+\S+\s+"
    r"(?:says|states)|policy\s+\S+\s+(?:says|states))\b"
)
_VERB_AFTER_MODAL_NOT_PRESCRIBING = frozenset({"have", "be", "not", "been"})


def prescriptions(text: str) -> list[Phrase]:
    """The words of `text` that tell the client what to do (see the module's description), in order."""
    out: list[Phrase] = []
    quoted = _quoted_spans(text)
    for m in _CLAUSE.finditer(text):
        a, b = m.span()
        first = _WORD.search(text, a, b)
        if first is None or _inside(quoted, first.start(), b):
            continue
        found = _imperative(text, a, b) or _modal(text, a, b) or _advice(text, a, b)
        if found is not None:
            out.append(found)
    return out


def _imperative(text: str, a: int, b: int) -> Phrase | None:
    clause = text[a:b]
    lead = _LEAD.match(clause)
    start = a + (lead.end() if lead else 0)
    words = [(w.group(0).lower(), a + w.start(), a + w.end()) for w in _WORD.finditer(clause)]
    words = [w for w in words if w[1] >= start]
    if not words:
        return None
    if words[0][0] not in _VERBS and words[0][0] not in _POLITE:  # "Going forward, ensure ...": after the opener
        comma = clause.find(",", start - a)
        if comma >= 0 and len(_WORD.findall(clause[start - a : comma])) <= 4:
            words = [w for w in words if w[1] > a + comma]
            if not words:
                return None
            start = words[0][1]
    polite = words[0][0] in _POLITE
    if polite:
        words = words[1:]
    if not words:
        return None
    first, at, _ = words[0]
    nxt = words[1][0] if len(words) > 1 else ""
    if _reported_before(text, a):
        return None
    is_verb = first in _VERBS
    if not is_verb and not (polite and first.isalpha() and nxt):
        return None
    if nxt in _FINITE or nxt == "of" or any(w in _FINITE for w, _, _ in words[1:4] if first not in _ALWAYS_VERBS):
        return None
    if not (polite or first in _ALWAYS_VERBS or nxt in _OBJECT_START):
        return None
    end = _phrase_end(text, at, b)
    return Phrase(words[0][1] if not polite else start, end, text[start if polite else at : end], "imperative")


def _modal(text: str, a: int, b: int) -> Phrase | None:
    clause = text[a:b]
    if _REQUIREMENT_CUE.search(clause[: _first_modal(clause)]):
        return None
    for m in _PASSIVE_CHANGE.finditer(clause):
        if _past(clause, m.start()):
            continue
        end = _phrase_end(text, a + m.start(), b)
        return Phrase(a + m.start(), end, text[a + m.start() : end], "modal")
    for m in _MODAL.finditer(clause):
        if m.group("verb").lower() in _VERB_AFTER_MODAL_NOT_PRESCRIBING:
            continue
        modal = m.group("modal").lower()
        addressed = _CLIENT.search(clause[: m.start()]) is not None
        advised = (modal.split()[-1] == "to" and modal.split()[0] in ("is", "are")) or modal.startswith("shall")
        soft = modal.startswith(("would", "may", "might", "could"))
        if not (addressed or advised or soft):
            continue
        if modal in ("must", "has to", "have to", "needs to", "need to") and m.group("verb").lower() not in _CHANGE:
            continue  # "the organization must retain ..." restates a requirement; "must replace ..." prescribes
        subject = _CLIENT.search(clause[: m.start()])
        begin = a + (subject.start() if subject else m.start())
        end = _phrase_end(text, a + m.start(), b)
        return Phrase(begin, end, text[begin:end], "modal")
    return None


# what a client is told to change: a "must" with one of these prescribes a fix rather than restating a requirement
_CHANGE = frozenset(
    """
    replace implement introduce install buy purchase acquire appoint hire recruit retrain upgrade move switch migrate
    adopt digitise digitize automate invest engage subscribe outsource redesign relocate consider set put deploy
    computerise computerize
    """.split()  # noqa: SIM905
)


def _first_modal(clause: str) -> int:
    m = _MODAL.search(clause) or _PASSIVE_CHANGE.search(clause)
    return m.start() if m else len(clause)


def _advice(text: str, a: int, b: int) -> Phrase | None:
    clause = text[a:b]
    m = _ADVICE.search(clause)
    if m is None:
        if a > 0 and text[a - 1] == ":":  # "Recommendation: replace ...": the label is the clause before
            label = _ADVICE.search(text[max(0, text.rfind("\n", 0, a - 1) + 1, _clause_start(text, a - 1)) : a])
            if label is not None:
                lead = _LEAD.match(clause)
                s = a + (lead.end() if lead else 0)
                return Phrase(s, b, text[s:b].rstrip(), "advice") if text[s:b].strip() else None
        return None
    s = a + m.start()
    end = _phrase_end(text, s, b)
    return Phrase(s, end, text[s:end], "advice")


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in ".;!?\n") + 1


def _phrase_end(text: str, start: int, b: int) -> int:
    """The end of the prescribing words: the clause's end, at most about twelve words on."""
    words = list(_WORD.finditer(text, start, b))
    end = words[min(len(words), 12) - 1].end() if words else b
    return min(end, b)


def _past(clause: str, pos: int) -> bool:
    return re.match(r"(?i)\w+\s+have\b", clause[pos:]) is not None


_REPORTED = re.compile(
    r"(?i)\b(?:says?|said|states?|stated|reads?|requires?|required|instructs?|specif(?:y|ies)|stipulates?|"
    r"as\s+follows|procedure|instruction|policy|sign|label|poster|notice|form)\b[^.;!?\n]*$"
)


def _reported_before(text: str, a: int) -> bool:
    """The clause follows a colon after a reporting or requirement word: a document's instruction, quoted."""
    if a == 0 or text[a - 1] != ":":
        return False
    return _REPORTED.search(text[_clause_start(text, a - 1) : a - 1]) is not None


# ---- causes ---------------------------------------------------------------------------------------------------

_CAUSE_BEFORE = re.compile(
    r"(?i)\b(?:(?:is|was|are|were)\s+(?:a|the)\s+(?:direct\s+)?(?:consequence|result|outcome)\s+of|"
    r"(?:arose|arises|arising|originat(?:ed|es|ing))\s+from|because(?:\s+of)?|due\s+to|owing\s+to|as\s+a\s+(?:direct\s+)?(?:result|consequence)\s+of|"
    r"(?:caused|triggered|driven|explained)\s+by|resulting\s+from|stem(?:s|med|ming)?\s+from|attributable\s+to|"
    r"on\s+account\s+of|(?:for|through|from)\s+(?:a\s+)?lack\s+of|the\s+(?:reason|cause)\s+(?:for\s+this\s+)?"
    r"(?:is|was|being)|(?:is|was|are|were)\s+the\s+(?:main\s+|root\s+)?(?:reason|cause)|(?:the\s+)?root\s+cause\s+"
    r"(?:is|was|being|appears|seems|lies))\b"
)
_CONSEQUENCE = re.compile(
    r"(?i)(?:\b(?:which|that|this|these|it|and)\s+(?:has\s+|have\s+|had\s+|may\s+have\s+|in\s+turn\s+)?"
    r"(?:caused|causes|led\s+to|leads\s+to|resulted\s+in|results\s+in|contributed\s+to|gave\s+rise\s+to|"
    r"brought\s+about|meant|means\s+that|allowed|let|prevented|made\s+it)|,?\s*\b(?:leading\s+to|resulting\s+in|causing|thereby\s+\w+ing|giving\s+rise\s+to)|"
    r"\b(?:led\s+to|leads\s+to|resulted\s+in|results\s+in|contributed\s+to|gave\s+rise\s+to|meant\s+that|"
    r"caused\s+(?:the|a|an|two|three|several|many|some)\b|(?:has|have|had)\s+caused|with\s+the\s+result\s+that)|"
    r"(?:^|[.;]\s*)(?:as\s+a\s+(?:result|consequence)|consequently|for\s+this\s+reason)\b|"
    r"\bconsequently\b)"
)
_REASON_CLAUSE = re.compile(
    r"(?i)\b(?:since|as)\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+|its\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:(?:was|were|is|are|had\s+been|has\s+been)\s+(?:not\s+)?(?:new|untrained|not\s+trained|unaware|inexperienced|"
    r"busy|too\s+busy|overloaded|overworked|understaffed|short[- ]staffed|on\s+(?:long[- ]term\s+|sick\s+|annual\s+|"
    r"maternity\s+|parental\s+)*leave|off\s+sick|sick|absent|away|not\s+informed|under\s+pressure|distracted|"
    r"replaced|vacant|unfilled|broken|out\s+of\s+order|unavailable|on\s+holiday|on\s+vacation|ill|off)|left|retired|resigned|quit|went\s+on\s+leave|"
    r"(?:had|has)\s+left|forgot|did\s+not\s+know)\b"
)
# a finding about cause analysis names no cause ("root cause analysis was not performed for NCR-12")
_ABOUT_ANALYSIS = re.compile(r"(?i)\b(?:root\s+)?cause\s+(?:analysis|analyses|investigation|determination)\b")


def causes(text: str) -> list[Phrase]:
    """The words of `text` that state why a nonfulfilment happened (see the module's description), in order."""
    quoted = _quoted_spans(text)
    out: list[Phrase] = []
    for pattern, kind in ((_CAUSE_BEFORE, "cause"), (_CONSEQUENCE, "consequence"), (_REASON_CLAUSE, "reason")):
        for m in pattern.finditer(text):
            s, e = m.span()
            while s < e and not text[s].isalpha():
                s += 1
            if _inside(quoted, s, e) or _ABOUT_ANALYSIS.match(text, s) or _ABOUT_ANALYSIS.search(text[s : e + 12]):
                continue
            if kind == "reason" and _temporal_since(text, s):
                continue
            if kind == "consequence" and (_requirement_consequence(text, s) or _conclusion_follows(text, e)):
                continue
            out.append(Phrase(s, e, text[s:e], kind))
    out.sort(key=lambda p: p.start)
    return out


def _temporal_since(text: str, s: int) -> bool:
    """ "since the last audit was ..." counts time, not a reason."""
    return re.match(r"(?i)since\s+(?:the\s+)?(?:last|previous|first|initial|prior)\b", text[s:]) is not None


# "Consequently, the requirement of 8.4.1 is not met": the auditor's conclusion, not a cause
_CONCLUSION = re.compile(
    r"(?i)[^.;!?\n]*?\b(?:requirements?|clause|standard|not\s+(?:met|fulfilled|satisfied)|nonconformit(?:y|ies)|"
    r"non-?conformance|non-?complian\w*|does\s+not\s+(?:conform|comply|meet))\b"
)


def _conclusion_follows(text: str, e: int) -> bool:
    return _CONCLUSION.match(text, e) is not None


def _requirement_consequence(text: str, s: int) -> bool:
    """ "... to prevent ..., which could lead to": a risk stated in a requirement, or the standard's own words."""
    head = text[_clause_start(text, s) : s]
    return re.search(r"(?i)\b(?:could|might|may|would|can)\s*$", head) is not None


# ---- shared ---------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"\"[^\"\n]{2,300}\"|“[^”\n]{2,300}”|‘[^’\n]{2,300}’|(?<!\w)'[^'\n]{2,300}'(?!\w)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)] if any(q in text for q in "\"“‘'") else []


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether the words a..b start inside one of the quotations."""
    return any(x <= a < y for x, y in spans)


# what makes a prescription a client-specific solution: a product, a tool, a kind of system to acquire, a vendor
_MEANS = re.compile(
    r"(?i)\b(?:software|tool|app|application|platform|module|database|spreadsheet|template|dashboard|scanner|barcode|"
    r"bar-code|rfid|sensor|erp|crm|mes|cloud|vendor|consultant|consultancy|provider|package|subscription|licen[cs]e|"
    r"electronic|digital|automated|online|computeri[sz]ed|web-based|cloud-based|device|machine|equipment|"
    r"such\s+as|like|e\.g\.)(?!\s+(?:management\s+)?system\s+standard)\b"
    r"|(?-i:\b[A-Z][a-z]+[A-Z]\w*)|[\u2122\u00ae]"  # a product's name (LogPro, SharePoint), a trade mark sign
)


def specific_solutions(text: str) -> list[Phrase]:
    """The prescriptions of `text` that name a client-specific solution: a product, tool, kind of system or
    vendor to acquire or adopt ("consider an electronic calibration database", "buy a scanner such as ...")."""
    return [p for p in prescriptions(text) if _MEANS.search(p.text)]
