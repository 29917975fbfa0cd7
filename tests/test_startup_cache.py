"""The start-up cache: same answers as parsing, rebuilt on any change, never trusted when others can write it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.core.startup_cache import cached
from engine.rulebook.lexicon import load_lexicons
from engine.rulebook.rulebase import load_rules, rules_folder
from engine.standards.library import StandardLibrary
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "cb-2026-0142.json"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NCAUDIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("NCAUDIT_CACHE", raising=False)
    return folder


def _counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_second_start_reads_the_cache_and_a_changed_file_rebuilds(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("one")
    calls, build = _counting({"v": 1})
    assert cached("t", [src], build) == {"v": 1}
    assert cached("t", [src], build) == {"v": 1}
    assert len(calls) == 1
    src.write_text("two, longer")
    assert cached("t", [src], build) == {"v": 1}
    assert len(calls) == 2
    other = tmp_path / "b.txt"
    other.write_text("new file")
    cached("t", [src, other], build)
    assert len(calls) == 3


def test_corrupt_or_foreign_entries_are_rebuilt(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting([1, 2])
    cached("t", [src], build)
    (entry,) = cache.glob("t-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cached("t", [src], build) == [1, 2] and len(calls) == 2
    entry.chmod(0o666)  # writable by others: a pickle from there could run anyone's code
    assert cached("t", [src], build) == [1, 2] and len(calls) == 3
    assert (entry.stat().st_mode & 0o022) == 0  # and the rebuilt entry is private again


def test_off_and_unwritable_mean_no_cache(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    monkeypatch.setenv("NCAUDIT_CACHE", "off")
    calls, build = _counting(7)
    assert cached("t", [src], build) == 7 and cached("t", [src], build) == 7
    assert len(calls) == 2 and not cache.exists()
    monkeypatch.delenv("NCAUDIT_CACHE")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("NCAUDIT_CACHE_DIR", str(blocker / "cache"))
    assert cached("t", [src], build) == 7 and len(calls) == 3


def test_cached_standards_rules_and_lexicons_equal_parsed_ones(cache: Path) -> None:
    first = StandardLibrary.load([]), load_rules(), load_lexicons(rules_folder() / "lexicons")
    assert sorted(p.name.split("-")[0] for p in cache.glob("*.pickle")) == ["lexicons", "rules", "standards"]
    second = StandardLibrary.load([]), load_rules(), load_lexicons(rules_folder() / "lexicons")
    assert first[0].standards == second[0].standards and first[0]._keys == second[0]._keys
    assert first[1] == second[1]
    assert first[2] == second[2]  # ids, phrase groups, fields, negation, topics
    assert all(lex.whole(0).pattern == first[2][k].whole(0).pattern for k, lex in second[2].items())
    report = Report.model_validate_json(EXAMPLE.read_text())
    assert Engine(*second).check(report) == Engine(*first).check(report)


def test_a_user_standards_folder_appearing_or_changing_is_seen(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "stds"
    assert "does not exist" in " ".join(StandardLibrary.load([folder]).warnings)
    folder.mkdir()
    assert not StandardLibrary.load([folder]).warnings
    (folder / "broken.xml").write_text("<not-closed>")
    assert "broken.xml" in " ".join(StandardLibrary.load([folder]).warnings)


def test_cli_output_is_the_same_with_and_without_the_cache(cache: Path) -> None:
    cmd = [sys.executable, "-m", "engine.cli", "check", str(EXAMPLE), "--format", "json", "--fail-on", "never"]
    off = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NCAUDIT_CACHE": "off"}, check=True)
    cold = subprocess.run(cmd, capture_output=True, text=True, check=True)
    warm = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert off.stdout == cold.stdout == warm.stdout and '"findings"' in off.stdout
    kinds = {"disciplines", "lexicons", "regex", "rules", "schemes", "standards"} | (
        {"prefilter"} if _has_hyperscan() else set()
    )
    assert _kinds_written(cache, kinds) == kinds  # a one-shot run writes the cache after its output


def _kinds_written(cache: Path, kinds: set[str], wait_s: float = 60.0) -> set[str]:
    deadline = time.monotonic() + wait_s
    while True:
        found = {p.name.split("-")[0] for p in cache.glob("*.pickle")}
        if found >= kinds or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_missed_cache_is_written_after_the_output_and_then_read(cache: Path) -> None:
    cmd = [sys.executable, "-m", "engine.cli", "check", str(EXAMPLE), "--format", "json", "--fail-on", "never"]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)  # returns at once
    kinds = {"disciplines", "lexicons", "regex", "rules", "schemes", "standards"} | (
        {"prefilter"} if _has_hyperscan() else set()
    )
    assert _kinds_written(cache, kinds) == kinds
    entries = sorted(p.name for p in cache.glob("*.pickle"))
    second = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)
    assert first.stdout == second.stdout
    time.sleep(0.2)
    assert sorted(p.name for p in cache.glob("*.pickle")) == entries  # a hit writes nothing


def test_one_entry_per_checkout_and_checkouts_never_evict_each_other(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.core import startup_cache

    src = tmp_path / "a.txt"
    src.write_text("x")
    checkouts = []
    for name in ("one", "two"):
        code = tmp_path / name / "engine"
        code.mkdir(parents=True)
        (code / "module.py").write_text("x = 1\n")
        checkouts.append(code)
    for code in checkouts:
        monkeypatch.setattr(startup_cache, "_CODE", code)
        startup_cache._code_stamps.clear()
        cached("t", [src], lambda: "v1")
    assert len(list(cache.glob("t-*.pickle"))) == 2  # one per checkout
    src.write_text("changed")
    cached("t", [src], lambda: "v2")  # the second checkout: its new entry replaces only its own old one
    assert len(list(cache.glob("t-*.pickle"))) == 2
    monkeypatch.setattr(startup_cache, "_CODE", checkouts[0])
    startup_cache._code_stamps.clear()
    calls, build = _counting("v2")
    assert cached("t", [src], build) == "v2" and calls == [1]  # the first checkout's entry is for the old file
    assert len(list(cache.glob("t-*.pickle"))) == 2


def _has_hyperscan() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def test_a_changed_engine_module_rebuilds(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a pickle holds instances of the engine's classes: new code must never meet old objects
    from engine.core import startup_cache

    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("x = 1\n")
    monkeypatch.setattr(startup_cache, "_CODE", code)
    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting("v")
    cached("t", [src], build)
    cached("t", [src], build)
    (code / "module.py").write_text("x = 2  # changed\n")
    monkeypatch.setattr(startup_cache, "_code_stamps", {})  # the next process
    cached("t", [src], build)
    assert len(calls) == 2


def test_a_one_shot_run_uses_the_prefilter_an_earlier_run_compiled(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("hyperscan")
    from engine.rulebook import lexicon

    lexicons = load_lexicons(rules_folder() / "lexicons")
    monkeypatch.setattr(lexicon, "_COMPILED", {})
    first = lexicon.LexiconMatcher(lexicons)
    assert not first.accelerated
    assert first.candidates("best practice") is not None and first.accelerated  # compiled on first use
    assert list(cache.glob("prefilter-*.pickle"))

    monkeypatch.setattr(lexicon, "_COMPILED", {})  # a new process
    compiled: list[int] = []
    monkeypatch.setattr(lexicon.LexiconMatcher, "_build", lambda self: compiled.append(1))
    later = lexicon.LexiconMatcher(lexicons)
    text = "It is best practice to keep a register."
    assert later.candidates(text) is not None and later.accelerated and not compiled
    plain = lexicon.LexiconMatcher(lexicons, accelerate=False)
    assert later.find({"statement": text}) == plain.find({"statement": text})

    for entry in cache.glob("prefilter-*.pickle"):
        entry.write_bytes(b"garbage")
    monkeypatch.setattr(lexicon, "_COMPILED", {})
    damaged = lexicon.LexiconMatcher(lexicons)
    assert damaged.candidates(text) is None and not damaged.accelerated  # whole lexicons, not the garbage
    assert damaged.find({"statement": text}) == plain.find({"statement": text})


def test_without_a_cache_a_small_run_never_compiles_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.rulebook import lexicon

    monkeypatch.setenv("NCAUDIT_CACHE", "off")
    monkeypatch.setattr(lexicon, "_COMPILED", {})
    compiled: list[int] = []
    monkeypatch.setattr(lexicon.LexiconMatcher, "_build", lambda self: compiled.append(1))
    matcher = lexicon.LexiconMatcher(load_lexicons(rules_folder() / "lexicons"))
    for _ in range(10):
        matcher.candidates("It is best practice to keep a register.")
    assert not compiled and not matcher.accelerated


def test_a_restored_library_unpickles_only_the_standards_used(cache: Path) -> None:
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    parsed = StandardLibrary.load([])
    restored = pickle.loads(pickle.dumps(parsed))
    assert restored.ids() == parsed.ids() and len(restored.standards) == len(parsed.standards)
    assert not restored.standards._loaded  # nothing unpickled yet
    std = restored.resolve("ISO 9001:2015")
    assert std is not None and std == parsed.resolve("ISO 9001:2015")
    assert [p.id for p in restored.predecessors(std)] == [p.id for p in parsed.predecessors(std)]
    assert set(restored.standards._loaded) <= {std.id, *(p.id for p in parsed.predecessors(std))}
    again = pickle.loads(pickle.dumps(parsed))
    with ThreadPoolExecutor(max_workers=8) as pool:  # one object per standard, however many threads ask
        got = list(pool.map(lambda _: again.resolve("ISO/IEC 27001:2022"), range(64)))
    assert len({id(g) for g in got}) == 1


def test_an_edit_to_a_module_in_any_subpackage_rebuilds(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp covers the whole engine package, subpackages included, not only engine/core/."""
    import shutil

    from engine.core import startup_cache

    assert (ROOT / "engine").resolve() == startup_cache._CODE
    code = tmp_path / "engine"
    shutil.copytree(ROOT / "engine", code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(startup_cache, "_CODE", code)
    monkeypatch.setattr(startup_cache, "_code_stamps", {})
    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting("v")
    cached("t", [src], build)
    cached("t", [src], build)
    assert len(calls) == 1
    model = code / "standards" / "model.py"
    model.write_text(model.read_text() + "# edited\n")
    monkeypatch.setattr(startup_cache, "_code_stamps", {})  # the next process
    cached("t", [src], build)
    assert len(calls) == 2


# -- issue 29: an entry is never trusted blindly --------------------------------------------------------------


def _one_entry(cache: Path) -> Path:
    (entry,) = cache.glob("t-*.pickle")
    return entry


def test_an_entry_changed_inside_to_the_same_length_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting({"grade": "minor"})
    cached("t", [src], build, of=dict)
    entry = _one_entry(cache)
    data = entry.read_bytes()
    poisoned = data.replace(b"minor", b"major")
    assert poisoned != data and len(poisoned) == len(data)  # still a valid pickle, one word changed
    entry.write_bytes(poisoned)
    assert cached("t", [src], build, of=dict) == {"grade": "minor"} and len(calls) == 2


def test_an_entry_of_another_type_is_rebuilt_not_returned(cache: Path, tmp_path: Path) -> None:
    import pickle

    from engine.core.startup_cache import _pack

    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting({"a": 1})
    cached("t", [src], build, of=dict, items=int)
    entry = _one_entry(cache)
    for other in (_pack(["a", "list"]), _pack({"a": "text"}), pickle.dumps(["a", "plain", "pickle"])):
        entry.write_bytes(other)  # well formed, checksum right (for _pack), but not what this entry holds
        before = len(calls)
        assert cached("t", [src], build, of=dict, items=int) == {"a": 1}
        assert len(calls) == before + 1


def test_a_source_edited_to_the_same_size_with_its_time_put_back_is_seen(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "std.xml"
    src.write_text("<clause>minor</clause>")
    calls, build = _counting("parsed")
    cached("t", [src], build)
    st = src.stat()
    src.write_text("<clause>major</clause>")  # the same size
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the modification time restored to the nanosecond
    assert src.stat().st_size == st.st_size and src.stat().st_mtime_ns == st.st_mtime_ns
    cached("t", [src], build)
    assert len(calls) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_place_of_an_entry_is_passed_over(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    calls, build = _counting([3])
    cached("t", [src], build)
    entry = _one_entry(cache)
    entry.unlink()
    os.mkfifo(entry, 0o600)  # reading it would wait for a writer for ever
    assert cached("t", [src], build) == [3] and len(calls) == 2
