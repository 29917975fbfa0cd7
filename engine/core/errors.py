"""One error shape everywhere: where (file, finding, field), what is wrong, and the expected form."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def loc_path(loc: tuple[Any, ...] | list[Any], data: Any = None) -> str:
    """`('findings', 2, 'statement')` -> `findings[2] (NC-3).statement`."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"].strip():
                out += f" ({node['id'][:40]})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(body)"


def validation_messages(exc: ValidationError, data: Any = None, limit: int = 20) -> list[str]:
    msgs = []
    for err in exc.errors()[:limit]:
        loc = err.get("loc", ())
        where = loc_path(loc, data)
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = f"unknown field {str(loc[-1])!r} (not in the report format; see contract.md)"
        elif err.get("type") == "missing":
            msg = "required field is missing"
        elif err.get("type") == "literal_error":
            msg = f"{msg}; got {err.get('input')!r}"
        msgs.append(f"{where}: {msg}")
    extra = len(exc.errors()) - limit
    if extra > 0:
        msgs.append(f"... and {extra} more")
    return msgs
