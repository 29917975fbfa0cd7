"""The ninth letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), asserted on letters of our own
making (the seventh and eighth readings' reports, none of the fixtures' wordings): every plan or evidence we promise
names the correction beside the corrective action, as the body asks for both (ISO/IEC 17021-1:2015 9.4.9, 9.4.10)."""

from __future__ import annotations

import re

from tests.test_letter_eighth import letters  # noqa: F401  (the module-scoped fixture of four letters)


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
        for place in ("heading", "opening sentence", "document's title", "paragraphs giving its reasons"):
            assert place in line, (place, line)
        assert "withdraw this request" not in line and "delete our request above" not in line


def test_an_apology_for_late_plans_gives_the_dates_plainly_without_counting_or_weekdays(
    letters: dict[str, str],  # noqa: F811
) -> None:
    intro = letters["gears"][: letters["gears"].index("###")]  # two late plans, one period ending on a Saturday
    assert "Our plans were due on " in intro and "(the 14 and 31 days your report gives" in intro
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
    ask, offer = nc.find("We ask that NC-X be withdrawn."), nc.find("If the audit team sees value")
    assert ask != -1 and offer != -1 and ask < offer
