"""Bounds on a report read from a file (sizes, rows, columns, cells, findings), decided before the work, and
the errors that refuse one: each refusal names its limit and the NCAUDIT_* setting that sets it."""

from __future__ import annotations

from dataclasses import dataclass


class ImportError_(ValueError):  # noqa: N801 - `ImportError` is a builtin
    """A spreadsheet that cannot become a report; names the row or the columns."""


class LimitError(ImportError_):
    """A file over one of the `Limits`: `limit` names it, `too_large` says it is about size (HTTP 413, else 422)."""

    def __init__(self, message: str, limit: str, too_large: bool = False) -> None:
        super().__init__(message)
        self.limit = limit
        self.too_large = too_large


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds decided before a file is read (the service takes them from NCAUDIT_IMPORT_* settings)."""

    max_file_bytes: int = 8 * 1024 * 1024  # the file as uploaded
    max_uncompressed_bytes: int = 32 * 1024 * 1024  # an .xlsx archive's members, all together, unpacked
    max_compression_ratio: float = 100.0  # any member over 1 MB unpacked; real workbooks compress 5-20 times
    max_rows: int = 5000  # non-empty rows
    max_columns: int = 100
    max_cell_chars: int = 100_000
    max_findings: int = 1000
    max_output_bytes: int = 8 * 1024 * 1024  # the report read from the file, as JSON
    max_pages: int = 300  # pages of a PDF report
    max_lines: int = 50_000  # lines of text and table rows of a PDF or Word report, all together
    max_page_objects: int = 20_000  # text and drawing operators in one PDF content stream (a dense page: ~5,000)

    def refuse(self, what: str, name: str, value: int | float, too_large: bool = False) -> LimitError:
        limit = getattr(self, name)
        return LimitError(
            f"{what} is over the limit of {limit:,} ({name}, setting {_ENV[name]}); split the report into smaller "
            "files",
            name,
            too_large,
        )


# each limit's setting, as `engine/core/settings.py` reads it
_ENV = {
    "max_file_bytes": "NCAUDIT_MAX_BODY_BYTES",
    "max_uncompressed_bytes": "NCAUDIT_IMPORT_MAX_UNCOMPRESSED_BYTES",
    "max_compression_ratio": "NCAUDIT_IMPORT_MAX_COMPRESSION_RATIO",
    "max_rows": "NCAUDIT_IMPORT_MAX_ROWS",
    "max_columns": "NCAUDIT_IMPORT_MAX_COLUMNS",
    "max_cell_chars": "NCAUDIT_IMPORT_MAX_CELL_CHARS",
    "max_findings": "NCAUDIT_MAX_FINDINGS",
    "max_output_bytes": "NCAUDIT_MAX_OUTPUT_BYTES",
    "max_pages": "NCAUDIT_IMPORT_MAX_PAGES",
    "max_lines": "NCAUDIT_IMPORT_MAX_LINES",
    "max_page_objects": "NCAUDIT_IMPORT_MAX_PAGE_OBJECTS",
}


DEFAULT_LIMITS = Limits()
