"""The contract's words for grades, verdicts and severities, and their orders: written once here and imported
by every layer (models, normalising, facts, the check, the outputs, the tools). Changing a word or an order
here changes what is accepted or what is printed: the golden files and the corpus figures show it."""

from __future__ import annotations

from typing import Literal, get_args

# -- grades -----------------------------------------------------------------------------------------------------

RaisedGrade = Literal["major", "minor", "ofi", "observation"]  # as the auditor raised it (a finding's `grade`)
ProposedGrade = Literal["major", "minor", "ofi", "none"]  # as ncaudit proposes it; a scheme grade's `maps_to`
RAISED_GRADES: tuple[str, ...] = get_args(RaisedGrade)
PROPOSED_GRADES: tuple[str, ...] = get_args(ProposedGrade)
FACT_GRADES = ("major", "minor", "ungraded", "ofi", "observation")  # the `grade` fact: `ungraded` when none given
NC_GRADES = ("major", "minor", "ungraded")  # raised as a nonconformity
OFI_GRADES = ("ofi", "observation")  # raised as an opportunity for improvement or an observation

# every grade by weight, raised or proposed: an observation weighs as an OFI, an ungraded nonconformity as a minor
GRADE_ORDER = {"none": 0, "ofi": 1, "observation": 1, "minor": 2, "ungraded": 2, "major": 3}

# a grade in a sentence ("raised as a minor nonconformity")
GRADE_NAMES = {
    "major": "major nonconformity",
    "minor": "minor nonconformity",
    "ungraded": "ungraded nonconformity",
    "ofi": "opportunity for improvement",
    "observation": "observation",
}

SCHEME_GRADE_WORDS = ("critical", "critical nc", "critical nonconformity")  # FSSC 22000's grade above major

# grade words, compared lower-case with punctuation folded to spaces ("Cat. 1" -> "cat 1", "Minor-NC" -> "minor nc")
GRADE_WORDS: dict[str, str] = {
    # FSSC 22000's grade above major: raised as major, the scheme's own grade kept as `scheme_grade`
    **dict.fromkeys(SCHEME_GRADE_WORDS, "major"),
    **{
        w: "major"
        for w in (
            "major",
            "maj",
            "major nc",
            "major ncr",
            "major nonconformity",
            "major non conformity",
            "major nonconformance",
            "major non conformance",
            "cat 1",
            "cat i",
            "category 1",
            "category i",
            "cat 1 nc",
            "category 1 nc",
            "nc cat 1",
            "nc category 1",
            "major finding",
        )
    },
    **{
        w: "minor"
        for w in (
            "minor",
            "min",
            "minor nc",
            "minor ncr",
            "minor nonconformity",
            "minor non conformity",
            "minor nonconformance",
            "minor non conformance",
            "cat 2",
            "cat ii",
            "category 2",
            "category ii",
            "cat 2 nc",
            "category 2 nc",
            "nc cat 2",
            "nc category 2",
            "requires correction",
            "minor finding",
        )
    },
    **{
        w: "ofi"
        for w in (
            "ofi",
            "ofis",
            "opportunity for improvement",
            "opportunities for improvement",
            "improvement opportunity",
            "opportunity to improve",
            "improvement",
            "ofi opportunity for improvement",
        )
    },
    **{
        w: "observation"
        for w in (
            "observation",
            "obs",
            "area of concern",
            "areas of concern",
            "aoc",
            "concern",
            "area for concern",
        )
    },
}
# Words that name different grades at different certification bodies: never guessed, always a warning.
AMBIGUOUS_GRADES: dict[str, str] = {
    "cat 3": "an observation at some certification bodies and an opportunity for improvement at others",
    "category 3": "an observation at some certification bodies and an opportunity for improvement at others",
    "cat iii": "an observation at some certification bodies and an opportunity for improvement at others",
    "nc": "a nonconformity, without saying major or minor",
    "nonconformity": "a nonconformity, without saying major or minor",
    "non conformity": "a nonconformity, without saying major or minor",
    "ncr": "a nonconformity, without saying major or minor",
}

# -- verdicts ---------------------------------------------------------------------------------------------------

Verdict = Literal["sound", "revise", "regrade", "withdraw"]  # mildest first: the strongest any rule proposes wins
VERDICTS: tuple[str, ...] = get_args(Verdict)
INVALID_VERDICTS = frozenset({"withdraw", "regrade"})  # the finding should not stand as raised
Effect = Literal["withdraw", "regrade", "revise", "none"]  # what a rule proposes for the verdict
EFFECTS: tuple[str, ...] = get_args(Effect)

# -- severities -------------------------------------------------------------------------------------------------

Severity = Literal["error", "warning", "info"]  # most severe first: issues are listed in this order
SEVERITIES: tuple[str, ...] = get_args(Severity)
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
ACTIONABLE = ("error", "warning")  # issues that ask for something (an `info` flag never changes a verdict)
FAIL_ON = {"error": ("error",), "warning": ("error", "warning"), "never": ()}  # `ncaudit check --fail-on LEVEL`

# -- the response plan ------------------------------------------------------------------------------------------

DECISIONS = ("accept", "contest: withdraw", "contest: regrade", "ask for revision")
PLAN_GRADES = ("major", "minor", "observation", "ofi", "none")  # the plan summary's columns, in this order
