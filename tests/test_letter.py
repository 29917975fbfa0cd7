"""The challenge letter a client can send as it is (issue 15, item 3), on hand-built verdicts."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.main import create_app
from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import challenge_letter, date_range, md_escape, xml_safe
from tests.conftest import ROOT
from tests.letter_fixture import REPORT, report, verdicts

DAY = dt.date(2026, 9, 4)


def _md(**changes: object) -> str:
    out = challenge_letter(report(**changes), verdicts(), date=DAY)
    assert isinstance(out, str)
    return out


def _section(text: str, heading: str) -> str:
    """The text under a `### heading...` up to the next heading."""
    start = text.index("### " + heading)
    nxt = re.search(r"^#{2,3} ", text[start + 4 :], re.M)
    return text[start : start + 4 + nxt.start()] if nxt else text[start:]


def test_dated_and_addressed_with_the_references() -> None:
    text = _md()
    head = text[: text.index("Dear Sir or Madam")]
    assert head.startswith("Acme Valves Ltd\n\n4 September 2026\n\nTo: Example Certification Ltd")
    for ref in ("Certificate Q-12345", "Audit AUD-2026-311", "Report R-2026-311", "Lead auditor J. Smith"):
        assert ref in head
    assert "## Audit AUD-2026-311: our response to the findings and request for review" in head
    assert (
        "Thank you for the stage 2 audit of 27 to 31 August 2026 against ISO 9001:2015. We have reviewed the 7 "
        "findings recorded in report R-2026-311" in text
    )
    assert text.rstrip().endswith("Acme Valves Ltd") and "Yours faithfully," in text


def test_the_clients_own_voice() -> None:
    text = _md()
    assert (
        "we ask you to withdraw NC-2, to regrade NC-3 and to complete the record of NC-4, which we accept. "
        "We also accept NC-1 and NC-5." in text
    )
    assert not re.search(r"\bthe client\b", text, re.I)


def test_each_id_once_per_paragraph() -> None:
    text = _md(**{"audit": {**REPORT["audit"]}})
    ids = [f.id for f in verdicts().findings]
    for para in text.split("\n\n"):
        for fid in ids:
            assert len(re.findall(rf"\b{re.escape(fid)}\b", para)) <= 1, para


def test_withdrawal_asked_only_for_withdraw_verdicts() -> None:
    text = _md()
    asked = re.findall(r"We ask that (\S+) be withdrawn", text)
    withdraw = [f.id for f in verdicts().findings if f.verdict == "withdraw"]
    assert asked == withdraw == ["NC-2"]
    assert "We ask that NC-3 be recorded as a minor nonconformity rather than a major nonconformity." in text


def test_each_ground_once() -> None:
    nc2 = _section(_md(), "NC-2")
    bullets = [ln for ln in nc2.splitlines() if ln.startswith("- ")]
    # the strongest fact of the evidence, then two preference issues as one ground, one too-broad issue, and the
    # requirement
    assert len(bullets) == 4 and len(set(bullets)) == 4
    assert bullets[0] == (
        "- The evidence recorded describes what we do and records no requirement unfulfilled: \u201cPaper register "
        "DR-1 lists all 46 controlled documents with current revisions.\u201d"
    )
    assert sum("preference" in b for b in bullets) == 1
    assert "(\u201cbest practice\u201d, \u201cmost companies do\u201d)" in bullets[1]
    assert bullets[1].endswith(
        "ISO/IEC 17021-1:2015 asks that a nonconformity be recorded against a requirement, on "
        "objective evidence (9.4.5.3, 4.2)."
    )
    assert bullets[2].startswith("- In addition, the finding cites 7.5.3, a whole clause")  # the record's defect
    assert bullets[2].endswith("(ISO/IEC 17021-1:2015 9.4.5.3).")
    assert bullets[3].startswith("- We find no requirement of ISO 9001:2015 that asks for what the finding demands.")
    assert bullets[3].endswith(
        "The nearest is 7.5.3.2 Control of documented information (in our words: documented information is "
        "controlled for distribution, access, storage and changes), which does not ask for it either."
    )
    # no tool output: no engine message, no bare "(3.13)" list of reasons, no sentence ending in a parenthesis alone
    assert "engine message" not in nc2 and ". (" not in nc2


def test_regrade_argued_from_the_grade_reasons() -> None:
    nc3 = _section(_md(), "NC-3")
    bullets = [ln for ln in nc3.splitlines() if ln.startswith("- ")]
    # the fact first, quoted whole from the finding's own words, then why it makes the grade minor
    assert bullets[0].startswith(
        "- The finding itself records an isolated lapse: \u201cPlug gauge PG-31 was one week past its calibration due "
        "date; 39 other gauges sampled were in date.\u201d"
    )
    assert "describes such a nonfulfilment as a minor nonconformity (3.12, 3.13)." in bullets[0]
    assert "isolated lapse ('" not in nc3 and "otherwise in place (3.13)" not in nc3  # not the engine's reason
    assert len(bullets) == 1  # a regrade is argued from the facts, not from where the finding belongs
    # the nonfulfilment is not disputed: it is answered as raised until the grade is decided
    assert (
        "We do not dispute the nonfulfilment itself; until you decide on the grade, we will respond to it as raised: "
        "correction, cause analysis and corrective action plan by 14 September 2026; evidence of effective "
        "corrective action, for your verification, by 30 October 2026." in nc3
    )


def test_revise_accepts_and_asks_for_the_record() -> None:
    nc4 = _section(_md(), "NC-4")
    assert "NC-4, a minor nonconformity citing no clause: request to complete the record" in nc4
    assert (
        "The finding cites no requirement; ISO/IEC 17021-1:2015 asks that a nonconformity be recorded against a "
        "specific requirement (9.4.5.3)." in nc4
    )
    assert "What the finding describes falls under 7.1.5.2 Measurement traceability" in nc4
    assert "We accept that a nonfulfilment stands behind NC-4" in nc4 and "withdrawn" not in nc4


def test_nothing_argued_for_a_sound_finding_or_an_upgrade() -> None:
    text = _md()
    assert "### NC-1" not in text and "### NC-5" not in text and "### OBS-1" not in text
    accepted = text[text.index("## Findings we accept, and when we will respond") :]
    assert (
        "- NC-1, a major nonconformity under 8.7.1: correction, cause analysis and corrective action plan by "
        "14 September 2026; evidence of effective corrective action, for your verification, by 30 October 2026."
        in accepted
    )
    # NC-5 is accepted as raised (minor): nothing says the evidence reads as major
    assert (
        "- NC-5, a minor nonconformity under 8.4.1: correction, cause analysis and corrective action plan by "
        "30 September 2026; corrective action implemented by 29 November 2026." in accepted
    )
    assert "breakdown" not in text and "undergraded" not in text
    assert "verify the correction and corrective action before the certification decision" in text


def test_nothing_promised_for_ofi_or_observation() -> None:
    text = _md()
    noted = text[text.index("## Observations and opportunities for improvement") :]
    assert (
        "We have noted OFI-1 and OBS-1. They are not nonconformities and we understand that no response is "
        "required." in noted
    )
    for line in text.splitlines():
        if "OFI-1" in line or "OBS-1" in line:
            assert "corrective action" not in line and "by " not in line.replace("by line", "")


def test_single_finding_letters() -> None:
    out = challenge_letter(report(), verdicts(), "NC-2", date=DAY)
    assert isinstance(out, str) and "### NC-2" in out and "NC-3" not in out
    with pytest.raises(ValueError, match="verdict 'sound'"):
        challenge_letter(report(), verdicts(), "NC-1")
    with pytest.raises(ValueError, match="verdict 'regrade'"):
        challenge_letter(report(), verdicts(), "NC-5")  # an upgrade is not the client's to ask


def test_placeholders_without_details() -> None:
    bare = {k: v for k, v in REPORT.items() if k not in ("client", "certification_body", "certificate_number")}
    out = challenge_letter(Report.model_validate(bare), verdicts(), date=DAY)
    assert isinstance(out, str)
    assert out.startswith("[Our organisation]\n\n4 September 2026\n\nTo: [Certification body]")


def test_markdown_carries_no_raw_html() -> None:
    findings = [dict(f) for f in REPORT["findings"]]
    findings[1]["statement"] = "<script>alert(1)</script> best practice <img src=x onerror=y> [link](http://x)"
    text = _md(findings=findings)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "[link\\](http://x)" in text and not re.search(r"(?<!\\)\]\(", text)  # no link survives
    assert md_escape("# heading\n1. item") == "\\# heading\n1\\. item"


def test_docx_a4_author_and_control_characters() -> None:
    findings = [dict(f) for f in REPORT["findings"]]
    findings[1]["statement"] = "Nul\x00 here,\x0bvertical tab, \ufffe noncharacter; best practice"
    rep = report(findings=findings)
    out = challenge_letter(rep, verdicts(), fmt="docx", date=DAY)
    assert isinstance(out, bytes)
    doc = Document(io.BytesIO(out))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.core_properties.author == "Acme Valves Ltd" and doc.core_properties.last_modified_by == "Acme Valves Ltd"
    assert "python-docx" not in (doc.core_properties.author + doc.core_properties.comments)
    texts = [p.text for p in doc.paragraphs]
    assert "Nul here,\nvertical tab,  noncharacter; best practice" in texts
    assert texts[:2] == ["Acme Valves Ltd", "4 September 2026"]
    letter = challenge_letter(rep, verdicts(), fmt="docx", paper="letter", date=DAY)
    assert isinstance(letter, bytes)
    section = Document(io.BytesIO(letter)).sections[0]
    assert (round(section.page_width.inches, 1), round(section.page_height.inches, 1)) == (8.5, 11.0)


def test_xml_safe() -> None:
    assert xml_safe("a\x00b\x0bc\ufffed\ud800e\tf") == "ab\ncd" + "e\tf"


def test_letter_end_to_end_never_asks_to_withdraw_a_kept_finding(engine: Engine) -> None:
    rep = Report.model_validate(json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text()))
    result = engine.check(rep)
    out = challenge_letter(rep, result, date=DAY)
    assert isinstance(out, str)
    asked = set(re.findall(r"We ask that (\S+) be withdrawn", out))
    assert asked == {f.id for f in result.findings if f.verdict == "withdraw"}


def test_api_letter_paper_and_date() -> None:
    client = TestClient(create_app())
    body = json.loads((ROOT / "examples" / "cb-2026-0142.json").read_text())
    r = client.post("/v1/reports/challenge?format=md&date=2026-10-20", json=body)
    assert r.status_code == 200 and "20 October 2026" in r.text
    r = client.post("/v1/reports/challenge?format=txt&date=2026-10-20", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "20 October 2026" in r.text and "\\" not in r.text and "###" not in r.text
    r = client.post("/v1/reports/challenge?format=docx&paper=letter", json=body)
    assert r.status_code == 200
    assert round(Document(io.BytesIO(r.content)).sections[0].page_width.inches, 1) == 8.5


def test_bare_numbers_are_named_as_findings() -> None:
    findings = [{**f, "id": str(n)} for n, f in enumerate(REPORT["findings"], start=1)]
    res = verdicts()
    for n, f in enumerate(res.findings, start=1):
        f.id = str(n)
    out = challenge_letter(report(findings=findings), res, date=DAY)
    assert isinstance(out, str)
    assert "We ask that finding 2 be withdrawn." in out and "### Finding 2, a minor nonconformity under 7.5.3" in out


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (dt.date(2026, 10, 28), dt.date(2026, 10, 30), "28 to 30 October 2026"),
        (dt.date(2026, 9, 30), dt.date(2026, 10, 2), "30 September to 2 October 2026"),
        (dt.date(2026, 12, 30), dt.date(2027, 1, 2), "30 December 2026 to 2 January 2027"),
    ],
)
def test_audit_dates_as_a_letter_writes_them(first: dt.date, last: dt.date, text: str) -> None:
    assert date_range(first, last) == text


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_api_letter_takes_awkward_reports(fmt: str) -> None:
    client = TestClient(create_app())
    body = {
        "client": "Zoë \x0b <b>&</b>\x00",
        "certification_body": "CB \ufffe",
        "audit": {"type": "transfer", "dates": "30 Dec to 2 Jan 2027", "lead_auditor": "A\x0cB"},
        "findings": [
            {"statement": "It is best practice to use \x00 electronic <script>x</script> records.", "grade": "Cat 2"},
            {"statement": "💥" * 40, "grade": "AOC"},
        ],
    }
    r = client.post(f"/v1/reports/challenge?format={fmt}", json=body)
    assert r.status_code == 200, r.text[:300]
    if fmt == "md":
        assert "<b>" not in r.text and "<script>" not in r.text
    else:
        doc = Document(io.BytesIO(r.content))
        assert doc.core_properties.author == "Zoë <b>&</b>"
        assert any(p.text.startswith("To: CB") for p in doc.paragraphs)


# -- issue 27: dates still ahead, the evidence asked for, the dispute under 9.4.5.4, the grounding quoted -------


def test_a_letter_dated_a_month_after_the_audit_promises_no_passed_date() -> None:
    late = dt.date(2026, 10, 5)  # the audit ended on 31 August: the 14- and 30-day periods have ended
    text = challenge_letter(report(), verdicts(), date=late)
    assert isinstance(text, str)
    promised = [dt.datetime.strptime(m, "%d %B %Y").date() for m in re.findall(r"\bby (\d{1,2} \w+ \d{4})", text)]
    assert promised and all(day >= late for day in promised), promised
    assert (
        "correction, cause analysis and corrective action plan by 19 October 2026, a date we propose (the 14-day "
        "period from the audit's last day ended on 14 September 2026)" in text
    )
    assert "we ask you to agree a new date with us" in text
    # the window for raising a disagreement is said to have ended, plainly
    assert "the 14-day period for raising a disagreement, counted from the audit's last day, ended on 14 September" in (
        text
    )
    # a date still ahead is kept as it is
    assert "evidence of effective corrective action, for your verification, by 30 October 2026" in text


def test_a_date_after_a_proposed_one_is_moved_too() -> None:
    late = dt.date(2026, 11, 20)  # NC-5's response (30 Sep) passed; its 29 November would come before 20 December
    text = challenge_letter(report(), verdicts(), date=late)
    assert isinstance(text, str)
    assert "corrective action implemented by 18 February 2027, a date we propose (in place of 29 November 2026)" in text


def test_on_time_letter_says_nothing_of_passed_periods() -> None:
    text = _md()
    assert "a date we propose" not in text and "ended on" not in text and "agree a new date" not in text


def _with_unidentified_evidence() -> tuple[Report, object]:
    from engine.core.models import Citation, FindingVerdict, Issue, Requirement, Span

    findings = [
        *REPORT["findings"],
        {
            "id": "NC-7",
            "grade": "minor",
            "clause": "8.5.1",
            "statement": ("Work instructions were not followed at the assembly line."),
            "evidence": "Observed during the audit.",
        },
    ]
    res = verdicts()
    words = "Observed during the audit."
    res.findings.append(
        FindingVerdict(
            id="NC-7",
            verdict="revise",
            raised_grade="minor",
            proposed_grade="minor",
            grade_reasons=[],
            citation=Citation(input="8.5.1", standard="iso-9001-2015", clause="8.5.1", status="resolved"),
            requirement=Requirement(
                standard="iso-9001-2015",
                clause="8.5.1",
                title="Control of production and service provision",
                source="cited",
            ),
            issues=[
                Issue(
                    rule="EV02",
                    name="ev02",
                    category="no_evidence",
                    severity="warning",
                    message="m",
                    basis="ISO/IEC 17021-1:2015 9.4.5.3",
                    span=Span(field="evidence", start=0, end=len(words), text=words),
                )
            ],
        )
    )
    return report(findings=findings), res


def test_unidentified_evidence_is_asked_for_before_accepting() -> None:
    rep, res = _with_unidentified_evidence()
    text = challenge_letter(rep, res, date=DAY)  # type: ignore[arg-type]
    assert isinstance(text, str)
    assert "to identify the objective evidence behind NC-7 before we respond to it" in text
    section = _section(text, "NC-7")
    assert "request for the objective evidence" in section
    assert "(\u201cObserved during the audit\u201d)" in section
    assert "## If we do not agree" not in challenge_letter(rep, res, "NC-7", date=DAY)  # type: ignore[arg-type]
    assert "Before we accept NC-7, we ask you to identify that evidence: the records, documents" in section
    accepted = text[text.index("## Findings we accept, and when") :]
    assert "NC-7" not in accepted  # not accepted until the evidence is identified
    assert "We accept that a nonfulfilment stands behind NC-7" not in text


def test_the_dispute_is_framed_under_9_4_5_4_with_complaints_and_appeals_for_what_they_cover() -> None:
    text = _md()
    tail = text[text.index("## If we do not agree") :]
    assert "9.4.5.4 asks that diverging opinions on audit evidence or findings be resolved" in tail
    assert "complaints process, which covers the conduct of the audit and its findings (9.8)" in tail
    assert "appeals process concerns the certification decision itself (9.7)" in tail
    assert "treated under your appeals process" not in text


def test_a_withdrawal_quotes_what_the_requirement_obliges_and_leaves_open() -> None:
    from engine.core.models import Grounding

    res = verdicts()
    nc2 = next(f for f in res.findings if f.id == "NC-2")
    nc2.requirement.grounding = Grounding(
        demand="an electronic document register",
        obliges="Documented information is controlled so that it is available where needed and protected.",
        leaves_open=["medium", "method"],
        outcome="left_open",
    )
    nc2_text = _section(challenge_letter(report(), res, date=DAY), "NC-2")  # type: ignore[arg-type]
    assert (
        "In our words, 7.5.3.2 Control of documented information requires that documented information is "
        "controlled so that it is available where needed and protected. It leaves the medium and method to us."
        in nc2_text
    )
    assert (
        "What the finding asks for (\u201can electronic document register\u201d) is a choice of the medium and method "
        "that the requirement leaves to us, not something it obliges." in nc2_text
    )
    assert "We find no requirement" not in nc2_text  # the grounding replaces the nearest-requirement line
    # each outcome is said in its own words
    for outcome, words in (
        ("not_required", "is not among what ISO 9001:2015 requires"),
        ("guidance_only", "Only guidance names what the finding asks for"),
        ("nowhere", "No requirement of ISO 9001:2015 asks for what the finding demands"),
    ):
        nc2.requirement.grounding = Grounding(demand="a register", obliges="x is controlled", outcome=outcome)  # type: ignore[arg-type]
        assert words in _section(challenge_letter(report(), res, date=DAY), "NC-2")  # type: ignore[arg-type]
    from engine.core.models import GroundingOther

    nc2.requirement.grounding = Grounding(
        demand="a risk register",
        outcome="other_standard",
        other=GroundingOther(standard="ISO 45001:2018", clause="6.1.2"),
    )
    letter = challenge_letter(report(), res, date=DAY)
    assert isinstance(letter, str)
    assert "is an obligation of ISO 45001:2018 6.1.2, which is not among the criteria of this audit" in _section(
        letter, "NC-2"
    )
    # an uncertain grounding asserts nothing about where the demand falls
    nc2.requirement.grounding = Grounding(demand="a register", outcome="uncertain", reason="not sure")
    assert "We find no requirement of ISO 9001:2015" in _section(challenge_letter(report(), res, date=DAY), "NC-2")  # type: ignore[arg-type]


def test_docx_core_properties_are_todays_and_the_clients() -> None:
    out = challenge_letter(report(), verdicts(), fmt="docx", date=DAY)
    assert isinstance(out, bytes)
    props = Document(io.BytesIO(out)).core_properties
    today = dt.datetime.now(dt.UTC).date()
    assert props.created is not None and props.created.date() == today
    assert props.modified is not None and props.modified.date() == today
    assert props.author == props.last_modified_by == "Acme Valves Ltd"
    assert props.last_printed is None and props.revision == 1
    assert props.title.startswith("Audit AUD-2026-311")


@pytest.mark.parametrize("case", ["preference", "regrade", "evidence"])
def test_the_reviewed_letters_are_what_the_code_writes(engine: Engine, case: str) -> None:
    """The three letters read by a reviewer (tests/fixtures/letters, notes in REVIEW.md) are today's output;
    after an intended change, run `python -m tests.make_letters` and have them read again."""
    from tests.make_letters import HERE, render_case

    out = render_case(engine, case)
    for fmt in ("txt", "md"):
        assert out[fmt] == (HERE / f"{case}.{fmt}").read_text(encoding="utf-8"), f"{case}.{fmt} is stale"
    docx = Document(io.BytesIO(out["docx"]))  # type: ignore[arg-type]
    stored = Document(str(HERE / f"{case}.docx"))
    assert [p.text for p in docx.paragraphs] == [p.text for p in stored.paragraphs]


def test_an_isolated_lapse_not_in_the_words_is_not_quoted_as_if_it_were() -> None:
    res = verdicts()
    nc3 = next(f for f in res.findings if f.id == "NC-3")
    nc3.grade_reasons = ["isolated lapse ('1 of 40'); the process is otherwise in place (3.13)"]
    text = _section(challenge_letter(report(), res, date=DAY), "NC-3")  # type: ignore[arg-type]
    assert "records an isolated lapse (1 of 40). One lapse in a sample" in text and "\u201c1 of 40" not in text
