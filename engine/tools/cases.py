"""Labelled cases (the format of ../shared/corpus/README.md) from JSONL, YAML or a folder of them: the one
reader for `ncaudit eval`, the clause-inference figures and the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.core.bounded_read import NotAFile, TooLarge, read_bytes_bounded
from engine.core.yamlio import YamlError, load_yaml

CASE_SUFFIXES = (".jsonl", ".yaml", ".yml")
CASES_MAX_BYTES = 256 * 1024 * 1024  # a labelled corpus; ours are under 100 KB


def read_cases(path: Path | str) -> list[dict[str, Any]]:
    """Labelled cases from a JSONL file (one case a line), a YAML file (one list of cases) or a folder of
    them (its files in name order): the one reader for `ncaudit eval` and the tests."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file())
        if not files:
            raise ValueError(f"{path}: no case files ({', '.join(CASE_SUFFIXES)}) in this folder")
        return [case for f in files for case in read_cases(f)]
    try:  # a regular file only, its size checked before reading (`ncaudit eval /dev/zero` is refused at once)
        text = read_bytes_bounded(path, CASES_MAX_BYTES).decode("utf-8")
    except (NotAFile, TooLarge) as exc:
        raise ValueError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    if path.suffix in (".yaml", ".yml"):
        return _yaml_cases(path, text)
    cases = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: malformed JSON: {exc.msg}") from None
    return cases


def _yaml_cases(path: Path, text: str) -> list[dict[str, Any]]:
    try:
        data = load_yaml(text)
    except YamlError as exc:
        raise ValueError(f"{path}: malformed YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of cases, each a mapping with id, report and expect")
    for n, case in enumerate(data):
        if not isinstance(case, dict) or not {"id", "report", "expect"} <= case.keys():
            raise ValueError(f"{path}: [{n}]: expected a mapping with id, report and expect")
    return data
