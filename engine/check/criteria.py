"""The audit criteria a report names, settled before its findings are checked: a designation without a year
pinned to the edition in force on the audit date, and criteria ncaudit does not hold reported once, as a warning.

A standard ncaudit lacks is the tool's limit, not the auditor's defect: its findings keep the citation status
`unknown_standard` (an `info` issue, no effect on the verdict) and the report says once what was not checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from engine.core.models import Finding, Report
from engine.standards.citation import parse_citations
from engine.standards.library import StandardLibrary
from engine.standards.model import Standard, standard_id

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def unknown_criteria_warning(name: str) -> str:
    return f"{name} is not loaded: citations were not checked; wording and grading were (see `ncaudit standards`)"


def edition_for(lib: StandardLibrary, name: str, day: dt.date | None) -> tuple[Standard | None, str | None]:
    """The standard a name means, and a note when the name gave no edition and more than one is loaded:
    the edition in force on `day` (the newest, where two overlap in a transition), else the current one."""
    std = lib.resolve(name)
    if std is None or _YEAR.search(name):
        return std, None
    # ids begin with the family (`iso-9001-2008`): only those standards are read, not the whole (lazy) library
    family = [lib.get(i) for i in lib.ids() if i.startswith(std.family + "-")]
    editions = [
        s for s in family if s is not None and s.family == std.family and s.is_requirements == std.is_requirements
    ]
    if len(editions) < 2:
        return std, None
    if day is None:
        return std, f"{name!r} names no edition: taken as {std.designation}, the current one (the audit has no date)"
    in_force = [
        s
        for s in editions
        if (s.published is None or s.published <= day) and (s.withdrawn is None or s.withdrawn > day)
    ]
    if not in_force:
        return std, f"{name!r} names no edition and none loaded was in force on {day}: taken as {std.designation}"
    chosen = max(in_force, key=lambda s: (s.published or dt.date.min, s.year or 0))
    also = [s.designation for s in in_force if s is not chosen]
    note = f"{name!r} names no edition: taken as {chosen.designation}, the edition in force on {day.isoformat()}"
    if also:
        note += f" ({', '.join(also)} was also in force, in transition)"
    return chosen, note


def prepare(lib: StandardLibrary, report: Report) -> tuple[Report, list[str]]:
    """The report with year-less criteria pinned to an edition, and the report-level warnings about its criteria."""
    header, warnings, pins = prepare_streamed(lib, report, report.findings)
    if not pins:
        return header, warnings
    findings = [pinned(f, pins) for f in report.findings]
    return header.model_copy(update={"findings": findings}), warnings


def prepare_streamed(
    lib: StandardLibrary, report: Report, findings: Iterable[Finding]
) -> tuple[Report, list[str], dict[str, str]]:
    """`prepare` over findings read apart from the report (a streamed report's: each pass reads them anew):
    the report with its own criteria pinned (its findings untouched), the warnings, and the pins each finding
    takes (`pinned`): a finding's standard name -> the edition it is read as, where that differs."""
    day = report.audit.date if report.audit else None
    warnings: list[str] = []
    unknown: dict[str, str] = {}
    pinned_names: dict[str, str] = {}

    def settle(name: str | None, where: str) -> str | None:
        if not name or not name.strip():
            return name
        if name in pinned_names:
            return pinned_names[name]
        std, note = edition_for(lib, name, day)
        if std is None:
            unknown.setdefault(standard_id(name), name.strip())
            pinned_names[name] = name
            return name
        if note:
            warnings.append(f"{where}: {note}")
        pinned_names[name] = std.designation if note else name
        return pinned_names[name]

    standard = settle(report.standard, "standard")
    pins: dict[str, str] = {}
    for i, f in enumerate(findings):
        own = settle(f.standard, f"findings[{i}].standard")
        for ref in parse_citations(f.clause):
            if ref.standard_text and lib.resolve(ref.standard_text) is None:
                unknown.setdefault(standard_id(ref.standard_text), ref.standard_text)
        if own != f.standard and f.standard is not None and own is not None:
            pins[f.standard] = own
    warnings += [unknown_criteria_warning(name) for name in unknown.values()]
    header = report.model_copy(update={"standard": standard}) if standard != report.standard else report
    return header, warnings, pins


def pinned(finding: Finding, pins: dict[str, str]) -> Finding:
    """The finding with its standard pinned as `prepare_streamed` settled it."""
    own = pins.get(finding.standard) if finding.standard is not None else None
    return finding.model_copy(update={"standard": own}) if own is not None else finding
