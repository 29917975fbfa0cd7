"""A vague statement is an evaluative conclusion without the fact it rests on; words in quotation marks are
someone else's, never the auditor's vague wording (ST01)."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import Report


def _st01(engine: Engine, standard: str, clause: str, statement: str, evidence: str | None):
    report = Report.model_validate(
        {
            "standard": standard,
            "findings": [{"id": "F", "grade": "minor", "clause": clause, "statement": statement, "evidence": evidence}],
        }
    )
    return next((i for i in engine.check(report).findings[0].issues if i.rule == "ST01"), None)


BARE = [  # a verdict on something, with good evidence beside it but no fact in the statement
    (
        "ISO 9001:2015",
        "8.4.1",
        "Control of external providers is not robust.",
        "PO-5512 to supplier S-40, not on AVL rev 7.",
    ),
    (
        "ISO 14001:2015",
        "6.1.3",
        "Management of compliance obligations was found to be inadequate.",
        "Legal register LR-3 rev 2.",
    ),
    (
        "ISO 45001:2018",
        "8.1.4.2",
        "There is a lack of oversight of contractors.",
        "Contractor file CF-2026, permit book PB-4.",
    ),
    ("ISO/IEC 27001:2022", "A.5.18", "The access review process appears ineffective.", "AD export 2026-04-30."),
    (
        "ISO 9001:2015",
        "7.1.5.2",
        "Weaknesses in the calibration system.",
        "Gauges G-3 and G-8 labelled due 2026-04-01.",
    ),
]
FACTUAL = [  # the same verdicts with the fact they rest on, or a fact alone
    (
        "ISO 9001:2015",
        "8.4.1",
        "Control of external providers is not robust: supplier S-40 was used without evaluation.",
        "PO-5512.",
    ),
    (
        "ISO 14001:2015",
        "6.1.3",
        "The legal register omits the 2025 packaging waste regulations.",
        "Legal register LR-3 rev 2.",
    ),
    (
        "ISO 45001:2018",
        "8.1.4.2",
        "Oversight of contractors is weak; two roofers worked without a permit on 2026-05-02.",
        "Permit book PB-4.",
    ),
    ("ISO/IEC 27001:2022", "A.5.18", "Access of three leavers was not removed.", "AD export 2026-04-30."),
]
QUOTED = [  # the vague word is a record's or a person's text, quoted
    (
        "ISO 9001:2015",
        "8.5.1",
        "The shift log reads 'all checks done properly' but the 14:00 torque check is blank.",
        "Shift log SL-3, 2026-05-02.",
    ),
    (
        "ISO 45001:2018",
        "6.1.2.2",
        'RA-9 rates the noise risk as "generally acceptable" while readings of 91 dB(A) were recorded.',
        "Noise survey NS-2026.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), BARE, ids=[b[2][:40] for b in BARE])
def test_a_bare_conclusion_is_vague_even_with_good_evidence(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    issue = _st01(engine, standard, clause, statement, evidence)
    assert issue is not None
    assert issue.span is not None and issue.span.text in statement and issue.span.text in issue.message


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), FACTUAL, ids=[f[2][:40] for f in FACTUAL])
def test_a_conclusion_with_its_fact_is_clear(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    assert _st01(engine, standard, clause, statement, evidence) is None


@pytest.mark.parametrize(("standard", "clause", "statement", "evidence"), QUOTED, ids=[q[2][:40] for q in QUOTED])
def test_quoted_words_are_not_the_auditors_vague_wording(
    engine: Engine, standard: str, clause: str, statement: str, evidence: str
) -> None:
    assert _st01(engine, standard, clause, statement, evidence) is None
    unquoted = statement.replace("'", "").replace('"', "")
    assert _st01(engine, standard, clause, unquoted, evidence) is not None  # the same words, said by the auditor
