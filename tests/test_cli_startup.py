"""Commands that need no engine start without it (issue 28): which modules each command loads, read from
`sys.modules` in a fresh interpreter after the command ran."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# the engine proper: the checking engine, its facts, lexicons, rule engine and clause inference
ENGINE = [
    "engine.check.engine",
    "engine.facts",
    "engine.rulebook.durable_adapter",
    "durable_rules_engine",
    "engine.rulebook.lexicon",
    "engine.standards.inference",
]
# what `--version` and `--help` need none of either: the model library and the XML reader
MODELS = ["pydantic", "lxml", "engine.core.models", "yaml"]

_PROBE = """
import contextlib, io, json, sys
from engine.cli import main
loaded = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    loaded[" ".join(argv)] = {"code": code, "modules": sorted(sys.modules)}
print(json.dumps(loaded))
"""


def _modules_after(*commands: list[str]) -> dict[str, dict[str, object]]:
    """Run `commands` one after another in one fresh interpreter; the modules loaded after each."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(commands))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_version_and_help_load_neither_the_engine_nor_pydantic() -> None:
    loaded = _modules_after(["--version"], ["--help"], ["check", "--help"])
    for command, seen in loaded.items():
        assert seen["code"] == 0, command
        found = [m for m in ENGINE + MODELS if m in seen["modules"]]  # type: ignore[operator]
        assert found == [], f"`ncaudit {command}` loaded {found}"


def test_listing_commands_load_no_engine() -> None:
    loaded = _modules_after(
        ["rules"], ["rules", "show", "PP01"], ["schemes"], ["schemes", "show", "fssc-22000"], ["standards"]
    )
    for command, seen in loaded.items():
        assert seen["code"] == 0, command
        found = [m for m in ENGINE if m != "engine.standards.inference" and m in seen["modules"]]  # type: ignore[operator]
        assert found == [], f"`ncaudit {command}` loaded {found}"


def test_rules_and_schemes_need_no_standards_tree() -> None:
    loaded = _modules_after(["rules"], ["schemes"])
    for command, seen in loaded.items():
        assert "engine.standards.inference" not in seen["modules"], command  # type: ignore[operator]
        assert "lxml" not in seen["modules"], command  # type: ignore[operator]


def test_the_probe_sees_the_engine_where_it_is_loaded() -> None:
    """`check` does load the engine: the probe would see a command that loaded it."""
    example = str(ROOT / "examples" / "cb-2026-0142.json")
    loaded = _modules_after(["check", example, "--format", "json", "--fail-on", "never"])
    seen = loaded[f"check {example} --format json --fail-on never"]
    assert seen["code"] == 0
    assert all(m in seen["modules"] for m in ENGINE)  # type: ignore[operator]
