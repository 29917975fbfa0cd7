"""A major read from the major fact the evidence records (issue 24, round 9; 17021-1 3.12, 3.13).

Output released after its process's qualification lapsed or after a design released without review and
verification; an automatic check found in bypass; personal data sent outside the organisation; a required process
covering one part "only" while the operational sites are not covered; an assessment leaving out work added and now
running; a record already holding entries for checks not yet due. Each major wording has a near-identical twin
without the major fact that stays minor. Every wording here is our own."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from tests.one_finding import check_one

Q, F, M, IA = "ISO 9001:2015", "ISO 22000:2018", "ISO 13485:2016", "IATF 16949:2016"
E, S, H = "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018"

# standard, clause, the major wording, its minor twin (the major fact taken out)
PAIRS: list[tuple[str, str, str, str]] = [
    # output released while its process's qualification had lapsed
    (
        M,
        "7.5.7",
        "38 sterile loads have been released since the sterilisation requalification lapsed in March.",
        "The sterilisation requalification is due in March; 38 loads have been released since the last one.",
    ),
    (
        F,
        "8.5.4",
        "Twelve batches were dispatched to customers after the pasteuriser validation had expired in June.",
        "The pasteuriser validation expires in June; twelve batches were dispatched to customers this week.",
    ),
    # a design released without review and verification, and units delivered
    (
        Q,
        "8.3.4",
        "Controller rev 4 was released to production without design review or verification, and units were "
        "delivered to customers.",
        "Controller rev 4 was released to production without design review or verification; no units have been "
        "built yet.",
    ),
    # the automatic check found switched past its purpose
    (
        IA,
        "8.5.1",
        "The 100% leak tester on line 3 was found in bypass mode for three shifts; about 1,900 parts were made.",
        "The leak tester bypass key on line 3 was not kept in the locked box; the tester was in normal mode.",
    ),
    (
        F,
        "8.5.4",
        "The metal detector on the packing line was left in bypass for the night shift.",
        "The metal detector bypass procedure on the packing line was not signed by the shift lead.",
    ),
    # personal data sent outside the organisation
    (
        S,
        "5.34",
        "A file with payroll data of 412 employees was emailed to 312 external recipients; it was logged as a "
        "service request.",
        "A file with payroll data of 412 employees was emailed to 12 HR staff; it was logged as a service request.",
    ),
    (
        Q,
        "7.5.3",
        "Customer records of the loyalty scheme were shared with a third party marketing agency without a contract.",
        "Customer records of the loyalty scheme were shared with the sales team without a retention date.",
    ),
    # a required process covering one part only while the operational sites are not covered
    (
        Q,
        "9.2.1",
        "Internal audits covered the head office only; the three production sites have not been audited since 2023.",
        "Internal audits covered the head office only; the archive room has not been audited since 2023.",
    ),
    (
        E,
        "9.2.2",
        "The audit programme is limited to the offices alone, and the manufacturing plants were never audited.",
        "The audit programme is limited to the offices alone, and the spare-parts store was never audited.",
    ),
    # an assessment leaving out work added and now running
    (
        F,
        "8.5.2",
        "The hazard analysis does not cover the chilled dessert range launched in May.",
        "The hazard analysis does not cover the chilled dessert range to be launched next year.",
    ),
    (
        S,
        "6.1.2",
        "The risk assessment does not cover the cloud platform now in the scope.",
        "The risk assessment does not cover the test platform, which is out of scope.",
    ),
    (
        H,
        "6.1.2.1",
        "The hazard identification does not include the second plant opened last year.",
        "The hazard identification does not include the second plant to be opened next year.",
    ),
    # a record already holding entries for checks not yet due
    (
        Q,
        "7.5.3",
        "The line check sheet already held entries for the later hours of the day when seen at 10:00.",
        "The line check sheet held entries for the earlier hours of the day when seen at 10:00.",
    ),
    (
        F,
        "8.5.4",
        "At 09:00 the CCP log already had readings for the remaining shifts of the day.",
        "At 09:00 the CCP log had readings for the first shift of the day.",
    ),
]


@pytest.mark.parametrize(("standard", "clause", "major", "minor"), PAIRS)
def test_the_major_fact_makes_the_major_and_its_twin_stays_minor(
    engine: Engine, standard: str, clause: str, major: str, minor: str
) -> None:
    got = check_one(engine, standard, clause, major, "Records seen on site.", grade="minor")
    assert got.proposed_grade == "major", got.grade_reasons
    twin = check_one(engine, standard, clause, minor, "Records seen on site.", grade="minor")
    assert twin.proposed_grade == "minor", twin.grade_reasons


def test_personal_data_sent_out_is_named_a_security_exposure(engine: Engine) -> None:
    got = check_one(
        engine, S, "5.34", "Payroll data of 412 employees was emailed to 312 external recipients.", "Ticket SR-1."
    )
    assert any(r.startswith("exposure: security exposure") for r in got.grade_reasons), got.grade_reasons
