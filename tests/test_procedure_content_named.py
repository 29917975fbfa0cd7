"""A requirement that names the content of a document, not a procedure (issue 23, round 7).

Principle: where a requirement asks for documented information on the methods, methodology or criteria used (ISO 50001
6.3's energy review, 6.4's EnPIs), it asks for that content documented in whatever form; a finding that asks for a
"documented procedure" for the activity asks for a form the edition does not require (DI03). Its twins stay kept:
the methods or criteria themselves recorded as not documented, the activity not done, and a procedure the edition does
ask for (ISO 13485 asks documented procedures for feedback, whose requirement names its procedures).

Every wording is ours.
"""

from __future__ import annotations

import pytest

from engine.standards.library import StandardLibrary
from engine.standards.procedures import documentation_asked
from tests.one_finding import check_one

WITHDRAWN = [
    (
        "ISO 50001:2018",
        "6.3",
        "No written procedure exists for carrying out the energy review.",
        "The 2025 energy review EMR-25 and its analysis of electricity and gas use were shown.",
    ),
    (
        "ISO 50001:2018",
        None,
        "The site has no documented procedure describing how the energy review is performed.",
        None,
    ),
    (
        "ISO 50001:2018",
        "6.4",
        "There is no documented procedure for determining and updating the EnPIs.",
        "EnPI register EN-2 lists kWh per tonne for lines 1 to 3, updated in January.",
    ),
]

KEPT = [
    (
        "ISO 50001:2018",
        "6.3",
        "The methods and criteria used to develop the energy review are not documented; the "
        "energy manager could not say how significant energy uses were chosen.",
        None,
    ),
    (
        "ISO 50001:2018",
        "6.3",
        "No energy review has been carried out since certification: no analysis of energy use "
        "or consumption exists for 2024 or 2025.",
        None,
    ),
    ("ISO 50001:2018", "6.4", "The methodology for determining and updating the EnPIs is not documented.", None),
    (
        "ISO 13485:2016",
        "8.2.1",
        "There is no documented procedure for the feedback process; post-market data are "
        "collected informally by sales.",
        None,
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), WITHDRAWN)
def test_a_procedure_where_the_requirement_names_documented_content_is_withdrawn(
    engine, standard, clause, statement, evidence
):
    v = check_one(engine, standard, clause, statement, evidence)
    assert v.verdict == "withdraw", (statement, [i.rule for i in v.issues])
    assert any(i.rule == "DI03" for i in v.issues)


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), KEPT)
def test_the_content_missing_or_a_procedure_asked_is_kept(engine, standard, clause, statement, evidence):
    v = check_one(engine, standard, clause, statement, evidence)
    assert v.verdict != "withdraw", (statement, [i.rule for i in v.issues])


def test_content_named_is_not_a_procedure_but_a_named_procedure_is() -> None:
    lib = StandardLibrary.load()
    energy = documentation_asked(lib.resolve("ISO 50001:2018"), "conducting the energy review", ["6.3"])
    assert not energy.asks_procedure and "content" in energy.di
    feedback = documentation_asked(lib.resolve("ISO 13485:2016"), "the feedback process", ["8.2.1"])
    assert feedback.asks_procedure
