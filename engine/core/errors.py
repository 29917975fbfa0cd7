"""One error shape everywhere: where (file, finding, field), what is wrong, and the expected form.

Both doors word pydantic's errors about a report here: the command line as one line per error
(`validation_messages`: `findings[2] (NC-3).statement: required field is missing`), the service as
`{"loc", "msg", "type"}` entries whose `msg` (`error_message(..., named=True)`) names the field itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def error_message(err: Mapping[str, Any], named: bool = False) -> str:
    """What one pydantic error says is wrong, in our words. `named`: the message is read apart from its
    location (an API answer's `detail[].msg`), so a missing field is named in it."""
    loc = tuple(err.get("loc", ()))
    msg = str(err.get("msg", "invalid"))
    kind = err.get("type")
    if kind == "extra_forbidden" and loc:
        return f"unknown field {str(loc[-1])!r} (not in the report format; see contract.md)"
    if kind == "missing":
        return f"required field {str(loc[-1])!r} is missing" if named and loc else "required field is missing"
    if kind == "literal_error":
        return f"{msg}; got {err.get('input')!r}"
    if kind == "json_invalid":
        return f"malformed JSON: {(err.get('ctx') or {}).get('error', msg)}"
    return msg


def validation_messages(
    exc: ValidationError,
    data: Any = None,
    limit: int = 20,
    where: Callable[[tuple[Any, ...], Any], str] = loc_path,
) -> list[str]:
    """One line per error, `where: what` (at most `limit`, then how many more)."""
    msgs = []
    for err in exc.errors()[:limit]:
        msgs.append(f"{where(tuple(err.get('loc', ())), data)}: {error_message(err)}")
    extra = len(exc.errors()) - limit
    if extra > 0:
        msgs.append(f"... and {extra} more")
    return msgs


def field_error(exc: ValidationError, whole: str = "") -> str:
    """The first error of a data file's model (configuration, scheme pack): "field `a.b`: what"."""
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first["loc"]) or whole
    return f"field `{where}`: {first['msg']}"
