"""The fourteenth reading's marks, by principle, on letters and wordings of our own making."""

from __future__ import annotations

import copy
import datetime as dt
import re

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import _reply_evidence, challenge_letter, containment
from tests.test_letter_eighth import letters  # noqa: F401  (the module-scoped fixture of four letters)
from tests.test_letter_seventh import DAYS, DOCUMENTS, _section


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def test_a_finding_the_body_maintains_gets_our_cause_analysis_and_plan(letters: dict[str, str]) -> None:  # noqa: F811
    end = _section(letters["documents"], "If our views")
    # an unresolved point first (9.4.5.4, 9.4.8), then the plan the body will ask for (9.4.9), without reserve
    assert "Should you maintain NC-X, please record our position as an unresolved point" in end
    assert "We will then send our cause analysis, correction and corrective action plan for it within 30 days" in end
    assert "keep it" not in end and "calls for" not in end and "any correction" not in end


def test_every_finding_heading_carries_its_clause_an_ofis_too(letters: dict[str, str]) -> None:  # noqa: F811
    text = letters["documents"]
    assert "### OFI-Z (8.4.1): opportunity for improvement" in text
    headings = [line for line in text.splitlines() if re.match(r"### (NC|OFI|OBS)-", line)]
    assert headings and all(re.match(r"### \S+ \(", h) for h in headings), headings
    # where the report cites no clause for it, the heading invents none
    data = copy.deepcopy(DOCUMENTS)
    next(f for f in data["findings"] if f["id"] == "OFI-Z").pop("clause")
    report = Report.model_validate(data)
    bare = challenge_letter(report, Engine().check(report), date=DAYS["documents"])
    assert isinstance(bare, str)
    assert "### OFI-Z: opportunity for improvement" in bare


def test_a_minors_date_before_expiry_is_explained_by_the_decision(letters: dict[str, str]) -> None:  # noqa: F811
    nc_n = _section(letters["gears"], "NC-N")
    said = next(p for p in _paragraphs(nc_n) if p.startswith("We will send you evidence"))
    promise = re.sub(r"\s*\[To complete:[^\]]*\]", "", said)  # the lines the signer completes set aside
    assert promise.endswith("so that you have it before you take the recertification decision.")
    assert "expires" not in promise  # not a condition of the certificate: that is a major's (9.6.3.2)


def test_a_suggested_visit_date_says_why(letters: dict[str, str]) -> None:  # noqa: F811
    seen = 0
    for key in ("gears", "boilers"):
        for para in _paragraphs(letters[key]):
            if "If you need a visit" not in para:
                continue
            seen += 1
            m = re.search(
                r"So that the verification and your decision can both be completed before (\d+ \w+ \d{4}), we would "
                r"suggest a date no later than (\d+ \w+ \d{4})\.$",
                para,
            )
            assert m, (key, para)
            expiry, latest = (dt.datetime.strptime(d, "%d %B %Y").date() for d in m.groups())
            assert latest < expiry and f"expires on {m[1]}" in para
            assert "We suggest" not in para
    assert seen == 2


def test_a_plan_counted_from_the_reply_also_has_fixed_dates(letters: dict[str, str]) -> None:  # noqa: F811
    nc_p = _section(letters["dairy"], "NC-P")
    para = next(p for p in _paragraphs(nc_p) if "could run from your reply" in p)
    m = re.search(
        r"with our plans? for NC-Q, by (\d+ \w+ \d{4})\. Otherwise we will send by that date a plan based", para
    )
    assert m, para
    assert f"corrective action plan by {m[1]}" in _section(letters["dairy"], "NC-Q")
    assert "and complete it within 30 days of your reply." in para
    ev = re.search(
        r"for NC-P are implemented within (\d+) days of your reply, and by (\d+ \w+ \d{4}) at the latest\.", para
    )
    assert ev, para
    assert all(len(s.split()) <= 40 for s in re.split(r"(?<=\.) ", para)), para


class _Part:
    def __init__(self, key: str, day: dt.date) -> None:
        self.key, self.day, self.passed, self.after = key, day, None, None


class _Dates:
    def __init__(self, *parts: _Part) -> None:
        self.parts = list(parts)


class _F:
    def __init__(self, fid: str) -> None:
        self.id = fid


def test_the_evidence_date_is_the_findings_own_else_the_latest_of_the_others() -> None:
    a, b, c = _F("NC-1"), _F("NC-2"), _F("NC-3")
    dates = {
        "NC-1": _Dates(_Part("evidence", dt.date(2027, 2, 1))),
        "NC-2": _Dates(_Part("evidence", dt.date(2027, 3, 1)), _Part("response", dt.date(2027, 1, 4))),
        "NC-3": _Dates(_Part("evidence", dt.date(2027, 2, 15))),
    }
    said = (
        " We will send evidence that the correction and corrective action for {} are implemented by {} at the latest."
    )
    # the report's own date for the finding comes first
    assert _reply_evidence(a, [b, c], dates) == said.format("NC-1", "1 February 2027")  # type: ignore[arg-type, list-item]
    # without one, no earlier than any accepted finding's evidence: the latest of them
    del dates["NC-1"]
    assert _reply_evidence(a, [b, c], dates) == said.format("NC-1", "1 March 2027")  # type: ignore[arg-type, list-item]
    # nothing dated at all: no date is invented
    assert _reply_evidence(a, [], dates) == ""  # type: ignore[arg-type]


def test_the_extent_check_runs_to_the_date_of_the_letter(letters: dict[str, str]) -> None:  # noqa: F811
    for key, text in letters.items():
        assert "to today" not in text, key
    line = containment("Allergen line clearance at changeover was not verified before production restarted.")
    assert line.endswith("to the date of this letter, and will send you the result with our plan.")


def test_the_accept_line_names_each_paragraph_to_delete_by_its_opening_words(
    letters: dict[str, str],  # noqa: F811
) -> None:
    nc_p = _section(letters["dairy"], "NC-P")
    m = re.search(
        r"delete the paragraph citing 9\.4\.5\.3, the line on whether NC-P was discussed with us, and the paragraph "
        r"beginning \u201c([^\u201d]+)\u201d;",
        nc_p,
    )
    assert m, nc_p
    paragraphs = _paragraphs(nc_p)
    # each named paragraph is there to be found: one starts with the words quoted, one cites 9.4.5.3, one asks
    # whether it was discussed
    assert sum(p.startswith(m[1]) for p in paragraphs) == 1
    assert any("9.4.5.3 asks that the objective evidence" in p for p in paragraphs)
    assert any(p.startswith("[To complete: NC-P was not discussed with us") for p in paragraphs)
    assert "the paragraphs giving its reasons" not in nc_p
