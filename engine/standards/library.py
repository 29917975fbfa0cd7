"""Standards as clause trees: the in-memory model and the safe XML loader."""

from __future__ import annotations

import pickle
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.startup_cache import cached

if TYPE_CHECKING:  # lxml is imported where XML is read: a start-up served from the cache reads none
    from lxml import etree

NS = "urn:ncaudit:standard:1"
_Q = f"{{{NS}}}"
MAX_FILE_BYTES = 16 * 1024 * 1024
DI_TYPES = ("none", "maintain", "retain", "both", "determine")


def standard_id(designation: str) -> str:
    """`ISO/IEC 27001:2022` -> `iso-iec-27001-2022`."""
    return re.sub(r"[^a-z0-9]+", "-", designation.lower()).strip("-")


def _loose_key(text: str) -> str:
    """A spelling-insensitive key: `ISO9001:2015`, `iso-9001-2015`, `ISO 9001 : 2015` agree."""
    key = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", "-", text.lower())
    return standard_id(key)


@dataclass(frozen=True, slots=True)
class Provision:
    text: str
    form: str = "shall"
    di: str = "none"
    amendment: str | None = None
    label: str | None = None  # list item label (`a`), None for a clause's own text
    added: bool = False  # in a tree that extends another: a provision the extending standard adds


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
    _shall: bool | None = field(default=None, repr=False, compare=False)  # has_shall, once the tree is built

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

    @property
    def year(self) -> int | None:
        if "year" not in self._memo:
            m = re.search(r":(\d{4})", self.designation)
            self._memo["year"] = int(m.group(1)) if m else None
        return self._memo["year"]  # type: ignore[no-any-return]

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
        if "family" not in self._memo:
            self._memo["family"] = standard_id(self.designation.split(":")[0])
        return self._memo["family"]  # type: ignore[no-any-return]

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
        key = "leaves:" + number
        if key not in self._memo:
            out: list[Clause] = []
            stack = [number]
            while stack:
                c = self.clauses[stack.pop()]
                if c.number != number and c.has_shall and c.normative:
                    out.append(c)
                stack.extend(reversed(c.children))
            self._memo[key] = tuple(sorted(out, key=lambda c: _number_key(c.number)))
        return list(self._memo[key])

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

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise StandardError(f"{path}: file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
    data = path.read_bytes()
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


_SCHEMA: etree.XMLSchema | None = None


def _schema() -> etree.XMLSchema:
    from lxml import etree

    global _SCHEMA
    if _SCHEMA is None:
        with resources.as_file(resources.files("standards") / "ncaudit-standard.xsd") as xsd:
            _SCHEMA = etree.XMLSchema(etree.parse(str(xsd), safe_parser()))
    return _SCHEMA


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _text(el: etree._Element) -> str:
    from lxml import etree

    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def _provision(el: etree._Element, label: str | None = None) -> Provision:
    return Provision(
        text=_text(el),
        form=el.get("form", "shall"),
        di=el.get("di", "none"),
        amendment=el.get("amendment"),
        label=label,
    )


def load_ncaudit_xml(tree: etree._ElementTree, source: str) -> Standard:
    """Build a Standard from a document in our format (already schema-valid)."""
    root = tree.getroot()
    designation = root.get("designation", "").strip()
    std = Standard(
        id=standard_id(designation),
        designation=designation,
        title=root.get("title", "").strip(),
        kind=root.get("kind", "requirements"),
        published=_date(root.get("published")),
        withdrawn=_date(root.get("withdrawn")),
        successor=root.get("successor") or None,
        supports=tuple((root.get("supports") or "").split()),
        extends=root.get("extends") or None,
        aliases=tuple(_text(a) for a in root.findall(_Q + "alias")),
        source=source,
    )
    for a in root.findall(_Q + "amendment"):
        amd = Amendment(a.get("id", ""), a.get("designation", ""), date.fromisoformat(a.get("date", "")))
        std.amendments[amd.id] = amd

    tag_clause, tag_req, tag_item, tag_note, tag_kw = (_Q + t for t in ("clause", "req", "item", "note", "keywords"))

    def add(el: etree._Element, parent: Clause | None) -> None:
        number = el.get("number", "")
        if number in std.clauses:
            raise StandardError(f"{source}:{el.sourceline}: clause {number} appears twice")
        reqs, items, notes, subclauses = [], {}, [], []
        keywords = ""
        for child in el:  # one pass over the children (this runs for every clause of every standard at start-up)
            tag = child.tag
            if tag == tag_clause:
                subclauses.append(child)
            elif tag == tag_req:
                reqs.append(_provision(child))
            elif tag == tag_item:
                label = child.get("label", "")
                items[label] = _provision(child, label)
            elif tag == tag_note:
                notes.append(_provision(child, child.get("label")))
            elif tag == tag_kw:
                keywords = _text(child)
        clause = Clause(
            standard=std.id,
            number=number,
            title=" ".join(el.get("title", "").split()),
            kind=el.get("kind", "clause"),
            normative=_bool(el.get("normative"), parent.normative if parent else True),
            keywords=tuple(k.strip().lower() for k in keywords.split(",") if k.strip()),
            provisions=tuple(reqs),
            items=items,
            notes=tuple(notes),
            parent=parent.number if parent else None,
            amendment=el.get("amendment"),
            successor=tuple((el.get("successor") or "").split()),
            counterpart=tuple((el.get("counterpart") or "").split()),
            added=_bool(el.get("added"), False),
        )
        if el.get("added") is not None and not std.extends:
            raise StandardError(f"{source}:{el.sourceline}: `added` is only for a standard that `extends` another")
        std.clauses[number] = clause
        if parent:
            parent.children.append(number)
        else:
            std.roots.append(number)
        for child in subclauses:
            add(child, clause)

    for el in root.findall(_Q + "clause"):
        add(el, None)
    return std


def extend(std: Standard, base: Standard) -> None:
    """Make `std` (read from a file that `extends` base) the base's tree plus its own: every base clause is
    copied, each clause of its own whose number the base lacks is added under its nearest ancestor, and a
    clause the base has is re-opened: its requirements, items and notes are added to the base clause's."""
    own = [c for c in std.walk()]
    clauses: dict[str, Clause] = {}
    for c in base.walk():
        clauses[c.number] = replace(
            c, standard=std.id, children=list(c.children), items=dict(c.items), source=c.source or base.designation
        )
    roots = list(base.roots)
    for c in own:
        if c.added and c.number in clauses:
            raise StandardError(f"{std.source}: clause {c.number} is marked added but {base.designation} has it")
        if c.number in clauses:
            b = clauses[c.number]
            clash = sorted(set(b.items) & set(c.items))
            if clash:
                raise StandardError(
                    f"{std.source}: clause {c.number} item {clash[0]}) is already in {base.designation}"
                )
            b.keywords = b.keywords + tuple(k for k in c.keywords if k not in b.keywords)
            b.provisions = b.provisions + tuple(replace(p, added=True) for p in c.provisions)
            b.items.update({k: replace(p, added=True) for k, p in c.items.items()})
            b.notes = b.notes + tuple(replace(p, added=True) for p in c.notes)
            b._shall = None
            continue
        parent = c.parent if c.parent in clauses else _nearest_in(clauses, c.number)
        new = replace(c, children=[], parent=parent, added=True, source=std.designation, _shall=None)
        clauses[c.number] = new
        siblings = clauses[parent].children if parent else roots
        siblings.append(c.number)
        siblings.sort(key=_number_key)
    std.clauses = clauses
    std.roots = roots
    std._memo.clear()


def _nearest_in(clauses: Mapping[str, Clause], number: str) -> str | None:
    parts = number.split(".")
    for n in range(len(parts) - 1, 0, -1):
        if ".".join(parts[:n]) in clauses:
            return ".".join(parts[:n])
    return None


def load_file(path: Path, origin: str = "bundled") -> Standard:
    """Load one standards file in our format or NISO/ISO STS; raise StandardError naming the problem."""
    from lxml import etree

    tree = parse_xml(path)
    root = tree.getroot()
    if root.tag == _Q + "standard":
        schema = _schema()
        if not schema.validate(tree):
            err = schema.error_log.last_error  # type: ignore[attr-defined]  # lxml-stubs lag lxml
            raise StandardError(f"{path}:{err.line}: {err.message}")
        std = load_ncaudit_xml(tree, str(path))
        std.origin = origin
        return std
    if etree.QName(root).localname in ("standard", "adoption") and root.find(".//body") is not None:
        from engine.standards.sts import sts_to_standard

        std = sts_to_standard(tree, str(path))
        std.origin = "sts"
        return std
    raise StandardError(
        f"{path}:{root.sourceline}: root element <{root.tag}> is neither an ncaudit standard "
        f'(<standard xmlns="{NS}">) nor a NISO/ISO STS <standard>'
    )


class _Members(Mapping[str, Standard]):
    """Standards by id. Restored from the start-up cache, each stays a pickle until first used: a report
    on one standard does not unpickle the other dozen."""

    def __init__(self) -> None:
        self._loaded: dict[str, Standard] = {}
        self._frozen: dict[str, bytes] = {}
        self._thaw = threading.Lock()  # one Standard object per id, even when two threads ask at once
        self.successors: dict[str, str | None] = {}  # what `predecessors` needs, without unpickling
        self.bases: dict[str, str | None] = {}  # what each standard extends, likewise

    def __getitem__(self, std_id: str) -> Standard:
        std = self._loaded.get(std_id)
        if std is None:
            with self._thaw:
                std = self._loaded.get(std_id)
                if std is None:
                    std = self._loaded[std_id] = pickle.loads(self._frozen.pop(std_id))  # KeyError: unknown id
        return std

    def __setitem__(self, std_id: str, std: Standard) -> None:
        self._frozen.pop(std_id, None)
        self._loaded[std_id] = std
        self.successors[std_id] = std.successor
        self.bases[std_id] = std.extends

    def __iter__(self) -> Iterator[str]:
        return iter(self.successors)

    def __len__(self) -> int:
        return len(self.successors)

    def __contains__(self, std_id: object) -> bool:
        return std_id in self.successors

    def __getstate__(self) -> dict[str, Any]:
        frozen = dict(self._frozen)
        for std_id, std in self._loaded.items():
            frozen[std_id] = pickle.dumps(std, protocol=pickle.HIGHEST_PROTOCOL)
        return {"frozen": frozen, "successors": self.successors, "bases": self.bases}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._loaded, self._frozen, self.successors = {}, state["frozen"], state["successors"]
        self.bases = state["bases"]
        self._thaw = threading.Lock()


class StandardLibrary:
    """Every loaded standard, by id, with spelling-insensitive lookup."""

    def __init__(self, standards: Iterable[Standard] = (), warnings: Iterable[str] = ()) -> None:
        self.standards = _Members()
        self.warnings: list[str] = list(warnings)
        self._keys: dict[str, str] = {}
        for s in standards:
            self.add(s)

    def add(self, std: Standard) -> None:
        if std.id in self.standards and self.standards[std.id].origin == "bundled" and std.origin != "bundled":
            self.warnings.append(f"{std.source}: replaces the bundled {std.designation}")
        self.standards[std.id] = std
        for name in (std.designation, std.id, *std.aliases):
            key = _loose_key(name)
            # an alias without a year points at the newest requirements edition
            current = self._keys.get(key)
            if current is None or _prefer(std, self.standards[current]):
                self._keys[key] = std.id
            bare = re.sub(r"^(iso-iec|iso|iec)-", "", key)
            current = self._keys.get(bare)
            if current is None or _prefer(std, self.standards[current]):
                self._keys[bare] = std.id

    def __contains__(self, std_id: object) -> bool:
        return std_id in self.standards

    def __iter__(self) -> Iterator[Standard]:
        return iter(sorted(self.standards.values(), key=lambda s: s.id))

    def get(self, std_id: str) -> Standard | None:
        return self.standards.get(std_id)

    def resolve(self, name: str | None) -> Standard | None:
        """`ISO 9001:2015`, `iso-9001-2015`, `ISO9001:2015`, `BS EN ISO 9001:2015`, `AS 9100 Rev D`,
        `ISO 22000:2018 / FSSC 22000 v6` -> the standard, or None."""
        if not name or not name.strip():
            return None
        for part in [name, *_PARTS.split(name)]:
            if not part.strip():
                continue
            key = _loose_key(part)
            for variant in _variants(key):
                sid = self._keys.get(variant)
                if sid:
                    return self.standards.get(sid)
        return None

    def predecessors(self, std: Standard) -> list[Standard]:
        """Older editions replaced by `std`, or by the standard it extends (ISO 9001:2008 for IATF 16949)."""
        targets = {std.id}
        base = self.standards.bases.get(std.id)
        if base:
            targets.add(base)
        found = [self.standards[i] for i, successor in self.standards.successors.items() if successor in targets]
        return sorted(found, key=lambda s: s.year or 0, reverse=True)  # the latest first: 2008 before 2000

    def status(self, std: Standard) -> str:
        """`current`, `withdrawn` or `superseded by ISO 9001:2015`."""
        if std.successor:
            new = self.standards.get(std.successor)
            return f"superseded by {new.designation if new else std.successor}"
        return "withdrawn" if std.withdrawn else "current"

    def ids(self) -> list[str]:
        return sorted(self.standards)

    @classmethod
    def load(cls, extra_dirs: Iterable[Path | str] = (), bundled: bool = True) -> StandardLibrary:
        paths: list[tuple[Path, str]] = []
        missing: list[Path] = []
        if bundled:
            with resources.as_file(resources.files("standards")) as d:
                paths += [(p, "bundled") for p in sorted(Path(d).glob("*.xml"))]
        for extra in extra_dirs:
            folder = Path(extra)
            if folder.is_dir():
                paths += [(p, "user") for p in sorted(folder.glob("*.xml"))]
            else:
                missing.append(folder)
        return cached(
            "standards",
            [p for p, _ in paths],
            lambda: cls._parse(paths, missing),
            extra=[f"{origin}:{p}" for p, origin in paths] + [f"missing:{m}" for m in missing],
            complete=cls._index_all,  # in a one-shot run, after its output (startup_cache.finish)
        )

    def _extend_all(self) -> None:
        """Build every standard that extends another on its base (bases first); drop one whose base is missing."""
        done: set[str] = set()

        def build(sid: str, seen: tuple[str, ...]) -> bool:
            std = self.standards[sid]
            if not std.extends or sid in done:
                return True
            base = self.resolve(std.extends)
            if base is None or base.id in seen:
                why = "is not loaded" if base is None else "extends it in turn"
                self.warnings.append(f"{std.source}: extends {std.extends!r}, which {why}; {std.designation} skipped")
                return False
            if not build(base.id, (*seen, sid)):
                return False
            std.extends = base.id
            try:
                extend(std, base)
            except StandardError as exc:
                self.warnings.append(f"{exc}; {std.designation} skipped")
                return False
            self.standards[sid] = std
            done.add(sid)
            return True

        for sid in [s for s, b in self.standards.bases.items() if b]:
            if not build(sid, ()):
                self._drop(sid)

    def _drop(self, sid: str) -> None:
        self.standards._loaded.pop(sid, None)
        self.standards._frozen.pop(sid, None)
        self.standards.successors.pop(sid, None)
        self.standards.bases.pop(sid, None)
        for key in [k for k, v in self._keys.items() if v == sid]:
            del self._keys[key]

    @classmethod
    def _parse(cls, paths: list[tuple[Path, str]], missing: list[Path], index: bool = False) -> StandardLibrary:
        lib = cls(warnings=[f"{folder}: standards folder does not exist; skipped" for folder in missing])
        for path, origin in paths:
            try:
                lib.add(load_file(path, origin))
            except StandardError as exc:
                lib.warnings.append(str(exc))
            except (OSError, ValueError) as exc:
                lib.warnings.append(f"{path}: {exc}")
        lib._extend_all()
        if index:
            lib._index_all()
        return lib

    def _index_all(self) -> None:
        """For the start-up cache: each standard keeps its relevance and requirement indexes."""
        from engine.standards.inference import requirement_index
        from engine.standards.relevance import index_for

        for std in self:
            index_for(std)
            requirement_index(std)


_PARTS = re.compile(r"\s+/\s+|\s*[+;,&]\s*|\s+and\s+", re.IGNORECASE)  # `ISO 22000:2018 / FSSC 22000 v6`
_NATIONAL = re.compile(r"^(?:(?:bs|din|nf|une|uni|nen|sn|ss|ds|ns|sfs|oenorm|pn|csn|is|en)-)+(?=iso|iec)")
_ISO = re.compile(r"^(?:iso-iec|iso|iec)-")
_REVISION = re.compile(r"-(?:rev|revision)-(?=[a-z0-9]+$)")  # `as-9100-rev-d` -> `as-9100-d`
_VERSION = re.compile(r"-(?:v|version|issue)-?\d+(?:-\d+)?$")  # `fssc-22000-v6`, `fssc-22000-version-6-0`


def _variants(key: str) -> Iterator[str]:
    """The lookup keys to try for one loose key, most literal first."""
    seen: set[str] = set()
    for k in (key, _REVISION.sub("-", key)):
        national = _NATIONAL.sub("", k)
        for v in (k, national, _ISO.sub("", national), _VERSION.sub("", k)):
            if v and v not in seen:
                seen.add(v)
                yield v


def _prefer(new: Standard, old: Standard) -> bool:
    """For a year-less name, prefer requirements over guidance and the newer edition."""
    if new.is_requirements != old.is_requirements:
        return new.is_requirements
    if (new.withdrawn is None) != (old.withdrawn is None):
        return new.withdrawn is None
    return (new.year or 0) > (old.year or 0)
