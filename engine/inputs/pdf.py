"""A text PDF's tables and lines, page by page, for `engine/inputs/document.py` (pdfplumber over pdfminer.six).

Bounded before and while it is read, like a workbook: the file's size, every compressed stream unpacked in
bounded steps before pdfminer sees it (a decompression bomb is refused, not unpacked), the page count
(counted lazily, so a page tree of a million pages costs nothing), and the lines and table rows read. Lines
repeated at the top or foot of most pages (running headers, "Page 2 of 9") are left out. A PDF with no text
layer is a scan: it is refused with a message saying so, never read as an empty report.
"""

from __future__ import annotations

import io
import re
import statistics
import zlib
from collections import Counter
from typing import Any

from engine.core.limits import ImportError_, Limits
from engine.inputs.document import Document, Line, Table

_STREAM = re.compile(rb"stream\r?\n")
# the operators that each make an object when a page is laid out: text shown, paths, images and forms drawn
_OPERATOR = re.compile(rb"(?<=\s)(?:Tj|TJ|'|\"|re|m|l|c|v|y|Do|BI)(?=\s)")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.I)


_FILTER = re.compile(rb"/(ASCII85Decode|A85|ASCIIHexDecode|AHx|FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL)\b")


class _Tally:
    """What the streams unpacked so far come to: bytes, and operators in the current stream."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0
        self.operators = 0  # in the current stream
        self.all_operators = 0

    def add(self, out: bytes) -> None:
        limits = self.limits
        self.total += len(out)
        found = len(_OPERATOR.findall(out))
        self.operators += found
        self.all_operators += found
        if self.operators > limits.max_page_objects:
            raise limits.refuse(
                f"a page of the PDF draws {self.operators:,} objects or more, which",
                "max_page_objects",
                self.operators,
            )
        if self.all_operators > limits.max_page_objects * 10:
            raise limits.refuse(
                f"the PDF's pages draw {self.all_operators:,} objects or more together, which is over ten times the "
                "limit for one page: it",
                "max_page_objects",
                self.all_operators,
            )
        if self.total > limits.max_uncompressed_bytes:
            raise limits.refuse(
                f"the PDF's streams unpack to more than {self.total:,} bytes, which",
                "max_uncompressed_bytes",
                self.total,
                True,
            )


def _inflate(data: bytes, start: int, tally: _Tally) -> tuple[int, int]:
    """Inflate a zlib stream from `start` in bounded steps, each step counted; (bytes made, bytes read)."""
    inflater = zlib.decompressobj()
    produced = 0
    pos = start
    try:
        while not inflater.eof and pos < len(data):
            piece = data[pos : pos + 65536]
            pos += len(piece)
            out = inflater.decompress(piece, 1 << 20)
            produced += len(out)
            tally.add(out)
            while inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                produced += len(out)
                tally.add(out)
    except zlib.error:
        pass  # not a zlib stream after all, or a damaged one: pdfminer says what it makes of it
    return produced, pos - start - len(inflater.unused_data)


def _text_encoded(data: bytes, start: int, name: bytes) -> bytes:
    """The bytes an ASCII85 or hex stream holds (never larger than its text)."""
    import base64
    import binascii

    end = data.find(b"~>" if name in (b"ASCII85Decode", b"A85") else b">", start)
    text = data[start : end if end >= 0 else len(data)]
    try:
        if name in (b"ASCII85Decode", b"A85"):
            return base64.a85decode(text, ignorechars=b" \t\r\n\x0c\x00")
        return binascii.unhexlify(re.sub(rb"\s+", b"", text) + (b"0" if len(re.sub(rb"\s+", b"", text)) % 2 else b""))
    except ValueError:
        return b""


def _run_length(data: bytes, start: int, tally: _Tally) -> tuple[int, int]:
    """The size a RunLength stream unpacks to, counted run by run (nothing is unpacked); (made, read)."""
    produced, pos = 0, start
    while pos < len(data) and data[pos] != 128:
        n = data[pos]
        run = n + 1 if n < 128 else 257 - n
        produced += run
        pos += 1 + (run if n < 128 else 1)
        if tally.total + produced > tally.limits.max_uncompressed_bytes:
            break
    tally.total += produced
    tally.add(b"")
    return produced, pos - start


def check_streams(data: bytes, limits: Limits) -> None:
    """Unpack every compressed stream in bounded steps and refuse the file when, together, they unpack to more
    than `max_uncompressed_bytes`, one over 1 MB unpacks more than `max_compression_ratio` times its size, or one
    holds more than `max_page_objects` text and drawing operators (laying a page out costs time and memory for
    each: 100,000 tiny objects on a page take pdfminer 15 s and 300 MB). Flate, alone or under ASCII85 or hex,
    is inflated; RunLength is measured run by run; an LZW stream is unpacked by pdfminer's decoder in steps."""
    tally = _Tally(limits)
    for m in _STREAM.finditer(data):
        start = m.end()
        head = data[max(0, m.start() - 1024) : m.start()]
        head = head[head.rfind(b" obj") + 1 :] if b" obj" in head else head
        filters = _FILTER.findall(head)
        tally.operators = 0
        if not filters and start < len(data) and data[start] == 0x78:
            filters = [b"FlateDecode"]  # a zlib header: inflated whatever the dictionary says
        if not filters:
            continue
        first = filters[0]
        if first in (b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"):
            inner = _text_encoded(data, start, first)
            if len(filters) > 1 and filters[1] in (b"FlateDecode", b"Fl"):
                produced, consumed = _inflate(inner, 0, tally)
            else:
                continue
        elif first in (b"FlateDecode", b"Fl"):
            produced, consumed = _inflate(data, start, tally)
        elif first in (b"RunLengthDecode", b"RL"):
            produced, consumed = _run_length(data, start, tally)
        else:
            produced, consumed = _lzw(data, start, tally)
        if produced > 1024 * 1024 and produced > limits.max_compression_ratio * max(consumed, 1):
            ratio = produced / max(consumed, 1)
            raise limits.refuse(
                f"a stream of the PDF is compressed {ratio:,.0f} times, which", "max_compression_ratio", ratio, True
            )


def _lzw(data: bytes, start: int, tally: _Tally) -> tuple[int, int]:
    """An LZW stream unpacked by pdfminer's decoder, chunk by chunk, each counted."""
    from pdfminer.lzw import LZWDecoder

    end = data.find(b"endstream", start)
    body = data[start : end if end >= 0 else len(data)]
    produced = 0
    try:
        for out in LZWDecoder(io.BytesIO(body)).run():
            produced += len(out)
            tally.add(out)
    except Exception:  # noqa: BLE001 - a damaged stream: pdfminer says what it makes of it
        pass
    return produced, len(body)


def _count_pages(doc: Any, limits: Limits) -> int:
    from pdfminer.pdfpage import PDFPage

    n = 0
    for _ in PDFPage.create_pages(doc):
        n += 1
        if n > limits.max_pages:
            raise limits.refuse(f"the PDF has more than {limits.max_pages:,} pages, which", "max_pages", n)
    return n


def read_pdf(data: bytes, file: str, limits: Limits) -> Document:
    """The PDF's blocks in reading order (tables and the lines outside them), each with its page."""
    if len(data) > limits.max_file_bytes:
        raise limits.refuse(f"the file has {len(data):,} bytes, which", "max_file_bytes", len(data), too_large=True)
    if b"%PDF-" not in data[:1024]:
        raise ImportError_("this is not a PDF file (it does not begin with %PDF-)")
    check_streams(data, limits)
    try:
        return _read(data, file, limits)
    except ImportError_:
        raise
    except RecursionError:
        raise ImportError_("this PDF is nested too deeply to be read; print it to a new PDF and try again") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        if type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            raise ImportError_(
                "this PDF is protected by a password: save or print it without the protection and try again"
            ) from None
        raise ImportError_(
            "this PDF could not be read: it may be damaged or cut short; open it and save or print it again as PDF, "
            "or use the report's Word or spreadsheet version"
        ) from None


def _read(data: bytes, file: str, limits: Limits) -> Document:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its notes on odd files are not the user's business

    doc = Document(file=file, kind="PDF")
    pages: list[list[tuple[float, Line | Table]]] = []
    pdf = pdfplumber.open(io.BytesIO(data))
    counted = False
    try:
        count = _count_pages(pdf.doc, limits)
        counted = True
        chars = images = lines_read = 0
        for number, page in enumerate(pdf.pages, start=1):
            placed, page_chars = _page_blocks(page, file, number, limits, lines_read)
            chars += page_chars
            images += len(page.images)
            lines_read += sum(len(b.rows) if isinstance(b, Table) else 1 for _, b in placed)
            pages.append(placed)
            page.close()
    finally:
        # pdfplumber's close() makes every page to close it: a huge page tree is refused without it
        pdf.close() if counted else pdf.stream.close()
    if chars == 0:
        if images:
            raise ImportError_(
                f"this PDF has no text, only images on its {count} page{'s' if count != 1 else ''}: it is a scanned "
                "document. Ask the certification body for the report as a text PDF, Word or spreadsheet file, or "
                "run it through text recognition (OCR) first"
            )
        raise ImportError_("this PDF has no text on any page: there is nothing to read")
    running = _running_lines(pages)
    for placed in pages:
        for _, block in placed:
            if isinstance(block, Line) and (block.text in running or _PAGE_NUMBER.match(block.text)):
                continue
            doc.blocks.append(block)
    doc.banner = [b for _, b in pages[0] if isinstance(b, Line)][:4] if pages else []
    return doc


def _page_blocks(
    page: Any, file: str, number: int, limits: Limits, read: int
) -> tuple[list[tuple[float, Line | Table]], int]:
    """One page's tables and the lines outside them, by their position from the top; and its characters.
    `read`: lines and rows read on the pages before, counted toward `max_lines`."""
    room = limits.max_lines - read
    placed: list[tuple[float, Line | Table]] = []
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    for t_no, table in enumerate(tables, start=1):
        rows = [[cell or "" for cell in row] for row in table.extract()]
        if len(rows) > room:
            raise _too_many_lines(limits)
        room -= len(rows)
        sources = [{"file": file, "page": number, "table": t_no, "row": r} for r in range(1, len(rows) + 1)]
        placed.append((table.bbox[1], Table(rows, sources)))

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    text_lines = text_page.extract_text_lines(return_chars=True)
    sizes = [c["size"] for ln in text_lines for c in ln["chars"]]
    body = statistics.median(sizes) if sizes else 0.0
    if len(text_lines) > room:
        raise _too_many_lines(limits)
    for n, ln in enumerate(text_lines, start=1):
        text = " ".join(ln["text"].split())
        if not text:
            continue
        size = max((c["size"] for c in ln["chars"]), default=body)
        bold = all("bold" in str(c.get("fontname", "")).lower() for c in ln["chars"] if c["text"].strip())
        heading = size > body * 1.15 or bold
        placed.append((ln["top"], Line(text, {"file": file, "page": number, "line": n}, heading)))
    placed.sort(key=lambda item: item[0])
    return placed, len(page.chars)


def _too_many_lines(limits: Limits) -> ImportError_:
    return limits.refuse(f"the PDF has more than {limits.max_lines:,} lines and table rows, which", "max_lines", 0)


def _running_lines(pages: list[list[tuple[float, Line | Table]]]) -> set[str]:
    """Lines found at the top or foot of most pages (a running header or footer): of both pages of two, of 60% of
    three or more (numbers in them may change from page to page)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for placed in pages:
        lines = [b.text for _, b in placed if isinstance(b, Line)]
        edge = set(lines[:2] + lines[-2:])
        seen.update(re.sub(r"\d+", "#", t) for t in edge)
    frequent = {t for t, n in seen.items() if n >= (2 if len(pages) == 2 else max(3, len(pages) * 0.6))}
    return {
        b.text for placed in pages for _, b in placed if isinstance(b, Line) and re.sub(r"\d+", "#", b.text) in frequent
    }
