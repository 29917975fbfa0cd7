"""The seventh letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), each asserted on letters of
our own making (three reports written for this file, none of the fixtures' wordings): grounds from the evidence's
own facts, the solution and every non-requirement as the finding words them, no deniable "leaves to us", facts only
the client knows left to it, the check beyond a sample, interim containment, what we do if a finding is kept,
periods named once, no choice made twice, late plans soon, dates clear of the year-end gap, a minor's evidence after
expiry raised first, a visit window, and sentences a reader can hold."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import _before_the_holidays, challenge_letter, containment, non_requirements

DOCUMENTS: dict[str, Any] = {  # a withdrawal on a preference, a share of a sample failed, an improvement
    "id": "AR-55",
    "standard": "ISO 9001:2015",
    "client": "Fenwick Castings Ltd",
    "client_country": "GB",
    "certification_body": "Example Cert",
    "audit": {
        "type": "surveillance",
        "first_day": "2026-06-09",
        "last_day": "2026-06-10",
        "lead_auditor": "P. Moreau",
        "reference": "S-55",
    },
    "findings": [
        {
            "id": "NC-X",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "Customer specifications are kept as printed copies in a lever-arch file in the quality "
            "office. Good practice is a web-based document management system, which many manufacturers in the "
            "region now use.",
            "evidence": "File QF-2 holds 40 customer specifications, each marked with its issue number; the register "
            "at the front lists every one.",
        },
        {
            "id": "NC-Y",
            "grade": "minor",
            "clause": "8.5.1",
            "statement": "The cure time was not recorded on 4 of 15 batch cards sampled (cards BC-12, BC-19, BC-22, "
            "BC-30), although procedure PR-11 requires it.",
            "evidence": "Batch cards BC-12, BC-19, BC-22 and BC-30 reviewed at the curing ovens on 9 June 2026.",
        },
        {
            "id": "OFI-Z",
            "grade": "ofi",
            "clause": "8.4.1",
            "statement": "Supplier delivery data could be reviewed monthly to spot late deliveries earlier.",
        },
    ],
}
DAIRY: dict[str, Any] = {  # a safety-critical lack with no evidence identified, a share of cases mislabelled
    "id": "BR-9",
    "standard": "ISO 9001:2015",
    "client": "Lakeside Dairy Ltd",
    "client_country": "GB",
    "certification_body": "Example Cert",
    "audit": {"type": "surveillance", "date": "2026-11-25", "lead_auditor": "K. Osei", "reference": "S-9"},
    "findings": [
        {
            "id": "NC-P",
            "grade": "minor",
            "clause": "8.5.1",
            "statement": "Hygiene clearance after cleaning was not verified before production restarted on filler 3.",
            "evidence": "Seen during the audit.",
        },
        {
            "id": "NC-Q",
            "grade": "minor",
            "clause": "8.5.2",
            "statement": "Batch codes on 3 of 25 cases checked in the chill store (cases C-101, C-117, C-140) did "
            "not match the batch record BR-88.",
            "evidence": "Case labels C-101, C-117 and C-140 compared with batch record BR-88 in the chill store on "
            "25 November 2026.",
        },
    ],
}
GEARS: dict[str, Any] = {  # recertification answered late, periods stated, one ending on a Saturday
    "id": "RC-300",
    "standard": "ISO 9001:2015",
    "client": "Northfield Gears Ltd",
    "client_country": "GB",
    "certification_body": "Example Cert",
    "certificate_expiry": "2026-12-31",
    "audit": {
        "type": "recertification",
        "first_day": "2026-10-13",
        "last_day": "2026-10-14",
        "lead_auditor": "A. Brandt",
        "reference": "RC-300-26",
        "response_times": {
            "major": {"response": "14 days", "evidence": "60 days"},
            "minor": {"response": "31 days", "evidence": "90 days"},
        },
    },
    "findings": [
        {
            "id": "NC-M",
            "grade": "major",
            "clause": "9.3.1",
            "statement": "No management review has been held since March 2024, although procedure QP-02 requires "
            "one every twelve months.",
            "evidence": "Management review minutes file MR-2024; interview with the managing director on 13 October "
            "2026.",
        },
        {
            "id": "NC-N",
            "grade": "minor",
            "clause": "7.2",
            "statement": "Training records for the two new heat-treatment operators were not available (operators "
            "OP-41 and OP-42), although procedure HR-05 requires them.",
            "evidence": "Training file TF-2026 reviewed on 14 October 2026.",
        },
    ],
}
DAYS = {"documents": dt.date(2026, 6, 15), "dairy": dt.date(2026, 11, 30), "gears": dt.date(2026, 11, 16)}
LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


@pytest.fixture(scope="module")
def letters() -> dict[str, str]:
    engine = Engine()
    out = {}
    for key, data in (("documents", DOCUMENTS), ("dairy", DAIRY), ("gears", GEARS)):
        report = Report.model_validate(data)
        text = challenge_letter(report, engine.check(report), date=DAYS[key])
        assert isinstance(text, str)
        out[key] = text
    return out


def _section(text: str, heading: str) -> str:
    start = text.index("### " + heading)
    nxt = re.search(r"^#{2,3} ", text[start + 4 :], re.M)
    return text[start : start + 4 + nxt.start()] if nxt else text[start:]


def _intro(text: str) -> str:
    return text[: text.index("###")]


def test_the_evidence_ground_matches_the_evidences_facts_to_the_obligations_words(letters: dict[str, str]) -> None:
    nc = _section(letters["documents"], "NC-X")
    assert (
        "shows that the customer specifications, which are of external origin, are identified (each is marked with "
        "its issue number) and listed (the register at the front lists every one). ISO 9001:2015 7.5.3.2 asks that "
        "documented information of external origin be identified and controlled." in nc
    )
    # (after the tenth reading) a register shows the list complete, not control: never "That is what ... asks"
    assert "That is what ISO 9001:2015 7.5.3.2 asks" not in nc
    for text in letters.values():  # the standard's own party never speaks in a client's letter
        assert "the organization" not in text.lower() and "the organisation" not in text.lower()


def test_the_solution_is_quoted_as_worded_and_every_non_requirement_named(letters: dict[str, str]) -> None:
    nc = _section(letters["documents"], "NC-X")
    assert "7.5.3.1 does not ask for a web-based document management system." in nc
    assert "the finding suggests one (\u201ca web-based document management system\u201d)" in nc
    assert (
        "rests on \u201cgood practice\u201d and on what \u201cmany manufacturers in the region now use\u201d; neither "
        "is a requirement of ISO 9001:2015." in nc
    )
    assert non_requirements("Industry standard is X. Most sites use Y; state of the art is Z.") == [
        "industry standard",
        "most sites use Y",
        "state of the art",
    ]
    assert non_requirements("The valve was not tested.") == []


def test_no_deniable_leaves_to_us_and_what_the_standard_names_instead(letters: dict[str, str]) -> None:
    nc = _section(letters["documents"], "NC-X")
    assert "leaves to us" not in nc and "leaves the method" not in nc
    # (after the ninth reading) said once, with the clause cited, in one ground: no second bullet repeats it
    assert "- ISO 9001:2015 asks for no particular medium: 7.5.2 b) names paper and electronic alike, and " in nc
    assert "The standard itself names" not in nc
    # whether our own procedures ask for it only the client knows
    assert "[To complete: Nor does any procedure of our own." in nc and "and no procedure of our own does" not in nc


def test_what_only_the_client_knows_is_inside_the_line_to_complete(letters: dict[str, str]) -> None:
    for text in letters.values():
        assert "We have already" not in text, text
    assert (
        "[To complete: We have checked the cure time on what was made under cards BC-12, BC-19"
        in (letters["documents"])
    )
    assert "[To complete: We have acted on C-101, C-117 and C-140:" in letters["dairy"]


def test_a_share_of_the_sample_failed_offers_the_check_beyond_it(letters: dict[str, str]) -> None:
    assert "We will also check the batch cards beyond the 15 sampled, back to [To complete: date]" in (
        _section(letters["documents"], "NC-Y")
    )
    nc_q = _section(letters["dairy"], "NC-Q")
    # (after the ninth reading) a traceability lack on goods: the stock and dispatches are checked already
    assert "We have also checked [To complete: the cases on site and those dispatched since ...]" in nc_q
    assert "product already delivered" in nc_q and "We will also check the cases" not in nc_q
    assert "beyond the" not in _section(letters["gears"], "NC-N")  # no sample, no share: nothing claimed
    from engine.core.models import Finding
    from engine.outputs.challenge import _extent_check

    def check(statement: str) -> str:
        return _extent_check(Finding.model_validate({"id": "N", "statement": statement}))

    assert "the work orders beyond the 30 sampled" in check("Signatures were missing on 5 of 30 work orders sampled.")
    assert check("The log was not signed on 2 of 5 days.") == ""  # a frequency, not a sample
    assert check("All 12 of 12 records sampled lacked a date.") == ""  # every one failed: nothing beyond to check


def test_a_safety_critical_lack_gets_interim_containment(letters: dict[str, str]) -> None:
    nc_p = _section(letters["dairy"], "NC-P")
    assert (
        "[To complete: Our procedure (ref. ...) requires hygiene clearance to be verified and signed off before "
        "production restarts after every cleaning; since the audit we have added ..." in nc_p
    )
    # (after the eleventh reading) the check runs from a date before the audit, not only forward from it
    assert "We are checking the records of every cleaning from [To complete: date, e.g. our last internal" in nc_p
    # (after the fourteenth reading) to the date of this letter, not "today"
    assert "to the date of this letter, and will send you the result with our plan." in nc_p
    assert "to confirm it" not in nc_p
    assert "send our plan for it with NC-Q's" in nc_p  # accepting it on our check comes with a date
    assert "time for our response to NC-P could run" in nc_p
    assert containment("The notice board was not updated before the audit.") == ""
    assert "Until this is settled" not in letters["documents"]


def test_a_finding_kept_against_us_has_its_plan_counted_from_the_decision(letters: dict[str, str]) -> None:
    end = _section(letters["documents"], "If our views")
    # (after the fourteenth reading, overturning the eleventh) a maintained nonconformity gets its plan (9.4.9)
    assert (
        "We will then send our cause analysis, correction and corrective action plan for it within 30 days of your "
        "decision" in end
    )


def test_the_opening_makes_the_plan_choice_once_and_names_no_kept_period(letters: dict[str, str]) -> None:
    # (after the eighth reading) the choice is said as what it is, once, in the opening; the sections do not make
    # it again, and a period still running is named only in its section
    text = letters["gears"]
    intro = _intro(text)
    # (after the tenth reading) the late major's plan is enclosed outright; the minor's keeps the choice
    assert (
        "We enclose our cause analysis, correction and corrective action plan for NC-M. [To complete: We also "
        "enclose our plan for NC-N. / We will send our plan for NC-N by 23 November 2026 and ask you to agree this "
        "date.]" in intro
    )
    assert "either enclose" not in text and "require anything further" not in intro
    for fid in ("NC-M", "NC-N"):
        assert "We enclose" not in _section(text, fid) and "corrective action plan by" not in _section(text, fid)
    assert "12 January 2027" not in intro and "the date you gave" not in text
    # (after the ninth reading) the dates said plainly: no weekday, no next-working-day remark in an apology
    assert "on 14 November 2026 for NC-N" in intro and "Saturday" not in intro and "next working day" not in intro


def test_a_minors_evidence_after_expiry_is_offered_before_it(letters: dict[str, str]) -> None:
    text = letters["gears"]
    nc_n = _section(text, "NC-N")
    # (after the eleventh reading) the date before the expiry is promised; a later date for part of the work is
    # only asked for, never offered as a choice the body could refuse
    assert (
        "evidence that the correction and corrective action are implemented by 15 December 2026, so that you have "
        "it before you take the recertification decision. [To complete: If part of the corrective action cannot be "
        "in place by 15 December 2026: what will be in place by then, and the date for the rest, which we ask you "
        "to agree." in nc_n
    )
    assert "12 January 2027" not in nc_n
    assert "This falls after" not in text and "next surveillance audit" not in text
    # a visit window from when the evidence is ready to a date that leaves the body time to decide
    assert (
        "the day we send the evidence, at the latest 11 December 2026]. So that the verification and your decision "
        "can both be completed before 31 December 2026, we would suggest a date no later than 15 December 2026."
        in _section(text, "NC-M")
    )


def test_no_date_is_promised_in_the_year_end_gap(letters: dict[str, str]) -> None:
    assert "corrective action plan by 18 December 2026" in letters["dairy"]
    for day in range(24, 32):
        assert f"by {day} December" not in letters["dairy"]
    assert _before_the_holidays(dt.date(2026, 12, 29), dt.date(2026, 12, 1)) == dt.date(2026, 12, 18)
    assert _before_the_holidays(dt.date(2026, 12, 23), dt.date(2026, 12, 1)) == dt.date(2026, 12, 23)
    # already past the margin: kept rather than moved past the gap (later)
    assert _before_the_holidays(dt.date(2026, 12, 28), dt.date(2026, 12, 21)) == dt.date(2026, 12, 28)


def test_an_improvement_is_echoed_in_natural_order_and_joined_once(letters: dict[str, str]) -> None:
    text = letters["documents"]
    assert (
        "Thank you for the suggestion that supplier delivery data could be reviewed monthly to spot late deliveries "
        "earlier. We will consider it at our next management review." in text
    )
    # (after the thirteenth reading) OFI-Z is on another subject: NC-X's improvement is not tied to it
    assert "OFI-Z" not in _section(text, "NC-X")
    assert _section(text, "NC-X").count("management review") == 1


def _sentences(text: str) -> list[str]:
    """The letter's own sentences: not the finding quoted (`>`), a line to complete counted as one word."""
    out = []
    for line in text.splitlines():
        if line.startswith(">"):
            continue
        line = re.sub(r"\[To complete:[^\]]*\]", "X", line.removeprefix("- "))
        out += re.split(r"(?<=[.!?])\s+(?=[A-Z\[X])", line)
    return out


def test_no_sentence_is_over_forty_words(letters: dict[str, str]) -> None:
    stored = [(LETTERS / f"{n}.md").read_text(encoding="utf-8") for n in ("preference", "regrade", "evidence")]
    for text in [*letters.values(), *stored]:
        long = [s for s in _sentences(text) if len(s.split()) > 40]
        assert not long, long
