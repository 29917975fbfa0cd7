"""Standards as clause trees: the in-memory model (Standard, Clause, Provision) and the safe XML reader."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.bounded_read import SOURCE_MAX_BYTES, NotAFile, TooLarge, read_bytes_bounded
from engine.core.memo import T, once

if TYPE_CHECKING:  # lxml is imported where XML is read: a start-up served from the cache reads none
    from lxml import etree

NS = "urn:ncaudit:standard:1"
MAX_FILE_BYTES = SOURCE_MAX_BYTES
DI_TYPES = ("none", "maintain", "retain", "both", "determine")


def standard_id(designation: str) -> str:
    """`ISO/IEC 27001:2022` -> `iso-iec-27001-2022`."""
    return re.sub(r"[^a-z0-9]+", "-", designation.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Provision:
    text: str
    form: str = "shall"
    di: str = "none"
    amendment: str | None = None
    label: str | None = None  # list item label (`a`), None for a clause's own text
    added: bool = False  # in a tree that extends another: a provision the extending standard adds


@dataclass(frozen=True, slots=True)
class Obliges:
    """One thing a requirement obliges, in our words: an outcome, or what must exist or be done."""

    text: str
    item: str | None = None  # the list item it belongs to
    di: str = "none"  # documented information it asks for
    unit: str | None = None  # the unit the standard names: "each process", "each site"


@dataclass(frozen=True, slots=True)
class Refers:
    """A cross-reference: the clause points to another (`to`) for a part of its requirement (`text`, in our words:
    what the two clauses share). A citation of either clause is right for a nonfulfilment of that part."""

    to: str
    text: str


@dataclass(frozen=True, slots=True)
class LeftOpen:
    """An aspect the requirement leaves to the organization, with means auditors demand that it does not."""

    aspect: str  # method | format | medium | frequency | extent | responsibility | timing | tool | content
    text: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Obligation:
    """What a requirement obliges, what it leaves to the organization, what it does not require (commonly
    believed otherwise) and the processes or outputs it makes mandatory. `inherited_from` names the successor
    edition's clauses an old edition's clause takes them from (`<obligation from="successor"/>`)."""

    obliges: tuple[Obliges, ...] = ()
    leaves: tuple[LeftOpen, ...] = ()
    not_required: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    from_successor: bool = False
    inherited_from: tuple[str, ...] = ()  # "iso-9001-2015 7.1.5.1" once taken over
    refers: tuple[Refers, ...] = ()  # cross-references to other clauses for a part of the requirement

    @property
    def leaves_open(self) -> list[str]:
        """The aspects left open, each once, in their order."""
        return list(dict.fromkeys(x.aspect for x in self.leaves))

    def merged(self, other: Obligation) -> Obligation:
        """This obligation with another's added (a re-opened clause, or several successor clauses)."""
        return Obligation(
            obliges=self.obliges + other.obliges,
            leaves=self.leaves + other.leaves,
            not_required=self.not_required + tuple(x for x in other.not_required if x not in self.not_required),
            processes=self.processes + tuple(x for x in other.processes if x not in self.processes),
            from_successor=self.from_successor,
            inherited_from=self.inherited_from + other.inherited_from,
            refers=self.refers + tuple(x for x in other.refers if x not in self.refers),
        )

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "obliges": [
                {k: v for k, v in (("text", o.text), ("item", o.item), ("di", o.di), ("unit", o.unit)) if v}
                for o in self.obliges
            ],
            "leaves_open": [{"aspect": x.aspect, "text": x.text, "examples": list(x.examples)} for x in self.leaves],
            "not_required": list(self.not_required),
            "processes": list(self.processes),
        }
        if self.inherited_from:
            out["inherited_from"] = list(self.inherited_from)
        if self.refers:
            out["refers"] = [{"to": x.to, "text": x.text} for x in self.refers]
        return out


@dataclass(slots=True)
class Clause:
    standard: str
    number: str
    title: str
    kind: str = "clause"
    normative: bool = True
    keywords: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    items: dict[str, Provision] = field(default_factory=dict)
    notes: tuple[Provision, ...] = ()
    children: list[str] = field(default_factory=list)
    parent: str | None = None
    amendment: str | None = None
    successor: tuple[str, ...] = ()
    counterpart: tuple[str, ...] = ()
    full_text: str | None = None  # only from a licensed NISO STS file
    added: bool = False  # in a tree that extends another: a clause the extending standard adds
    source: str | None = None  # in a tree that extends another: the designation whose requirement this is
    obligation: Obligation | None = None  # what it obliges and leaves open (the obligation layer)
    _shall: bool | None = field(default=None, repr=False, compare=False)  # has_shall, once the tree is built
    _own: tuple[tuple[Provision, ...], str] | None = field(default=None, repr=False, compare=False)  # own_text

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    def all_provisions(self) -> Iterator[Provision]:
        yield from self.provisions
        yield from self.items.values()

    @property
    def has_shall(self) -> bool:
        """Whether any provision is a requirement. Read per finding, so computed once: a loaded tree is read-only."""
        if self._shall is None:
            self._shall = any(p.form == "shall" for p in self.all_provisions())
        return self._shall

    @property
    def own_text(self) -> str:
        """The clause's own provisions, without its items, as one text. Read per finding, so joined once (again
        only if the provisions are replaced, as building a tree that extends another does)."""
        own = self._own
        if own is None or own[0] is not self.provisions:
            own = self._own = (self.provisions, " ".join(p.text.strip() for p in self.provisions))
        return own[1]

    @property
    def is_heading(self) -> bool:
        """Groups sub-clauses and states no requirement of its own."""
        return bool(self.children) and not self.has_shall

    def di_types(self, item: str | None = None) -> set[str]:
        provisions: Iterable[Provision] = [self.items[item]] if item and item in self.items else self.all_provisions()
        return {p.di for p in provisions} - {"none"}

    def summary(self) -> str:
        return " ".join(p.text for p in self.all_provisions())

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "normative": self.normative,
            "keywords": list(self.keywords),
            "requirements": [_provision_dict(p) for p in self.provisions],
            "items": [_provision_dict(p) for p in self.items.values()],
            "notes": [p.text for p in self.notes],
            "children": list(self.children),
            "amendment": self.amendment,
            "successor": list(self.successor),
            "counterpart": list(self.counterpart),
            "added": self.added,
            "source": self.source,
            "obligation": self.obligation.to_dict() if self.obligation else None,
        }


def _provision_dict(p: Provision) -> dict[str, object]:
    out: dict[str, object] = {"text": p.text, "form": p.form, "documented_information": p.di}
    if p.label:
        out["label"] = p.label
    if p.amendment:
        out["amendment"] = p.amendment
    if p.added:
        out["added"] = True
    return out


@dataclass(frozen=True, slots=True)
class Amendment:
    id: str
    designation: str
    date: date


@dataclass(slots=True)
class Standard:
    id: str
    designation: str
    title: str
    kind: str = "requirements"
    published: date | None = None
    withdrawn: date | None = None
    successor: str | None = None
    supports: tuple[str, ...] = ()
    extends: str | None = None  # the id of the standard this one is built on (IATF 16949 on ISO 9001:2015)
    discipline: str | None = None  # the management-system discipline (quality, environment, ...); None: not said
    shares: tuple[str, ...] = ()  # disciplines whose subjects an audit against it also covers
    aliases: tuple[str, ...] = ()
    amendments: dict[str, Amendment] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    source: str = ""
    origin: str = "bundled"  # bundled | user | sts
    # answers read per finding, computed once per standard: a loaded standard is read-only
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_requirements(self) -> bool:
        return self.kind == "requirements"

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked of this standard, its answer after (engine/core/memo.py)."""
        return once(self._memo, key, compute)

    @property
    def year(self) -> int | None:
        return self.once("year", lambda: _year(self.designation))

    @property
    def edition(self) -> str:
        """`2015` for ISO 9001:2015, `D (2016)` for AS9100D:2016."""
        letter = re.search(r"\d([A-Z])(?=:|$)", self.designation.split(" ")[-1])
        year = str(self.year) if self.year else ""
        if letter:
            return f"{letter.group(1)} ({year})" if year else letter.group(1)
        return year or "-"

    @property
    def family(self) -> str:
        """The designation without year: `ISO/IEC 27001:2022` -> `iso-iec-27001`."""
        return self.once("family", lambda: standard_id(self.designation.split(":")[0]))

    def clause(self, number: str) -> Clause | None:
        return self.clauses.get(number)

    def walk(self) -> Iterator[Clause]:
        def rec(numbers: list[str]) -> Iterator[Clause]:
            for n in numbers:
                c = self.clauses[n]
                yield c
                yield from rec(c.children)

        yield from rec(self.roots)

    def leaves_under(self, number: str) -> list[Clause]:
        """Specific requirements below a heading, for a `too_broad` suggestion."""
        return list(self.once("leaves:" + number, lambda: self._leaves_under(number)))

    def _leaves_under(self, number: str) -> tuple[Clause, ...]:
        out: list[Clause] = []
        stack = [number]
        while stack:
            c = self.clauses[stack.pop()]
            if c.number != number and c.has_shall and c.normative:
                out.append(c)
            stack.extend(reversed(c.children))
        return tuple(sorted(out, key=lambda c: _number_key(c.number)))

    def amendment_date(self, amendment_id: str | None) -> date | None:
        if amendment_id and amendment_id in self.amendments:
            return self.amendments[amendment_id].date
        return None

    def to_dict(self, with_clauses: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "designation": self.designation,
            "title": self.title,
            "kind": self.kind,
            "published": self.published.isoformat() if self.published else None,
            "withdrawn": self.withdrawn.isoformat() if self.withdrawn else None,
            "successor": self.successor,
            "supports": list(self.supports),
            "extends": self.extends,
            "discipline": self.discipline,
            "shares": list(self.shares),
            "edition": self.edition,
            "aliases": list(self.aliases),
            "amendments": [
                {"id": a.id, "designation": a.designation, "date": a.date.isoformat()} for a in self.amendments.values()
            ],
            "clauses": len(self.clauses),
            "origin": self.origin,
        }
        if with_clauses:
            out["tree"] = [_tree_dict(self, n) for n in self.roots]
        return out


def _tree_dict(std: Standard, number: str) -> dict[str, object]:
    c = std.clauses[number]
    node: dict[str, object] = {"number": c.number, "title": c.title, "normative": c.normative, "kind": c.kind}
    if c.added:
        node["added"] = True
    if c.children:
        node["children"] = [_tree_dict(std, n) for n in c.children]
    return node


def _number_key(number: str) -> tuple[object, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


class StandardError(ValueError):
    """A standard file that cannot be used; the message names file, line and problem."""


def safe_parser() -> etree.XMLParser:
    """No entity expansion, no DTD loading, no network: a standards file can never read another file."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_DANGEROUS_DTD = re.compile(r"<!ENTITY|\bSYSTEM\b|\bPUBLIC\b", re.IGNORECASE)
# a byte order mark, or the NUL bytes around `<` that UTF-16 and UTF-32 put there without one
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _prolog_text(data: bytes) -> str:
    """The file as text for the DOCTYPE pre-check: UTF-16 and UTF-32 decoded (with or without a BOM), anything
    else byte for byte (every other encoding XML allows spells `<!DOCTYPE` in ASCII)."""
    for mark, codec in _WIDE:
        if data.startswith(mark):
            return data.decode(codec, errors="replace")
    return data.decode("latin-1")


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse one XML file safely: size first, then DTDs refused before parsing, then a locked-down parser."""
    from lxml import etree

    try:  # a regular file only, its size checked before reading (a named pipe or /dev/zero is refused at once)
        data = read_bytes_bounded(path, MAX_FILE_BYTES)
    except NotAFile as exc:
        raise StandardError(f"{path}: {exc}") from None
    except TooLarge as exc:
        size = f"{exc.size} bytes" if exc.size is not None else "larger"
        raise StandardError(f"{path}: file is {size}, over the {MAX_FILE_BYTES}-byte limit") from None
    text = _prolog_text(data)
    doctype = _DOCTYPE.search(text)
    if doctype is not None and _DANGEROUS_DTD.search(text, doctype.end()):
        line = text.count("\n", 0, doctype.start()) + 1
        raise StandardError(f"{path}:{line}: DOCTYPE with entity declarations or an external DTD is not allowed")
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser(), base_url=str(path)))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        raise StandardError(f"{path}:{line}: not well-formed XML: {exc.msg}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # type: ignore[attr-defined]  # lxml-stubs lag lxml
        raise StandardError(f"{path}:1: DOCTYPE with entity declarations is not allowed")
    return tree


def _year(designation: str) -> int | None:
    m = re.search(r":(\d{4})", designation)
    return int(m.group(1)) if m else None
