"""Certification scheme rule packs as data (`rules/schemes/<scheme>.yaml`): grades, escalations, OFI policy and
response deadlines, each with its source; chosen by `audit.scheme` or by the standard audited.

The engine reads one pack per report (`scheme_for`) and applies its simplest effects in one place
(`apply_scheme`, engine/check/scheme.py): whether OFIs may be recorded, the scheme's escalations in the grade
reasons, and scheme grades the contract lacks (FSSC 22000 `critical`, reported as `major`). Deadlines are data
for later use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from engine.core.errors import field_error
from engine.core.startup_cache import cached
from engine.core.vocabulary import ProposedGrade
from engine.core.yamlio import YamlError, load_yaml
from engine.rulebook.rulebase import rules_folder

Condition = Literal["process_absent", "released_nonconforming_output", "safety_or_legal", "recurrence", "systemic"]
Due = Literal[
    "correction",
    "containment",
    "root_cause",
    "corrective_action_plan",
    "corrective_action",
    "evidence_of_implementation",
    "verification",
    "closure",
]
Source = Field(min_length=3, description="Where the rule comes from: document, edition and section.")


class _Strict(BaseModel):
    # built when a pack file is first read, not at import: a start-up from the cache reads none (defer_build)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Grade(_Strict):
    """One grade the scheme uses, with what the contract's `proposed_grade` calls it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    maps_to: ProposedGrade
    definition: str = Field(min_length=3)
    source: str = Source


class Escalation(_Strict):
    """A named condition the engine can test on a finding, and the grade the scheme gives it."""

    when: Condition
    grade: Literal["major", "minor"]
    effect: Literal["raise", "note"] = Field(
        "raise", description="`raise`: the grade estimate is raised to `grade`; `note`: only said in grade reasons."
    )
    reason: str = Field(min_length=3)
    source: str = Source


class Deadline(_Strict):
    """What is due, and within how many days, for findings of one grade."""

    grade: str
    days: int = Field(ge=0, le=1100)
    days_kind: Literal["calendar", "working"] = "calendar"
    counted_from: Literal["last_audit_day", "closing_meeting", "audit_report"] = "last_audit_day"
    due: list[Due] = Field(min_length=1)
    note: str | None = None
    source: str = Source


class OfiPolicy(_Strict):
    allowed: bool
    source: str = Source
    note: str | None = None


class SchemePack(_Strict):
    """One certification scheme's grading and response rules."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=2)
    short: str = Field(min_length=2, description="The name used in grade reasons and messages.")
    names: list[str] = Field(default_factory=list, description="How `audit.scheme` spells the scheme.")
    standards: list[str] = Field(
        default_factory=list, description="Standard ids that select this pack when `audit.scheme` names none."
    )
    default: bool = False
    sources: list[str] = Field(min_length=1)
    ofi: OfiPolicy
    grades: list[Grade] = Field(min_length=1)
    escalations: list[Escalation] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    file: str = Field("", exclude=True)

    @model_validator(mode="after")
    def _consistent(self) -> SchemePack:
        ids = [g.id for g in self.grades]
        twice = sorted({g for g in ids if ids.count(g) > 1})
        if twice:
            raise ValueError(f"grades: {twice[0]!r} is defined twice")
        for i, d in enumerate(self.deadlines):
            if d.grade not in ids:
                raise ValueError(
                    f"deadlines[{i}].grade: {d.grade!r} is not one of this pack's grades ({', '.join(ids)})"
                )
        return self

    def grade(self, grade_id: str) -> Grade | None:
        return next((g for g in self.grades if g.id == grade_id), None)

    def deadlines_for(self, grade_id: str) -> list[Deadline]:
        return [d for d in self.deadlines if d.grade == grade_id]


class SchemeError(ValueError):
    """A scheme pack that cannot be used; the message names the file and the field."""


def schemes_folder() -> Path:
    return rules_folder() / "schemes"


def load_schemes(folder: Path | None = None) -> list[SchemePack]:
    """Every pack in the folder, validated (start-up cached, keyed on the files)."""
    folder = folder or schemes_folder()
    files = sorted(folder.glob("*.yaml"))
    return cached(
        "schemes", files, lambda: parse_schemes(files), extra=[str(folder.resolve())], of=list, items=SchemePack
    )


def parse_schemes(files: Iterable[Path]) -> list[SchemePack]:
    packs: list[SchemePack] = []
    for path in files:
        packs.append(parse_pack(path))
    defaults = [p.id for p in packs if p.default]
    if packs and len(defaults) != 1:
        raise SchemeError(
            f"{', '.join(p.file for p in packs)}: exactly one pack needs `default: true`; found {defaults}"
        )
    seen: dict[str, str] = {}
    for p in packs:
        for name in (p.id, *p.names):
            key = _key(name)
            if key in seen and seen[key] != p.file:
                raise SchemeError(f"{p.file}: field `names`: {name!r} is already used by {seen[key]}")
            seen[key] = p.file
    return packs


def parse_pack(path: Path) -> SchemePack:
    try:
        data: Any = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemeError(f"{path}: cannot read the scheme pack ({exc.strerror})") from None
    except YamlError as exc:
        raise SchemeError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SchemeError(f"{path}: a scheme pack is one mapping with id, title, sources, ofi, grades, ...")
    try:
        pack = SchemePack.model_validate({**data, "file": str(path)})
    except ValidationError as exc:
        raise SchemeError(f"{path}: {field_error(exc, whole='(pack)')}") from None
    if pack.id != path.stem:
        raise SchemeError(f"{path}: field `id` is {pack.id!r} but the file is named {path.name}")
    return pack


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@lru_cache(maxsize=4)
def _bundled() -> tuple[SchemePack, ...]:
    return tuple(load_schemes())


def scheme_for(
    audit_scheme: str | None, standard_id: str | None, packs: Iterable[SchemePack] | None = None
) -> SchemePack | None:
    """The pack for a report: the one `audit.scheme` names (`FSSC 22000 v6`, `IATF 16949`), else the one for the
    standard audited (`iatf-16949-2016`), else the default (generic 17021-1) pack; None when no pack is loaded."""
    pool = list(packs) if packs is not None else list(_bundled())
    if audit_scheme and audit_scheme.strip():
        wanted = _key(audit_scheme)
        best: tuple[int, SchemePack] | None = None
        for p in pool:
            for name in (p.id, p.title, *p.names):
                k = _key(name)
                if k and (k == wanted or k in wanted) and (best is None or len(k) > best[0]):
                    best = (len(k), p)
        if best is not None:
            return best[1]
    if standard_id:
        found = next((p for p in pool if standard_id in p.standards), None)
        if found is not None:
            return found
    return next((p for p in pool if p.default), None)


# -- for `ncaudit schemes` ---------------------------------------------------------------------------------------


def format_pack(pack: SchemePack) -> str:
    """One pack as text, for `ncaudit schemes show`."""
    lines = [f"{pack.id}: {pack.title}" + ("  [default]" if pack.default else "")]
    if pack.names:
        lines.append(f"  selected by audit.scheme: {', '.join(pack.names)}")
    if pack.standards:
        lines.append(f"  selected by the standard audited: {', '.join(pack.standards)}")
    lines.append("  sources:")
    lines += [f"    - {s}" for s in pack.sources]
    lines.append(f"  OFIs: {'allowed' if pack.ofi.allowed else 'not recorded as findings'}  ({pack.ofi.source})")
    if pack.ofi.note:
        lines.append(f"    {pack.ofi.note}")
    lines.append("  grades:")
    for g in pack.grades:
        lines.append(f"    {g.id} -> {g.maps_to}: {g.definition}  ({g.source})")
    if pack.escalations:
        lines.append("  escalations:")
        for e in pack.escalations:
            lines.append(f"    {e.when} -> {e.grade} [{e.effect}]: {e.reason}  ({e.source})")
    if pack.deadlines:
        lines.append("  deadlines:")
        for d in pack.deadlines:
            due = ", ".join(x.replace("_", " ") for x in d.due)
            frm = d.counted_from.replace("_", " ")
            lines.append(f"    {d.grade}: {due} within {d.days} {d.days_kind} days of the {frm}  ({d.source})")
            if d.note:
                lines.append(f"      {d.note}")
    for n in pack.notes:
        lines.append(f"  note: {n}")
    return "\n".join(lines)
