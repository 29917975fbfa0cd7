"""The contract's words for grades, verdicts and severities, and their orders: written once here and imported
by every layer (models, normalising, facts, the check, the outputs, the tools). Changing a word or an order
here changes what is accepted or what is printed: the golden files and the corpus figures show it."""

from __future__ import annotations

import re
import unicodedata
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


def fold_words(text: str) -> str:
    """How grade words are compared: accents dropped (`conformité` -> `conformite`), lower case, anything but
    letters and digits folded to single spaces (`Minor-NC` -> `minor nc`); letters of any script are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


# Grade words in the languages certification bodies write reports in most, as they write them (compared folded,
# so `Non-conformité majeure`, `non conformite majeure` and `NC majeure` all read). A word that names a
# nonconformity without its grade (`Abweichung`, `no conformidad`) is in AMBIGUOUS_BY_LANGUAGE.
GRADE_WORDS_BY_LANGUAGE: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "major": ("Hauptabweichung", "wesentliche Abweichung", "schwerwiegende Abweichung", "Major-Abweichung"),
        "minor": ("Nebenabweichung", "geringfügige Abweichung", "geringe Abweichung", "Minor-Abweichung"),
        "ofi": ("Verbesserungspotenzial", "Verbesserungspotential", "Verbesserungsmöglichkeit", "Empfehlung"),
        "observation": ("Beobachtung", "Hinweis"),
    },
    "fr": {
        "major": ("non-conformité majeure", "NC majeure", "écart majeur"),
        "minor": ("non-conformité mineure", "NC mineure", "écart mineur"),
        "ofi": ("piste de progrès", "piste d'amélioration", "opportunité d'amélioration", "axe d'amélioration"),
        "observation": ("point sensible", "point de vigilance", "remarque"),
    },
    "es": {
        "major": ("no conformidad mayor", "NC mayor", "no conformidad grave"),
        "minor": ("no conformidad menor", "NC menor", "no conformidad leve"),
        "ofi": ("oportunidad de mejora", "oportunidades de mejora"),
        "observation": ("observación", "observaciones"),
    },
    "it": {
        "major": ("non conformità maggiore", "NC maggiore", "non conformità grave"),
        "minor": ("non conformità minore", "NC minore", "non conformità lieve"),
        "ofi": ("opportunità di miglioramento", "spunto di miglioramento"),
        "observation": ("osservazione", "osservazioni"),
    },
    "pt": {
        "major": ("não conformidade maior", "NC maior", "não conformidade grave"),
        "minor": ("não conformidade menor", "NC menor", "não conformidade leve"),
        "ofi": ("oportunidade de melhoria", "oportunidades de melhoria"),
        "observation": ("observação", "observações"),
    },
    "nl": {
        "major": ("major afwijking", "grote afwijking", "ernstige afwijking"),
        "minor": ("minor afwijking", "kleine afwijking", "lichte afwijking"),
        "ofi": ("verbeterpunt", "verbetermogelijkheid", "kans voor verbetering"),
        "observation": ("observatie", "aandachtspunt"),
    },
    "sv": {
        "major": ("större avvikelse", "allvarlig avvikelse"),
        "minor": ("mindre avvikelse",),
        "ofi": ("förbättringsmöjlighet", "förbättringsförslag"),
        "observation": ("iakttagelse",),
    },
    "zh": {
        "major": ("严重不符合", "严重不符合项", "嚴重不符合", "嚴重不符合項", "主要不符合", "主要不符合项"),
        "minor": (
            "轻微不符合",
            "轻微不符合项",
            "輕微不符合",
            "輕微不符合項",
            "一般不符合",
            "一般不符合项",
            "次要不符合",
        ),
        "ofi": ("改进机会", "改進機會", "改善机会", "改善機會"),
        "observation": ("观察项", "觀察項", "观察", "觀察"),
    },
    "ja": {
        "major": ("重大な不適合", "重大不適合"),
        "minor": ("軽微な不適合", "軽微不適合"),
        "ofi": ("改善の機会", "改善機会"),
        "observation": ("観察事項",),
    },
}
AMBIGUOUS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "de": ("Abweichung",),
    "fr": ("non-conformité", "écart"),
    "es": ("no conformidad",),
    "it": ("non conformità",),
    "pt": ("não conformidade",),
    "nl": ("afwijking", "tekortkoming"),
    "sv": ("avvikelse",),
    "zh": ("不符合", "不符合项", "不符合項"),
    "ja": ("不適合",),
}
_UNGRADED_NC = "a nonconformity, without saying major or minor"
GRADE_WORDS.update(
    {
        fold_words(w): grade
        for words in GRADE_WORDS_BY_LANGUAGE.values()
        for grade, ws in words.items()
        for w in ws
        if fold_words(w) not in GRADE_WORDS  # the English word wins where the spelling is the same
    }
)

# Words that name different grades at different certification bodies: never guessed, always a warning.
AMBIGUOUS_GRADES: dict[str, str] = {
    "cat 3": "an observation at some certification bodies and an opportunity for improvement at others",
    "category 3": "an observation at some certification bodies and an opportunity for improvement at others",
    "cat iii": "an observation at some certification bodies and an opportunity for improvement at others",
    "nc": "a nonconformity, without saying major or minor",
    "nonconformity": "a nonconformity, without saying major or minor",
    "non conformity": "a nonconformity, without saying major or minor",
    "ncr": "a nonconformity, without saying major or minor",
    **{fold_words(w): _UNGRADED_NC for ws in AMBIGUOUS_BY_LANGUAGE.values() for w in ws},
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
