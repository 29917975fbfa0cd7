"""Does the edition ask for a documented procedure on a subject? Answered from the clause trees' `di` marks.

Principle: an auditor may demand a documented procedure only where the audited edition asks for one (ISO/IEC
17021-1 9.4.5.3). ISO 9001:2008 asked for six, ISO 13485 and IATF 16949 ask for many; ISO 9001:2015, ISO 14001,
ISO 45001, ISO/IEC 27001, ISO 22000 and ISO 50001 mostly ask for documented information "to the extent
necessary", records, or nothing. What a requirement asks is marked in its tree: `di` on its provisions and its
obligations (`maintain`: a document, `retain`: a record, `both`, `determine`: what the organization decides is
needed). `documentation_asked(std, subject, near)` finds the requirements of the subject (the clauses `near`, the
cited or inferred ones, that the subject's words match, and those its words clearly point to) and says what they
ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.standards.inference import infer_requirements, tokens
from engine.standards.model import Clause, Standard

CLEAR = 0.35  # an inferred requirement at least this plausible is the subject's (engine/facts/demand.py's figure)
# a document to work to: a procedure is one (ISO 13485's "documented procedure", ISO 9001:2008's six)
PROCEDURE_DI = frozenset({"maintain", "both"})
_DI_WORDS = {
    "retain": "records (documented information retained as evidence)",
    "determine": "the documented information the organization determines to be necessary",
    "maintain": "documented information maintained",
    "both": "documented information maintained and retained",
    "output": "the documented information that is its own output, not a procedure for producing it",
    "content": "documented information on its methods and criteria (what is used, not a procedure for doing it)",
}


@dataclass(frozen=True, slots=True)
class DocumentationAsked:
    """What the requirements of a subject ask in documentation."""

    clause: Clause | None  # the requirement of the subject (None: no clause of the edition covers it)
    di: frozenset[str]  # the documented information its provisions and obligations ask for
    obliges: str  # the obligation nearest the subject, in our words

    @property
    def asks_procedure(self) -> bool:
        return bool(self.di & PROCEDURE_DI)

    def describe(self) -> str:
        """What the requirement asks in documentation, in our words."""
        if self.clause is None:
            return "no requirement of the edition covers it"
        if not self.di:
            return "no documented information"
        return "; ".join(_DI_WORDS[d] for d in sorted(self.di) if d in _DI_WORDS)


# a maintained document that describes a way of working (a procedure, a process, a method, instructions)
_WAY_OF_WORKING = re.compile(r"(?i)\b(?:procedur\w*|process\w*|method\w*|instruction\w*|arrangement\w*|how|ways?)\b")


# a maintained document named by its content: documented information on the methods, methodology or criteria used
# ("documented information on the methods and criteria used to develop the energy review is maintained")
_CONTENT_NAMED = re.compile(
    r"(?ix)documented\s+information\s+(?:is\s+\w+\s+)?(?:on|of|about)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:methods?|methodolog\w*|criteria)\b"
    r"|\b(?:methods?|methodolog\w*|criteria)\b(?:\s+and\s+(?:criteria|methods?))?(?:\s+[\w-]+){0,6}\s+(?:is|are)\s+"
    r"(?:maintained|described|documented)\b"
)
# a maintained document that names a procedure, a process, instructions or a plan is one to work to
_NAMES_A_PROCEDURE = re.compile(r"(?i)\b(?:procedur\w*|process\w*|instruction\w*|plans?|how|ways?|arrangement\w*)\b")


def _marks(text: str, di: str, words: frozenset[str]) -> str:
    """The mark `di` of a provision or obligation, read against the procedure's subject: a document to maintain
    that is the subject's own output (the policy, the scope, the register), and describes no way of working, is
    not a procedure for the subject ("a procedure for how the policy is developed": the clause asks for the policy
    as documented information, not for a description of how it is written). A document to maintain that the
    requirement names by its content, the methods, methodology or criteria used (ISO 50001 6.3's energy review), and
    names no procedure, process, instruction or plan, asks for that content documented, in whatever form, not for a
    procedure for the activity ("content")."""
    if di in PROCEDURE_DI and words & set(tokens(text)) and not _WAY_OF_WORKING.search(text):
        return "output"
    if di in PROCEDURE_DI and _CONTENT_NAMED.search(text) and not _NAMES_A_PROCEDURE.search(text):
        return "content"
    return di


def _di_of(c: Clause, words: frozenset[str] = frozenset()) -> frozenset[str]:
    di = {_marks(p.text, p.di, words) for p in c.all_provisions()}
    if c.obligation is not None:
        di |= {_marks(o.text, o.di, words) for o in c.obligation.obliges}
    return frozenset(di - {"none"})


def _shares(c: Clause, words: frozenset[str]) -> int:
    vocab = set(tokens(" ".join([c.title, " ".join(c.keywords), c.summary()])))
    return len(words & vocab)


def documentation_asked(std: Standard, subject: str, near: Iterable[str] = ()) -> DocumentationAsked:
    """The requirements of `subject` in `std` and the documented information they ask for: each clause `near`
    (cited or inferred) sharing at least half of the subject's words, or else the two the subject's words point to
    clearly. A procedure is asked where any of them asks for a maintained document: the doubt keeps
    the finding."""
    words = frozenset(tokens(subject))
    clauses: list[Clause] = []
    for number in near:
        c = std.clauses.get(number)
        if c is not None and words and 2 * _shares(c, words) >= len(words) and _shares(c, words) >= min(2, len(words)):
            clauses.append(c)
    if not clauses:  # the clause cited is the auditor's own basis where it is about the subject
        clauses = [m.clause for m in infer_requirements(std, subject, k=2) if m.score >= CLEAR]
    if not clauses:
        return DocumentationAsked(None, frozenset(), "")
    di: set[str] = set()
    judged: list[Clause] = []
    for c in clauses:
        judged.append(c)
        if not c.has_shall:  # a heading: its requirements beneath it
            judged += std.leaves_under(c.number)
    for c in judged:
        di |= _di_of(c, words)
    obliges = [o.text for c in judged if c.obligation is not None for o in c.obligation.obliges]
    nearest = max(obliges, key=lambda t: len(words & set(tokens(t))), default="")
    return DocumentationAsked(clauses[0], frozenset(di), nearest or clauses[0].summary()[:240])
