"""The eighth letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), each asserted on letters of
our own making (the seventh reading's three reports and one written here, none of the fixtures' wordings): the
lead auditor's name as the report gives it, an initial only a choice; the decisive ground first; a requirement
said only beside how we meet it, in the client's words; the late-plan choice said once as what it is; 3.12's note
in its own terms; the regrade request marked as holding only if the checks do; a minor's evidence before expiry;
the client's own check done before signing; containment as a standing control; goods that may have left."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import challenge_letter, in_the_clients_words, salutation
from tests.test_letter_seventh import DAIRY, DAYS, DOCUMENTS, GEARS, _intro, _section, _sentences

BOILERS: dict[str, Any] = {  # a major on one instrument among many, at recertification, answered late
    "id": "RB-12",
    "standard": "ISO 9001:2015",
    "client": "Tarn Boilers Ltd",
    "client_country": "GB",
    "certification_body": "Example Cert",
    "certificate_expiry": "2027-01-31",
    "audit": {
        "type": "recertification",
        "first_day": "2026-10-20",
        "last_day": "2026-10-21",
        "lead_auditor": "Hana Lindgren",
        "reference": "RB-12-26",
        "response_times": {
            "major": {"response": "14 days", "evidence": "60 days"},
            "minor": {"response": "30 days", "evidence": "90 days"},
        },
    },
    "findings": [
        {
            "id": "NC-T",
            "grade": "major",
            "clause": "7.1.5.2",
            "statement": "Torque wrench TW-15 in the assembly bay was used past its calibration due date of 12 "
            "September 2026; the other 14 wrenches sampled in the bay were within their calibration dates.",
            "evidence": "Tool register TR-7 entry for TW-15 (due 2026-09-12); wrench label seen on 20 October 2026.",
        },
        {
            "id": "NC-U",
            "grade": "minor",
            "clause": "9.2.2",
            "statement": "The internal audit of purchasing planned for June 2026 was not carried out.",
            "evidence": "Audit programme AP-2026 reviewed on 21 October 2026.",
        },
    ],
}


@pytest.fixture(scope="module")
def letters() -> dict[str, str]:
    engine = Engine()
    out = {}
    for key, data, day in (
        ("documents", DOCUMENTS, DAYS["documents"]),
        ("dairy", DAIRY, DAYS["dairy"]),
        ("gears", GEARS, DAYS["gears"]),
        ("boilers", BOILERS, dt.date(2026, 11, 13)),
    ):
        report = Report.model_validate(data)
        text = challenge_letter(report, engine.check(report), date=day)
        assert isinstance(text, str)
        out[key] = text
    return out


def test_the_lead_auditor_is_addressed_by_the_name_the_report_gives(letters: dict[str, str]) -> None:
    assert "Dear Hana Lindgren," in letters["boilers"]
    # an initial only: how we address the person is the signer's choice, never a name made up
    assert "Dear [To complete: P. Moreau / the name we use" in letters["documents"]
    assert "For the attention of P. Moreau, lead auditor" in letters["documents"]
    assert salutation(None) == "Dear Sir or Madam,"
    assert salutation("A. B. Carter").startswith("Dear [To complete: A. B. Carter / ")


def test_the_decisive_ground_comes_first_and_obligations_only_beside_how_we_meet_them(
    letters: dict[str, str],
) -> None:
    nc_x = _section(letters["documents"], "NC-X")
    bullets = [line for line in nc_x.splitlines() if line.startswith("- ")]
    assert bullets[0].startswith("- The finding rests on \u201cgood practice\u201d"), bullets
    # what the clause asks is never recited alone: the signer shows how we meet it or deletes it
    # (after the ninth reading) by its number, not "It", which after a line to complete reads as our procedure
    asks = next(b for b in bullets if "7.5.3.1 asks that" in b).replace("&gt;", ">")  # as Markdown shows it
    # (after the tenth reading) if we cannot show it, the finding is asked to be restated, not our sentence deleted
    # (after the eleventh reading) once, at the end of the ground, with what goes with the disagreement
    assert asks.endswith(
        "ask for it to be restated against it rather than withdrawn; change the request, this finding's heading, "
        "the letter's heading, the paragraph after \u201cThank you for ...\u201d that says what we ask and accept, "
        "and the document's title (in Word: File > Info > Properties > Title) to match; delete any paragraph "
        "offering an opportunity for improvement in its place; and take this finding out of the section "
        "\u201cIf our views still differ\u201d, or delete the section if it names no other finding)]"
    )
    assert "It asks that" not in nc_x
    assert "the QMS" not in nc_x and "this standard" not in nc_x
    assert "7.5.2 b) names paper and electronic alike" in nc_x and "b))" not in nc_x
    assert in_the_clients_words("required by the QMS and by this standard", "ISO 9001:2015") == (
        "required by our quality management system and by ISO 9001:2015"
    )
    # the procedure behind the evidence's facts: only the client can name it
    assert "[To complete: Our procedure for this is ..., ref. ...;" in nc_x
    # the improvement offered back needs no clause number, and is named with the review and the report's OFI
    assert "9.4.5.2" not in nc_x and "improvement and would consider it at our next management review." in nc_x


def test_the_late_plan_choice_is_said_once_as_what_it_is(letters: dict[str, str]) -> None:
    intro = _intro(letters["boilers"])
    # (after the tenth reading) a late major's plan is enclosed, with no option to send it later
    assert "We enclose our cause analysis, correction and corrective action plan for NC-T." in intro
    assert "We will send our plan for NC-T" not in intro
    assert "[To complete: We also enclose our plan for NC-N. / We will send our plan for NC-N" in (
        _intro(letters["gears"])
    )
    assert "either" not in intro and "require anything further" not in intro
    for fid in ("NC-T", "NC-U"):
        assert "We enclose" not in _section(letters["boilers"], fid)
    # a plural noun sampled is made singular whole: `wrenches` -> `wrench`
    assert "One wrench past its due date among the 15 sampled" in letters["boilers"]
    assert "wrenche " not in letters["boilers"]


def test_a_regrade_weighs_the_note_and_holds_only_if_the_checks_do(letters: dict[str, str]) -> None:
    nc_t = _section(letters["boilers"], "NC-T")
    assert "The note to 3.12 gives two examples: significant doubt about effective process control" in nc_t
    assert "That is so" not in nc_t and "the process is effectively controlled" not in nc_t
    assert "show a systemic failure of our control of monitoring and measuring resources" in nc_t
    assert "[To complete: No nonconformity against this requirement was raised at our earlier audits" in nc_t
    assert "[To complete: why TW-15 was missed, and why this does not point to a failure of our control" in nc_t
    assert (
        "(if the checks do not show this, accept the grade: delete this request, the closing-meeting line, and the "
        "paragraphs from" in nc_t
    )
    assert "until [To complete: we took it out of use / it was recalibrated] on [To complete: date]" in nc_t


def test_evidence_due_after_expiry_is_offered_before_it_and_the_visit_window_closes_in_time(
    letters: dict[str, str],
) -> None:
    text = letters["boilers"]
    nc_u = _section(text, "NC-U")
    # due before the expiry: kept as the report gives it, with its period; two dates, two sentences
    assert (
        "We will send evidence that the correction and corrective action are implemented by 19 January 2027 "
        "(the 90 days" in nc_u
    )
    nc_t = _section(text, "NC-T")
    window = nc_t[nc_t.index("any working day from ") :].split(".")[0]
    # (after the ninth reading) it opens when the evidence is sent; it closes on a date, not a line to complete
    assert "[To complete: the day we send the evidence, at the latest " in window, window
    # (after the tenth reading) at short notice, the date before the decision a suggestion, not a closed door
    assert "host it at short notice on any working day from" in nc_t
    # (after the fourteenth reading, overturning the eleventh's bare date) the suggested date says why
    assert re.search(
        r"\]\. So that the verification and your decision can both be completed before \d+ \w+ \d{4}, we "
        r"would suggest a date no later than \d+ \w+ \d{4}\.",
        nc_t,
    )
    assert nc_t.count("recertification decision") == 0
    gears = _section(letters["gears"], "NC-N")
    # (after the fourteenth reading) a minor's date is explained by the decision, never tied to the expiry
    assert (
        "by 15 December 2026, so that you have it before you take the recertification decision. [To complete: If"
        in gears
    )
    assert "This falls after" not in gears


def test_our_own_check_is_done_before_signing_with_two_whole_endings(letters: dict[str, str]) -> None:
    nc_p = _section(letters["dairy"], "NC-P")
    assert "We have checked the records of every cleaning" in nc_p and "While we wait" not in nc_p
    assert "[To complete: We found that the cleaning on ... at ... was not verified before production restarted." in (
        nc_p
    )
    assert "we cannot find what the finding describes, and need its details to act on it.]" in nc_p
    # containment is a standing control the signer states, not a measure while the dispute lasts
    assert "Until this is settled" not in nc_p
    assert "[To complete: Our procedure (ref. ...) requires hygiene clearance to be verified and signed off" in nc_p
    # (after the fourteenth reading) with a fixed date too: by the other plans' date, completed after the reply
    assert "complete it within 30 days of your reply" in nc_p
    assert "so that we can investigate" not in _intro(letters["dairy"])
    assert "We would be glad to discuss this by phone if that is quicker." in nc_p


def test_goods_named_may_have_left_and_a_mismatch_asks_which_side_was_wrong(letters: dict[str, str]) -> None:
    nc_q = _section(letters["dairy"], "NC-Q")
    assert "and which was wrong: the batch codes or the batch record BR-88." in nc_q
    assert "/ C-101, C-117 and C-140 had already been dispatched to ... on ...; we have ...]" in nc_q
    assert "please tell us if you need our plan or the evidence sooner" in letters["dairy"]
    # a records finding: whether the work was done and not recorded, or not done
    nc_y = _section(letters["documents"], "NC-Y")
    assert "whether the work was done and not recorded, or not done" in nc_y


def test_no_sentence_of_ours_is_over_forty_words(letters: dict[str, str]) -> None:
    for key, text in letters.items():
        long = [s for s in _sentences(text) if len(s.split()) > 40]
        assert not long, (key, long)
