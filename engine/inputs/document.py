"""Findings and details from a document's text: the tables and lines a PDF or Word report is made of.

`engine/inputs/pdf.py` and `engine/inputs/word.py` turn a file into `Line`s and `Table`s in reading order, each
with where it was read (file, page, table, row or line); this module finds the report in them:
- findings tables: any table whose header row names a column of findings (the importer's column names), its
  header repeated on every page, a finding continued on the next page (a row with no id, grade or clause),
  a table continued on the next page without its header;
- else numbered findings as headed paragraphs (`NC 1 - Minor - Clause 8.5.1 Control of production`, then the
  statement and `Evidence: ...`);
- the report's details (client, certification body, report number, dates, audit type, standard, lead auditor)
  from `Label: value` lines and two-column tables anywhere outside the findings, and the certification body
  from a title banner when no line names it.
Every finding keeps its `source`; the report's `sources` say where each detail was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.core.limits import ImportError_, Limits
from engine.core.normalise import grade_word, normalise_report_data
from engine.inputs.importer import (
    HEADERS,
    _apply_details,
    _designation_located,
    _evidence_cell,
    _key,
    _lookup,
    banner_name,
    map_headers,
    read_details_located,
)

Source = dict[str, Any]


@dataclass(slots=True)
class Line:
    """One line of text (a PDF line, a Word paragraph) outside tables; `heading`: set in a heading's style."""

    text: str
    source: Source
    heading: bool = False


@dataclass(slots=True)
class Table:
    """A table's rows of cell texts (a merged cell read once), and where each row was read."""

    rows: list[list[str]]
    sources: list[Source]


@dataclass(slots=True)
class Document:
    """A report file as blocks in reading order, and the top lines of its first page (the title banner)."""

    file: str
    blocks: list[Line | Table] = field(default_factory=list)
    banner: list[Line] = field(default_factory=list)
    kind: str = "document"  # "PDF" or "Word document", for messages


def where(source: Source) -> str:
    """`page 3, table 1, row 4`: a source for people (without the file, which each door names)."""
    parts = []
    for label in ("sheet", "page", "table", "row", "line", "paragraph", "record"):
        if source.get(label) is not None:
            value = source[label]
            parts.append(f"{label} {value!r}" if label == "sheet" else f"{label} {value}")
    return ", ".join(parts) or "the page header"


def join_lines(text: str) -> str:
    """A cell's or paragraph's wrapped lines as one line; a word broken after a hyphen is joined again."""
    text = re.sub(r"(?<=[A-Za-z])-\s*\n\s*(?=[a-z])", "-", text)
    return " ".join(text.split())


# ---- findings tables ---------------------------------------------------------------------------------------------


def _header_index(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:3]):
        if "statement" in map_headers(list(row))[0].values():
            return i
    return None


def _cell(row: list[str], i: int) -> str:
    return row[i] if i < len(row) and row[i] else ""


def _findings_from_tables(doc: Document, limits: Limits) -> tuple[list[dict[str, Any]], list[str], set[int], list[str]]:
    """Findings read from the findings tables, warnings, the ids of the tables used, and unused columns."""
    findings: list[dict[str, Any]] = []
    warnings: list[str] = []
    used: set[int] = set()
    unused_columns: list[str] = []
    mapping: dict[int, str] | None = None
    header_key: list[str] = []
    for block in doc.blocks:
        if not isinstance(block, Table) or not block.rows:
            continue
        hdr = _header_index(block.rows)
        if hdr is not None:
            mapping, unused = map_headers(list(block.rows[hdr]))
            header_key = [_key(c) for c in block.rows[hdr]]
            unused_columns += [u for u in unused if u not in unused_columns]
            start = hdr + 1
        elif mapping is not None and len(block.rows[0]) == len(header_key):
            start = 0  # the table goes on from the previous page without its header
        else:
            mapping = None  # another table: a findings table after it starts with its own header
            continue
        used.add(id(block))
        for r in range(start, len(block.rows)):
            row, src = block.rows[r], block.sources[r]
            if [_key(c) for c in row] == header_key:
                continue  # the header repeated inside the table
            raw = {fld: _cell(row, i) for i, fld in mapping.items()}
            values = {fld: join_lines(text) for fld, text in raw.items()}
            if not any(values.values()):
                text = join_lines(" ".join(c for c in row if c))
                if text:
                    warnings.append(f"{where(src)}: not read as a finding (no cell under a findings column): {text!r}")
                continue
            key_cells = (values.get("id"), values.get("grade"), values.get("clause"))
            first_row = r == start
            if findings and not any(key_cells) and ("id" in mapping.values() or first_row):
                _continue_finding(findings[-1], values, raw)
                continue
            if not values.get("statement"):
                text = join_lines(" ".join(c for c in row if c))
                warnings.append(f"{where(src)}: no statement in this row, not read as a finding: {text[:200]!r}")
                continue
            findings.append(_finding(values, raw, src, len(findings) + 1, warnings))
            if len(findings) > limits.max_findings:
                raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(findings))
    return findings, warnings, used, unused_columns


def _finding(values: dict[str, str], raw: dict[str, str], src: Source, n: int, warnings: list[str]) -> dict[str, Any]:
    finding: dict[str, Any] = {"id": values.get("id") or f"finding-{n}", "statement": values["statement"]}
    grade_text = values.get("grade", "")
    finding["grade"], problem = grade_word(grade_text)
    if problem:
        warnings.append(f"{where(src)} ({finding['id']}): grade: {problem}")
    if grade_text.strip().lower().startswith("critical"):
        finding["scheme_grade"] = "critical"
    for fld in ("clause", "client_position", "repeat_of", "standard"):
        if values.get(fld):
            finding[fld] = values[fld]
    if values.get("evidence"):
        listed = _evidence_cell(raw["evidence"])
        finding["evidence"] = [join_lines(x) for x in listed] if isinstance(listed, list) else values["evidence"]
    finding["source"] = dict(src)
    return finding


def _continue_finding(finding: dict[str, Any], values: dict[str, str], raw: dict[str, str]) -> None:
    """A row with no id, grade or clause under a finding: the rest of its cells, continued on the next page."""
    for fld in ("statement", "evidence", "client_position"):
        text = values.get(fld)
        if not text:
            continue
        before = finding.get(fld)
        if isinstance(before, list):
            before.append(text)
        else:
            finding[fld] = f"{before} {text}" if before else text


# ---- headed paragraphs -------------------------------------------------------------------------------------------

_FINDING_WORD = (
    r"(?:(?:major|minor)\s+)?(?:NCR?|N/C|non-?conformit(?:y|ies)|non-?conformance|finding|OFI|OFIs?|"
    r"observation|obs|opportunity\s+for\s+improvement)"
)
_HEAD = re.compile(
    rf"^\s*(?P<id>(?P<word>{_FINDING_WORD})\.?\s*(?:no\.?|number|#)?\s*[-.]?\s*"
    r"(?P<num>[A-Z]?\d{1,4}(?:[./-]\d{1,4})*[a-z]?))(?![\w.])\s*(?P<rest>(?:[-\u2013\u2014:|(.]\s*.*)?)$",
    re.I,
)
_PART_SPLIT = re.compile(r"\s+[-\u2013\u2014|]\s+|\s*[;|]\s*|\s*\(\s*|\s*\)\s*")
_CLAUSE_PART = re.compile(
    r"^(?:(?:clause|cl\.?|requirement|req\.?|section|ref\.?|\u00a7)\s*:?\s*)?"
    r"(?:(?:ISO(?:/IEC)?|IATF|AS)\s*\d+(?::\d{4})?\s*)?"
    r"(?P<num>[A-Z]?\d+(?:\.\d+)+(?:\s*[a-z]\))?|[A-Z]\.\d+(?:\.\d+)*)(?P<title>\s.*)?$",
    re.I,
)
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z /-]{1,40}?)\s*:\s*(?P<text>.*)$")
_BODY_FIELDS = {"statement", "evidence", "clause", "grade", "client_position", "standard"}


def _heading_parts(rest: str) -> tuple[str | None, str | None, list[str]]:
    """(clause, grade text, other words) of what follows a finding's number on its heading line."""
    clause = grade = None
    others: list[str] = []
    for part in _PART_SPLIT.split(rest.strip().lstrip("-\u2013\u2014:|.").strip()):
        part = part.strip()
        if not part:
            continue
        m = _CLAUSE_PART.match(part)
        if m and clause is None:
            clause = " ".join(m["num"].split())
            continue
        if grade is None and grade_word(part)[0] is not None:
            grade = part
            continue
        others.append(part)
    return clause, grade, others


def _findings_from_paragraphs(
    lines: list[Line], limits: Limits
) -> tuple[list[dict[str, Any]], list[str], set[int], list[dict[str, Source]]]:
    """Findings written as headed paragraphs; warnings; the ids of the lines read into them; and for each finding,
    where its statement, evidence and client position begin (its `source` is its heading)."""
    findings: list[dict[str, Any]] = []
    warnings: list[str] = []
    used: set[int] = set()
    current: dict[str, Any] | None = None
    fld = "statement"
    lookup = _lookup()
    for line in lines:
        m = _HEAD.match(line.text)
        if m:
            clause, grade_text, others = _heading_parts(m["rest"])
            ident = " ".join(m["id"].split())
            if grade_text is None:
                word_grade = grade_word(m["word"])[0]
                grade_text = m["word"] if word_grade else None
            current = {"id": ident, "_parts": {"statement": [" ".join(others)] if others else []}}
            current["_grade"] = grade_text or ""
            current["_where"] = {}
            if clause:
                current["clause"] = clause
            current["source"] = dict(line.source)
            findings.append(current)
            used.add(id(line))
            fld = "statement"
            if len(findings) > limits.max_findings:
                raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(findings))
            continue
        if current is None:
            continue
        if line.heading:
            current = None  # a section heading ends the last finding
            continue
        used.add(id(line))
        label = _LABEL.match(line.text)
        target = lookup.get(_key(label["label"])) if label else None
        if label and target in _BODY_FIELDS:
            text = label["text"].strip()
            if target == "clause" and not re.match(r"^[A-Z]?\d+(\.\d+)*", text):
                warnings.append(
                    f"{where(line.source)} ({current['id']}): the requirement's text was not used: {text!r}"
                )
                continue
            if target in ("clause", "grade", "standard"):
                if target == "grade":
                    current["_grade"] = text
                else:
                    current.setdefault(target, text)
                continue
            fld = target
            parts = current["_parts"].setdefault(fld, [])
            if not parts:
                current["_where"].setdefault(fld, dict(line.source))
            if text:
                parts.append(text)
            continue
        if not current["_parts"].get(fld):
            current["_where"].setdefault(fld, dict(line.source))
        current["_parts"].setdefault(fld, []).append(line.text)
    out = []
    field_sources: list[dict[str, Source]] = []
    for n, f in enumerate(findings, start=1):
        parts = f.pop("_parts")
        grade_text = f.pop("_grade")
        fields_at = f.pop("_where")
        f["statement"] = join_lines("\n".join(parts.get("statement", [])))
        if not f["statement"]:
            warnings.append(f"{where(f['source'])} ({f['id']}): a heading with no statement below it, not read")
            continue
        for key in ("evidence", "client_position"):
            if parts.get(key):
                raw = "\n".join(parts[key])
                listed = _evidence_cell(raw) if key == "evidence" else raw
                f[key] = [join_lines(x) for x in listed] if isinstance(listed, list) else join_lines(raw)
        f["grade"], problem = grade_word(grade_text)
        if problem:
            warnings.append(f"{where(f['source'])} ({f['id']}): grade: {problem}")
        out.append({"id": f.pop("id") or f"finding-{n}", **f})
        field_sources.append({k: v for k, v in fields_at.items() if k in f})
    return out, warnings, used, field_sources


# ---- the report --------------------------------------------------------------------------------------------------


def report_from_document(doc: Document, standard: str | None, limits: Limits) -> tuple[dict[str, Any], list[str]]:
    """The report a document holds: its findings (tables first, else headed paragraphs) and its details."""
    findings, warnings, used_tables, unused = _findings_from_tables(doc, limits)
    lines = [b for b in doc.blocks if isinstance(b, Line)]
    used_lines: set[int] = set()
    field_sources: list[dict[str, Source]] = []
    how = "tables"
    if not findings:
        findings, warnings, used_lines, field_sources = _findings_from_paragraphs(lines, limits)
        how = "headed paragraphs"
    if not findings:
        start = " / ".join(b.text for b in lines[:3])[:200]
        names = ", ".join(HEADERS["statement"][:4])
        raise ImportError_(
            f"no findings found in this {doc.kind}: no table has a column of findings (a header such as {names}) "
            "and no finding is headed like 'NC 1 - Minor - Clause 8.5.1 ...'"
            + (f"; its text begins: {start!r}" if start else "")
        )
    # details: everything outside the findings, in reading order (a table's rows, a line as one cell)
    rows: list[list[object]] = []
    row_sources: list[Source] = []
    for block in doc.blocks:
        if isinstance(block, Table) and id(block) not in used_tables:
            rows += [list(r) for r in block.rows]
            row_sources += block.sources
        elif isinstance(block, Line) and id(block) not in used_lines:
            rows.append([block.text])
            row_sources.append(block.source)
    details: dict[str, str] = {}
    sources: dict[str, Source] = {}
    for fld, (value, i) in read_details_located(rows).items():
        details[fld] = join_lines(value)
        sources[fld] = dict(row_sources[i])
    notes: list[str] = []
    if "certification_body" not in details:
        named = banner_name([b.text for b in doc.banner])
        if named:
            details["certification_body"] = named
            line = next(b for b in doc.banner if " ".join(b.text.split()) == named)
            sources["certification_body"] = dict(line.source)
            notes.append(f"certification body read from the title banner: {named!r}")
    report: dict[str, Any] = {"findings": findings}
    detail_warnings = _apply_details(report, details, sources)
    for i, at in enumerate(field_sources):  # where a finding's fields begin, when not on its heading's line
        report.setdefault("sources", {}).update({f"findings[{i}].{fld}": src for fld, src in at.items()})
    column_standards = {f["standard"] for f in findings if f.get("standard")}
    if standard:
        report["standard"] = standard
    elif len(column_standards) == 1:
        report["standard"] = column_standards.pop()
    else:
        located = _designation_located(rows)
        if located:
            report["standard"] = located[0]
            report.setdefault("sources", {})["standard"] = dict(row_sources[located[1]])
        elif details.get("standard"):
            report["standard"] = details["standard"]
            report.setdefault("sources", {})["standard"] = sources["standard"]
    report, normalised = normalise_report_data(report)
    pages = sorted({f["source"].get("page") for f in findings if f["source"].get("page")})
    span = f" on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}" if pages else ""
    read = [f"{len(findings)} finding{'s' if len(findings) != 1 else ''} read from {how}{span}"]
    columns = [f"column {u!r} is not used (not a report field)" for u in unused]
    return report, read + columns + warnings + detail_warnings + notes + normalised
