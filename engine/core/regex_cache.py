"""Compiled regular expressions kept between one-shot runs, in the start-up cache (engine/core/startup_cache.py).

A command such as `ncaudit check` compiles a few hundred patterns (the facts' cues, the lexicons, the
citation parser) every time it starts, about a fifth of its start-up. What compiling a pattern gives is a
pure function of the pattern, its flags and the interpreter: the regex engine's code, its group count and
its group names. `install` has `re` take those from the cache for every pattern a past run compiled, and
build the pattern object from them directly (`_sre.compile`, what `re` itself calls last), instead of
parsing and compiling the pattern again. The patterns compiled without the cache are noted (a key each);
`finish`-time work in the detached writer compiles them, adds each one whose rebuilt object is equal to the
one `re` compiles (pattern objects compare their code) to the entry, and writes it. The entry is keyed, like
every start-up cache entry, by the Python version and the engine's own modules; `_sre.MAGIC` is in its key
as well. Any problem (an interpreter whose `re` is laid out otherwise, an unreadable entry) leaves `re` as
it is or compiles as usual: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from array import array
from typing import Any

from engine.core import startup_cache

# (pattern type, pattern, flags) -> (flags, code, groups, groupindex, indexgroup): `_sre.compile`'s arguments
Recipe = tuple[int, "array[int]", int, dict[str, int], tuple[str | None, ...]]
Key = tuple[type, str | bytes, int]

KIND = "regex"
MAX_PATTERNS = 4096  # patterns kept at most (should patterns ever be made from input text, the first ones)
MAX_PATTERN_CHARS = 1_000_000

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _extra() -> list[str]:
    import _sre

    return [sys.version, str(_sre.MAGIC)]


def _recipe(pattern: str | bytes, flags: int) -> Recipe:
    """What `re._compiler.compile` hands to `_sre.compile` for this pattern (Python 3.11 to 3.13's layout)."""
    compiler: Any = re._compiler  # type: ignore[attr-defined]
    parsed = compiler._parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # plain ints (the compiler's named opcodes do not pickle), 4 bytes each (the regex engine's own width) rather
    # than an int object each, in memory and on disk
    packed = array("I", [int(c) for c in code])
    return (
        int(flags | parsed.state.flags),
        packed,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _build(pattern: str | bytes, recipe: Recipe) -> re.Pattern[Any]:
    import _sre

    flags, code, groups, groupindex, indexgroup = recipe
    return _sre.compile(pattern, flags, code.tolist(), groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def install() -> None:
    """Have `re` use the compiled patterns of past runs from now on (once per process; nothing when the
    cache is off, or `re` is not laid out as this module expects)."""
    with _lock:
        if _state or startup_cache.cache_dir() is None:
            return
        compiler: Any = getattr(re, "_compiler", None)
        original = getattr(compiler, "compile", None)
        if original is None or not hasattr(compiler, "_code") or not hasattr(compiler, "_parser"):
            return
        known: dict[Key, Recipe] = {}
        with contextlib.suppress(Exception):
            found = startup_cache.load(KIND, (), _extra(), of=dict)
            if isinstance(found, dict):
                known = found
        used: list[Key] = []  # the patterns compiled here without the cache
        _state.update(original=original, known=known, used=used, missed=[False])

        def compile_(p: Any, flags: int = 0) -> Any:
            if isinstance(p, str | bytes) and not flags & re.DEBUG:
                key = (type(p), p, flags)
                recipe = known.get(key)
                if recipe is not None:
                    try:
                        built = _build(p, recipe)
                    except Exception:  # a recipe `_sre` refuses: compiled as usual, and replaced in the entry
                        known.pop(key, None)
                    else:
                        return built
                if len(used) < MAX_PATTERNS and len(p) <= MAX_PATTERN_CHARS:
                    used.append(key)
                    _state["missed"][0] = True
            return original(p, flags)

        compiler.compile = compile_
        startup_cache.later(_write)


def _write() -> None:
    """Add the recipe of every pattern this run compiled without the cache to the entry, each checked to build
    the very object `re` does (run at `finish`, in the detached writer of a one-shot run). The entry keeps what
    earlier runs added (a report on another standard compiles some patterns of its own), up to MAX_PATTERNS."""
    if not _state or not _state["missed"][0]:
        return
    known: dict[Key, Recipe] = _state["known"]
    original = _state["original"]
    out: dict[Key, Recipe] = dict(known)
    for key in dict.fromkeys(_state["used"]):  # in the order first compiled
        if key in out or len(out) >= MAX_PATTERNS:
            continue
        kind, pattern, flags = key
        with contextlib.suppress(Exception):
            recipe = _recipe(pattern, flags)
            if _build(pattern, recipe) == original(pattern, flags):  # equal: the same pattern, flags and code
                out[key] = recipe
    if len(out) > len(known):
        startup_cache._store(KIND, [], out, _extra())


def uninstall() -> None:
    """Give `re` its own compile back and forget this run's patterns (tests)."""
    with _lock:
        if _state:
            re._compiler.compile = _state["original"]  # type: ignore[attr-defined]
            _state.clear()
