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
    head = text[: text.index("Dear [To complete: J. Smith / ")]  # an initial only: how we address them is a choice
    assert head.startswith("Acme Valves Ltd\n\n4 September 2026\n\nTo: Example Certification Ltd")
    for ref in (
        "For the attention of J. Smith, lead auditor",
        "Our certificate: Q-12345",
        "Your report: R-2026-311, audit AUD-2026-311",
    ):
        assert ref in head
    assert "## Audit AUD-2026-311: our response to the findings and our requests about NC-2, NC-3 and NC-4" in head
    # no count of findings, no claim to have checked the report against the body's own standard
    assert (
        "Thank you for the stage 2 audit of 27 to 31 August 2026 against ISO 9001:2015. We have reviewed report "
        "R-2026-311 and respond to each finding below." in text
    )
    assert "3.12, 3.13)" not in text[: text.index("###")]
    # the signature block ends the letter, or stands just above the enclosures line
    signed = re.sub(r"\n\nEnclosures: [^\n]*$", "", text.rstrip())
    assert signed.endswith("Acme Valves Ltd") and "Yours sincerely," in text
    # with no contact named, the formal greeting and closing
    bare = _md(audit={k: v for k, v in REPORT["audit"].items() if k != "lead_auditor"})
    assert "Dear Sir or Madam," in bare and "Yours faithfully," in bare and "For the attention" not in bare


def test_the_clients_own_voice() -> None:
    text = _md()
    # (after the twelfth reading) what we ask first, in the order of the sections and in the words of their
    # headings ("request to regrade as a minor nonconformity"), then what we accept, then thanks for the
    # improvement points, in the last request's sentence (in one of its own where that would pass forty words)
    assert (
        "We ask you to withdraw NC-2, for the reasons given below. We accept that NC-3 is a nonconformity and are "
        "acting on it, but ask you to regrade it as a minor nonconformity, for the reasons given below; we accept "
        "NC-1, NC-4 and NC-5 and welcome OFI-1 and OBS-1." in text
    )
    assert not re.search(r"\bthe client\b", text, re.I)
    assert "given after our requests" not in text and "set out below" not in text  # no layout talk


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
    assert "we ask you to regrade NC-3 as a minor nonconformity (3.13)" in text


def test_each_ground_once() -> None:
    nc2 = _section(_md(), "NC-2")
    assert nc2.startswith("### NC-2 (minor, 7.5.3): request for withdrawal")  # one heading, no plural section
    bullets = [ln for ln in nc2.splitlines() if ln.startswith("- ")]
    # two grounds: one from the evidence (its facts, argued), one from the requirement (the opinion quoted whole,
    # what the obligation layer says the requirement leaves open and does not require, and 9.4.5.3)
    assert len(bullets) == 2 and len(set(bullets)) == 2
    # the evidence ground says which requirement the evidence meets (its clause from the obligation layer), not
    # the evidence again
    assert bullets[0] == (
        "- The evidence recorded above shows the control of documented information that ISO 9001:2015 7.5.3.2 asks "
        "of us."
    )
    assert "DR-1" not in bullets[0]
    assert "\u201cit is best practice to keep an electronic document register; most companies do\u201d" in bullets[1]
    # the medium is cited where the obligation names it (7.5.2 b)), and named once
    assert "leaves to us which medium documented information is kept in, paper or electronic" in bullets[1]
    assert (
        "(7.5.2, item b)" in bullets[1]
        and "b))" not in bullets[1]
        and "7.5.1" not in bullets[1]
        and "whether paper or electronic" not in bullets[1]
    )
    assert bullets[1].endswith(
        "ISO/IEC 17021-1:2015 9.4.5.3 asks that a nonconformity be recorded against a specific requirement."
    )
    assert "We find no requirement" not in nc2 and "preferred" not in nc2
    # not said in a withdrawal: a clause-4 principle (impartiality), the precision of the citation, "demands"
    assert "4.2" not in nc2 and "whole clause" not in nc2 and "demand" not in nc2
    # the auditor's point offered back as an improvement, and a line for what was said at the closing meeting
    # (after the thirteenth reading) ours to consider at our management review, not tied to an unrelated OFI
    assert "opportunity for improvement and would consider it at our next management review." in nc2
    assert "OFI-1" not in nc2
    assert "9.4.5.2" not in nc2
    # before the argument, both answers, the second with its reason (not between the argument and the request)
    line = "[To complete: We raised our disagreement with the finding at the closing meeting on 31 August 2026."
    assert nc2.index(line) < nc2.index("The finding states:")
    assert "We did not raise our disagreement with the finding at the closing meeting, as we first wanted to" in nc2
    assert "engine message" not in nc2 and ". (" not in nc2


def test_the_closing_meeting_line_is_left_out_when_the_report_records_the_disagreement() -> None:
    findings = [dict(f) for f in REPORT["findings"]]
    findings[1]["client_position"] = "We said at the closing meeting that the register is controlled."
    assert "closing meeting on" not in _section(_md(findings=findings), "NC-2")


def test_regrade_argued_from_the_grade_reasons() -> None:
    nc3 = _section(_md(), "NC-3")
    paras = nc3.split("\n\n")
    # it asks first why the grade was given, then argues from 3.12/3.13 in our words and the finding's words
    ask = next(i for i, p in enumerate(paras) if p.startswith("Your report does not say why NC-3 was graded major"))
    ground = next(i for i, p in enumerate(paras) if p.startswith("ISO/IEC 17021-1:2015 defines a major nonconformity"))
    assert ask < ground
    assert "affects the capability of the management system to achieve its intended results (3.12)" in paras[ground]
    assert "a minor one as one that does not (3.13)" in paras[ground]
    # only the words that carry the ground are quoted, not the whole finding again
    assert "The finding itself records that \u201c39 other gauges sampled were in date\u201d" in paras[ground]
    assert "\u201cPlug gauge" not in paras[ground] and "isolated lapse ('" not in nc3
    assert "significant doubt about the ability of our management system" not in nc3  # the old misquotation
    # the nonfulfilment is not disputed: it is treated as raised until the grade is decided, correction first
    # the acceptance is said once (in the opening); the section says only how it is treated meanwhile
    assert "Until you decide on the grade, we are treating NC-3 as a major nonconformity." in nc3
    assert "We do not dispute" not in nc3
    # "isolated" rests on a sample: the correction asks for the rest of the population, not the case already told
    # ... and it comes before the request, which rests on it
    check = next(i for i, p in enumerate(paras) if p.startswith("We have also checked every gauge we hold against"))
    request = next(i for i, p in enumerate(paras) if p.startswith("As these checks show that PG-31 was the only gauge"))
    assert ground < check < request
    assert "not only the 40 sampled: [To complete: how many, and whether any other was overdue]." in paras[check]
    assert "We have already acted on PG-31" not in nc3 and "Correction already made" not in nc3
    assert (
        "We will send you our cause analysis, correction and corrective action plan by 14 September 2026. We will "
        "send evidence that the correction and corrective action are implemented, for your verification, as soon "
        "as the corrective action is in place, and by 30 October 2026 at the latest." in nc3
    )
    assert "implemented and effective" not in nc3


def test_the_product_question_where_a_control_lapsed_for_a_period() -> None:
    # a gauge past its calibration date: whether the output of that period was affected is asked, with a line
    nc3 = _section(_md(), "NC-3")
    assert "we have checked" in nc3
    # the as-found result is inside the sentences to fill, the duty cited without a bracketed paraphrase
    assert "it was found [To complete: within / outside] its tolerance" in nc3 and "(in our words:" not in nc3
    findings = [dict(f) for f in REPORT["findings"]]
    findings[2]["statement"] = "The torque wrench TW-2 has not been calibrated since 3 March 2026; 9 others were."
    assert "TW-2 was out of control from 3 March 2026 until we corrected it on [To complete: date]" in _section(
        _md(findings=findings), "NC-3"
    )
    # a due date the finding gives bounds the start (the day after it); the end is the client's to fill, one end
    # each (a date seen in the evidence is not the end of the lapse)
    findings[2]["statement"] = "Gauge G-7 was used past its due date of 30 August 2026."
    findings[2]["evidence"] = "Gauge label seen on press 2 on 7 October 2026."
    bounded = _section(_md(findings=findings), "NC-3")
    assert (
        "G-7 was in use past its due date from 31 August 2026 until [To complete: we took it out of use / it was "
        "recalibrated] on [To complete: date]." in bounded
    )
    assert "until at least" not in bounded and "the dates the finding gives" not in bounded
    # asked under the finding's own clause where its obligation speaks of earlier results, no dangling "this",
    # and the request stated plainly (the client has made the check before signing)
    assert "As ISO 9001:2015 7.1.5.2 asks, we have checked" in bounded and "asks this of us" not in bounded
    assert (
        "As these checks show that G-7 was the only gauge past its due date and that the output of that period was "
        "unaffected, we ask you to regrade NC-3" in bounded
    )
    assert "if it does not" not in bounded
    # a one-off lapse with nothing left out of control for a period raises no such question
    findings[2]["statement"] = "One of 40 work orders sampled was not signed by the inspector; 39 were signed."
    assert "measured or made in that period" not in _section(_md(findings=findings), "NC-3")


def test_revise_accepts_and_asks_for_the_record() -> None:
    nc4 = _section(_md(), "NC-4")
    assert "NC-4 (minor, no clause cited): accepted, with a request to complete the record" in nc4
    assert (
        "The finding cites no requirement; ISO/IEC 17021-1:2015 asks that a nonconformity be recorded against a "
        "specific requirement (9.4.5.3)." in nc4
    )
    assert "What the finding describes falls under 7.1.5.2 Measurement traceability" in nc4
    assert "We accept that a nonfulfilment stands behind NC-4" in nc4 and "withdrawn" not in nc4


def test_nothing_argued_for_a_sound_finding_or_an_upgrade() -> None:
    text = _md()
    nc1, nc5 = _section(text, "NC-1"), _section(text, "NC-5")
    assert nc1.startswith("### NC-1 (major, 8.7.1): accepted") and "The finding states" not in nc1
    assert (
        "We will send you our cause analysis, correction and corrective action plan by 14 September 2026. We will "
        "send evidence that the correction and corrective action are implemented, for your verification, as soon "
        "as the corrective action is in place, and by 30 October 2026 at the latest." in nc1
    )
    # NC-5 is accepted as raised (minor): nothing says the evidence reads as major; 29 November 2026 is a Sunday
    assert (
        "We will send you our cause analysis, correction and corrective action plan by 30 September 2026 and "
        "evidence that the "
        "correction and corrective action are implemented by 27 November 2026." in nc5
    )
    assert "breakdown" not in text and "undergraded" not in text
    assert "verify the correction and corrective action before the certification decision" in text


def test_nothing_promised_for_ofi_or_observation() -> None:
    text = _md()
    assert "### OFI-1 (9.1.3): opportunity for improvement\n\nThank you for the suggestion that" in text
    assert "no response is required" not in text
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
    assert "We ask that finding 2 be withdrawn." in out and "### Finding 2 (minor, 7.5.3)" in out


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (dt.date(2026, 10, 28), dt.date(2026, 10, 30), "28 to 30 October 2026"),
        (dt.date(2026, 9, 30), dt.date(2026, 10, 2), "30 September to 2 October 2026"),
        (dt.date(2026, 12, 30), dt.date(2027, 1, 2), "30 December 2026 to 2 January 2027"),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 4), "3 and 4 November 2026"),
        (dt.date(2026, 9, 30), dt.date(2026, 10, 1), "30 September and 1 October 2026"),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 1), "31 December 2026 and 1 January 2027"),
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


STATED = {
    "major": {"response": "14 days", "evidence": "60 days"},
    "minor": {"response": "30 days", "evidence": "90 days"},
}


def _stated(**changes: object) -> Report:
    """The fixture report with the response times its certification body states."""
    return report(audit={**REPORT["audit"], "response_times": STATED}, **changes)


def _promised(text: str) -> list[dt.date]:
    return [dt.datetime.strptime(m, "%d %B %Y").date() for m in re.findall(r"\bby (\d{1,2} \w+ \d{4})", text)]


def test_a_letter_dated_a_month_after_the_audit_promises_no_passed_date() -> None:
    late = dt.date(2026, 10, 5)  # the audit ended on 31 August: the stated 14- and 30-day periods have ended
    text = challenge_letter(_stated(), verdicts(), date=late)
    assert isinstance(text, str)
    promised = _promised(text)
    assert promised and all(day >= late and day.weekday() < 5 for day in promised), promised
    # an apology first, with a line for the reason; exactly which dates passed, and which are kept
    intro = text[: text.index("###")]
    assert "We are sorry this reply comes late; [To complete: the reason]." in intro
    # "the time you gave" not said twice; how the periods were counted said once
    assert (
        # (after the fifteenth reading) the start of the count is ours, said as ours, with a check on the rules
        "Counting the 14 and 30 days your report gives from the last day of the audit, our plans were due on 14 "
        "September 2026 for NC-1 and NC-3 and on 30 September 2026 for NC-4 and NC-5. [To complete: check when the "
        "body's rules start these periods"
        in intro
        and "for what was late] We propose new dates for them below and ask you to agree them." in intro
    )
    assert intro.count("the time you gave") + intro.count("The time you gave") == 0
    assert text.lower().count("from the last day of the audit") == 1  # the counting said once, as ours
    # the kept dates are named once, in each finding's section, as periods with their dates; not again above
    assert "30 October 2026" not in intro and "require anything further" not in intro
    assert "times you gave" not in intro and "have passed, so" not in intro  # never "the times have passed"
    # a passed plan date is proposed anew a week from the letter (not a whole new period), without a bracket
    # repeating the apology
    assert (
        "our cause analysis, correction and corrective action plan by 12 October 2026" in text
        and "period given" not in text
    )
    # a date still ahead is kept as given, never moved later; named with its period once, above
    assert (
        "for your verification, as soon as the corrective action is in place, and by 30 October 2026 at the latest "
        "(the 60 days given in your report)" in text
    )
    assert text.count("30 October 2026") == 2 and "the date you gave" not in text  # NC-1 and NC-3, each once
    # a major whose plan is late: the plan offered with the letter, the proposed date as the other choice
    assert (
        "[To complete: We enclose our cause analysis, correction and corrective action plan. / We will send you" in text
    )
    # no disagreement window is claimed where none was stated
    assert "raising a disagreement" not in text


def test_periods_nobody_stated_are_never_named() -> None:
    late = dt.date(2026, 10, 5)
    text = challenge_letter(report(), verdicts(), date=late)
    assert isinstance(text, str)
    promised = _promised(text)
    assert promised and all(day >= late and day.weekday() < 5 for day in promised), promised
    assert "-day period" not in text and "ended on" not in text and "We are sorry" not in text
    assert text.count("Your report does not state the time you allow for our responses") == 1
    # a stated window for raising a disagreement is named when it has ended
    rep = report(audit={**REPORT["audit"], "response_times": {**STATED, "dispute": "14 days"}})
    stated = challenge_letter(rep, verdicts(), date=late)
    assert isinstance(stated, str)
    assert "The 14-day period given in your report for raising a disagreement ended on 14 September 2026" in stated


def test_a_passed_date_never_moves_one_still_ahead() -> None:
    late = dt.date(2026, 11, 20)  # NC-5's stated response (30 Sep) has passed; its evidence (29 Nov) has not
    nc5 = _section(challenge_letter(_stated(), verdicts(), date=late), "NC-5")  # type: ignore[arg-type]
    # 20 November + 30 days would pass the evidence date still ahead: the plan comes no later than it; 29 November
    # is a Sunday, so the Friday before (earlier than asked is never late), and the evidence is not moved later
    assert "our cause analysis, correction and corrective action plan by 27 November 2026" in nc5
    assert "evidence that the correction and corrective action are implemented by 27 November 2026" in nc5
    assert "2027" not in nc5 and "18 February" not in nc5


def test_on_time_letter_says_nothing_of_passed_periods() -> None:
    text = challenge_letter(_stated(), verdicts(), date=DAY)
    assert isinstance(text, str)
    assert "ended on" not in text and "agree them" not in text and "We are sorry" not in text
    assert "does not state the time" not in text  # the report states it


def test_proposed_dates_are_working_days() -> None:
    from engine.outputs.challenge import _holidays, working_day

    gb = _holidays("GB")
    saturday = dt.date(2026, 12, 26)
    assert working_day(saturday, dt.date(2026, 12, 1)) == dt.date(2026, 12, 25)  # no country: weekends only
    assert working_day(saturday, dt.date(2026, 12, 1), gb) == dt.date(2026, 12, 24)  # Christmas Day is not one
    # when the day before would come before the letter, the next working day (28 December is a holiday in GB)
    assert working_day(saturday, saturday, gb) == dt.date(2026, 12, 29)
    assert working_day(dt.date(2026, 12, 23), dt.date(2026, 12, 1), gb) == dt.date(2026, 12, 23)
    assert _holidays(None) == () and _holidays("XX") == ()  # unknown: no claim about holidays
    # through the letter: a report's country keeps its holidays out of the promised dates
    rep = report(client_country="GB", audit={**REPORT["audit"], "last_day": "2026-11-26", "first_day": "2026-11-24"})
    text = challenge_letter(rep, verdicts(), date=dt.date(2026, 12, 1))
    assert isinstance(text, str)
    # and no date we choose falls in the year-end gap (24-31 December): a week before it instead
    assert "by 18 December 2026" in text and "December 2026" in text
    for day in ("24", "25", "26", "28", "29", "30", "31"):
        assert f"by {day} December" not in text


def test_client_country_is_a_two_letter_code() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="client_country"):
        report(client_country="Britain")


def test_a_major_at_recertification_is_closed_before_the_certificate_expires() -> None:
    audit = {**REPORT["audit"], "type": "recertification"}
    text = challenge_letter(report(audit=audit, certificate_expiry="2026-10-16"), verdicts(), date=DAY)
    assert isinstance(text, str)
    nc1 = _section(text, "NC-1")
    # 60 days would be 30 October, after the expiry: moved to leave ten working days for verification
    assert (
        "for your verification, as soon as the corrective action is in place, and by 2 October 2026 at the latest"
        in nc1
    )
    assert "before our certificate expires on 16 October 2026 (ISO/IEC 17021-1:2015 9.6.3.2)" in nc1
    # a visit window opens when the evidence is ready: before then there is nothing to verify
    # (after the tenth reading) offered at short notice; no closing date where none leaves time before expiry
    assert (
        "at short notice on any working day from [To complete: the day we send the evidence, at the latest 2 "
        "October 2026]." in nc1
    )
    assert "leave you time" not in nc1
    unknown = _section(challenge_letter(report(audit=audit), verdicts(), date=DAY), "NC-1")  # type: ignore[arg-type]
    assert "the report does not give our certificate's expiry date, [To complete:" in unknown
    assert "9.6.3.2" not in _md()  # not at stage 2
    # an expiry already passed is not said to leave time
    gone = _section(
        challenge_letter(report(audit=audit, certificate_expiry="2026-09-01"), verdicts(), date=DAY), "NC-1"
    )  # type: ignore[arg-type]
    assert "Our certificate's expiry date, 1 September 2026, has passed: [To complete:" in gone
    assert "leave you time" not in gone
    assert all(day >= DAY for day in _promised(gone))


def test_docx_made_on_a_given_day() -> None:
    made = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)
    out = challenge_letter(report(), verdicts(), fmt="docx", date=DAY, created=made)
    assert isinstance(out, bytes)
    props = Document(io.BytesIO(out)).core_properties
    assert props.created == made.replace(tzinfo=None) or props.created == made


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
    assert "ask you for the details of what was observed for NC-7" in text and "so that we can investigate" not in text
    assert "## Audit AUD-2026-311: our response to the findings and our requests about NC-2, NC-3, NC-4 and NC-7" in (
        text
    )
    section = _section(text, "NC-7")
    assert section.startswith("### NC-7 (minor, 8.5.1): the evidence behind it")
    assert (
        "The report records the evidence only as \u201cObserved during the audit\u201d. ISO/IEC 17021-1:2015 "
        "9.4.5.3 asks that the objective evidence be identified in detail" in section
    )
    assert "What the record needs" not in section  # one sentence, no heading over a single point
    assert "## If our views still differ" not in challenge_letter(rep, res, "NC-7", date=DAY)  # type: ignore[arg-type]
    # the evidence is not quoted twice: the block is left out when it is only the words said to identify nothing
    assert section.count("Observed during the audit") == 1
    # whether it was discussed at the audit or the closing meeting (9.4.5.3), both answers for the client
    # the first answer gives the second reason 9.4.5.3 offers: a finding is discussed so its evidence is understood
    assert (
        "[To complete: NC-7 was not discussed with us during the audit or at the closing meeting; 9.4.5.3 also asks "
        "that nonconformities be discussed with the client" in section
    )
    # concrete, in the finding's own terms: which line (the place it names), when, the products around it
    assert "Please tell us which line it was, at about what time" in section
    assert ", and which products ran before and after it. Please also tell us what the audit team saw" in section
    assert section.count(" seen") == 0
    # our own check is done before signing, covers the product made then, and ends one of two ways, each whole
    assert (
        "We have checked our records of the audit, and what became of the product made then ([To complete: held, "
        "tested or released, with the records, ref. ...]). [To complete: We have also asked" in section
    )
    assert "who accompanied the audit team, what they saw.] [To complete: We found what the " in section
    assert "Our records of the audit show no such case (records ...)" in section
    fate = "The product made after it was ... (held, tested, released or recalled), on ... (ref. ...)."
    assert f"{fate} We accept NC-7 " in section
    assert "we cannot find what the finding describes, and need its details to act on it.]" in section
    assert "While we wait" not in section and "we are checking our records" not in section
    # (after the fourteenth reading) a fixed plan date beside the one counted from the reply, and its evidence's
    assert "time for our response to NC-7 could run from your reply. If your reply reaches us by" in section
    assert "a plan based on our own checks, and complete it within 30 days of your reply." in section
    assert "We would be glad to discuss this by phone if that is quicker." in section
    assert "we accept NC-1" in text and "NC-7 and give our dates" not in text  # not accepted yet
    assert "We accept that a nonfulfilment stands behind NC-7" not in text


def test_the_dispute_is_framed_under_9_4_5_4_without_threats() -> None:
    text = _md()
    tail = text[text.index("## If our views still differ") :]
    assert "asks the audit team leader" not in tail and "(ISO/IEC 17021-1:2015 9.4.5.4, 9.4.8)" in tail  # no lecture
    # the letter speaks to its reader, not of them in the third person
    assert "We would be glad to discuss NC-2 and NC-3 with you by phone." in tail and "J. Smith about" not in tail
    # a first reply names no complaint and no appeal
    assert "complaint" not in text and "appeal" not in text
    # where a disagreement is already recorded as unresolved, the routes are named neutrally, once
    findings = [dict(f) for f in REPORT["findings"]]
    findings[1]["unresolved_points"] = "The client holds that the paper register is controlled."
    disputed = _md(findings=findings)
    assert "your complaints and appeals processes remain open to us, though we hope not to need them" in disputed
    assert "we will raise it" not in disputed and "we would use it" not in disputed


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
    # where the demand falls first, then what the requirement obliges and what it leaves open: one sentence
    assert (
        "What the finding asks for is a choice of the medium and method, which ISO 9001:2015 7.5.3.2 leaves to us, "
        "not something it obliges: it asks that documented "
        "information be controlled so that it is available where needed and protected" in nc2_text
    )
    # said once: the preference rules resting on the same decision add the opinion and what 17021-1 asks, once
    assert nc2_text.count("asks that documented information be controlled") == 1
    # every non-requirement the finding rests on named once, said once not to be a requirement
    assert nc2_text.count("medium and method") == 1 and nc2_text.count("is a requirement of ISO 9001:2015") == 1
    assert nc2_text.count("asks that a nonconformity be recorded against a specific requirement") == 1
    # the demand's words are quoted once, inside the opinion quoted whole
    # the finding's sentence is quoted once, as stated; the ground quotes only the words that raised the rule
    assert nc2_text.count("electronic document register") == 1
    assert "We find no requirement" not in nc2_text  # the grounding replaces the nearest-requirement line
    # each outcome is said in its own words, with what the requirement obliges
    for outcome, words in (
        # 7.5.3.2 has no title of its own (the tree repeats 7.5.3's): named by its number, never its parent's title
        # (after the ninth reading) the means the standard names and the clause cited, said once together
        ("not_required", "7.5.2 b) names paper and electronic alike, and 7.5.3.2 does not ask for"),
        ("guidance_only", "Only guidance names what the finding asks for (\u201ca register\u201d)"),
        ("nowhere", "No requirement of ISO 9001:2015 asks for what the finding asks for (\u201ca register\u201d)"),
    ):
        nc2.requirement.grounding = Grounding(demand="a register", obliges="x is controlled", outcome=outcome)  # type: ignore[arg-type]
        said = _section(challenge_letter(report(), res, date=DAY), "NC-2")  # type: ignore[arg-type]
        assert words in said and said.count("asks that x be controlled") == 1, said
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
    vague = _section(challenge_letter(report(), res, date=DAY), "NC-2")  # type: ignore[arg-type]
    assert "In our words" not in vague and "is a choice of" not in vague and "not among what" not in vague


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
    assert "The finding itself records an isolated lapse (1 of 40)." in text and "\u201c1 of 40" not in text


def test_docx_heading_levels_and_app_properties_are_true() -> None:
    import zipfile

    out = challenge_letter(report(), verdicts(), fmt="docx", date=DAY)
    assert isinstance(out, bytes)
    doc = Document(io.BytesIO(out))
    styles = [
        (p.style.name if p.style else "", p.text) for p in doc.paragraphs if p.style and "Heading" in p.style.name
    ]
    # the subject line above every section, the disagreement a section like the findings (not a second title)
    assert styles[0][0] == "Heading 1" and styles[0][1].startswith("Audit AUD-2026-311")
    assert all(level == "Heading 2" for level, _ in styles[1:])
    assert ("Heading 2", "If our views still differ") in styles
    app = zipfile.ZipFile(io.BytesIO(out)).read("docProps/app.xml").decode()
    # no application named (the body would see a tool drafted the letter), and no blank thumbnail
    assert "Microsoft" not in app and "<Pages>" not in app and "<Application" not in app
    package = zipfile.ZipFile(io.BytesIO(out))
    assert not [n for n in package.namelist() if "thumbnail" in n]
    assert b"thumbnail" not in package.read("_rels/.rels")
    assert not [n for n in package.namelist() if b"ncaudit" in package.read(n).lower()]
    words = int(re.search(r"<Words>(\d+)</Words>", app)[1])  # type: ignore[index]
    text = " ".join(p.text for p in doc.paragraphs)
    assert abs(words - len(text.split())) <= len(doc.paragraphs)  # the letter's own count, not the template's 0


def test_case_references_and_lapse_bounds_come_from_the_findings_words() -> None:
    from engine.outputs.challenge import case_refs, lapse_bounds

    # the cases named, not the document they are measured against
    assert case_refs("Travellers T-1, T-2 lacked torque, although work instruction WI-ASM-7 requires it.") == [
        "T-1",
        "T-2",
    ]
    assert case_refs("Pallets P-8 and P-9 did not match batch record BR-11.") == ["P-8", "P-9"]
    assert case_refs("The programme left out the warehouse.") == []
    # a due date starts the lapse the day after; the last date given bounds what is known of its end
    start, seen, due = lapse_bounds("Gauge G-1 due 2026-03-31; label seen on 4 May 2026.")
    assert (start, seen, due) == (dt.date(2026, 4, 1), dt.date(2026, 5, 4), True)
    start, seen, due = lapse_bounds("Not calibrated since 3 March 2026.")
    assert (start, seen, due) == (dt.date(2026, 3, 3), None, False)
    assert lapse_bounds("One week past its calibration due date.") == (None, None, True)


def test_the_requirement_ground_quotes_what_the_obligation_layer_leaves_open() -> None:
    from engine.outputs.challenge import _medium_ground
    from engine.standards.library import StandardLibrary

    std = StandardLibrary.load().resolve("ISO 9001:2015")
    # the finding weighs electronic against the paper of its evidence: the medium the requirement leaves open
    said, used = _medium_ground(std, "7.5.3", "Records should be electronic.", "Paper file F-1 seen.")
    # cited with the item whose obligation names the medium, the means named once
    assert "leaves to us" in said and "(7.5.2, item b)" in said and "7.5.2" in used and "7.5.1" not in used
    assert said.count("paper or electronic") == 1
    # "records" alone is no alternative of "a documented procedure for control of documents or records"
    assert "documented procedure" not in said
    # a thing the obligation layer says is not required, where the statement asks for it: said with what that
    # clause does ask, and only of the clause whose `not_required` says so
    said, used = _medium_ground(std, "7.5.3", "A document management system is best practice.")
    assert "7.5.3.1 asks for control of documented information, not for a document management system" in said
    assert used == ["7.5.3.1"]
    # nothing that meets the finding: nothing said (the letter then says only that no requirement asks for it)
    assert _medium_ground(std, "7.5.3", "The office is untidy.") == ("", [])
    assert _medium_ground(std, "99.9", "Records should be electronic.") == ("", [])


def test_days_a_business_is_commonly_closed_where_the_holiday_data_says_so() -> None:
    from engine.outputs.challenge import _holidays, working_day

    eve = dt.date(2026, 12, 24)
    for country in ("SE", "AT", "IS"):  # Christmas Eve is a de facto, bank or half-day holiday in their data
        closed = _holidays(country)
        day = working_day(eve, dt.date(2026, 12, 1), closed)
        assert day < eve and day not in closed and day.weekday() < 5, country
    assert working_day(eve, dt.date(2026, 12, 1), _holidays("GB")) == eve  # the GB data does not say so


def test_an_improvement_is_named_by_its_subject() -> None:
    findings = [dict(f) for f in REPORT["findings"]]
    ofi = next(f for f in findings if f["id"] == "OFI-1")
    ofi["statement"] = "Complaint data could be trended by product family."
    assert (
        "Thank you for the suggestion that complaint data could be trended by product family. We will consider it "
        "at our next management review." in _md(findings=findings)
    )
    ofi["statement"] = "Final inspection was not recorded for one batch."  # not worded as a suggestion
    assert "the suggestion that final inspection" not in _md(findings=findings)


def test_the_evidence_ground_is_a_sentence_of_the_evidences_facts() -> None:
    from engine.core.models import Finding
    from engine.outputs.challenge import _evidence_ground

    def ground(evidence: str) -> str:
        return _evidence_ground(Finding(id="N", statement="s", evidence=evidence))

    assert ground("Log L-1 lists every run; the index matches the log.") == (
        "The evidence recorded shows that log L-1 lists every run, and that the index matches the log."
    )
    # how the auditor got it, or a bare noun phrase, is not a fact the sentence can state: nothing said
    assert ground("Interviewed the manager.") == ""
    assert ground("Register R-1 entry for gauge G-2 (due 2026-08-30)") == ""


# -- the fourth reading's principles (tests/fixtures/letters/REVIEW.md) ---------------------------------------------


def test_a_records_finding_is_corrected_on_the_work_not_by_filling_the_records_late() -> None:
    findings = [dict(f) for f in REPORT["findings"]]
    findings[0]["statement"] = (
        "The seal pressure was not recorded on 2 of 10 batch cards sampled (cards BC-101, BC-109)."
    )
    nc1 = _section(_md(findings=findings), "NC-1")
    # what was found is known only to the client: the whole sentence is the line to fill in
    assert (
        "[To complete: We have checked the seal pressure on what was made under cards BC-101 and BC-109: whether" in nc1
    )
    assert "already checked" not in nc1
    assert "acted on BC-101" not in nc1


def test_at_recertification_a_late_plan_is_offered_enclosed_or_by_a_date_that_leaves_the_body_time() -> None:
    from engine.outputs.challenge import PLAN_REVIEW_DAYS, _dates, _latest_before
    from engine.outputs.plan import Duration

    class Row:  # the two deadlines of a minor: the plan (30 days) and the evidence (90 days)
        plan_grade = "minor"

        def __init__(self, deadlines: list[tuple[object, dt.date]]) -> None:
            self.deadlines = deadlines

    class Dl:
        def __init__(self, key: str, days: int) -> None:
            self.key, self.after, self.source = key, Duration(days, "days"), "report"

    today, expiry = dt.date(2026, 11, 9), dt.date(2026, 12, 31)
    row = Row([(Dl("response", 30), dt.date(2026, 11, 7)), (Dl("evidence", 90), dt.date(2027, 1, 6))])
    free = _dates(row, today)  # type: ignore[arg-type]
    capped = _dates(row, today, plan_expiry=expiry)  # type: ignore[arg-type]
    latest = _latest_before(expiry, (), PLAN_REVIEW_DAYS)
    # a late plan comes within a week of the letter, not a whole new period, and so leaves the body time
    assert free.parts[0].day == dt.date(2026, 11, 16) and free.parts[0].day <= latest
    assert capped.parts[0].day <= latest and capped.parts[0].day >= today
    # the evidence of a minor may follow the decision: its date is kept as given
    assert capped.parts[1].day == dt.date(2027, 1, 6)


def test_the_isolated_conclusion_follows_the_quoted_finding() -> None:
    nc3 = _section(_md(), "NC-3")
    ground = next(p for p in nc3.split("\n\n") if p.startswith("ISO/IEC 17021-1:2015 defines a major nonconformity"))
    quoted = ground.index("The finding itself records that")
    # the ground answers the test 3.12 applies, in its words
    assert ground.index("does not, in our view, show a systemic failure of our control of monitoring and") > quoted
    assert "ceased" not in ground


def test_the_evidence_ground_names_the_obligation_it_fulfils_with_its_item() -> None:
    from engine.outputs.challenge import _fulfilled
    from engine.standards.library import StandardLibrary

    std = StandardLibrary.load().resolve("ISO 9001:2015")
    assert std is not None
    # evidence that points to one obligation of the clause cited: that obligation, in our words, with its item
    said = _fulfilled(std, "7.1.5.2", "Every gauge carries a label showing its calibration status and due date.")
    assert said.startswith("The evidence recorded above shows ") and "ISO 9001:2015 7.1.5.2" in said
    assert "label" not in said  # the requirement met, not the evidence repeated
    # evidence that points nowhere under the clause cited: no ground claimed
    assert _fulfilled(std, "7.5.3", "The canteen serves lunch at noon.") == ""


def test_no_clause_is_said_not_to_require_what_its_not_required_does_not_list() -> None:
    from engine.outputs.challenge import _medium_ground
    from engine.standards.library import StandardLibrary

    std = StandardLibrary.load().resolve("ISO 9001:2015")
    assert std is not None
    said, used = _medium_ground(std, "7.5.3", "A document management system and paper binders are not best practice.")
    for number in used:
        c = std.clauses[number]
        assert c.obligation is not None
        named = [n for n in c.obligation.not_required if n in said] + [
            x.text for x in c.obligation.leaves if x.text in said
        ]
        assert named, (number, said)


# -- the fifth reading's principles (tests/fixtures/letters/REVIEW.md) ----------------------------------------------


def test_the_evidence_ground_claims_only_the_obligation_the_evidence_shows() -> None:
    from engine.outputs.challenge import _fulfilled
    from engine.standards.library import StandardLibrary

    std = StandardLibrary.load().resolve("ISO 9001:2015")
    assert std is not None
    said = _fulfilled(
        std, "7.5.3", "The customer specification file has every sheet marked with its issue; a register lists them."
    )
    # the obligation matched (external origin, identified and controlled), never the subclause's whole subject
    assert "external origin" in said and "identified" in said and "controlled" in said, said
    assert "shows the control of documented information" not in said


def test_a_record_is_named_by_the_kind_the_finding_gives_it() -> None:
    from engine.outputs.challenge import record_kind

    statement = "The oven temperature was not recorded on 2 of 9 batch sheets sampled (sheets BS-4, BS-7)."
    assert record_kind(statement, "BS-4") == "sheets"
    assert record_kind("Job card JC-12 lacks a signature.", "JC-12") == "card"
    assert record_kind("Seen on 3 and BS-4.", "BS-4") == ""  # a word that names no kind is not taken for one
    findings = [dict(f) for f in REPORT["findings"]]
    findings[0]["statement"] = statement
    nc1 = _section(_md(findings=findings), "NC-1")
    assert (
        "[To complete: We have checked the oven temperature on what was made under sheets BS-4 and BS-7: whether" in nc1
    )
    assert "the work recorded on" not in nc1


def test_an_opening_stays_true_whichever_plan_choice_is_made() -> None:
    from engine.outputs.challenge import _late_offer

    day = dt.date(2026, 11, 16)
    both = _late_offer("response", ["A-1", "A-2"], True, [day, day])
    # the choice is made once, in the opening, as what it is (the sections do not make it again)
    assert both == (
        "[To complete: We enclose our plans for both findings. / We will send our plans for both findings by "
        "16 November 2026 and ask you to agree this date.]"
    )
    one = _late_offer("response", ["A-1"], True, [day], "For A-1, this letter comes on the next working day.")
    assert one.startswith("[To complete: We enclose our plan for A-1; for A-1, this letter comes on the next")
    apart = _late_offer("response", ["A-1", "A-2"], True, [day, day + dt.timedelta(days=1)])
    assert "by 16 November 2026 for A-1 and by 17 November 2026 for A-2 and ask you to agree these dates" in apart
    # without an enclosure choice below, or for evidence, the proposal alone (nothing the client can make false)
    assert "[To complete" not in _late_offer("response", ["A-1", "A-2"], False)
    assert "enclose" not in _late_offer("evidence", ["A-1", "A-2"], True)


def test_the_regrade_section_says_the_findings_facts_and_questions_the_grade() -> None:
    from engine.core.models import Finding
    from engine.outputs.challenge import sample_of

    nc3 = _section(_md(), "NC-3")
    assert "We questioned the grade at the closing meeting" in nc3 and "We did not question the grade" in nc3
    assert "raised the grade" not in nc3 and "raise the grade" not in nc3
    for tool_words in ("beside what the finding records", "same lapse", "same state"):
        assert tool_words not in nc3
    assert "One gauge past its due date among the 40 sampled does not" in nc3
    # the sample in a finding's own facts, from a wording of ours
    s = sample_of(
        Finding(id="N", statement="Thermometer TH-9 was past its due date; the other 14 thermometers were in date.")
    )
    assert s is not None and (s.noun, s.size, s.case, s.failure) == ("thermometer", 15, "TH-9", "past its due date")
    assert sample_of(Finding(id="N", statement="Thermometer TH-9 was past its due date.")) is None


# -- issue 27: a ground said once per finding --------------------------------------------------------------------

# (standard, clause cited, invalid statement, its evidence, valid twin statement, its evidence): our own wordings
ONE_OBLIGATION = [
    (
        "ISO 14001:2015",
        "6.1.2",
        "Environmental aspects are listed in a spreadsheet. Best practice is a dedicated environmental software "
        "database, as most sites in the group now use.",
        "Aspects register EA-3 lists 41 aspects with significance scores, reviewed on 2026-05-02.",
        "Environmental aspects are listed in a spreadsheet that has no entry for the new paint line 2.",
        "Aspects register EA-3 lists 41 aspects, reviewed on 2026-05-02; paint line 2, in use since 2026-03-01, is "
        "not among them.",
    ),
    (
        "ISO/IEC 27001:2022",
        "7.5.3",
        "Information security policies are kept on paper in a folder. Best practice is an electronic document "
        "management system, which most companies now use.",
        "Folder ISMS-1 holds 14 policies, each marked with its revision and approval date; the index matches the "
        "folder.",
        "Information security policies are kept on paper in a folder, and a superseded policy is still filed "
        "there without any mark.",
        "Folder ISMS-1 holds policy IS-04 revisions 2 and 3, neither marked as superseded; the index lists "
        "revision 3 only.",
    ),
    (
        "ISO 45001:2018",
        "7.4.2",
        "It is best practice to hold toolbox talks weekly, as most contractors do.",
        "Safety briefings are held monthly per briefing plan SB-26; the last was on 2026-09-01.",
        "Toolbox talks that briefing plan SB-26 sets for every week were not held in August.",
        "Briefing plan SB-26 sets weekly talks; the briefing log shows none between 2026-08-01 and 2026-08-31.",
    ),
    (
        "ISO 9001:2015",
        "7.1.6",
        "There is no documented procedure for managing organizational knowledge.",
        "Knowledge is kept in the engineering wiki and lessons-learned log LL-2026.",
        "The knowledge needed to run the new moulding process was not determined.",
        "Lessons-learned log LL-2026 and the engineering wiki have no entry for the moulding process introduced "
        "on 2026-04-01.",
    ),
]


def _one_finding(std: str, clause: str, statement: str, evidence: str) -> Report:
    return Report.model_validate(
        {
            "id": "R-27",
            "standard": std,
            "findings": [
                {"id": "NC-1", "grade": "minor", "clause": clause, "statement": statement, "evidence": evidence}
            ],
        }
    )


@pytest.mark.parametrize("case", ONE_OBLIGATION, ids=[c[0].split()[-1] for c in ONE_OBLIGATION])
def test_grounds_resting_on_one_obligation_are_said_once(engine: Engine, case: tuple[str, ...]) -> None:
    """Several rules firing on one finding (a preference, documentation not required, beside the grounding) rest
    on one obligation: the letter says what that requirement obliges and leaves open once, in one sentence that
    leads with where the demand falls, and what 17021-1 asks of a nonconformity once."""
    std, clause, invalid, evidence, valid, valid_evidence = case
    rep = _one_finding(std, clause, invalid, evidence)
    res = engine.check(rep)
    f = res.findings[0]
    assert f.verdict == "withdraw" and f.requirement.grounding is not None
    letter = challenge_letter(rep, res, date=DAY)
    assert isinstance(letter, str)
    grounds = [line for line in letter.splitlines() if line.startswith("- ")]
    said = " ".join(grounds)
    assert "in our words" not in said.lower(), grounds  # never written into a client's letter
    obliges = " ".join((f.requirement.grounding.obliges or "").split()[1:7])
    # (after the tenth reading) what a requirement asks is said in one mood, `asks that ... be ...`
    mood = re.compile(r"\b(?:is|are|be)\b")
    assert obliges and mood.sub("be", said).count(mood.sub("be", obliges)) == 1, grounds
    assert said.count("asks that a nonconformity be recorded") == 1, grounds
    assert said.count("not among what") == 0 and said.count("does not ask us to maintain") == 0
    lead = next(g for g in grounds if mood.sub("be", obliges) in mood.sub("be", g))
    lead = mood.sub("be", lead)
    decision = [i for i in (lead.find("leaves to us"), lead.find("does not ask for")) if i >= 0]
    assert decision and lead.index(mood.sub("be", obliges)) > min(decision)  # the decision first, then the requirement
    # the valid twin is answered, not argued away: no ground that no requirement asks for it
    twin = _one_finding(std, clause, valid, valid_evidence)
    kept = engine.check(twin)
    assert kept.findings[0].verdict != "withdraw"
    kept_letter = challenge_letter(twin, kept, date=DAY)
    assert isinstance(kept_letter, str)
    assert "not on a requirement" not in kept_letter and "does not ask for" not in kept_letter
