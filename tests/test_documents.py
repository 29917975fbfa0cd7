"""PDF and Word audit reports, IATF CARA exports and workbooks with a cover sheet: each read into the same
findings and details as its JSON twin, with where each was read; bad files refused in one line."""

from __future__ import annotations

import functools
import io
import json
import zlib
from dataclasses import replace
from typing import Any

import pytest

from engine.core.limits import DEFAULT_LIMITS, ImportError_, LimitError
from engine.core.models import Report
from engine.inputs.reader import read_report, read_report_data, sniff
from tests import document_fixtures as fx

DETAILS = ("id", "standard", "client", "certification_body", "certificate_number", "audit")
FIELDS = ("id", "grade", "clause", "statement", "evidence")


@functools.cache
def pdf(layout: str) -> bytes:
    return fx.pdf_report(layout)


@functools.cache
def docx(layout: str) -> bytes:
    return fx.docx_report(layout)


def same_report(read: dict[str, Any], twin: dict[str, Any]) -> None:
    """The findings and details read are the twin's (fields the twin leaves empty are absent or empty)."""
    assert {k: read.get(k) for k in DETAILS} == {k: twin.get(k) for k in DETAILS}
    got = [{k: f.get(k) for k in FIELDS} for f in read["findings"]]
    assert got == [{k: f.get(k) for k in FIELDS} for f in twin["findings"]]


@pytest.mark.parametrize("layout", fx.LAYOUTS)
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_each_layout_reads_as_its_json_twin(kind: str, layout: str) -> None:
    data = pdf(layout) if kind == "pdf" else docx(layout)
    read, warnings = read_report_data(data, f"{layout}.{kind}")
    same_report(read, fx.twin(layout))
    assert warnings[0].startswith("5 findings read from ")
    Report.model_validate(read)  # sources and each finding's source are part of the report's format


def test_the_reader_tells_the_kind_by_its_bytes_when_the_name_says_nothing() -> None:
    assert sniff(pdf("paragraphs")) == "pdf" and sniff(docx("paragraphs")) == "docx"
    assert sniff(fx.cover_sheet_workbook()) == "xlsx" and sniff(fx.cara_xml()) == "xml"
    read, _ = read_report_data(pdf("paragraphs"), "upload.bin")  # an unknown suffix: the bytes decide
    same_report(read, {**fx.twin("paragraphs"), "id": fx.BASE["id"]})


def test_a_finding_split_over_a_page_is_one_finding_sourced_where_it_starts() -> None:
    read, _ = read_report_data(pdf("table_inline"), "cb.pdf")
    nc2 = read["findings"][1]
    assert nc2["id"] == "NC-2" and nc2["statement"].endswith("delivery note DN-44120.")
    assert nc2["source"] == {"file": "cb.pdf", "page": 2, "table": 1, "row": 3}
    assert read["findings"][2]["source"]["page"] == 3  # NC-3 follows the repeated header on page 3
    assert read["sources"]["client"] == {"file": "cb.pdf", "page": 1, "table": 1, "row": 2}
    assert read["sources"]["certification_body"] == {"file": "cb.pdf", "page": 1, "line": 1}


def test_word_sources_name_the_table_row_or_paragraph() -> None:
    read, _ = read_report_data(docx("paragraphs"), "cb.docx")
    assert set(read["findings"][0]["source"]) == {"file", "paragraph"}
    report, _ = read_report(docx("table_evidence"), "cb.docx")
    assert report.findings[0].source is not None
    assert report.findings[0].source.describe() == "cb.docx, table 1, row 2"
    assert report.sources["audit.last_day"].describe() == "cb.docx, paragraph 7"


def test_merged_cells_are_read_once() -> None:
    read, warnings = read_report_data(docx("landscape_log"), "log.docx")
    assert read["findings"][0]["id"] == "NC-1"  # the merged title row above the header is no finding
    assert not any("Nonconformity log" in w for w in warnings)
    assert [f["grade"] for f in read["findings"][2:4]] == ["minor", "minor"]  # one grade cell over two rows


def test_a_findings_table_nested_in_a_layout_table_is_read() -> None:
    from docx import Document

    doc = Document()
    layout = doc.add_table(rows=2, cols=1)
    layout.cell(0, 0).text = "Client: Harbour Valve Works Ltd"
    inner = layout.cell(1, 0).add_table(rows=2, cols=3)
    for c, text in enumerate(["NC No", "Grade", "Nonconformity"]):
        inner.cell(0, c).text = text
    for c, text in enumerate(["NC-1", "Minor", "Records of training were not kept."]):
        inner.cell(1, c).text = text
    out = io.BytesIO()
    doc.save(out)
    read, _ = read_report_data(out.getvalue(), "laid-out.docx")
    assert [(f["id"], f["grade"], f["source"]["table"]) for f in read["findings"]] == [("NC-1", "minor", 2)]
    assert read["client"] == "Harbour Valve Works Ltd"


def test_columns_that_are_no_report_field_are_named() -> None:
    _, warnings = read_report_data(pdf("landscape_log"), "log.pdf")
    assert "column 'Process / area' is not used (not a report field)" in warnings


def test_headed_paragraphs_take_grade_and_clause_from_the_heading() -> None:
    read, _ = read_report_data(pdf("paragraphs"), "p.pdf")
    assert read["findings"][0]["source"] == {"file": "p.pdf", "page": 1, "line": 11}  # its heading
    assert read["sources"]["findings[0].statement"] == {"file": "p.pdf", "page": 1, "line": 12}
    assert read["sources"]["findings[0].evidence"] == {"file": "p.pdf", "page": 1, "line": 13}
    ofi = read["findings"][-1]
    assert (ofi["id"], ofi["grade"], ofi["clause"]) == ("OFI 1", "ofi", "7.2")
    assert "evidence" not in ofi  # no Evidence: line below it


@pytest.mark.parametrize("make", [fx.cara_json, fx.cara_xml], ids=["json", "xml"])
def test_cara_exports_read_as_iatf_reports(make: Any) -> None:
    name = "export.json" if make is fx.cara_json else "export.xml"
    read, warnings = read_report_data(make(), name)
    same_report(read, fx.cara_twin())
    assert read["audit"]["scheme"] == "IATF 16949" and read["standard"] == "IATF 16949:2016"
    assert read["findings"][0]["source"]["record"] == 1
    assert warnings[0] == "4 findings read from the IATF CARA export's records"


def test_cara_report_gets_the_iatf_response_plan(engine: Any) -> None:
    import datetime as dt

    from engine.outputs.plan import build_plan

    report, _ = read_report(fx.cara_json(), "export.json")
    plan = build_plan(report, engine.check(report), engine.config.plan, engine.config.scheme.name)
    assert plan.scheme == "IATF 16949"
    major = next(r for r in plan.rows if r.finding_id == "NC-2")
    last_day = dt.date.fromisoformat(fx.BASE["audit"]["last_day"])
    # the IATF Rules' steps from the closing meeting: containment in 15 days, the rest in 60, closure in 90
    assert [(d.source.startswith("scheme IATF"), (day - last_day).days) for d, day in major.deadlines if day] == [
        (True, 15),
        (True, 60),
        (True, 90),
    ]


def test_a_json_list_of_records_is_read_as_an_export() -> None:
    records = [{"NC Number": "A-1", "Grade": "Minor", "Nonconformity": "Records of training were not kept."}]
    read, warnings = read_report_data(json.dumps(records).encode(), "export.json")
    assert read["findings"] == [
        {
            "id": "A-1",
            "statement": "Records of training were not kept.",
            "grade": "minor",
            "source": {"file": "export.json", "record": 1},
        }
    ]
    assert warnings == ["1 finding read from the export's records"] and "audit" not in read  # no IATF scheme


def test_cover_sheet_workbook_reads_details_from_the_cover_and_says_which_sheet() -> None:
    read, warnings = read_report_data(fx.cover_sheet_workbook(), "cb.xlsx")
    same_report(read, fx.BASE)
    assert read["findings"][0]["source"] == {"file": "cb.xlsx", "sheet": "NC log", "row": 4}
    assert read["sources"]["client"] == {"file": "cb.xlsx", "sheet": "Cover", "row": 5}
    assert "findings read from sheet 'NC log'; details from sheet 'Cover'" in warnings


# ---- one-line reasons ------------------------------------------------------------------------------------------


def one_line_error(data: bytes, name: str) -> str:
    with pytest.raises(ImportError_) as caught:
        read_report_data(data, name)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_scanned_pdf_is_said_to_be_a_scan() -> None:
    assert "scanned document" in one_line_error(fx.scanned_pdf(), "scan.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"-----BEGIN PGP MESSAGE-----\nhQEMA...\n-----END PGP MESSAGE-----\n",
        b"Salted__" + bytes(range(40)),
        json.dumps({"encrypted": True, "cipherText": "U2FsdGVkX1+abc", "iv": "00ff"}).encode(),
        b'<?xml version="1.0"?><CARA><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#">'
        b"<CipherData><CipherValue>AAAA</CipherValue></CipherData></EncryptedData></CARA>",
    ],
    ids=["pgp", "openssl", "json-envelope", "xml-encryption"],
)
def test_an_encrypted_cara_export_must_be_exported_unencrypted(data: bytes) -> None:
    name = "cara.xml" if data.startswith(b"<") else "cara.json"
    assert "encrypted: export the nonconformities again unencrypted" in one_line_error(data, name)


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (b"%PDF-1.7\n1 0 obj <<>> garbage", "broken.pdf", "this PDF could not be read"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "not a Word document (.docx) that can be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.docx", "old Word document (.doc)"),
        (b"<CARA><Nonconformity>", "cut.xml", "not well-formed XML at line 1"),
        (b"\xff\xfe\x00garbage", "report.json", "ncaudit reads a JSON report, a spreadsheet (.csv, .xlsx), a PDF"),
        (b"[" * 100_000 + b"]" * 100_000, "deep.json", "the JSON is nested too deeply to be a report"),
    ],
    ids=["pdf", "docx", "doc", "xml", "binary-json", "deep-json"],
)
def test_a_corrupt_file_gets_a_one_line_reason(data: bytes, name: str, said: str) -> None:
    assert said in one_line_error(data, name)


def test_a_pdf_that_needs_a_password_says_so() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128))
    c.drawString(100, 700, "NC 1 - Minor - Clause 7.2")
    c.showPage()
    c.save()
    assert "protected by a password" in one_line_error(out.getvalue(), "locked.pdf")


def test_a_document_with_no_findings_says_what_it_looked_for() -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Minutes of the management review")
    out = io.BytesIO()
    doc.save(out)
    message = one_line_error(out.getvalue(), "minutes.docx")
    assert "no findings found in this Word document" in message and "NC 1 - Minor - Clause 8.5.1" in message


# ---- hostile files stay bounded -------------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zlib.compress(b"0" * (40 * 1024 * 1024), 9)  # 40 MB of content in about 40 KB
    data = fx.minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
        ]
    )
    with pytest.raises(LimitError) as caught:
        read_report_data(data, "bomb.pdf")
    assert caught.value.limit in ("max_uncompressed_bytes", "max_compression_ratio") and caught.value.too_large


def one_page_pdf(content_dict: bytes, content: bytes) -> bytes:
    return fx.minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d %s >>\nstream\n" % (len(content), content_dict) + content + b"\nendstream",
        ]
    )


@pytest.mark.parametrize("wrapping", ["ascii85", "run-length"])
def test_bombs_under_other_filters_are_refused_too(wrapping: str) -> None:
    import base64

    small = replace(DEFAULT_LIMITS, max_uncompressed_bytes=4 * 1024 * 1024)
    if wrapping == "ascii85":
        data = one_page_pdf(
            b"/Filter [/ASCII85Decode /FlateDecode]", base64.a85encode(zlib.compress(bytes(8 << 20))) + b"~>"
        )
    else:
        data = one_page_pdf(b"/Filter /RunLengthDecode", bytes([129, 0x41]) * 60_000 + b"\x80")
    with pytest.raises(LimitError) as caught:
        read_report_data(data, "bomb.pdf", limits=small)
    assert caught.value.limit == "max_uncompressed_bytes"


def test_a_page_of_many_tiny_objects_is_refused_before_it_is_laid_out() -> None:
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 600, i % 700) for i in range(3000))
    data = one_page_pdf(b"/Filter /FlateDecode", zlib.compress(ops))
    with pytest.raises(LimitError) as caught:
        read_report_data(data, "dust.pdf", limits=replace(DEFAULT_LIMITS, max_page_objects=1000))
    assert caught.value.limit == "max_page_objects" and "NCAUDIT_IMPORT_MAX_PAGE_OBJECTS" in str(caught.value)


def test_a_pdf_with_too_many_pages_is_refused_by_its_count() -> None:
    pages = 50
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    with pytest.raises(LimitError) as caught:
        read_report_data(fx.minimal_pdf(objects), "long.pdf", limits=replace(DEFAULT_LIMITS, max_pages=20))
    assert caught.value.limit == "max_pages" and "NCAUDIT_IMPORT_MAX_PAGES" in str(caught.value)


def test_deep_nesting_in_a_pdf_is_a_one_line_reason() -> None:
    deep = b"[" * 20_000 + b"]" * 20_000
    data = fx.minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Deep " + deep + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )
    message = one_line_error(data, "deep.pdf")
    assert "PDF" in message


def test_deep_nesting_in_a_word_document_is_a_one_line_reason() -> None:
    import zipfile

    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(docx("paragraphs")))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body>" + b"<w:sdt>" * 5000 + b"</w:sdt>" * 5000, 1)
            z.writestr(name, body)
    assert "Word document" in one_line_error(out.getvalue(), "deep.docx")
