"""The twelfth letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), asserted on letters of our
own making (none of the fixtures' reports or wordings): the opening says each request once, in the order of the
sections and in the words of its heading, then what we accept once; a line to complete points to a paragraph by its
opening words; a plan sent with another finding's says when; every fill-in of the .docx is highlighted; the .docx
language follows the client's country or is left to the word processor."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import FILL_INS, challenge_letter, docx_language

_PLACEHOLDER = re.compile(r"\[To complete:[^\]]*\]")

OVENS: dict[str, Any] = {  # a major on one probe among many, an unidentified observation and two accepted minors
    "id": "KB-41",
    "standard": "ISO 9001:2015",
    "client": "Quayside Bakery Ltd",
    "client_country": "IE",
    "certification_body": "Example Cert",
    "certificate_expiry": "2027-03-31",
    "audit": {
        "type": "surveillance",
        "first_day": "2026-09-14",
        "last_day": "2026-09-15",
        "lead_auditor": "M. Duarte",
        "reference": "KB-41-26",
        "response_times": {
            "major": {"response": "14 days", "evidence": "60 days"},
            "minor": {"response": "30 days", "evidence": "90 days"},
        },
    },
    "findings": [
        {
            "id": "NC-K1",
            "grade": "major",
            "clause": "7.1.5.2",
            "statement": "Core temperature probe TP-9 at oven line 2 was used past its calibration due date of 2 "
            "August 2026; the other 19 probes sampled across the lines were within their calibration dates.",
            "evidence": "Probe register PR-26 entry for TP-9 (due 2026-08-02); probe tag seen on 14 September 2026.",
        },
        {
            "id": "NC-K2",
            "grade": "minor",
            "clause": "8.5.1",
            "statement": "Sanitation after cleaning was not verified before baking restarted on oven 2.",
            "evidence": "Seen during the audit.",
        },
        {
            "id": "NC-K3",
            "grade": "minor",
            "clause": "9.2.2",
            "statement": "The internal audit of dispatch planned for May 2026 was not carried out.",
            "evidence": "Audit schedule AS-2026 reviewed on 15 September 2026.",
        },
        {
            "id": "NC-K4",
            "grade": "minor",
            "clause": "7.2",
            "statement": "Training records for two of the six new line operators sampled (operators 114 and 131) did "
            "not show induction on allergen handling.",
            "evidence": "Training files for operators 114 and 131 reviewed on 15 September 2026.",
        },
    ],
}
OVENS_DAY = dt.date(2026, 9, 21)


def _letter(data: dict[str, Any], day: dt.date = OVENS_DAY, fmt: str = "md") -> Any:
    report = Report.model_validate(data)
    return challenge_letter(report, Engine().check(report), fmt=fmt, date=day)


@pytest.fixture(scope="module")
def ovens() -> str:
    text = _letter(OVENS)
    assert isinstance(text, str)
    return text


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _opening(text: str) -> str:
    paras = _paragraphs(text)
    return next(paras[i + 1] for i, p in enumerate(paras) if p.startswith("Thank you for the "))


def _sections(text: str) -> list[tuple[str, str, str]]:
    """(finding id, heading's words after the colon, section text) for each finding's section, in order."""
    found = list(re.finditer(r"^### (\S+) \([^)]*\): (.*)$", text, re.M))
    out = []
    for m in found:
        end = text.find("\n### ", m.end())
        out.append((m[1], m[2], text[m.start() : end if end != -1 else len(text)]))
    return out


def test_the_opening_asks_in_the_words_of_each_heading_in_section_order(ovens: str) -> None:
    sections = _sections(ovens)
    verdicts = {fid: heading for fid, heading, _ in sections}
    assert verdicts["NC-K1"].startswith("request to regrade as "), verdicts
    opening = _opening(ovens)
    # the regrade's heading words, applied to the finding: "request to regrade as a minor nonconformity"
    lower = verdicts["NC-K1"].removeprefix("request to regrade as ")
    assert f"ask you to regrade it as {lower}, for the reasons given below" in opening, opening
    assert "reconsider" not in ovens and "for the reasons that follow" not in ovens
    # every finding is named once, in the order its section comes
    named = [fid for fid, _, _ in sections if fid in opening]
    assert named == [fid for fid, _, _ in sections]
    assert all(opening.count(fid) == 1 for fid in named), opening
    assert sorted(named, key=opening.index) == named, opening
    # what we accept outright is said once, after every request
    plain = re.findall(r"\b[Ww]e accept (NC-\S+?)[;,. ]", opening)
    assert len(plain) == 1, opening
    last_request = max(opening.index(fid) for fid, h, _ in sections if not h.startswith("accepted"))
    assert opening.index("accept " + plain[0]) > last_request
    # the request itself speaks as the heading does
    k1 = next(s for fid, _, s in sections if fid == "NC-K1")
    assert f"we ask you to regrade NC-K1 as {lower}" in k1 and "be recorded as" not in k1


def test_a_withdrawal_and_a_regrade_are_asked_before_what_we_accept() -> None:
    data = copy.deepcopy(OVENS)
    data["findings"].insert(
        1,
        {
            "id": "NC-K0",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "Recipes are printed and kept in folders at each line. Best practice is to show them on "
            "screens, as most large bakeries now do.",
            "evidence": "Folder RF-2 at line 2 holds 40 recipes, each with its issue number and approval signature.",
        },
    )
    text = _letter(data)
    sections = _sections(text)
    opening = _opening(text)
    heads = {fid: h for fid, h, _ in sections}
    assert heads["NC-K0"] == "request for withdrawal", heads
    assert [fid for fid, _, _ in sections if fid in opening] == sorted(
        [fid for fid, _, _ in sections], key=opening.index
    )
    assert "ask you to withdraw NC-K0" in opening and "ask you to regrade it as" in opening
    assert len(re.findall(r"\b[Ww]e accept NC-", opening)) == 1, opening
    assert all(len(s.split()) <= 40 for s in re.split(r"(?<=\.) ", opening)), opening


def test_a_line_to_complete_points_to_a_paragraph_by_its_opening_words(ovens: str) -> None:
    assert "the paragraph with our request" not in ovens
    pointers = re.findall(r"the paragraph that begins \u201c([^\u201d]+)\u201d", ovens)
    assert pointers, "the regrade's earlier lines point to its request"
    paragraphs = _paragraphs(ovens)
    for words in pointers:
        begun = [p for p in paragraphs if p.startswith(words)]
        assert len(begun) == 1, words  # the paragraph is found, and only one
        # and it ends with the changes the pointer promises
        assert "accept the grade: delete this request" in begun[0]
    assert re.search(r"\(if the checks? do(es)? not show this, accept the grade", ovens)
    assert "(if they do not," not in ovens


def test_a_plan_sent_with_another_findings_says_when(ovens: str) -> None:
    k2 = next(s for fid, _, s in _sections(ovens) if fid == "NC-K2")
    assert "if your reply allows" not in ovens
    # (after the thirteenth reading) with the date the reply must reach us
    m = re.search(
        r"If your reply reaches us by \d{1,2} \w+ \d{4}, we will send our plan for NC-K2 with our plans? for (.+?), by "
        r"(\d{1,2} \w+ \d{4})\.",
        k2,
    )
    assert m, k2
    # the date is the one the accepted findings' own sections give for their plans
    for fid in re.findall(r"NC-\S+?\b", m[1]):
        own = next(s for f, _, s in _sections(ovens) if f == fid)
        assert f"corrective action plan by {m[2]}" in own, (fid, own)
    # still a sentence a signer reads at once
    line = next(p for p in _paragraphs(k2) if "If your reply reaches us by" in p)
    assert all(len(s.split()) <= 40 for s in re.split(r"(?<=\.) ", line)), line


def test_every_fill_in_of_the_docx_is_highlighted() -> None:
    from docx import Document

    data = copy.deepcopy(OVENS)
    del data["certification_body"]  # a fill-in for the body too
    out = _letter(data, fmt="docx")
    doc = Document(io.BytesIO(out))
    runs = [r for p in doc.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color is not None]
    for fill in ("[Name]", "[Role]"):
        assert fill in marked, fill
    assert "[Certification body]" in " ".join(marked)
    # every bracketed fill-in in the text is a highlighted run of its own, and nothing else is highlighted
    every = [m for p in doc.paragraphs for m in re.findall(r"\[To complete:[^\]]*\]|\[[A-Z][a-z ]+\]", p.text)]
    assert sorted(every) == sorted(marked)
    assert all(m in FILL_INS or _PLACEHOLDER.fullmatch(m) for m in marked)


@pytest.mark.parametrize(("country", "language"), [("GB", "en-GB"), ("IE", "en-IE"), ("DE", None), (None, None)])
def test_the_docx_language_follows_the_clients_country(country: str | None, language: str | None) -> None:
    data = copy.deepcopy(OVENS)
    data["findings"] = [f for f in data["findings"] if f["id"] == "NC-K3"]  # one finding: a quick letter
    if country is None:
        del data["client_country"]
    else:
        data["client_country"] = country
    assert docx_language(country) == language
    package = zipfile.ZipFile(io.BytesIO(_letter(data, fmt="docx")))
    for part in ("word/styles.xml", "word/stylesWithEffects.xml"):
        if part not in package.namelist():
            continue
        xml = package.read(part).decode()
        tags = re.findall(r'<w:lang\b[^>]*w:val="([^"]+)"', xml)
        # never python-docx's en-US default for a client who is not in the US
        assert tags == ([language] if language else []), (part, tags)
