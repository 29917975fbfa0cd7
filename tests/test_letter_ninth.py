"""The ninth letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), asserted on letters of our own
making (the seventh and eighth readings' reports, none of the fixtures' wordings): every plan or evidence we promise
names the correction beside the corrective action, as the body asks for both (ISO/IEC 17021-1:2015 9.4.9, 9.4.10)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from docx import Document

from engine.check.engine import Engine
from engine.core.models import Finding, Report
from engine.outputs.challenge import (
    _extent_check,
    challenge_letter,
    cites_without_which,
    curly,
    left_out,
    left_out_evidence,
    own_check,
)
from tests.test_letter_eighth import letters  # noqa: F401  (the module-scoped fixture of four letters)
from tests.test_letter_seventh import DAYS, DOCUMENTS


def test_every_plan_and_evidence_promised_names_the_correction_beside_the_corrective_action(
    letters: dict[str, str],  # noqa: F811
) -> None:
    seen = 0
    for key, text in letters.items():
        for line in text.splitlines():
            if line.startswith(">"):  # the finding as the body worded it
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if "corrective action plan" in sentence or re.search(r"evidence that the \w+", sentence):
                    seen += 1
                    assert "correction" in sentence, (key, sentence)
                    assert "evidence that the corrective action is" not in sentence, (key, sentence)
                    assert "cause analysis and corrective action plan" not in sentence, (key, sentence)
    assert seen >= 4  # each letter promises at least one plan or evidence: the check is not vacuous


def test_a_line_that_drops_a_request_names_every_place_that_carries_it(letters: dict[str, str]) -> None:  # noqa: F811
    dropping = [
        m
        for text in letters.values()
        for m in re.findall(r"\[To complete:[^\]]*\]", text)
        if "accept the grade" in m or "we accept" in m
    ]
    assert dropping  # the regrade letter on one gauge among many offers to drop its request
    for line in dropping:
        # (after the eleventh reading) the paragraph that states the requests, by what it says
        for place in ("heading", "that says what we ask and accept", "document's title"):
            assert place in line, (place, line)
        # (after the thirteenth reading) a regrade names its paragraphs by where they start
        assert "paragraphs giving its" in line or "the paragraphs from \u201c" in line, line
        assert "withdraw this request" not in line and "delete our request above" not in line


def test_an_apology_for_late_plans_gives_the_dates_plainly_without_counting_or_weekdays(
    letters: dict[str, str],  # noqa: F811
) -> None:
    intro = letters["gears"][: letters["gears"].index("###")]  # two late plans, one period ending on a Saturday
    # (after the fifteenth reading) the counting is said as ours, before the dates
    assert (
        "Counting the 14 and 31 days your report gives from the last day of the audit, our plans were due on " in intro
    )
    for excuse in ("Saturday", "Sunday", "next working day", "Counted from", " ended on "):
        assert excuse not in intro, excuse


def test_a_paragraph_says_since_the_audit_once_and_the_major_definition_is_a_definition(
    letters: dict[str, str],  # noqa: F811
) -> None:
    for key, text in letters.items():
        for para in text.split("\n\n"):
            assert para.count("since the audit") <= 1, (key, para)
    assert "defines a major nonconformity as one that" in letters["boilers"]
    assert "treats a nonconformity as major" not in letters["boilers"]
    # the solution the finding suggests is said positively, never readable as its opposite
    assert "as the finding does" not in letters["documents"]


def test_a_withdrawal_is_asked_before_the_improvement_offered_in_its_place(
    letters: dict[str, str],  # noqa: F811
) -> None:
    nc = letters["documents"][letters["documents"].index("### NC-X") :]  # a finding resting on a preference
    ask, offer = nc.find("We ask that NC-X be withdrawn."), nc.find("If the audit team sees room for improvement")
    assert ask != -1 and offer != -1 and ask < offer


# -- after the ninth reading, continued: its "Not done" list, each asserted by principle on letters of our own making


SAFETY: dict[str, Any] = {  # ISO 45001: an instance left out of a schedule, and a major on one licence among many
    "id": "HS-4",
    "standard": "ISO 45001:2018",
    "client": "Ferris Packaging Ltd",
    "client_country": "GB",
    "certification_body": "Example Cert",
    "audit": {
        "type": "surveillance",
        "first_day": "2026-09-08",
        "last_day": "2026-09-09",
        "lead_auditor": "Amara Osei",
        "reference": "HS-4-26",
    },
    "findings": [
        {
            "id": "NC-E",
            "grade": "minor",
            "clause": "8.2",
            "statement": "The emergency drill schedule for 2026 did not include the night shift in the packing hall, "
            "although procedure EP-3 requires a drill for every shift.",
            "evidence": "Drill schedule DS-2026 and procedure EP-3 reviewed on 8 September 2026.",
        },
        {
            "id": "NC-F",
            "grade": "major",
            "clause": "7.2",
            "statement": "Forklift truck FT-9 in the yard was driven by an operator whose licence had expired on 1 "
            "July 2026; the other 11 operators sampled held current licences.",
            "evidence": "Training register TR-22 entry for the operator; licence card seen on 8 September 2026.",
        },
    ],
}


@pytest.fixture(scope="module")
def safety() -> str:
    report = Report.model_validate(SAFETY)
    text = challenge_letter(report, Engine().check(report), date=dt.date(2026, 9, 15))
    assert isinstance(text, str)
    return text


def _section(text: str, fid: str) -> str:
    start = text.index(f"### {fid} ")
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_an_unstated_period_is_first_looked_up_in_the_certification_rules(
    letters: dict[str, str],  # noqa: F811
    safety: str,
) -> None:
    seen = 0
    for key, text in [*letters.items(), ("safety", safety)]:
        for para in text.split("\n\n"):
            if "Your report does not state the time you allow" in para:
                seen += 1
                before = para[: para.index("Your report does not state")]
                # the line to complete stands right before the sentence it may replace
                assert before.rstrip().endswith("If none of them states a time: delete this line]"), (key, para)
                # the closing meeting first (17021-1 9.4.7.2), then the rules and the contract (tenth reading)
                for source in ("at the closing meeting on ", "certification rules", "our contract"):
                    assert source in before, (key, source)
                assert "days you allow" in before and "delete the next sentence" in before
    assert seen >= 3
    # a report that states its periods gets neither the sentence nor the line
    assert "days you allow" not in letters["boilers"]


def test_a_preference_meets_the_clause_it_cites_before_the_body_does(letters: dict[str, str]) -> None:  # noqa: F811
    nc_x = _section(letters["documents"], "NC-X")
    cites = "The finding cites 7.5.3, but does not say which of its requirements we do not fulfil."
    assert cites in nc_x
    # said before what 17021-1 asks, and the solution's sentence cannot be read as its opposite
    assert nc_x.index(cites) < nc_x.index("ISO/IEC 17021-1:2015 9.4.5.3 asks that a nonconformity be recorded")
    assert "refrain from suggesting its solution; the finding suggests one" in nc_x
    assert "specific requirement that is not fulfilled" not in nc_x  # said by the sentence above, not twice
    assert cites_without_which(None) == ""
    assert (
        cites_without_which("8.4")
        == "The finding cites 8.4, but does not say which of its requirements we do not fulfil."
    )


def test_the_means_the_standard_leaves_open_are_said_once_and_the_clause_by_its_number(
    letters: dict[str, str],  # noqa: F811
) -> None:
    nc_x = _section(letters["documents"], "NC-X")
    bullets = [line for line in nc_x.splitlines() if line.startswith("- ")]
    medium = [b for b in bullets if "paper and electronic" in b]
    assert len(medium) == 1, bullets  # one bullet, not a second one that says it again
    assert medium[0].startswith("- ISO 9001:2015 asks for no particular medium: 7.5.2 b) names paper and electronic")
    assert "does not ask for a web-based document management system" in medium[0]
    # what the clause asks, after the line the signer fills in, is said by its number
    assert re.search(r"\] 7\.5\.3\.1 asks that ", medium[0]), medium[0]
    assert "It asks that" not in nc_x and "The standard itself names" not in nc_x


def test_a_regrade_on_one_item_asks_what_it_does_and_checks_every_item_in_use(
    letters: dict[str, str],  # noqa: F811
    safety: str,
) -> None:
    for text, fid, item, noun in (
        (letters["boilers"], "NC-T", "TW-15", "wrench"),
        (safety, "NC-F", "FT-9", "operator"),
    ):
        nc = _section(text, fid)
        paras = nc.split("\n\n")
        role = next(i for i, p in enumerate(paras) if p.startswith(f"[To complete: what {item} does in the process"))
        definition = next(i for i, p in enumerate(paras) if "defines a major nonconformity" in p)
        request = next(i for i, p in enumerate(paras) if p.startswith("As these checks show"))
        assert definition < role < request
        assert "verified independently" in paras[role] and "consider accepting it" in paras[role]
        # the register cannot show what is missing from it: every item in use is checked against it too
        assert f"and every {noun} in use against the register:" in nc, nc
        assert "whether any in use was missing from the register" in nc
    # a sample with no register behind it: nothing claimed about a register
    gears = letters["gears"]
    assert "missing from the register" not in gears


def test_a_majors_evidence_goes_as_soon_as_it_is_in_place_with_the_date_a_limit(
    letters: dict[str, str],  # noqa: F811
    safety: str,
) -> None:
    for text, fid in ((letters["boilers"], "NC-T"), (safety, "NC-F")):
        nc = _section(text, fid)
        assert re.search(
            r"for your verification, as soon as the corrective action is in place, and by \d+ \w+ 2026 at the latest",
            nc,
        ), nc
    # a minor's evidence keeps its plain date
    assert "as soon as" not in _section(letters["boilers"], "NC-U")


def test_an_instance_left_out_gets_its_correction_a_wider_check_and_evidence_that_shows_it(safety: str) -> None:
    nc_e = _section(safety, "NC-E")
    assert (
        "[To complete: We have added the night shift in the packing hall to the emergency drill schedule for 2026"
        in nc_e
    )
    assert "we have also checked the schedule against every shift it should cover for any other left out" in nc_e
    assert "We have begun to correct what the finding describes" not in nc_e
    # what will show it: the record of what the schedule carries out (a drill), covering what was left out
    assert "implemented ([To complete: e.g. the revised schedule and the record of the drill that covers the night" in (
        nc_e
    )
    lo = left_out("The training plan does not list the new press operators.")
    assert lo is not None and lo.activity == "training" and lo.kind == "operator"
    lo = left_out("The approved supplier list does not include the courier used for exports.")
    assert lo is not None and lo.activity == ""  # a plain list carries nothing out: "the record that ... is covered"
    assert "the record that the courier used for exports is covered" in left_out_evidence(lo)
    # several wordings, each with its container and kind; twins that leave nothing out are not read as such
    cases = {
        "Site B was left out of the internal audit programme.": ("site B", "programme", "site"),
        "The stores were not included in the pest control plan.": ("the stores", "plan", "store"),
        "The maintenance plan does not cover the compressor room.": ("the compressor room", "plan", "room"),
        "The supplier list does not include the courier used for exports.": (
            "the courier used for exports",
            "list",
            "courier",
        ),
    }
    for statement, (what, noun, kind) in cases.items():
        lo = left_out(statement)
        assert lo is not None and (lo.what, lo.noun, lo.kind) == (what, noun, kind), (statement, lo)
    for twin in (
        "Site B was audited against the internal audit programme.",
        "The stores were included in the pest control plan but not inspected.",
        "The report did not include the date.",  # no programme, plan, list ... to be left out of
    ):
        assert left_out(twin) is None, twin


def test_evidence_asks_our_own_guide_and_states_checks_with_their_times(letters: dict[str, str]) -> None:  # noqa: F811
    nc_p = _section(letters["dairy"], "NC-P")
    assert "[To complete: We have also asked ..., who accompanied the audit team, which cleaning they saw.]" in nc_p
    assert (
        "had its hygiene clearance signed off before production restarted (records ...: signed at ..., restarted"
        in (nc_p)
    )
    assert "if they carry no times, say so" in nc_p
    # a finding naming no event: the guide is asked what was seen, and no times of a restart are asked for
    plain = own_check("Work instructions were not followed at the packing bench.", "", "NC-9")
    assert "who accompanied the audit team, what they saw.]" in plain and "restarted at" not in plain


def test_a_traceability_lack_on_goods_states_the_stock_and_dispatches_checked(letters: dict[str, str]) -> None:  # noqa: F811
    nc_q = _section(letters["dairy"], "NC-Q")
    assert (
        "We have also checked [To complete: the cases on site and those dispatched since ...] against their batch"
        in (nc_q)
    )
    assert "The full result will be part of our plan." in nc_q and "We will also check the cases" not in nc_q
    # the same share of a sample on goods, with no traceability or safety lack: the check beyond it is promised
    twin = Finding(
        id="NC-9",
        statement="Shrink-wrap was torn on 2 of 20 finished-goods pallets checked in the dispatch bay.",
    )
    assert _extent_check(twin).startswith("We will also check the finished-goods pallets beyond the 20 sampled")
    coded = Finding(
        id="NC-9",
        statement="Lot numbers on 2 of 20 finished-goods pallets checked in the dispatch bay were illegible.",
    )
    assert _extent_check(coded).startswith("We have also checked [To complete: the finished-goods pallets on site")


def test_the_docx_has_one_kind_of_apostrophe_and_quotation_mark(letters: dict[str, str]) -> None:  # noqa: F811
    report = Report.model_validate(DOCUMENTS)
    data = challenge_letter(report, Engine().check(report), date=DAYS["documents"], fmt="docx")
    assert isinstance(data, bytes)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "'" not in text and '"' not in text
    assert "\u2019" in text and "\u201c" in text  # the apostrophes and quotations are there, curly
    assert "'" not in doc.core_properties.title
    assert curly("the binder's \"index\" and the pumps' seals") == (
        "the binder\u2019s \u201cindex\u201d and the pumps\u2019 seals"
    )
