"""The eleventh letter reading's principles (tests/fixtures/letters/REVIEW.md, issue 27), asserted on letters of our
own making (the seventh and eighth readings' four reports, none of the fixtures' wordings): what we ask comes first
and is named as the headings name it; a line that drops or restates a request names the paragraph that states our
requests and every paragraph that goes with it, once; nothing is conceded or concluded in advance; the standards'
words are quoted whole (and their examples as examples); a promise the body could refuse is asked, not made; the
.docx shows the lines to complete and is dated as the letter."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import (
    REQUESTS_PARAGRAPH,
    Block,
    _dated_zip,
    _drop_request,
    challenge_letter,
    enclosures,
    restate_instead,
    to_docx,
)
from engine.standards.library import StandardLibrary
from tests.test_letter_eighth import letters  # noqa: F401  (the module-scoped fixture of four letters)
from tests.test_letter_seventh import DAYS, DOCUMENTS, _intro, _section

_PLACEHOLDER = re.compile(r"\[To complete:[^\]]*\]")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _requests_paragraph(text: str) -> str:
    """The paragraph after the one that thanks the body."""
    paras = _paragraphs(text)
    return next(paras[i + 1] for i, p in enumerate(paras) if p.startswith("Thank you for the "))


def test_what_we_ask_comes_first_in_the_order_of_the_sections(letters: dict[str, str]) -> None:  # noqa: F811
    documents = _requests_paragraph(letters["documents"])
    # the request named as the heading names it ("request for withdrawal"), never "reconsider"
    assert documents == "We ask you to withdraw NC-X, for the reasons given below; we accept NC-Y and welcome OFI-Z."
    dairy = _requests_paragraph(letters["dairy"])
    assert dairy == "We ask you for the details of what was observed for NC-P; we accept NC-Q."
    for key in ("documents", "dairy"):
        text = letters[key]
        headings = re.findall(r"^### (\S+) ", text, re.M)
        opening = _requests_paragraph(text)
        named = [h for h in headings if h in opening]
        # each finding the opening names is named in the order its section comes
        assert named == sorted(named, key=lambda h: opening.index(h)), (key, named)
        assert "reconsider NC-X" not in text


def test_acceptance_is_read_before_the_plan_enclosed_for_a_late_reply(letters: dict[str, str]) -> None:  # noqa: F811
    for key in ("gears", "boilers"):
        intro = _intro(letters[key])
        assert "We are sorry this reply comes late" in intro, key
        assert intro.index("We accept") < intro.index("We are sorry this reply comes late"), key
        assert _requests_paragraph(letters[key]).startswith("We accept"), key


def test_a_line_that_drops_or_restates_a_request_names_the_paragraph_of_requests(
    letters: dict[str, str],  # noqa: F811
) -> None:
    lines = [
        m
        for text in letters.values()
        for m in _PLACEHOLDER.findall(text)
        if "accept the grade" in m or "We accept" in m or "restated against it" in m
    ]
    assert len(lines) >= 3  # the withdrawal's restatement, the regrade's drop, the request for evidence
    for line in lines:
        assert REQUESTS_PARAGRAPH in line, line
        assert "opening sentence" not in line and "any later sentence that refers" not in line, line
    for text in letters.values():
        assert "the opening sentence" not in text


def test_every_paragraph_that_goes_with_a_request_is_named(letters: dict[str, str]) -> None:  # noqa: F811
    boilers = _section(letters["boilers"], "NC-T")
    drops = [m for m in _PLACEHOLDER.findall(boilers) if "accept" in m and "delete" in m]
    assert len(drops) == 1  # the changes listed once, after the request
    # the earlier lines that may show the grade right point to it
    pointing = [m for m in _PLACEHOLDER.findall(boilers) if "consider accepting it" in m]
    assert len(pointing) == 2
    # (after the twelfth reading) by the request paragraph's opening words, which the reader can find
    assert all("make the changes listed at the end of the paragraph that begins \u201cAs " in m for m in pointing)
    opening = re.search(r"paragraph that begins \u201c([^\u201d]+)\u201d", pointing[0])
    assert opening and any(p.startswith(opening[1]) for p in boilers.split("\n\n"))
    assert boilers.index(pointing[-1]) < boilers.index(drops[0])
    for line in drops:
        assert "delete the paragraph \u201cUntil you decide on the grade, ...\u201d" in line
        assert "take this finding out of the section \u201cIf our views still differ\u201d" in line
    nc_p = _section(letters["dairy"], "NC-P")
    accept = next(m for m in _PLACEHOLDER.findall(nc_p) if "We accept NC-P" in m)
    assert "delete the paragraph asking for the time for our response to run from your reply" in accept
    assert "name this finding beside NC-Q where the dates of the plan and the evidence are given" in accept
    nc_x = _section(letters["documents"], "NC-X")
    restate = next(m for m in _PLACEHOLDER.findall(nc_x) if "restated against it" in m)
    assert "delete any paragraph offering an opportunity for improvement in its place" in restate
    assert "\u201cIf our views still differ\u201d" in restate


def test_one_instruction_per_ground_and_no_id_said_twice_in_it(letters: dict[str, str]) -> None:  # noqa: F811
    nc_x = _section(letters["documents"], "NC-X")
    for bullet in (line for line in nc_x.splitlines() if line.startswith("- ")):
        assert bullet.count("restated against it") <= 1, bullet
    medium = next(line for line in nc_x.splitlines() if "asks for no particular medium" in line)
    assert "Nor does any procedure of our own. / (if one does: see the end of this paragraph)" in medium
    assert medium.rstrip().endswith("or delete the section if it names no other finding)]")
    # the instruction itself, made for any basis and any finding, carries neither twice
    line = restate_instead("if one does")
    assert line.count("restated") == 1 and line.count("If our views still differ") == 1
    assert _drop_request("this request", ("delete X",)).endswith("to match; delete X")


def test_examples_of_a_requirement_are_said_as_examples(letters: dict[str, str]) -> None:  # noqa: F811
    nc_x = _section(letters["documents"], "NC-X")
    assert "It also asks that it be adequately protected (for example from loss of confidentiality" in nc_x
    assert "protected from loss of confidentiality" not in nc_x
    # the line that follows asks for the protection that matters for a paper file: against loss or damage
    assert "how they are protected against being lost or damaged" in nc_x
    # the clause trees hold the examples as examples, in every standard of the common structure that has them
    library = StandardLibrary.load()
    for designation in ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"):
        tree = library.resolve(designation)
        assert tree is not None
        texts = [o.text for c in tree.clauses.values() if c.obligation for o in c.obligation.obliges]
        protected = [t for t in texts if "adequately protected" in t and "confidentiality" in t]
        assert protected and all("(for example from" in t for t in protected), (designation, protected)


def test_nothing_is_conceded_or_concluded_in_advance(letters: dict[str, str]) -> None:  # noqa: F811
    end = _section(letters["documents"], "If our views")
    # (after the fourteenth reading, overturning the eleventh) a maintained nonconformity gets its plan (9.4.9)
    assert "We will then send our cause analysis, correction and corrective action plan for it" in end
    assert "we find it calls for" not in end
    boilers = _section(letters["boilers"], "NC-T")
    assert "The checks below show" not in boilers
    # no result stated before the line where the signer writes it: the first "unaffected" of ours comes after
    ours = _PLACEHOLDER.sub("[...]", boilers)
    found = boilers.index("[To complete: what we found]")
    first = min(
        m.start() for m in re.finditer(r"unaffected|not affected", _PLACEHOLDER.sub(lambda m: "#" * len(m[0]), boilers))
    )
    assert first > found, ours[first - 200 : first + 50]


def test_the_standards_are_quoted_whole(letters: dict[str, str]) -> None:  # noqa: F811
    boilers = _section(letters["boilers"], "NC-T")
    assert "a number of minor nonconformities associated with the same requirement or issue" in boilers
    assert "several minor nonconformities on the same requirement" not in boilers
    assert (
        "As ISO 9001:2015 7.1.5.2 asks, we have checked whether the validity of earlier measurement results was "
        "adversely affected, and so whether what we made in that period was affected: [To complete:" in boilers
    )


def test_the_expiry_and_the_decision_are_said_once_in_the_visit_paragraph(letters: dict[str, str]) -> None:  # noqa: F811
    seen = 0
    for key in ("gears", "boilers"):
        for para in _paragraphs(letters[key]):
            if "If you need a visit" not in para:
                continue
            seen += 1
            assert para.count("expires") == 1 and "recertification decision" not in para, (key, para)
            # (after the fourteenth reading) the suggested date says why, naming the expiry there only
            assert re.search(r"before \d+ \w+ \d{4}, we would suggest a date no later than \d+ \w+ \d{4}\.$", para), (
                key,
                para,
            )
    assert seen == 2


def test_a_minors_evidence_is_promised_before_expiry_and_anything_later_only_asked(
    letters: dict[str, str],  # noqa: F811
) -> None:
    nc_n = _section(letters["gears"], "NC-N")
    # (after the fourteenth reading) the reason is the decision, not the expiry
    assert "implemented by 15 December 2026, so that you have it before you take the recertification decision." in nc_n
    asked = next(m for m in _PLACEHOLDER.findall(nc_n) if "cannot be in place" in m)
    assert "which we ask you to agree" in asked
    # no date after the expiry is offered in the promise itself
    promise = _PLACEHOLDER.sub("", next(p for p in _paragraphs(nc_n) if p.startswith("We will send you evidence")))
    assert "2027" not in promise and "soon after" not in promise


def test_the_extent_check_runs_from_before_the_audit(letters: dict[str, str]) -> None:  # noqa: F811
    nc_p = _section(letters["dairy"], "NC-P")
    assert (
        "We are checking the records of every cleaning from [To complete: date, e.g. our last internal audit of this "
        "process] to the date of this letter, and will send you the result with our plan." in nc_p
    )
    assert "every cleaning since" not in nc_p


def test_plain_words_said_once(letters: dict[str, str]) -> None:  # noqa: F811
    for key, text in letters.items():
        assert "need either sooner" not in text and "Please tell us too" not in text, key
    assert "please tell us if you need our plan or the evidence sooner" in letters["documents"]
    # a records finding's wider check looks for the same omission, not a "failure" it has not shown
    assert "for the same omission" in _section(letters["documents"], "NC-Y")
    # (after the thirteenth reading) an improvement in place of a contested finding is ours to consider at our
    # management review, never tied to the report's OFI on another subject
    documents = letters["documents"]
    assert "OFI-Z" not in _section(documents, "NC-X")
    assert "improvement and would consider it at our next management review." in _section(documents, "NC-X")
    assert (
        "If your reply reaches us by 11 December 2026, we will send our plan for NC-P with our plan for NC-Q, by 18 "
        "December 2026." in _section(letters["dairy"], "NC-P")
    )


def test_the_enclosures_cover_every_section_that_says_what_we_did() -> None:
    blocks = [
        Block("subheading", "NC-1 (minor, 8.5.1): accepted"),
        Block("para", "[To complete: We have acted on B-1: what we did, on what date.]"),
        Block("subheading", "NC-2 (minor, 8.5.2): accepted"),
        Block("para", "We have also checked the pallets: [To complete: what we found]."),
        Block("subheading", "NC-3 (minor, 9.2): accepted"),
        Block("para", "We will send you our plan by 1 May 2026."),
    ]
    line = enclosures(blocks)
    assert "cited for NC-1 or NC-2," in line and "NC-3" not in line


def test_the_docx_shows_each_line_to_complete_and_is_dated_as_the_letter() -> None:
    from docx import Document

    report = Report.model_validate(DOCUMENTS)
    made = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
    out = challenge_letter(report, Engine().check(report), fmt="docx", date=DAYS["documents"], created=made)
    assert isinstance(out, bytes)
    doc = Document(io.BytesIO(out))
    runs = [r for p in doc.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color is not None]
    # (after the twelfth reading) the signature block's fill-ins as well
    assert marked and all(t.startswith(("[To complete:", "[Name]", "[Role]")) and t.endswith("]") for t in marked)
    assert len(marked) == sum(p.text.count("[To complete:") for p in doc.paragraphs) + 2
    for name in ("Heading 1", "Heading 2"):
        assert str(doc.styles[name].font.color.rgb) == "000000", name
    styles = zipfile.ZipFile(io.BytesIO(out)).read("word/styles.xml").decode()
    for style_id in ("Heading1", "Heading2"):
        block = styles[styles.index(f'w:styleId="{style_id}"') :]
        block = block[: block.index("</w:style>")]
        assert "themeColor" not in block and 'w:val="000000"' in block, style_id
    package = zipfile.ZipFile(io.BytesIO(out))
    assert {i.date_time for i in package.infolist()} == {(2026, 6, 15, 9, 0, 0)}
    # a paragraph with no line to complete is one plain run
    plain = to_docx([Block("para", "We look forward to your reply.")], created=made)
    runs = [r for p in Document(io.BytesIO(plain)).paragraphs for r in p.runs]
    assert [r.text for r in runs] == ["We look forward to your reply."] and runs[0].font.highlight_color is None


def test_dating_the_package_keeps_every_entry() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b"<a/>")
        z.writestr("b/c.xml", b"<c/>" * 50)
    dated = zipfile.ZipFile(io.BytesIO(_dated_zip(buf.getvalue(), dt.datetime(2026, 3, 4, 5, 6, 8))))
    assert dated.namelist() == ["a.xml", "b/c.xml"]
    assert dated.read("b/c.xml") == b"<c/>" * 50
    assert {i.date_time for i in dated.infolist()} == {(2026, 3, 4, 5, 6, 8)}
    assert {i.compress_type for i in dated.infolist()} == {zipfile.ZIP_DEFLATED}


def test_a_regrade_we_act_on_and_a_request_for_evidence_open_in_the_order_of_their_sections() -> None:
    from tests.test_letter_eighth import BOILERS, DAIRY

    data = copy.deepcopy(BOILERS)
    data["findings"].append(copy.deepcopy(next(f for f in DAIRY["findings"] if f["id"] == "NC-P")))
    report = Report.model_validate(data)
    text = challenge_letter(report, Engine().check(report), date=dt.date(2026, 11, 13))
    assert isinstance(text, str)
    opening = _requests_paragraph(text)
    headings = re.findall(r"^### (NC-\S+) ", text, re.M)
    assert headings == ["NC-T", "NC-P", "NC-U"]
    # each finding first named in the opening in the order of the sections: the regrade, the evidence, the accepted
    assert [h for h in sorted(headings, key=opening.index)] == headings, opening
    assert opening.startswith("We accept that NC-T is a nonconformity") and opening.endswith("; we accept NC-U.")
