"""IATF CARA exports (JSON or XML: the audit's header and one record per nonconformity) and other exports of
records: read as a report, with the scheme set to IATF 16949 when the export is IATF's.

Field names are read as the importer reads column names (`NonconformityNumber`, `nc_number` and `NC No` are
one name), so an export that names its fields a little differently is still read. Each finding's `source` is
its record (and its line in an XML file). An encrypted export is refused with a message saying it must be
exported unencrypted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from engine.core.limits import ImportError_, Limits
from engine.core.normalise import grade_word, normalise_report_data
from engine.inputs.importer import _apply_details, _evidence_cell, _key, map_headers, read_details_located
from engine.standards.model import _DANGEROUS_DTD, _DOCTYPE, _prolog_text, safe_parser

IATF_STANDARD = "IATF 16949:2016"
IATF_SCHEME = "IATF 16949"
# field names of IATF's export beside the importer's column names
EXTRA_FIELDS = {
    "nonconformity number": "id",
    "nonconformity no": "id",
    "nonconformity id": "id",
    "nc id": "id",
    "iatf clause": "clause",
    "iatf requirement": "clause",
    "clause number": "clause",
    "nonconformity category": "grade",
    "nonconformity grade": "grade",
    "nonconformity type": "grade",
}
_ENCRYPTED_KEYS = {"encrypteddata", "ciphertext", "cipherdata", "ciphervalue", "encryptedcontent", "encrypted"}


def words(name: str) -> str:
    """`NonconformityNumber` / `nc_number` -> `Nonconformity Number` / `nc number`: a field name as a header."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_.]+", " ", name).strip()


def _field(name: str) -> str | None:
    key = _key(words(name))
    if key in EXTRA_FIELDS:
        return EXTRA_FIELDS[key]
    mapping, _ = map_headers([words(name)])
    return mapping.get(0)


def encrypted(data: bytes) -> bool:
    """An export that is encrypted: OpenPGP, OpenSSL's `Salted__`, XML Encryption, a JSON envelope of ciphertext,
    or a zip archive whose members are encrypted."""
    head = data[:4096].lstrip()
    if head.startswith((b"-----BEGIN PGP MESSAGE", b"Salted__")):
        return True
    if b"EncryptedData" in head and b"xmlenc" in head:
        return True
    if head.startswith(b"PK\x03\x04") and len(data) > 8:
        return bool(data[6] & 1)  # the zip general-purpose flag: member encrypted
    if head.startswith(b"{") and re.search(rb"(?i)encrypt|cipher", head):
        try:
            top = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return False
        if isinstance(top, dict) and not any(isinstance(v, list | dict) and _has_records(v) for v in top.values()):
            keys = {_key(k).replace(" ", "") for k in top}
            return bool(keys & _ENCRYPTED_KEYS) or top.get("encrypted") is True
    return False


ENCRYPTED_MESSAGE = (
    "this export is encrypted: export the nonconformities again unencrypted (as JSON or XML) from the IATF "
    "database or your certification body's portal, and read that file"
)


def _has_records(value: Any) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, dict) for v in value)
    if isinstance(value, dict):
        return any(_has_records(v) for v in value.values())
    return False


def is_export(data: Any) -> bool:
    """JSON that is no report of ours (no `findings`) but holds records of findings somewhere (or is a list of
    them)."""
    if isinstance(data, list):
        return _records_json({"records": data})[0] is not None
    return isinstance(data, dict) and "findings" not in data and _records_json(data)[0] is not None


# ---- JSON ----------------------------------------------------------------------------------------------------------


def _records_json(data: Any, depth: int = 0) -> tuple[list[dict[str, Any]] | None, str]:
    """The first list of objects whose fields include a statement, and its key."""
    if depth > 8:
        return None, ""
    if isinstance(data, dict):
        for k, v in data.items():
            records = isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
            if records and any(_field(f) == "statement" for x in v[:5] for f in x):
                return v, k
            if isinstance(v, dict | list):
                found, key = _records_json(v, depth + 1)
                if found is not None:
                    return found, key
    elif isinstance(data, list):
        for v in data[:50]:
            found, key = _records_json(v, depth + 1)
            if found is not None:
                return found, key
    return None, ""


def _scalars(data: Any, skip: Any, depth: int = 0) -> list[tuple[str, str]]:
    """(name, value) of the header's fields: every scalar outside the records."""
    out: list[tuple[str, str]] = []
    if depth > 8 or data is skip:
        return out
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, str | int | float) and not isinstance(v, bool) and str(v).strip():
                out.append((words(str(k)), str(v).strip()))
            elif isinstance(v, dict | list):
                out += _scalars(v, skip, depth + 1)
    elif isinstance(data, list):
        for v in data[:50]:
            out += _scalars(v, skip, depth + 1)
    return out


def read_export_json(
    data: dict[str, Any], file: str, standard: str | None, limits: Limits
) -> tuple[dict[str, Any], list[str]]:
    """A JSON export (a CARA file, or a list of records) as a report."""
    if isinstance(data, list):
        data = {"records": data}
    records, _ = _records_json(data)
    if records is None:
        raise ImportError_("no records of nonconformities found in this export (none has a statement)")
    header = _scalars(data, records)
    raw = [{words(str(k)): v for k, v in r.items()} for r in records]
    iatf = _is_iatf(file, [k for k, _ in header] + [k for r in raw for k in r] + [v for _, v in header])
    return _report(
        raw,
        [{"file": file, "record": i} for i in range(1, len(raw) + 1)],
        header,
        [{"file": file}] * len(header),
        file,
        standard,
        limits,
        iatf,
    )


# ---- XML -----------------------------------------------------------------------------------------------------------


def read_export_xml(data: bytes, file: str, standard: str | None, limits: Limits) -> tuple[dict[str, Any], list[str]]:
    """An XML export (a CARA file) as a report: parsed with no entities, DTDs or network."""
    from lxml import etree

    if len(data) > limits.max_file_bytes:
        raise limits.refuse(f"the file has {len(data):,} bytes, which", "max_file_bytes", len(data), too_large=True)
    text = _prolog_text(data)
    doctype = _DOCTYPE.search(text)
    if doctype is not None and _DANGEROUS_DTD.search(text, doctype.end()):
        raise ImportError_("this XML file declares entities or an external DTD, which are not read; remove the DOCTYPE")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ImportError_(f"not well-formed XML at line {exc.lineno}: {exc.msg}") from None
    if root is None:
        raise ImportError_("this XML file is empty")
    if any(_local(e) == "EncryptedData" for e in root.iter() if isinstance(e.tag, str)):
        raise ImportError_(ENCRYPTED_MESSAGE)
    records: list[Any] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        leaves = [c for c in element if isinstance(c.tag, str) and len(c) == 0]
        if any(_field(_local(c)) == "statement" for c in leaves):
            records.append(element)
            if len(records) > limits.max_findings:
                raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(records))
    if not records:
        raise ImportError_("no records of nonconformities found in this XML file (no element has a statement)")
    kept = set(records)  # the records stay referenced, so lxml hands out the same element objects
    header = []
    header_sources = []
    for e in root.iter():
        if not isinstance(e.tag, str) or e in kept or any(a in kept for a in e.iterancestors()):
            continue
        text = (e.text or "").strip()
        if len(e) == 0 and text:
            header.append((words(_local(e)), text))
            header_sources.append({"file": file, "line": e.sourceline})
    raw = [
        {words(_local(c)): (c.text or "").strip() for c in r if isinstance(c.tag, str) and len(c) == 0} for r in records
    ]
    sources = [{"file": file, "record": i, "line": r.sourceline} for i, r in enumerate(records, start=1)]
    iatf = _is_iatf(file, [_local(e) for e in root.iter() if isinstance(e.tag, str)] + [v for _, v in header])
    return _report(raw, sources, header, header_sources, file, standard, limits, iatf)


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


# ---- both ----------------------------------------------------------------------------------------------------------


def _is_iatf(file: str, names: list[str]) -> bool:
    text = " ".join([file, *names]).lower()
    return "cara" in text or "iatf" in text or "16949" in text


def _report(
    records: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    header: list[tuple[str, str]],
    header_sources: list[dict[str, Any]],
    file: str,
    standard: str | None,
    limits: Limits,
    iatf: bool,
) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    unused: list[str] = []
    findings = []
    for n, (record, src) in enumerate(zip(records, sources, strict=True), start=1):
        values: dict[str, str] = {}
        for name, value in record.items():
            fld = _field(name)
            text = "" if value is None else str(value).strip()
            if fld and fld not in values and not (fld == "clause" and text and not re.match(r"^[A-Z]?\d", text)):
                values[fld] = text
            elif text and name not in unused:
                unused.append(name)
        if not values.get("statement"):
            warnings.append(f"record {n}: no statement, not read as a finding")
            continue
        finding: dict[str, Any] = {"id": values.get("id") or f"record-{n}", "statement": values["statement"]}
        finding["grade"], problem = grade_word(values.get("grade", ""))
        if problem:
            warnings.append(f"record {n} ({finding['id']}): grade: {problem}")
        for fld in ("clause", "client_position", "repeat_of", "standard"):
            if values.get(fld):
                finding[fld] = values[fld]
        if values.get("evidence"):
            finding["evidence"] = _evidence_cell(values["evidence"])
        finding["source"] = src
        findings.append(finding)
        if len(findings) > limits.max_findings:
            raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(findings))
    if not findings:
        raise ImportError_("no record of this export has a statement of nonconformity")
    report: dict[str, Any] = {"findings": findings}
    located = read_details_located([[k, v] for k, v in header])
    details = {fld: value for fld, (value, _) in located.items()}
    detail_sources = {fld: header_sources[i] for fld, (_, i) in located.items()}
    warnings += _apply_details(report, details, detail_sources)
    column_standards = {f["standard"] for f in findings if f.get("standard")}
    report["standard"] = (
        standard
        or (column_standards.pop() if len(column_standards) == 1 else None)
        or details.get("standard")
        or (IATF_STANDARD if iatf else None)
    )
    if report["standard"] is None:
        del report["standard"]
    if iatf:
        report.setdefault("audit", {}).setdefault("scheme", IATF_SCHEME)
    report, normalised = normalise_report_data(report)
    columns = [f"field {u!r} is not used (not a report field)" for u in unused]
    kind = "IATF CARA export" if iatf else "export"
    n = len(findings)
    return report, [
        f"{n} finding{'s' if n != 1 else ''} read from the {kind}'s records",
        *columns,
        *warnings,
        *normalised,
    ]
