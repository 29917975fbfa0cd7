"""The library of loaded standards: files in our format or NISO/ISO STS, trees extended on their base,
spelling-insensitive lookup, kept in the start-up cache."""

from __future__ import annotations

import pickle
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.startup_cache import cached
from engine.standards.inference import requirement_index, requirement_obligation_index, subject_links
from engine.standards.model import (
    NS,
    Amendment,
    Clause,
    LeftOpen,
    Obligation,
    Obliges,
    Provision,
    Refers,
    Standard,
    StandardError,
    _number_key,
    parse_xml,
    safe_parser,
    standard_id,
)
from engine.standards.obligations import obligation_index
from engine.standards.relevance import index_for
from engine.standards.sts import sts_to_standard

if TYPE_CHECKING:  # lxml is imported where XML is read: a start-up served from the cache reads none
    from lxml import etree

_Q = f"{{{NS}}}"


def _loose_key(text: str) -> str:
    """A spelling-insensitive key: `ISO9001:2015`, `iso-9001-2015`, `ISO 9001 : 2015` agree."""
    key = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", "-", text.lower())
    return standard_id(key)


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


def _obligation(el: etree._Element) -> Obligation:
    """An `<obligation>` element: what the requirement obliges, leaves open and does not require."""
    obliges, leaves, not_required, processes, refers = [], [], [], [], []
    for child in el:
        tag = child.tag
        if tag == _Q + "obliges":
            obliges.append(Obliges(_text(child), child.get("item"), child.get("di", "none"), child.get("unit")))
        elif tag == _Q + "leaves":
            examples = tuple(x.strip() for x in (child.get("examples") or "").split(",") if x.strip())
            leaves.append(LeftOpen(child.get("aspect", "method"), _text(child), examples))
        elif tag == _Q + "not-required":
            not_required.append(_text(child))
        elif tag == _Q + "process":
            processes.append(_text(child))
        elif tag == _Q + "refers":
            refers.append(Refers(child.get("to", ""), _text(child)))
    return Obligation(
        tuple(obliges),
        tuple(leaves),
        tuple(not_required),
        tuple(processes),
        from_successor=el.get("from") == "successor",
        refers=tuple(refers),
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
        discipline=root.get("discipline") or None,
        shares=tuple((root.get("shares") or "").split()),
        aliases=tuple(_text(a) for a in root.findall(_Q + "alias")),
        source=source,
    )
    for a in root.findall(_Q + "amendment"):
        amd = Amendment(a.get("id", ""), a.get("designation", ""), date.fromisoformat(a.get("date", "")))
        std.amendments[amd.id] = amd

    tag_clause, tag_req, tag_item, tag_note, tag_kw, tag_obl = (
        _Q + t for t in ("clause", "req", "item", "note", "keywords", "obligation")
    )

    def add(el: etree._Element, parent: Clause | None) -> None:
        number = el.get("number", "")
        if number in std.clauses:
            raise StandardError(f"{source}:{el.sourceline}: clause {number} appears twice")
        reqs, items, notes, subclauses = [], {}, [], []
        keywords = ""
        obligation = None
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
            elif tag == tag_obl:
                obligation = _obligation(child)
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
            obligation=obligation,
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
    mandatory = _own_processes(own)
    clauses: dict[str, Clause] = {}
    for c in base.walk():
        clauses[c.number] = replace(
            c,
            standard=std.id,
            children=list(c.children),
            items=dict(c.items),
            source=c.source or base.designation,
            obligation=_without_what_is_mandatory(c.obligation, mandatory),
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
            if c.obligation is not None:
                b.obligation = c.obligation if b.obligation is None else b.obligation.merged(c.obligation)
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


_DETERMINER = re.compile(r"^(?:a|an|the|any)\s+", re.IGNORECASE)


def _phrase(text: str) -> str:
    """Lower case, no leading article, each word's plural `s` dropped: "the control plans" -> "control plan"."""
    words = _DETERMINER.sub("", " ".join(text.lower().split())).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _own_processes(own: list[Clause]) -> tuple[str, ...]:
    """The processes and outputs an extending standard's own clauses make mandatory (its `<process>` data, less
    any note in brackets)."""
    return tuple(
        _phrase(re.sub(r"\s*\([^)]*\)", "", p)) for c in own if c.obligation is not None for p in c.obligation.processes
    )


def _without_what_is_mandatory(obl: Obligation | None, mandatory: tuple[str, ...]) -> Obligation | None:
    """A base clause's "not required" entries, less those the extending standard makes mandatory: IATF 16949
    requires the quality manual and control plans that ISO 9001:2015 does not, so it cannot inherit "a quality
    manual" as not required. An entry goes when it and a mandatory process contain one another as whole words."""
    if obl is None or not obl.not_required or not mandatory:
        return obl

    def required(entry: str) -> bool:
        e = _phrase(entry)
        return any(re.search(rf"(?<!\S){re.escape(a)}(?!\S)", b) for m in mandatory for a, b in ((e, m), (m, e)))

    kept = tuple(x for x in obl.not_required if not required(x))
    return obl if len(kept) == len(obl.not_required) else replace(obl, not_required=kept)


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
        # a bracketed note ("ISO 45001:2018 (NBR ISO 45001)", "[BS EN ISO 9001]", "(Amd 1:2024)"): the name
        # without it first, then what the brackets hold
        plain = _BRACKETED.sub(" ", name)
        notes = [m.group(1) for m in _BRACKETED.finditer(name)]
        for part in [name, plain, *_PARTS.split(plain), *notes]:
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
            of=cls,
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
        lib._inherit_obligations()
        if index:
            lib._index_all()
        return lib

    def _inherit_obligations(self) -> None:
        """An old edition's clause marked `<obligation from="successor"/>` takes the obligations of its successor
        clauses in the successor edition (resolved there first, along a chain of editions)."""
        done: set[tuple[str, str]] = set()

        def resolve(std: Standard, clause: Clause, seen: frozenset[str]) -> Obligation | None:
            obl = clause.obligation
            if obl is None or not obl.from_successor or (std.id, clause.number) in done:
                return obl
            done.add((std.id, clause.number))
            succ = self.resolve(std.successor) if std.successor else None
            taken = Obligation(from_successor=True)
            if succ is not None and succ.id not in seen:
                for number in clause.successor:
                    target = succ.clauses.get(number)
                    got = resolve(succ, target, seen | {std.id}) if target is not None else None
                    if got is not None and got.obliges:
                        taken = taken.merged(replace(got, inherited_from=(f"{succ.id} {number}",)))
            if not taken.obliges:
                where = f"{', '.join(clause.successor) or 'no clause'} in {std.successor or 'no successor edition'}"
                self.warnings.append(
                    f"{std.source}: clause {clause.number} takes its successor's obligations, but {where} has none"
                )
            clause.obligation = taken
            return taken

        for std in self:
            for clause in std.clauses.values():
                resolve(std, clause, frozenset())

    def _index_all(self) -> None:
        """For the start-up cache: each standard keeps its relevance, requirement and obligation indexes."""
        for std in self:
            index_for(std)
            requirement_index(std)
            requirement_obligation_index(std)
            subject_links(std)
            obligation_index(std)


_PARTS = re.compile(r"\s+/\s+|\s*[+;,&]\s*|\s+and\s+", re.IGNORECASE)  # `ISO 22000:2018 / FSSC 22000 v6`
# a national adoption's prefix before the ISO or IEC number (`BS EN ISO`, `NBR ISO`, `ABNT NBR ISO`, `NP EN ISO`)
_NATIONAL = re.compile(r"^(?:(?!iso-|iec-)[a-z]{1,6}-)+(?=iso-|iec-)")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
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
