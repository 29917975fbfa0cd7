"""Facts about what the finding demands, and whether a requirement stands behind the demand."""

from __future__ import annotations

import re

from engine.facts.catalogue import fact
from engine.facts.context import FindingFacts
from engine.rulebook.lexicon import Hit
from engine.standards.inference import infer_requirements
from engine.standards.inference import tokens as inference_tokens
from engine.standards.model import Standard

_PROCEDURE_DEMAND = re.compile(r"(?i)procedure|manual|instruction|\bsops?\b|flow\s*chart|method|fmea|matrix|register")
# a document is asked for when the words say it is absent or wanted: in the hit itself ("not documented",
# "must be written down"), just before it ("there is no", "should have a") or just after ("... is missing")
_DEMAND_IN_HIT = re.compile(r"(?i)\b(?:not|never|must|should)\b")
_DEMAND_BEFORE = re.compile(  # the cue governs the document: "no documented procedure", not "no operator followed"
    r"""(?ix)(?:
        \b(?:no|without|lacks?|lacking|lacked|absence\s+of|missing)\s+(?:\S+\s+){0,2}
      | \b(?:not|never)\s+(?:\S+\s+)?(?:have|has|had|having|establish\w*|produc\w*|creat\w*|develop\w*|prepar\w*|
          document\w*|maintain\w*|writ\w*|defin\w*|provid\w*|issu\w*|us(?:e|ed|ing)|kept|keep\w*)\s+(?:\S+\s+){0,2}
      | \b(?:should|must|needs?\s+to|ought\s+to|ha(?:s|ve)\s+to|requires?|required|requiring)\s+(?:\S+\s+){0,8}
      | \b(?:not|never)\s+(?:been\s+)?(?:\S+\s+)?(?:set\s+out|laid\s+out|presented|shown|recorded|kept|held|maintained|
          stored|produced|done|reviewed|carried\s+out|performed|managed|tracked)\s+(?:as|in|on|within|using|with|by|to)\s+
          (?:an?\s+|the\s+)?
      | \b(?:not|never)\s+(?:within|in|on|using|via|through)\s+(?:an?\s+|the\s+)?
      | \b(?:not|never)\s+
      | \b(?:rather\s+than|instead\s+of)\s+(?:\S+\s+){0,3}
      | \bto\s+be\s+\w+(?:ed|en|wn)\s+(?:in|on|into|onto|as|using|within|via)\s+(?:an?\s+|the\s+)?(?:\S+\s+){0,4}
    )$"""
)
_DEMAND_AFTER = re.compile(
    r"(?i)^\s*(?:\S+\s+){0,4}?(?:(?:is|are|was|were|has|have|had)\s+(?:been\s+)?)?(?:missing|absent|lacking|"
    r"unavailable|not\s+(?:been\s+)?(?:available|documented|written|established|defined|in\s+place|provided|produced|"
    r"prepared|created|drawn\s+up|developed|issued|made|compiled|adopted|used|introduced|implemented|retained|kept|"
    r"set\s+up|in\s+use)|(?:does|do|did)\s+not\s+exist|(?:must|should|needs?\s+to|has\s+to|shall)\s+be\s+(?:written|prepared|"
    r"produced|created|documented|established|drawn\s+up|developed|issued))\b"
)
_CLAUSE_END = re.compile(r"[.;:!?\n]")
_ABBREVIATED = re.compile(r"(?i)\b(?:etc|e\.g|i\.e|incl|approx|no|ref|rev|cl)\.")  # a full stop that ends no clause


def _no_stops(m: re.Match[str]) -> str:
    return m.group(0).replace(".", " ")


_WINDOW = 300  # characters either side of a hit that can hold its demand cue


def demands(text: str, hit: Hit) -> bool:
    """Whether the statement asks for the document it names, rather than only mentioning one."""
    if _DEMAND_IN_HIT.search(hit.text):
        return True
    # the cue stands in the same clause, a few words away: a bounded window keeps the cost per hit constant
    before = text[max(0, hit.start - _WINDOW) : hit.start]
    head = _CLAUSE_END.split(_ABBREVIATED.sub(_no_stops, before))[-1].rstrip("'\"‘’“”(")  # no 'controlled sheet'
    if head and not head[-1].isspace():
        head += " "
    tail = _CLAUSE_END.split(text[hit.end : hit.end + _WINDOW])[0]
    return bool(_DEMAND_BEFORE.search(head) or _DEMAND_AFTER.search(tail))


@fact("client_requirement", reads=("client_criteria_in_statement", "client_criteria_in_evidence", "audit"))
def client_requirement(ff: FindingFacts) -> bool:
    """The finding rests on the client's own documented requirement: a procedure, plan, instruction,
    specification or contract it names, or one of the client's documents listed in the audit criteria."""
    for fld, hit in ff.hits.get("client_criteria", ()):
        if ff.quoted(fld, hit.start):
            continue  # someone's words quoted ("'the standard requires us to ...'"), not a document of the client's
        ff.ctx["client_document"] = hit.text
        return True
    audit = ff.report.audit
    text = ff.whole_text().lower()
    for c in (audit.criteria or []) if audit else []:
        if c.strip() and c.strip().lower() in text:
            ff.ctx["client_document"] = c.strip()
            return True
    return False


CLEAR = 0.35  # an inferred requirement at least this plausible stands in for a missing citation


@fact(
    "doc_demand_unsupported",
    reads=(
        "documentation_demand_in_statement",
        "client_requirement",
        "legacy_demand",
        "cit_status",
        "requirement_inferred",
        "tree",
    ),
)
def doc_demand_unsupported(ff: FindingFacts) -> bool:
    """The finding demands documentation the cited requirement does not ask for (and no client procedure does)."""
    statement = ff.finding.statement
    asked = [h for f, h in ff.hits.get("documentation_demand", ()) if f == "statement" and demands(statement, h)]
    if not asked:
        return False  # documents mentioned ("a superseded work instruction was in use"), none asked for
    words = asked[0].text
    ff.ctx["documentation_words"] = words
    if ff.fact["client_requirement"]:
        return False
    cit = ff.primary
    if ff.fact["legacy_demand"]:
        ff.ctx["asked"] = "no quality manual and no blanket set of documented procedures"
        return True
    if ff.fact["cit_status"] == "missing" and ff.inferred and ff.inferred[0].score >= CLEAR:
        # uncited: judge the demand against the requirement the finding's own words clearly point to
        best = ff.inferred[0]
        clauses, item = [best.clause], None
        ff.ctx["clause"], ff.ctx["title"] = best.number, best.clause.title
    elif cit.clause is None or cit.standard is None or ff.fact["cit_status"] not in ("resolved", "too_broad"):
        return False
    else:
        clauses, item = [cit.clause], cit.item
        if ff.fact["cit_status"] == "too_broad":  # a heading: judge by everything beneath it
            clauses += cit.standard.leaves_under(cit.clause.number)
    di: set[str] = set()
    for c in clauses:
        di |= c.di_types(item if c is clauses[0] else None)
    # a procedure, manual or instruction needs a "maintain" requirement; "X is not documented" or a
    # record is supported by any documented-information requirement on the subject
    wants_procedure = bool(_PROCEDURE_DEMAND.search(words))
    supporting = {"maintain", "both"} if wants_procedure else {"maintain", "both", "retain"}
    if di & supporting:
        return False
    ff.ctx["asked"] = (
        "no documented information" if not di else "documented information of type " + ", ".join(sorted(di))
    )
    return True


# a topic named only as the place where the matter was seen: "posted on the canteen notice board", "stored in the
# visitor car park"; the subject is what stands before the preposition, not the place
_PLACE_BEFORE = re.compile(
    r"(?i)\b(?:in|on|at|inside|outside|near|beside|behind|by|next\s+to|opposite|around|across)\s+"
    r"(?:(?:the|a|an|our|its|their)\s+(?:[\w-]+\s+){0,1}|(?:(?:the|a|an|our|its|their)\s+)?[\w-]+\s+(?:and|or)\s+"
    r"(?:the|a|an|our|its|their)\s+(?:[\w-]+\s+){0,1})$"
)  # "in the canteen", "in reception and the canteen"

# the subject was put or seen there (a thing placed at the place), not a feature of the place ("the lights in the
# car park" are the car park's)
_PLACED = re.compile(
    r"(?i)\b(?:displayed|posted|pinned|kept|stored|found|seen|observed|left|held|hung|hanging|placed|filed|"
    r"located|shown|on\s+display|printed|copies|notice\s*boards?)\b"
)

_NEGATED = re.compile(r"(?i)\b(?:not|no|never|nor|without)\b|n't\b")


def _only_where(std: Standard, text: str, start: int) -> bool:
    """The out-of-scope words at `start` name only where something else stands: a place after a preposition,
    put or seen there (displayed, kept, found ...), whose subject before it, in the same sentence, is itself a
    subject of the standard (a requirement of it is clearly inferred from those words alone). Lights broken in
    the car park are a feature of the place and stay the car park's matter; a thing "not displayed in the canteen"
    asks for the place itself."""
    before = text[:start]
    cut = max(before.rfind("."), before.rfind(";"), before.rfind("\n"))
    sentence = before[cut + 1 :]
    m = _PLACE_BEFORE.search(sentence)
    if m is None:
        return False
    subject = sentence[: m.start()]
    place = " ".join(text[start:].split()[:4])  # the place may say the placing itself: "on the canteen notice board"
    if len(subject.split()) < 2 or not (_PLACED.search(subject) or _PLACED.search(place)) or _NEGATED.search(subject):
        return False  # "is not displayed in the canteen": the place itself is what the finding asks for
    found = infer_requirements(std, subject, k=1)
    if not found:
        return False
    # clearly inferred, or one of the clause's own subject phrases named whole ("the energy policy")
    low = subject.lower()
    return found[0].score >= CLEAR or any(" " in k and k.lower() in low for k in found[0].clause.keywords)


@fact("out_of_scope", reads=("out_of_scope_in_statement", "tree"))
def out_of_scope(ff: FindingFacts) -> bool:
    """The statement is about a subject that no requirement of the audited standard's family covers."""
    lex = ff.report.lexicons.get("out_of_scope")
    std = ff.criteria
    if lex is None or std is None:
        return False
    for fld, hit in ff.hits.get("out_of_scope", []):
        if fld != "statement" or hit.topic is None:
            continue
        label, covered = lex.topic(hit.topic)
        if _only_where(std, ff.text(fld), hit.start):
            continue  # the place where something else was seen ("the plan posted on the canteen board")
        if std.family not in covered:
            ff.ctx["topic"] = label
            ff.ctx["out_of_scope_words"] = hit.text
            ff.ctx["topic_covered_by"] = covered
            return True
    return False


# what a demanded means is, when it is a document: then the finding also demands documentation
_MEANS_IS_DOCUMENT = re.compile(
    r"(?i)chart|diagram|map|matri|sheet|list|log|register|card|poster|board|form|report|stud|record|database|spreadsheet"
)
_DEMANDED_INHERENTLY = re.compile(
    r"(?i)\b(?:rather\s+than|instead\s+of|should|must|needs?|ought|has\s+to|have\s+to|expected\s+to)\b"
)
# abbreviations auditors write for what the trees spell out
_ABBREVIATIONS = {
    "pfmea": "process fmea",
    "dfmea": "design fmea",
    "msa": "measurement system analysis",
    "spc": "statistical process control",
    "ppap": "production part approval process",
    "apqp": "advanced product quality planning",
    "fai": "first article inspection",
    "csr": "customer-specific requirements",
    "soa": "statement of applicability",
    "capa": "corrective and preventive action",
    "ncr": "nonconformity report",
    "bia": "business impact analysis",
}
_ABBREVIATION = re.compile(r"(?i)\b(?:" + "|".join(_ABBREVIATIONS) + r")\b")
# unit words, and containers that say nothing of what is asked ("an MSA study" is an MSA)
_UNIT_WORDS = frozenset(
    {"each", "every", "single", "per", "for", "at", "in", "all", "study", "studies", "result", "results", "report"}
)


def named_in_standard(std: Standard, phrase: str) -> bool:
    """Whether one normative clause of the standard (its title and requirement text with items) holds every
    content word of the phrase: the tree, not a list, says what the standard asks for. Keywords are left out:
    they are the words findings use for a subject (retrieval aids), not what the requirement asks."""
    phrase = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0).lower()], phrase)
    words = set(inference_tokens(phrase)) - _UNIT_STEMS
    if not words:
        return True
    sets = std.once(
        "clause_words",
        lambda: [
            frozenset(inference_tokens(" ".join([c.title, c.summary()])))
            for c in std.walk()
            if c.normative and c.kind != "term"
        ],
    )
    return any(words <= s for s in sets)


_UNIT_STEMS = frozenset(inference_tokens(" ".join(sorted(_UNIT_WORDS))))


@fact(
    "unsupported_means",
    reads=("specific_means_in_statement", "client_requirement", "requirement_inferred", "tree"),
)
def unsupported_means(ff: FindingFacts) -> bool:
    """The finding demands a particular medium, format, tool, method or frequency (an organisation chart, a
    turtle diagram for every process, blue ink, weekly) that no requirement of the standard audited names."""
    std = ff.criteria
    if std is None or not std.is_requirements:
        return False
    statement = ff.finding.statement
    hits = [h for f, h in ff.hits.get("specific_means", ()) if f == "statement"]
    for k, hit in enumerate(hits):
        if not (demands(statement, hit) or _DEMANDED_INHERENTLY.search(hit.text)):
            continue
        end = hit.end
        if k + 1 < len(hits) and 0 <= hits[k + 1].start - end <= 3:  # "a turtle diagram" + "for every process"
            end = hits[k + 1].end
        phrase = statement[hit.start : end]
        if named_in_standard(std, phrase):
            continue
        ff.ctx["means_words"] = phrase
        ff.spans["means"] = ("statement", hit.start, end)
        ff.ctx["means_is_document"] = bool(_MEANS_IS_DOCUMENT.search(phrase))
        _nearest(ff)
        return True
    return False


@fact("means_is_document", reads=("unsupported_means",))
def means_is_document(ff: FindingFacts) -> bool:
    """The unsupported means demanded is a document (a chart, diagram, map, matrix, register, sheet, log)."""
    return bool(ff.fact["unsupported_means"] and ff.ctx.get("means_is_document"))


def _nearest(ff: FindingFacts) -> None:
    """The nearest requirement in our words, for a reader to compare with what was demanded."""
    if not ff.inferred:
        ff.ctx["nearest"] = "no requirement of the standard is near it"
        return
    best = ff.inferred[0].clause
    first = best.summary().split(". ")[0].strip().rstrip(".")
    if len(first) > 220:
        first = first[:217].rsplit(" ", 1)[0] + "..."
    ff.ctx["nearest"] = f"the nearest requirement, {best.number} {best.title}, asks: {first}"


@fact(
    "guidance_only_basis",
    reads=("cit_guidance", "evidenced_nonfulfilment", "client_requirement", "requirement_inferred"),
)
def guidance_only_basis(ff: FindingFacts) -> bool:
    """A guidance or vocabulary document is cited and nothing else stands behind the finding: no nonfulfilment
    observed apart from it, no client document, and its words point to no requirement of the criteria clearly."""
    if not ff.fact["cit_guidance"] or ff.fact["evidenced_nonfulfilment"] or ff.fact["client_requirement"]:
        return False
    return not (ff.inferred and ff.inferred[0].score >= 0.5)


@fact("means_client_backed", reads=("unsupported_means", "lexicon:client_criteria", "client_requirement"))
def means_client_backed(ff: FindingFacts) -> bool:
    """A document of the client's own requires the demanded means: a named procedure, plan or specification
    other than the document the demand is about ("... within the nonconforming-product procedure")."""
    if not ff.fact["client_requirement"]:
        return False
    means = ff.spans.get("means")
    if means is None:
        return True
    _, start, end = means
    apart = [
        h
        for f, h in ff.hits.get("client_criteria", ())
        if not (f == "statement" and start <= h.start < end) and not ff.quoted(f, h.start)
    ]
    return bool(apart)
