"""`ncaudit challenge`: the client's letter to the certification body, ready to sign and send.

Dated, addressed to the certification body with the certificate and audit reference, in the client's own voice.
It asks for what the verdicts support and nothing more:
- withdrawal, only for a finding whose verdict is `withdraw` (no nonfulfilment of a requirement behind it);
- a lower grade, only for a `regrade` to a lower grade;
- a completed record (9.4.5.3), for a `revise`: the nonfulfilment is accepted and answered by the plan's dates;
- findings accepted (sound, or an upgrade the client does not ask for) are listed with the plan's dates;
- observations and opportunities for improvement are noted: nothing is promised for them.
Each ground is given once, argued from the finding's own words, the requirement (or its absence, with the nearest
requirement in our words) and the 17021-1 clause in the issue's basis. Nothing beyond the report and the engine's
findings is asserted.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Container
from dataclasses import dataclass
from typing import cast

from engine.core.models import (
    CITATION_CATEGORIES,
    Finding,
    FindingVerdict,
    Grounding,
    Issue,
    Report,
    ReportVerdict,
    Requirement,
)
from engine.core.vocabulary import ACTIONABLE, GRADE_NAMES, GRADE_ORDER
from engine.outputs.plan import STATED_BY_REPORT, Deadline, Duration, PlanRow, build_plan, open_words, stated
from engine.rulebook.config import PlanSettings
from engine.standards.inference import infer_requirements, tokens
from engine.standards.library import StandardLibrary
from engine.standards.model import Clause, Standard


def contested(f: FindingVerdict) -> bool:
    """What a client contests: withdrawal, or a lower grade. A proposed upgrade is not the client's to request."""
    if f.verdict == "withdraw":
        return True
    raised = GRADE_ORDER.get(f.raised_grade or "minor", 2)
    return f.verdict == "regrade" and GRADE_ORDER.get(f.proposed_grade, 0) < raised


def asks_revision(f: FindingVerdict) -> bool:
    return f.verdict == "revise"


MAX_SENTENCE_WORDS = 40  # a sentence of ours a signer reads at once, as the letters' tests hold them
_GRADE_NAMES = {g: f"{'an' if n[0] in 'aeiou' else 'a'} {n}" for g, n in GRADE_NAMES.items()} | {"none": "no finding"}
_AUDIT_NAMES = {
    "stage1": "stage 1",
    "stage2": "stage 2",
    "surveillance": "surveillance",
    "recertification": "recertification",
    "special": "special",
    "internal": "internal",
}
# grades the client argues against, never for: these issues are not the client's grounds
_NOT_OUR_GROUNDS = {"nc_recorded_as_ofi", "undergraded", "systemic", "repeat"}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # heading | subheading | para | lines | bullet | quote
    text: str


def name(fid: str) -> str:
    """How the letter names a finding: its id, or `finding 3` for a bare number, `the finding in row 9` for an id
    the importer made up."""
    m = re.fullmatch(r"row-(\d+)", fid)
    if m:
        return f"the finding in row {m[1]}"
    return f"finding {fid}" if re.fullmatch(r"#?\d+", fid) else fid


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def date_range(first: dt.date, last: dt.date) -> str:
    """`28 to 30 October 2026`, `30 September to 2 October 2026`, `30 December 2026 to 2 January 2027`; two
    consecutive days are two days, not a range: `3 and 4 November 2026`, `30 September and 1 October 2026`."""
    joint = " and " if (last - first).days == 1 else " to "
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{joint}{long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first.strftime('%B')}{joint}{long_date(last)}"
    return f"{long_date(first)}{joint}{long_date(last)}"


_BASIS_NOTE = re.compile(r"\s*\([^)]*\)")


def _basis(i: Issue) -> tuple[str, str]:
    """The issue's basis without its explanatory asides, in full (`ISO/IEC 17021-1:2015 9.4.5.3`) and as clause
    numbers for a sentence that names 17021-1 already (`9.4.5.3`). The principles of clause 4 are left out when a
    requirement is cited beside them: a letter cites what the record must meet, and citing impartiality (4.2)
    reads as a charge against the auditor."""
    full = " ".join(_BASIS_NOTE.sub("", i.basis).split())
    std = "ISO/IEC 17021-1:2015 "
    if full.startswith(std):
        numbers = [n.strip() for n in full.removeprefix(std).split(",")]
        kept = [n for n in numbers if not n.startswith("4.")] or numbers
        full = std + ", ".join(kept)
    short = full.removeprefix(std)
    return full, short


def _words(issues: list[Issue], statement: str) -> str:
    """The words that raised these issues, each once, quoted: `(“best practice”, “most companies do”)`."""
    seen: list[str] = []
    for i in issues:
        if i.span is None or i.span.field == "clause":
            continue
        text = " ".join(i.span.text.split()).rstrip(".;,")
        if text and len(text) <= 80 and text != " ".join(statement.split()) and text not in seen:
            seen.append(text)
    return " (" + ", ".join(f"\u201c{t}\u201d" for t in seen[:3]) + ")" if seen else ""


def _sentence_with(text: str, words: str) -> str:
    """The sentence of `text` that holds `words` (its first if several), as written; empty when none does."""
    if not words:
        return ""
    low = words.lower()
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+|\n+", text + "\n"):
        piece = text[start : m.start()].strip()
        if low in piece.lower():
            return piece
        start = m.end()
    return ""


_ISOLATED = re.compile(r"isolated lapse \('([^']+)'\)")
_NOTHING_MAJOR = "no evidence is identified"

# 17021-1 3.12 and 3.13, in our words: what makes a nonconformity major, and minor
_MAJOR_IN_OUR_WORDS = (
    "ISO/IEC 17021-1:2015 defines a major nonconformity as one that affects the capability of the management "
    "system to achieve its intended results (3.12), and a minor one as one that does not (3.13). The note to 3.12 "
    "gives two examples: significant doubt about effective process control or about products or services meeting "
    "specified requirements; and a number of minor nonconformities associated with the same requirement or issue "
    "that together show a systemic failure."
)

# the note's first example (doubt about process control or the product), which the checks after the grounds
# answer: the regrade's section keeps this sentence where they follow, and otherwise asks the signer to answer it
DOUBT_ANSWERED_BELOW = "\x00doubt\x00"


def _where_used(statement: str, ref: str) -> str:
    """Where the one item a regrade concerns was used, in the finding's words (`PG-204 on moulding press 6 was
    used` -> `moulding press 6`), or an empty string where the finding does not say."""
    if not ref:
        return ""
    m = re.search(
        re.escape(ref) + r"\s+(?:on|at|in)\s+(?:the\s+)?((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:was|were|is|had|has)\b",
        statement,
    )
    return m[1] if m else ""


def doubt_line(statement: str, answered_below: bool) -> str:
    """The note's first example argued in its own terms: whether the case raised significant doubt about process
    control where it happened, or about what was made there; the checks below answer it, or the signer does."""
    refs = case_refs(statement)
    where = _where_used(statement, refs[0] if len(refs) == 1 else "")
    control = f"process control on {where}" if where else "process control where it happened"
    made = "what we made there"
    if answered_below:
        # what follows is said, not signposted
        item = refs[0] if len(refs) == 1 else "it"
        return f"The checks that follow cover what {item} does in the process, {control}, and {made}."
    return placeholder(f"whether it raised significant doubt about {control}, or about {made}, and why not") + "."


def process_named(tree: Standard | None, cited: str | None) -> str:
    """What a cited requirement controls, named by its clause's title (`monitoring and measuring resources` for
    7.1.5.2): the nearest title of three levels or fewer that is not `General`; `the process` where none."""
    if tree is None or not cited:
        return "the process"
    number = cited.split()[0]
    while number:
        c = tree.clauses.get(number)
        title = c.title.strip().lower() if c is not None and c.title else ""
        if title and number.count(".") <= 2 and title != "general":
            # a title that is itself a control (`Control of documented information`) is not said twice
            return "our " + title if title.startswith("control of ") else "our control of " + title
        number = number.rpartition(".")[0]
    return "the process"


def _part_with(text: str, words: str) -> str:
    """The clause of `text` (split at `;` and `:`) that holds `words`, as written; empty when none does."""
    sentence = _sentence_with(text, words)
    if not sentence:
        return ""
    low = words.lower()
    for part in re.split(r"\s*[;:]\s+", sentence):
        if low in part.lower():
            return part.strip().rstrip(".")
    return sentence.rstrip(".")


_OTHERS_SAMPLED = re.compile(r"\b(?:other (\d+)|(\d+) other) ([a-z]+?)s?\b", re.I)


@dataclass
class Sample:
    """What an `isolated` finding's sample was, in its own facts: what was sampled (`gauge`), how many, the case
    that failed (`PG-204`, empty if unnamed) and how it failed (`past its due date`, empty if the finding has no
    due date)."""

    noun: str
    size: int
    case: str
    failure: str


def _singular(noun: str) -> str:
    """`wrenche` (the lazy match of `wrenches`) -> `wrench`; `gauge`, `box`, `batche` -> `gauge`, `box`, `batch`."""
    return noun[:-1] if re.search(r"(?:ch|sh|ss|x|z)e$", noun) else noun


def sample_of(src: Finding, said: str = "") -> Sample | None:
    """The sample an `isolated lapse` rests on (`the other 27 gauges sampled ...` -> 28 gauges), or None when the
    finding does not count the others."""
    m = _OTHERS_SAMPLED.search(src.statement + "\n" + src.evidence_text() + "\n" + said)
    if not m:
        return None
    refs = case_refs(src.statement)
    _start, _seen, due = lapse_bounds(src.statement)
    due_said = due is not None or _PAST_DUE.search(src.statement) is not None
    return Sample(
        _singular(m[3].lower()),
        int(m[1] or m[2]) + 1,
        refs[0] if len(refs) == 1 else "",
        "past its due date" if due_said else "",
    )


def _regrade_grounds(f: FindingVerdict, src: Finding | None, tree: Standard | None = None) -> list[str]:
    """Why the grade should be lower: what 17021-1 makes major, in our words, then the finding's own words that
    show it is not (only the words that carry the ground)."""
    out: list[str] = []
    whole = (src.statement + "\n" + src.evidence_text()) if src is not None else ""
    for reason in f.grade_reasons:
        m = _ISOLATED.search(reason)
        if m:
            part = _part_with(whole, m[1])
            said = (
                f"records that \u201c{part[:1].lower() + part[1:] if not part[:2].isupper() else part}\u201d"
                if part
                else f"records an isolated lapse ({m[1]})"
            )
            sample = sample_of(src, m[1]) if src is not None else None
            if sample is not None:
                one = (
                    f"One {sample.noun}{' ' + sample.failure if sample.failure else ''} among the {sample.size} sampled"
                )
            else:
                one = "A single case"
            controlled = process_named(tree, src.clause if src is not None else None)
            controlled = controlled if controlled.startswith("our control") else f"our control of {controlled}"
            # the note's second example, which a decision on the whole cycle checks: only the client knows
            earlier = placeholder(
                "No nonconformity against this requirement was raised at our earlier audits of this certification "
                f"cycle. / (if one was, and its corrective action should have prevented this one, the grade is hard to "
                f"argue: consider accepting it, {SEE_THE_DROP_LINE})"
            )
            out.append(
                f"{_MAJOR_IN_OUR_WORDS} The finding itself {said}. {one} does not, in our view, show a systemic "
                f"failure of {controlled}. {DOUBT_ANSWERED_BELOW} {earlier}"
            )
        elif reason.startswith(_NOTHING_MAJOR):
            out.append(
                f"{_MAJOR_IN_OUR_WORDS} The finding identifies no objective evidence, and records no absence or "
                "breakdown of a process, no nonconforming output released, no product put at risk, no safety or "
                "legal exposure and no recurrence."
            )
    if not out and f.grade_reasons:
        lower = _GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)
        out.append(
            f"The evidence as recorded supports {lower}, not the grade raised: "
            + "; ".join(_BASIS_NOTE.sub("", r).rstrip(".") for r in f.grade_reasons)
            + "."
        )
    return out


# a finding that shows something out of control for a period: equipment past its calibration or verification,
# or a control not applied since a date; whether the output of that period was affected decides how serious it is
_OUT_OF_CONTROL = re.compile(
    r"\b(calibrat\w*|out of tolerance|past (?:its|their) (?:\w+ )?(?:due|expiry) date|overdue|expired|"
    r"not (?:been )?(?:verified|calibrated|maintained|checked|monitored) (?:since|for)|since \d)",
    re.I,
)
_A_DATE = re.compile(
    r"\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|"
    r"\d{4}-\d{2}-\d{2})\b"
)


_DUE_BEFORE = re.compile(r"\b(due|expir\w*|valid until|until|by)\W{0,12}(?:date\W{0,6}(?:of\W{0,3})?)?$", re.I)
_PAST_DUE = re.compile(r"\bpast (?:its|their) (?:\w+ )?(?:due|expiry) date|\boverdue\b|\bexpired\b", re.I)
_MONTHS = {
    m: n
    for n, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
_REF = re.compile(r"\b[A-Z]{1,6}(?:-[A-Z0-9]+)*-?\d[A-Z0-9]*(?:-[A-Z0-9]+)*\b")
# a reference that names the requirement or the record compared against, not a case the finding is about
_DOC_BEFORE = re.compile(
    r"\b(instruction|procedure|specification|policy|record|register|manual|standard|plan|programme|program|form)\s+$",
    re.I,
)


def _parse_date(text: str) -> dt.date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    day, month, year = text.split()
    try:
        return dt.date(int(year), _MONTHS[month], int(day))
    except (KeyError, ValueError):
        return None


def lapse_bounds(text: str) -> tuple[dt.date | None, dt.date | None, bool]:
    """The period a lapse is shown to have lasted, bounded by the dates the finding gives: from the day after a
    due or expiry date (the day itself when the date is not one), until the last date it gives after that (the
    day it was seen), or None where it gives none."""
    found = []
    for m in _A_DATE.finditer(text):
        day = _parse_date(m[1])
        if day is not None:
            found.append((day, bool(_DUE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))))
    if not found:
        return None, None, bool(_PAST_DUE.search(text))
    first, due = min(found)
    start = first + dt.timedelta(days=1) if due else first
    last = max(d for d, _ in found)
    return start, (last if last > first else None), due


def case_refs(statement: str) -> list[str]:
    """The references of the cases a finding names (`PG-204`, `T-5521`), each once, leaving out those that name a
    document it is measured against (`work instruction WI-ASM-07`, `batch record BR-1147`)."""
    out: list[str] = []
    for m in _REF.finditer(statement):
        if _DOC_BEFORE.search(statement[max(0, m.start() - 30) : m.start()]) or m[0] in out:
            continue
        out.append(m[0])
    return out


def _earlier_results(clause: Clause | None) -> str:
    """What the finding's own clause obliges about earlier results (an instrument found unfit: were its results
    compromised?), in our words from the clause tree's obligation layer; empty when it says nothing of them."""
    if clause is None or clause.obligation is None:
        return ""
    for o in clause.obligation.obliges:
        if re.search(r"\b(earlier|previous|past)\b", o.text) and re.search(r"\b(results?|output|product)", o.text):
            return " ".join(o.text.split())
    return ""


# the question an obligation asks answered: `whether the validity of earlier ... was adversely affected` (is determined)
_WHETHER = re.compile(r"\b(whether .+?) (?:is|are) (?:determined|assessed|evaluated)\b")


def _earlier_results_item(clause: Clause | None) -> str:
    """The item label of the obligation about earlier results (`_earlier_results`), empty when it has none."""
    if clause is None or clause.obligation is None:
        return ""
    for o in clause.obligation.obliges:
        if re.search(r"\b(earlier|previous|past)\b", o.text) and re.search(r"\b(results?|output|product)", o.text):
            return o.item or ""
    return ""


def _product_question(src: Finding | None, clause: Clause | None, standard: str | None) -> str:
    """Where the finding shows an instrument or a process out of control for a period (bounded by the dates it
    gives), whether the output of that period was affected: asked under the finding's own clause where its
    obligation says so, else as what 17021-1 3.12 weighs; with a line for the client's own check."""
    if src is None:
        return ""
    text = src.statement + "\n" + src.evidence_text()
    if not _OUT_OF_CONTROL.search(text):
        return ""
    start, _seen, due = lapse_bounds(src.statement)  # one end from the finding; the other is ours to fill
    refs = case_refs(src.statement)
    subject = refs[0] if len(refs) == 1 else "What the finding describes"
    since = f"from {long_date(start)}" if start else "from " + placeholder("the date it began")
    said = (
        f"{subject} was {'in use past its due date' if due else 'out of control'} {since} until "
        + (placeholder("we took it out of use / it was recalibrated") if due else "we corrected it")
        + " on "
        + placeholder("date")
        + ". "
    )
    if due:  # what it was found to be when checked: the condition of the clause's duty
        said += (
            "Checked on "
            + placeholder("date")
            + ", it was found "
            + placeholder("within / outside")
            + " its tolerance ("
            + placeholder("certificate or record no.")
            + "). "
        )
    duty = _earlier_results(clause)
    if duty and src.clause:
        item = _earlier_results_item(clause)
        # what the clause asks checked, in its obligation's own words, then what that means for what we made
        asked = _WHETHER.search(duty)
        checked = (
            f"{asked[1]}, and so whether what we made in that period was affected"
            if asked
            else "whether what was measured or made in that period was affected"
        )
        cited = f"{standard or 'the standard audited'} {src.clause}{f' {item})' if item else ''}"
        said += f"As {cited} asks, we have checked {checked}: "
    else:
        said += (
            "Whether what was measured or made in that period could fail its requirements bears on the grade "
            "(ISO/IEC 17021-1:2015 3.12), and we have checked it: "
        )
    return said + placeholder("what we found") + "."


# a finding that something was not recorded: its subject (`the torque settings for impeller nuts`)
_UNRECORDED = re.compile(
    r"^(.+?)\s+(?:was|were|had|have|has)\s+not\s+(?:been\s+)?"
    r"(?:recorded|documented|entered|written|signed|filled in)\b",
    re.I,
)
_REGISTER = re.compile(r"\b((?:[a-z]+\s+)?(?:register|list|log|inventory))\s+([A-Z][A-Z0-9-]*\d[A-Z0-9-]*)", re.I)


def record_kind(statement: str, ref: str) -> str:
    """What the finding calls the record `ref` (`travellers` in "(travellers T-5521, T-5530)", `traveller` in
    "traveller T-5521"), plural when it names several; empty when it names none before the reference."""
    m = re.search(r"\b([a-z]{3,})\s+" + re.escape(ref) + r"\b", statement)
    if not m or m[1] in _NOT_A_KIND:
        return ""
    return m[1]


# words that may stand before a reference without naming what it is
_NOT_A_KIND = {"and", "the", "for", "with", "from", "into", "under", "see", "was", "were", "are", "its", "their"}


def _plural(noun: str) -> str:
    """`traveller` -> `travellers`; a word already plural kept."""
    if noun.endswith("s"):
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"


def _register(text: str, noun: str = "entry") -> str:
    """`every entry in calibration register CR-2026` (`every gauge in ...` given the noun): the register a
    finding's sample was drawn from, if it names one; empty otherwise."""
    m = _REGISTER.search(text)
    return f"every {noun} in {_as_clause(m[1])} {m[2]}" if m else ""


def _population_check(f: FindingVerdict, src: Finding | None) -> tuple[str, str] | None:
    """Where `isolated` rests on a sample, the check of the whole population it was drawn from, in the finding's
    own facts, and what the request may say it shows; None otherwise."""
    isolated = next((m for r in f.grade_reasons if (m := _ISOLATED.search(r))), None)
    if src is None or isolated is None:
        return None
    sample = sample_of(src, isolated[1])
    noun = sample.noun if sample else "entry"
    where = _register(src.statement + "\n" + src.evidence_text(), noun) or (
        f"every {noun} we hold" if sample else "every case of the kind the finding sampled"
    )
    against = " against its due date" if sample and sample.failure else ""
    not_only = f"the {sample.size} sampled" if sample else "the sample"
    found = "whether any other was overdue" if against else "whether any other was found as the finding describes"
    listed = _REGISTER.search(src.statement + "\n" + src.evidence_text())
    if listed:
        # a register cannot show what is missing from it: every item in use is checked against it as well
        not_only += f", and every {noun} in use against the register"
    if listed:
        found += ", and whether any in use was missing from the register"
    found = f"how many, {found}" if listed else f"how many, and {found}"
    text = f"We have also checked {where}{against}, not only {not_only}: " + placeholder(found) + "."
    if sample is None:
        return text, "that no other case was found"
    case = sample.case or "the one the finding records"
    failing = f" {sample.failure}" if sample.failure else ""
    return text, f"that {case} was the only {noun}{failing}"


# `asks that <subject> is|are <done>`: the subject up to its verb, never across a relative clause of its own
_ASKS_THAT_IS = re.compile(
    r"\basks that (?P<subj>(?:(?!\b(?:that|which|who|where|when|so)\b)(?:[^.;:\[\]]|[.:](?=\d)))+?) (?:is|are) "
)


def subjunctive(text: str) -> str:
    """One mood in one letter: what a requirement asks is said as `asks that it be protected`, as 17021-1's
    `asks that a nonconformity be recorded` is; a subject with a relative clause of its own is left as it is."""
    return _ASKS_THAT_IS.sub(lambda m: f"asks that {m['subj']} be ", text)


def own_rules_line(fid: str) -> str:
    """A line for the body's own definition of a major nonconformity: most certification rules restate 3.12 in
    their own words, and whoever decides the grade works from those; a letter arguing from 17021-1 alone leaves
    their wording unanswered."""
    return placeholder(
        f"(if the body's certification rules define a major nonconformity in their own words:) Your certification "
        f"rules (ref. ...) define a major nonconformity as ...; {fid} falls under their definition of a minor one "
        "because ... / (if they use the words of 3.12 and 3.13: delete this line)"
    )


# a regrade's earlier lines that may show the grade right point to the one line that lists what to change; the
# regrade's section replaces this marker with that line itself or a pointer to its paragraph by its opening words
SEE_THE_DROP_LINE = "and then make the changes listed at the end of the paragraph with our request"


def _role_line(src: Finding | None) -> str:
    """A line for what the one item a regrade concerns does in the process, and whether the conformity of the
    product depends on it alone or is verified independently: what the note to 3.12 weighs (significant doubt that
    products will meet requirements), which only the client knows."""
    refs = case_refs(src.statement) if src is not None else []
    item = refs[0] if len(refs) == 1 else "the item the finding names"
    return placeholder(
        f"what {item} does in the process, and whether the conformity of what we deliver depends on it alone or "
        "is verified independently, e.g. by checks on the product or service itself (ref. ...). / (if it depends "
        f"on {item} alone, the grade is hard to argue: consider accepting it, {SEE_THE_DROP_LINE})"
    )


def _late_offer(
    key: str,
    ids: list[str],
    can_enclose: bool,
    days: list[dt.date] | None = None,
    next_day: str = "",
    majors: Container[str] = (),
) -> str:
    """What we offer for a period that has ended: new dates to agree, or, where every plan line lets the client
    enclose the plan, the choices in a line to fill in, so that the opening stays true whichever is chosen. Each
    finding's plan line is chosen on its own, so for several findings the mixed cases (one plan enclosed, a date
    proposed for another) are choices too. A late major's plan (in `majors`) is enclosed, with no choice: asking
    for more time on it eats the body's time to verify before its decision."""
    several = len(ids) > 1
    propose = (
        f"We propose new {'dates' if several else 'a new date'} for {'them' if several else 'it'} below and ask "
        f"you to agree {'them' if several else 'it'}."
    )
    if key == "response" and can_enclose and days:
        # the choice is made once, here, and said as what it is: the sections do not make it again; a period that
        # ended on a day no one works matters only where the plan comes with this letter
        tail = f" {next_day}" if next_day else ""
        must = [i for i in ids if i in majors]
        free = [(i, d) for i, d in zip(ids, days, strict=True) if i not in majors]
        enclosed = ""
        if must:
            plan = "plans" if len(must) > 1 else "plan"
            enclosed = (
                f"We enclose our cause analysis, correction and corrective action {plan} for "
                f"{_join([name(i) for i in must])}."
            )
            if not free:
                return enclosed + tail
        free_ids = [i for i, _ in free]
        free_days = [d for _, d in free]
        several = len(free_ids) > 1
        plans = "our plans" if several else "our plan"
        whom = (
            ("both findings" if len(free_ids) == 2 and not must else _join([name(i) for i in free_ids]))
            if several
            else name(free_ids[0])
        )
        if len(set(free_days)) == 1:
            by = f"by {long_date(free_days[0])}"
        else:
            by = _join([f"by {long_date(d)} for {name(i)}" for i, d in free])
        agree = "these dates" if len(set(free_days)) > 1 else "this date"
        also = " also" if must else ""
        first = f"We{also} enclose {plans} for {whom}" + (
            f"; {next_day[0].lower()}{next_day[1:]}" if next_day and not must else "."
        )
        choice = placeholder(f"{first} / We will send {plans} for {whom} {by} and ask you to agree {agree}.")
        return (f"{enclosed} {choice}" + (tail if must else "")).strip()
    return propose


def _span(d: Duration | None) -> str:
    """`the 14 days`, `the 10 working days`: a period named as the report gives it."""
    return f"the {d.amount} {d.unit.rstrip('s') if d.amount == 1 else d.unit}" if d else "the time"


def _ended(
    nouns: tuple[str, str],
    ended: list[tuple[str, Promised]],
    counted: str,
) -> str:
    """`Our plans were due on 22 October 2026 for NC-1 and on 7 November 2026 for NC-2 (the 14 and 30 days your
    report gives, counted from the last day of the audit).`: the dates first, the periods once in brackets, no
    weekday and no next-working-day remark (in an apology, counting reads as an excuse); findings with the same
    period and date are named together."""
    groups: dict[tuple[str, dt.date], list[str]] = {}
    for fid, p in ended:
        groups.setdefault((_span(p.after), p.passed or p.day), []).append(fid)
    said = [(span, day, _join(ids)) for (span, day), ids in groups.items()]
    several = len(said) > 1 or len(next(iter(groups.values()))) > 1
    noun = nouns[1] if several else nouns[0]
    verb = "were" if noun.endswith("s") else "was"
    if len(said) == 1:
        span, day, ids = said[0]
        text = f"{_cap(noun)} for {ids} {verb} due on {long_date(day)}"
    else:
        text = f"{_cap(noun)} {verb} due " + _join([f"on {long_date(d)} for {i}" for _, d, i in said])
    spans = list(dict.fromkeys(sp for sp, _, _ in said))
    units = {sp.rsplit(" ", 1)[-1] for sp in spans}
    if len(spans) > 1 and len(units) == 1 and all(sp.startswith("the ") for sp in spans):
        periods = "the " + _join([sp.split(" ")[1] for sp in spans]) + " " + units.pop()
    else:
        periods = _join(spans)
    how = counted.strip(" ,")
    if how.startswith("counted from "):
        # (after the fifteenth reading) the start is our counting, not the report's: said as ours, and the signer
        # checks the body's rules before apologising for a date that may not have passed
        start = how.removeprefix("counted from ")
        check = placeholder(
            "check when the body's rules start these periods; if they count from the report's date, recount these "
            "dates and apologise only for what was late"
        )
        return f"Counting {periods} your report gives from {start}, {text[0].lower()}{text[1:]}. {check}"
    return text + f" ({periods} your report gives{', ' + how if how else ''})."


def placeholder(what: str) -> str:
    """What only the client can write, clearly marked for it to fill in before sending."""
    return f"[To complete: {what}]"


def _category_ground(
    category: str, issues: list[Issue], f: FindingVerdict, cited: str | None, words: str, standard: str | None = None
) -> str:
    """One ground in full sentences for a category of issues, its 17021-1 clause named in the sentence."""
    cite, basis = _basis(issues[0])
    c = cited or "the clause cited"
    std = "ISO/IEC 17021-1:2015"
    audited = standard or "the standard audited"
    by_category = {
        "preference": f"The finding rests on what is preferred or what others do{words}, not on a requirement of "
        f"{audited} that we have not fulfilled. {std} {basis} asks that a nonconformity be recorded against a "
        "specific requirement.",
        "documented_procedure_not_required": f"The finding asks for documentation{words} that the requirement does "
        "not ask us to maintain, and no procedure of our own requires it. A nonconformity is a requirement not "
        f"fulfilled ({cite}); documentation the requirement does not ask for cannot be one.",
        "out_of_scope": f"The finding concerns a subject outside the scope of the audit or of the standard{words}. "
        f"The audit covers the scope agreed for it ({cite}).",
        "informative_clause": f"The finding cites {c}, which is informative text, not a requirement; a "
        f"nonconformity is recorded against a requirement ({cite}).",
        "unknown_clause": f"The clause cited, {c}, does not exist in the standard audited; a nonconformity is "
        f"recorded against a specific requirement of the audit criteria ({cite}).",
        "wrong_edition": f"The clause cited, {c}, is numbered or named after another edition of the standard than "
        f"the one audited ({cite}).",
        "unknown_standard": f"The finding cites a document that is not among the audit criteria ({cite}).",
        "uncited": f"The finding cites no requirement; {std} asks that a nonconformity be recorded against a "
        f"specific requirement ({basis}).",
        "too_broad": f"The finding cites {c}, a whole clause, not the specific requirement it says is not "
        f"fulfilled ({cite}).",
        "citation_mismatch": f"What the finding describes concerns another requirement than the one cited, {c} "
        f"({cite}).",
        "vague_statement": f"The finding does not state clearly which requirement is not fulfilled{words}; {std} "
        f"asks for a clear statement of the nonconformity ({basis}).",
        "no_evidence": f"The finding does not identify in detail the objective evidence it rests on{words}; {std} "
        f"asks that nonconformities be recorded with the objective evidence identified ({basis}).",
        "suggests_cause": f"The finding states a cause{words}; analysing the cause is ours to do, and a finding "
        f"records the nonfulfilment and its evidence ({cite}).",
        "suggests_solution": f"The finding prescribes a solution{words}; the choice of correction and corrective "
        f"action is ours, and a certification body does not offer specific solutions ({cite}).",
        "unresolved_dispute": "Our disagreement, stated at the audit, is not recorded as an unresolved point "
        f"({cite}).",
    }
    withdrawing = next((i for i in issues if i.severity == "error"), None)
    if category == "no_evidence" and withdrawing is not None:
        # no nonfulfilment established at all (the finding's own evidence shows the requirement met, a suspicion
        # not verified, reported speech only): the rule's own words say which, not a request for more evidence
        return f"{withdrawing.message.rstrip('.')} ({_basis(withdrawing)[0]})."
    return by_category.get(category) or f"{issues[0].message.rstrip('.')} ({cite})."


def _open_to_us(aspects: list[str]) -> str:
    return f"It leaves {open_words(aspects)} to us." if aspects else ""


def _obliges_text(g: Grounding) -> str:
    text = " ".join((g.obliges or "").split()).rstrip(".;")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _that_clauses(g: Grounding, tree: Standard | None) -> str:
    """What a requirement obliges as one clause of a sentence (`A and that B`), so that `asks that ...` reads once:
    the grounding's text, whose obligations are joined by `;`, split where the clause tree shows they are (an
    obligation may hold a `;` of its own); as given where it cannot tell."""
    text = _obliges_text(g)
    number = (g.clause or "").split(" ", 1)[0]
    clause = tree.clauses.get(number) if tree is not None and number else None
    if clause is None or clause.obligation is None:
        return text
    parts = [" ".join(o.text.split()).rstrip(".;") for o in clause.obligation.obliges]
    for n in range(len(parts), 1, -1):
        if "; ".join(parts[:n]).lower() == text.lower():
            first = text[: len(parts[0])]
            return ", that ".join([first, *parts[1 : n - 1]]) + ", and that " + parts[n - 1]
    return text


def _titled(where: str, tree: Standard | None) -> str:
    """`7.5.3.1 Control of documented information` -> `7.5.3.1` where the subclause has no title of its own (the
    tree repeats its parent's): a letter never gives a numbered paragraph its parent's title."""
    number, _, title = where.partition(" ")
    c = tree.clauses.get(number) if tree is not None else None
    parent = tree.clauses.get(number.rsplit(".", 1)[0]) if tree is not None and "." in number else None
    if c is not None and parent is not None and title and title == c.title == parent.title:
        return number
    return where


def _grounding_lines(f: FindingVerdict, standard: str | None, tree: Standard | None = None) -> list[str]:
    """What the requirement obliges and leaves open, in one sentence (requirement.grounding), for a finding the
    client does not ask to withdraw (a withdrawal says it in `_obligation_ground`, with where the demand falls);
    nothing while the grounding is absent."""
    g = f.requirement.grounding
    if g is None or not g.obliges:
        return []
    req = f.requirement
    where = _titled(g.clause or (f"{req.clause} {req.title or ''}".strip() if req.clause else ""), tree)
    where = where or "the nearest requirement"
    leaves = f", and it leaves {open_words(list(g.leaves_open))} to us" if g.leaves_open else ""
    return [f"{_cap(where)} asks that {_that_clauses(g, tree)}{leaves}."]


# the grounding's outcomes that decide a withdrawal: where the finding's demand falls, said once
_DECIDED = {"left_open", "not_required", "guidance_only", "nowhere", "other_standard"}
# issue categories whose ground is the grounding's own decision (no obligation of the criteria asks for it), by the
# outcomes that decide it: said once, in the obligation ground and the one principle ground beside it
_SAME_DECISION = {
    "preference": _DECIDED,
    "documented_procedure_not_required": _DECIDED,
    "out_of_scope": {"other_standard"},
    "informative_clause": {"guidance_only"},
}
# what ISO/IEC 17021-1 asks, for each such category: said once for all of them, with their clause numbers
_PRINCIPLE = {
    "preference": "that a nonconformity be recorded against a specific requirement that is not fulfilled",
    "documented_procedure_not_required": "that a nonconformity be recorded against a specific requirement that is "
    "not fulfilled",
    "out_of_scope": "that the audit be conducted against the criteria and within the scope agreed for it",
    "informative_clause": "that a nonconformity be recorded against the audit criteria, of which guidance is not part",
}


def rests_on_decision(f: FindingVerdict, category: str) -> bool:
    """Whether an issue of this category argues what the grounding decided (no obligation asks for the demand)."""
    g = f.requirement.grounding
    return (
        f.verdict == "withdraw"
        and g is not None
        and g.outcome in _DECIDED
        and g.outcome in _SAME_DECISION.get(category, set())
    )


def _aspects_named(tree: Standard | None, number: str | None, words: str, fallback: list[str]) -> list[str]:
    """The aspects left open (of those the grounding gives) that the finding's words name: an example of the
    tree's `leaves` in them. None where the tree does not say."""
    if tree is None or not number or number not in tree.clauses:
        return []
    obl = tree.clauses[number].obligation
    low = " ".join(words.lower().split())
    named = [
        x.aspect
        for x in (obl.leaves if obl is not None else [])
        if any(re.search(r"\b" + re.escape(e.lower()) + r"\b", low) for e in x.examples)
    ]
    return [a for a in fallback if a in named]


def _obligation_ground(
    f: FindingVerdict,
    src: Finding | None,
    standard: str | None,
    tree: Standard | None,
    categories: dict[str, list[Issue]],
    quoted: str = "",
) -> str:
    """A withdrawal's ground from the obligation layer, in one sentence: where the finding's demand falls (the
    grounding's outcome, the strongest fact, first), then what the requirement obliges and leaves open in our
    words, then what the neighbouring clauses leave open or do not require where the finding asks for exactly
    that. The grounds of rules resting on the same decision (a preference, documentation not required) add only
    what is theirs ("no procedure of our own does"); `quoted` is the finding's sentence quoted elsewhere, so that
    its words are not quoted twice. Empty unless the grounding decides the withdrawal."""
    g = f.requirement.grounding
    if f.verdict != "withdraw" or g is None or g.outcome not in _DECIDED:
        return ""
    req = f.requirement
    std = standard or "the standard audited"
    where = _titled(g.clause or (f"{req.clause} {req.title or ''}".strip() if req.clause else ""), tree)
    number = where.split()[0] if where and where[0].isalnum() else None
    statement = src.statement if src is not None else ""
    evidence = src.evidence_text() if src is not None else ""
    leaves, nots = _tree_points(tree, src.clause if src is not None else None, statement, evidence)
    demand_words = " ".join((g.demand or "").split())
    in_quote = bool(demand_words) and demand_words.lower().rstrip(".") in quoted.lower()
    demand = f" (\u201c{demand_words}\u201d)" if demand_words and len(demand_words) <= 120 and not in_quote else ""
    obliges = in_the_clients_words(_that_clauses(g, tree), std)
    aspects: list[str] = list(g.leaves_open)
    # what the clause named leaves open where the finding weighs its means: said with that clause, not again
    own_leaves = [text for text, _, n in leaves if n == number]
    leaves = [x for x in leaves if x[2] != number]
    # where in our words: the clause itself, named in the lead; the nearest only where nothing asks for the demand
    near = "it" if where and g.outcome != "nowhere" else "the requirement closest to it"
    if where and g.outcome == "nowhere":
        near += f", {where},"
    said = f"{near} asks that {obliges}" if obliges else ""
    left = f"it leaves {open_words(aspects)} to us" if aspects and said and g.outcome != "left_open" else ""
    named = _aspects_named(tree, number, f"{statement} {evidence}", aspects)
    # (an aspect the finding's words merely name is not claimed as "left to us": a lead auditor can deny that;
    # what the standard plainly names is said below instead)
    if own_leaves and g.outcome != "left_open":
        left = f"it leaves to us {_join(own_leaves)}"
    # what the standard plainly names beside the means the finding rejects (`paper` beside `electronic`): a fact a
    # lead auditor cannot deny
    plain = _means_named(tree, src.clause if src is not None else None, statement, evidence)
    merged = False
    own_line = False
    if g.outcome == "not_required":
        own = next((n for n in nots if n[0] == number), None)
        nots = [n for n in nots if n is not own]
        # the thing as the clause's `not_required` names it; else the words that raised the rule resting on this
        # decision (shorter than the demand, which may be the whole statement quoted above)
        words = _words(categories.get("documented_procedure_not_required", []), statement) or demand
        # the thing as the finding words it (`an electronic document management system`), never narrower
        thing = as_worded(statement, own[2]) if own is not None else f"the documentation the finding asks for{words}"
        lead = f"{std} {where or ''}".rstrip() + f" does not ask for {thing}"
        if plain and where:
            # said once: the standard asks for no particular means, the clause that names them and the clause
            # cited together, in one ground (never a second bullet that says it again)
            means, ref, aspect = plain[0]
            lead = f"{std} asks for no particular {aspect}: {ref} names {means}, and {where} does not ask for {thing}"
            merged = True
        own_line = "documented_procedure_not_required" in categories  # only the client knows its own procedures
        if own_line:
            lead += ". " + placeholder(OWN_PROCEDURE_SEE_END if said else OUR_OWN_PROCEDURES)
        left = ""  # what it does not ask for is the ground: no "leaves to us" beside it that can be denied
    elif g.outcome == "left_open":
        what = open_words(named or aspects) or "means"
        if own_leaves:
            what += f" ({_join(own_leaves)})"
        lead = (
            f"What the finding asks for{demand} is a choice of {what}, which "
            f"{std + ' ' + where if where else 'the requirement'} leaves to us, not something it obliges"
        )
    elif g.outcome == "other_standard":
        other = f"{g.other.standard}{' ' + g.other.clause if g.other.clause else ''}" if g.other else ""
        lead = (
            f"What the finding asks for{demand} is an obligation of {other or 'another standard'}, which is not "
            "among the criteria of this audit"
        )
        said = f"{std} {where} asks that {obliges}" if obliges and where else said
    elif g.outcome == "guidance_only":
        lead = (
            f"Only guidance names what the finding asks for{demand}, and guidance is not a requirement of the "
            "audit criteria"
        )
        said = f"{std} {where} asks that {obliges}" if obliges and where else said
    else:  # nowhere
        lead = f"No requirement of {std} asks for what the finding asks for{demand}"
    if left and not said:
        left = left.replace("it leaves", f"{where or 'the requirement'} leaves", 1)
    # what the clause named does not ask for, beside what it asks (its own `not_required`), said with it
    owns = [n for n in nots if n[0] == number]
    nots = [n for n in nots if n not in owns]
    unasked = f"it does not ask for {_join([thing for _, _, thing in owns])}" if owns and said else ""
    body = ", and ".join(x for x in (said, left, unasked) if x)
    # what the standard plainly names beside the means the finding rejects (`paper` beside `electronic`): a fact a
    # lead auditor cannot deny, in a ground of its own; the aspect is then not also said to be "left to us"
    plain_refs = {ref for _, ref, _ in plain}
    leaves = [x for x in leaves if x[1] not in plain_refs]
    # the clause named in the sentence, not in a bracket: an item's own `b)` never closes a bracket twice
    named_line = (
        ""
        if merged
        else " ".join(
            f"The standard itself names {means} as a {aspect}, in {std} {ref}." for means, ref, aspect in plain
        )
    )
    # what the neighbouring clauses leave open or do not require, each by its own number (the standard is named)
    tail = [f"{ref} leaves to us {text}" for text, ref, _ in leaves]
    tail += [
        f"{n} asks for {subj}, not for {thing}" if subj else f"{n} does not require {thing}" for n, subj, thing in nots
    ]
    # the clause named and what it asks (its own sentence where the lead is a sentence of its own), then what its
    # neighbours leave open or do not require; what the standard plainly names, a ground of its own (`\n`)
    if g.outcome == "not_required" and body:
        if number and body.startswith("it asks that"):
            # a sentence of its own after a line the signer fills in: "It" would read as our own procedure
            body = f"{number} asks that" + body.removeprefix("it asks that")
        if len(body.split()) > 30:  # no sentence a reader must hold in mind at once: one obligation a sentence
            body = body.replace(", and that ", ". It also asks that ", 1)
        text = lead.rstrip(".") + (" " if lead.endswith("]") else ". ") + _cap(body) + "."
        if said:  # what it asks is said only beside how we meet it, or not at all: the signer shows it or deletes it
            text += " " + placeholder(SHOW_WE_MEET_IT_OR_OWN if own_line else SHOW_WE_MEET_IT)
    else:
        text = lead + (": " + body if body else "") + "."
    text += " " + _cap("; ".join(tail)) + "." if tail else ""
    return text + ("\n" + named_line if named_line else "")


# what a finding may rest on that is no requirement: a practice it calls best or common, what others do
_PRACTICE = re.compile(
    r"\b(?:best|good|common|standard|usual|modern|industry|sector|recognised|recognized) practices?\b|"
    r"\b(?:industry|sector) (?:standards?|norms?)\b|\bstate[- ]of[- ]the[- ]art\b",
    re.I,
)
_OTHERS_DO = re.compile(
    r"(?:most|many|other|leading|all) (?:other )?(?:companies|organi[sz]ations|firms|businesses|manufacturers|"
    r"sites|suppliers|operators|competitors|plants|clients|peers)\b[^.;,()]*",
    re.I,
)


def non_requirements(statement: str, raised: list[str] | None = None) -> list[str]:
    """Every non-requirement the finding rests on, in its own words and order: the words that raised a
    preference (`raised`) and any appeal to a practice or to what others do (`most companies in the sector now
    use`), each once, first letter in lower case."""
    found: list[tuple[int, str]] = []
    for text in raised or []:
        text = " ".join(text.split()).rstrip(".;,")
        at = statement.find(text)
        if text and at >= 0 and len(text) <= 80:
            found.append((at, text))
    found += [(m.start(), m[0].strip()) for m in _PRACTICE.finditer(statement)]
    found += [(m.start(), m[0].strip()) for m in _OTHERS_DO.finditer(statement)]
    out: list[str] = []
    ends: list[tuple[int, int]] = []
    for at, text in sorted(found, key=lambda x: (x[0], -len(x[1]))):
        if any(a <= at < b for a, b in ends):  # within one already named
            continue
        ends.append((at, at + len(text)))
        out.append(text[:1].lower() + text[1:] if not text[:2].isupper() else text)
    return out


def cites_without_which(cited: str | None, tree: Standard | None = None) -> str:
    """`The finding cites 7.5.3, but does not say which of its requirements we do not fulfil.`: the body's first
    answer to "no requirement" is "it is recorded against 7.5.3", met before it is given. Empty when no clause is
    cited. A clause the tree knows to hold one obligation only is said as one."""
    if not cited:
        return ""
    clause = tree.clauses.get(cited) if tree is not None else None
    children = tree is not None and any(n.startswith(cited + ".") for n in tree.clauses)
    single = (
        clause is not None and not children and clause.obligation is not None and len(clause.obligation.obliges) == 1
    )
    which = "what of it we do not fulfil" if single else "which of its requirements we do not fulfil"
    return f"The finding cites {cited}, but does not say {which}."


def _principle_ground(
    f: FindingVerdict,
    groups: dict[str, list[Issue]],
    statement: str,
    standard: str | None = None,
    cites: str = "",
) -> str:
    """What ISO/IEC 17021-1 asks of a nonconformity, said once for every issue that argues the grounding's decision
    (their clause numbers together), after the words of the auditor's opinion where a preference raised it (the
    words only: the finding's sentence is quoted whole above it). Where the finding names the means it wants (a
    thing no requirement asks for), 9.4.5.3 gives a second ground: the auditor is not to suggest a solution. A
    basis in the standard audited (an informative annex) is not cited: the letter argues from requirements."""
    numbers: list[str] = []
    phrases: list[str] = []
    for category, issues in groups.items():
        for i in issues:
            full, _ = _basis(i)
            std = "ISO/IEC 17021-1:2015 "
            head = full.split(";")[0]
            for n in head.removeprefix(std).split(",") if head.startswith(std) else []:
                n = n.strip()
                if re.fullmatch(r"\d+(\.\d+)*", n) and n not in numbers:
                    numbers.append(n)
        phrase = _PRINCIPLE[category]
        if phrase not in phrases:
            phrases.append(phrase)
    g = f.requirement.grounding
    means = next(
        (
            i.span.text
            for i in groups.get("documented_procedure_not_required", [])
            if i.span and i.span.field != "clause"
        ),
        "",
    )
    if "preference" in groups and g is not None and g.outcome in ("not_required", "left_open") and "9.4.5.3" in numbers:
        # the solution as the finding words it (`an electronic document management system`), not a narrower name
        named = f" (\u201c{as_worded(statement, means)}\u201d)" if means else ""
        phrases[-1] += f", and that the auditor refrain from suggesting its solution; the finding suggests one{named}"
    if cites:  # the clause cited is met first; "not fulfilled" is then said by it
        phrases = [p.replace(" that is not fulfilled", "") for p in phrases]
    asks = f"ISO/IEC 17021-1:2015{' ' + ', '.join(numbers) if numbers else ''} asks " + " and ".join(phrases)
    if cites:
        asks = f"{cites} {asks}"
    if "preference" in groups:
        # every non-requirement the finding rests on, each named: a practice, what others do
        appeals = non_requirements(statement, [i.span.text for i in groups["preference"] if i.span])
        if not appeals:
            return f"The finding rests on a preference, not on a requirement. {asks}."
        said = [f"on what \u201c{a}\u201d" if _OTHERS_DO.match(a) else f"on \u201c{a}\u201d" for a in appeals]
        which = "which is not" if len(said) == 1 else ("neither is" if len(said) == 2 else "none of them is")
        audited = standard or "the standard audited"
        return f"The finding rests {_join(said)}; {which} a requirement of {audited}. {asks}."
    if "documented_procedure_not_required" in groups:
        return f"{asks}: documentation that no requirement asks for cannot be one."
    return asks + "."


def in_our_words(summary: str | None, limit: int = 220) -> str:
    """A requirement's summary for a sentence: its lead only (no list of items), first letter in lower case
    (unless an acronym), no final stop; empty when there is none."""
    if not summary:
        return ""
    text = " ".join(summary.split()).split(" Items:")[0].strip()
    if len(text) > limit:
        first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
        text = first if len(first) <= limit else text[: text.rfind(" ", 0, limit)] + " ..."
    text = text.rstrip(".; ")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _requirement_line(f: FindingVerdict, standard: str | None) -> str:
    """Where in the standard the finding belongs, from its `requirement` block (summaries are in our words)."""
    req: Requirement = f.requirement
    std = standard or "the standard"
    if req.source == "none":
        cit = f.citation
        cited = cit.clause if cit.status in ("resolved", "too_broad") else None
        if cited:
            return (
                f"We find no requirement of {std} that asks for this: not in {cited}, the clause the finding cites, "
                "nor elsewhere."
            )
        best = req.alternatives[0] if req.alternatives else None
        if best is not None and best.score >= 0.5:
            return (
                f"We find no requirement of {std} that asks for this; the closest, {best.clause}, does not ask for "
                "it either."
            )
        return f"We find no requirement of {std} that asks for this."
    if not req.clause:
        return ""
    item = f" {req.item})" if req.item else ""
    where = f"{req.clause}{item} {req.title or ''}".rstrip()
    words = in_our_words(req.summary)
    said = f" ({words})." if words else "."
    if req.source == "inferred":
        return f"What the finding describes falls under {where}{said}"
    if req.source == "client":
        doc = f" ({req.client_document})" if req.client_document else ""
        return f"The finding rests on our own documented requirement{doc}, which {where} makes auditable."
    return f"The requirement at issue is {where}{said}"


def _as_clause(part: str) -> str:
    part = part.strip().rstrip(".;")
    if len(part) > 1 and part[0].isupper() and not part[1].isupper() and not _REF.match(part):
        part = part[0].lower() + part[1:]
    return part


# a verb that makes a part of the evidence a sentence: a form of be/have, or a present or past tense after the
# first word ("binder B-3 holds", "the index matches", "the log was signed")
_FINITE = re.compile(
    r"\b(is|are|was|were|has|have|had|does|do|did)\b|(?<=\w )(?:[a-z]+(?:s|ed))\b(?! (?:of|for)\b)",
)


# what a plain word of evidence shows, in the words obligations use: a supplier's or customer's document is of
# external origin; a revision or date stamped or marked on it identifies it; an index, register or check kept on
# it controls it
_EVIDENCE_MEANS = [
    (re.compile(r"\b(supplier|vendor|customer|manufacturer|regulator|external)\w*", re.I), "external origin"),
    (re.compile(r"\b(stamped|marked|labell?ed|numbered) with\b|\brevision\b", re.I), "identified"),
    (re.compile(r"\b(index|register|master list|checked|verified|approved)\b", re.I), "controlled"),
]


# the standard's own party in an obligation's relative clause (`that the organization needs for ...`): a client's
# letter never speaks of itself so; the clause is left out, its subject kept
_THE_ORGANIZATION = re.compile(r",?\s+(?:that|which) the organi[sz]ation\b.*?(?=\s+(?:is|are|has|have)\s)", re.I)
# where one part of the evidence ends and another begins: `...; the index ...`, `... drawings, each stamped ...`
_EVIDENCE_PARTS = re.compile(r"\s*;\s+|(?<=[.!?])\s+|,\s+(?=(?:each|every|all|both)\b)", re.I)


def _subject_of(obligation: str) -> str:
    """`documented information of external origin` from `documented information of external origin that ... is
    identified ...`: what the obligation is about, up to its relative clause or its verb."""
    return re.split(r"\s+(?:that|which|is|are|has|have)\s+", obligation, maxsplit=1)[0]


_NOT_OF_A_NAME = {"is", "are", "was", "were", "has", "have", "had", "holds", "hold", "kept", "in", "on", "at", "of"}
_NOT_OF_A_NAME |= {"for", "and", "or", "with", "from", "by", "to", "the", "a", "an", "were", "each", "every"}


def _external_thing(evidence: str) -> str:
    """`supplier drawings`, `customer specification file`: the thing of external origin the evidence names, its
    first word the party it comes from and at most two words after it; empty when it names none."""
    m = _EVIDENCE_MEANS[0][0].search(evidence)
    if m is None:
        return ""
    words = [m[0].lower()]
    for w in re.findall(r"[A-Za-z-]+|[^\sA-Za-z-]", evidence[m.end() :])[:2]:
        if not re.fullmatch(r"[a-z-]+", w) or w in _NOT_OF_A_NAME:
            break
        words.append(w)
    return " ".join(words) if len(words) > 1 else ""


_ONLY_A_LIST = re.compile(r"^(?!.*\b(?:checked|verified|approved)\b).*\b(?:index|register|master list)\b", re.I)


def _facts_matched(obligation: str, evidence: str) -> str:
    """The evidence's own facts, each beside the word of the obligation it meets: `The evidence recorded above
    shows that the supplier drawings we hold, which are of external origin, are identified (each is stamped with
    ...) and controlled (the index sheet ... matches ...).` Only the obligation's own words are claimed, each
    with a fact of the evidence that shows it; empty when no such word has a fact."""
    low = obligation.lower()
    parts = [p.strip().rstrip(".") for p in _EVIDENCE_PARTS.split(evidence) if p and p.strip()]
    shown: list[tuple[int, str, str]] = []  # (where the word stands in the obligation, the word, the fact)
    used: set[int] = set()
    for said, means in _EVIDENCE_MEANS:
        at = low.find(means)
        if means == "external origin" or at < 0:
            continue
        n = next((n for n, p in enumerate(parts) if n not in used and said.search(p)), None)
        if n is None:
            continue
        used.add(n)
        # `each stamped with ...` -> `each is stamped with ...`: a fact in a sentence of its own
        fact = re.sub(
            r"^(each|every one|all|both)\s+(?=\w+ed\b)",
            lambda m: m[1] + (" are " if m[1] in ("all", "both") else " is "),
            parts[n],
            flags=re.I,
        )
        # a list or index that matches what it lists shows the list is complete, not that the items are controlled
        # (distribution, access, changes, superseded issues): claimed no stronger than that
        said_word = "listed" if means == "controlled" and _ONLY_A_LIST.search(parts[n]) else means
        shown.append((at, said_word, _as_clause(fact)))
    if not shown:
        return ""
    shown.sort()
    origin = _external_thing(evidence)
    if "external origin" in low and origin:
        plural = origin.endswith("s") and not origin.endswith("ss")
        are = "are" if plural else "is"
        what = f"the {origin}, which {are} of external origin, {are}"
    else:
        what = f"this {_subject_of(obligation)} is"
    claims = _join([f"{means} ({fact})" for _, means, fact in shown])
    return f"The evidence recorded above shows that {what} {claims}."


def _fulfilled(tree: Standard, cited: str, evidence: str) -> str:
    """What the evidence shows met, said as the requirement it fulfils: the obligation (in our words, with its
    item) of the clause at or under the one cited that the evidence's own words point to; that clause's subject
    where no single obligation stands out or its words lean on another ("changes to it"). Empty when the evidence
    points to no clause there."""
    matches = infer_requirements(tree, evidence, k=1, within=cited)
    if not matches:
        return ""
    m = matches[0]
    c = m.clause
    std = tree.designation
    obliges = list(c.obligation.obliges) if c.obligation is not None else []
    chosen = next((o for o in obliges if m.item and o.item == m.item), None)
    if chosen is None and obliges:
        words = set(tokens(evidence))
        for said, means in _EVIDENCE_MEANS:  # what the evidence's words show, in the obligations' own terms
            if said.search(evidence):
                words |= set(tokens(means))
        common = set.intersection(*(set(tokens(o.text)) for o in obliges)) if len(obliges) > 1 else set()
        scored = sorted(((len((set(tokens(o.text)) - common) & words), n) for n, o in enumerate(obliges)), reverse=True)
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            chosen = obliges[scored[0][1]]
    text = " ".join(chosen.text.split()).rstrip(".;") if chosen is not None else ""
    if text and not re.search(r"\b(it|its|they|them|their|this|these)\b", text, re.I):
        item = f" {chosen.item})" if chosen is not None and chosen.item else ""
        matched = _facts_matched(text, evidence)
        if matched:
            # facts show a practice; the procedure behind them, and what a check is made against, show a system
            asked = [means for _, means in _EVIDENCE_MEANS if means != "external origin" and means in text.lower()]
            if "listed" in matched and "controlled" in asked:
                # the evidence shows less than the requirement asks: the requirement said, our control to show
                return (
                    f"{matched} {std} {c.number}{item} asks that {_subject_of(text)} be {_join(asked)}. "
                    + placeholder(OUR_PROCEDURE)
                )
            return f"{matched} That is what {std} {c.number}{item} asks of {_subject_of(text)}. " + placeholder(
                OUR_PROCEDURE
            )
        # the obligation in our words, without the standard's own party ("that the organization needs ...")
        text = _THE_ORGANIZATION.sub("", text)
        return f"The evidence recorded above shows that {text}, which is what {std} {c.number}{item} asks of us."
    if c.title:
        return f"The evidence recorded above shows the {_as_clause(c.title)} that {std} {c.number} asks of us."
    return ""


def _evidence_ground(src: Finding | None, tree: Standard | None = None) -> str:
    """A withdrawal's first ground: why the evidence recorded meets the requirement judged (`_fulfilled`), not
    the evidence again. Without a clause tree, the facts of the evidence in a sentence of ours (its parts, at most
    three, each as `that ...`)."""
    if src is None or not src.evidence_text():
        return ""
    if tree is not None and src.clause and src.clause in tree.clauses:
        return _fulfilled(tree, src.clause, src.evidence_text())
    parts = [p for p in re.split(r"\s*;\s+|(?<=[.!?])\s+|\n+", src.evidence_text()) if p.strip()]
    if not parts:
        return ""
    # a part that opens on what the auditor did ("Interviewed the manager") is how the evidence was got, not a
    # fact it shows, and a bare noun phrase ("Register R-1 entry for G-2") is no sentence: both left out
    facts = [
        f"that {_as_clause(p)}" for p in parts if not re.match(r"[A-Z][a-z]+ed\b", p.strip()) and _FINITE.search(p)
    ][:3]
    if not facts:
        return ""
    joined = ", ".join(facts[:-1]) + ", and " + facts[-1] if len(facts) > 1 else facts[0]
    return f"The evidence recorded shows {joined}."


def _tree_points(
    std: Standard | None, cited: str | None, statement: str, evidence: str = ""
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """What the requirement leaves to us or does not require, where the finding asks for exactly that: from the
    obligation layer of the clause cited and its neighbours (the clauses under the same parent). An aspect left
    open counts where the finding and its evidence weigh two of its means against each other (paper against
    electronic); a thing not required, where the statement asks for it. Returns the aspects left open (what, the
    clause with its item, the clause) and the things not required (the clause, its subject, the thing)."""
    if std is None or not cited or cited not in std.clauses:
        return [], []
    parent = cited.rsplit(".", 1)[0] if "." in cited else cited
    near = [c for n, c in std.clauses.items() if n == cited or n.startswith(parent + ".")]
    low = " ".join(statement.lower().split())
    both = low + " " + " ".join(evidence.lower().split())

    def has(words: str, text: str = low) -> bool:
        return re.search(r"\b" + re.escape(words.lower()) + r"\b", text) is not None

    leaves: list[tuple[str, str, str]] = []
    nots: list[tuple[str, str, str]] = []
    for c in near:
        if c.obligation is None:
            continue
        for x in c.obligation.leaves:
            hits = [e for e in x.examples if has(e, both)]
            if len(hits) >= 2:  # the finding weighs one means against another the requirement leaves open
                # the means named once: in the obligation's own words where they already name them
                named = any(has(h, x.text.lower()) for h in hits[:2])
                whether = "" if named else f", whether {hits[0]} or {hits[1]}"
                leaves.append((f"{x.text}{whether}", _with_item(c, x.aspect), c.number))
        for n in c.obligation.not_required:
            core = re.sub(r"^(a|an|the)\s+", "", n.strip(), flags=re.I)
            # "a master list or document register": either phrase; a lone word after "or" ("documents or records")
            # completes the phrase before it and is no alternative of its own
            alts = [a for a in re.split(r"\s+or\s+", core) if len(a.split()) > 1] or [core]
            if any(has(alt) for alt in alts):
                # what the clause does ask (its subject), then what it does not: both checkable in that clause
                subject = _as_clause(c.title) if c.title and c.obligation.obliges else ""
                nots.append((c.number, subject, n))
    return leaves, nots


_ITEM_REF = re.compile(r"^(?P<number>\S+) (?P<item>[a-z0-9]{1,4})\)$")


def bracketed(ref: str) -> str:
    """`7.5.2 b)` in brackets without closing two at once: `(7.5.2, item b)`; any other reference as `(ref)`."""
    m = _ITEM_REF.match(ref)
    return f"({m['number']}, item {m['item']})" if m else f"({ref})"


def _medium_ground(
    std: Standard | None, cited: str | None, statement: str, evidence: str = ""
) -> tuple[str, list[str]]:
    """`_tree_points` in a sentence: returns the sentence (empty when the tree says nothing that meets the
    finding) and the clauses it quotes."""
    if std is None:
        return "", []
    leaves, nots = _tree_points(std, cited, statement, evidence)
    said = []
    if leaves:
        said.append(f"{std.designation} leaves to us " + _join([f"{text} {bracketed(ref)}" for text, ref, _ in leaves]))
    said += [
        f"{n} asks for {subj}, not for {thing}" if subj else f"{n} does not require {thing}" for n, subj, thing in nots
    ]
    if not said:
        return "", []
    used = [number for _, _, number in leaves] + [n for n, _, _ in nots]
    text = ", and ".join(said)
    return (text if leaves else f"In {std.designation}, " + text) + ".", used


# what only the client can say: the procedure that makes the evidence's facts a controlled system, not a habit
OUR_PROCEDURE = (
    "Our procedure for this is ..., ref. ...; each check is made against ..., e.g. the supplier's current issue, so "
    "that a superseded version cannot be used."
)


# the paragraph that states what we ask and accept, named by what it says (the opening sentence thanks the body)
REQUESTS_PARAGRAPH = "the paragraph after \u201cThank you for ...\u201d that says what we ask and accept"
# the file property, not the heading: a signer in Word is told where it is
DOCUMENT_TITLE = "the document's title (in Word: File > Info > Properties > Title)"


def differ_also(fid: str) -> str:
    """The section a dropped request leaves without a point: taken out, or deleted where it names no other."""
    return (
        f"take {fid} out of the section \u201cIf our views still differ\u201d, or delete the section if it names no "
        "other finding"
    )


# what only the client can say: how it meets what a requirement asks, where the evidence recorded does not show it
def restate_instead(basis: str) -> str:
    """What a signer does where a basis for the finding exists after all (`basis`: our own procedure asks for it,
    or we cannot show a requirement met): the finding may stand on it, so the letter asks for it to be restated
    against that requirement rather than withdrawn; deleting our sentence alone would hide the basis from the
    signer while the request stays."""
    # asking for a restatement is no longer a disagreement: the offer of an improvement in its place and the
    # section for a disagreement that stays go with the request
    return (
        f"({basis}, the finding may stand on that requirement: ask for it to be restated against it rather than "
        f"withdrawn; change the request, this finding's heading, the letter's heading, {REQUESTS_PARAGRAPH}, and "
        f"{DOCUMENT_TITLE} to match; delete any paragraph offering an opportunity for improvement in its place; and "
        f"{differ_also('this finding')})"
    )


SHOW_HOW = (
    "how we meet each of these, e.g. where the documents are used and how their users get the current issue, how "
    "they are protected against being lost or damaged (where they are kept, whether there is a second copy or the "
    "issuer can reissue them), and the records that show it. / "
)
SHOW_WE_MEET_IT = SHOW_HOW + restate_instead("if we cannot show this")
# the two lines of one ground that may each find a basis for the finding: the instruction is given once, last
SHOW_WE_MEET_IT_OR_OWN = SHOW_HOW + restate_instead("if a procedure of our own asks for it, or we cannot show this")
OWN_PROCEDURE_SEE_END = "Nor does any procedure of our own. / (if one does: see the end of this paragraph)"
_STANDARD_SELF = re.compile(r"\b(?:this|the) (?:international )?(?:standard|document)\b", re.I)
_THE_QMS = re.compile(r"\bthe (?:QMS|quality management system|management system|[A-Z]{2,4}MS)\b")


def in_the_clients_words(text: str, standard: str) -> str:
    """A requirement's summary as the client writes it: `the QMS` is our quality management system, `this standard`
    is the standard by name."""
    text = _THE_QMS.sub(lambda m: "our " + ("quality management system" if "Q" in m[0] else "management system"), text)
    return _STANDARD_SELF.sub(standard, text)


# where the time allowed for our responses is given when a report does not state it: the audit team gives it at the
# closing meeting (ISO/IEC 17021-1:2015 9.4.7.2), and the body's certification rules or the contract may state it.
# The signer checks all three; the "does not state" sentence stays only where none gives a time
def rules_period(closing: str) -> str:
    """The line to complete before "Your report does not state the time you allow ...": where to look (the record
    of the closing meeting `closing`, e.g. ' on 4 November 2026', the body's certification rules, our contract),
    what to write if one gives a time, and what to do with the dates above and the sentence after."""
    return (
        f"if the audit team gave us the time allowed at the closing meeting{closing} (see our record of it), or the "
        "body's certification rules or our contract with it state one: \u201cThese dates are within the ... days "
        "you allow (closing meeting / ref. ...).\u201d Bring forward any date above that falls after the end of that "
        "time, and delete the next sentence. / If none of them states a time: delete this line"
    )


# what only the client can say: whether a procedure of its own asks for what the finding wants
OUR_OWN_PROCEDURES = "Nor does any procedure of our own. / " + restate_instead("if one does")


def as_worded(statement: str, thing: str) -> str:
    """`a document management system` as the finding words it: `an electronic document management system`
    (the words before it that qualify it, with their article), else `thing` as given."""
    core = re.sub(r"^(a|an|the)\s+", "", thing.strip(), flags=re.I)
    alts = [a for a in re.split(r"\s+or\s+", core) if len(a.split()) > 1] or [core]
    for alt in alts:
        m = re.search(r"\b" + re.escape(alt) + r"\b", statement, re.I)
        if m is None:
            continue
        before = re.findall(r"[A-Za-z-]+", statement[: m.start()])[-2:]
        qualifiers: list[str] = []
        for w in reversed(before):
            if w.lower() in _NOT_A_QUALIFIER or not w.islower():
                break
            qualifiers.insert(0, w)
        words = " ".join([*qualifiers, m[0] if m[0].islower() else m[0].lower()])
        return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"
    return thing


_NOT_A_QUALIFIER = {"a", "an", "the", "is", "are", "was", "were", "be", "been", "has", "have", "had", "of", "to"}
_NOT_A_QUALIFIER |= {"for", "in", "on", "at", "by", "with", "from", "and", "or", "no", "not", "use", "uses", "used"}
_NOT_A_QUALIFIER |= {"keep", "kept", "maintain", "maintained", "introduce", "implement", "should", "could", "would"}


def _means_named(
    std: Standard | None, cited: str | None, statement: str, evidence: str = ""
) -> list[tuple[str, str, str]]:
    """Where the finding weighs two means of an aspect the obligation layer's own words name (paper against
    electronic for the medium): `("paper and electronic alike", "7.5.2 b)", "medium")`, the means in the order
    the standard gives them. From the clause cited and its neighbours, as `_tree_points`."""
    if std is None or not cited or cited not in std.clauses:
        return []
    parent = cited.rsplit(".", 1)[0] if "." in cited else cited
    both = " ".join(f"{statement} {evidence}".lower().split())
    out: list[tuple[str, str, str]] = []
    for n, c in std.clauses.items():
        if c.obligation is None or not (n == cited or n.startswith(parent + ".")):
            continue
        for x in c.obligation.leaves:
            hits = [e for e in x.examples if re.search(r"\b" + re.escape(e.lower()) + r"\b", both)]
            # the means the requirement's own words name (`paper or electronic`), whichever the finding words
            named = [e for e in x.examples if re.search(r"\b" + re.escape(e.lower()) + r"\b", x.text.lower())][:2]
            if len(hits) >= 2 and len(named) == 2:
                out.append((f"{named[0]} and {named[1]} alike", _with_item(c, x.aspect), x.aspect))
    return out


def _with_item(c: Clause, aspect: str) -> str:
    """`7.5.2 b)`: the clause with the item whose obligation names the aspect left open (`medium`), else the clause."""
    if c.obligation is not None:
        for o in c.obligation.obliges:
            if o.item and re.search(r"\b" + re.escape(aspect) + r"s?\b", o.text, re.I):
                return f"{c.number} {o.item})"
    return c.number


# a citation's precision is no ground when the finding is contested on its substance: said only in a request to
# complete a record, where it is what the record needs
_PRECISION_ONLY = {"too_broad", "citation_mismatch"}
# what an auditor prefers or would do: offered back as an opportunity for improvement (17021-1 9.4.5.2)
_SUGGESTIONS = {"preference", "suggests_solution"}


def _opinion(issues: list[Issue], statement: str) -> str:
    """The auditor's opinion as the finding words it, whole: the sentence of the statement that holds the words
    that raised the issue (not only its first phrase), first letter in lower case."""
    for i in issues:
        if i.span is None or i.span.field == "clause":
            continue
        sentence = _sentence_with(statement, " ".join(i.span.text.split()).rstrip(".;,"))
        if sentence:
            return _as_clause(sentence)
    return ""


def _preference_ground(issues: list[Issue], statement: str, standard: str | None, medium: str, cites: str = "") -> str:
    """The ground against a preference: the opinion quoted whole, what the requirement leaves open (when the
    obligation layer says it), the clause cited met (`cites`), and what 17021-1 asks of a nonconformity."""
    audited = standard or "the standard audited"
    opinion = _opinion(issues, statement)
    rests = f"the view that \u201c{opinion}\u201d" if opinion else "a preference"
    _, basis = _basis(issues[0])
    requirement = f"a requirement: {medium}" if medium else f"a requirement of {audited}."
    return (
        f"The finding rests on {rests}, not on {requirement} {cites + ' ' if cites else ''}ISO/IEC 17021-1:2015 "
        f"{basis} asks that a nonconformity be recorded against a specific requirement."
    )


def _grounds(f: FindingVerdict, src: Finding | None, standard: str | None, tree: Standard | None = None) -> list[str]:
    """The finding's grounds, strongest first, each once: one from the evidence (its facts); one from the
    requirement (what it obliges and leaves open, from the obligation layer where it meets the finding); for a
    withdrawal the grounding decided, the rules that rest on that same decision (a preference, documentation not
    required, another standard's subject, guidance) are merged into that one requirement ground and one ground on
    what 17021-1 asks; then one sentence per other category of issue; then where the finding belongs when nothing
    above said it."""
    cited = src.clause if src is not None else None
    statement = src.statement if src is not None else ""
    out: list[str] = []
    if f.verdict == "regrade":
        out += _regrade_grounds(f, src, tree)
    elif f.verdict == "withdraw":
        fact = _evidence_ground(src, tree)
        if fact:
            out.append(fact)
    by_category: dict[str, list[Issue]] = {}
    for i in f.issues:
        if i.severity in ACTIONABLE and i.category not in _NOT_OUR_GROUNDS:
            by_category.setdefault(i.category, []).append(i)
    same = {c: issues for c, issues in by_category.items() if rests_on_decision(f, c)}
    quoted = _opinion(same["preference"], statement) if "preference" in same else ""
    decided = _obligation_ground(f, src, standard, tree, same, quoted)
    # a regrade accepts the requirement was missed: restating what it asks argues nothing for a lower grade
    grounding = (
        decided.split("\n") if decided else ([] if f.verdict == "regrade" else _grounding_lines(f, standard, tree))
    )
    evidence = src.evidence_text() if src is not None else ""
    medium = ""
    if f.verdict == "withdraw" and not decided:
        medium, _ = _medium_ground(tree, cited, statement, evidence)
    out += grounding
    if decided and same:
        cites = cites_without_which(cited, tree) if "preference" in same else ""
        principle = _principle_ground(f, same, statement, standard, cites)
        if f.verdict == "withdraw" and "preference" in same:
            out.insert(0, principle)  # the decisive ground: the finding names no requirement it rests on
        else:
            out.append(principle)
    for category, issues in by_category.items():
        if category in same and decided:
            continue  # said in the requirement ground and the principle ground above
        if category == "overgraded" and f.verdict == "regrade":
            continue  # argued above from the finding's own words
        if category in _PRECISION_ONLY and f.verdict in ("withdraw", "regrade"):
            continue
        if category == "preference":
            text = _preference_ground(issues, statement, standard, medium, cites_without_which(cited, tree))
            medium = ""  # said once
        elif category == "overgraded":
            text = "The evidence as recorded does not support the grade raised" + (
                ": " + "; ".join(f.grade_reasons) + "." if f.grade_reasons else "."
            )
        else:
            text = _category_ground(category, issues, f, cited, _words(issues, statement), standard)
            if category in CITATION_CATEGORIES and f.verdict in ("withdraw", "regrade") and out:
                text = "In addition, " + text[:1].lower() + text[1:]  # a defect of the record, not our ground
        if text not in out:
            out.append(text)
    # where the finding belongs: the heart of a withdrawal (unless the grounding said it), and what a record
    # with a citation problem needs; a regrade or a request for evidence is argued without it
    if medium:  # what the requirement leaves open, when no preference ground carried it
        out.append(medium)
    said_requirement = any("leaves to us" in g or "does not require" in g or ", not for " in g for g in out)
    wants_line = (f.verdict == "withdraw" and not grounding and not said_requirement) or (
        f.verdict == "revise"
        and (f.requirement.source == "inferred" or any(c in CITATION_CATEGORIES for c in by_category))
    )
    if wants_line:
        line = _requirement_line(f, standard)
        if line and line not in out:
            out.append(line)
    return out


def asks_evidence(f: FindingVerdict) -> bool:
    """A finding kept (revise) whose objective evidence is not identified: the client asks for it first."""
    return f.verdict == "revise" and any(i.category == "no_evidence" and i.severity in ACTIONABLE for i in f.issues)


def period(d: Duration) -> str:
    """A duration before a noun: `14-day`, `10-working-day`, `6-month`."""
    unit = d.unit.rstrip("s").replace(" ", "-")
    return f"{d.amount}-{unit}"


def _holidays(country: str | None) -> Container[dt.date]:
    """The public holidays of the client's country (the `holidays` package), or none when no country is given or
    the package does not know it: the letter then claims nothing about holidays."""
    if not country:
        return ()
    import holidays

    try:
        known = holidays.country_holidays(country.upper())
    except NotImplementedError:
        return ()
    closed = tuple(c for c in _CLOSED_CATEGORIES if c in known.supported_categories)
    return holidays.country_holidays(country.upper(), categories=closed)


# the holiday data's categories of days a business is commonly closed (or closes early): public and bank holidays,
# half-days (Christmas Eve where the data gives it) and de facto holidays


_CLOSED_CATEGORIES = ("public", "bank", "half_day", "de_facto")


def working_day(day: dt.date, not_before: dt.date, closed: Container[dt.date] = ()) -> dt.date:
    """A date to promise: a Saturday, Sunday or public holiday (`closed`) becomes the working day before (earlier
    than asked is never late), or the working day after when that would come before `not_before`."""

    def open_on(d: dt.date) -> bool:
        return d.weekday() < 5 and d not in closed

    if open_on(day):
        return day
    before = day
    while not open_on(before):
        before -= dt.timedelta(days=1)
    if before >= not_before:
        return before
    after = day
    while not open_on(after):
        after += dt.timedelta(days=1)
    return after


def whose(dl: Deadline) -> str:
    """Who set a stated period, for a sentence: `given in your report`, `you set`, `the IATF 16949 rules set`."""
    if dl.source == STATED_BY_REPORT:
        return "given in your report"
    if dl.source.startswith("scheme "):
        return f"that the {dl.source.removeprefix('scheme ')} rules set"
    return "you set"


def given(dl: Deadline) -> str:
    """Who gave a date still ahead, for a sentence: `the date you gave`, `the date the IATF 16949 rules set`."""
    if dl.source.startswith("scheme "):
        return f"the date the {dl.source.removeprefix('scheme ')} rules set"
    return "the date you gave"


@dataclass(slots=True)
class Promised:
    """One date a letter promises: what, by when, and whether the body's date was kept or a passed one replaced."""

    key: str  # response | evidence
    day: dt.date
    text: str  # `our cause analysis, correction and corrective action plan by 9 December 2026`
    passed: dt.date | None = None  # the stated date it replaces, which had passed by the letter's date
    after: Duration | None = None  # the period the stated date was counted with
    kept: bool = False  # a stated date still ahead, kept as given
    plain: str = ""  # `text` without the period it was counted with, for when the opening has named that period
    said_above: bool = False  # the opening named this date with its period: the finding's section gives it bare
    who: str = ""  # who gave the period (`given in your report`), for a kept date
    after_text: str = ""  # a line to complete that follows the promise (what is asked beyond the date promised)


@dataclass(slots=True)
class Dates:
    """What a letter promises for one finding, each date still ahead of the letter."""

    parts: list[Promised]
    unstated: bool  # a date rests on ncaudit's default assumption, not on a period anyone stated
    capped: bool = False  # moved before the certificate's expiry

    @property
    def passed(self) -> list[Promised]:
        return [p for p in self.parts if p.passed is not None]


def _what(key: str, grade: str) -> str:
    if key == "response":
        return "our cause analysis, correction and corrective action plan"
    if grade == "major":
        return "evidence that the correction and corrective action are implemented, for your verification,"
    return "evidence that the correction and corrective action are implemented"


def _latest_before(expiry: dt.date, closed: Container[dt.date], days: int = 10) -> dt.date:
    """The last day that leaves `days` working days before `expiry` for the body's verification."""
    day = expiry
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while day.weekday() >= 5 or day in closed:
            day -= dt.timedelta(days=1)
    return day


# calendar days within which a plan whose period has passed is promised (its period counted again may be longer)
LATE_PLAN_DAYS = 7
# a plan for a finding whose evidence we asked for: counted from the body's reply, as for a finding kept
EVIDENCE_REPLY_PLAN = "30 days"
# working days a recertification decision needs after the plans for minors reach the body, before expiry
PLAN_REVIEW_DAYS = 20


def _dates(
    row: PlanRow | None,
    today: dt.date,
    expiry: dt.date | None = None,
    closed: Container[dt.date] = (),
    plan_expiry: dt.date | None = None,
) -> Dates:
    """What we will send and by when. A date still ahead of the letter is kept as given (never moved without
    asking); only a date that has passed is counted again from the letter's date, and never beyond a later date
    still ahead nor, for `expiry` (a major at recertification), beyond what leaves the body ten working days to
    verify before the certificate expires. With `plan_expiry` (any nonconformity at recertification), the plan is
    needed before the decision, itself before expiry (17021-1 9.5.2): never promised later than a date that leaves
    the body PLAN_REVIEW_DAYS working days. A new date falls on a working day of the client's country."""
    out = Dates([], False)
    if row is None:
        return out
    dated = [(dl, due) for dl, due in row.deadlines if dl.key in ("response", "evidence") and due is not None]
    latest_ok = _latest_before(expiry, closed) if expiry is not None else None
    plan_ok = _latest_before(plan_expiry, closed, PLAN_REVIEW_DAYS) if plan_expiry is not None else None
    for n, (dl, due) in enumerate(dated):
        out.unstated = out.unstated or not stated(dl)
        ahead = due >= today
        if ahead:
            day = due  # still ahead: kept as given, never moved later
        else:
            day = dl.after.after(today)
            if dl.key == "response":  # a plan already late is not given a whole new period: a week at most
                day = min(day, today + dt.timedelta(days=LATE_PLAN_DAYS))
            later = [d for _, d in dated[n + 1 :] if d >= today]
            if later and day > min(later):
                day = min(later)
        if latest_ok is not None and day > latest_ok:  # earlier than asked is never late
            day, out.capped = max(latest_ok, today), True
        if plan_ok is not None and dl.key == "response" and day > plan_ok:
            day, out.capped = max(plan_ok, today), True
        day = working_day(day, today, closed)
        as_given = ahead and stated(dl) and day == due
        if not as_given:
            day = _before_the_holidays(day, today, closed)
        if dl.key == "evidence" and row.plan_grade == "major":
            # a major is verified before the decision: its evidence goes as soon as it is ready, the date a limit
            plain = f"{_what(dl.key, row.plan_grade)} as soon as the corrective action is in place, and by " + (
                f"{long_date(day)} at the latest"
            )
        else:
            plain = f"{_what(dl.key, row.plan_grade)} by {long_date(day)}"
        # a date kept as given is named with the period it was counted with: the report gives periods, not dates
        text = plain + (f" ({_span(dl.after)} {whose(dl)})" if as_given and dl.after is not None else "")
        out.parts.append(
            Promised(
                dl.key,
                day,
                text,
                passed=None if ahead or not stated(dl) else due,
                kept=as_given,
                after=dl.after,
                plain=plain,
                who=whose(dl),
            )
        )
    return out


# the days between Christmas Eve and New Year's Eve, when few people on either side are at work: a date we choose
# is never promised there, but a week before it
_HOLIDAY_GAP = ((12, 24), (12, 31))
_GAP_MARGIN_DAYS = 6  # a date in the gap moves to the last working day at least this far before its first day


def _before_the_holidays(day: dt.date, today: dt.date, closed: Container[dt.date] = ()) -> dt.date:
    """`day` unless it falls in the year-end holiday gap; then the last working day a week before the gap, never
    before `today` (where that has passed, `day` is kept: moving it past the gap would make it later)."""
    (m1, d1), (m2, d2) = _HOLIDAY_GAP
    if not (dt.date(day.year, m1, d1) <= day <= dt.date(day.year, m2, d2)):
        return day
    moved = dt.date(day.year, m1, d1) - dt.timedelta(days=_GAP_MARGIN_DAYS)
    while moved.weekday() >= 5 or moved in closed:
        moved -= dt.timedelta(days=1)
    return moved if moved >= today else day


def _promise(d: Dates, enclose: bool = False) -> str:
    """`We will send you our cause analysis ... by 4 December 2026 and evidence ... by 2 February 2027.` With
    `enclose` (a major whose plan is late), the plan is offered with the letter first."""
    if not d.parts:
        return (
            "We will send you our cause analysis, correction and corrective action plan within the time you set "
            "(9.4.9)."
        )
    parts = list(d.parts)
    first = ""
    if enclose and parts[0].key == "response" and parts[0].passed is not None:
        plan = parts.pop(0)
        if not plan.said_above:  # the opening made the choice: not made again here
            first = (
                placeholder(
                    "We enclose our cause analysis, correction and corrective action plan. / "
                    f"We will send you {plan.plain}."
                )
                + " "
            )
    if not parts:
        return first.strip()
    said = [p.plain if p.said_above else p.text for p in parts]
    tails = "".join(" " + p.after_text for p in parts if p.after_text)
    one = "We will send you " + _join(said) + "."
    if len(one.split()) <= 40 or len(said) == 1:
        return first + one + tails
    # no sentence a reader must hold at once: each date a sentence of its own
    return first + "We will send you " + said[0] + ". " + " ".join(f"We will send {s}." for s in said[1:]) + tails


_SHORT_GRADES = {"major": "major", "minor": "minor"}


def _label(f: FindingVerdict, src_clause: str | None) -> str:
    """`NC-6 (minor, 7.2 d))`: the finding as the report grades and cites it."""
    grade = _SHORT_GRADES.get(f.raised_grade or "") or GRADE_NAMES.get(f.raised_grade or "", "ungraded")
    where = f", {src_clause}" if src_clause else ", no clause cited"
    return f"{name(f.id)} ({grade}{where})"


# what a finding about an event names: where it happened and what the event was; a production event also asks
# which products ran before and after it
_WHERE = re.compile(r"\b(line|area|site|shift|press|machine|cell|room|bay|warehouse|store|kitchen|ward|lab\w*)\b", re.I)
_EVENT = re.compile(
    r"\b(changeover|batch|run|delivery|inspection|cleaning|clean-down|start-up|shutdown|shipment|maintenance|"
    r"test|sampling|intake|dispatch)\b",
    re.I,
)
_PRODUCTION = re.compile(r"\b(production|product\w*|changeover|batch|line|run|manufactur\w*|packing|filling)\b", re.I)


_SUGGESTS = re.compile(r"\b(could|should|would|may|might|consider\w*|recommend\w*|suggest\w*)\b", re.I)


def evidence_request(statement: str, on_day: str) -> str:
    """What to ask where the evidence is not identified, in the finding's own terms: which place and which event,
    when, which products ran around it (a production event), and what was seen."""
    where = _WHERE.search(statement)
    event = _EVENT.search(statement)
    which = [f"which {m[1].lower()}" for m in (where, event) if m]
    asked = f"{' and '.join(which)} it was" if which else "where it was"
    products = ", and which products ran before and after it" if _PRODUCTION.search(statement) else ""
    return (
        f"Please tell us {asked}, at about what time{on_day}{products}. Please also tell us what the audit team saw: "
        "for example, a record not completed or a step left out."
    )


# a lack whose consequence is a hazard to the people who use the product or do the work: answered with interim
# containment while the finding is open, whether or not it stands
_SAFETY_CRITICAL = re.compile(
    r"\b(allergen\w*|food safety|hygien\w*|contaminat\w*|steril\w*|pathogen\w*|haccp|ccp|critical control|"
    r"safety[- ]critical|lock-?out|isolation|guard\w*|permit to work|toxic|flammable|explosi\w*)\b",
    re.I,
)
# the control a finding says was not applied: `Allergen line clearance at changeover was not verified`
_NOT_DONE = re.compile(r"^(?P<what>[A-Z][^.;]{3,80}?) (?:was|were|is|are) not (?P<done>\w+ed)\b")
_NOT_DONE_ALT = re.compile(r"^(?P<what>[A-Z][^.;]{3,80}?) (?:had|has) not been (?P<done>\w+ed)\b")


# what a finding names may have left the client since the audit (goods), and a mismatch of two records
_GOODS = re.compile(
    r"\b(pallets?|dispatch\w*|shipments?|deliver\w*|consignments?|batch(?:es)?|lots?|products?)\b", re.I
)
_MISMATCH = re.compile(
    r"^(?P<a>[A-Za-z][\w -]{1,40}?)(?: (?:on|in|of|for|at) [^.;]*?)? (?:did|do|does) not match "
    r"(?P<b>[^.;,]{3,60})",
    re.I,
)


def containment(statement: str, audit_day: str = "the audit") -> str:
    """Interim containment for a safety-critical control the finding says was not applied: from now on the
    control is applied, and signed off, before work goes on, and we are checking it was since the audit. Empty
    when the finding is not about such a control or does not say which control was missed."""
    if not _SAFETY_CRITICAL.search(statement):
        return ""
    m = _NOT_DONE.match(statement.strip()) or _NOT_DONE_ALT.match(statement.strip())
    if m is None:
        return ""
    event = _EVENT.search(statement)
    what = _cap(_as_clause(m["what"]))
    if event:  # `at changeover` is said once, as `after every changeover`
        what = re.sub(rf"\s+(?:at|during|on|after) (?:each |every |the )?{event[1]}\b", "", what, flags=re.I)
    before = " before production restarts" if _PRODUCTION.search(statement) else " before work goes on"
    every = f" after every {event[1].lower()}" if event else ""
    # how far it goes: from a date before the audit (the case seen may not have been the first), never only forward
    start = placeholder("date, e.g. our last internal audit of this process")
    # a letter is read days later: its own date, never `today`
    until = "the date of this letter"
    since = f"of every {event[1].lower()} from {start} to {until}" if event else f"from {start} to {until}"
    # what our procedure requires, not that it is never missed (which would flatly contradict the auditor's
    # observation, and our own first ending if we find the case); the check is promised with its result to come
    return (
        placeholder(
            f"Our procedure (ref. ...) requires {what[:1].lower() + what[1:]} to be {m['done']} and signed off"
            f"{before}{every}; since the audit we have added ..., e.g. a second person countersigns each."
        )
        + f" We are checking the records {since}, and will send you the result with our plan."
    )


# what became of product made after a step the finding says was not controlled: the first thing a body (and any
# food-safety reader) asks
_FATE = "held, tested or released, with the records, ref. ..."


def own_check(statement: str, on_day: str, fid: str, plan_with: str = "", dates_of: str = "") -> str:
    """The client's own check, done before the letter is sent: the records of every such event that day and, for
    a production event, the product made after each; its result is the signer's choice of two endings, each
    whole: we found it (the finding accepted, its plan with `plan_with` or within 30 days) or every record shows
    the control applied (we cannot find it, and need the details to act)."""
    event = _EVENT.search(statement)
    production = _PRODUCTION.search(statement)
    what = f"the records of every {event[1].lower()}{on_day}" if event else f"our records{on_day or ' of the audit'}"
    after = (
        ", and what became of the product made after each (" + placeholder(_FATE) + ")"
        if production and event
        else (", and what became of the product made then (" + placeholder(_FATE) + ")" if production else "")
    )
    m = _NOT_DONE.match(statement.strip()) or _NOT_DONE_ALT.match(statement.strip())
    done = m["done"] if m else "done as required"
    restart = " before production restarted" if production and event else ""
    acted = (
        " The product made after it was ... (held, tested, released or recalled), on ... (ref. ...)."
        if production
        else " What we did about it: ... (ref. ...)."
    )
    plan = f"with {plan_with}" if plan_with else "within 30 days"
    control = _as_clause(m["what"]) if m else ""
    if event and control:  # `allergen line clearance`, without its `at changeover`, said once
        control = re.sub(rf"\s+(?:at|during|on|after) (?:each |every |the )?{event[1]}\b", "", control, flags=re.I)
    # a record signed afterwards looks the same as one signed in time: the check is stated with the times the
    # records carry, or says they carry none
    times = "signed at ..., restarted at ..." if restart else "signed at ..."
    if event:
        seen = f"that the {event[1].lower()} on ... at ... was not {done}{restart}"
        signed = f"had its {control} signed off" if control else f"was {done}"
        none = (
            f"Every {event[1].lower()}{on_day} {signed}{restart} (records ...: {times}; if they carry no times, say so)"
        )
    else:
        seen = "what the finding describes, on ... at ..."
        none = f"Our records{on_day or ' of the audit'} show no such case (records ...)"
    # each paragraph to delete named by its opening words, so the signer deletes exactly those
    opening = " ".join(evidence_request(statement, on_day).split()[:5])
    dropped = _drop_request(
        f"the paragraph citing 9.4.5.3, the line on whether {fid} was discussed with us, and the paragraph "
        f"beginning \u201c{opening}\u201d",
        evidence_also(dates_of),
        reasons="",
    )
    found = (
        f"We found {seen}.{acted} We accept {fid} and will send our plan for it {plan} (then "
        f"{dropped}). / {none}: we cannot find what the finding describes, and "
        "need its details to act on it."
    )
    # our own people saw the audit: the one who accompanied the team is asked first which case it was
    which = f"which {event[1].lower()} they saw" if event else "what they saw"
    asked = placeholder(f"We have also asked ..., who accompanied the audit team, {which}.")
    return f"We have checked {what}{after}. {asked} " + placeholder(found)


# a finding that one instance was left out of what should cover it: `The audit programme did not include the
# warehouse process`, `The stores were not included in the pest control plan`, `Line 4 is missing from the schedule`
_LEFT_OUT = re.compile(
    r"^(?P<container>[A-Z][^.;]{3,80}?) (?:did|does|do) not (?:include|cover|list|contain) (?P<what>[^.;,]{3,80})|"
    r"^(?P<what2>[A-Z][^.;]{3,80}?) (?:was|were|is|are|had|has|have)(?: not| been)*"
    r" (?:not included in|not covered by|not listed in|left out of|omitted from|missing from|excluded from)"
    r" (?P<container2>[^.;,]{3,80})",
    re.I,
)
# what a programme or schedule carries out (`internal audit programme`, `emergency drill schedule`)
_CARRIED_OUT = re.compile(
    r"\b(audit|drill|inspection|exercise|test|review|training|maintenance|visit|survey|evaluation)s?\b", re.I
)
_LEFT_OUT_CONTAINER = re.compile(
    r"\b(programme|program|plan|schedule|register|list|matrix|inventory|scope|rota|calendar|assessment)\b", re.I
)


@dataclass(slots=True)
class LeftOut:
    """One instance a finding says was left out (`the warehouse process`) of what should cover it (`the internal
    audit programme for 2026`): its kind (`process`) and the container's own noun (`programme`)."""

    what: str
    container: str
    kind: str
    noun: str
    activity: str = ""  # what the container plans to carry out (`audit`, `drill`), empty for a plain list


def left_out(statement: str) -> LeftOut | None:
    """The instance a finding says was left out, and of what; None when it says no such thing, or names no
    container we can call by its noun (a programme, plan, schedule, register, list ...)."""
    m = _LEFT_OUT.search(" ".join(statement.split()))
    if m is None:
        return None
    what = (m["what"] or m["what2"] or "").strip()
    container = (m["container"] or m["container2"] or "").strip()
    noun = _LEFT_OUT_CONTAINER.search(container)
    if not what or noun is None:
        return None
    what = re.split(r"\s+(?:which|that|who|although|since|as|because)\b", what, maxsplit=1)[0].strip()
    # its kind is the head noun, before any phrase that places or qualifies it (`the night shift in the hall`)
    head = re.split(r"\s+(?:in|on|at|of|for|from|with|used|where|under)\b", _as_clause(what), maxsplit=1)[0]
    words = [w for w in re.findall(r"[A-Za-z-]+", head) if w.islower() and len(w) > 2]
    kind = words[-1] if words else "case"
    if kind.endswith("s") and not kind.endswith("ss"):  # `the stores` -> every store
        kind = _singular(kind[:-1]) if kind.endswith("es") and re.search(r"(?:ch|sh|x|z)es$", kind) else kind[:-1]
    done = _CARRIED_OUT.search(container[: noun.start()])
    return LeftOut(_as_clause(what), _as_clause(container), kind, noun[1].lower(), done[1].lower() if done else "")


def left_out_correction(lo: LeftOut, earlier: bool = False) -> str:
    """The correction and the check beyond the one instance, as a line to complete: what was added and when it
    is done, and the container checked against every instance it should cover (and the results of earlier ones,
    where the clause asks that they be taken into account) for any other left out."""
    results = f"the results of earlier {lo.activity}s" if lo.activity else "earlier results"
    against = f"every {lo.kind} it should cover" + (f", and against {results}," if earlier else "")
    return placeholder(
        f"We have added {lo.what} to {lo.container} (ref. ..., rev. ...), scheduled for ...; we have also checked "
        f"the {lo.noun} against {against} for any other left out: what we found."
    )


def left_out_evidence(lo: LeftOut) -> str:
    """What will show the correction of an instance left out: the container revised, and the record of what it
    carries out (the audit, the drill) covering the instance, or, for a plain list, the record that it is covered."""
    covered = f"the record of the {lo.activity} that covers {lo.what}" if lo.activity else ""
    return f"e.g. the revised {lo.noun} and {covered or f'the record that {lo.what} is covered'}"


def evidence_also(dates_of: str = "") -> tuple[str, ...]:
    """What a dropped request for the evidence leaves behind: the paragraph asking for time from the body's reply,
    and (where another finding's plan carries dates) this finding named beside it there."""
    also = ["delete the paragraph asking for the time for our response to run from your reply"]
    if dates_of:
        also.append(f"name this finding beside {dates_of} where the dates of the plan and the evidence are given")
    return tuple(also)


def regrade_also() -> tuple[str, ...]:
    """What a dropped regrade request leaves behind, beside the paragraphs giving its reasons."""
    return ("delete the paragraph \u201cUntil you decide on the grade, ...\u201d", differ_also("this finding"))


def same_subject(a: str | None, b: str | None) -> bool:
    """Whether two cited clauses are on the same subject: the same clause, one within the other, or the same
    clause of the third level (7.5.3.1 and 7.5.3.2); never when either is not known."""
    if not a or not b:
        return False
    if a == b or a.startswith(b + ".") or b.startswith(a + "."):
        return True
    pa, pb = a.split("."), b.split(".")
    return len(pa) >= 3 and len(pb) >= 3 and pa[:3] == pb[:3]


def _drop_regrade(request: str, reasons: str, kept: list[str]) -> str:
    """What a signer changes on accepting the grade: the request, the closing-meeting line and the paragraphs
    giving its reasons (`reasons`, named by where they start and end), each named; the checks and correction
    (`kept`) named too, as they stand whatever the grade."""
    keep = f"; keep {_join(kept)}: our correction and checks stand whatever the grade" if kept else ""
    extra = "".join(f"; {x}" for x in regrade_also())
    return (
        f"delete {request}, the closing-meeting line, and {reasons}{keep}; change this finding's heading, the "
        f"letter's heading, {REQUESTS_PARAGRAPH}, and {DOCUMENT_TITLE} to match{extra}"
    )


def _drop_request(request: str, also: tuple[str, ...] = (), reasons: str = "the paragraphs giving its reasons") -> str:
    """What a signer changes when a finding's check makes the letter drop its request: every place that carries it,
    so that no heading, opening or document title still asks for what the body reads two lines later we accept;
    `also`: the paragraphs that exist only for the request (deleted or changed with it), each named."""
    extra = "".join(f"; {x}" for x in also)
    return (
        f"delete {request}{f' and {reasons}' if reasons else ''}; change this finding's heading, the letter's "
        f"heading, {REQUESTS_PARAGRAPH}, and {DOCUMENT_TITLE} to match{extra}"
    )


# a share of a sample that failed: `3 of 12 assembly travellers sampled`, `2 of 20 pallets checked`
_SHARE = re.compile(
    r"\b(\d+) (?:out )?of (?:the )?(\d+) ((?:[\w-]+ ){0,3}[\w-]+s)"
    r"(?=\s+(?:sampled|checked|reviewed|inspected|examined|audited|seen|tested)\b|\s*[(,.;:]|$)",
    re.I,
)


_TIME_UNITS = {"days", "weeks", "months", "years", "shifts", "hours", "minutes", "quarters", "periods", "times"}


# a lack in how goods are traced to their records: codes, labels, lots that do not match or cannot be followed
_TRACE = re.compile(r"\b(batch codes?|lot (?:codes?|numbers?)|traceab\w*|trace\w*|labels?|labell\w*|recall\w*)\b", re.I)


def _extent_check(src: Finding) -> str:
    """Where a share of the sample failed, the check beyond it that the body will ask for first (how far the
    problem goes): the same population beyond the sample, back to a date only the client can set, with what it
    finds sent with the plan. Empty when the finding gives no such share (a single case, or all sampled)."""
    m = _SHARE.search(src.statement)
    if m is None:
        return ""
    failed, size, noun = int(m[1]), int(m[2]), m[3].lower()
    if not 0 < failed < size or noun.split()[-1] in _TIME_UNITS:  # `2 of 5 days` is a frequency, not a sample
        return ""
    if _GOODS.search(src.statement) and (_SAFETY_CRITICAL.search(src.statement) or _TRACE.search(src.statement)):
        # a food-safety or traceability lack on goods: the stock on site and what left since are checked already,
        # before the letter, not promised for the plan's date
        mismatch = _MISMATCH.search(src.statement)
        against = "their records"
        if mismatch:
            kind = re.sub(r"^(?:the|a|an)\s+", "", _REF.sub("", mismatch["b"]).strip(), flags=re.I)
            against = f"their {_plural(kind)}" if kind else against
        return (
            "We have also checked "
            + placeholder(f"the {noun} on site and those dispatched since ...")
            + f" against {against}: "
            + placeholder("what we found, and what it means for product already delivered")
            + ". The full result will be part of our plan."
        )
    delivered = " (and what it means for product already delivered)" if _PRODUCTION.search(src.statement) else ""
    return (
        f"We will also check the {noun} beyond the {size} sampled, back to {placeholder('date')}, for the same "
        f"{'omission' if _UNRECORDED.search(src.statement) else 'failure'}; what we find{delivered} will be part of "
        "our plan."
    )


_INITIALLED = re.compile(r"^(?:[A-Z]\.\s*)+[A-Z][\w'-]+$")


def salutation(lead: str | None) -> str:
    """`Dear <lead auditor>,` with the name as the report gives it; where the report gives only an initial, how we
    address the person is the signer's choice (a line to complete), never a name the letter makes up."""
    if not lead:
        return "Dear Sir or Madam,"
    if _INITIALLED.match(lead.strip()):
        return "Dear " + placeholder(f"{lead.strip()} / the name we use, e.g. Ms or Mr and the surname") + ","
    return f"Dear {lead},"


def letter_blocks(
    report: Report,
    result: ReportVerdict,
    finding_id: str | None = None,
    *,
    date: dt.date | None = None,
    policy: PlanSettings | None = None,
    scheme_name: str | None = None,
    library: StandardLibrary | None = None,
) -> list[Block]:
    """The letter as blocks, dated `date` (today by default); every deadline is checked against that date.
    `library` holds the clause trees whose obligation layer the grounds quote (the bundled ones by default)."""
    today = date or dt.date.today()
    originals = {(f.id or f"#{i + 1}"): f for i, f in enumerate(report.findings)}
    plan = build_plan(report, result, policy, scheme_name, today=today)
    rows = {r.finding_id: r for r in plan.rows}
    verdicts = result.findings
    if finding_id is not None:
        chosen = [f for f in verdicts if f.id == finding_id]
        if not chosen:
            raise ValueError(f"finding {finding_id!r} is not in report {report.id or '(no id)'}")
        if not (contested(chosen[0]) or asks_revision(chosen[0])):
            raise ValueError(
                f"finding {finding_id!r} has verdict {chosen[0].verdict!r} "
                f"(proposed grade {chosen[0].proposed_grade}): a letter contests only withdrawals and lower "
                "grades, or asks for a record to be completed (revise)"
            )
        verdicts = chosen
    withdraw = [f for f in verdicts if f.verdict == "withdraw"]
    regrade = [f for f in verdicts if f.verdict == "regrade" and contested(f)]
    evidence = [f for f in verdicts if asks_evidence(f)]
    revise = [f for f in verdicts if asks_revision(f) and not asks_evidence(f)]
    noted = [
        f for f in verdicts if not contested(f) and not asks_revision(f) and (f.raised_grade in ("ofi", "observation"))
    ]
    # membership by identity: `f in a_list` compares pydantic models field by field, n^2 over a report
    noted_ids = {id(f) for f in noted}
    accepted = [f for f in verdicts if not contested(f) and not asks_revision(f) and id(f) not in noted_ids]
    standard = report.standard

    audit = report.audit
    client = report.client or "[Our organisation]"
    body = report.certification_body or "[Certification body]"
    lead = audit.lead_auditor if audit and audit.lead_auditor else None
    recert = bool(audit and audit.type == "recertification")
    expiry = report.certificate_expiry
    closed = _holidays(report.client_country)
    trees: dict[str, Standard | None] = {}

    def tree_of(designation: str | None) -> Standard | None:
        if not designation:
            return None
        if designation not in trees:
            trees[designation] = (library or StandardLibrary.load()).resolve(designation)
        return trees[designation]

    def dates_of(f: FindingVerdict) -> Dates:
        row = rows.get(f.id)
        cap = expiry if recert and row is not None and row.plan_grade == "major" else None
        return _dates(row, today, cap, closed, plan_expiry=expiry if recert else None)

    ref_bits = [f"To: {body}"]
    if lead:
        ref_bits.append(f"For the attention of {lead}, lead auditor")
    if report.certificate_number:
        ref_bits.append(f"Our certificate: {report.certificate_number}")
    if report.id or (audit and audit.reference):
        yours = report.id or ""
        if audit and audit.reference:
            yours = f"{yours}, audit {audit.reference}" if yours else f"audit {audit.reference}"
        ref_bits.append(f"Your report: {yours}")
    kind = f"{_AUDIT_NAMES[audit.type]} audit" if audit and audit.type else "audit"
    first = audit.first_day if audit else None
    last = audit.closing_day() if audit else None
    if first and last and first != last:
        when = f" of {date_range(first, last)}"
    elif last:
        when = f" of {long_date(last)}"
    else:
        when = ""
    criteria = f" against {standard}" if standard else ""
    subject_ref = (audit.reference if audit and audit.reference else None) or report.id or "(no reference)"

    requests = []
    if withdraw:
        requests.append(f"request to withdraw {_ids(withdraw)}")
    if regrade:
        requests.append(f"request to regrade {_ids(regrade)}")
    if evidence:
        requests.append(f"request for the evidence behind {_ids(evidence)}")
    if revise:
        requests.append(f"request to complete the record of {_ids(revise)}")
    asked_of = [*withdraw, *regrade, *evidence, *revise]
    if len(requests) == 1:
        title = f"Audit {subject_ref}: our response to the findings and {requests[0]}"
    elif requests:
        order = {f.id: n for n, f in enumerate(verdicts)}
        title = f"Audit {subject_ref}: our response to the findings and our requests about " + _ids(
            sorted(asked_of, key=lambda f: order[f.id])
        )
    else:
        title = f"Audit {subject_ref}: our response to the findings"
    blocks = [
        Block("lines", client),
        Block("lines", long_date(today)),
        Block("lines", "\n".join(ref_bits)),
        Block("heading", title),
        Block("para", salutation(lead)),
    ]
    reviewed = f"report {report.id}" if report.id else "your report"
    if finding_id is not None:
        reviewed += f" and respond to {name(finding_id)} below"
    else:
        reviewed += " and respond to each finding below"
    blocks.append(Block("para", f"Thank you for the {kind}{when}{criteria}. We have reviewed {reviewed}."))

    # a reply later than a period the body stated: say so first, with a line for the reason
    all_dates = {f.id: dates_of(f) for f in [*regrade, *accepted, *revise] if f.id in rows}
    late = {fid: d for fid, d in all_dates.items() if d.passed}
    order = {f.id: n for n, f in enumerate(result.findings)}
    contest_passed = [
        (dl, due)
        for f in withdraw + regrade
        if f.id in rows
        for dl, due, _ in rows[f.id].overdue
        if dl.key == "contest" and stated(dl)
    ]
    told_counting = False

    def counted() -> str:
        """How the report's periods were counted, said once (the body can correct us): from the audit's last day."""
        nonlocal told_counting
        if told_counting:
            return ""
        told_counting = True
        return ", counted from the last day of the audit,"

    def offers_enclosure(fid: str) -> bool:
        """Whether the finding's plan line lets the client enclose its plan (as `answer` decides)."""
        row = rows.get(fid)
        return recert or (row is not None and row.plan_grade == "major")

    # the paragraph on late dates follows what we accept and ask: a plan enclosed is read after its acceptance
    if late or contest_passed:
        what = []
        nouns = {"response": ("our plan", "our plans"), "evidence": ("the evidence", "the evidence")}
        for key, (noun_one, noun_many) in nouns.items():
            ended = [(fid, p) for fid, d in late.items() for p in d.parts if p.key == key and p.passed]
            if ended:
                ended.sort(key=lambda e: (e[1].passed or today, order.get(e[0], 0)))
                enclose = key == "response" and all(offers_enclosure(fid) for fid, _ in ended)
                said_ended, _, next_day = _ended(
                    (noun_one, noun_many), [(name(fid), p) for fid, p in ended], counted()
                ).partition(" For ")
                next_day = f"For {next_day}" if next_day else ""
                if next_day and not enclose:
                    said_ended += " " + next_day
                what.append(
                    said_ended
                    + " "
                    + _late_offer(
                        key,
                        [fid for fid, _ in ended],
                        enclose,
                        [p.day for _, p in ended] if enclose else None,
                        next_day if enclose else "",
                        {fid for fid, _ in ended if (r := rows.get(fid)) is not None and r.plan_grade == "major"},
                    )
                )
                if enclose:
                    for _, p in ended:
                        p.said_above = True  # the section does not offer the choice again
        # a period still running is named once, with its date, in the finding's own section (not here as well)
        if contest_passed:
            dl, due = contest_passed[0]
            what.append(
                f"The {period(dl.after)} period {whose(dl)} for raising a disagreement{counted()} ended on "
                f"{long_date(due)}."
            )
        late_para = "We are sorry this reply comes late; " + placeholder("the reason") + ". " + " ".join(what)
    else:
        late_para = ""

    # the findings we answer, each named once
    answered_ids = {id(f) for f in accepted} | {id(f) for f in revise}  # by identity: `in` compares models
    answered = [f for f in verdicts if id(f) in answered_ids]  # in the report's order
    standing = [f for f in regrade if f.proposed_grade in ("minor", "major")]  # a nonfulfilment we act on
    standing_ids = {id(f) for f in standing}
    others = [f for f in regrade if id(f) not in standing_ids]

    # what we ask, in the order the sections take it up and in the words of their headings ("request to regrade as
    # a minor nonconformity" -> "ask you to regrade it as a minor nonconformity"); then, once, what we accept and
    # welcome: "We accept that NC-1 is a nonconformity and are acting on it, but ask you to regrade it as a minor
    # nonconformity, for the reasons given below; we accept NC-2."
    def by_grade(fs: list[FindingVerdict]) -> list[tuple[str, list[FindingVerdict]]]:
        groups: dict[str, list[FindingVerdict]] = {}
        for f in fs:
            groups.setdefault(_GRADE_NAMES.get(f.proposed_grade, f.proposed_grade), []).append(f)
        return list(groups.items())

    simple = [f"ask you to withdraw {_ids(withdraw)}"] if withdraw else []
    simple += [f"ask you to regrade {_ids(fs)} as {lower}" for lower, fs in by_grade(others)]
    summary = [f"We {_join(simple)}, for the reasons given below"] if simple else []
    for lower, fs in by_grade(standing):
        one = len(fs) == 1
        summary.append(
            f"We accept that {_ids(fs)} {'is a nonconformity' if one else 'are nonconformities'} and are acting on "
            f"{'it' if one else 'them'}, but ask you to regrade {'it' if one else 'them'} as {lower}, for the "
            "reasons given below"
        )
    if evidence:
        summary.append(f"We ask you for the details of what was observed for {_ids(evidence)}")
    clauses = []
    if answered:
        clauses.append(f"accept {_ids(answered)}")
    if noted:
        clauses.append(f"welcome {_ids(noted)}")
    if clauses:  # after the last request, in its sentence unless that grows too long to read at once
        ours = "we " + _join(clauses)
        if summary and len(f"{summary[-1]}; {ours}".split()) <= MAX_SENTENCE_WORDS:
            summary[-1] += "; " + ours
        else:
            summary.append(_cap(ours))
    summary = [s + "." for s in summary]
    if summary:
        blocks.append(Block("para", " ".join(summary)))
    if late_para:
        blocks.append(Block("para", late_para))

    def quote_finding(
        f: FindingVerdict,
        heading: str,
        raised: str = "",
        show_evidence: bool = True,
        verb: tuple[str, str] = ("raised", "raise"),
    ) -> Finding | None:
        src = originals.get(f.id)
        blocks.append(Block("subheading", _cap(f"{_label(f, src.clause if src else None)}: {heading}")))
        if raised:  # whether it was raised at the closing meeting, before the argument (17021-1 9.4.7)
            closing_meeting(src, raised, verb)
        if src is not None:
            blocks.append(Block("para", "The finding states:"))
            blocks.append(Block("quote", src.statement))
            if src.evidence_text() and show_evidence:
                blocks.append(Block("para", "The evidence recorded is:"))
                blocks.append(Block("quote", src.evidence_text()))
        return src

    def grounds_blocks(f: FindingVerdict, src: Finding | None) -> None:
        designation = src.standard if src and src.standard else standard
        grounds = [subjunctive(g) for g in _grounds(f, src, designation, tree_of(designation))]
        if len(grounds) == 1:
            blocks.append(Block("para", grounds[0]))
        elif grounds:
            blocks.append(Block("para", "Our grounds:"))
            blocks.extend(Block("bullet", g) for g in grounds)

    def closing_meeting(src: Finding | None, what: str, verb: tuple[str, str] = ("raised", "raise")) -> None:
        """Whether the disagreement was raised at the audit (17021-1 9.4.7): the report's record, else a line with
        both answers, the second with its reason."""
        if src is not None and (src.client_position or src.unresolved_points):
            return  # the report records it
        day = f" on {long_date(last)}" if last else ""
        blocks.append(
            Block(
                "para",
                placeholder(
                    f"We {verb[0]} {what} at the closing meeting{day}. / We did not {verb[1]} {what} at the closing "
                    "meeting, as we first wanted to ..."
                ),
            )
        )

    def correction_line(f: FindingVerdict) -> None:
        """The correction already made, as a sentence about the cases the finding names (or, where it names none,
        about what it describes)."""
        src = originals.get(f.id)
        refs = case_refs(src.statement) if src is not None else []
        unrecorded = _UNRECORDED.search(src.statement) if src is not None else None
        if src is not None and refs and unrecorded:
            # a records finding: the correction is on the work the records cover, never the records filled in late
            kind = record_kind(src.statement, refs[0])
            kind = (_plural(kind) if len(refs) > 1 else kind) if kind else ("records" if len(refs) > 1 else "record")
            # whether the work was done and not recorded, or not done: the first thing the body will ask
            text = placeholder(
                f"We have checked {_as_clause(unrecorded[1])} on what was made under {kind} {_join(refs)}: whether "
                "the work was done and not recorded, or not done; on what date; and what we did. / What was made "
                "under them had already left us; we have ..."
            )
        elif refs:
            mismatch = _MISMATCH.search(src.statement) if src is not None else None
            wrong = f", and which was wrong: the {mismatch['a'].lower()} or {mismatch['b']}" if mismatch else ""
            text = f"We have acted on {_join(refs)}: what we did, on what date, with what result{wrong}."
            if src is not None and _GOODS.search(src.statement):  # goods seen at the audit may have gone since
                text += f" / {_join(refs)} had already been dispatched to ... on ...; we have ..."
            text = placeholder(text)
        elif src is not None and (lo := left_out(src.statement)) is not None:
            # one instance left out: its correction, and the check for any other left out, which the body asks next
            designation = src.standard or standard
            tree = tree_of(designation)
            clause = tree.clauses.get(src.clause) if tree is not None and src.clause else None
            text = left_out_correction(lo, bool(_earlier_results(clause)))
        else:
            text = placeholder("We have begun to correct what the finding describes: what we have done or scheduled.")
        blocks.append(Block("para", text))
        extent = _extent_check(src) if src is not None else ""
        if extent:  # a share of the sample failed: how far it goes beyond the sample
            blocks.append(Block("para", extent))

    told_unstated = False

    def answer(f: FindingVerdict, d: Dates, corrected: bool = False) -> None:
        """The correction made (unless a paragraph above already told it) and the dates we promise."""
        nonlocal told_unstated
        if not corrected:
            correction_line(f)
        row = rows.get(f.id)
        major = row is not None and row.plan_grade == "major"
        # the last day that leaves the body time to verify and decide before expiry, clear of the year-end gap
        before_expiry = (
            _before_the_holidays(_latest_before(expiry, closed), today, closed)
            if recert and expiry is not None and expiry > today
            else None
        )
        evidence_part = next((p for p in d.parts if p.key == "evidence"), None)
        plan_day = next((p.day for p in d.parts if p.key == "response"), today)
        after_expiry = (
            recert and not major and expiry is not None and evidence_part is not None and evidence_part.day > expiry
        )
        if after_expiry and evidence_part is not None and before_expiry is not None and before_expiry >= plan_day:
            # a minor's evidence due after the expiry: the body needs its plan before the decision, not its evidence
            # (9.6.3.2), so the date follows the corrective action; offered before the expiry only if the action is
            # done by then (the report's own date is named, so nothing it allowed is given up unawares)
            # 9.6.3.2 asks implementation verified before expiry for a major; for a minor the body need only have
            # accepted the plan, but it may set its own limits: we promise the date before the expiry, and anything
            # later is asked, never promised (a promise the body could refuse)
            evidence_part.plain = evidence_part.text = (
                # a minor's evidence is not a condition of the certificate (9.6.3.2 asks only its plan accepted):
                # the date is given so that the body has it before deciding, never tied to the expiry
                f"{_what('evidence', 'minor')} by {long_date(before_expiry)}, so that you have it before you take "
                "the recertification decision"
            )
            evidence_part.after_text = placeholder(
                f"If part of the corrective action cannot be in place by {long_date(before_expiry)}: what will be in "
                "place by then, and the date for the rest, which we ask you to agree. / If all of it will be: delete "
                "this line"
            )
            evidence_part.day = before_expiry
            after_expiry = False
        src = originals.get(f.id)
        lo = left_out(src.statement) if src is not None else None
        if lo is not None and evidence_part is not None:
            # the evidence named by what will show it: the container revised and the instance done
            shows = placeholder(left_out_evidence(lo))
            for attr in ("text", "plain"):
                setattr(
                    evidence_part,
                    attr,
                    getattr(evidence_part, attr).replace(" implemented", f" implemented ({shows})", 1),
                )
        # a plan already late at recertification is needed before the decision: offered with the letter first
        text = _promise(d, enclose=major or recert)
        if d.unstated and not told_unstated:
            told_unstated = True
            # the things named, never "either" for the reader to work out
            nouns = {"response": "our plan", "evidence": "the evidence"}
            which = _join([nouns.get(p.key, "it") for p in d.parts]).replace(" and ", " or ") or "it"
            # most bodies state the period in their certification rules or the agreement, not in each report:
            # the signer looks there first, and keeps the sentence only where there is none
            text += (
                " "
                + placeholder(rules_period(f" on {long_date(last)}" if last else ""))
                + " Your report does not state the time you allow for our responses; please tell us if you need "
                f"{which} sooner."
            )
        if recert and major:
            if expiry is not None and expiry <= today:
                text += (
                    f" Our certificate's expiry date, {long_date(expiry)}, has passed: "
                    + placeholder(f"what was agreed with you about the certificate and the closure of {name(f.id)}")
                    + "."
                )
            elif expiry is not None:
                evidence_day = next((p.day for p in d.parts if p.key == "evidence"), None)
                # the window opens when the evidence is ready, which may be before the date promised for it
                ready = placeholder(
                    f"the day we send the evidence, at the latest {long_date(evidence_day)}"
                    if evidence_day
                    else "when our evidence is ready"
                )
                text += (
                    " We understand that, for a major nonconformity, the correction and corrective action must be "
                    f"verified before our certificate expires on {long_date(expiry)} (ISO/IEC 17021-1:2015 9.6.3.2). "
                    f"If you need a visit to verify them, we can host it at short notice on any working day from "
                    f"{ready}"
                    # a suggested date says why: the verification and the decision both before the expiry
                    + (
                        f". So that the verification and your decision can both be completed before "
                        f"{long_date(expiry)}, we would suggest a date no later than {long_date(before_expiry)}"
                        if before_expiry is not None and evidence_day is not None and before_expiry > evidence_day
                        else ""
                    )
                    + "."
                )
            else:
                text += (
                    " At recertification a major nonconformity is to be corrected, and its corrective action "
                    "implemented and verified, before the certificate expires (ISO/IEC 17021-1:2015 9.6.3.2); the "
                    "report does not give our certificate's expiry date, "
                    + placeholder("the expiry date, and dates above moved before it if needed")
                    + "."
                )
        if after_expiry and expiry is not None and expiry > today:
            # raised by us first (the periods leave no time to send it before the expiry)
            text += (
                f" This falls after our certificate expires on {long_date(expiry)}. As {name(f.id)} is minor, we "
                "understand that you need only have accepted our plan before your decision, and can verify its "
                "implementation at the next surveillance audit. If you need the evidence sooner, please tell us and "
                "we will send it by " + placeholder("date") + "."
            )
        blocks.append(Block("para", text))

    for f in withdraw:
        src = quote_finding(f, "request for withdrawal", raised="our disagreement with the finding")
        grounds_blocks(f, src)
        # the request first, then the fallback: offered before it, the fallback reads as a climb-down
        blocks.append(Block("para", f"We ask that {name(f.id)} be withdrawn."))
        if any(i.category in _SUGGESTIONS and i.severity in ACTIONABLE for i in f.issues):
            # the review is promised once: where the report has improvements of its own, this joins them
            # ours to consider at our management review; beside the report's own improvement only where that is
            # on the same subject (the same clause, or one within it), never tied to an unrelated one
            ofis = [n for n in noted if n.raised_grade == "ofi" and same_subject(n.citation.clause, f.citation.clause)]
            review = "and would consider it at our next management review" + (
                f", as we will {_ids(ofis)}" if ofis else ""
            )
            # the area offered, never the solution the grounds object to (9.4.5.3), nor advice the body's
            # impartiality rules may not let it give
            designation = src.standard if src and src.standard else standard
            area = process_named(tree_of(designation), src.clause if src is not None else None)
            area = "the area this finding concerns" if area == "the process" else area
            blocks.append(
                Block(
                    "para",
                    f"If the audit team sees room for improvement in {area}, we would take it as an "
                    f"opportunity for improvement {review}.",
                )
            )
    for f in regrade:
        lower = _GRADE_NAMES.get(f.proposed_grade, f.proposed_grade)
        raised = _SHORT_GRADES.get(f.raised_grade or "") or GRADE_NAMES.get(f.raised_grade or "", "as raised")
        section_start = len(blocks)
        src = quote_finding(f, f"request to regrade as {lower}", raised="the grade", verb=("questioned", "question"))
        blocks.append(
            Block(
                "para",
                f"Your report does not say why {name(f.id)} was graded {raised}. If the audit team saw more than the "
                "finding records, please tell us, and we will take it into account.",
            )
        )
        grounds_blocks(f, src)
        if f.proposed_grade == "minor" and (f.raised_grade or "").startswith("major"):
            blocks.append(Block("para", own_rules_line(name(f.id))))
        designation = src.standard if src and src.standard else standard
        tree = (
            tree_of(designation)
            if src is not None and _OUT_OF_CONTROL.search(src.statement + src.evidence_text())
            else None
        )
        clause = tree.clauses.get(src.clause) if tree is not None and src is not None and src.clause else None
        question = _product_question(src, clause, designation)
        minor = " (3.13)" if f.proposed_grade == "minor" else ""
        population = _population_check(f, src)
        shown = []
        if question or population:
            # the grade turns on whether the product could fail: what the item does, and whether conformity is
            # verified independently of it, is the strongest ground, or the reason to accept the grade
            blocks.append(Block("para", _role_line(src)))
        if question:
            blocks.append(Block("para", question))
        if population:
            blocks.append(Block("para", population[0]))
            shown.append(population[1])
        if question:
            shown.append("that the output of that period was unaffected")
        if question or population:  # why the one case slipped through, which the grade turns on
            one_case = refs[0] if len(refs := case_refs(src.statement if src else "")) == 1 else "it"
            blocks.append(
                Block(
                    "para",
                    placeholder(
                        f"why {one_case} was missed, and why this does not point to a failure of "
                        + process_named(tree_of(designation), src.clause if src else None).replace(
                            "the process", "our system"
                        )
                    )
                    + ".",
                )
            )
        checked_below = bool(question or population)
        doubt = doubt_line(src.statement if src is not None else "", checked_below)
        blocks[section_start:] = [
            Block(b.kind, b.text.replace(DOUBT_ANSWERED_BELOW, doubt)) for b in blocks[section_start:]
        ]
        # what accepting the grade deletes: the request and its reasons, from the line asking why it was graded
        # so to the last line that argues it; never the checks and correction, which stand whatever the grade
        reasons_from = "\u201cYour report does not say why\u201d"
        if shown:
            these = "these checks show" if len(shown) > 1 else "this check shows"
            # the request in the words of its heading; earlier lines point to it by its opening words
            opening = f"As {these}"
            ask = f"{opening} {' and '.join(shown)}, we ask you to regrade {name(f.id)} as {lower}{minor}."
            item = refs[0] if len(refs := case_refs(src.statement if src else "")) == 1 else "the item"
            kept = [f"the paragraph{'s' if len(shown) > 1 else ''} with our checks"]
            if question:
                kept = [f"the paragraph on {item}"] + (
                    ["the paragraph \u201cWe have also checked ...\u201d"] if population else []
                )
            elif population:
                kept = ["the paragraph \u201cWe have also checked ...\u201d"]
            kept.append(f"the line on why {one_case} was missed")
            ask += " " + placeholder(
                f"(if the {'checks do' if len(shown) > 1 else 'check does'} not show this, accept the grade: "
                + _drop_regrade(
                    "this request",
                    f"the paragraphs from {reasons_from} to the line on what {item} does in the process",
                    kept,
                )
                + ")"
            )
            pointer = f"and then make the changes listed at the end of the paragraph that begins \u201c{opening}\u201d"
            blocks[section_start:] = [
                Block(b.kind, b.text.replace(SEE_THE_DROP_LINE, pointer)) for b in blocks[section_start:]
            ]
        else:
            ask = f"We ask you to regrade {name(f.id)} as {lower}{minor}."
            # no line after the request lists the changes: the earlier lines that point there list them instead
            full = "and then " + _drop_regrade(
                "the request to regrade", f"the paragraphs from {reasons_from} to the request", []
            )
            blocks[section_start:] = [
                Block(b.kind, b.text.replace(SEE_THE_DROP_LINE, full)) for b in blocks[section_start:]
            ]
        blocks.append(Block("para", ask))
        if f.proposed_grade in ("minor", "major"):  # a nonfulfilment stands: it is answered all the same
            blocks.append(
                Block(
                    "para",
                    f"Until you decide on the grade, we are treating {name(f.id)} as "
                    f"{_GRADE_NAMES.get(f.raised_grade or '', 'raised')}.",
                )
            )
            answer(f, all_dates.get(f.id, Dates([], False)), corrected=bool(question))
    for f in evidence:
        said = next((i.span.text.strip().rstrip(".") for i in f.issues if i.category == "no_evidence" and i.span), "")
        src = originals.get(f.id)
        only_said = src is not None and " ".join(src.evidence_text().split()).rstrip(".") == " ".join(said.split())
        src = quote_finding(f, "the evidence behind it", show_evidence=not only_said)
        recorded = (
            f"The report records the evidence only as \u201c{said}\u201d. "
            if said
            else "The report does not identify the evidence. "
        )
        blocks.append(
            Block(
                "para",
                recorded + "ISO/IEC 17021-1:2015 9.4.5.3 asks that the objective evidence be identified in detail, "
                "and we need those details to find and correct what the audit team saw.",
            )
        )
        blocks.append(
            Block(
                "para",
                placeholder(
                    f"{_cap(name(f.id))} was not discussed with us during the audit or at the closing meeting; "
                    "9.4.5.3 also asks that nonconformities be discussed with the client, so that the evidence is "
                    "accurate and understood. / At the closing meeting we were told only that ..."
                ),
            )
        )
        on_day = f" on {long_date(last)}" if last and (not first or first == last) else ""
        statement = src.statement if src is not None else ""
        blocks.append(Block("para", evidence_request(statement, on_day)))
        with_plans = [a for a in accepted if a.id in rows]
        plan_with = f"{_ids(with_plans)}'s" if len(with_plans) == 1 else ("theirs" if with_plans else "")
        plan_with = f"the plan for {_ids(with_plans)}" if len(with_plans) > 1 else plan_with
        blocks.append(Block("para", own_check(statement, on_day, name(f.id), plan_with, _ids(with_plans))))
        contain = containment(statement, long_date(last) if last else "the audit")
        if contain:
            blocks.append(Block("para", contain))
        blocks.append(
            Block(
                "para",
                f"We would be grateful if the time for our response to {name(f.id)} could run from your reply. "
                + _joint_plan(name(f.id), with_plans, all_dates, today, closed)
                + _reply_evidence(f, with_plans, all_dates)
                + " We would be glad to discuss this by phone if that is quicker.",
            )
        )
    for f in revise:
        src = quote_finding(f, "accepted, with a request to complete the record")
        grounds_blocks(f, src)
        blocks.append(
            Block(
                "para",
                f"We accept that a nonfulfilment stands behind {name(f.id)}, and ask that its record be completed as "
                "ISO/IEC 17021-1:2015 9.4.5.3 asks.",
            )
        )
        answer(f, all_dates.get(f.id, Dates([], False)))
    for f in accepted:
        src = originals.get(f.id)
        blocks.append(Block("subheading", _cap(f"{_label(f, src.clause if src else None)}: accepted")))
        answer(f, all_dates.get(f.id, Dates([], False)))
        row = rows.get(f.id)
        if row is not None and row.plan_grade == "major" and not recert:
            blocks.append(
                Block(
                    "para",
                    "For a major nonconformity we understand that you will verify the correction and corrective "
                    "action before the certification decision (ISO/IEC 17021-1:2015 9.5.2, 9.4.10).",
                )
            )
    for f in noted:
        src = originals.get(f.id)
        kind_name = GRADE_NAMES.get(f.raised_grade or "", "observation")
        # every finding's heading carries its clause where it has one, an improvement's too
        cited = f" ({src.clause})" if src is not None and src.clause else ""
        blocks.append(Block("subheading", _cap(f"{name(f.id)}{cited}: {kind_name}")))
        # an improvement the report words as a suggestion ("could be trended") is named as one
        ofi = f.raised_grade == "ofi" and src is not None and _SUGGESTS.search(src.statement)
        suggestion = _as_clause(src.statement) if ofi and src is not None else ""
        blocks.append(
            Block(
                "para",
                f"Thank you for the suggestion that {suggestion}. We will consider it at our next management review."
                if suggestion and "\n" not in suggestion and len(suggestion) <= 300
                else "We will consider it at our next management review.",
            )
        )
    if withdraw or regrade:
        contested_ids = _ids(withdraw + regrade)
        blocks.append(Block("subheading", "If our views still differ"))
        several = len(withdraw) + len(regrade) > 1
        keep = (
            "Should you maintain any of them as it stands"
            if several
            else (
                f"Should you maintain {contested_ids} as graded" if regrade else f"Should you maintain {contested_ids}"
            )
        )
        decision = {"recertification": "recertification decision", "stage2": "certification decision"}.get(
            audit.type if audit and audit.type else ""
        )
        before = f" and put it, with this letter, before those who take the {decision}" if decision else ""
        who = "you" if lead else "the audit team"
        # what we do if a finding we ask to withdraw is kept: its plan, counted from the decision (not the audit),
        # so that disagreeing never makes us late
        kept_plan = ""
        if withdraw:
            spans = [
                _span(dl.after).removeprefix("the ")
                for f in withdraw
                if f.id in rows
                for dl, _ in rows[f.id].deadlines
                if dl.key == "response" and stated(dl) and dl.after is not None
            ]
            within = spans[0] if spans and len(set(spans)) == 1 else "30 days"
            them = "it" if len(withdraw) == 1 else "each one maintained"
            # a nonconformity the body maintains calls for a cause analysis, correction and corrective action plan
            # (9.4.9): promised without reserve, as the solution stays ours to choose
            kept_plan = (
                f" We will then send our cause analysis, correction and corrective action plan for {them} within "
                f"{within} of your decision."
            )
        blocks.append(
            Block(
                "para",
                f"We would be glad to discuss {contested_ids} with {who} by phone. {keep}, please record our "
                f"position as an unresolved point (ISO/IEC 17021-1:2015 9.4.5.4, 9.4.8){before}.{kept_plan}",
            )
        )
        disputed = any((s := originals.get(f.id)) is not None and bool(s.unresolved_points) for f in withdraw + regrade)
        if disputed:  # a disagreement already recorded as unresolved: the routes beyond it, named neutrally
            blocks.append(
                Block(
                    "para",
                    "We understand that your complaints and appeals processes remain open to us, though we hope not "
                    "to need them.",
                )
            )
    blocks += [
        Block("para", "We look forward to your reply."),
        Block("para", "Yours sincerely," if lead else "Yours faithfully,"),
        Block("lines", "\n".join(["[Name]", "[Role]", client])),
    ]
    listed = enclosures(blocks)
    if listed:
        blocks.append(Block("para", listed))
    return blocks


# our text citing a record of ours the body will ask a copy of: a reference to fill in, a record number, or a plan
# we enclose (the report's own quoted records are not ours to enclose)
_CITES_OUR_RECORD = re.compile(
    r"\bref\. \.\.\.|\brecords? \.\.\.|\brecord no\.|\bcertificate or record\b|"
    # a line that tells what we did or found: the body asks for the record of it
    r"\[To complete: (?:[^\]]*?\b)?what we (?:did|found)\b",
    re.I,
)
_WE_ENCLOSE = re.compile(r"\bwe (?:also )?enclose\b", re.I)
_SECTION_ID = re.compile(r"^(.+?) \(")


def enclosures(blocks: list[Block]) -> str:
    """The "Enclosures:" line under the signature: where our text cites records of ours (a reference to fill in,
    a certificate, a plan we enclose), the body will ask for copies, not references. A plan the letter encloses
    outright is listed as such; the findings whose sections cite records are named, and the signer marks each
    where it is cited. Empty where the letter cites none. The reference to the body's own rules in the
    response-time line is not ours to enclose."""
    whose: list[str] = []
    sure: list[str] = []
    maybe = False
    current = ""
    for b in blocks:
        if b.kind == "subheading":
            m = _SECTION_ID.match(b.text)
            current = m[1] if m else ""
            continue
        if b.kind not in ("para", "bullet"):
            continue
        text = _RULES_LINE.sub("", b.text)
        outside = _PLACEHOLDER.sub("", text)
        sure += [m[1] for m in _ENCLOSED_PLAN.finditer(outside)]
        maybe = maybe or bool(_WE_ENCLOSE.search(" ".join(_PLACEHOLDER.findall(text))))
        if current and current not in whose and _CITES_OUR_RECORD.search(text):
            whose.append(current)
    if not whose and not sure and not maybe:
        return ""
    items = [f"a copy of each record of ours cited for {_join(whose).replace(' and ', ' or ')}"] if whose else []
    if maybe:
        items.append("any other plan we enclose")
    line = "Enclosures: " + "; ".join(sure) + ("; " if sure and items else "")
    if items:
        line += placeholder(
            _join(items)
            + ", each marked \u201c(enclosed)\u201d where the letter cites it"
            + ("" if sure else ". / If we enclose none: delete this line")
        )
    return line


_PLACEHOLDER = re.compile(r"\[To complete:[^\]]*\]")
# the fill-ins without a "To complete:" (the signature block's, a party's name the report does not give)
FILL_INS = ("[Name]", "[Role]", "[Our organisation]", "[Certification body]")
# what the .docx highlights: every line to complete and every fill-in
_TO_HIGHLIGHT = re.compile(_PLACEHOLDER.pattern + "|" + "|".join(re.escape(f) for f in FILL_INS))
# the English of a client's country, for the word processor's spelling check; for any other country the letter
# leaves the language to the word processor (no tag is better than a wrong one)
_ENGLISH_OF = {c: f"en-{c}" for c in ("GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "SG", "PH", "MY", "HK")}


def docx_language(country: str | None) -> str | None:
    """The language tag of the letter's .docx for a client in `country` (ISO 3166 two letters): `en-GB` for
    GB; None (left to the word processor) where the country is not given or its English has no tag of its own."""
    return _ENGLISH_OF.get((country or "").upper())


_RULES_LINE = re.compile(
    r"\[To complete: (?:if the audit team gave us the time allowed|\(if the body's certification rules)[^\]]*\]"
)
_ENCLOSED_PLAN = re.compile(r"\bWe enclose (our cause analysis, correction and corrective action plans? for [^.]+)\.")


def _by_date(dated: list[tuple[str, dt.date]], order: dict[str, int]) -> str:
    """`14 September 2026 for NC-1 and NC-3, and 30 September 2026 for NC-4`: each date once, in date order, its
    findings in the report's order."""
    days: dict[dt.date, list[str]] = {}
    for fid, day in dated:
        days.setdefault(day, []).append(fid)
    said = [
        f"{long_date(day)} for {_join([name(i) for i in sorted(ids, key=lambda i: order.get(i, 0))])}"
        for day, ids in sorted(days.items())
    ]
    return "; ".join(said) if any(" and " in x for x in said) and len(said) > 1 else _join(said)


# the share of a plan's own period that a reply must leave us before a joint date (30 days -> 7 days)
JOINT_PLAN_SHARE = 4


def _reply_evidence(f: FindingVerdict, fs: list[FindingVerdict], all_dates: dict[str, Dates]) -> str:
    """` We will send evidence that ... for NC-A are implemented within 90 days of your reply, and by 24 February
    2027 at the latest.`: the evidence for a finding whose plan runs from the body's reply, within the report's
    period counted from the reply, and never later than the report's own evidence date (its own, else the
    accepted findings' latest), so that it has a fixed date whatever the reply."""
    own = [p for p in all_dates[f.id].parts if p.key == "evidence" and p.passed is None] if f.id in all_dates else []
    others = [p for g in fs if g.id in all_dates for p in all_dates[g.id].parts if p.key == "evidence" and not p.passed]
    source = own or others
    if not source:
        return ""
    latest = min(source, key=lambda p: p.day) if own else max(source, key=lambda p: p.day)
    period = _span(latest.after).removeprefix("the ") if latest.after is not None else ""
    within = f" within {period} of your reply, and" if period else ""
    return (
        f" We will send evidence that the correction and corrective action for {name(f.id)} are implemented"
        f"{within} by {long_date(latest.day)} at the latest."
    )


def _joint_plan(
    fid: str,
    fs: list[FindingVerdict],
    all_dates: dict[str, Dates],
    today: dt.date,
    closed: Container[dt.date] = (),
) -> str:
    """`If your reply reaches us by 11 December 2026, we will send our plan for NC-A with our plan for NC-B, by 18
    December 2026; otherwise we will send by that date a plan based on our own checks, and complete it within 30
    days of your reply.`: the plan counted from the body's reply, sent with the accepted findings' plans due first
    when the reply leaves a share of the plan's own period (a working day, after the letter's date), and by that
    date anyway as a plan based on our own checks, so that it has a fixed date whatever the reply; where no accepted
    plan is dated, or that date would not fall after the letter's, the plan runs from the reply alone."""
    alone = f"We will send our plan for {fid} within {EVIDENCE_REPLY_PLAN} of your reply."
    dues: list[tuple[dt.date, FindingVerdict]] = []
    for f in fs:
        dates = all_dates.get(f.id)
        days = [p.day for p in dates.parts if p.key == "response" and p.passed is None] if dates else []
        if days:
            dues.append((min(days), f))
    if not dues:
        return alone
    joint = min(d for d, _ in dues)
    period = int(EVIDENCE_REPLY_PLAN.split()[0])
    reply_by = joint - dt.timedelta(days=period // JOINT_PLAN_SHARE)
    while reply_by.weekday() >= 5 or reply_by in closed:
        reply_by -= dt.timedelta(days=1)
    if reply_by <= today:
        return alone
    first = [f for d, f in dues if d == joint]
    plans = "our plan for" if len(first) == 1 else "our plans for"
    return (
        f"If your reply reaches us by {long_date(reply_by)}, we will send our plan for {fid} with {plans} "
        f"{_ids(first)}, by {long_date(joint)}. Otherwise we will send by that date a plan based on our own checks, "
        f"and complete it within {EVIDENCE_REPLY_PLAN} of your reply."
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ids(fs: list[FindingVerdict]) -> str:
    return _join([name(f.id) for f in fs])


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- Markdown ---------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_|]|\](?=[(\[:]))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.M)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.M)


def md_escape(text: str) -> str:
    """Text shown as written: no HTML from a finding reaches the reader, and no Markdown syntax either."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)
    return _MD_ORDERED.sub(lambda m: m[1] + "\\" + m[2], text)


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        text = md_escape(b.text)
        if b.kind == "heading":
            out.append("## " + text)
        elif b.kind == "subheading":
            out.append("### " + text)
        elif b.kind == "bullet":
            out.append("- " + text.replace("\n", " "))
        elif b.kind == "quote":
            out.append("\n".join("> " + line for line in text.splitlines() or [""]))
        elif b.kind == "lines":
            out.append("  \n".join(text.splitlines()))
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


# -- plain text ----------------------------------------------------------------------------------------------


def to_text(blocks: list[Block], width: int = 78) -> str:
    """The letter as plain text (an e-mail's body): paragraphs wrapped, headings underlined, quotes indented."""
    import textwrap

    out = []
    for b in blocks:
        text = xml_safe(b.text)
        if b.kind in ("heading", "subheading"):
            head = textwrap.fill(text, width)
            rule = ("=" if b.kind == "heading" else "-") * min(width, max(len(x) for x in head.splitlines()))
            out.append(f"{head}\n{rule}")
        elif b.kind == "bullet":
            out.append(textwrap.fill(" ".join(text.split()), width, initial_indent="- ", subsequent_indent="  "))
        elif b.kind == "quote":
            lines = text.splitlines() or [""]
            out.append(
                "\n".join(textwrap.fill(ln, width, initial_indent="    ", subsequent_indent="    ") for ln in lines)
            )
        elif b.kind == "lines":
            out.append(text)
        else:
            out.append(textwrap.fill(text, width))
    return "\n\n".join(out) + "\n"


# -- .docx ----------------------------------------------------------------------------------------------

# characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF)
_XML_INVALID = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text a .docx can hold: line-like controls (vertical tab, form feed) become line breaks, others go."""
    return _XML_INVALID.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


PAPER = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_DOCX_STYLES = {"heading": "Heading 1", "subheading": "Heading 2", "bullet": "List Bullet", "quote": "Quote"}


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=s)'(?=[\s.,;:)\]]|$)")
_OPENING_DOUBLE = re.compile(r'(?:(?<=^)|(?<=[\s(\[\u2018/-]))"(?=\S)')
_OPENING_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u201c/-]))'(?=\S)")


def curly(text: str) -> str:
    """One kind of apostrophe and quotation mark, the typographic one, as a word processor would set them:
    `the binder's` -> `the binder\u2019s`, `"best practice"` -> `\u201cbest practice\u201d`; a mark already curly
    is kept. A quotation opens after a space or bracket and closes elsewhere."""
    text = _APOSTROPHE.sub("\u2019", text)
    text = _OPENING_DOUBLE.sub("\u201c", text).replace('"', "\u201d")
    return _OPENING_SINGLE.sub("\u2018", text).replace("'", "\u2019")


def to_docx(
    blocks: list[Block],
    *,
    paper: str = "a4",
    author: str | None = None,
    title: str | None = None,
    created: dt.datetime | None = None,
    language: str | None = None,
) -> bytes:
    """The letter as a .docx: its core properties those of a letter written now by `author` (the client); its
    language `language` (`en-GB`), or, when None, none set, so that the word processor uses its own."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import OxmlElement
    from docx.oxml.text.paragraph import CT_P
    from docx.shared import Mm, Pt, RGBColor
    from docx.text.paragraph import Paragraph

    doc = Document()
    section = doc.sections[0]
    width, height = PAPER[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    doc.styles["Normal"].font.size = Pt(11)
    # Each style is looked up once, and each paragraph goes straight before the section properties:
    # python-docx's `add_paragraph(text, style=NAME)` looked the style up among all styles and searched the body
    # for the section properties for every paragraph (a 1,000-finding letter: 7 s, growing faster than the letter)
    style_ids = {kind: doc.styles[name].style_id for kind, name in _DOCX_STYLES.items()}
    for kind in ("heading", "subheading"):  # a letter's headings in black, not the template's report blue
        doc.styles[_DOCX_STYLES[kind]].font.color.rgb = RGBColor(0, 0, 0)
    body = doc.element.body
    end = body.sectPr
    for b in blocks:
        p = cast(CT_P, OxmlElement("w:p"))
        if end is not None:
            end.addprevious(p)
        else:
            body.append(p)
        if b.kind in style_ids:
            p.style = style_ids[b.kind]
        # "lines": each newline becomes a line break; the marks of one kind throughout (ours and the report's);
        # each line to complete highlighted, so that a signer working in the word processor misses none
        para = Paragraph(p, doc._body)
        text = xml_safe(curly(b.text))
        at = 0
        for m in _TO_HIGHLIGHT.finditer(text):
            if m.start() > at:
                para.add_run(text[at : m.start()])
            para.add_run(m[0]).font.highlight_color = WD_COLOR_INDEX.YELLOW
            at = m.end()
        if at < len(text) or not text:
            para.add_run(text[at:])
    _set_language(doc, language)
    props = doc.core_properties
    author = " ".join(xml_safe(author or "").split())
    now = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    props.created = now  # python-docx's template would say 2013
    props.modified = now
    printed = props._element.find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted"
    )
    if printed is not None:  # the template's, from 2013: a letter never printed says nothing
        props._element.remove(printed)
    props.revision = 1
    props.author = author
    props.last_modified_by = author
    title = " ".join(xml_safe(curly(title or "")).split())
    if len(title) > 255:  # a core property holds at most 255 characters (a letter about many findings)
        title = title[:254].rsplit(" ", 1)[0] + "\u2026"
    props.title = title
    props.subject = "Response to audit findings"
    props.comments = ""
    props.keywords = ""
    words = sum(len(b.text.split()) for b in blocks)
    package = doc.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":  # the template's (a Mac Word, 1 page, 0 words): ours
            part._blob = _app_xml(words)  # noqa: SLF001  # python-docx keeps app.xml as a plain part
    # the template's thumbnail is a blank page: a file browser would show the letter as empty. With no thumbnail
    # it shows the file's icon, and the word processor that saves the signed copy makes a true one
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(r_id)
    buf = io.BytesIO()
    doc.save(buf)
    return _dated_zip(buf.getvalue(), now)


_LANG = re.compile(rb"<w:lang\b[^>]*/>")


def _set_language(doc: object, language: str | None) -> None:
    """The document's default language `language`, or none (python-docx's template says en-US, which would have
    a British letter spell-checked as American): in styles.xml and the template's stylesWithEffects.xml."""
    from docx.oxml.ns import qn

    styles = doc.styles.element  # type: ignore[attr-defined]
    for lang in styles.iter(qn("w:lang")):
        if language:
            lang.set(qn("w:val"), language)
        else:
            lang.getparent().remove(lang)
    for part in doc.part.package.iter_parts():  # type: ignore[attr-defined]
        if str(part.partname) == "/word/stylesWithEffects.xml":
            tag = f'<w:lang w:val="{language}"/>'.encode() if language else b""
            part._blob = _LANG.sub(tag, part.blob)  # noqa: SLF001  # a plain part: its bytes are all it has


def _dated_zip(package: bytes, when: dt.datetime) -> bytes:
    """The package with every entry dated `when` (python-docx dates them at the moment of saving, which `unzip -l`
    shows): the same entries, in the same order, compressed the same way."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _app_xml(words: int) -> bytes:
    """The extended properties of the letter: its word count only. No application is named (the body reading
    File > Properties would see a tool drafted the client's letter; the word processor that saves the signed
    copy writes its own); pages and lines are left out (only a word processor that lays the letter out knows
    them)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Words>{words}</Words></Properties>"
    ).encode()


def challenge_letter(
    report: Report,
    result: ReportVerdict,
    finding_id: str | None = None,
    fmt: str = "md",
    *,
    paper: str = "a4",
    date: dt.date | None = None,
    policy: PlanSettings | None = None,
    scheme_name: str | None = None,
    created: dt.datetime | None = None,
    library: StandardLibrary | None = None,
) -> str | bytes:
    """The letter as Markdown, plain text or .docx (`created`: when the .docx is made, by default now; `library`:
    the clause trees the grounds quote, by default the bundled ones)."""
    if paper not in PAPER:
        raise ValueError(f"paper {paper!r}: use a4 or letter")
    blocks = letter_blocks(
        report, result, finding_id, date=date, policy=policy, scheme_name=scheme_name, library=library
    )
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "txt":
        return to_text(blocks)
    if fmt == "docx":
        title = next((b.text for b in blocks if b.kind == "heading"), None)
        return to_docx(
            blocks,
            paper=paper,
            author=report.client,
            title=title,
            created=created,
            language=docx_language(report.client_country),
        )
    raise ValueError(f"format {fmt!r}: use md, txt or docx")
