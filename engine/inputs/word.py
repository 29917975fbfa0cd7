"""A Word report's (.docx) paragraphs and tables in reading order, for `engine/inputs/document.py` (python-docx).

Bounded like a workbook: the file's size and the archive's unpacked size and compression ratio are checked
before anything is unpacked, and the paragraphs and table rows read count toward `max_lines`. A merged cell is
read once (python-docx repeats a cell spanning columns in each column it spans). The page header's lines come
first: certification bodies often put their name and the report number there.
"""

from __future__ import annotations

import io
from typing import Any

from engine.core.limits import ImportError_, Limits
from engine.inputs.document import Document, Line, Table
from engine.inputs.importer import check_archive

_UNREADABLE = (
    "this is not a Word document (.docx) that can be read: open it in Word or LibreOffice and save it again as "
    ".docx or PDF"
)


def read_docx(data: bytes, file: str, limits: Limits) -> Document:
    """The document's blocks: page-header lines, then body paragraphs and tables as they come."""
    if len(data) > limits.max_file_bytes:
        raise limits.refuse(f"the file has {len(data):,} bytes, which", "max_file_bytes", len(data), too_large=True)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportError_(
            "this is an old Word document (.doc) or another Office 97-2003 file: open it in Word or LibreOffice "
            "and save it as .docx or PDF"
        )
    check_archive(data, limits, "Word document", _UNREADABLE)
    from docx import Document as open_document

    try:
        word = open_document(io.BytesIO(data))
        return _blocks(word, file, limits)
    except ImportError_:
        raise
    except Exception:  # noqa: BLE001 - python-docx and lxml raise many kinds for a damaged file
        raise ImportError_(_UNREADABLE) from None


def _blocks(word: Any, file: str, limits: Limits) -> Document:
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    doc = Document(file=file, kind="Word document")
    count = 0

    def room(n: int) -> None:
        nonlocal count
        count += n
        if count > limits.max_lines:
            raise limits.refuse(
                f"the document has more than {limits.max_lines:,} paragraphs and table rows, which", "max_lines", count
            )

    header_lines: list[Line] = []
    try:
        header = word.sections[0].header if word.sections else None
    except Exception:  # noqa: BLE001 - a document without a usable header part
        header = None
    if header is not None and not header.is_linked_to_previous:
        for p in header.paragraphs:
            text = " ".join(p.text.split())
            if text:
                room(1)
                header_lines.append(Line(text, {"file": file}))
        for t in header.tables:
            for row in _rows(t):
                room(1)
                header_lines += [Line(c, {"file": file}) for c in row if c]
    doc.blocks += header_lines
    body_lines: list[Line] = []
    paragraph = table = 0
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph += 1
            p = Paragraph(child, word)
            text = " ".join(p.text.split())
            if not text:
                continue
            room(1)
            style = (p.style.name if p.style is not None else "") or ""
            line = Line(text, {"file": file, "paragraph": paragraph}, style.startswith(("Heading", "Title")))
            doc.blocks.append(line)
            body_lines.append(line)
        elif tag == "tbl":
            # a table, then the tables nested in its cells (a report laid out inside a table), numbered in order
            pending = [(WordTable(child, word), 0)]
            while pending:
                current, depth = pending.pop(0)
                table += 1
                rows = _rows(current)
                room(len(rows))
                sources = [{"file": file, "table": table, "row": r} for r in range(1, len(rows) + 1)]
                doc.blocks.append(Table(rows, sources))
                if depth < 3:
                    pending += [(inner, depth + 1) for r in current.rows for c in _cells(r) for inner in c.tables]
    doc.banner = (header_lines + body_lines)[:4]
    return doc


def _cells(row: Any) -> list[Any]:
    """A row's cells, each merged cell once."""
    out: list[Any] = []
    for cell in row.cells:
        if not any(cell._tc is c._tc for c in out):
            out.append(cell)
    return out


def _rows(table: Any) -> list[list[str]]:
    """Cell texts row by row; a cell merged across columns read once (in its first column, the rest empty)."""
    out = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for cell in row.cells:
            if any(cell._tc is s for s in seen):
                cells.append("")
                continue
            seen.append(cell._tc)
            cells.append("\n".join(p.text for p in cell.paragraphs).strip())
        out.append(cells)
    return out
