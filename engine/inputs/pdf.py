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
import zlib
from collections import Counter
from typing import Any

from engine.core.limits import ImportError_, Limits
from engine.inputs.document import Document, Line, Table
from engine.inputs.importer import _key, _lookup, map_headers

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
        causes = [exc, exc.__cause__, exc.__context__, *[a for a in exc.args if isinstance(a, BaseException)]]
        if any(type(c).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError") for c in causes if c is not None):
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
    body = _median(sizes)
    if len(text_lines) > room:
        raise _too_many_lines(limits)
    used: set[int] = set()
    for top, table in _unruled_tables(text_lines, body, file, number, len(tables) + 1):
        placed.append((top, table))
        used |= table.sources_lines
    for n, ln in enumerate(text_lines, start=1):
        if n in used:
            continue
        text = " ".join(ln["text"].split())
        if not text:
            continue
        size = max((c["size"] for c in ln["chars"]), default=body)
        bold = all("bold" in str(c.get("fontname", "")).lower() for c in ln["chars"] if c["text"].strip())
        heading = size > body * 1.15 or bold
        placed.append((ln["top"], Line(text, {"file": file, "page": number, "line": n}, heading)))
    placed.sort(key=lambda item: item[0])
    return placed, len(page.chars)


def _segments(chars: list[dict[str, Any]], gap: float) -> list[tuple[float, str]]:
    """A line's chars as runs separated by more than `gap` points: (x where it starts, its text)."""
    runs: list[tuple[float, str]] = []
    last_x1: float | None = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        space = c["x0"] - last_x1 if last_x1 is not None else 0.0
        if last_x1 is None or space > gap:
            runs.append((c["x0"], c["text"]))
        else:
            x, text = runs[-1]
            runs[-1] = (x, text + (" " if space > c["size"] * 0.2 else "") + c["text"])
        last_x1 = c["x1"]
    return [(x, t.strip()) for x, t in runs if t.strip()]


def _words(chars: list[dict[str, Any]], size: float) -> list[tuple[float, float, str]]:
    """A line's words: (where each starts, where it ends, its text)."""
    words: list[tuple[float, float, str]] = []
    for c in sorted(chars, key=lambda c: c["x0"]):
        if not c["text"].strip():
            continue
        if words and c["x0"] - words[-1][1] <= size * 0.25:
            x0, _, text = words[-1]
            words[-1] = (x0, c["x1"], text + c["text"])
        else:
            words.append((c["x0"], c["x1"], c["text"]))
    return words


def _header_cells(chars: list[dict[str, Any]], size: float) -> list[tuple[float, str]]:
    """A header line's cells: words close together (one space apart) joined into the longest known column name
    (`Objective evidence`), other close words joined as they come (`Process / area`). The columns of a table
    drawn without lines can be as close as two words of a cell, so known names decide where that is so."""
    known = _lookup()
    words = _words(chars, size)
    close = [words[k + 1][0] - words[k][1] <= size * 0.6 for k in range(len(words) - 1)]
    cells: list[tuple[float, str]] = []
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and close[j - 1]:
            j += 1  # words[i:j] are one run of close words
        run = words[i:j]
        k = 0
        while k < len(run):
            end = next(
                (e for e in range(len(run), k + 1, -1) if _key(" ".join(w[2] for w in run[k:e])) in known), k + 1
            )
            unknown = end == k + 1 and _key(run[k][2]) not in known
            if unknown and k > 0 and cells and _key(cells[-1][1]) not in known:
                cells[-1] = (cells[-1][0], f"{cells[-1][1]} {run[k][2]}")  # the next word of an unknown name
                k += 1
                continue
            cells.append((run[k][0], " ".join(w[2] for w in run[k:end])))
            k = end
        i = j
    return cells


class _Found(Table):
    """A table read from text alone, and the page's line numbers it took."""

    __slots__ = ("sources_lines",)

    def __init__(self, rows: list[list[str]], sources: list[dict[str, Any]], lines: set[int]) -> None:
        super().__init__(rows, sources)
        self.sources_lines = lines


def _unruled_tables(
    lines: list[dict[str, Any]], body: float, file: str, number: int, t_no: int
) -> list[tuple[float, _Found]]:
    """Findings tables drawn without ruling lines: a line whose runs of text name a column of findings (and at
    least one other field) is a header; the lines below are cut at its columns' left edges, a new row where the
    first column (the id, else the grade or clause) has text, until a gap of more than two lines or a heading."""
    found: list[tuple[float, _Found]] = []
    n = 0
    while n < len(lines):
        ln = lines[n]
        size = _median([c["size"] for c in ln["chars"]]) or body
        heads = _header_cells(ln["chars"], size)
        mapping, _ = map_headers([t for _, t in heads])
        # a header names columns: no numbers, and most of its cells are known names (not a finding's heading)
        header = len(mapping) >= 2 and len(mapping) >= 0.6 * len(heads) and not re.search(r"\d", ln["text"])
        if "statement" not in mapping.values() or not header:
            n += 1
            continue
        starts = [x for x, _ in heads]
        anchor = next((i for i, f in mapping.items() if f == "id"), None)
        if anchor is None:
            anchor = next((i for i, f in mapping.items() if f in ("grade", "clause")), 0)
        rows: list[list[str]] = [[t for _, t in heads]]
        taken = {n + 1}
        sources = [{"file": file, "page": number, "table": t_no, "row": 1}]
        bottom = ln["bottom"]
        m = n + 1
        while m < len(lines):
            nxt = lines[m]
            if nxt["top"] - bottom > 2.5 * max(body, 1.0):
                break
            cells = [""] * len(starts)
            for x, text in _segments(nxt["chars"], size * 1.2):
                col = max((i for i, start in enumerate(starts) if start <= x + 2), default=0)
                cells[col] = f"{cells[col]} {text}".strip()
            if cells[anchor] or len(rows) == 1:
                rows.append(cells)
                sources.append({"file": file, "page": number, "table": t_no, "row": len(rows)})
            else:
                rows[-1] = [f"{a}\n{b}" if a and b else a or b for a, b in zip(rows[-1], cells, strict=True)]
            taken.add(m + 1)
            bottom = nxt["bottom"]
            m += 1
        if len(rows) > 1:
            found.append((ln["top"], _Found(rows, sources, taken)))
            t_no += 1
        n = m
    return found


def _median(values: list[float]) -> float:
    """The middle value (0 for none): the body text's font size."""
    return sorted(values)[len(values) // 2] if values else 0.0


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
