"""The compiled-pattern cache: a pattern built from the cache is the very pattern `re` compiles."""

from __future__ import annotations

import re
import uuid
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.core import regex_cache, startup_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NCAUDIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("NCAUDIT_CACHE", raising=False)
    regex_cache.uninstall()
    yield folder
    regex_cache.uninstall()
    re.purge()


def _patterns() -> list[tuple[str | bytes, int]]:
    """Patterns no other test compiles (a fresh word in each), with groups, names, flags, look-arounds, bytes."""
    word = "w" + uuid.uuid4().hex[:8]
    return [
        (rf"(?<![\w-])(?:{word}|calibrat\w*)(?![\w-])", re.IGNORECASE),
        (rf"^(?P<clause>\d+(?:\.\d+)*)\s*(?P<item>[a-z]\))?\s*{word}$", 0),
        (rf"{word}(?:\s+not)?\s+(?:kept|retained)", re.I | re.M),
        (rf"(?x) {word} \s* (\d{{2,4}}) # verbose", 0),
        (word.encode() + rb"[\x00-\x1f]+", 0),
    ]


def _run(patterns: list[tuple[str | bytes, int]]) -> list[re.Pattern[Any]]:
    """One run: the cache installed, the patterns compiled, the deferred writes done."""
    re.purge()  # `re` keeps its own cache within a process; each run here starts as a new process would
    startup_cache.defer_writes()
    regex_cache.install()
    try:
        return [re.compile(p, f) for p, f in patterns]  # type: ignore[misc]
    finally:
        for job in list(startup_cache._PENDING):
            job()
        startup_cache._PENDING.clear()
        startup_cache._DEFER[0] = False
        regex_cache.uninstall()


def test_a_second_run_builds_the_same_patterns_without_parsing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _patterns()
    first = _run(patterns)
    assert list(cache.glob("regex-*.pickle")), "the first run writes the entry"
    parsed: list[object] = []
    real_parse = re._parser.parse  # type: ignore[attr-defined]

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(args)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(re._parser, "parse", counted)  # type: ignore[attr-defined]
    second = _run(patterns)
    assert not parsed, "every pattern came from the cache"
    assert second == first  # pattern objects compare their pattern, flags and code
    word = str(patterns[0][0]).split("|")[0].rsplit(":", 1)[1]
    texts = [f"the {word.upper()} log", f"7.1.5 a) {word}", f"{word} not kept", f"{word} 2026", "calibrated", ""]
    for a, b in zip(first, second, strict=True):
        assert (a.flags, a.groups, a.groupindex) == (b.flags, b.groups, b.groupindex)
        for t in texts:
            subject: str | bytes = t.encode() if isinstance(a.pattern, bytes) else t
            found, again = a.search(subject), b.search(subject)  # type: ignore[arg-type]
            assert (found and (found.span(), found.groups())) == (again and (again.span(), again.groups()))
    assert second[0].search("the Calibration log") and second[1].match(f"8.2 b) {word}")


def test_a_run_with_a_new_pattern_adds_it_and_a_bad_recipe_is_compiled_as_usual(cache: Path) -> None:
    patterns = _patterns()
    _run(patterns[:2])
    more = _run(patterns)  # three new ones: compiled as usual, then kept
    assert more == [re.compile(p, f) for p, f in patterns]  # type: ignore[misc]
    entry = startup_cache.load(regex_cache.KIND, (), regex_cache._extra(), of=dict)
    assert isinstance(entry, dict)
    assert {(type(p), p, f) for p, f in patterns} <= set(entry)
    # a recipe `_sre` refuses (an entry from some other build): the pattern is compiled from its text instead
    key = (str, patterns[0][0], patterns[0][1])
    entry[key] = (entry[key][0], array("I", [999_999]), 0, {}, ())
    startup_cache._store(regex_cache.KIND, [], entry, regex_cache._extra())
    again = _run(patterns)
    assert again[0] == re.compile(patterns[0][0], patterns[0][1])  # type: ignore[call-overload]
    mended = startup_cache.load(regex_cache.KIND, (), regex_cache._extra(), of=dict)
    assert isinstance(mended, dict) and mended[key][1].tolist() != [999_999]  # replaced by a checked one


def test_with_the_cache_off_re_is_left_alone(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCAUDIT_CACHE", "off")
    own = re._compiler.compile  # type: ignore[attr-defined]
    regex_cache.install()
    assert re._compiler.compile is own  # type: ignore[attr-defined]
    assert not list(cache.parent.glob("**/regex-*.pickle"))
