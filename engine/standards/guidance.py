"""Guidance documents the library holds no tree of (standards/guidance-documents.yaml), as data.

Principle: guidance describes one way to meet a requirement; it is never the audit criteria (ISO/IEC 17021-1
9.2.1.3). The library's own guidance trees (ISO 19011, ISO 31000, ISO 9004, ISO/IEC 27002) say so by their `kind`;
this list names the well-known others (ISO 14004, ISO/IEC 27005, ISO 50006, ...) and guidance published outside ISO
(the Codex Alimentarius' general principles of food hygiene, with their HACCP decision tree), so that a finding
citing one, or measuring the client against one, is known to rest on guidance. An ISO document is found by its
number; one outside ISO by the names it is written under (`names`: "Codex CXC 1-1969", "CAC/RCP 1-1969").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from engine.core.yamlio import load_yaml


@dataclass(frozen=True, slots=True)
class GuidanceDocument:
    designation: str  # without year: "ISO/IEC 27005"
    title: str
    supports: tuple[str, ...]
    names: tuple[str, ...] = ()  # outside ISO: the names it is written under, found anywhere in a text


def _key(name: str) -> str:
    """`ISO/IEC 27005:2022` and `ISO 27005` -> `27005`; `ISO/TS 22004` -> `22004`."""
    bare = re.split(r"[:(]", name, maxsplit=1)[0]
    number = re.search(r"\d{4,5}(?:-\d+)?", bare)
    return number.group(0) if number else bare.strip().lower()


@lru_cache(maxsize=1)
def _documents() -> tuple[dict[str, GuidanceDocument], tuple[GuidanceDocument, ...]]:
    text = (resources.files("standards") / "guidance-documents.yaml").read_text(encoding="utf-8")
    by_number: dict[str, GuidanceDocument] = {}
    by_name: list[GuidanceDocument] = []
    for entry in load_yaml(text) or ():
        doc = GuidanceDocument(
            str(entry["designation"]),
            str(entry["title"]),
            tuple(entry.get("supports") or ()),
            tuple(str(n) for n in entry.get("names") or ()),
        )
        if doc.names:
            by_name.append(doc)
        else:
            by_number[_key(doc.designation)] = doc
    return by_number, tuple(by_name)


def guidance_documents() -> dict[str, GuidanceDocument]:
    """The ISO documents of the list, by their number."""
    return _documents()[0]


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/-]+", " ", text.lower()).split())


def known_guidance(name: str | None) -> GuidanceDocument | None:
    """The guidance document a name written in a finding designates ("ISO/IEC 27005:2022", "ISO 50006", "Codex
    CXC 1-1969, Diagram 2"), or None."""
    if not name:
        return None
    plain = f" {_plain(name)} "
    for doc in _documents()[1]:
        if any(f" {_plain(n)} " in plain for n in doc.names):
            return doc
    if not re.search(r"(?i)\biso\b", name):
        return None
    return guidance_documents().get(_key(name))
