"""Guidance documents the library holds no tree of (standards/guidance-documents.yaml), as data.

Principle: guidance describes one way to meet a requirement; it is never the audit criteria (ISO/IEC 17021-1
9.2.1.3). The library's own guidance trees (ISO 19011, ISO 31000, ISO 9004, ISO/IEC 27002) say so by their `kind`;
this list names the well-known others (ISO 14004, ISO/IEC 27005, ISO 50006, ...), so that a finding citing one, or
measuring the client against one, is known to rest on guidance.
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


def _key(name: str) -> str:
    """`ISO/IEC 27005:2022` and `ISO 27005` -> `27005`; `ISO/TS 22004` -> `22004`."""
    bare = re.split(r"[:(]", name, maxsplit=1)[0]
    number = re.search(r"\d{4,5}(?:-\d+)?", bare)
    return number.group(0) if number else bare.strip().lower()


@lru_cache(maxsize=1)
def guidance_documents() -> dict[str, GuidanceDocument]:
    """The list, by the document's number."""
    text = (resources.files("standards") / "guidance-documents.yaml").read_text(encoding="utf-8")
    out: dict[str, GuidanceDocument] = {}
    for entry in load_yaml(text) or ():
        doc = GuidanceDocument(str(entry["designation"]), str(entry["title"]), tuple(entry.get("supports") or ()))
        out[_key(doc.designation)] = doc
    return out


def known_guidance(name: str | None) -> GuidanceDocument | None:
    """The guidance document a name written in a finding designates ("ISO/IEC 27005:2022", "ISO 50006"), or None."""
    if not name or not re.search(r"(?i)\biso\b", name):
        return None
    return guidance_documents().get(_key(name))
