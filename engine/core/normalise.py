"""Report values as certification bodies write them, mapped to the contract's words in one place.

Every door (JSON from the command line, the HTTP body, CSV and XLSX through the importer) validates a report
through `Report`, whose before-step calls `normalise_report_data`. Grade words (`Cat 2`, `Major NC`, `Area of
concern`), audit types (`Stage 2`, `recert`, `SA1`), dates (`14 Oct 2026`, `13-15 October 2026`) and evidence
lists become the contract's values. A value of an optional field that cannot be read is never a refused
report: it becomes null (unknown) and a warning naming the field (`findings[2] (NC-3).grade: ...`).

Unknown *fields* are still rejected by the models (contract: "unknown fields are rejected ... naming them").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from engine.core.language import not_english, remember
from engine.core.vocabulary import AMBIGUOUS_GRADES, GRADE_WORDS, fold_words

AUDIT_TYPES = ("stage1", "stage2", "surveillance", "recertification", "special", "internal")

_AUDIT_TYPE_PATTERNS: tuple[tuple[str, str], ...] = (
    # order matters: the first pattern that matches wins
    (r"\binternal\b|\b(?:1st|first)[ -]?party\b", "internal"),
    (r"\bstage\s*(?:1|one|i)\b|\bphase\s*(?:1|one)\b|\bst\s*1\b|\breadiness\b", "stage1"),
    (r"\bstage\s*(?:2|two|ii)\b|\bphase\s*(?:2|two)\b|\bst\s*2\b", "stage2"),
    (r"\bre[ -]?cert(?:ification)?\b|\brecert\b|\brenewal\b|\btriennial\b|\bre[ -]?assessment\b", "recertification"),
    (r"\bsurv(?:eillance)?\b|\bsa\s*\d\b|\bcontinuing assessment\b|\bperiodic\b|\bannual\b", "surveillance"),
    (r"\bspecial\b|\bshort[ -]notice\b|\bfollow[ -]?up\b|\bextension\b|\bverification audit\b", "special"),
    (r"\binitial\b|\bcertification audit\b|\bmain assessment\b", "stage2"),
    (r"\btransfer\b", "special"),
)
# read, but worth a word to the user because the mapping is an interpretation
_AUDIT_TYPE_NOTES = {
    "initial": "an initial certification audit without a stage is read as stage 2 (where nonconformities are graded)",
    "transfer": "a transfer audit is read as a special audit (IAF MD 2)",
}

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def _fold(text: str) -> str:
    """Words compared as the vocabulary compares them: accents dropped, lower case, punctuation as spaces."""
    return fold_words(text)


def grade_word(value: str) -> tuple[str | None, str | None]:
    """(grade, problem): `Cat 2` -> ('minor', None); `Cat 3` -> (None, 'why it is not read'); `` -> (None, None)."""
    key = _fold(value)
    if not key:
        return None, None
    if key in GRADE_WORDS:
        return GRADE_WORDS[key], None
    if key in AMBIGUOUS_GRADES:
        return None, f"{value.strip()!r} means {AMBIGUOUS_GRADES[key]}; treated as ungraded: give the grade"
    return (
        None,
        f"{value.strip()[:60]!r} is not a grade word; treated as ungraded (use major, minor, ofi or observation)",
    )


def audit_type_word(value: str) -> tuple[str | None, str | None]:
    """(audit type, note or problem). `Surveillance 1` -> ('surveillance', None); `transfer` -> ('special', note)."""
    key = _fold(value)
    if not key:
        return None, None
    compact = key.replace(" ", "")
    if compact in AUDIT_TYPES:
        return compact, None
    for pattern, kind in _AUDIT_TYPE_PATTERNS:
        if re.search(pattern, key):
            for word, note in _AUDIT_TYPE_NOTES.items():
                if word in key and not re.search(r"stage|phase|\bst\s*\d", key):
                    return kind, f"{value.strip()!r}: {note}"
            return kind, None
    return None, (f"{value.strip()[:60]!r} is not an audit type; treated as unknown (use {', '.join(AUDIT_TYPES)})")


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def read_date(value: str) -> tuple[dt.date | None, str | None]:
    """A date as reports write it: `2026-10-14`, `14 Oct 2026`, `October 14, 2026`, `14/10/2026`, `14.10.2026`.

    Slashed or dotted dates are read day first (as most certification bodies outside the US write them); when
    both readings are possible the note says so."""
    text = " ".join(value.strip().split())
    if not text:
        return None, None
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}.*)?", text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3])), None
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{2,4})", text)
        if m and m[2].lower() in _MONTHS:
            return dt.date(_year(m[3]), _MONTHS[m[2].lower()], int(m[1])), None
        m = re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", text)
        if m and m[1].lower() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2])), None
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", text)
        if m:
            a, b, y = int(m[1]), int(m[2]), _year(m[3])
            if a > 12 or b > 12:
                day, month = (a, b) if a > 12 else (b, a)
                return dt.date(y, month, day), None
            note = None if a == b else f"{text!r} read as day/month/year ({dt.date(y, b, a).isoformat()})"
            return dt.date(y, b, a), note
    except ValueError:
        return None, f"{text!r} is not a calendar date"
    return None, f"{text[:60]!r} is not a date this tool reads (use YYYY-MM-DD)"


def read_date_range(value: str) -> tuple[dt.date | None, dt.date | None, list[str]]:
    """`13-15 October 2026`, `2026-10-13 to 2026-10-15`, `13 Oct - 15 Oct 2026`, `30 Sep to 2 Oct 2026`, or one date."""
    text = " ".join(value.strip().split())
    if not text:
        return None, None, []
    one, note = read_date(text)
    if one is not None:
        return one, one, [note] if note else []
    m = re.fullmatch(r"(\d{1,2})\s*(?:-|–|to|and|&)\s*(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})", text)
    if m and m[3].lower() in _MONTHS:
        try:
            month, year = _MONTHS[m[3].lower()], int(m[4])
            return dt.date(year, month, int(m[1])), dt.date(year, month, int(m[2])), []
        except ValueError:
            return None, None, [f"{text!r} is not a calendar date range"]
    parts = re.split(r"\s+(?:-|–|to|until|and)\s+|\s*–\s*|(?<=\d{4}-\d{2}-\d{2})\s*-\s*", text, maxsplit=1)
    if len(parts) == 2:
        left, right = parts
        last, note2 = read_date(right)
        first, note1 = read_date(left)
        if first is None and last is not None:
            # `13 Oct - 15 Oct 2026`, `30 Sep to 2 Oct 2026`: the year written once, at the end
            first, note1 = read_date(f"{left} {last.year}")
            if first is not None and first > last:
                first, note1 = read_date(f"{left} {last.year - 1}")
        if first is not None and last is not None:
            return first, last, [n for n in (note1, note2) if n]
    return None, None, [f"{text[:60]!r} is not a date or date range this tool reads (use YYYY-MM-DD)"]


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return None


def _where(path: str, node: Any) -> str:
    if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"].strip():
        return f"{path} ({node['id'].strip()[:40]})"
    return path


def _grade(node: dict[str, Any], path: str, warnings: list[str]) -> None:
    if "grade" not in node or node["grade"] is None:
        return
    raw = node["grade"]
    text = _scalar_text(raw)
    if text is None:
        if isinstance(raw, dict | list):
            return  # a structure is not a value written by a person: the model's own error names it
        node["grade"] = None
        warnings.append(f"{_where(path, node)}.grade: {raw!r} is not a grade word; treated as ungraded")
        return
    grade, problem = grade_word(text)
    node["grade"] = grade
    if _fold(text).startswith("critical") and not node.get("scheme_grade"):
        node["scheme_grade"] = "critical"
    if problem:
        warnings.append(f"{_where(path, node)}.grade: {problem}")


def _date_field(node: dict[str, Any], key: str, path: str, warnings: list[str]) -> None:
    raw = node.get(key)
    if raw is None or isinstance(raw, dt.date):
        return
    if not isinstance(raw, str):
        if isinstance(raw, dict | list):
            return
        node[key] = None
        warnings.append(f"{path}.{key}: {raw!r} is not a date; treated as unknown (use YYYY-MM-DD)")
        return
    value, note = read_date(raw)
    node[key] = value.isoformat() if value else None
    if note:
        suffix = "" if value else "; treated as unknown"
        warnings.append(f"{path}.{key}: {note}{suffix}")


def _text_id(node: dict[str, Any], key: str) -> None:
    """Ids and clauses typed as numbers in a sheet (`3`, `7.2`) are text."""
    raw = node.get(key)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        node[key] = _scalar_text(raw)


def _evidence(node: dict[str, Any]) -> None:
    raw = node.get("evidence")
    if isinstance(raw, list):
        items = [_scalar_text(x) if not isinstance(x, str) else x for x in raw]
        if all(x is not None for x in items):
            kept = [x for x in items if x is not None and x.strip()]
            node["evidence"] = kept or None
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        node["evidence"] = _scalar_text(raw)


def _audit(audit: dict[str, Any], warnings: list[str]) -> None:
    raw = audit.get("type")
    if raw is not None:
        text = _scalar_text(raw)
        if text is None:
            if not isinstance(raw, dict | list):
                audit["type"] = None
                warnings.append(f"audit.type: {raw!r} is not an audit type; treated as unknown")
        else:
            kind, note = audit_type_word(text)
            audit["type"] = kind
            if note:
                warnings.append(f"audit.type: {note}")
    dates = audit.get("dates")
    if isinstance(dates, str):
        # `"dates": "13-15 October 2026"` is how a person writes it: read into first_day and last_day
        first, last, notes = read_date_range(dates)
        warnings.extend(f"audit.dates: {n}" for n in notes)
        audit.pop("dates")
        if first and not audit.get("first_day"):
            audit["first_day"] = first.isoformat()
        if last and not audit.get("last_day"):
            audit["last_day"] = last.isoformat()
    for key in ("date", "first_day", "last_day"):
        _date_field(audit, key, "audit", warnings)
    first, last = audit.get("first_day"), audit.get("last_day")
    if isinstance(first, str) and isinstance(last, str) and first > last:
        audit["first_day"], audit["last_day"] = last, first
        warnings.append(f"audit.first_day {first} is after audit.last_day {last}; read as {last} to {first}")


def normalise_report_data(data: Any) -> tuple[Any, list[str]]:
    """A copy of a raw report (dict) with values in the contract's words, and the warnings it gave.

    Anything that is not a dict is returned unchanged (the model's own errors describe it)."""
    if not isinstance(data, dict):
        return data, []
    warnings: list[str] = []
    out = normalise_header(data, warnings)
    guesses: dict[str, str | None] = {}
    for list_key in ("findings", "previous_findings"):
        items = out.get(list_key)
        if not isinstance(items, list):
            continue
        out[list_key] = [normalise_listed(item, list_key, i, warnings, guesses) for i, item in enumerate(items)]
    if guesses:
        remember(guesses)  # the check asks the same of each statement (the `wording` fact)
    return out, warnings


def normalise_header(data: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """A copy of a report's own fields (its audit, its id) in the contract's words, as `normalise_report_data`
    reads them; its lists are left as they are. The warnings go to `warnings`."""
    out = dict(data)
    if isinstance(out.get("audit"), dict):
        out["audit"] = dict(out["audit"])
        _audit(out["audit"], warnings)
    for key in ("id",):
        _text_id(out, key)
    return out


def normalise_listed(
    item: Any,
    list_key: str,
    i: int,
    warnings: list[str],
    guesses: dict[str, str | None] | None = None,
    language: bool = True,
) -> Any:
    """Item `i` of a report's `findings` or `previous_findings`, as `normalise_report_data` reads it (a copy):
    one at a time, for a reader that validates a report's findings as it streams them. `language`: guess a
    finding's language (its warning; its guess into `guesses`)."""
    if not isinstance(item, dict):
        return item
    item = dict(item)
    for key in ("id", "clause", "repeat_of"):
        _text_id(item, key)
    _grade(item, f"{list_key}[{i}]", warnings)
    _evidence(item)
    if list_key == "findings" and language:
        _language(item, f"{list_key}[{i}]", warnings, guesses)
    if list_key == "previous_findings":
        _previous(item, f"{list_key}[{i}]", warnings)
    return item


def _language(
    item: dict[str, Any], path: str, warnings: list[str], guesses: dict[str, str | None] | None = None
) -> None:
    statement = item.get("statement")
    lang = not_english(statement) if isinstance(statement, str) else None
    if guesses is not None and isinstance(statement, str):
        guesses[statement] = lang
    if lang:
        warnings.append(
            f"{_where(path, item)}.statement: written in {lang}, not English: its wording was not checked (the "
            "checks read English wording only), so its verdict says nothing about it; review it yourself"
        )


def _previous(item: dict[str, Any], path: str, warnings: list[str]) -> None:
    status = item.get("status")
    if isinstance(status, str):
        key = _fold(status)
        mapped = {
            "open": "open",
            "opened": "open",
            "outstanding": "open",
            "pending": "open",
            "not closed": "open",
            "closed": "closed",
            "closed out": "closed",
            "close": "closed",
            "resolved": "closed",
            "verified": "closed",
            "verified closed": "closed",
            "": None,
        }.get(key, "?")
        if mapped == "?":
            item["status"] = None
            warnings.append(f"{_where(path, item)}.status: {status[:40]!r} is not open or closed; treated as unknown")
        else:
            item["status"] = mapped
    for key in ("date", "due"):
        _date_field(item, key, _where(path, item), warnings)


def normalise_finding_data(data: Any) -> tuple[Any, list[str]]:
    """One finding (`POST /v1/findings/check`): its grade, evidence and audit, as in a report."""
    if not isinstance(data, dict):
        return data, []
    out = dict(data)
    warnings: list[str] = []
    for key in ("id", "clause", "repeat_of"):
        _text_id(out, key)
    _grade(out, "finding", warnings)
    _evidence(out)
    _language(out, "finding", warnings)
    if isinstance(out.get("audit"), dict):
        out["audit"] = dict(out["audit"])
        _audit(out["audit"], warnings)
    return out, warnings


def with_input_warnings(report: Any, result: Any) -> Any:
    """The verdict carrying the warnings the report's input gave, first and once each (`ReportVerdict.warnings`)."""
    given = list(getattr(report, "input_warnings", []) or [])
    if given:
        result.warnings = given + [w for w in result.warnings if w not in given]
    return result
