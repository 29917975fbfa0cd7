"""What the finding itself shows: the requirement met, or no nonfulfilment established at all.

Two decisions, one fact each, for the withdraw rules (EV06, EV07) and the doubt said as a warning (EV08):

- `shown_met` (principle: a finding whose own evidence shows the requirement met states no nonfulfilment).
  The statement says something is not done or not there ("has not been determined", "there is no ..."), the lack
  negates an obligation of the clause the finding is about (the cited one, or the one its words point to), and
  the finding's own observation describes that very thing, as a record or an activity, identified or said to be
  there, in every word of what the statement says is lacking (or, judged by the obligation's object, in the words
  of that object, its generic qualifiers set aside: `_object_shown`), with the act said not done named in its own
  words or its family's (data: `act_claimed` / `act_evidenced`: "not monitored" / "tracked against target"), while
  nothing anywhere in the finding records a lack, a deviation, an exception, a count short of the whole, a last
  date or work still to do (a shortfall word naming the lack's own subject, "incidents", is its subject); words of
  the lack a record names otherwise are data too (`kin_claimed` / `kin_evidenced`). `met`: withdraw; `uncertain`:
  the observation nearly covers the lack, or the lack is one of timing that a dated record cannot settle (warn,
  never withdraw); `no` otherwise. Round 8 (17021-1 9.4.5.3: the evidence must show the requirement not
  fulfilled): the lack may be said with a modal ("could not be demonstrated") or of awareness ("not aware of");
  an item is named by its identifier, a head by the article alone where the lack's qualifiers are the
  obligation's own, the clause's subject by its title's word; a thing said not documented is shown by the
  identified document of its kind that defines it; a due date before the audit is a shortfall, one after it is
  met; a status the control gives to those it keeps back (`control_status`) and the check before a release
  (`precondition`) are the control working, not a shortfall.
- `speculation_only` (principle: 9.4.5 needs a nonfulfilment shown by objective evidence; a suspicion or a report
  at second hand that the audit did not verify is no finding). The statement's claim is hedged (the `speculation`
  lexicon) or reported at second hand (the `hearsay` lexicon and the second-hand test of engine/facts/evidence.py),
  the finding says that nothing was verified (the `unverified` lexicon), and no observation of the auditor's own
  records a lack or identifies a record; a person's account of their own work is evidence, and keeps it.

Both keep on the finding's context the obligation they judged by (`fulfilment_clause`, `fulfilment_obliges`)
and a `requirement.grounding` record (`fulfilment_record`) that engine/check/requirement.py gives a withdrawal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.core.models import Grounding
from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts, identifiers
from engine.facts.evidence import SECOND_HAND_PATTERN, second_hand
from engine.facts.grounding import clauses_judged_first
from engine.facts.reading import Part, Reading
from engine.standards.inference import tokens
from engine.standards.obligations import FRAME, TIME, Obligated, content, obligation_index

# ---- the lack the statement claims -----------------------------------------------------------------------------

# "has not been determined", "were never reviewed", "is not yet defined", "were not carried out": the verb after the
# negation is what was not done, the rest of the clause names the thing (an adverb between them, "not properly
# controlled", makes it a judgement of manner, which no observation of a record settles; an adverb of timing,
# "not periodically tested", makes it a lack of timing)
_NOT_DONE = re.compile(
    r"(?i)\b(?:(?:has|have|had|is|are|was|were|been|be|could|can)\s+(?:not|never)|cannot)\s+(?:yet\s+|ever\s+)?"
    r"(?:been\s+|be\s+|being\s+)?(?:(?P<adverb>[a-z]+ly)\s+)?"
    r"(?P<verb>(?![a-z]+ly\b)(?!been\b|being\b)[a-z]+(?:ed|en|ne|wn|pt|lt|ld|et|ade|un|ut)(?:\s+(?:out|up))?|available|"
    r"in\s+place|present|aware)\b"
)
# "did not determine", "does not define", "do not exist"
_DID_NOT = re.compile(r"(?i)\b(?:do|does|did)\s+not\s+(?P<verb>(?![a-z]+ly\b)[a-z]+(?:\s+(?:out|up))?)\b")
# "there is no ...", "no ... has been set up", "... is missing", "... does not exist"
_NO_THING = re.compile(r"(?i)(?:^|\bthere\s+(?:is|are|was|were)\s+|\bhas\s+|\bhave\s+|\bhad\s+)\s*no\s+(?!\d)")
_MISSING = re.compile(r"(?i)\b(?:is|are|was|were)\s+(?:missing|absent)\b")
# what a lack of evidence of a thing names besides the thing ("no evidence that ..."): not part of the thing
_EVIDENCE_WORDS = frozenset(tokens("evidence proof demonstration"))


@dataclass(frozen=True, slots=True)
class Claim:
    """One part of the statement that says something is not done or not there."""

    part: Part
    thing: frozenset[str]  # the stems of what is lacking (without the verb of the lack)
    verb: frozenset[str]  # the stems of what was not done to it ("determined", "defined"); empty for "no ..."
    ids: tuple[str, ...]  # the records, items or dates it names: the observation must name them too
    timing: bool  # a lack of timing or interval ("not reviewed at planned intervals")
    creates: bool  # the verb brings the thing into being ("determined", "drawn up"): the thing there is the act done
    acts: frozenset[str] = frozenset()  # the families of the act said not done (`act_claimed` topics)
    short: tuple[frozenset[str], ...] = ()  # the stems of each shortfall word inside the lack ("from incidents")


def _hit_in(ff: FindingFacts, lexicon: str, p: Part) -> str | None:
    """The words of the lexicon's first hit inside the part (not quoted), or None."""
    for fld, h in ff.hits.get(lexicon, ()):
        if fld == p.field and p.start <= h.start < p.end and not ff.quoted(fld, h.start):
            return h.text
    return None


def _hit_at(ff: FindingFacts, lexicon: str, fld: str, at: int) -> bool:
    """A hit of the lexicon starts at `at` in the field."""
    return any(f == fld and h.start == at for f, h in ff.hits.get(lexicon, ()))


def _claim(ff: FindingFacts, p: Part) -> Claim | None:
    """The statement's part read as a claim that a thing is not done or not there, or None where the lack is of
    another kind (a judgement of quality or manner, a part or a count of the whole, a lack stated of what someone
    said): only a lack of existence or of doing can be settled by an observation of the thing."""
    if p.kind != "lacking" or p.field != "statement":
        return None
    if any(_hit_in(ff, lex, p) for lex in ("vague", "vague_quantity", "speculation", "hearsay")):
        return None
    text = p.text
    verb: frozenset[str] = frozenset()
    creates = True  # "there is no ...", "... is missing": the thing itself is lacking
    said_at = (-1, -1)  # where the verb of the lack stands
    m = _NOT_DONE.search(text) or _DID_NOT.search(text)
    if (
        m is not None
        and m.groupdict().get("adverb")
        and not _hit_at(ff, "timing", p.field, p.start + m.start("adverb"))
    ):
        return None  # "not properly controlled": a judgement of manner, which no observation of a record settles
    if m is not None:
        verb = frozenset(tokens(m.group("verb")))
        at = p.start + m.start("verb")
        said_at = (at, p.start + m.end("verb"))
        creates = any(
            fld == p.field and h.start <= at < h.end or fld == p.field and at <= h.start < p.start + m.end("verb")
            for fld, h in ff.hits.get("existence", ())
        )
        rest = text[: m.start()] + " " + text[m.end() :]
        acts = _act_topics(ff, p, at, p.start + m.end("verb"))
    elif (n := _NO_THING.search(text) or _MISSING.search(text)) is not None:
        rest = text[: n.start()] + " " + text[n.end() :]
        # "no evidence that the objectives were monitored": the act is named in the rest, by its family
        acted = [
            h for fld, h in ff.hits.get("act_claimed", ()) if fld == p.field and p.start + n.end() <= h.start < p.end
        ]
        acts = frozenset(h.topic for h in acted if h.topic)
        # "no internal audit has been performed": the generic verb of doing is the act, its object the thing
        doing = [d.group(0) for d in _DOING.finditer(text, n.end())]
        verb = frozenset(tokens(" ".join([*(h.text for h in acted), *doing])))
    else:
        return None
    ids = tuple(identifiers(text))
    for ident in ids:
        rest = rest.replace(ident, " ")
    # the words of timing ("at planned intervals") say when, not what: the thing is what was not done; the lack's
    # own verb is the act, never its timing ("not planned or carried out": the planning is what is lacking)
    timing = [
        h.text
        for fld, h in ff.hits.get("timing", ())
        if fld == p.field and p.start <= h.start < p.end and not said_at[0] <= h.start < said_at[1]
    ]
    when = frozenset(tokens(" ".join(timing)))
    thing = content(rest) - verb - TIME - _EVIDENCE_WORDS - when
    if not thing:
        return None
    short = tuple(
        frozenset(tokens(h.text))
        for fld, h in ff.hits.get("shortfall", ())
        if fld == p.field and p.start <= h.start < p.end and not ff.quoted(fld, h.start)
    )
    return Claim(p, thing, verb, ids, bool(timing), creates, acts, short)


def _act_topics(ff: FindingFacts, p: Part, start: int, end: int) -> frozenset[str]:
    """The families (`act_claimed` topics) of the act said not done, read at the lack's verb [start, end)."""
    return frozenset(
        h.topic for fld, h in ff.hits.get("act_claimed", ()) if fld == p.field and start <= h.start < end and h.topic
    )


def _kin_named(ff: FindingFacts, claim: Claim, parts: list[Part]) -> frozenset[str]:
    """The words of the lack that the evidence names in other words of their family (principle: a record names a
    thing in its own words: "lessons" from incidents by the actions a post-incident review identified; the
    families are data, `kin_claimed` and `kin_evidenced`)."""
    p = claim.part
    said = [h for fld, h in ff.hits.get("kin_claimed", ()) if fld == p.field and p.start <= h.start < p.end]
    if not said:
        return frozenset()
    topics = {
        h.topic
        for q in parts
        for fld, h in ff.hits.get("kin_evidenced", ())
        if fld == q.field and q.start <= h.start < q.end and not ff.quoted(fld, h.start)
    }
    return frozenset(w for h in said if h.topic in topics for w in tokens(h.text))


def _titled_record(ff: FindingFacts, o: Obligated, parts: list[Part]) -> bool:
    """A part names an identified record by the clause's subject: a word of the clause's title directly before a
    record form ("Knowledge register KR-1": principle, the record of the subject the clause is about)."""
    title = frozenset(tokens(o.clause.title)) - FRAME - TIME
    for p in parts:
        if not p.identified:
            continue
        text = ff.text(p.field)
        for fld, h in ff.hits.get("record_form", ()):
            if fld != p.field or not p.start <= h.start < p.end:
                continue
            before = _WORD.findall(text[p.start : h.start])
            if before and set(tokens(before[-1])) & title:
                return True
    return False


def _identified_named(claim: Claim, parts: list[Part]) -> frozenset[str]:
    """The words of the lack that name an identified item whose identifier the evidence gives ("pressure gauge G-7"
    / "the label on G-7"): principle, an item is named by its identifier wherever it stands; the words are those
    directly before the identifier in the lack, up to the first word that names nothing (a preposition, an
    article)."""
    said = " ".join(p.text for p in parts)
    named: set[str] = set()
    for ident in claim.ids:
        if ident not in said:
            continue
        at = claim.part.text.find(ident)
        before = _WORD.findall(claim.part.text[:at])
        for w in reversed(before[-3:]):
            stems = tokens(w)
            if not stems:
                break
            named |= set(stems)
    return frozenset(named)


_DEFINITE = re.compile(r"(?i)\b(?:the|its|this|that|their|our)\s+([A-Za-z][A-Za-z-]*)")


def _heads_named(claim: Claim, missing: set[str], parts: list[Part]) -> bool:
    """Every missing word qualifies, in the lack's own words, a head the evidence names back by the definite
    article alone ("information security policy" / "the policy's rules"): the evidence refers to the thing the
    statement named. A head the evidence qualifies otherwise ("the quality policy") is another thing."""
    again = frozenset(w for p in parts for m in _DEFINITE.finditer(p.text) for w in tokens(m.group(1)))
    words = _WORD.findall(claim.part.text)
    stems = [frozenset(tokens(w)) for w in words]
    for word in missing:
        ok = False
        for i, st in enumerate(stems):
            if word not in st:
                continue
            for j in range(i + 1, min(len(stems), i + 4)):
                if not stems[j]:
                    break
                if stems[j] & again:
                    ok = True
                    break
            if ok:
                break
        if not ok:
            return False
    return bool(missing)


# an abbreviation standing as a word ("HA rev 5", "MR minutes"), never the prefix of an identifier ("IA-1")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b(?![-/_.]?\d)")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def _initials_named(claim: Claim, parts: list[Part]) -> frozenset[str]:
    """The words of the lack an abbreviation of the evidence stands for: "HA rev 5" names the "hazard analysis",
    "IFU" the "instructions for use" (principle: a record's short name is its name; the letters are the initials of
    adjacent words of the lack, its little words included or not)."""
    acronyms = {a for p in parts for a in _ACRONYM.findall(p.text)}
    if not acronyms:
        return frozenset()
    words = _WORD.findall(claim.part.text)
    named: set[str] = set()
    for i in range(len(words)):
        for j in range(i + 2, min(len(words), i + 6) + 1):
            run = words[i:j]
            full = "".join(w[0] for w in run).upper()
            lean = [w for w in run if tokens(w)]
            if full in acronyms or (len(lean) >= 2 and "".join(w[0] for w in lean).upper() in acronyms):
                named |= set(tokens(" ".join(run)))
    return frozenset(named)


def _act_named(ff: FindingFacts, claim: Claim, parts: list[Part]) -> bool:
    """The evidence names the act said not done by a word of its family (principle: a record shows an act done in
    its own words: "not monitored" / "tracked against target"; the families are data, `act_claimed` and
    `act_evidenced`)."""
    if not claim.acts:
        return False
    for p in parts:
        for fld, h in ff.hits.get("act_evidenced", ()):
            if fld == p.field and p.start <= h.start < p.end and h.topic in claim.acts and not ff.quoted(fld, h.start):
                return True
    return False


# ---- the obligation the lack negates ----------------------------------------------------------------------------


def _within(number: str, near: list[str]) -> bool:
    return any(number == n or number.startswith(n + ".") for n in near)


def _negated(ff: FindingFacts, words: frozenset[str]) -> Obligated | None:
    """The obligation of the clauses the finding is about that shares most of `words` (two at least, or all of a
    one-word thing); None where no obligation there names the thing."""
    std = ff.criteria
    if std is None or not std.is_requirements:
        return None
    idx = obligation_index(std)
    near = clauses_judged_first(ff, std)
    if not idx.has_layer or not near:
        return None
    best: tuple[int, Obligated] | None = None
    for o in idx.obligations:
        if not _within(o.clause.number, near):
            continue
        shared = len(words & o.stems)
        if shared and (best is None or shared > best[0]):
            best = (shared, o)
    if best is None or best[0] < min(2, len(words)):
        return None
    return best[1]


def _nearest(ff: FindingFacts, words: frozenset[str]) -> Obligated | None:
    """The obligation a finding is about, for a message: the one of the clauses it is about sharing most of
    `words` (the cited clause's first where none shares one), else the one of the whole standard sharing two."""
    found = _negated(ff, words)
    std = ff.criteria
    if found is not None or std is None or not std.is_requirements:
        return found
    idx = obligation_index(std)
    if not idx.has_layer:
        return None
    near = clauses_judged_first(ff, std)
    for number in near[:1]:
        own = [o for o in idx.obligations if _within(o.clause.number, [number])]
        if own:
            return max(own, key=lambda o: len(words & o.stems))
    best = idx.obliged_by(words, near)
    return best[0] if best is not None and best[1] >= 2 else None


def _keep(ff: FindingFacts, o: Obligated | None, demand: str, reason: str) -> None:
    """Keep on the context the obligation judged by and the grounding record a withdrawal carries."""
    where = f"{o.clause.number} {o.clause.title}" if o is not None else ""
    ff.ctx["fulfilment_clause"] = where or "the requirement cited"
    ff.ctx["fulfilment_obliges"] = o.obliges.text if o is not None else "what the requirement cited asks"
    obl = o.clause.obligation if o is not None else None
    ff.ctx["fulfilment_record"] = Grounding(
        demand=demand[:300] or None,
        obliges=o.obliges.text if o is not None else None,
        clause=where or None,
        leaves_open=list(obl.leaves_open) if obl is not None else [],  # type: ignore[arg-type]
        outcome="grounded",
        reason=reason,
    )


# ---- principle 1: the finding's own evidence shows the requirement met --------------------------------------------


def _words_of(p: Part) -> frozenset[str]:
    text = p.text
    for ident in identifiers(text):
        text = text.replace(ident, " ")
    return content(text)


def _blocks(ff: FindingFacts, p: Part, claims: list[Claim]) -> bool:
    """A part that records, asks or reports something that leaves the finding standing: a lack of its own (in the
    evidence, or in the statement beyond its claims), a demand, words not read, an exception or a count short of
    the whole, a hedge, or what someone said."""
    if p.kind == "unread" or (p.kind == "demand" and not _record_heading(ff, p)):
        return True
    if p.kind == "lacking" and any(c.part is p for c in claims):
        return False
    if p.kind == "lacking" and not _status_only(ff, p):
        return True
    if any(_hit_in(ff, lex, p) for lex in ("speculation", "hearsay", "reported", "vague_quantity")):
        return True
    # a shortfall word that names the lack's own subject ("lessons from incidents" / "post-incident review PIR-4"),
    # or a word of that subject's family ("incident investigations" / "the injured fitter": `subject_kin`),
    # describes the subject, not a shortfall of it
    subject = frozenset().union(*(c.thing & stems for c in claims for stems in c.short))
    kin = _subject_families(ff, claims, subject)
    return any(
        not (subject and frozenset(tokens(h.text)) <= subject and tokens(h.text))
        and not _in_family(ff, fld, h.start, kin)
        and not _inside(ff, ("control_status", "precondition"), fld, h.start)
        for fld, h in ff.hits.get("shortfall", ())
        if fld == p.field and p.start <= h.start < p.end and not ff.quoted(fld, h.start)
    )


def _inside(ff: FindingFacts, lexicons: tuple[str, ...], fld: str, at: int) -> bool:
    """The offset `at` of the field lies inside a hit of one of the lexicons."""
    return any(f == fld and h.start <= at < h.end for lex in lexicons for f, h in ff.hits.get(lex, ()))


_PREDICATE = re.compile(r"(?i)\b(?:is|are|was|were|has|have|had|been|did|does|do|[a-z]{3,}ing)\b")
_NEGATION = re.compile(r"(?i)\b(?:not|no|never|none|without|missing|absent|lack\w*|fail\w*|unable)\b")


def _status_only(ff: FindingFacts, p: Part) -> bool:
    """A part of the evidence whose only words of lack are a status the control gives to those it keeps back
    ("two newcomers are marked 'not authorised yet'", the `control_status` lexicon): the control working, no
    shortfall of it (principle: 17021-1 9.4.5.3, evidence must show the requirement not fulfilled)."""
    if p.field != "evidence":
        return False
    hits = [h for fld, h in ff.hits.get("control_status", ()) if fld == p.field and p.start <= h.start < p.end]
    if not hits:
        return False
    # the status is all the part says: nothing done by those it keeps back follows it ("... were seen operating")
    after = ff.text(p.field)[max(h.end for h in hits) : p.end]
    if _PREDICATE.search(after):
        return False
    return all(_inside(ff, ("control_status",), p.field, p.start + m.start()) for m in _NEGATION.finditer(p.text))


def _subject_families(ff: FindingFacts, claims: list[Claim], subject: frozenset[str]) -> frozenset[str]:
    """The families (`subject_kin` topics) of the shortfall words that name the lack's own subject."""
    return frozenset(
        h.topic
        for c in claims
        for fld, h in ff.hits.get("subject_kin", ())
        if fld == c.part.field
        and c.part.start <= h.start < c.part.end
        and h.topic
        and frozenset(tokens(h.text)) <= subject
    )


def _in_family(ff: FindingFacts, fld: str, at: int, families: frozenset[str]) -> bool:
    """A word at `at` of the field is a word of one of the families."""
    return bool(families) and any(
        f == fld and h.start <= at < h.end and h.topic in families for f, h in ff.hits.get("subject_kin", ())
    )


def _record_heading(ff: FindingFacts, p: Part) -> bool:
    """A part read as an order that is a record's heading before a colon ("Record ENV-F dated 2026-01-20: line 14
    compares ..."): it names the record what follows is read from, and asks nothing."""
    text = ff.text(p.field)
    after = text[p.end :].lstrip()
    lead = len(p.text) - len(p.text.lstrip())
    named = [h for fld, h in ff.hits.get("record_form", ()) if fld == p.field and h.start == p.start + lead]
    return bool(named) and p.identified and after.startswith(":")


def _records(o: Obligated) -> frozenset[str]:
    """The words the tree gives the records and activities of an obligation's clause: its keywords and the examples
    of the means it leaves open (a training certificate, a fire drill, a legal register), by which the
    obligation's object is shown."""
    c = o.clause
    words: set[str] = set(tokens(" ".join(c.keywords)))
    obl = c.obligation
    if obl is not None:
        for left in obl.leaves:
            words |= set(tokens(" ".join(left.examples)))
    return frozenset(words) - FRAME - TIME


def _subject(o: Obligated) -> frozenset[str]:
    """The words that name the subject of an obligation's clause: its title and keywords (incidents for an
    incident clause), which a lack may use without saying that anything is short."""
    c = o.clause
    return frozenset(tokens(c.title + " " + " ".join(c.keywords))) - FRAME - TIME


def _vocabulary(o: Obligated) -> frozenset[str]:
    """The words the tree gives the clause of an obligation: its title, obligations, keywords and examples."""
    c = o.clause
    words: set[str] = set(tokens(c.title)) | _records(o)
    obl = c.obligation
    if obl is not None:
        for ob in obl.obliges:
            words |= content(ob.text)
    return frozenset(words) - FRAME - TIME


def _negated_object(ff: FindingFacts, words: frozenset[str]) -> Obligated | None:
    """The obligation of the clauses the finding is about that the lack negates, judged with the clause's own
    words too (its keywords: "legal requirements" of a clause obliging compliance obligations identified): one
    word of the obligation itself and two of the clause's (or all of a one-word lack)."""
    std = ff.criteria
    if std is None or not std.is_requirements:
        return None
    idx = obligation_index(std)
    near = clauses_judged_first(ff, std)
    if not idx.has_layer or not near:
        return None
    best: tuple[int, int, Obligated] | None = None
    for o in idx.obligations:
        if not _within(o.clause.number, near):
            continue
        own = len(words & o.stems)
        shared = len(words & (o.stems | _vocabulary(o)))
        if own and (best is None or (shared, own) > best[:2]):
            best = (shared, own, o)
    if best is None or best[0] < min(2, len(words)):
        return None
    return best[2]


def _hit_stems(ff: FindingFacts, lexicon: str, p: Part) -> frozenset[str]:
    """The stems of every hit of the lexicon inside the part."""
    said = [h.text for fld, h in ff.hits.get(lexicon, ()) if fld == p.field and p.start <= h.start < p.end]
    return frozenset(tokens(" ".join(said)))


# an act said not done: the generic verbs of doing, whose object names the act ("the review was not carried out")
_DOING = re.compile(r"(?i)\b(?:performed|carried\s+out|conducted|undertaken|done)\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _period_shown(claim: Claim, said: str) -> bool:
    """Every year the lack speaks of ("not carried out in 2026") is a year of the evidence too: a record of an
    earlier period does not show the lack's period met."""
    return set(_YEAR.findall(claim.part.text)) <= set(_YEAR.findall(said))


_DATE = re.compile(r"\b(?:19|20)\d{2}-\d{2}(?:-\d{2})?\b")
# the month of an occasion: "2026-03-14", "14 March 2026", "March 2026", "Sept 2025"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_OCCASION = re.compile(
    r"(?i)\b(?:(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-\d{2})?"
    r"|(?P<name>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(?P<y2>(?:19|20)\d{2}))\b"
)


def _months(text: str) -> list[int]:
    """The months (year * 12 + month) of the dates the text names."""
    out: list[int] = []
    for m in _OCCASION.finditer(text):
        if m.group("y"):
            month = int(m.group("m"))
            if 1 <= month <= 12:
                out.append(int(m.group("y")) * 12 + month - 1)
        else:
            out.append(int(m.group("y2")) * 12 + _MONTH_NAMES.index(m.group("name").lower()[:3]))
    return out


def _occasions_kept(ff: FindingFacts, parts: list[Part]) -> bool:
    """The evidence records the act held on two dated occasions or more, a year apart at most, with no occasion to
    come among them (principle: an act done periodically is shown by its occasions held, each dated, none further
    apart than a year; one dated record, or a date of an occasion to come, shows no period kept)."""
    held: set[int] = set()
    for p in parts:
        ahead = [
            h.start for fld, h in ff.hits.get("occasion_ahead", ()) if fld == p.field and p.start <= h.start < p.end
        ]
        end = min(ahead, default=p.end)
        held.update(_months(ff.text(p.field)[p.start : end]))
    dates = sorted(held)
    return len(dates) >= 2 and all(b - a <= 12 for a, b in zip(dates, dates[1:], strict=False))


def _past_due(ff: FindingFacts, parts: Sequence[Part]) -> bool:
    """A date the finding gives as due or next ("next calibration due on 2025-09-30") lies before the audit, or
    before a date the finding records as done: a due date passed is a shortfall, whatever record is named
    (principle: a label's or a plan's due date still ahead is met, one passed is not; the audit's date, where the
    report gives it, is the day it is measured against)."""
    audit = ff.report.audit
    done: list[int] = []
    due: list[int] = []
    for p in parts:
        text = ff.text(p.field)[p.start : p.end]
        ahead = sorted(
            h.start - p.start
            for fld, h in ff.hits.get("occasion_ahead", ())
            if fld == p.field and p.start <= h.start < p.end
        )
        for m in _OCCASION.finditer(text):
            month = _months(m.group(0))
            if not month:
                continue
            if any(0 <= m.start() - a <= 40 for a in ahead):
                due.extend(month)
            else:
                done.extend(month)
    if not due:
        return False
    if audit is not None and audit.date is not None:
        now = audit.date.year * 12 + audit.date.month - 1
    else:
        now = max(done, default=0)
    return min(due) < now


def _every_occasion(ff: FindingFacts, parts: list[Part]) -> bool:
    """The evidence says every occasion of the frequency was done over a span of dates ("entries for every working
    day from 2026-01-05 to 2026-03-27"), or records each occasion held (`_occasions_kept`): a lack of timing
    settled (principle: a record of each occasion over the period shows the frequency kept; one dated record does
    not)."""
    said = " ".join(p.text for p in parts)
    every = any(_hit_in(ff, "frequency_kept", p) is not None for p in parts)
    return (every and len(set(_DATE.findall(said))) >= 2) or _occasions_kept(ff, parts)


def _named(word: str, shown: frozenset[str]) -> bool:
    """The word, or a word of its family ("handling" / "handlers"), is among `shown`."""
    if word in shown:
        return True
    return len(word) >= 4 and any(len(w) >= 4 and (w.startswith(word) or word.startswith(w)) for w in shown)


_COORDINATED = re.compile(r"(?i)\b([a-z][a-z-]+)\s*(?:,|\band\b|\bor\b|&|/)\s*([a-z][a-z-]+)\b")


def _coordinated(claim: Claim) -> frozenset[str]:
    """The words the lack names as coordinated parts of its object ("internal and external issues")."""
    return frozenset(w for m in _COORDINATED.finditer(claim.part.text) for i in (1, 2) for w in tokens(m.group(i)))


def _sibling_named(claim: Claim, missing: set[str], shown: frozenset[str]) -> bool:
    """A word the evidence leaves out is coordinated in the lack with one it names ("internal and external
    issues" / "lists the internal issues"): the evidence shows a part, not the whole."""
    for m in _COORDINATED.finditer(claim.part.text):
        a, b = (frozenset(tokens(m.group(i))) for i in (1, 2))
        if (a & missing and b & shown) or (b & missing and a & shown):
            return True
    return False


def _object_shown(ff: FindingFacts, claim: Claim, o: Obligated, observed: list[Part]) -> tuple[bool, list[Part]]:
    """Whether the observation affirms the object of the obligation the lack negates, and the parts that do.

    Principle: the lack is judged against the obligation it negates. Its generic qualifiers ("at relevant functions
    and levels", "established", "demonstrated": the `requirement_qualifier` lexicon) say no more than that the
    object is lacking; the object's words (those the clause's tree uses) must be named by the evidence, or stood
    for by two words of the clause's own records and activities (competence by training certificates and
    experience); any other word of the lack (a site, a line, a product, a group) names a subset, and the evidence
    must name it too. The evidence must identify a record (a reference, date, count or names of items), and where
    the lack is of a specific act ("evaluated", "consulted"), the act must be named, save that a trial lacking
    ("tested") is shown by any trial held (a fire drill: the `activity_done` lexicon); an act said not carried out
    ("performed", "carried out") is shown by a record of it (the `record_form` lexicon), not by its plan."""
    generic = _hit_stems(ff, "requirement_qualifier", claim.part)
    vocab = _vocabulary(o)
    core = claim.thing - generic
    # a lack of "records" of a thing is settled by the thing described in any record form
    form = _hit_stems(ff, "record_form", claim.part) & core
    core -= form
    obj = core & vocab
    extra = core - vocab
    if not obj:
        return False, []  # nothing the obligation names is said to be lacking
    relevant = obj | extra | (vocab - generic)
    parts = [p for p in observed if _words_of(p) & relevant]
    # a record's heading before a colon ("HA rev 5: allergens identified at ...") is the record of what follows
    parts = [
        q
        for i, q in enumerate(observed)
        if q in parts
        or (
            i + 1 < len(observed)
            and observed[i + 1] in parts
            and observed[i + 1].field == q.field
            and ff.text(q.field)[q.end : observed[i + 1].start].strip() == ":"
        )
    ]
    if not any(p.identified for p in parts) or not _period_shown(claim, " ".join(p.text for p in parts)):
        return False, []
    if form and not any(_hit_in(ff, "record_form", p) is not None for p in parts):
        return False, []  # records said lacking, and the evidence describes a procedure or a plan
    if _DOCUMENT_KIND.search(claim.part.text) and not any(_DOCUMENT_KIND.search(p.text) for p in parts):
        return False, []  # a document said lacking ("no documented procedure"), and the evidence shows the act done
    shown = frozenset().union(*(_words_of(p) for p in parts)) | _kin_named(ff, claim, parts)
    shown |= _initials_named(claim, parts) | _identified_named(claim, parts)
    lack_words = claim.thing | claim.verb | generic
    # a word of a record's family stands in for it too ("shipments" / "shipping records", `_named`)
    records = _records(o)
    stand_ins = frozenset(w for w in shown if _named(w, records)) - lack_words
    # a record named by the clause's subject ("knowledge register KR-1", "competence matrix") stands in too
    support = len(stand_ins) + _titled_record(ff, o, parts)
    # a word the obligation itself does not use (a site, a group of people, a product) names a subset: named too;
    # a word of the clause's title ("internal" of "Internal audit") names the clause's subject, not a subset
    if not all(_named(w, shown) for w in (extra | (obj - o.stems)) - frozenset(tokens(o.clause.title))):
        return False, []  # a subset the lack names that the evidence does not
    missing = {w for w in obj if not _named(w, shown)}
    # stand-ins speak for the clause's own subject (its title: competence by certificates, emergency response by
    # a drill) and at most one word beside it, never for a particular thing within it ("whether climate change is
    # a relevant issue" is not shown by a list of eleven issues)
    # A lack that restates the obligation's own object by its coordinated parts ("internal and external issues" of
    # a clause obliging them determined) is shown by a record of the clause's kind that names its head (a SWOT
    # listing issues), where the evidence names no one of those parts without the other ("lists the internal
    # issues"); a particular thing within the object ("climate change") is never stood for
    title = frozenset(tokens(o.clause.title))
    own = (
        missing <= o.stems
        and missing <= _coordinated(claim)
        and bool(obj - missing)
        and not _sibling_named(claim, missing, shown)
    )
    # A lack that restates the obligation's own words (and its clause's title) around the clause's head ("the
    # knowledge necessary for the operation of processes" of a clause obliging "the knowledge needed to operate the
    # processes" determined; "the environmental aspects of its activities, products and services") is
    # shown by a record of the clause's kind naming the head (a knowledge register with lessons logged): the words
    # it leaves out are the obligation's scope said back, not a subset, unless they are coordinated with a word the
    # evidence names ("internal and external issues" / "lists the internal issues")
    restated = (
        missing <= o.stems | title
        and bool(obj & title & shown)
        and not _sibling_named(claim, missing, shown)
        and not claim.timing
    )
    # The obligation's own words qualifying a head the evidence names ("the information security policy" / "the
    # policy's rules"): the evidence names the thing by its head, the qualifiers said back from the obligation
    said_back = missing <= o.stems and _heads_named(claim, missing, parts) and not _sibling_named(claim, missing, shown)
    # a word of the clause's own title alone left out ("the sterilisation process" / an EO sterilisation
    # validation report) is the clause's subject said back: one record of the clause's kind stands for it
    subject_only = missing <= title and support >= 1
    if missing and not (subject_only or (len(missing - title) <= 1 or own or restated or said_back) and support >= 2):
        return False, []
    verb = claim.verb - generic
    if verb and not any(_named(v, shown) for v in verb) and not _act_named(ff, claim, parts):
        # the act is named (in its own words or its family's: `act_evidenced`), or, where the act lacking is a
        # trial ("tested"), a trial of the clause's kind is held
        trial = _hit_in(ff, "activity_done", claim.part) is not None
        if not (trial and any(_hit_in(ff, "activity_done", p) is not None for p in parts) and stand_ins):
            return False, []
    if _DOING.search(claim.part.text) and not any(_hit_in(ff, "record_form", p) is not None for p in parts):
        return False, []  # an act said not done ("not carried out") is shown by a record of it, not by its plan
    return True, parts


# a document said lacking, and a document of that kind named by the evidence: a maintained document is shown only by
# one ("no documented procedure for internal audit" is not answered by audit reports; ISO 9001:2008 asked for it)
_DOCUMENT_KIND = re.compile(
    r"(?i)\b(?:procedures?|sops?|manuals?|documented|written|(?:work\s+)?instructions?|polic(?:y|ies))\b"
)


def _documentation_lack(claim: Claim) -> bool:
    """The lack is of the thing's documentation ("is not documented", "there is no documented procedure")."""
    return "document" in claim.verb or bool(_DOCUMENT_KIND.search(claim.part.text))


_RULE_VERB = re.compile(r"(?i)\b(?:requires?|required|must|shall|mandates?|stipulates?|calls\s+for)\b")


def _document_rule(ff: FindingFacts, p: Part) -> bool:
    """The part states what a document or the standard requires ("procedure QP-9 requires monthly reviews",
    "clause 7.2 requires ..."), or names the client's own criteria ("procedure QP-9 defines ...")."""
    return bool(_RULE_VERB.search(p.text)) or _hit_in(ff, "client_criteria", p) is not None


@fact(
    "shown_met",
    values=("met", "uncertain", "no"),
    reads=(
        "reading",
        "cit_status",
        "requirement_inferred",
        "tree",
        "lexicon:shortfall",
        "lexicon:timing",
        "lexicon:existence",
        "lexicon:affirmation",
        "lexicon:speculation",
        "lexicon:hearsay",
        "lexicon:reported",
        "lexicon:vague",
        "lexicon:vague_quantity",
        "lexicon:client_criteria",
        "lexicon:requirement_qualifier",
        "lexicon:activity_done",
        "lexicon:record_form",
        "lexicon:frequency_kept",
        "lexicon:occasion_ahead",
        "lexicon:subject_kin",
        "lexicon:act_claimed",
        "lexicon:act_evidenced",
        "lexicon:kin_claimed",
        "lexicon:kin_evidenced",
        "lexicon:control_status",
        "lexicon:precondition",
    ),
)
def shown_met(ff: FindingFacts) -> str:
    """The finding's own evidence shows done what its statement says is not done: met | uncertain | no.

    Principle: a nonconformity is the nonfulfilment of a requirement shown by objective evidence (17021-1 3.12,
    9.4.5.3); when the evidence the finding itself records describes the very record or activity the obligation
    asks for, with nothing lacking in it, no nonfulfilment stands (see the module's docstring)."""
    r: Reading | None = ff.ctx.get("reading")
    if ff.language or r is None:
        return "no"
    claims = [c for p in r.parts if (c := _claim(ff, p)) is not None]
    lacks = [p for p in r.parts if p.kind == "lacking" and p.field == "statement"]
    if not claims or len(claims) != len(lacks):
        return "no"  # no claim of a lack of existence or doing, or a lack of another kind beside it
    if any(_blocks(ff, p, claims) for p in r.parts) or _past_due(ff, r.parts):
        return "no"
    rules = [p for p in r.parts if p.kind == "observed" and _document_rule(ff, p)]
    verdicts: list[str] = []
    shown_words: list[str] = []
    obligations: list[Obligated] = []
    for claim in claims:
        o = _negated(ff, claim.thing | claim.verb)  # "not consulted" negates the obligation to consult
        if o is None:
            o = _negated_object(ff, claim.thing | claim.verb)
        if o is None:
            return "no"  # the lack negates no obligation of the clause the finding is about: not for this fact
        if not all(stems and stems <= _subject(o) for stems in claim.short):
            return "no"  # the lack itself says a part, an exception or a time ("except", "only", "before use")
        obligations.append(o)
        # judged by the obligation's object first (a lack of timing, or a document's rule the finding measures
        # against, is left to the judgement below)
        observed = [p for p in r.parts if p.kind == "observed" and p not in rules]
        if not any(claim.thing & _words_of(p) for p in rules):
            met, parts = _object_shown(ff, claim, o, observed)
            if met and (not claim.timing or _every_occasion(ff, parts)):
                verdicts.append("met")
                shown_words.append(" ".join(parts[0].text.split())[:160])
                continue
        affirming: list[Part] = []
        for p in r.parts:
            if p.kind != "observed":
                continue
            # a document's rule shows a thing defined only where it does what the claim says was not done ("not
            # defined" / "procedure QP-9 defines ..."); a rule to do something is not its doing. A thing said not
            # documented is shown documented by the identified document of that kind that defines it ("cleaning is
            # not documented" / "procedure SAN-04 defines the cleaning frequencies"): the document is the evidence
            defines = bool(claim.verb and claim.verb & frozenset(tokens(p.text)))
            documented = _documentation_lack(claim) and p.identified and bool(_DOCUMENT_KIND.search(p.text))
            if p in rules and not ((defines or documented) and not _RULE_VERB.search(p.text)):
                if claim.thing & _words_of(p):
                    return "no"  # the finding measures against a document's rule: not settled here
                continue
            if not (_words_of(p) & claim.thing):
                continue
            if p.identified or _hit_in(ff, "affirmation", p) is not None:
                affirming.append(p)
        if not affirming:
            return "no"
        shown = frozenset().union(*(_words_of(p) for p in affirming)) | _kin_named(ff, claim, affirming)
        shown |= _initials_named(claim, affirming)
        said = " ".join(p.text for p in affirming)
        ids_shown = all(i in said for i in claim.ids) and _period_shown(claim, said)
        # the observation shows the very doing: the act itself named ("consultation", "assesses"), or the thing
        # described where the act brings it into being ("determined": the register lists them). A plan described
        # is not a plan tested; and a one-word thing ("the customer has not been notified") names a party or a
        # place, not the record or activity, so the act must be named
        acted = bool(claim.verb & frozenset(tokens(said))) or _act_named(ff, claim, affirming)
        doing = not claim.verb or acted or (claim.creates and len(claim.thing) >= 2)
        covered = claim.thing <= shown
        near_covered = len(claim.thing & shown) >= 2 and 3 * len(claim.thing & shown) >= 2 * len(claim.thing)
        if not (doing and ids_shown):
            return "no"
        if covered and not claim.timing:
            verdicts.append("met")
        elif covered or near_covered:
            verdicts.append("uncertain")
        else:
            return "no"
        shown_words.append(" ".join(affirming[0].text.split())[:160])
    first = claims[0].part
    lack = " ".join(first.text.split())[:200]
    lead = len(first.text) - len(first.text.lstrip())
    ff.spans["fulfilment"] = (first.field, first.start + lead, first.start + len(first.text.rstrip()))
    ff.ctx["fulfilment_lack"] = lack
    ff.ctx["fulfilment_shown"] = shown_words[0]
    outcome = "met" if all(v == "met" for v in verdicts) else "uncertain"
    reason = (
        f"the finding's own evidence shows done what it says is lacking: '{shown_words[0]}'"
        if outcome == "met"
        else f"the finding's own evidence may show done what it says is lacking: '{shown_words[0]}'"
    )
    _keep(ff, obligations[0], lack, reason)
    if outcome != "met":
        ff.ctx.pop("fulfilment_record")  # a doubt withdraws nothing: the grounding stays the layer's
    return outcome


# ---- principle 2: no nonfulfilment established, a suspicion or a report at second hand only ---------------------

_SENTENCES = re.compile(r"[^.;\n]+")


def _hits_between(ff: FindingFacts, lexicon: str, fld: str, a: int, b: int) -> list[str]:
    return [h.text for f, h in ff.hits.get(lexicon, ()) if f == fld and a <= h.start < b and not ff.quoted(f, h.start)]


def _bare_judgement(ff: FindingFacts, fld: str, a: int, b: int, sentence: str) -> bool:
    """A judgement of a lack that names nothing seen: no word of seeing, checking or of a record showing, no
    identified item, number or date ("Lone work takes place without a check-in", "Leaks are not controlled")."""
    return not (_hits_between(ff, "seen_by_auditor", fld, a, b) or any(ch.isdigit() for ch in sentence))


def _first_said(ff: FindingFacts, fld: str, a: int, b: int, unverified: list[str], sentence: str) -> int | None:
    """Where the first word of reported speech stands in the sentence [a, b) of the field, or None."""
    starts = [
        h.start - a
        for lex in ("hearsay", "remark", "second_hand")
        for f, h in ff.hits.get(lex, ())
        if f == fld and a <= h.start < b and not any(h.text in u for u in unverified)
    ]
    m = SECOND_HAND_PATTERN.search(sentence)
    if m is not None:
        starts.append(m.start())
    return min(starts) if starts else None


@fact(
    "speculation_only",
    reads=(
        "reading",
        "cit_status",
        "requirement_inferred",
        "tree",
        "lexicon:speculation",
        "lexicon:unverified",
        "lexicon:hearsay",
        "lexicon:remark",
        "lexicon:second_hand",
        "lexicon:seen_by_auditor",
        "lexicon:clean_result",
        "lexicon:inference",
        "lexicon:reason",
    ),
)
def speculation_only(ff: FindingFacts) -> bool:
    """The finding's only source of the nonfulfilment is a suspicion or someone's remark, with nothing verified.

    Principle: 9.4.5 asks for a nonfulfilment shown by objective evidence, and information becomes evidence only
    once verified (9.4.4). A claim hedged ("is believed", "may not have", "probably") or resting on what someone
    said of others' work or of the past ("a driver told the auditor that ...", "I was told that ..."), where no
    observation of the auditor's own records a lack or identifies a record, establishes no nonfulfilment; the
    conclusion the writer draws from it ("the risk is therefore not controlled") adds no evidence. Where the
    finding says nothing was verified, the other sentences may describe the occasion ("conversation in the
    canteen"); where it does not say so, every sentence must be the remark or guess itself or a conclusion from
    it, and a guess naming an identified item or giving a reason ("because ...") keeps the finding. A person's
    account of their own work (an admission) is evidence and keeps it. Where an evidence field is given, a plain
    statement that names nothing seen ("Parts are shipped before approval") is the claim, its source read in the
    evidence (round 9: "it was mentioned at lunch that ...", "the guard stated residents complained").

    A judgement sentence of the statement that names nothing seen ("X takes place without Y", "X are not
    controlled": `_bare_judgement`) is not an observation when the finding's other basis is a report at one remove
    or an estimate (lexicon `second_hand`), a hedge, or the audit's check not made: it is the writer's conclusion
    from that basis. A record read that shows no problem (lexicon `clean_result`) supports no suspicion, so it
    keeps nothing, and a guess naming the item that record is about is no longer grounded."""
    r: Reading | None = ff.ctx.get("reading")
    if ff.language or r is None:
        return False
    claim_words = ""
    claim_sentence = ""
    unverified_words = ""
    described = False  # a sentence of the auditor's own that is neither remark, guess nor conclusion
    evidence_given = bool(ff.finding.evidence_text().strip())
    stated: list[str] = []  # the statement's bare claims of a lack, where an evidence field gives their source
    evidence_source = ""  # the first remark or guess of the evidence field
    grounded_guess = False  # a guess naming an identified item, or giving its reason: more than a guess
    bare: list[str] = []  # the statement's judgements of a lack that name nothing seen (no evidence field)
    at_one_remove = False  # a hedge, a report at second hand or an estimate, or the audit's own check not made
    reported_by_another = False  # a report at one remove or an estimate (not only a hedge of the writer's own)
    bare_scene = False  # a sentence of the writer's that states what happens but names nothing seen
    contrary = False  # a record read that shows no problem: the only evidence speaks against the claim
    for fld in ("statement", "evidence"):
        text = ff.text(fld)
        for m in _SENTENCES.finditer(text):
            a, b = m.span()
            sentence = m.group(0)
            if not sentence.strip():
                continue
            hedge = _hits_between(ff, "speculation", fld, a, b)
            unverified = _hits_between(ff, "unverified", fld, a, b)
            # what someone said ("could not be verified" is the audit's own check, not a report)
            remote = _hits_between(ff, "second_hand", fld, a, b)
            reports = [
                w
                for w in remote + _hits_between(ff, "hearsay", fld, a, b) + _hits_between(ff, "remark", fld, a, b)
                if not any(w in u for u in unverified)
            ]
            second = SECOND_HAND_PATTERN.search(sentence) is not None
            said = bool(reports) or second
            at_one_remove = at_one_remove or bool(remote or hedge or unverified) or second
            reported_by_another = reported_by_another or bool(remote) or second
            if said and not second_hand(sentence):
                return False  # a person's account of their own work, or a confirmation obtained: evidence
            if unverified and not unverified_words:
                unverified_words = unverified[0]
            if hedge or said:
                if fld == "statement" and not claim_words:
                    claim_words = (reports or hedge or [sentence.strip()])[0]
                    claim_sentence = sentence
                if fld == "evidence" and not evidence_source:
                    evidence_source = (reports or hedge or [sentence.strip()])[0]
                # what follows a speech word is the remark's content: only what stands before it (a record that
                # "indicated that ...") identifies a source the auditor saw; a guess naming an item is grounded
                said_at = _first_said(ff, fld, a, b, unverified, sentence) if said else None
                named = identifiers(sentence if said_at is None else sentence[:said_at], most=1)
                if named or _hits_between(ff, "reason", fld, a, b):
                    grounded_guess = True
                continue
            if unverified:
                continue
            if _hits_between(ff, "inference", fld, a, b) and not identifiers(sentence, most=1):
                continue  # the writer's conclusion from what precedes, no observation
            if (claim_words or evidence_source) and _hits_between(ff, "clean_result", fld, a, b):
                contrary = True  # a record showing no problem: evidence of the control working, none for the claim
                continue
            # a sentence of the auditor's own: it must neither record a lack nor identify a record
            own = [p for p in r.parts if p.field == fld and a <= p.start < b]
            if identifiers(sentence, most=1) or any(p.kind == "unread" for p in own):
                return False
            if any(p.kind == "lacking" for p in own):
                if fld == "statement" and evidence_given:
                    stated.append(sentence)  # the nonfulfilment claimed: its source is read in the evidence
                    continue
                if fld == "statement" and _bare_judgement(ff, fld, a, b, sentence):
                    bare.append(sentence)  # "X takes place without Y": seen only if the rest of the finding says so
                    continue
                return False
            if fld == "statement" and evidence_given and _bare_judgement(ff, fld, a, b, sentence):
                stated.append(sentence)  # "Parts ship before approval": a claim whose source the evidence gives
                continue
            if fld == "statement" and not evidence_given and _bare_judgement(ff, fld, a, b, sentence):
                bare_scene = True  # "Desks are left with papers overnight": observed only if something says so
                continue
            described = True
        if fld == "evidence" and evidence_source and stated and not claim_words:
            claim_words, claim_sentence = evidence_source, stated[0]  # the claim rests only on the evidence read
    if not claim_words or (stated and not evidence_source):
        return False
    if contrary:
        grounded_guess = False  # the item the guess names was looked at, and its record shows nothing wrong
    if bare_scene and not reported_by_another:
        described = True  # beside the writer's own hedge only, a plain sentence may be what the auditor saw
    if bare and not at_one_remove:
        return False  # a judgement beside what a person said of it: an interview, judged as evidence elsewhere
    if not unverified_words and (described or grounded_guess):
        return False  # not said to be unverified: only a bare remark or guess, and its conclusion, is withdrawn
    ff.ctx["speculation_words"] = claim_words
    ff.ctx["unverified_words"] = unverified_words
    ff.ctx["speculation_basis"] = (
        f"and says it was not verified ('{unverified_words}')"
        if unverified_words
        else "and records no observation or record of the auditor's own that shows it"
    )
    statement = ff.finding.statement
    for fld in ("statement", "evidence"):
        where = ff.text(fld).find(claim_words)
        if where >= 0:
            ff.spans["speculation"] = (fld, where, where + len(claim_words))
            break
    o = _nearest(ff, content(claim_sentence))
    why = f"not verified ('{unverified_words}')" if unverified_words else "with no observation of the auditor's own"
    _keep(
        ff,
        o,
        " ".join(statement.split()),
        f"no nonfulfilment is established: a suspicion or someone's remark ('{claim_words}'), {why}",
    )
    return True
