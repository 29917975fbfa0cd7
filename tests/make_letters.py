"""The three letters a reviewer reads as a client's quality manager would (issue 27): a client contesting a
preference, a regrade, and a finding whose evidence is not identified.

Each case is a report written by us (no ISO text, no corpus sentence), checked by the engine and rendered as the
letter a client would send on a fixed date, a few days after its audit, with the .docx made on that day; the regrade
letter is dated a month after its audit and its report states the response times, so that passed deadlines show.
The dates are fixed so that the stored letters can be compared with the code's output: read each as sent on its
date. Run from the repository root:

    python -m tests.make_letters

It writes tests/fixtures/letters/<case>.json (the report), <case>.txt (the letter as plain text), <case>.md and
<case>.docx. tests/test_letter.py checks that the .txt and .md files are what the code produces today; the
reviewer's notes live beside them (REVIEW.md), so after a change to the letter regenerate and have them re-read.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from engine.check.engine import Engine
from engine.core.models import Report
from engine.outputs.challenge import challenge_letter

HERE = Path(__file__).resolve().parent / "fixtures" / "letters"

CASES: dict[str, tuple[dt.date, dict[str, Any]]] = {
    "preference": (
        dt.date(2026, 11, 10),
        {
            "id": "QA-2026-0917",
            "standard": "ISO 9001:2015",
            "client": "Harbourside Pumps Ltd",
            "client_country": "GB",
            "certification_body": "Meridian Certification Services",
            "certificate_number": "MCS-Q-40712",
            "audit": {
                "type": "surveillance",
                "first_day": "2026-11-03",
                "last_day": "2026-11-04",
                "reference": "SA2-40712",
                "lead_auditor": "R. Okafor",
                "scope": "Design, assembly and servicing of centrifugal pumps",
            },
            "findings": [
                {
                    "id": "NC-01",
                    "grade": "minor",
                    "clause": "7.5.3",
                    "statement": "Supplier drawings are kept in paper binders in the engineering office. Best "
                    "practice is an electronic document management system, which most companies in the sector "
                    "now use.",
                    "evidence": "Binder ENG-B3 holds 112 supplier drawings, each stamped with its revision and the "
                    "date it was checked; the index sheet at the front matches the binder's contents.",
                },
                {
                    "id": "NC-02",
                    "grade": "minor",
                    "clause": "8.5.1",
                    "statement": "The torque settings for impeller nuts were not recorded on 3 of 12 assembly "
                    "travellers sampled (travellers T-5521, T-5530, T-5544), although work instruction WI-ASM-07 "
                    "requires them.",
                    "evidence": "Travellers T-5521, T-5530 and T-5544 reviewed at assembly cell 2 on 3 November 2026.",
                },
                {
                    "id": "OFI-01",
                    "grade": "ofi",
                    "clause": "9.1.3",
                    "statement": "Customer complaint data could be trended by pump family to show where design "
                    "changes would help most.",
                },
            ],
        },
    ),
    "regrade": (
        dt.date(2026, 11, 9),  # a month after the audit: the response periods have ended
        {
            "id": "R-26-5508",
            "standard": "ISO 9001:2015",
            "client": "Kestrel Plastics Ltd",
            "client_country": "GB",
            "certification_body": "Northgate Assessment Ltd",
            "certificate_number": "NA-9001-2231",
            "certificate_expiry": "2026-12-31",
            "audit": {
                "type": "recertification",
                "first_day": "2026-10-06",
                "last_day": "2026-10-08",
                "reference": "RC-2231-26",
                "lead_auditor": "S. Lindqvist",
                # the times the report gives: the letter names them, and says which have ended
                "response_times": {
                    "major": {"response": "14 days", "evidence": "60 days"},
                    "minor": {"response": "30 days", "evidence": "90 days"},
                },
            },
            "findings": [
                {
                    "id": "NC-1",
                    "grade": "major",
                    "clause": "7.1.5.2",
                    "statement": "Pressure gauge PG-204 on moulding press 6 was used past its calibration due date "
                    "of 30 August 2026; the other 27 gauges sampled across the presses were within their "
                    "calibration dates.",
                    "evidence": "Calibration register CR-2026 entry for PG-204 (due 2026-08-30); gauge label seen on "
                    "press 6 on 7 October 2026.",
                },
                {
                    "id": "NC-2",
                    "grade": "minor",
                    "clause": "9.2.2",
                    "statement": "The internal audit programme for 2026 did not include the warehouse process, which "
                    "was last audited in 2023.",
                    "evidence": "Internal audit programme IAP-2026 rev 2; audit report IA-23-07.",
                },
            ],
        },
    ),
    "evidence": (
        dt.date(2026, 12, 2),
        {
            "id": "CB-77-2026-041",
            "standard": "ISO 9001:2015",
            "client": "Brightwater Foods Ltd",
            "client_country": "GB",
            "certification_body": "Albion Quality Certification",
            "certificate_number": "AQC-15533",
            "audit": {
                "type": "surveillance",
                "date": "2026-11-26",
                "reference": "S1-15533-26",
                "lead_auditor": "D. Fernandes",
            },
            "findings": [
                {
                    "id": "NC-A",
                    "grade": "minor",
                    "clause": "8.5.1",
                    "statement": "Allergen line clearance at changeover was not verified before production restarted.",
                    "evidence": "Observed during the audit.",
                },
                {
                    "id": "NC-B",
                    "grade": "minor",
                    "clause": "8.5.2",
                    "statement": "Batch codes on 2 of 20 finished-goods pallets checked in the dispatch bay (pallets "
                    "P-8812 and P-8830) did not match the batch record BR-1147.",
                    "evidence": "Pallet labels P-8812 and P-8830 compared with batch record BR-1147 in the dispatch "
                    "bay on 26 November 2026.",
                },
            ],
        },
    ),
}


def render_case(engine: Engine, name: str) -> dict[str, str | bytes]:
    """The case's files: the report as JSON, the letter as text, Markdown and .docx."""
    day, data = CASES[name]
    report = Report.model_validate(data)
    result = engine.check(report)
    out: dict[str, str | bytes] = {"json": json.dumps(data, indent=2, ensure_ascii=False) + "\n"}
    written = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)  # the .docx made on the day it is dated
    for fmt in ("txt", "md", "docx"):
        out[fmt] = challenge_letter(report, result, fmt=fmt, date=day, created=written)
    return out


def main() -> None:
    engine = Engine()
    HERE.mkdir(parents=True, exist_ok=True)
    for name in CASES:
        for suffix, content in render_case(engine, name).items():
            path = HERE / f"{name}.{suffix}"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            print(path.relative_to(HERE.parents[2]))


if __name__ == "__main__":
    main()
