"""Facts about the grade the recorded evidence supports (17021-1 3.12, 3.13; reference 2.8)."""

from __future__ import annotations

import re

from engine.core.vocabulary import GRADE_NAMES, GRADE_ORDER, PROPOSED_GRADES
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, clause_around
from engine.rulebook.rulebase import matches

_RATIO = re.compile(r"(?<![\d.:/])(\d+)\s*(?:of|out\s+of|/)\s*(?:the\s+)?(\d+)(?![\d.:/])")
_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_WORD_RATIO = re.compile(
    r"(?i)\b("
    + "|".join(_WORDS)
    + r"|\d+)\s+(?:[\w-]+\s+){0,3}?(?:of|out\s+of)\s+(?:the\s+)?("
    + "|".join(_WORDS)
    + r"|\d+)\b"
)


# a harm that could have happened, or might, is not an exposure the evidence records (3.12 is about effect)
_SPECULATION = re.compile(
    r"(?i)\b(?:could|might|may|would)\s+(?:have\s+)?(?:potentially\s+)?(?:caused?|resulted?|led|lead|been)\b|"
    r"\bpotential(?:ly)?\b|\bpossib(?:le|ly)\b|\bbut\s+did\s+not\b|\bhad\s+it\b"
)


def _speculative(ff: FindingFacts, start: int) -> bool:
    """The hit stands in a clause that speaks of what could have happened."""
    text = ff.whole_text()
    a, b = clause_around(text, start, ".;\n(", ".;\n)")
    return bool(_SPECULATION.search(text[a:b]))


@fact("invalid", reads=("rules:withdraw",))
def invalid(ff: FindingFacts) -> bool:
    """A withdraw rule holds: no nonfulfilment of a requirement stands behind the finding (asked of the withdraw
    rules themselves, never restated)."""
    return any(matches(r.when, ff.fact) for r in ff.report.withdraw_rules)


def sample_share(text: str) -> tuple[int, int] | None:
    """The first "k of n" in the text, as (k, n), with 0 < k <= n (digits or number words)."""
    if text.isascii() and "of" not in text.lower():
        return None  # the pattern needs `of`: a third of findings skip its try at every word start
    for m in _WORD_RATIO.finditer(text):
        a, b = (int(x) if x.isdigit() else _WORDS[x.lower()] for x in m.groups())
        if 0 < a <= b and b > 1:
            return a, b
    return None


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
        "repeat",
        "lexicon:absence",
        "lexicon:released",
        "lexicon:nonconforming_output",
        "lexicon:safety_legal",
        "lexicon:isolated",
        "lexicon:integrity",
        "lexicon:correction_demanded",
    ),
)
def estimate(ff: FindingFacts) -> str:
    """The grade the finding's own words support, with the reasons a reviewer can check."""
    fact_ = ff.fact
    grade = fact_["grade"]
    major: list[str] = []
    if ff.has("absence"):
        major.append(f"absence or total breakdown of the required process ('{ff.words('absence')}')")
    if ff.has("released") and ff.has("nonconforming_output"):
        major.append(f"nonconforming output released ('{ff.words('released')}', '{ff.words('nonconforming_output')}')")
    exposure = [h for _, h in ff.hits.get("safety_legal", ()) if not _speculative(ff, h.start)]
    if exposure:
        major.append(f"safety or legal exposure ('{exposure[0].text}')")
    if ff.has("integrity"):
        major.append(f"product conformity put at risk past its controls ('{ff.words('integrity')}')")
    if fact_["repeat"]:
        major.append(f"recurrence of an earlier nonconformity ({ff.ctx.get('previous', 'earlier audit')})")
    isolated = ff.words("isolated")
    share = sample_share(ff.whole_text())
    if not isolated and share and share[0] == 1 and share[1] >= 5:
        isolated = f"{share[0]} of {share[1]}"
    reasons = ff.grade_reasons
    if fact_["invalid"] and fact_["nc"]:
        result = "none"
        reasons.append("no nonfulfilment of a requirement stands behind it (see the withdraw issues)")
    elif major:
        result = "major"
        reasons.extend(major)
    elif fact_["ofi"]:
        if ff.has("correction_demanded"):
            result = "minor"
            reasons.append(
                f"treated as something to correct ('{ff.words('correction_demanded')}'): a nonconformity (9.4.5.2)"
            )
        elif fact_["nonfulfilment"] and fact_["evidence_state"] not in ("missing", "hearsay"):
            result = "minor"
            reasons.append("records a requirement not fulfilled, with evidence: a nonconformity (9.4.5.2)")
        else:
            result = "ofi"
            reasons.append("no requirement is recorded as unfulfilled: an opportunity for improvement")
    elif grade == "major" and isolated:
        result = "minor"
        reasons.append(f"isolated lapse ('{isolated}'); the process is otherwise in place (3.13)")
    elif grade == "major" and fact_["evidence_state"] in ("thin", "hollow", "missing"):
        # nothing identified and nothing that makes it major: the record does not support the major (3.12)
        result = "minor"
        reasons.append(
            "no evidence is identified, and no absence or breakdown of a process, released nonconforming output, "
            "product put at risk, safety or legal exposure or recurrence is recorded (3.12, 3.13)"
        )
    elif grade == "major":
        result = "major"
        reasons.append("graded major by the auditor; nothing recorded contradicts it")
    else:
        result = "minor"
        if isolated:
            reasons.append(f"isolated lapse ('{isolated}'): does not affect the system's capability (3.13)")
        else:
            reasons.append(
                "a lapse with no sign of absence, breakdown, released nonconforming output or safety exposure (3.13)"
            )
    ff.estimate = result
    ff.ctx["estimate"] = result
    ff.ctx["raised"] = GRADE_NAMES[grade]
    ff.ctx["raised_article"] = "an" if GRADE_NAMES[grade][0] in "aeiou" else "a"
    ff.ctx["grade_reason"] = reasons[0] if reasons else ""
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
