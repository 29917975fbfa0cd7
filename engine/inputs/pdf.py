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
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.I)


def check_streams(data: bytes, limits: Limits) -> None:
    """Unpack every Flate stream in bounded steps and refuse the file when, together, they unpack to more than
    `max_uncompressed_bytes`, or one over 1 MB unpacks more than `max_compression_ratio` times its size."""
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if start >= len(data) or data[start] != 0x78:  # a zlib header: other filters are not expanded here
            continue
        inflater = zlib.decompressobj()
        produced = consumed = 0
        pos = start
        try:
            while not inflater.eof and pos < len(data):
                piece = data[pos : pos + 65536]
                pos += len(piece)
                out = inflater.decompress(piece, 1 << 20)
                produced += len(out)
                while inflater.unconsumed_tail and produced <= limits.max_uncompressed_bytes:
                    out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    produced += len(out)
                if total + produced > limits.max_uncompressed_bytes:
                    raise limits.refuse(
                        f"the PDF's streams unpack to more than {total + produced:,} bytes, which",
                        "max_uncompressed_bytes",
                        total + produced,
                        True,
                    )
        except zlib.error:
            pass  # not a zlib stream after all, or a damaged one: pdfminer says what it makes of it
        consumed = pos - start - len(inflater.unused_data)
        if produced > 1024 * 1024 and produced > limits.max_compression_ratio * max(consumed, 1):
            ratio = produced / max(consumed, 1)
            raise limits.refuse(
                f"a stream of the PDF is compressed {ratio:,.0f} times, which", "max_compression_ratio", ratio, True
            )
        total += produced


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
    import pdfplumber

    doc = Document(file=file, kind="PDF")
    pages: list[list[tuple[float, Line | Table]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = _count_pages(pdf.doc, limits)
        chars = images = lines_read = 0
        for number, page in enumerate(pdf.pages, start=1):
            placed, page_chars = _page_blocks(page, file, number, limits, lines_read)
            chars += page_chars
            images += len(page.images)
            lines_read += sum(len(b.rows) if isinstance(b, Table) else 1 for _, b in placed)
            pages.append(placed)
            page.close()
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
    """Lines found at the top or foot of most pages (a running header or footer), when there are 3 pages or more."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for placed in pages:
        lines = [b.text for _, b in placed if isinstance(b, Line)]
        edge = set(lines[:2] + lines[-2:])
        seen.update(re.sub(r"\d+", "#", t) for t in edge)
    frequent = {t for t, n in seen.items() if n >= max(3, len(pages) * 0.6)}
    return {
        b.text for placed in pages for _, b in placed if isinstance(b, Line) and re.sub(r"\d+", "#", b.text) in frequent
    }
