"""NISO STS / ISO STS import: a licensed user's standard, as published, to our clause tree.

Mapping (reference 5): `sec` with `label` and `title` -> clauses; the front-matter introduction -> clause 0
(the foreword is not citable and is left out); `sec-type` scope, norm-refs and terms, `term-sec`, notes,
examples and footnotes -> informative; `app` annexes normative or informative from `@content-type`, else
from `annex-type` text; lettered list items -> items; verbal forms from shall / should / may / can;
documented information from "maintain/retain documented information" and "documented procedure".
The text comes from the user's own file and stays on their machine: nothing here ships it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from engine.standards.model import NS, Clause, Provision, Standard, StandardError, parse_xml, standard_id

if TYPE_CHECKING:  # lxml is imported where XML is read: a start-up served from the cache reads none
    from lxml import etree

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")
_INFORMATIVE_SEC = {"scope", "norm-refs", "terms", "foreword", "intro", "bibl"}
_NORMATIVE_ANNEX = {"normative-annex", "norm", "normative"}
_INFORMATIVE_ANNEX = {"inform-annex", "inform", "informative"}


class StsError(StandardError):
    """An STS file that cannot be converted; names file, line and problem."""


def _local(el: etree._Element) -> str:
    from lxml import etree

    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if _local(c) in names]


def _first(el: etree._Element, *names: str) -> etree._Element | None:
    for c in el.iter():
        if _local(c) in names:
            return c
    return None


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join("".join(str(t) for t in el.itertext()).split())


def _unlabelled(el: etree._Element) -> str:
    return " ".join(_text(c) for c in el if _local(c) != "label") or _text(el)


def verbal_form(sentence: str) -> str:
    s = sentence.lower()
    for form in ("shall", "should", "may", "can"):
        if re.search(rf"\b{form}\b", s):
            return form
    return "none"


def documented_information(sentence: str) -> str:
    s = sentence.lower()
    keep = "maintain" in s and "documented information" in s or "documented procedure" in s
    retain = "retain" in s and "documented information" in s
    if keep and retain:
        return "both"
    if keep:
        return "maintain"
    if retain:
        return "retain"
    return "none"


def _provisions(text: str, label: str | None = None) -> list[Provision]:
    out = []
    for sentence in (s.strip() for s in _SENTENCE.split(text) if s.strip()):
        out.append(Provision(sentence, verbal_form(sentence), documented_information(sentence), None, label))
    return out


def _number(label: str) -> str:
    raw = label.strip().rstrip(".").strip()
    m = re.match(r"(?i)annex\s+([A-Z])$", raw)
    if m:
        return m.group(1).upper()
    return raw


def _designation(meta: etree._Element | None, source: str) -> str:
    if meta is None:
        raise StsError(f"{source}:1: no <std-meta>, <iso-meta>, <reg-meta> or <nat-meta> in <front>")
    for ref in meta.iter():
        if _local(ref) == "std-ref" and ref.get("type") == "dated" and _text(ref):
            return _text(ref)
    ident = _first(meta, "std-ident")
    if ident is not None:
        org = _text(_first(ident, "originator"))
        num = _text(_first(ident, "doc-number"))
        part = _text(_first(ident, "part-number"))
        year = ""
        for d in meta.iter():
            if _local(d) in ("pub-date", "release-date") and re.search(r"\d{4}", _text(d)):
                year = re.search(r"\d{4}", _text(d)).group(0)  # type: ignore[union-attr]
                break
        if org and num:
            return f"{org} {num}{'-' + part if part else ''}{':' + year if year else ''}"
    raise StsError(f'{source}:{meta.sourceline}: no dated reference (<std-ref type="dated">) or <std-ident> to name it')


class _Builder:
    def __init__(self, std: Standard, source: str) -> None:
        self.std = std
        self.source = source

    def add(self, clause: Clause, parent: Clause | None) -> Clause:
        if clause.number in self.std.clauses:
            raise StsError(f"{self.source}: clause {clause.number} appears twice")
        clause.parent = parent.number if parent else None
        self.std.clauses[clause.number] = clause
        (parent.children if parent else self.std.roots).append(clause.number)
        return clause

    def section(self, sec: etree._Element, parent: Clause | None, normative: bool, kind: str = "clause") -> None:
        label = _text(next(iter(_children(sec, "label")), None))
        title = _text(next(iter(_children(sec, "title")), None))
        sec_type = (sec.get("sec-type") or "").lower()
        normative = normative and sec_type not in _INFORMATIVE_SEC
        if not label:
            # an unnumbered block: its text belongs to the parent clause
            if parent is not None:
                self._content(sec, parent)
            return
        number = _number(label)
        clause = Clause(
            standard=self.std.id,
            number=number,
            title=title or number,
            kind=kind,
            normative=normative,
            keywords=tuple(w for w in re.findall(r"[a-z][a-z-]{3,}", title.lower())),
        )
        self.add(clause, parent)
        self._content(sec, clause)
        for child in sec:
            name = _local(child)
            if name == "sec":
                self.section(child, clause, normative)
            elif name == "term-sec":
                self.term(child, clause)

    def term(self, ts: etree._Element, parent: Clause) -> None:
        label = _text(next(iter(_children(ts, "label")), None))
        if not label:
            return
        term = _text(_first(ts, "term", "tbx:term")) or label
        definition = _text(_first(ts, "definition"))
        clause = Clause(
            standard=self.std.id,
            number=_number(label),
            title=term,
            kind="term",
            normative=False,
            provisions=(Provision(definition, "none"),) if definition else (),
        )
        notes = [Provision(_text(n), "none") for n in ts.iter() if _local(n) == "note"]
        clause.notes = tuple(notes)
        self.add(clause, parent)

    def _content(self, sec: etree._Element, clause: Clause) -> None:
        provisions: list[Provision] = list(clause.provisions)
        notes: list[Provision] = list(clause.notes)
        texts: list[str] = []
        for child in sec:
            name = _local(child)
            if name == "p":
                t = _text(child)
                texts.append(t)
                provisions += _provisions(t)
            elif name == "list":
                for item in _children(child, "list-item"):
                    label = _text(next(iter(_children(item, "label")), None)).strip().rstrip(")").strip("(").lower()
                    body = " ".join(_text(p) for p in item if _local(p) != "label")
                    texts.append(f"{label}) {body}" if label else body)
                    if label:
                        clause.items[label] = Provision(
                            body,
                            verbal_form(body) if verbal_form(body) != "none" else _list_form(provisions),
                            documented_information(body),
                            None,
                            label,
                        )
                    else:
                        provisions += _provisions(body)
            elif name in ("non-normative-note", "non-normative-example", "fn", "fn-group"):
                notes.append(Provision(_unlabelled(child), "none", label=_text(_first(child, "label")) or None))
            elif name in ("normative-note", "normative-example"):
                provisions += _provisions(_unlabelled(child))
        clause.provisions = tuple(provisions)
        clause.notes = tuple(notes)
        if texts:
            clause.full_text = "\n".join(filter(None, [clause.full_text, *texts]))

    def annex(self, app: etree._Element) -> None:
        label = _text(next(iter(_children(app, "label")), None))
        content_type = (app.get("content-type") or "").lower()
        annex_type = _text(next(iter(_children(app, "annex-type")), None)).lower()
        if content_type in _NORMATIVE_ANNEX:
            normative = True
        elif content_type in _INFORMATIVE_ANNEX:
            normative = False
        else:
            normative = "normative" in annex_type and "informative" not in annex_type
        title = _text(next(iter(_children(app, "title")), None))
        number = _number(label) if label else ""
        if not re.fullmatch(r"[A-Z]", number):
            raise StsError(f"{self.source}:{app.sourceline}: annex label {label!r} is not of the form 'Annex A'")
        clause = self.add(
            Clause(
                standard=self.std.id, number=number, title=title or f"Annex {number}", kind="annex", normative=normative
            ),
            None,
        )
        self._content(app, clause)
        for sec in _children(app, "sec"):
            self.section(sec, clause, normative, kind="annex")


def _list_form(provisions: list[Provision]) -> str:
    """A list item without its own verb takes the verbal form of the sentence that introduces it."""
    return provisions[-1].form if provisions else "none"


def sts_to_standard(tree: etree._ElementTree, source: str) -> Standard:
    root = tree.getroot()
    front = next(iter(_children(root, "front")), None)
    body = next(iter(_children(root, "body")), None)
    if body is None:
        raise StsError(f"{source}:{root.sourceline}: no <body>: not a NISO/ISO STS standard")
    meta = None
    if front is not None:
        meta = next(iter(_children(front, "std-meta", "iso-meta", "reg-meta", "nat-meta")), None)
    designation = _designation(meta, source)
    title_wrap = _first(meta, "title-wrap") if meta is not None else None
    title = _text(_first(title_wrap, "full")) or _text(_first(title_wrap, "main")) if title_wrap is not None else ""
    published = None
    if meta is not None:
        for d in meta.iter():
            if _local(d) in ("pub-date", "release-date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", _text(d)):
                published = date.fromisoformat(_text(d))
                break
    std = Standard(
        id=standard_id(designation),
        designation=designation,
        title=title or designation,
        published=published,
        source=source,
        origin="sts",
    )
    builder = _Builder(std, source)
    if front is not None:
        for sec in _children(front, "sec"):
            if (sec.get("sec-type") or "").lower() == "intro" or _text(_first(sec, "title")).lower() == "introduction":
                intro = builder.add(Clause(standard=std.id, number="0", title="Introduction", normative=False), None)
                builder._content(sec, intro)
                for sub in _children(sec, "sec"):
                    builder.section(sub, intro, False)
    for sec in _children(body, "sec"):
        builder.section(sec, None, True)
    back = next(iter(_children(root, "back")), None)
    if back is not None:
        for app in back.iter():
            if _local(app) == "app":
                builder.annex(app)
    if not std.clauses:
        raise StsError(f"{source}:{body.sourceline}: no numbered <sec> (with <label>) in <body>")
    return std


# -- our format --------------------------------------------------------------------------------------------


def standard_to_xml(std: Standard) -> str:
    """Serialise a Standard in the ncaudit clause-tree format (validates against the XSD)."""
    from xml.sax.saxutils import escape, quoteattr  # urllib and email with it: ~9 ms no check needs

    attrs = {"designation": std.designation, "title": std.title, "kind": std.kind}
    if std.published:
        attrs["published"] = std.published.isoformat()
    head = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- converted by ncaudit from {escape(Path(std.source).name)}; review before use -->",
        f'<standard xmlns="{NS}" {head}>',
    ]
    for a in std.amendments.values():
        lines.append(f'  <amendment id="{a.id}" designation={quoteattr(a.designation)} date="{a.date.isoformat()}"/>')

    def prov_attrs(p: Provision) -> str:
        return f' form="{p.form}" di="{p.di}"' + (f' amendment="{p.amendment}"' if p.amendment else "")

    def emit(number: str, depth: int) -> None:
        c = std.clauses[number]
        pad = "  " * depth
        parent_normative = std.clauses[c.parent].normative if c.parent else True
        extra = f' kind="{c.kind}"' if c.kind != "clause" else ""
        if c.normative != parent_normative or c.parent is None:
            extra += f' normative="{str(c.normative).lower()}"'
        lines.append(f'{pad}<clause number="{c.number}" title={quoteattr(c.title)}{extra}>')
        if c.keywords:
            lines.append(f"{pad}  <keywords>{escape(', '.join(c.keywords))}</keywords>")
        for p in c.provisions:
            lines.append(f"{pad}  <req{prov_attrs(p)}>{escape(p.text)}</req>")
        for label, p in c.items.items():
            lines.append(f'{pad}  <item label="{label}"{prov_attrs(p)}>{escape(p.text)}</item>')
        for n in c.notes:
            lines.append(f"{pad}  <note>{escape(n.text)}</note>")
        for child in c.children:
            emit(child, depth + 1)
        lines.append(f"{pad}</clause>")

    for root in std.roots:
        emit(root, 1)
    lines.append("</standard>\n")
    return "\n".join(lines)


def sts_file_to_xml(path: Path) -> str:
    from lxml import etree

    tree = parse_xml(path)
    root = tree.getroot()
    if _local(root) != "standard" or etree.QName(root).namespace == NS:
        raise StsError(f"{path}:{root.sourceline}: not a NISO/ISO STS <standard>")
    return standard_to_xml(sts_to_standard(tree, str(path)))
