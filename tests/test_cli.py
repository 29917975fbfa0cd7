"""The command line as a user meets it: outputs, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "cb-2026-0142.json"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=120
    )


def test_check_json_is_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLE), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # the example has error-level issues
    assert out["report_id"] == "CB-2026-0142"
    assert {"version", "ruleset", "standards"} <= set(out["engine"])
    assert "iso-9001-2015" in out["engine"]["standards"]
    assert out["summary"]["findings"] == len(out["findings"]) == 7
    for f in out["findings"]:
        assert f["verdict"] in ("sound", "revise", "regrade", "withdraw")
        assert f["proposed_grade"] in ("major", "minor", "ofi", "none")
        assert {"input", "standard", "clause", "status"} <= set(f["citation"])
        for i in f["issues"]:
            assert {"rule", "category", "severity", "message", "basis"} <= set(i)


def test_fail_on_never_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--format", "text", "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert "NC-1" in out and "SOUND" in out and "basis:" in out


def test_stdin(tmp_path: Path) -> None:
    proc = run("check", "-", "--format", "json", "--fail-on", "never", stdin=EXAMPLE.read_text())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["findings"] == 7


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        ("{not json", "malformed JSON at line 1"),
        ('{"findings": [{"clause": "7.2"}]}', "findings[0].statement: required field is missing"),
        (
            '{"findings": [{"id": "NC-9", "statement": "x", "colour": "red"}]}',
            "findings[0] (NC-9).colour: unknown field 'colour'",
        ),
        ('{"findings": [{"statement": "x", "grade": {"level": "critical"}}]}', "findings[0].grade"),
        ("[1, 2]", "a report is a JSON object"),
        ('{"findings": [{"statement": "   "}]}', "findings[0].statement"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: str, expect: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(path) in lines[0] and expect in lines[0]


def test_unreadable_file(tmp_path: Path) -> None:
    proc = run("check", str(tmp_path / "missing.json"))
    assert proc.returncode == 2 and "missing.json: cannot read file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_standards_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards"]) == 0
    listing = capsys.readouterr().out
    assert "iso-9001-2015" in listing and "iso-iec-17021-1-2015" in listing
    assert main(["standards", "show", "ISO 9001:2015", "7.1.5.2"]) == 0
    shown = capsys.readouterr().out
    assert "7.1.5.2 Measurement traceability" in shown
    assert main(["standards", "show", "iso-9001-2015"]) == 0
    assert "(informative)" in capsys.readouterr().out
    assert main(["standards", "show", "iso-9001-2015", "99.9"]) == 2


def test_rules_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "PP01" in listing and "preference" in listing
    assert main(["rules", "show", "preference-stated-as-finding"]) == 0
    doc = capsys.readouterr().out
    assert "Why is this bad?" in doc and "Use instead" in doc and "9.4.5.3" in doc
    assert main(["rules", "show", "ZZ99"]) == 2


def test_config_switches_rule_off_and_changes_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("rules:\n  PP01: {enabled: false}\n  SO01: {severity: info}\n")
    main(["check", str(EXAMPLE), "--format", "json", "--config", str(cfg)])
    out = json.loads(capsys.readouterr().out)
    rules = {i["rule"]: i["severity"] for f in out["findings"] for i in f["issues"]}
    assert "PP01" not in rules and rules.get("SO01") == "info"
    assert "+cfg." in out["engine"]["ruleset"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  NOPE: {enabled: false}\n")
    assert main(["check", str(EXAMPLE), "--config", str(bad)]) == 2
    assert "unknown rule NOPE" in capsys.readouterr().err


def test_main_leaves_garbage_collection_on() -> None:
    # main() pauses collection while loading; a process that calls it must get it back
    import gc

    assert main(["check", str(EXAMPLE), "--format", "json", "--fail-on", "never"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
