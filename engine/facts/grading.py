"""Facts about the grade the recorded evidence supports (17021-1 3.12, 3.13; reference 2.8).

A nonconformity is major when it affects the capability of the management system to achieve its intended
results (3.12), minor when it does not (3.13). The grade is read from the whole finding, as an experienced
reviewer reads it, through named facts that each say what they saw and where:

- `extent`: how much of the sample or of the organisation the failure covers (an isolated slip, or most of
  the sample, or every area);
- `process_absent`: a process or output the requirement makes mandatory is absent altogether (the obligation
  layer of the clause trees names them), or has broken down across the sample;
- `output_effect`: nonconforming product or service released, delivered or put on the market, or the controls
  meant to catch it bypassed (a drawing "released for manufacture" is a document, not product);
- `exposure`: a legal, safety or information-security exposure, including a statutory document (a permit, a
  consent, a statutory examination) missing, expired or breached;
- `recurrence`: the finding repeats an earlier one (the report's previous findings, or its own words).

`estimate` judges both directions on those same facts: a major is kept, and a minor raised, only with positive
support; a major without it is proposed minor with the reason. An OFI is raised to a nonconformity only when a
requirement (the standard's or the client's own documented one) is recorded as unmet.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from engine.core.vocabulary import GRADE_NAMES, GRADE_ORDER, PROPOSED_GRADES
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, clause_around
from engine.rulebook.lexicon import Hit
from engine.rulebook.rulebase import matches
from engine.standards.inference import tokens as stems
from engine.standards.model import Clause

_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_WORD_RATIO = re.compile(
    r"(?i)(?<![\w.:/-])("
    + "|".join(_WORDS)
    + r"|\d+)\s+(?:[\w-]+\s+){0,3}?(?:of|out\s+of)\s+(?:the\s+)?("
    + "|".join(_WORDS)
    + r"|\d+)(?![\w.:/-])"
)
_NONE_OF = re.compile(r"(?i)\bnone\s+of\s+(?:the\s+)?(" + "|".join(_WORDS) + r"|\d+)(?![\w.:/-])")
_SLASH_RATIO = re.compile(r"(?<![\d.:/-])(\d{1,4})\s*/\s*(\d{1,4})(?![\d.:/-])")
# a share written as a fraction or a percentage of what it quantifies: "a fifth of the laptops", "two thirds of the
# records", "60% of the sheets", "sixty per cent of"; kept as a share of 100, so that it is never read as a count
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_PART = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "tenth": 10,
    "tenths": 10,
}
_FRACTION = re.compile(
    r"(?i)\b(a|one|two|three|four|nine)\s*[- ]?\s*(" + "|".join(_PART) + r")\s+of\b|\b(half)\s+(?:of\s+)?the\b"
)
_PERCENT = re.compile(
    r"(?i)(?<![\w.:/-])(\d{1,3}(?:\.\d+)?|" + "|".join([*_TENS, *_WORDS]) + r")\s*(?:%|per\s*cent|percent)\s+of\b"
)

# a harm that could have happened, or might, is not an exposure the evidence records (3.12 is about effect)
_SPECULATION = re.compile(
    r"(?i)\b(?:could|might|may|would)\s+(?:have\s+)?(?:potentially\s+)?(?:caused?|resulted?|led|lead|been)\b|"
    r"\bpotentially\b|\b(?:the|a)\s+potential\b|\bpotential\s+(?:for|to)\b|\bpossib(?:le|ly)\b|\bbut\s+did\s+not\b|\bhad\s+it\b"
)

_CLAUSE_STARTS = ".;\n("
_CLAUSE_ENDS = ".;\n)"

BASIS_MAJOR = "17021-1 3.12"
BASIS_MINOR = "17021-1 3.13"
BASIS_OFI = "17021-1 9.4.5.2"


def _clause_text(text: str, start: int) -> tuple[int, str]:
    a, b = clause_around(text, start, _CLAUSE_STARTS, _CLAUSE_ENDS)
    return a, text[a:b]


def _speculative(ff: FindingFacts, start: int, fld: str | None = None) -> bool:
    """The hit stands in a clause that speaks of what could have happened, not of what did."""
    text = ff.text(fld) if fld else ff.whole_text()
    _, clause = _clause_text(text, start)
    return bool(_SPECULATION.search(clause))


# the auditor's own severity label heading a sentence ("Critical security breach: ...", "Serious failure: ..."): a
# judgement of the finding, not evidence of its effect (3.12 asks what the record shows)
_SEVERITY_LABEL = re.compile(
    r"(?i)\b(?:critical|serious|severe|significant|major|grave|gross|fundamental|fatal|high[- ]risk)\b"
)


def _in_severity_label(text: str, start: int) -> bool:
    """The hit stands in a short label ending with a colon that carries a severity word: the auditor's wording."""
    a, clause = _clause_text(text, start)
    colon = clause.find(":")
    if colon < 0 or start - a >= colon:
        return False
    label = clause[:colon]
    return len(label.split()) <= 6 and bool(_SEVERITY_LABEL.search(label))


# the auditor's own verdict on the extent ("a complete failure", "a total breakdown"): systemic must come from what
# the evidence records (counts, shares, every area, none since a date), not from the words that judge it (3.12)
_JUDGED = re.compile(
    r"(?i)(?:total|complete|utter|serious|severe|critical|fundamental|systemic|wholesale)\s+"
    r"(?:breakdown|failure|collapse)\b|"
    # the auditor's own rating of a risk ("this is a serious risk to workers"): what happened, or what is missing
    # that the law or a safeguard requires, is the exposure; the adjective is not
    r"(?:serious|significant|imminent|severe|critical|high|major|grave|unacceptable)\s+(?:risk|danger|harm)\b"
)


def _hits(ff: FindingFacts, lexicon: str) -> list[tuple[str, Hit]]:
    """The lexicon's hits that record what the auditor saw, not what could have happened (words quoted from the
    people interviewed are evidence too), and not the auditor's own severity label ("Critical security breach:") or
    verdict ("a complete failure to communicate it", "a serious risk"): a major needs a fact, not a word (3.12)."""
    return [
        (f, h)
        for f, h in ff.hits.get(lexicon, ())
        if not _speculative(ff, h.start, f)
        and not _in_severity_label(ff.text(f), h.start)
        and not _JUDGED.match(h.text)
    ]


@fact("invalid", reads=("rules:withdraw",))
def invalid(ff: FindingFacts) -> bool:
    """A withdraw rule holds: no nonfulfilment of a requirement stands behind the finding (asked of the withdraw
    rules themselves, never restated)."""
    return any(matches(r.when, ff.fact) for r in ff.report.withdraw_rules)


def sample_share(text: str) -> tuple[int, int] | None:
    """The first "k of n" in the text, as (k, n), with 0 < k <= n (digits or number words)."""
    shares = sample_shares(text)
    return (shares[0][0], shares[0][1]) if shares else None


def sample_shares(text: str) -> list[tuple[int, int, int]]:
    """Every "k of n" (and "k/n") in the text, as (k, n, position), with 0 <= k <= n and n > 1."""
    out: list[tuple[int, int, int]] = []
    if text.isascii() and "of" not in text.lower() and "/" not in text:
        return out  # the patterns need `of` or `/`: most findings skip their try at every word start
    for m in _WORD_RATIO.finditer(text):
        a, b = (int(x) if x.isdigit() else _WORDS[x.lower()] for x in m.groups())
        if 0 <= a <= b and b > 1 and not 1900 <= b <= 2100:  # "3 ... of 2026" is a date
            out.append((a, b, m.start()))
    for m in _NONE_OF.finditer(text):
        b = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1).lower()]
        if b > 1 and not 1900 <= b <= 2100:
            out.append((0, b, m.start()))
    for m in _SLASH_RATIO.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 0 <= a <= b and 1 < b <= 1000 and not any(p == m.start() for _, _, p in out):
            out.append((a, b, m.start()))
    for m in _FRACTION.finditer(text):
        if m.group(3):
            out.append((50, 100, m.start()))
            continue
        num = 1 if m.group(1).lower() in ("a", "one") else _WORDS[m.group(1).lower()]
        den = _PART[m.group(2).lower()]
        if num < den:
            out.append((round(100 * num / den), 100, m.start()))
    for m in _PERCENT.finditer(text):
        word = m.group(1).lower()
        pct = float(word) if word[0].isdigit() else _TENS.get(word, _WORDS.get(word, 0))
        if 0 <= pct <= 100:
            out.append((round(pct), 100, m.start()))
    return sorted(out, key=lambda x: x[2])


# -- extent ------------------------------------------------------------------------------------------------------

_FAILED = re.compile(
    r"(?i)\b(?:no|not|never|without|missing|lacked|lacking|lacks|overdue|expired|out\s+of\s+date|incomplete|"
    r"blank|unsigned|undated|failed|obsolete|superseded|late|absent|wrong|incorrect|uncontrolled|unapproved|"
    r"exceeded|nonconforming|non-conforming|defective|rejected|had\s+no|did\s+not|were\s+not|was\s+not|disabled|outstanding|"
    r"past\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,2}?(?:due|expiry|review|renewal|retest)(?:\s+dates?)?|"
    r"switched\s+off|turned\s+off|deactivated|bypassed|removed|suspended|stopped|broken|failing|failed|lapsed|"
    r"out\s+of\s+(?:calibration|service|spec\w*|tolerance)|retain(?:s|ed)?\s+access|"
    r"still\s+(?:had|have|has|held|active|open|in\s+use|enabled|not)|"
    # a known weakness left open on what was counted ("38 of 55 servers have critical vulnerabilities open")
    r"unpatched|unremediated|(?:critical|high|known|open|exploitable)\s+vulnerabilit(?:y|ies)|"
    r"(?:could|can)\s*not\s+be\s+(?:traced|found|located|identified|retrieved|reconciled))\b"
)
_CONFORMING = re.compile(
    r"(?i)\b(?:in\s+date|complete|compliant|conforming|correct|current|valid|in\s+order|acceptable|signed|"
    r"satisfactory|approved|up\s+to\s+date|present|available|effective|met|passed|covers?|covered|included|"
    r"includes?|done|performed|carried\s+out|trained|calibrated|recorded|completed|"
    r"investigated|had\s+an?|has\s+an?|have\s+an?|held\s+an?|"
    # counted as entered where they belong: "none of the 38 new assets are in the asset register"
    r"(?:are|is|were|was)\s+(?:listed\s+|entered\s+|recorded\s+)?(?:in|on)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:register|list|inventory|database|log|schedule|matrix|programme|plan))\b"
)
_MOST = re.compile(
    r"(?i)\b(?:most|the\s+majority|a\s+majority|nearly\s+all|almost\s+all|virtually\s+all|the\s+bulk|"
    r"the\s+great\s+majority|many)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:records?|files?|sampled|samples?|operators?|employees?|workers?|staff|persons?|people|items?|"
    r"suppliers?|providers?|jobs?|orders?|batches|lots?|instruments?|gauges?|assets?|devices?|entries|"
    r"reports?|forms?|procedures?|documents?|risks?|controls?|users?|accounts?|servers?|laptops?|"
    r"sites?|areas?|departments?|checked|reviewed|examined|inspected|seen|visited)\b"
)
# a statement whose subject is one item: "One operator was observed without hearing protection"
_SINGLE = re.compile(
    r"(?i)(?:^|[.;]\s+)(?:one|a\s+single|only\s+one)\s+(?!of\b)(?:[\w-]+\s+){0,2}?(?:was|were|had|has|did|is)\b"
)
_EVERY_ONE = re.compile(
    r"(?i)\b(?:none|not\s+one|not\s+a\s+single\s+one)\s+of\s+(?:the|its|their|our)\s+(?!\d|one\b|two\b|three\b)|"
    r"\b(?:on|in|for|across|at|to)\s+all\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?[\w-]+s\b|"
    r"\ball\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:were|are|was|had|have|has|lacked|showed)\b|"
    r"\b(?:[3-9]|[1-9]\d+)\s+[\w-]+(?:\s+[\w-]+){0,3}?[,;:]?\s+(?:but\s+|and\s+)?none\s+(?:of\s+them\s+)?"
    r"(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+|has\s+been\s+)?[\w-]+ed\b|"
    # "6 entries, none with a permit", "hot work done 8 times, none having a permit": every one of them lacked it
    r"\b(?:[3-9]|[1-9]\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+[\w-]+(?:\s+[\w-]+){0,5}?[,;:]?\s+"
    r"(?:but\s+|and\s+)?none\s+(?:of\s+them\s+)?(?:with|having|had|has|showed|carried|bore)\b"
)
_EVERY_TIME = re.compile(
    r"(?i)\b(?:every|each)\s+(?:single\s+)?(?:day|night|week|month|quarter|shift|time|run|cycle|batch|lot|order)\b|"
    r"\b(?:daily|nightly|weekly)\s+since\b|\bcontinuously\s+since\b|"
    r"\b(?:not|never|no)\b[^.;\n]{0,60}?\b(?:on|for|to|in|at|of)\s+any\s+(?:of\s+(?:the|its|their)\s+)?[\w-]+|"
    r"\b(?:not|never|no|blank|missing|empty)\b[^.;\n]{0,60}?\bfor\s+(?:the\s+)?(?:last\s+|past\s+)?(?:\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|several|many)\s+(?:consecutive\s+)?(?:weeks|months|years|quarters)\b|"
    # the means of a required control or measurement out of action for months: nothing it should have done was done
    r"\b(?:out\s+of\s+(?:service|use|order|action)|broken|faulty|offline|disconnected|switched\s+off|not\s+working)\b"
    r"[^.;\n]{0,40}?\bfor\s+(?:the\s+)?(?:last\s+|past\s+|over\s+|more\s+than\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many)\s+(?:consecutive\s+)?"
    r"(?:months|years|quarters)\b|"
    # nothing of a kind since a date, said of what each should carry: every one since then failed ("no goods
    # receipt since 1 March links the supplier lot"); "no complaints since March" is no failure
    r"\b(?:no|not\s+one|not\s+a\s+single)\s+(?:single\s+)?(?:[\w-]+\s+){1,3}?since\s+(?:\d{1,2}\s+)?"
    r"(?:(?-i:[A-Z][a-z]+)|\d{4}|\d{1,2}[/.-]\d)[\w ,/.-]{0,12}?\s+(?!(?:was|were|has\s+been|have\s+been)\s+"
    r"(?:received|reported|raised|made|logged|recorded))(?:links?|linked|has|have|had|shows?|showed|carries|carried|"
    r"bears?|bore|records?|includes?|included|contains?|contained|identifies|identified|was|were|is|are)\b|"
    # nothing issued since a date while the work that needed it went on, counted: "no hot work permits have been
    # issued since April although welding was done 23 times" (every occasion lacked it)
    r"\b(?:no|not\s+a\s+single|not\s+one)\s+(?:[\w-]+\s+){1,4}?(?:has|have|had|was|were)\s+(?:been\s+)?[\w-]+\s+"
    r"since\b[^.;\n]{0,30}?\b(?:although|though|while|whereas|but|yet)\b[^.;\n]{0,80}?\b\d+\s+(?:[\w-]+\s+){0,3}?"
    r"(?:times|occasions|jobs|tasks|interventions|entries|visits)\b|"
    # a required process stopped for a year or more: "the committee has not met for a year", "in over a year"
    r"\b(?:has|have|had)\s+not\s+(?:[\w-]+\s+){0,6}?(?:for|in)\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?"
    r"(?:a|one)\s+(?:whole\s+|full\s+)?year\b"
)
_SPREAD = re.compile(
    r"(?i)\b(?:across|throughout)\s+the\s+(?:whole\s+|entire\s+)?(?:site|organi[sz]ation|company|plant|business|"
    r"factory|board|group|facility)\b|"
    r"\b(?:in|at|across|throughout|on)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:sites?|departments?|areas?|shifts?|lines?|locations?|branches|plants?|workshops?|warehouses?|"
    r"projects?|functions?|processes|units?|stores?|offices?|wards?|kitchens?|teams?)\b|"
    # every item of the set the standard singles out (significant energy uses, critical control points, significant
    # aspects, key characteristics): the failure covers all that the process exists to control (round 7)
    r"\b(?:at|on|for|in|across|of)\s+(?:every|each|all)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?:(?:significant|critical|key|special)\s+[\w-]+|SEUs?\b|CCPs?\b)"
)

_AREAS = (
    # (shifts are occasions, not parts of the organisation: "not recorded on two shifts" is two instances)
    r"(?:sites|departments|areas|lines|locations|branches|plants|workshops|warehouses|depots|factories|"
    r"facilities|projects|functions|units|stores|offices|wards|kitchens|teams|divisions|regions|clinics|"
    r"premises|countries|subsidiaries|business\s+units)"
)
# the failure spread over several parts of the organisation (17021-1 3.12 note 1: a failure in more than one place
# is a failure of the system that should have prevented it everywhere): "across three departments", "at both
# sites", "in the finance, sales and logistics departments", "depots North, East and Port"
_MULTI_AREA = re.compile(
    r"(?i)\b(?:across|in|at|on|over|throughout|between|from)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|various|different|\d{1,3})\s+"
    r"(?:of\s+(?:the|its|their)\s+)?(?:[\w-]+\s+){0,2}?" + _AREAS + r"\b|"
    r"\bboth\s+(?:the\s+|of\s+the\s+|its\s+)?(?:[\w-]+\s+){0,2}?" + _AREAS + r"\b|"
    r"\b[\w-]+,\s+(?:[\w-]+,\s+)*[\w-]+,?\s+and\s+(?:the\s+)?[\w-]+\s+" + _AREAS + r"\b|"
    r"\b" + _AREAS + r"\s+[A-Z][\w-]*,\s+(?:[A-Z][\w-]*,\s+)*[A-Z][\w-]*,?\s+and\s+[A-Z][\w-]*"
)


def _spread(ff: FindingFacts, text: str) -> str:
    """The words that spread a recorded failure over several sites, departments or shifts; '' when none."""
    for m in _MULTI_AREA.finditer(text):
        _, clause = _clause_text(text, m.start())
        if not _SPECULATION.search(clause) and _FAILED.search(clause):
            return m.group(0)
    return ""


# each pattern of the whole population failing, with the words it cannot match without (keep them in step)
_WHOLE_PATTERNS = (
    (_MOST, ("most", "majority", "all", "bulk", "many")),
    (_SPREAD, ("across", "throughout", "all", "every", "each")),
    (_EVERY_TIME, ("every", "each", "since", "any", "for", "year")),  # "no ... since" and "for six months" too
    (_EVERY_ONE, ("none", "not one", "not a single", "all")),
)


# a run of consecutive records named by the first and last number with one prefix: "charges 26-1181 to 26-1190",
# "WO-310 to WO-325"; each of them is said of whatever the clause says
_RANGE = re.compile(
    r"(?<![\w-])((?:[A-Za-z]{1,5}-?)?(?:\d{1,4}-)?)(\d{1,6})\s*(?:to|through|thru|\u2013|\u2014|-)\s*\1(\d{1,6})(?![\w-])"
)
RUN_AT_LEAST = 5  # a shorter run ("6 to 9 October") is no population


def record_runs(text: str) -> list[tuple[int, int, str]]:
    """Every run of at least RUN_AT_LEAST consecutive records named by its ends, as (count, position, words);
    years are no records ("2019 to 2023")."""
    out = []
    for m in _RANGE.finditer(text):
        first, last = int(m.group(2)), int(m.group(3))
        if m.group(1) == "" and (1900 <= first <= 2100 or 1900 <= last <= 2100):
            continue
        if RUN_AT_LEAST <= last - first + 1 <= 5000:
            out.append((last - first + 1, m.start(), m.group(0)))
    return out


# a negation of a defect is a clean result, not a failure ("no growth", "no defects found", "without leaks")
_CLEAN = re.compile(
    r"(?i)\b(?:no|without|zero|nil)\s+(?:[\w-]+\s+)?(?:growth|defects?|failures?|deviations?|leaks?|errors?|"
    r"findings?|nonconformit(?:y|ies)|rejects?|positives?|contamination|exceedances?)\b"
)
# what is said after a contrast ("..., but the log lacks the date") is another fact than what comes before it
_CONTRAST = re.compile(r"(?i),?\s+\b(?:but|yet|although|though|however|whereas|while)\b")


def _own_part(clause: str, at: int) -> str:
    """The part of the clause around `at` that no contrast word divides from it."""
    start, end = 0, len(clause)
    for m in _CONTRAST.finditer(clause):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return clause[start:end]


def _failing(k: int, n: int, predicate: str, clause: str) -> int | None:
    """How many of the n the share counts as failing: k where what is said of them failed ("3 of 10 were
    unsigned"), n - k where it counts what was done ("covers 14 of 15 systems", "none of the 14 had a record"),
    None where neither is said. What follows the count is read first, then its whole clause."""
    for words in (predicate, clause):
        if _CLEAN.search(words) and not _FAILED.search(_CLEAN.sub(" ", words)):
            return n - k  # "no growth in 10 of 10 indicators": what was counted is the clean result
        if _FAILED.search(words):
            return k
        if _CONFORMING.search(words):
            return n - k
    return None


def _share_said(text: str, worst: tuple[float, int, int, int]) -> str:
    """The failing share as the finding wrote it: "9 of 12", or a fraction or percentage in its own words ("a
    quarter of"), with the failing part named when the words count what conformed ("20%, the rest of '80% of'")."""
    _, bad, n, pos = worst
    for pattern in (_FRACTION, _PERCENT):
        m = pattern.match(text, pos)
        if m:
            said = m.group(0) + "".join(re.findall(r"\s+[\w'-]+", text[m.end() :])[:3])  # "a quarter of the laptops"
            stated = next(k for k, _, p in sample_shares(text) if p == pos)
            return said if stated == bad else f"{bad}%, the rest of {said}"
    return f"{bad} of {n}"


# words about the rest of the population ("the other 4", "the remaining weeks were signed"): they say the remainder
# was in order, not how large it is, so a counted majority failing outweighs them
_REMAINDER = re.compile(r"(?i)(?:the\s+(?:other|remaining)|all\s+(?:the\s+)?other|the\s+rest)\b")


def _rest_of(words: str, worst: tuple[float, int, int, int]) -> bool:
    """The isolated words name the rest of the same counted population ("6 of 10 ...; the other 4 were current"):
    the remainder they count and the failing count add up to the population, so the words say nothing of its size."""
    if not _REMAINDER.match(words):
        return False
    m = re.search(r"(?i)\b(\d+|" + "|".join(_WORDS) + r")\b", words)
    if m is None:
        return False
    rest = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1).lower()]
    return rest + worst[1] == worst[2]


@fact("extent", values=("isolated", "pervasive", "some", "unknown"), reads=("finding", "lexicon:isolated"))
def extent(ff: FindingFacts) -> str:
    """How far the failure reaches (17021-1 3.12 note 1, 3.13): `isolated` (one slip in a process that otherwise
    works: "1 of 60 shifts", "the other 19 were current"), `pervasive` (most or all of the sample, or every area:
    "most sampled records in all three departments"), `some`, or `unknown` (no count or spread recorded).

    bad: "one obsolete instruction of twenty" graded major (isolated, so not major on its own).
    good: "training records missing for 17 of 24 operators in all three departments" (pervasive).
    """
    text = ff.whole_text()
    worst: tuple[float, int, int, int] | None = None
    shares = sample_shares(text)
    for k, n, pos in shares:
        a, b = clause_around(text, pos, ".;:\n")
        if _speculative(ff, pos):
            continue
        bad = _failing(k, n, text[pos:b], text[a:b])
        if bad is None:
            continue
        share = bad / n
        if worst is None or share > worst[0]:
            worst = (share, bad, n, pos)
    isolated = [h for _, h in _hits(ff, "isolated")]
    single = _SINGLE.search(ff.finding.statement)
    if (
        worst is not None
        and worst[0] > 0.5
        and worst[1] >= 3
        and not single
        and all(_rest_of(h.text, worst) for h in isolated)
    ):
        # most of a counted population failing is a breakdown whatever is said of the rest ("6 of 10 sheets
        # superseded; the other 4 were current"): the count, not the words about the remainder, gives the extent
        ff.ctx["extent_words"] = _share_said(text, worst)
        return "pervasive"
    if isolated:
        ff.ctx["extent_words"] = isolated[0].text
        return "isolated"
    if single and not _EVERY_ONE.search(text) and not _MOST.search(text):
        ff.ctx["extent_words"] = single.group(0).strip()
        return "isolated"
    for n, pos, words in record_runs(text):  # a run of consecutive records each said to have failed: all of them
        a, b = clause_around(text, pos, ".;:\n")
        if any(a <= p < b for _, _, p in shares):
            continue  # "5% of the sheets from weeks 30 to 39": the share says how many of the run failed
        if not _speculative(ff, pos) and _FAILED.search(text[pos:b]) and (worst is None or worst[0] < 1.0):
            ff.ctx["extent_words"] = f"{words}, {n} records in a row"
            return "pervasive"
    if worst is not None:
        share, bad, n, _ = worst
        if bad == 0:
            pass
        elif share >= 0.5 and bad >= 3:  # "neither of the two sampled" is two items, not a population
            ff.ctx["extent_words"] = _share_said(text, worst)
            return "pervasive"
        elif (bad == 1 and n >= 5) or share <= 0.1:
            ff.ctx["extent_words"] = _share_said(text, worst)
            return "isolated"
    spread = _spread(ff, text) if worst is None or worst[1] > 2 else ""  # two records in two places: still two
    if spread:
        ff.ctx["extent_words"] = spread if worst is None else f"{_share_said(text, worst)}, {spread}"
        return "pervasive"
    lowered = text.lower()
    for pattern, cues in _WHOLE_PATTERNS:
        if not any(c in lowered for c in cues):
            continue  # the pattern cannot match without one of its words: most findings skip it
        for m in pattern.finditer(text):
            a, clause = _clause_text(text, m.start())
            if _SPECULATION.search(clause):
                continue
            clause = _own_part(clause, m.start() - a)  # "shipped continuously since, but the log lacks a date"
            if pattern is _EVERY_TIME and (_weeks_at_one_place(m.group(0), clause) or _short_gap(m.group(0))):
                continue
            if pattern in (_SPREAD, _EVERY_ONE) and _not_all(clause, max(clause.find(m.group(0)), 0), m.group(0)):
                continue  # "not established for all SEUs": some are missing, not every one
            found = m.group(0).lower()
            none_of = found.startswith(("none", "not one", "not a single")) or " none " in f" {found} "
            # "none of the operators has been trained" fails them all; "none of the gauges was overdue" is fine
            if (
                (_FAILED.search(clause[clause.find(m.group(0)) + len(m.group(0)) :]) is None)
                if none_of
                else bool(_FAILED.search(clause))
            ):
                ff.ctx["extent_words"] = m.group(0)
                return "pervasive"
    if worst is not None and worst[1] > 0:
        ff.ctx["extent_words"] = _share_said(text, worst)
        return "some"
    return "unknown"


_WEEKS = re.compile(r"(?i)\bweeks\b")
_ONE_PLACE = re.compile(
    r"(?i)\b(?:at|in|on|for)\s+(?:only\s+)?(?:one|a\s+single|the\s+one)\s+(?!of\b)[\w-]+|"
    r"\b(?:at|in|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:station|cell|line|intake|workshop|bay|press|machine|"
    r"store|ward|kitchen|room|point|post|desk|counter|dock|booth|oven|tank)\s*(?:\d[\w-]*|[A-Z])?\b"
)


def _weeks_at_one_place(found: str, clause: str) -> bool:
    """A lapse that lasted some weeks at one station, line or place ("not followed at station 4 for three weeks")
    is one part of a working system failing for a while, not the whole population failing (17021-1 3.13): it is no
    breakdown unless something else (a count, a spread, output released) says so. Months or years stay the
    whole-period pattern."""
    return bool(_WEEKS.search(found)) and bool(_ONE_PLACE.search(clause))


_NEGATION = re.compile(r"(?i)\b(?:not|n't)\b")
_COUNTED_ALL = re.compile(
    r"(?i)\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
)


def _not_all(clause: str, at: int, found: str) -> bool:
    """ "Not ... for all X" denies that every X has it, so some lack it: no whole population failing. "Not ... at
    all three sites" counts the places where it is missing and stays distributive."""
    if not re.search(r"(?i)\b(?:all|every|each)\b", found) or _COUNTED_ALL.search(found):
        return False
    return bool(_NEGATION.search(clause[:at]))


_GAP = re.compile(
    r"(?i)\bfor\s+(?:the\s+)?(?:last\s+|past\s+)?(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|many)\s+(?:consecutive\s+)?"
    r"(weeks|months)\s*$"
)


def _short_gap(found: str) -> bool:
    """A periodic record missing for a few weeks or a month or two ("its weekly check not logged for two months",
    "not recorded for two weeks while the admin was on leave") is a gap in part of the period, a lapse (17021-1
    3.13); three months or more, a year, or "none since" a date stays the whole-period breakdown (3.12 note 1)."""
    m = _GAP.search(found)
    if m is None:
        return False
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else _WORDS.get(word, 3)
    return m.group(2).lower() == "weeks" and n < 13 or m.group(2).lower() == "months" and n < 3


# -- whole-process absence ----------------------------------------------------------------------------------------

# words every process of a management system standard could carry: the rest name the process
_GENERIC = frozenset(
    stems(
        "information security quality environmental occupational health safety OH&S energy management system "
        "process processes organization organisation"
    )
)
# a few words auditors use for what the trees call otherwise (both sides of the comparison)
_PROCESS_WORDS = (
    (re.compile(r"(?i)\b(?:suppliers?|vendors?|subcontractors?|contractors?)\b"), "external provider"),
    (re.compile(r"(?i)\bsupplier\s+approval\b"), "evaluation of external provider"),
    (re.compile(r"(?i)\b(?:ncrs?)\b"), "nonconformity"),
    (re.compile(r"(?i)\b(?:capas?)\b"), "corrective action"),
    (re.compile(r"(?i)\b(?:mgmt)\b"), "management"),
)

# what limits a "never done" to one part of the system: "for the new paint line", "for supplier Norcast"
_LIMITED = re.compile(
    r"\b(?:for|at|in|on|of)\s+(?:(?:the|one|a|this|that|its|their|two|three)\s+)(?:[\w-]+\s+){0,3}?"
    r"(?:department|line|area|cell|workshop|unit|process|product|project|supplier|customer|shift|team|"
    r"function|machine|job|contract|location|branch|ward|kitchen|store|warehouse|vehicle|device|"
    r"server|application|employee|operator|worker|order|batch|lot|item|asset|welder|tank|room)s?\b"
    r"|\b(?:for|at|in|on|of)\s+(?:supplier|customer|project|site|press|line|machine|job|order|employee|operator)"
    r"\s+[A-Z0-9]"
    r"|\b(?:one|a\s+single|some|several|two|three|four|five)\s+(?:of\s+the\s+)?[\w-]+\s+(?:has|have|had|was|were)\b"
    r"|\b(?:for|of|on|at|in|to)\s+(?:the|a|an|this|that|its)\s+(?:new|newly\s+\w+|recently\s+\w+)\s+[\w-]+"
    # one instance named by its number, whatever it is ("the evaluation of one quality objective"), not a span
    r"|\b(?:for|of|on|at|in|to)\s+(?:only\s+)?(?:one|a\s+single)\s+(?!(?:day|week|month|quarter|year|period|"
    r"cycle|occasion|time)s?\b)(?:[\w-]+\s+){0,2}?[\w-]+"
    r"|\b(?:new|newly\s+\w+|recently\s+\w+)\s+(?:[\w-]+\s+){0,2}(?:line|machine|process|product|site|supplier|"
    r"employee|operator|starter|recruit|equipment|chemical|activity|project|customer|contract|system)s?\b"
)
_CODE = re.compile(
    r"\b(?:for|at|on|of|in)\s+(?:the\s+)?(?!(?:[\w-]+\s+)?(?:procedure|instruction|plan|policy|standard|manual|form|"
    r"specification|programme|program|schedule|register|contract)\b)(?:[\w-]+\s+){0,2}?([A-Z]{1,6}-?\d[\w./-]*)"
)
_NOT_A_CODE = re.compile(r"^(?:ISO|IEC|IATF|AS|EN|BS|Q[1-4]$|H[12]$)")


_ITEM = (
    r"(?:supplier|vendor|subcontractor|contractor|customer|operator|employee|worker|technician|auditor|user|"
    r"account|server|laptop|machine|press|gauge|instrument|product|record|order|batch|lot|contract|project|"
    r"vehicle|complaint|ncr|drawing|leaver|starter|welder|driver)"
)
# "two suppliers were used without evaluation", "neither supplier appears": items counted, not the whole process
_COUNTED = re.compile(
    r"(?i)(?<!all\s)(?<!the\s)\b(?:one|two|three|four|five|six|a\s+few|several|\d{1,3})\s+(?:[\w-]+\s+){0,5}?"
    r"(?:were|was|had|have|has|are|is|did|lacked|lack)\b|\b(?:neither|both|either)\b"
    r"|(?-i:\b[A-Z]{1,6}-?\d[\w./-]*)\s+(?:has|have|had|was|were|is|are|did)\b"
    # one item named or singled out: "supplier Norcast", "the supplier of castings", "a new operator"
    r"|\b(?:the|a|an|this|that|one)\s+(?:[\w-]+\s+){0,2}?" + _ITEM + r"(?!s)\b"
    r"|\b" + _ITEM + r"\s+(?-i:[A-Z][\w&.-]*|\d[\w-]*)"
    # copies of a document counted ("two printed copies of the policy were obsolete"): instances of its control,
    # not the document or the process missing
    r"|\b(?:one|two|three|four|five|six|a\s+few|several|\d{1,3})\s+(?:[\w-]+\s+)?(?:copies|copy|prints?|printouts?)\s+of\b"
)


def _limited(clause: str) -> bool:
    """The clause confines what is missing to one part, item or record (then the process exists elsewhere)."""
    if _LIMITED.search(clause):
        return True
    return any(not _NOT_A_CODE.match(m.group(1)) for m in _CODE.finditer(clause))


# what a process is called up to its qualifier: "validation of processes [whose output is not fully verified]"
_QUALIFIER = re.compile(r"(?i)\s(?:whose|that|which|where|when|with|including|and\s+their|in\s+accordance|\()\b")
# the verbs a process name and a finding use for the same act, made one
_ACTS = {
    **dict.fromkeys(
        stems("determination identification establishment definition identify determine establish define"), "DETERMINE"
    ),
    **dict.fromkeys(stems("evaluation assessment evaluate assess appraisal"), "EVALUATE"),
}


def _process_stems(text: str) -> set[str]:
    for pattern, repl in _PROCESS_WORDS:
        text = pattern.sub(repl, text)
    return {_ACTS.get(w, w) for w in stems(text)}


@lru_cache(maxsize=4096)
def _process_need(process: str) -> frozenset[str]:
    """The words that name a process: its name up to its qualifier, without the words every process carries."""
    need = _process_stems(_QUALIFIER.split(process, 1)[0])
    return frozenset(need - _GENERIC if len(need - _GENERIC) >= 2 else need)


def _covers(clause_stems: set[str], process: str) -> bool:
    """The clause's words name the process: all of a short name's content words, most of a long one's."""
    need = _process_need(process)
    if not need:
        return False
    got = len(need & clause_stems)
    return got == len(need) if len(need) <= 2 else got >= max(2, math.ceil(len(need) * 0.6))


def _clauses_about(ff: FindingFacts) -> list[Clause]:
    """The requirements the finding is about: the cited clause with those above and below it, then the clauses
    its words point to (engine/facts/context.py `primary`, `inferred`)."""
    out: list[Clause] = []
    for cit in ff.citations:
        c = cit.clause
        if c is None or cit.standard is None:
            continue
        tree = cit.standard
        node: Clause | None = c
        while node is not None:  # the clause and those above it
            out.append(node)
            node = tree.clause(node.parent) if node.parent else None
        stack = list(c.children)
        while stack:  # and those below it
            child = tree.clause(stack.pop())
            if child is not None:
                out.append(child)
                stack.extend(child.children)
    out.extend(m.clause for m in ff.inferred or ())
    return list({id(c): c for c in out}.values())  # each once, in order


def _standard_name(ff: FindingFacts, c: Clause) -> str:
    std = ff.lib.get(c.standard)
    return std.designation if std is not None else c.standard


# the words that make what is missing a document about the process, not the process itself
_PAPER = re.compile(
    r"(?i)\b(?:documented|written|procedures?|work\s+instructions?|forms?|templates?|flow\s*charts?|"
    r"process\s+maps?|matri(?:x|ces)|charts?|checklists?|manuals?|SOPs?)\b"
)
# the subjects that are the whole organisation: what they have no of is missing everywhere
_WHOLE_SUBJECT = frozenset(
    stems("the a an it we they there company site business firm plant facility top management organization we us our")
)
_HAS_NO = re.compile(r"(?i)\b(?:has|have|had)\s+no\b|\black(?:s|ed|ing)?\b")
_NEAR = 8  # words either side of the absence words that can name what is absent


_VERB = re.compile(r"(?i)\b(?:has|have|had|is|are|was|were|does|do|did|could|can|cannot|will|shows?|showed)\b")


def _subject(before: str) -> set[str]:
    """The words of the clause's subject (up to its first verb), when it is not itself negated ("no audits have
    been held" names what is missing, "the objectives are not monitored" names what exists); empty otherwise."""
    verb = _VERB.search(before)
    head = before[: verb.start()] if verb else before
    if re.search(r"(?i)\b(?:no|none|not|never|nothing|without)\b", head):
        return set()
    return _process_stems(head)


def _mandated_process(ff: FindingFacts, found: list[tuple[str, Hit]]) -> tuple[Clause, str, str, str] | None:
    """The first hit whose clause names a process the cited or inferred requirement makes mandatory, not confined
    to one area, item or record: (the clause, the process, the hit's words, the clause's words)."""
    if not found or (_COUNTED.search(ff.finding.statement) and ff.fact["extent"] != "pervasive"):
        return None  # the finding counts the items that failed: instances, not the process
    candidates: list[Clause] | None = None
    for fld, h in found:
        text = ff.text(fld)
        a, clause = _clause_text(text, h.start)
        if _limited(clause[h.end - a :]) or _limited(clause[: h.start - a]):
            continue
        # the words the absence is said of: a few before it ("risk assessment has not been done") and after it
        # ("there is no risk assessment"), not a cause or aside further along the clause
        before = re.findall(r"[\w&'-]+", clause[: h.start - a])[-_NEAR:]
        after = re.findall(r"[\w&'-]+", clause[h.end - a :])[:_NEAR]
        if _HAS_NO.search(h.text):
            # "the objectives have no measure": what is missing is a part of a subject that exists, not a process;
            # "the company has no internal audit programme": the whole organisation lacks what follows
            subject = set(stems(" ".join(before))) - _GENERIC - _WHOLE_SUBJECT
            if subject:
                continue
            before = []
        near = " ".join([*before, h.text, *after])
        words = _process_stems(near)
        paper = _PAPER.search(" ".join([h.text, *after[:3]]))  # what the absence words are said of
        if candidates is None:  # found once, and only for a finding whose absence words are not confined
            candidates = [c for c in _clauses_about(ff) if c.obligation is not None and c.obligation.processes]
        subject = _subject(clause[: h.start - a])
        owner = next(
            (p for c in candidates if c.obligation for p in c.obligation.processes if _covers(subject, p)), None
        )
        for c in candidates:
            assert c.obligation is not None
            for process in c.obligation.processes:
                if owner is not None and owner != process:
                    continue  # "the objectives ... are not monitored": an act on another process's output, which exists
                if paper and not _PAPER.search(process):
                    continue  # "no documented procedure for the evaluation of compliance": a document, not the process
                if _covers(words, process) and not _other_act(h.text, process):
                    return c, process, h.text, clause.strip()
    return None


# the verbs that say a thing was not done or does not exist at all, whatever the thing ("has not been carried out",
# "no objectives have been established"), against an act done on it ("the policy has not been communicated")
_DOING = frozenset(
    _ACTS.get(w, w)
    for w in stems(
        "carried carry performed perform done conducted conduct held hold undertaken undertake completed complete "
        "existed exist established establish implemented implement set drawn written made make taken take kept keep "
        "run begun begin started start developed develop introduced introduce put placed maintained maintain prepared "
        "prepare produced produce defined define determined determine demonstrated demonstrate shown show evidenced "
        "provided provide presented found seen used applied operated operate followed"
    )
)
_NOT_VERB = re.compile(r"(?i)\b(?:does|do|did)\s+not\s+(?:currently\s+|yet\s+)?([a-z]+)")


def _other_act(words: str, process: str) -> bool:
    """The absence words say another act was not done to the process's output ("the OH&S policy has not been
    communicated"), not that the process or output is missing: then the process is not shown absent."""
    verbs = re.findall(r"(?i)\b[a-z-]{3,}ed\b", words) + _NOT_VERB.findall(words)
    own = _process_stems(process)
    return any(v not in _DOING and v not in own for v in _process_stems(" ".join(verbs))) if verbs else False


# the span over which a thing was not done, which shows a whole process absent even in a terse finding
_SPAN = re.compile(
    r"(?i)\b(?:19|20)\d\d\b|\bsince\b|\b(?:never|ever)\b|\bat\s+all\b|\bto\s+date\b|\bso\s+far\b|"
    r"\b(?:last|past|previous)\s+(?:\w+\s+)?(?:years?|months|cycle|period)\b|\bthis\s+year\b"
)


# the arrangement through which a mandated process is carried out has ended ("the calibration contract lapsed and
# was not renewed") while what it covers stays in use: the process has stopped within scope
_ARRANGEMENT_ENDED = re.compile(
    r"(?i)\b(?:contracts?|agreements?|arrangements?|subscriptions?|licen[cs]es?|accreditations?|approvals?|"
    r"certificates?|support)\b[^.;\n]{0,40}?\b(?:expired|lapsed|terminated|ended|ran\s+out|cancelled|withdrawn|"
    r"(?:was|were|has|had|have)\s+(?:not|never)\s+(?:been\s+)?renewed|not\s+renewed)\b"
)
_STILL_IN_USE = re.compile(
    r"(?i)\b(?:still|remain(?:s|ed)?|continue[sd]?\s+to\s+be|kept)\s+(?:[\w-]+\s+){0,2}?(?:in\s+(?:\w+\s+)?"
    r"(?:use|service|operation)|used|operated|operating|running|released|supplied)\b|"
    r"\b(?:are|is|were|was)\s+in\s+(?:daily|routine|regular|normal|constant)\s+(?:use|service)\b|"
    r"\bcontinue[sd]?\s+(?:to\s+)?(?:use|operate|run)\b"
)


def _arrangement_ended(ff: FindingFacts) -> tuple[Clause, str, str] | None:
    """The arrangement that carries out a process the cited or inferred requirement makes mandatory ended, and what
    it covers stays in use: (the clause, the process, the words), or None."""
    text = ff.whole_text()
    ended = _ARRANGEMENT_ENDED.search(text)
    if ended is None or not _STILL_IN_USE.search(text) or _speculative(ff, ended.start()):
        return None
    _, clause = _clause_text(text, ended.start())
    if _limited(clause):
        return None
    words = _process_stems(clause)
    for c in _clauses_about(ff):
        if c.obligation is None:
            continue
        for process in c.obligation.processes:
            if _process_need(process) & words:
                return c, process, clause.strip()
    return None


# what did not happen is an event, not a process: "no change has been made", "no incident has occurred"
_NO_EVENT = re.compile(
    r"(?i)\s*no\s+(?:[\w-]+\s+){0,2}?(?:changes?|modifications?|incidents?|accidents?|events?|complaints?|spills?|"
    r"breaches?|failures?|leaks?|deviations?|injur(?:y|ies)|releases?|alterations?|updates?\s+to\s+the\s+systems?)\b"
)


# a test of a whole process by running it end to end: a traceability exercise, a mock recall, a restore test, an
# evacuation drill; what it could not do, the process cannot do
_PROCESS_TEST = re.compile(
    r"(?i)\b(?:traceability|trace|mock[- ]recall|recall|withdrawal|restore|recovery|failover|evacuation|emergency|"
    r"fire|spill|business\s+continuity|continuity)\s+(?:exercise|test|drill|challenge|simulation|rehearsal)s?\b"
)
_TEST_FAILED = re.compile(
    r"(?i)\b(?:could|can)\s*not\s+(?:be\s+)?[\w-]+|\bcannot\s+(?:be\s+)?[\w-]+|\bfailed\b|\bunable\s+to\b|"
    r"\bwere\s+not\s+(?:traced|found|located|restored|recovered|identified|accounted\s+for|retrieved)\b|"
    r"\bnot\s+(?:be\s+)?(?:traced|restored|recovered|located|accounted\s+for)\b"
)


def _process_test_failed(ff: FindingFacts) -> str:
    """The words that record the organisation's own end-to-end test of a process failing (what was traced, restored
    or evacuated could not be); '' when none."""
    text = ff.whole_text()
    for m in _PROCESS_TEST.finditer(text):
        a, b = clause_around(text, m.start(), ".\n", ".\n")  # the sentence: "exercise: 5 of 12 could not be traced"
        sentence = text[a:b]
        if _SPECULATION.search(sentence):
            continue
        failed = _TEST_FAILED.search(sentence)
        if failed and not re.search(
            r"(?i)\b(?:none|no\s+(?:lot|item|record|batch)s?)\b[^.;]{0,30}$", sentence[: failed.start()]
        ):
            return sentence.strip()
    return ""


@fact(
    "process_absent",
    values=("absent", "failing", "no"),
    reads=(
        "finding",
        "tree",
        "cit_status",
        "requirement_inferred",
        "extent",
        "grade",
        "evidence_state",
        "lexicon:absence",
        "lexicon:not_performed",
        "lexicon:nonfulfilment",
    ),
)
def process_absent(ff: FindingFacts) -> str:
    """A process or output the requirement makes mandatory is `absent` altogether or has broken down across the
    whole sample (17021-1 3.12: its absence affects the system's capability; IATF and AS9101 "absence or total
    breakdown"). Read from words that name a whole process missing (the `absence` lexicon), or from words that say
    a thing was never done, does not exist or shows no evidence of being done (`not_performed`) in a sentence
    naming a process the obligation layer of the cited or inferred clause makes mandatory (`<process>` in the
    trees), not confined to one area, item or record. A process done badly in one place is not absent: that is a
    lapse (3.13), whatever grade was raised. `failing`: a nonfulfilment stated of that process itself (not of one
    instance), which keeps an auditor's major where the evidence is identified (doubt that effective process
    control is in place, 3.12 note 1) but never raises a minor: a reviewer overturns the auditor's grade only on
    what the record shows. Words that say another act was not done to a process's output ("the policy has not been
    communicated") do not make the output absent; a "not done" under an auditor's grade, with nothing identifying the
    evidence examined and no span of time, is `failing`, not `absent`.

    bad: "no evaluation of compliance has ever been carried out" graded minor (the 14001 9.1.2 process absent).
    good: "no risk assessment has been carried out for the new paint line" (one area: the process exists).
    """
    if ff.fact["extent"] == "isolated":
        return "no"  # the process works apart from one slip (3.13)
    for fld, h in _hits(ff, "absence"):
        text = ff.text(fld)
        a, clause = _clause_text(text, h.start)
        if _limited(clause[h.end - a :]):
            continue  # "no risk assessment has been carried out for the new paint line": one part, not the process
        if any(n <= 2 for _, n, _ in sample_shares(h.text)):
            continue  # "none of the two sampled": two items failing, too few to show the process absent
        if _NO_EVENT.match(h.text):
            continue  # "no change has been made since": an event that did not happen, not a process missing
        ff.ctx["absent_words"] = h.text
        named = _mandated_process(ff, [(fld, h)])  # the process the trees name, where the words name one
        ff.ctx["absent_reason"] = (
            f"the {named[1]} that {_standard_name(ff, named[0])} {named[0].number} makes mandatory is absent or has "
            f"broken down ('{h.text}')"
            if named
            else f"absence or total breakdown of a required process ('{h.text}')"
        )
        return "absent"
    tested = _process_test_failed(ff)
    if tested:
        ff.ctx["absent_words"] = tested
        ff.ctx["absent_reason"] = (
            f"the organisation's own test of the whole process failed ('{tested}'): the process cannot show it "
            "achieves its result"
        )
        return "absent"
    ended = _arrangement_ended(ff)
    if ended is not None:
        c, process, words = ended
        ff.ctx["absent_words"] = words
        ff.ctx["absent_process"] = process
        ff.ctx["absent_reason"] = (
            f"the {process} that {_standard_name(ff, c)} {c.number} makes mandatory has broken down: the arrangement "
            f"that carries it out ended while what it covers stays in use ('{words}')"
        )
        return "absent"
    for lexicon, value, said in (
        ("not_performed", "absent", "is absent"),
        ("nonfulfilment", "failing", "is recorded as not done"),
    ):
        hit = _mandated_process(ff, _hits(ff, lexicon))
        if hit is None:
            continue
        c, process, words, clause = hit
        if (
            value == "absent"
            and ff.fact["grade"] != "ungraded"  # a grade the auditor gave
            and ff.fact["evidence_state"] != "ok"
            and not _SPAN.search(ff.whole_text())
        ):
            # an auditor's grade is overturned only on what the record shows: "not done", with nothing identifying
            # what was examined and no span over which it was not done, is a nonfulfilment stated, not an absence
            # shown; it keeps no major and raises no minor (3.12 note 1), and an OFI that records it is a minor
            # nonconformity recorded as an OFI, not a major one (9.4.5.2)
            value, said = "failing", "is recorded as not done"
        ff.ctx["absent_words"] = words
        ff.ctx["absent_process"] = process
        ff.ctx["absent_reason"] = (
            f"the {process} that {_standard_name(ff, c)} {c.number} makes mandatory {said} ('{clause}')"
        )
        return value
    return "no"


# -- output released or put at risk ---------------------------------------------------------------------------------

_DOCUMENT = re.compile(
    r"(?i)\b(?:drawings?|documents?|procedures?|instructions?|specifications?|specs?|revisions?|rev|"
    r"plans?|records?|reports?|forms?|manuals?|polic(?:y|ies)|standards?|purchase\s+orders?|POs?|quotations?|"
    r"budgets?|minutes|schedules?|registers?|templates?|"
    r"certificates?|notices?|bulletins?|newsletters?|memos?)\b"
)
_PRODUCT = re.compile(
    r"(?i)\b(?:products?|parts?|units?|lots?|batch(?:es)?|devices?|items?|goods|materials?|components?|"
    r"assembl(?:y|ies)|shipments?|consignments?|pieces|pcs|castings?|housings?|valves?|pumps?|food|meals?|"
    r"tablets?|vials?|implants?|kits?|boards?|modules?|vehicles?|equipment|services?|output|pallets?|cartons?|"
    r"cans?|bottles?|packs?)\b"
)
_DOCUMENT_RELEASE = re.compile(
    r"(?i)^\W*(?:for|to)\s+(?:manufactur\w*|production|fabrication|construction|tender|review|approval|comment|"
    r"purchasing|quotation|the\s+shop\s+floor|the\s+workshop)\b"
)
_TITLE_CUE = re.compile(
    r"(?i)\b(?:procedure|instruction|form|titled|entitled|called|named|section|heading|template|checklist)\s+"
    r"(?:[\w'\"-]+\s+){0,4}$"
)


def _product_release(ff: FindingFacts, fld: str, hit: Hit) -> bool:
    """What was released, shipped or delivered was product or service, not a document, and not words in a
    title ("the procedure 'Goods shipped'")."""
    text = ff.text(fld)
    a, clause = _clause_text(text, hit.start)
    before = clause[: hit.start - a]
    after = text[hit.end : a + len(clause)]
    subject = list(re.finditer(r"[\w-]+", before))[-8:]
    window = before[subject[0].start() :] if subject else ""
    if _DOCUMENT_RELEASE.match(after):
        return False
    doc, prod = _DOCUMENT.search(window + " " + hit.text), _PRODUCT.search(window + " " + hit.text)
    if doc and not prod:
        return False
    if doc and prod and doc.start() > prod.start():
        return False  # the nearer noun is the document ("parts list revision C was released")
    if ff.quoted(fld, hit.start):
        return False  # words quoted from a title or a document
    if _TITLE_CUE.search(before) and any(w[:1].isupper() for w in hit.text.split()):
        return False
    first = hit.text.split()[0] if hit.text.split() else ""
    return not (first[:1].isupper() and hit.start - a > 2 and before.strip()[-1:] not in ".:;")


# the nonconforming output itself was put right or kept back before release: what left was not it
_CONTAINED = re.compile(
    r"(?i)\b(?:was|were|been|being)\s+(?:then\s+|immediately\s+|all\s+)?(?:re-?processed|re-?cooked|re-?pasteuri[sz]ed|"
    r"re-?sterili[sz]ed|re-?worked|diverted|destroyed|scrapped|discarded|recalled\s+before|withdrawn\s+before)\b"
)


def _contained(ff: FindingFacts) -> bool:
    """The finding records that the failed output was reprocessed, diverted or destroyed (not negated): then what
    was released afterwards is not shown nonconforming."""
    text = ff.whole_text()
    for m in _CONTAINED.finditer(text):
        a, clause = _clause_text(text, m.start())
        if not re.search(r"(?i)\b(?:not|never|no)\b", text[a : m.start()]) and not _SPECULATION.search(clause):
            return True
    return False


# a check, test, evaluation or approval of the output said not made ("metal detector checks were not carried out",
# "the product was not evaluated", "changed without the customer notification"); a signature or a date missing on
# its record is not the check missing ("the scrap note was not signed")
_CHECK = (
    r"(?:checks?|inspect\w*|tests?|testing|verif\w*|validat\w*|evaluat\w*|assess\w*|results?|notifi\w*|approv\w*|"
    r"release\s+decision)"
)
_UNCHECKED = re.compile(
    r"(?i)\b(?:no|without|never)\s+(?:[\w'-]+\s+){0,4}?" + _CHECK + r"(?![\w-])|"
    r"\b" + _CHECK + r"\s+(?:[\w'-]+\s+){0,4}?(?:was|were|had|has|have)\s+(?:not|never)\s+(?:been\s+)?"
    r"(?:carried\s+out|done|performed|made|recorded|completed|conducted|taken|obtained|sought|given|available)\b|"
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:not|never)\s+(?:been\s+)?(?:evaluated|assessed|inspected|"
    r"tested|checked|verified|validated|approved|notified|dispositioned|released\s+by\s+quality)\b"
)
# the checks made on the output itself, whatever they are made on; an evaluation, assessment, approval or
# notification is of the output only where the clause names it
_PRODUCT_CHECK = re.compile(r"(?i)\b(?:checks?|inspect\w*|tests?|testing|results?)\b")
# more than one output or occasion went out unchecked: "all batches", "every lot", "since March", "12 night shifts",
# "about 3,900 units" (one batch shipped without its record is a lapse, 3.13)
_MANY = re.compile(
    r"(?i)\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:batch|lot|unit|part|shift|product|order|"
    r"deliver|shipment|pallet|run|day)\w*|\b(?:since|continuously)\b|"
    r"\b(?:[2-9]|\d{2,}|\d{1,3}(?:,\d{3})+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:batch(?:es)?|lots|units|parts|shifts|products|orders|deliveries|shipments|pallets|runs|days|"
    r"pieces|devices|items|cartons|consignments|drums|loads|jobs)\b"
)
_RECORD_FORM = re.compile(
    r"(?i)\b(?:signed|countersigned|stamped|dated|filed|initialled|signature|stamp|date|reference)\b"
)
# the record exists and an entry on it is empty ("release records RR-1 to RR-3 have no inspection result", "the
# result field was left blank"): what it shows is an incomplete record, not the check never made
_RECORD_ENTRY = re.compile(
    r"(?i)\b(?:records?|sheets?|forms?|reports?|logs?|checklists?|cards?|travell?ers?|certificates?)\b[^.;]{0,80}?"
    r"\b(?:has|have|had|shows?|showed|carr(?:y|ies|ied)|contains?|contained|with)\s*$"
)
_BLANK_FIELD = re.compile(
    r"(?i)\b(?:fields?|boxes|box|columns?|entr(?:y|ies))\s+(?:was\s+|were\s+|left\s+)*(?:blank|empty)\b"
)


def _unchecked(ff: FindingFacts) -> str:
    """The words that record a check of the output not made, in a clause neither speculative nor about the form of a
    record; '' when none."""
    for fld in ("statement", "evidence"):
        text = ff.text(fld)
        for m in _UNCHECKED.finditer(text):
            _, clause = _clause_text(text, m.start())
            if _SPECULATION.search(clause) or _RECORD_FORM.search(m.group(0)):
                continue
            if _RECORD_ENTRY.search(text[max(0, m.start() - 120) : m.start()]) or _BLANK_FIELD.search(clause):
                continue  # an entry of an existing record left empty: the record incomplete (3.13), not the check
            if not _PRODUCT_CHECK.search(m.group(0)) and not _PRODUCT.search(clause):
                continue  # "the supplier evaluation was not done": a check, but not one of the output released
            return m.group(0)
    return ""


@fact(
    "output_effect",
    values=("released", "controls_bypassed", "no"),
    reads=("finding", "extent", "lexicon:released", "lexicon:nonconforming_output", "lexicon:integrity"),
)
def output_effect(ff: FindingFacts) -> str:
    """Nonconforming product or service reached the customer or the market (`released`), or the controls meant
    to catch it were bypassed (`controls_bypassed`: a required inspection or test skipped, nonconforming product
    not dispositioned): 17021-1 3.12 note 1, doubt that products and services meet requirements. Severity words
    are read in context: only a release of product counts, with a recorded (not speculative) failure.

    bad: "lot L-20 failed its leak test and was shipped to the customer" graded minor (released).
    good: "drawing D-4 rev C was released for manufacture without its review signature" (a document, minor).
    """
    released = [(f, h) for f, h in _hits(ff, "released") if _product_release(ff, f, h)]
    failed = _hits(ff, "nonconforming_output")
    if released and failed and not _contained(ff):
        ff.ctx["output_words"] = f"{released[0][1].text}', '{failed[0][1].text}"
        ff.ctx["output_reason"] = f"nonconforming output released ('{released[0][1].text}', '{failed[0][1].text}')"
        return "released"
    many = ff.fact["extent"] != "isolated" and _MANY.search(ff.whole_text())
    unchecked = _unchecked(ff) if released and many and not _contained(ff) else ""
    if unchecked:
        ff.ctx["output_words"] = f"{released[0][1].text}', '{unchecked}"
        ff.ctx["output_reason"] = (
            f"output released without the check that shows it conforms ('{released[0][1].text}', '{unchecked}')"
        )
        return "released"
    for fld, h in _hits(ff, "integrity"):
        if re.search(
            r"(?i)\b(?:released|shipped|delivered|dispatched|sold|supplied|placed|put)\b", h.text
        ) and not _product_release(ff, fld, h):
            continue
        ff.ctx["output_reason"] = f"product conformity put at risk past its controls ('{h.text}')"
        return "controls_bypassed"
    return "no"


# -- legal, safety and information-security exposure ----------------------------------------------------------------

_LAPSED = re.compile(
    r"(?i)\b(?:expired|lapsed|out\s+of\s+date|overdue|not\s+(?:been\s+)?(?:renewed|obtained|applied\s+for|held|"
    r"carried\s+out|done|available|in\s+place|valid|current|examined|inspected|tested|performed|issued)|"
    r"no\s+(?:valid|current|in-date)|(?:has|had|have|was|were)\s+no|without\s+(?:a\s+|any\s+)?(?:valid|current)?|"
    r"missing|breach\w*|exceed\w*|contraven\w*|in\s+excess|past\s+(?:its|the|their)\s+(?:due|expiry|renewal)|"
    r"above\s+(?:the\s+)?(?:[\w-]+\s+)?limits?|"
    r"invalid|revoked|suspended|never\s+(?:been\s+)?(?:obtained|applied|examined|inspected))"
)
_NO_BEFORE = re.compile(r"(?i)\b(?:no|without|lacks?|lacking)\s+(?:[\w-]+\s+){0,3}$")
_SECURITY = re.compile(
    r"(?i)personal[\s-]+data|data\s+breach|security\s+breach|unencrypted|clear\s*text|plain\s*text|"
    r"data[- ]protection|privacy|payroll|"
    r"(?:employee|customer|patient|staff)s?'?\s+(?:[\w-]+\s+)?(?:data|records|details)"
)
_SAFETY = re.compile(
    r"(?i)injur|fatal|death|died|amputation|burn|electrocut|height|harness|fall|guard|interlock|lock-?out|"
    r"isolation|confined|vessel|tank|silo|ppe|respirator|gas\s+detection|e-?stop|emergency|danger|hazard|harm|"
    r"permit\s+to\s+work|hot[- ]work|allerg|sesame|peanut|gluten"
)


def _lapse_of(clause: str, at: int) -> bool:
    """The clause says the statutory document at `at` is missing, expired or breached: a lapse word after it ("the
    permit expired"), or one before it that qualifies it ("an expired permit"). A "not done" before it is said of
    the clause's own subject ("the evaluation has not been performed for the permit conditions": the permit stands,
    another act is missing), which is no lapse of the document."""
    for m in _LAPSED.finditer(clause):
        if m.end() < len(clause) and (clause[m.end()].isalnum() or clause[m.end()] == "'"):
            continue  # part of a word: "has no" in "has not been performed"
        if m.start() >= at or not m.group(0).lower().startswith(("not", "never")):
            return True
    return False


@fact(
    "exposure",
    values=("legal", "safety", "security", "no"),
    reads=("finding", "tree", "lexicon:safety_legal", "lexicon:statutory", "lexicon:unassessed_work"),
)
def exposure(ff: FindingFacts) -> str:
    """A legal, safety or information-security exposure the evidence records, not one that could have happened
    (17021-1 3.12 note 1: significant doubt that the system meets its compliance obligations or keeps people and
    information safe). A statutory document named alone counts when the finding says it is missing, expired,
    overdue or breached: the operating permit, the discharge consent, the lifting-equipment examination.

    bad: "the site's operating permit expired in March and operations continue" graded minor (legal).
    good: "the permit register was not updated with the new permit number" (a record, not an exposure).
    """
    for _, h in _hits(ff, "safety_legal"):
        kind = "security" if _SECURITY.search(h.text) else "safety" if _SAFETY.search(h.text) else "legal"
        ff.ctx["exposure_reason"] = f"{kind} exposure ('{h.text}')"
        return kind
    for fld, h in _hits(ff, "statutory"):
        text = ff.text(fld)
        a, clause = _clause_text(text, h.start)
        if _lapse_of(clause, h.start - a) or _NO_BEFORE.search(text[a : h.start]):
            ff.ctx["exposure_reason"] = (
                f"legal exposure: a statutory document missing, expired or breached ('{clause.strip()}')"
            )
            return "legal"
    unassessed = _unassessed_work(ff)
    if unassessed:
        ff.ctx["exposure_reason"] = (
            f"safety exposure: work done without the risk assessment, safe system or competence the requirement "
            f"obliges, so the safety of the people doing it was not verified ('{unassessed}')"
        )
        return "safety"
    return "no"


# the standard is about the safety of people at work (read from its title, so a user's tree counts too)
_OHS_TITLE = re.compile(r"(?i)occupational\s+health\s+and\s+safety|health\s+and\s+safety\s+management")
# what makes a finding under another standard one about people's safety
_SAFETY_CONTEXT = re.compile(
    r"(?i)\bsafe(?:ly|ty)?\b|\bhazard|\binjur|\bOH&S\b|\bH&S\b|\bhealth\s+and\s+safety|\bPPE\b"
)
# work whose danger makes a competence not shown a safety matter, not a record gap
_HAZARDOUS_WORK = re.compile(
    r"(?i)\b(?:fork-?lifts?|lift\s+trucks?|cranes?|hoists?|MEWPs?|scaffold\w*|presses|power\s+press|chainsaws?|"
    r"weld\w*|high[- ]voltage|live\s+(?:electrical|working|work)|electrical\s+(?:work|installation|isolation)|"
    r"chemicals?|asbestos|excavat\w*|demolition|work(?:ing)?\s+at\s+height|confined\s+spaces?|hot[- ]work|"
    r"explosive\w*|ATEX|radiation|pressure\s+(?:systems?|vessels?)|lifting\s+operations?|isolation|lock-?out|"
    r"hazard\w*|dangerous|safely)\b"
)
_COMPETENCE = re.compile(r"(?i)competen|trained|training|qualifi|certifi|authori[sz]|licen[cs]|tickets?\b|cards?\b")


def _safety_audit(ff: FindingFacts) -> bool:
    """The audit is against an occupational health and safety standard (the criteria or a cited one)."""
    stds = [ff.criteria, *(c.standard for c in ff.citations)]
    return any(s is not None and _OHS_TITLE.search(s.title) for s in stds)


def _unassessed_work(ff: FindingFacts) -> str:
    """The words that record work done without the risk assessment or safe system the requirement obliges, or by
    people not shown competent for hazardous work, in an OH&S audit or where the finding speaks of safety; ''
    when none. The work itself, not a document about it: an unsigned attendance sheet is a slip (3.13)."""
    found = _hits(ff, "unassessed_work")
    if not found or not (_safety_audit(ff) or _SAFETY_CONTEXT.search(ff.whole_text())):
        return ""
    for fld, h in found:
        if not _COMPETENCE.search(h.text):
            return h.text
        _, clause = _clause_text(ff.text(fld), h.start)
        if _HAZARDOUS_WORK.search(clause):
            return h.text  # people not shown competent for hazardous work
    return ""


# -- records that cannot be true -----------------------------------------------------------------------------------


@fact("record_untrue", reads=("finding", "lexicon:untrue_record"))
def record_untrue(ff: FindingFacts) -> bool:
    """The record a required process rests on cannot be true (signed by someone away on those dates, figures
    identical period after period, report numbers that match no report held, estimates reported as measured while
    the meter read zero): the process cannot show its result over the period the record covers, which affects the
    system's capability to achieve its intended results (17021-1 3.12). A record merely incomplete is a lapse.

    bad: "release sheets signed as inspected by an inspector on leave those days" graded minor.
    good: "one release sheet was signed by the authorised deputy; the list on the board was not updated".
    """
    found = _hits(ff, "untrue_record")
    if not found:
        return False
    fld, hit = found[0]
    _, clause = _clause_text(ff.text(fld), hit.start)
    ff.ctx["untrue_reason"] = (
        f"the records the process rests on cannot be true ('{clause.strip()}'), so the process cannot show its result"
    )
    return True


# -- the main scope of a required process left out, and a real event handled outside its process -----------------


@fact("main_scope_missed", reads=("finding", "lexicon:main_scope_missed"))
def main_scope_missed(ff: FindingFacts) -> bool:
    """A required assessment, review or analysis leaves out what it exists for: the item omitted is said to be the
    largest, the main or the whole of what the process covers (the largest energy use, the platform holding all
    customer data). The process cannot show its result where it matters most, which affects the system's capability
    to achieve its intended results (17021-1 3.12). An item left out that is not said to be the main one is a gap.

    bad: "the energy review does not cover the boiler house, which is the largest energy use" graded minor.
    good: "the energy review does not cover the staff kitchen kettle" (minor).
    """
    found = _hits(ff, "main_scope_missed")
    if not found:
        return False
    fld, hit = found[0]
    ff.ctx["main_scope_reason"] = (
        f"the required assessment leaves out the main part of what it covers ('{hit.text.strip()}'), so the process "
        "cannot show its result where it matters most"
    )
    return True


@fact("event_outside_process", reads=("finding", "lexicon:event_outside_process", "lexicon:harm_done"))
def event_outside_process(ff: FindingFacts) -> bool:
    """A real event of the kind a required process exists for (an incident, a nonconformity, a complaint) was handled
    outside that process and the finding records the harm done (money lost, people hurt, data disclosed): the process
    was not used when it mattered, which affects the system's capability to achieve its intended results (17021-1
    3.12). An event recorded late but handled under the process, or with no harm recorded, is a lapse.

    bad: "a fraudulent change of bank details was handled outside the incident process; the money was lost" minor.
    good: "a phishing email was logged two days late, then analysed and closed under the incident process" (minor).
    """
    outside = _hits(ff, "event_outside_process")
    harm = _hits(ff, "harm_done")
    if not outside or not harm:
        return False
    ff.ctx["outside_reason"] = (
        f"a real event was handled outside the required process ('{outside[0][1].text.strip()}') with harm done "
        f"('{harm[0][1].text.strip()}')"
    )
    return True


# -- recurrence ------------------------------------------------------------------------------------------------------


# what makes a recurrence the certification body's concern: an earlier audit's finding, or a corrective action
# verified and closed (a customer complaint that recurs is the client's own nonconformity, not a repeat finding)
_EARLIER = re.compile(
    r"(?i)\b(?:previous|last|prior|earlier|preceding)\s+(?:[\w'-]+\s+){0,2}?(?:audit|surveillance|assessment|visit|"
    r"recertification|certification|finding|nonconformit(?:y|ies)|nc)s?\b|\b(?:audit|surveillance)\s+findings?\b|"
    r"\bclosed\s+(?:as\s+)?(?:effective|verified)|\brepeat(?:ed)?\s+(?:finding|nonconformit|nc)|"
    r"\brepeat\s+of\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:finding|nonconformit|NCR?\b)|"
    # the failure back after the organisation's own corrective action was closed or accepted: the order said
    # ("after the 8D was closed", "although the CAPA had been verified", "accepted as complete, but ... again")
    r"\b(?:after|since|although|though|despite|even\s+though)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:8D|corrective\s+"
    r"actions?|CAPA|CAR)s?\s+(?:[\w-]+\s+){0,5}?(?:was|were|had\s+been|has\s+been|having\s+been|being)\s+(?:formally\s+)?"
    r"(?:closed|accepted|verified|signed\s+off)\b|"
    r"\b(?:closed|accepted|signed\s+off)\s+as\s+(?:complete|effective|verified|done)\b[^.;\n]{0,80}?\b(?:but|yet|however)\b|"
    # a corrective action left closed although the failure came back ("CAPA-40 was not reopened"), or closed as
    # effective with words between ("closed on 3 April as effective"); closed alone says nothing of its effect
    r"\b(?:8D|corrective\s+actions?|CAPA|CAR|(?-i:CA))(?:[\s-]+[\w/-]*\d[\w/-]*)?\s+(?:(?:was|were|had|has)\s+)?"
    r"not\s+(?:been\s+)?re-?opened|\bclosed\b[^.;\n]{0,30}?\bas\s+(?:effective|verified)\b|"
    r"\b(?:8D|corrective\s+actions?|CAPA|CAR)s?\b(?:(?!\b(?:not|never|open|pending)\b)[^.;\n]){0,60}?\b(?:was|were|had\s+been|"
    r"has\s+been)\s+(?:formally\s+)?(?:closed|accepted|verified|signed\s+off)\b[^.;\n]{0,40}?,?\s+(?:yet|but|however)\b"
)


# a corrective action the organisation closed as effective (or verified): whatever is said after it of "the same"
# failure, or of one seen "again", is the failure back after the correction that should have stopped it
_CLOSED_EFFECTIVE = re.compile(
    r"(?i)\b(?:closed|signed\s+off|accepted)\b[^.;\n]{0,40}?\bas\s+(?:effective|verified|complete)\b|"
    r"\b(?:verified|confirmed|judged|found)\s+(?:as\s+)?effective\b"
)
_SAME_AGAIN = re.compile(r"(?i)\b(?:the\s+same|identical|again|once\s+more|recurr\w*|re-?occurr\w*)\b")
_NEGATED_START = re.compile(r"(?i)^\W*(?:[\w-]+\s+){0,2}?(?:no|none|not|never|nothing|neither)\b")


def _same_after_closure(ff: FindingFacts) -> tuple[str, str] | None:
    """(the closure words, the words that say the same failure since) when the finding records a corrective action
    closed as effective and, in a later clause not negated nor speculative, the same failure or one seen again."""
    text = ff.whole_text()
    closed = _CLOSED_EFFECTIVE.search(text)
    if closed is None:
        return None
    _, closing = _clause_text(text, closed.start())
    for m in _SAME_AGAIN.finditer(text, closed.end()):
        a, clause = _clause_text(text, m.start())
        if a < closed.end() and not re.search(
            r"(?i)\b(?:but|yet|however|since|after)\b", text[closed.end() : m.start()]
        ):
            continue  # the same clause as the closure, with nothing saying what came after it
        if _NEGATED_START.search(clause) or _SPECULATION.search(clause):
            continue  # "no further complaints with the same failure mode followed"
        if re.search(
            r"(?i)\b(?:different|other|another)\s+(?:[\w-]+\s+){0,2}?(?:defect|fault|failure|cause|problem)", clause
        ):
            continue
        return closing.strip(), clause.strip()
    return None


@fact("recurrence", reads=("repeat", "lexicon:repetition"))
def recurrence(ff: FindingFacts) -> bool:
    """The nonconformity came back after an earlier one was corrected, or an earlier corrective action did not
    work: the report's previous findings say so (`repeat`), or the finding's own words do ("same condition as the
    last audit's finding", "the corrective action closed as effective has not worked"). 17021-1 3.12 and 9.4.10:
    a correction that did not hold shows the system cannot correct itself.

    bad: "gauges again found overdue; the corrective action for 2025-NC-4 was not effective" graded minor.
    good: "a recurring monthly inspection was missed in May" (a schedule, not a recurrence).
    """
    if ff.fact["repeat"]:
        ff.ctx["recurrence_reason"] = (
            f"recurrence of an earlier nonconformity ({ff.ctx.get('previous', 'earlier audit')})"
        )
        return True
    found = [(f, h) for f, h in _hits(ff, "repetition") if _EARLIER.search(h.text)]
    if not found and _EARLIER.search(ff.whole_text()):
        found = _hits(ff, "repetition")
    if not found:
        after = _same_after_closure(ff)
        if not after:
            return False
        ff.ctx.setdefault("previous", f"a corrective action closed as effective ('{after[0]}')")
        ff.ctx["recurrence_reason"] = (
            f"recurrence after a corrective action closed as effective ('{after[0]}', '{after[1]}')"
        )
        return True
    ff.ctx.setdefault("previous", f"an earlier finding (the finding says '{found[0][1].text}')")
    ff.ctx["recurrence_reason"] = f"recurrence of an earlier nonconformity ('{found[0][1].text}')"
    return True


# -- the certification body's own rules ------------------------------------------------------------------------------

MARKS_STANDARD, MARKS_CLAUSE = "iso-iec-17021-1-2015", "8.3"  # where the rules on marks live, as data


def _mark_stems(text: str) -> set[str]:
    """The words of a text about marks, a logo or symbol being a mark."""
    return set(stems(re.sub(r"(?i)\b(?:logos?|symbols?)\b", "mark", text)))


_MARK_USE = re.compile(
    r"(?i)\b(?:certification|accreditation|certification\s+body's|accreditation\s+body's|registrar's|UKAS|ANAB|"
    r"DAkkS|COFRAC|IAF)\s+(?:[\w'-]+\s+)?(?:marks?|logos?|symbols?)\b"
)


@fact("mark_use", reads=("finding", "mark_misuse"))
def mark_use(ff: FindingFacts) -> bool:
    """The finding is about how the client uses a certification or accreditation mark: the certification body's
    rules on marks (17021-1 8.3, the certification agreement) are the requirement it is judged against, not the
    obligations of the management-system standard audited, so no rule may call it a means that standard leaves
    open or a rule no requirement makes."""
    return bool(ff.fact["mark_misuse"]) or any(_MARK_USE.search(ff.text(f)) for f in ("statement", "evidence"))


@fact("mark_misuse", reads=("finding", "tree", "lexicon:mark_misuse"))
def mark_misuse(ff: FindingFacts) -> bool:
    """The client breaches the certification body's rules on marks and references to certification, which the
    17021-1 tree's obligations of 8.3 set out (no mark on product, packaging or test reports; no claim beyond the
    scope; references stopped on suspension or withdrawal). Certification bodies grade it major: the market is
    misled about what is certified, which 8.3 exists to prevent. The reason quotes the obligation from the tree.

    bad: "the certification body's logo is printed on the product cartons" graded minor.
    good: "the certification mark on the letterhead lacks the certificate number" (a permitted use, incomplete).
    """
    found = _hits(ff, "mark_misuse")
    std = ff.lib.get(MARKS_STANDARD) if found else None
    clause = std.clause(MARKS_CLAUSE) if std is not None else None
    if std is None or clause is None or clause.obligation is None or not clause.obligation.obliges:
        return False  # no rule on marks in the library: nothing says the use is forbidden
    fld, hit = found[0]
    words = _mark_stems(_clause_text(ff.text(fld), hit.start)[1])

    parts = [p for o in clause.obligation.obliges for p in o.text.split("; ")]
    # the clause's subject ("certification", "marks") and its parties (the body, the client) are in every rule of it
    common = _mark_stems(f"{clause.title} body bodies client clients")

    def fit(text: str) -> tuple[int, bool]:
        # the prohibition the words breach ("the mark is not used on products, product packaging ..."), before a
        # rule of the same overlap: a misuse breaches what the rules forbid
        return len((_mark_stems(text) & words) - common), bool(re.search(r"\bnot\b", text))

    part = max(parts, key=fit)
    ff.ctx["mark_reason"] = (
        f"the rules on certification marks breached ('{found[0][1].text}'): {std.designation} {MARKS_CLAUSE} asks that "
        f"{part}"
    )
    return True


# an OFI that names the requirement it records as unmet: "closed without documenting the decision, as required by
# 8.2.2", "not done, contrary to procedure CP-3"
_REQUIREMENT_UNMET = re.compile(
    r"(?i)\b(?:without|not|no|never|missing|lacks?|lacking|failed\s+to)\b[^.;\n]{0,120}?"
    r"\b(?:as\s+required\s+by|required\s+by|contrary\s+to|in\s+breach\s+of|as\s+(?:set\s+out|specified|defined)\s+in)\b|"
    r"\b(?:as\s+required\s+by|contrary\s+to|in\s+breach\s+of)\b[^.;\n]{0,120}?\b(?:without|not|no|never|missing)\b"
)


def _own_rule_unmet(ff: FindingFacts) -> bool:
    """The finding names the client's own documented rule and records it unmet: a rule of its own (17021-1 3.11 via
    the client's requirements) that is not performed, or that the finding reads as lacking ("the emergency plan
    requires a kit at each location; one location has none"). An improvement where the rule is met is no lack."""
    fact_ = ff.fact
    if not fact_["client_requirement"]:
        return False
    return ff.has("not_performed") or (fact_["reading"] in ("lacking", "both") and fact_["shown_met"] == "no")


def _asks_nothing(ff: FindingFacts) -> bool:
    """Read as a nonconformity, the finding would be withdrawn: no requirement of the criteria, the client's own
    documents or the law asks for what it suggests (the withdraw rules asked, never restated)."""
    as_nc = {**ff.fact, "nc": True}
    return any(matches(r.when, as_nc) for r in ff.report.withdraw_rules)


# -- the estimate ------------------------------------------------------------------------------------------------------


Reason = tuple[str, str, str]  # (the fact that shows it, what it shows with the words, the 17021-1 clause)


def _support(ff: FindingFacts) -> list[Reason]:
    """The positive support for a major the facts found, each naming its fact, its words and its basis."""
    fact_, ctx = ff.fact, ff.ctx
    isolated = fact_["extent"] == "isolated"
    out: list[Reason] = []
    if fact_["process_absent"] == "absent":
        out.append(("process_absent", ctx["absent_reason"], BASIS_MAJOR))
    if fact_["extent"] == "pervasive":
        out.append(
            (
                "extent",
                f"the failure covers most of the sample or every area ('{ctx.get('extent_words', '')}'): a breakdown, "
                "not a lapse",
                f"{BASIS_MAJOR} note 1",
            )
        )
    if fact_["output_effect"] != "no":
        out.append(("output_effect", ctx["output_reason"], f"{BASIS_MAJOR} note 1"))
    if fact_["exposure"] != "no" and not (isolated and not _HARM.search(ctx.get("exposure_reason", ""))):
        # one worker without PPE among many who wear it is a lapse (3.13); harm done, a regulator's action or a
        # breach of the law stays an exposure however isolated
        out.append(("exposure", ctx["exposure_reason"], f"{BASIS_MAJOR} note 1"))
    if fact_["record_untrue"]:
        out.append(("record_untrue", ctx["untrue_reason"], BASIS_MAJOR))
    if fact_["main_scope_missed"]:
        out.append(("main_scope_missed", ctx["main_scope_reason"], BASIS_MAJOR))
    if fact_["event_outside_process"]:
        out.append(("event_outside_process", ctx["outside_reason"], BASIS_MAJOR))
    if fact_["mark_misuse"]:
        out.append(("mark_misuse", ctx["mark_reason"], f"{BASIS_MAJOR}; 17021-1 {MARKS_CLAUSE}"))
    if fact_["recurrence"]:
        out.append(
            ("recurrence", f"{ctx['recurrence_reason']}: the earlier correction did not hold", f"{BASIS_MAJOR}, 9.4.10")
        )
    return out


_HARM = re.compile(
    r"(?i)injur|fatal|death|died|amputation|burns?\b|electrocut|prosecut|enforcement|prohibition|fined|"
    r"breach|contravention|violation|exceed|in\s+excess|above\s+the|recall|data\s+breach|patient|harm"
)


def _said(reason: Reason) -> str:
    """A grade reason as a reviewer reads it: the fact, the words that show it, the clause of 17021-1."""
    name, phrase, basis = reason
    return f"{name}: {phrase} ({basis})"


_NO_SUPPORT = (
    "no required process absent, no breakdown across the sample, no nonconforming output released, no legal, safety "
    "or security exposure, no recurrence"
)


@fact(
    "estimate",
    values=PROPOSED_GRADES,
    reads=(
        "invalid",
        "nc",
        "ofi",
        "grade",
        "nonfulfilment",
        "evidence_state",
        "client_requirement",
        "reading",
        "shown_met",
        "extent",
        "process_absent",
        "output_effect",
        "exposure",
        "recurrence",
        "mark_misuse",
        "record_untrue",
        "main_scope_missed",
        "event_outside_process",
        "lexicon:correction_demanded",
    ),
)
def estimate(ff: FindingFacts) -> str:
    """The grade the finding's facts support, with reasons a reviewer can check: a major only with positive
    support (a required process absent or broken down, the failure across most of the sample, nonconforming output
    released, a legal, safety or security exposure, recurrence), whichever grade was raised (17021-1 3.12, 3.13);
    an OFI a nonconformity only when it records a requirement unmet (9.4.5.2).

    bad: a major for "one obsolete instruction among twenty current ones" kept because nothing contradicts it.
    good: the same proposed minor, "extent: an isolated lapse ('the other 19') ... (17021-1 3.13)".
    """
    fact_ = ff.fact
    grade = fact_["grade"]
    support = _support(ff)
    isolated = ff.ctx.get("extent_words", "") if fact_["extent"] == "isolated" else ""
    said: list[Reason] = []
    if fact_["invalid"] and fact_["nc"]:
        result = "none"
        said.append(
            ("invalid", "no nonfulfilment of a requirement stands behind it (see the withdraw issues)", "9.4.5.3")
        )
    elif fact_["ofi"] and _asks_nothing(ff):
        result = "ofi"
        said.append(("ofi", "no requirement asks for what it suggests: an opportunity for improvement", BASIS_OFI))
    elif support:
        result = "major"
        said.extend(support)
        if isolated:
            said.append(("extent", f"an isolated lapse ('{isolated}'), outweighed by the above", BASIS_MAJOR))
    elif fact_["ofi"]:
        whose = "the client's own documented requirement" if fact_["client_requirement"] else "a requirement"
        if ff.has("correction_demanded"):
            result = "minor"
            words = ff.words("correction_demanded")
            said.append(("ofi", f"treated as something to correct ('{words}'): a nonconformity", BASIS_OFI))
        elif (
            fact_["nonfulfilment"] or _own_rule_unmet(ff) or _REQUIREMENT_UNMET.search(ff.finding.statement)
        ) and fact_["evidence_state"] not in ("missing", "hearsay"):
            result = "minor"
            said.append(("ofi", f"records {whose} not fulfilled, with evidence: a nonconformity", BASIS_OFI))
        else:
            result = "ofi"
            said.append(("ofi", "no requirement is recorded as unfulfilled: an opportunity for improvement", BASIS_OFI))
    elif grade == "major" and fact_["process_absent"] == "failing" and fact_["evidence_state"] == "ok":
        result = "major"
        said.append(
            (
                "process_absent",
                f"{ff.ctx['absent_reason']}: doubt that effective process control is in place, as the auditor judged",
                f"{BASIS_MAJOR} note 1",
            )
        )
    elif grade == "major":
        result = "minor"
        if isolated:
            said.append(
                (
                    "extent",
                    f"the evidence shows an isolated lapse ('{isolated}') in a process otherwise in place, which does "
                    "not affect the system's capability",
                    BASIS_MINOR,
                )
            )
        else:
            said.append(
                (
                    "estimate",
                    f"the record shows no positive support for a major ({_NO_SUPPORT})",
                    f"{BASIS_MAJOR}, {BASIS_MINOR}",
                )
            )
    else:
        result = "minor"
        if isolated:
            said.append(
                ("extent", f"an isolated lapse ('{isolated}'): it does not affect the system's capability", BASIS_MINOR)
            )
        else:
            said.append(("estimate", f"a lapse, as recorded: {_NO_SUPPORT}", BASIS_MINOR))
    ff.grade_reasons.extend(_said(r) for r in said)
    ff.estimate = result
    ff.ctx["estimate"] = result
    ff.ctx["raised"] = GRADE_NAMES[grade]
    ff.ctx["raised_article"] = "an" if GRADE_NAMES[grade][0] in "aeiou" else "a"
    ff.ctx["grade_reason"] = said[0][1] if said else ""
    return result


@fact("grade_delta", values=("under", "over", "same", "na"), reads=("estimate", "invalid", "nc", "grade"))
def grade_delta(ff: FindingFacts) -> str:
    """The raised grade against the estimate: `na` for an invalid finding or an OFI."""
    if not ff.fact["nc"] or ff.fact["invalid"]:
        return "na"
    est, raised = GRADE_ORDER[ff.fact["estimate"]], GRADE_ORDER[ff.fact["grade"]]
    return "under" if est > raised else "over" if est < raised else "same"


@fact("records_nonfulfilment", reads=("ofi", "estimate"))
def records_nonfulfilment(ff: FindingFacts) -> bool:
    """An OFI or observation whose words record a requirement not fulfilled, with evidence."""
    return bool(ff.fact["ofi"] and ff.fact["estimate"] in ("minor", "major"))
