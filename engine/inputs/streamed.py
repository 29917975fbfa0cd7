"""A JSON report read a finding at a time, so that checking a report of any size holds its text and a few
chunks of findings, never every finding's model (issue 28: memory flat in a report's size).

The report's own fields (everything but `findings`) are decoded and validated first, as `Report`; then a first
pass over `findings` validates each finding as the whole report's validation would (the same normalising,
`engine/core/normalise.py`, and the same `Finding` model) and keeps nothing but the warnings, the count and
what the limits need. Only a report that passes whole is streamed: any error (a field refused, malformed JSON,
a limit, an unusual shape such as a repeated key) makes `read_streamed` return None, and the caller reads the
report whole (`reader.read_report`), whose error names every field as before. So every error still comes
before any output is written. Each later pass (`iter`) decodes and validates the findings anew from the text,
one at a time.

The JSON is split with the standard library's own decoder (`json.JSONDecoder.raw_decode`, one value at a
time): the values are exactly those `json.loads` gives.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from engine.core.bounded_read import NotAFile, TooLarge
from engine.core.language import remember
from engine.core.limits import DEFAULT_LIMITS, Limits
from engine.core.models import Finding, Report
from engine.core.normalise import normalise_header, normalise_listed

_WS = re.compile(r"[ \t\n\r]*")  # the whitespace `json` skips
_DECODER = json.JSONDecoder()
# statements whose language guess is kept for the check at once (the facts ask it of a chunk being built)
_GUESS_WINDOW = 4096
_CHUNK = 1 << 20  # bytes read at a time


class _NotStreamed(Exception):
    """The report is not read a finding at a time: the whole reader reads it (and names any error)."""


class StreamedReport:
    """A report validated but for its findings' models: `header` is the report with `findings` empty (its input
    warnings are the whole report's, in the whole reader's order); iterating gives the findings, each decoded
    and validated anew from the report's private copy on disk (never the whole text in memory). `len()` is the
    number of findings."""

    def __init__(self, spool: BinaryIO, count: int, header: Report, languages: dict[int, str]) -> None:
        self._spool = spool  # a private copy of the file's bytes: no one can change it between the passes
        self._count = count
        self.header = header
        self._languages = languages  # the guesses of the first pass that are not None, by position

    def __len__(self) -> int:
        return self._count

    @property
    def input_warnings(self) -> list[str]:
        return self.header.input_warnings

    def __iter__(self) -> Iterator[Finding]:
        window: dict[str, str | None] = {}
        remember(window)  # the guesses of the first pass, for the check's `wording` fact, a window at a time
        for i, item in enumerate(_findings(_Text(self._spool))):
            data = normalise_listed(item, "findings", i, [], language=False)
            finding = Finding.model_validate(data)
            if len(window) >= _GUESS_WINDOW:
                window.clear()  # a statement no longer in it is guessed anew: the same guess
            statement = data.get("statement") if isinstance(data, dict) else None
            if isinstance(statement, str):  # keyed as the whole reader keys it: the statement as read
                window[statement] = self._languages.get(i)
            yield finding


def read_json_file(
    path: Path,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    details: Mapping[str, str | None] | None = None,
) -> StreamedReport | None:
    """A `.json` file that holds a plain JSON report, read as `read_streamed` reads it; None for anything the
    whole reader (`reader.read_report_streamed`) must read: another suffix, a file it refuses (its message is
    the reader's), bytes that may be a PDF, XML or an encrypted export, a report not to be streamed. The
    command line starts with this alone, so `check report.json` imports no spreadsheet, PDF, Word or CARA
    reader."""
    if path.suffix.lower() != ".json":
        return None
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - kept by the StreamedReport, closed with it
    try:
        head = _copy_bounded(path, spool, limits.max_file_bytes)
    except (NotAFile, TooLarge, OSError):
        spool.close()
        return None
    # what `reader.sniff` and `cara.encrypted` look at: a PDF marker, anything but an object, encryption words
    if (
        b"%PDF-" in head[:1024]
        or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
        or re.search(rb"(?i)encrypt|cipher", head)
    ):
        spool.close()
        return None
    return read_streamed(spool, standard, limits, (lambda data: with_details(data, details)) if details else None)


def _copy_bounded(path: Path, spool: BinaryIO, limit: int) -> bytes:
    """Copy the regular file `path` to `spool`, refused as `read_bytes_bounded` refuses it; its first 4 KiB."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile("not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        head, copied = b"", 0
        while chunk := f.read(_CHUNK):
            head = head or chunk[:4096]
            copied += len(chunk)
            if copied > limit:
                raise TooLarge(None, limit)
            spool.write(chunk)
    return head


def read_streamed(
    source: bytes | BinaryIO,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    given: Callable[[dict[str, Any]], tuple[dict[str, Any], list[str]]] | None = None,
) -> StreamedReport | None:
    """The report in `text` (a JSON document) read a finding at a time, or None when it is not to be streamed
    (see the module's docstring): then read it whole. `standard` fills in a report that names none; `given`
    puts the details a user gave in place of the file's (`with_details`) and says what it replaced."""
    if isinstance(source, bytes):
        spool: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - kept by the StreamedReport
        spool.write(source)
    else:
        spool = source
    try:
        return _read(spool, standard, limits, given)
    except (_NotStreamed, ValueError, IndexError, RecursionError, ValidationError):
        spool.close()
        return None


def _read(
    spool: BinaryIO,
    standard: str | None,
    limits: Limits,
    given: Callable[[dict[str, Any]], tuple[dict[str, Any], list[str]]] | None,
) -> StreamedReport:
    finding_warnings: list[str] = []
    languages: dict[int, str] = {}
    sizes = [0, 0]  # findings, their JSON's length as `check_output` measures it

    def first_pass(i: int, item: Any) -> None:
        guesses: dict[str, str | None] = {}
        data = normalise_listed(item, "findings", i, finding_warnings, guesses)
        Finding.model_validate(data)  # an error: read whole, so that its message is the whole reader's
        lang = next(iter(guesses.values()), None)
        if lang:
            languages[i] = lang
        sizes[0] += 1
        sizes[1] += len(json.dumps(item, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
        if sizes[0] > limits.max_findings:
            raise _NotStreamed

    def each(items: Iterator[Any]) -> None:
        for i, item in enumerate(items):
            first_pass(i, item)

    data = _scan(_Text(spool), each)
    if standard and not data.get("standard"):
        data["standard"] = standard
    # `check_output`'s limit, as it measures the whole report: `"findings": [a, b]` is `[]` with the items
    n, size = sizes
    whole = len(json.dumps({**data, "findings": []}, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    if whole + size + 2 * max(n - 1, 0) > limits.max_output_bytes:
        raise _NotStreamed
    replaced: list[str] = []
    if given is not None:
        data, replaced = given(data)
    head_warnings: list[str] = []
    normalise_header(data, head_warnings)
    previous_warnings: list[str] = []
    previous = data.get("previous_findings")
    if isinstance(previous, list):
        for i, item in enumerate(previous):
            normalise_listed(item, "previous_findings", i, previous_warnings)
    header = Report.model_validate({**data, "findings": []})
    header._input_warnings = replaced + head_warnings + finding_warnings + previous_warnings
    return StreamedReport(spool, n, header, languages)


class _Text:
    """The text of a spool, decoded a chunk at a time: `buf[pos:]` is what is not yet read, and what was read
    is let go of as more comes in. A value is decoded only once it is whole (something follows it, or the end)."""

    def __init__(self, spool: BinaryIO) -> None:
        spool.seek(0)
        self._spool = spool
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.end = False

    def more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.end:
            return False
        chunk = self._spool.read(_CHUNK)
        self.end = not chunk
        self.buf = self.buf[self.pos :] + self._decoder.decode(chunk, final=self.end)
        self.pos = 0
        return True

    def char(self) -> str:
        """The next character that is not whitespace (`_NotStreamed` at the end), not taken."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]  # matches everywhere
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                raise _NotStreamed

    def take(self, expected: str) -> None:
        if self.char() != expected:
            raise _NotStreamed
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, decoded as `json.loads` decodes it."""
        self.char()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if not self.more():
                    raise
                continue
            if end < len(self.buf) or not self.more():  # a number at the chunk's end may go on in the next
                self.pos = end
                return value

    def at_end(self) -> bool:
        try:
            self.char()
        except _NotStreamed:
            return True
        return False


def _scan(text: _Text, findings: Callable[[Iterator[Any]], None]) -> dict[str, Any]:
    """The report's own fields; `findings(items)` is given the `findings` array's items as they are decoded,
    to read (the rest of the array is skipped). Raises _NotStreamed for anything but one object with one
    `findings` array and nothing after it."""
    text.take("{")
    data: dict[str, Any] = {}
    seen = False
    while True:
        if text.char() != '"':
            raise _NotStreamed
        key = text.value()
        text.take(":")
        if key in data or (key == "findings" and seen):
            raise _NotStreamed  # a repeated key: `json.loads` keeps the last; the whole reader reads it
        if key == "findings":
            if text.char() != "[":
                raise _NotStreamed
            seen = True
            items = _items(text)
            findings(items)
            for _ in items:  # what the reader left
                pass
        else:
            data[key] = text.value()
        if text.char() == ",":
            text.pos += 1
            continue
        text.take("}")
        break
    if not seen or not text.at_end():
        raise _NotStreamed
    return data


def _findings(text: _Text) -> Iterator[Any]:
    """The items of the `findings` array of a report `_scan` has read (the other fields skipped)."""
    text.take("{")
    while True:
        key = text.value()
        text.take(":")
        if key == "findings":
            yield from _items(text)
            return
        text.value()
        text.take(",")


def _items(text: _Text) -> Iterator[Any]:
    """The values of the JSON array at the text's position (`[`), decoded one at a time."""
    text.take("[")
    if text.char() == "]":
        text.pos += 1
        return
    while True:
        yield text.value()
        if text.char() == ",":
            text.pos += 1
            continue
        text.take("]")
        return


# the details a user can give beside the file (the command line's flags, the page's fields): report field paths
GIVEN_DETAILS = (
    "id",
    "client",
    "certification_body",
    "certificate_number",
    "standard",
    "audit.type",
    "audit.date",
    "audit.first_day",
    "audit.last_day",
    "audit.lead_auditor",
)


def with_details(data: dict[str, Any], given: Mapping[str, str | None]) -> tuple[dict[str, Any], list[str]]:
    """The report with the details a user gave (`GIVEN_DETAILS` paths, e.g. `audit.last_day`) in place of what
    the file said, and a warning for each value read from the file that a given one replaced. A given detail's
    `sources` entry is dropped: it was not read from the file."""
    out = dict(data)
    warnings: list[str] = []
    sources = dict(out.get("sources") or {})
    for path, value in given.items():
        if path not in GIVEN_DETAILS:
            raise ValueError(f"{path!r} is not a detail that can be given; one of {', '.join(GIVEN_DETAILS)}")
        if value is None or not str(value).strip():
            continue
        value = str(value).strip()
        if path.startswith("audit."):
            key = path.split(".", 1)[1]
            audit = dict(out.get("audit") or {})
            before = audit.get(key)
            audit[key] = value
            if key == "date":  # one day given for the audit: its last day too
                audit.pop("last_day", None)
                before = before or data.get("audit", {}).get("last_day")
            out["audit"] = audit
        else:
            before = out.get(path)
            out[path] = value
        if before not in (None, "", value):
            warnings.append(f"{path}: {value!r} as given, instead of {before!r} read from the file")
        sources.pop(path, None)
        if path == "audit.date":
            sources.pop("audit.last_day", None)
    if sources or "sources" in out:
        out["sources"] = sources
    return out, warnings
