"""Audit reports as certification bodies lay them out, generated here (no binary fixtures): PDFs with reportlab,
Word files with python-docx, CARA exports as JSON and XML, a workbook with a cover sheet.

Every generator draws the same report (`BASE`, written by us) in one layout; `twin(layout)` is the JSON report
that the reader should get back from it, so a test compares what was read with what was drawn.

Four layouts that certification bodies use:
- `table_inline`: a cover page (banner with the body's name, a two-column details table), then a findings table
  whose description holds the evidence inline; the header repeated on every page; a finding split over a page.
- `table_evidence`: details as `Label: value` lines, a findings table with a separate evidence column.
- `paragraphs`: numbered findings as headed paragraphs (`NC 1 - Minor - Clause 8.5.1 ...`) with no table.
- `landscape_log`: a landscape page holding a wide nonconformity log with wrapped cells, a merged title row and
  columns that are not report fields.
- `borderless_table`: a findings table drawn without ruling lines (a rule under the header only), its columns
  as close as the words of a cell.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

LAYOUTS = ("table_inline", "table_evidence", "paragraphs", "landscape_log", "borderless_table")

BASE: dict[str, Any] = {
    "id": "NCB-2026-0417",
    "standard": "ISO 9001:2015",
    "client": "Harbour Valve Works Ltd",
    "certification_body": "Northgate Certification Ltd",
    "certificate_number": "Q-55012",
    "audit": {
        "type": "surveillance",
        "first_day": "2026-10-13",
        "last_day": "2026-10-15",
        "lead_auditor": "Dana Whitfield",
    },
    "findings": [
        {
            "id": "NC-1",
            "grade": "minor",
            "clause": "7.1.5.2",
            "statement": "Measuring equipment used for final inspection was not verified at the interval the "
            "calibration procedure sets.",
            "evidence": "Torque wrench TW-07 in assembly cell 2 carried a calibration label due 2026-06-30; the "
            "calibration register showed no verification after 2025-06-30.",
        },
        {
            "id": "NC-2",
            "grade": "major",
            "clause": "8.5.1",
            "statement": "The controlled conditions defined for heat treatment were not applied: furnace charges "
            "were released without the soak-time record that the control plan requires for every charge, and "
            "the operators interviewed did not know the acceptance limits for hardness.",
            "evidence": "Control plan CP-HT-03 rev 4 requires a soak-time chart for each charge. Charges 26-1181 "
            "to 26-1190 (6 to 9 October 2026) had no chart on file; the furnace log for those days was blank. "
            "Hardness results for charges 26-1184 and 26-1187 were recorded as 'OK' without values. Two of the "
            "three operators on the night shift could not state the hardness limits given in work instruction "
            "WI-HT-11. Parts from charge 26-1187 had been shipped to the customer on delivery note DN-44120.",
        },
        {
            "id": "NC-3",
            "grade": "minor",
            "clause": "9.2.2",
            "statement": "The internal audit programme did not cover the purchasing process within the planned "
            "twelve-month cycle.",
            "evidence": "Audit programme 2025-2026 lists purchasing for March 2026; no audit report or postponement "
            "record exists for it.",
        },
        {
            "id": "NC-4",
            "grade": "minor",
            "clause": "7.5.3.2",
            "statement": "Obsolete documents were available at a point of use.",
            "evidence": "Revision 2 of drawing V-210 was pinned at machining cell 5 although revision 3 was "
            "released on 2 September 2026.",
        },
        {
            "id": "OFI-1",
            "grade": "ofi",
            "clause": "7.2",
            "statement": "The competence matrix could show the date of each operator's last assessment, so that "
            "reassessments due are visible.",
            "evidence": None,
        },
    ],
}

DATES_WRITTEN = "13-15 October 2026"
STD_TITLE = {
    "7.1.5.2": "Measurement traceability",
    "8.5.1": "Control of production and service provision",
    "9.2.2": "Internal audit",
    "7.5.3.2": "Control of documented information",
    "7.2": "Competence",
}
GRADE_WORD = {"major": "Major", "minor": "Minor", "ofi": "OFI"}
PARA_HEAD = {"major": "Major nonconformity", "minor": "Minor nonconformity", "ofi": "Opportunity for improvement"}


# the columns of the landscape log layout, the same in its PDF and its Word file
LOG_HEAD = (
    "No.",
    "Process / area",
    "Clause",
    "Grade",
    "Description of nonconformity",
    "Objective evidence",
    "Due date",
)


def _para_id(fid: str) -> str:
    """`NC-1` is written `NC 1` in headed paragraphs."""
    return fid.replace("-", " ")


def twin(layout: str) -> dict[str, Any]:
    """The JSON report that reading `layout` should give (the same findings and details)."""
    report = copy.deepcopy(BASE)
    for f in report["findings"]:
        if layout == "table_inline" and f["evidence"]:
            f["statement"] = f"{f['statement']} Objective evidence: {f['evidence']}"
            f["evidence"] = None
        if layout == "paragraphs":
            f["id"] = _para_id(f["id"])
    return report


def _details_pairs() -> list[tuple[str, str]]:
    a = BASE["audit"]
    return [
        ("Report No.", BASE["id"]),
        ("Client", BASE["client"]),
        ("Certificate No.", BASE["certificate_number"]),
        ("Audit type", a["type"].capitalize()),
        ("Audit dates", DATES_WRITTEN),
        ("Standard", BASE["standard"]),
        ("Lead auditor", a["lead_auditor"]),
    ]


# ---- PDF (reportlab) -----------------------------------------------------------------------------------------


def pdf_report(layout: str) -> bytes:
    """The report drawn as a text PDF in `layout`."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    out = io.BytesIO()
    size = landscape(A4) if layout == "landscape_log" else A4
    doc = SimpleDocTemplate(out, pagesize=size, title="Audit report", leftMargin=40, rightMargin=40)
    story: list[Any] = []
    cb = BASE["certification_body"]
    findings = BASE["findings"]
    if layout == "table_inline":
        story += [Paragraph(cb, styles["Title"]), Paragraph("Assessment report", styles["Heading2"])]
        story.append(Table([[k, v] for k, v in _details_pairs()], colWidths=[120, 300], style=grid))
        story += [PageBreak(), Paragraph("Findings from this assessment", styles["Heading2"])]
        # NC-2 runs over the page break as Word draws it: its row closed at the foot of page 2, the header
        # repeated on page 3, then the rest of the row with its first cells empty
        header = ["NC No", "Grade", "Clause", "Nonconformity and objective evidence"]
        rows: list[list[Any]] = [header]
        rest: list[list[Any]] = [header]
        for f in findings:
            text = f["statement"] + (f" Objective evidence: {f['evidence']}" if f["evidence"] else "")
            if f["id"] == "NC-2":
                words = text.split()
                rows.append([f["id"], GRADE_WORD[f["grade"]], f["clause"], Paragraph(" ".join(words[:40]), body)])
                rest.append(["", "", "", Paragraph(" ".join(words[40:]), body)])
            elif rest[1:]:
                rest.append([f["id"], GRADE_WORD[f["grade"]], f["clause"], Paragraph(text, body)])
            else:
                rows.append([f["id"], GRADE_WORD[f["grade"]], f["clause"], Paragraph(text, body)])
        widths = [50, 50, 50, 360]
        story += [Table(rows, colWidths=widths, style=grid), PageBreak(), Table(rest, colWidths=widths, style=grid)]
    elif layout == "table_evidence":
        story += [Paragraph("Audit report", styles["Title"])]
        story += [Paragraph(f"Certification body: {cb}", body)]
        story += [Paragraph(f"{k}: {v}", body) for k, v in _details_pairs()]
        story += [Spacer(1, 20), Paragraph("Nonconformities", styles["Heading2"])]
        rows = [["Ref", "Clause", "Category", "Finding", "Objective evidence"]]
        for f in findings:
            rows.append(
                [
                    f["id"],
                    f["clause"],
                    GRADE_WORD[f["grade"]],
                    Paragraph(f["statement"], small),
                    Paragraph(f["evidence"] or "", small),
                ]
            )
        story.append(Table(rows, colWidths=[40, 45, 50, 190, 190], repeatRows=1, splitInRow=1, style=grid))
    elif layout == "paragraphs":
        story += [Paragraph(cb, styles["Title"]), Paragraph("Report of the surveillance audit", styles["Heading2"])]
        story += [Paragraph(f"{k}: {v}", body) for k, v in _details_pairs()]
        story += [Spacer(1, 12), Paragraph("Audit findings", styles["Heading2"])]
        for f in findings:
            head = f"{_para_id(f['id'])} - {PARA_HEAD[f['grade']]} - Clause {f['clause']} {STD_TITLE[f['clause']]}"
            story += [Paragraph(head, styles["Heading3"]), Paragraph(f["statement"], body)]
            if f["evidence"]:
                story.append(Paragraph(f"Evidence: {f['evidence']}", body))
    elif layout == "landscape_log":
        story += [Paragraph(cb, styles["Title"])]
        story += [Paragraph(f"{k}: {v}", body) for k, v in _details_pairs()]
        story.append(Spacer(1, 12))
        rows = [["Nonconformity log", "", "", "", "", "", ""], list(LOG_HEAD)]
        for f in findings:
            rows.append(
                [
                    f["id"],
                    Paragraph("Production and support", small),
                    f["clause"],
                    GRADE_WORD[f["grade"]],
                    Paragraph(f["statement"], small),
                    Paragraph(f["evidence"] or "", small),
                    "2026-12-14",
                ]
            )
        style = TableStyle([*grid.getCommands(), ("SPAN", (0, 0), (-1, 0))])
        story.append(Table(rows, colWidths=[40, 70, 45, 40, 250, 250, 60], repeatRows=2, style=style))
    elif layout == "borderless_table":
        story += [Paragraph(f"Certification body: {cb}", body)]
        story += [Paragraph(f"{k}: {v}", body) for k, v in _details_pairs()]
        story.append(Spacer(1, 16))
        rows = [["Ref", "Clause", "Category", "Finding", "Objective evidence"]]
        for f in findings:
            rows.append(
                [
                    f["id"],
                    f["clause"],
                    GRADE_WORD[f["grade"]],
                    Paragraph(f["statement"], small),
                    Paragraph(f["evidence"] or "", small),
                ]
            )
        rule = TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        story.append(Table(rows, colWidths=[40, 45, 50, 190, 190], repeatRows=1, style=rule))
    else:
        raise ValueError(layout)
    doc.build(story)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF whose one page is an image with no text layer, as a scanner writes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = _tiny_png()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(png)), 50, 400, width=400, height=300)
    c.showPage()
    c.save()
    return out.getvalue()


def _tiny_png() -> bytes:
    import struct
    import zlib

    w, h = 8, 8
    raw = b"".join(b"\x00" + bytes([200, 200, 200]) * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# ---- Word (python-docx) --------------------------------------------------------------------------------------


def docx_report(layout: str) -> bytes:
    """The report as a Word document in `layout`."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = Document()
    cb = BASE["certification_body"]
    findings = BASE["findings"]

    def table(rows: list[list[str]]) -> Any:
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        return t

    if layout == "table_inline":
        doc.add_heading(cb, level=0)
        doc.add_paragraph("Assessment report")
        table([[k, v] for k, v in _details_pairs()])
        doc.add_page_break()
        doc.add_heading("Findings from this assessment", level=2)
        rows = [["NC No", "Grade", "Clause", "Nonconformity and objective evidence"]]
        for f in findings:
            text = f["statement"] + (f" Objective evidence: {f['evidence']}" if f["evidence"] else "")
            rows.append([f["id"], GRADE_WORD[f["grade"]], f["clause"], text])
        table(rows)
    elif layout == "table_evidence":
        doc.add_heading("Audit report", level=0)
        doc.add_paragraph(f"Certification body: {cb}")
        for k, v in _details_pairs():
            doc.add_paragraph(f"{k}: {v}")
        doc.add_heading("Nonconformities", level=2)
        rows = [["Ref", "Clause", "Category", "Finding", "Objective evidence"]]
        rows += [[f["id"], f["clause"], GRADE_WORD[f["grade"]], f["statement"], f["evidence"] or ""] for f in findings]
        table(rows)
    elif layout == "borderless_table":
        doc.add_paragraph(f"Certification body: {cb}")
        for k, v in _details_pairs():
            doc.add_paragraph(f"{k}: {v}")
        rows = [["Ref", "Clause", "Category", "Finding", "Objective evidence"]]
        rows += [[f["id"], f["clause"], GRADE_WORD[f["grade"]], f["statement"], f["evidence"] or ""] for f in findings]
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))  # no style: no borders
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    elif layout == "paragraphs":
        doc.add_heading(cb, level=0)
        doc.add_paragraph("Report of the surveillance audit")
        for k, v in _details_pairs():
            doc.add_paragraph(f"{k}: {v}")
        doc.add_heading("Audit findings", level=2)
        for f in findings:
            head = f"{_para_id(f['id'])} - {PARA_HEAD[f['grade']]} - Clause {f['clause']} {STD_TITLE[f['clause']]}"
            doc.add_heading(head, level=3)
            doc.add_paragraph(f["statement"])
            if f["evidence"]:
                doc.add_paragraph(f"Evidence: {f['evidence']}")
    elif layout == "landscape_log":
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        doc.add_heading(cb, level=0)
        for k, v in _details_pairs():
            doc.add_paragraph(f"{k}: {v}")
        rows = [["Nonconformity log", "", "", "", "", "", ""], list(LOG_HEAD)]
        for f in findings:
            rows.append(
                [
                    f["id"],
                    "Production and support",
                    f["clause"],
                    GRADE_WORD[f["grade"]],
                    f["statement"],
                    f["evidence"] or "",
                    "2026-12-14",
                ]
            )
        t = table(rows)
        t.cell(0, 0).merge(t.cell(0, len(LOG_HEAD) - 1))  # the title row: one merged cell
        # the grade cell of NC-3 and NC-4 merged vertically ("Minor" written once for both rows)
        t.cell(5, 3).text = ""
        t.cell(4, 3).merge(t.cell(5, 3))
    else:
        raise ValueError(layout)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---- CARA exports (IATF) -------------------------------------------------------------------------------------


def cara_twin() -> dict[str, Any]:
    """The report a CARA export of `BASE` reads as: IATF 16949, its scheme, no OFI (CARA lists nonconformities)."""
    report = copy.deepcopy(BASE)
    report["standard"] = "IATF 16949:2016"
    report["audit"]["scheme"] = "IATF 16949"
    report["findings"] = [f for f in report["findings"] if f["grade"] != "ofi"]
    return report


def cara_json() -> bytes:
    """A CARA export as JSON: the audit's header and one record per nonconformity."""
    a = BASE["audit"]
    data = {
        "CARA": {
            "CertificationBody": BASE["certification_body"],
            "Organization": BASE["client"],
            "CertificateNumber": BASE["certificate_number"],
            "AuditReportNumber": BASE["id"],
            "AuditType": a["type"].capitalize(),
            "AuditStartDate": a["first_day"],
            "AuditEndDate": a["last_day"],
            "LeadAuditor": a["lead_auditor"],
            "Nonconformities": [
                {
                    "NonconformityNumber": f["id"],
                    "Category": GRADE_WORD[f["grade"]],
                    "IATFClause": f["clause"],
                    "StatementOfNonconformity": f["statement"],
                    "ObjectiveEvidence": f["evidence"],
                    "Requirement": STD_TITLE[f["clause"]],
                }
                for f in cara_twin()["findings"]
            ],
        }
    }
    return json.dumps(data, indent=2).encode("utf-8")


def cara_xml() -> bytes:
    """The same CARA export as XML."""
    from xml.sax.saxutils import escape

    a = BASE["audit"]
    head = {
        "CertificationBody": BASE["certification_body"],
        "Organization": BASE["client"],
        "CertificateNumber": BASE["certificate_number"],
        "AuditReportNumber": BASE["id"],
        "AuditType": a["type"].capitalize(),
        "AuditStartDate": a["first_day"],
        "AuditEndDate": a["last_day"],
        "LeadAuditor": a["lead_auditor"],
    }
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<CARA>", "  <Audit>"]
    parts += [f"    <{k}>{escape(v)}</{k}>" for k, v in head.items()]
    parts.append("  </Audit>\n  <Nonconformities>")
    for f in cara_twin()["findings"]:
        parts.append("    <Nonconformity>")
        parts.append(f"      <NonconformityNumber>{escape(f['id'])}</NonconformityNumber>")
        parts.append(f"      <Category>{GRADE_WORD[f['grade']]}</Category>")
        parts.append(f"      <IATFClause>{f['clause']}</IATFClause>")
        parts.append(f"      <StatementOfNonconformity>{escape(f['statement'])}</StatementOfNonconformity>")
        parts.append(f"      <ObjectiveEvidence>{escape(f['evidence'] or '')}</ObjectiveEvidence>")
        parts.append("    </Nonconformity>")
    parts += ["  </Nonconformities>", "</CARA>"]
    return "\n".join(parts).encode("utf-8")


# ---- a workbook with a cover sheet ---------------------------------------------------------------------------


def cover_sheet_workbook() -> bytes:
    """The details on a cover sheet (banner, then `label | value` rows), the findings on the second sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover.append([BASE["certification_body"]])
    cover.append(["Audit report"])
    cover.append([])
    for k, v in _details_pairs():
        cover.append([k, v])
    log = wb.create_sheet("NC log")
    log.append(["Nonconformities raised"])
    log.append([])
    log.append(["NC No", "Classification", "Clause", "Nonconformity", "Objective evidence"])
    for f in BASE["findings"]:
        log.append([f["id"], GRADE_WORD[f["grade"]], f["clause"], f["statement"], f["evidence"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def minimal_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies, with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()
