"""A JSON report read a finding at a time (`engine/inputs/streamed.py`, issue 28: memory flat in a report's
size): the same report, warnings and errors as the whole reader's, every error before any output, and the same
verdicts written."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.cli import main
from engine.core.limits import Limits
from engine.core.models import Report
from engine.inputs.reader import InvalidReport, NotJson, read_report, read_report_streamed
from engine.inputs.streamed import StreamedReport
from engine.outputs.render import write_json_streamed

# our own wordings
STATEMENTS = [
    "Gauge {n} used at final inspection was past its calibration due date.",
    "The training record of operator {n} did not show the welding qualification the procedure requires.",
    "Supplier {n} was approved without the evaluation the purchasing procedure asks for.",
    "La calibración del equipo {n} no se realizó según el procedimiento establecido por la empresa.",
]


def _report(n: int, **extra: Any) -> dict[str, Any]:
    findings = [
        {
            "id": f"NC-{i + 1}",
            "grade": ["minor", "Cat 2", "major", "Cat 3", "whatever", None][i % 6],
            "clause": ["7.1.5.2", "7.2", 8.4, None][i % 4],
            "statement": STATEMENTS[i % len(STATEMENTS)].format(n=100 + i),
            "evidence": [f"Record R-{i}", "", 12] if i % 5 == 0 else f"Seen at bay {i}.",
        }
        for i in range(n)
    ]
    return {
        "id": "STREAM-1",
        "standard": "ISO 9001",  # no edition: pinned to the one in force on the audit date, with a warning
        "audit": {"type": "transfer", "date": "01/02/2026"},
        "findings": findings,
        "previous_findings": [{"id": "P-1", "clause": "7.2", "status": "weird", "due": "soon"}],
        **extra,
    }


def _file(tmp_path: Path, data: Any, name: str = "r.json", indent: int | None = 2) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=indent, ensure_ascii=False))
    return path


@pytest.mark.parametrize("indent", [None, 2])
def test_streamed_report_is_the_whole_readers(tmp_path: Path, indent: int | None) -> None:
    path = _file(tmp_path, _report(40, client="Acme"), indent=indent)
    details = {"client": "Acme Two", "audit.last_day": "2026-02-03"}
    streamed = read_report_streamed(path, details=details)
    whole = read_report(path, details=details)[0]
    assert isinstance(streamed, StreamedReport) and len(streamed) == 40
    assert streamed.header.findings == []
    assert streamed.header.model_copy(update={"findings": whole.findings}) == whole
    assert list(streamed) == whole.findings
    assert list(streamed) == whole.findings  # read again, anew
    assert streamed.input_warnings == whole.input_warnings
    assert any(w.startswith("findings[3] (NC-4).grade") for w in streamed.input_warnings)
    assert any("client" in w for w in streamed.input_warnings)


def test_an_error_deep_in_a_large_report_names_its_field_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _report(900)
    data["findings"][817]["grade"] = {"level": 2}
    data["findings"][850]["statement"] = "   "
    bad = _file(tmp_path, data, "bad.json")
    good = _file(tmp_path, _report(2), "good.json")
    with pytest.raises(InvalidReport) as raised:
        read_report_streamed(bad)
    assert "findings[817] (NC-818).grade: " in str(raised.value)
    assert "findings[850] (NC-851).statement: " in str(raised.value)
    # the good file comes first and would be checked first: still no output at all, exit 2
    assert main(["check", str(good), str(bad), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "bad.json: findings[817] (NC-818).grade: " in err


@pytest.mark.parametrize(
    "text",
    [
        '{"findings": [{"statement": "A record was missing."}], "findings": []}',  # a repeated key: the last wins
        '{"id": "a", "id": "b", "findings": [{"statement": "A record was missing."}]}',
        '{"findings": [{"statement": "A record was missing."}]} ',
        '\ufeff {"findings": []}',
    ],
)
def test_unusual_shapes_read_as_the_whole_reader_reads_them(tmp_path: Path, text: str) -> None:
    path = _file(tmp_path, text)
    read = read_report_streamed(path)
    whole = read_report(path)[0]
    got = read if isinstance(read, Report) else read.header.model_copy(update={"findings": list(read)})
    assert got == whole


@pytest.mark.parametrize(
    "text, error",
    [
        ('{"findings": [{"statement": "A record was missing."},]}', NotJson),
        ('{"findings": [{"statement": "x"}]} {}', NotJson),
        ('{"findings": {"statement": "x"}}', InvalidReport),
        ('{"findings": [{"statement": "x", "colour": "red"}]}', InvalidReport),
        ('{"client_country": "Britain", "findings": [{"statement": "x"}]}', InvalidReport),
    ],
)
def test_errors_are_the_whole_readers(tmp_path: Path, text: str, error: type[Exception]) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(error) as streamed:
        read_report_streamed(path)
    with pytest.raises(error) as whole:
        read_report(path)
    assert str(streamed.value) == str(whole.value)


def test_limits_are_the_whole_readers(tmp_path: Path) -> None:
    path = _file(tmp_path, _report(30))
    size = len(json.dumps(json.loads(path.read_text()), ensure_ascii=False).encode())
    for limits in (Limits(max_findings=29), Limits(max_output_bytes=size - 1)):
        with pytest.raises(Exception) as streamed:
            read_report_streamed(path, limits=limits)
        with pytest.raises(Exception) as whole:
            read_report(path, limits=limits)
        assert type(streamed.value) is type(whole.value) and str(streamed.value) == str(whole.value)
    exact = read_report_streamed(path, limits=Limits(max_findings=30, max_output_bytes=size))
    assert isinstance(exact, StreamedReport)


def test_streamed_check_writes_the_whole_reports_json(engine: Engine, tmp_path: Path) -> None:
    data = _report(90, standard="ISO 9001")
    data["findings"][7]["standard"] = "ISO 14001"  # a finding's own criteria, pinned apart
    data["findings"][8]["standard"] = "XYZ 123"  # not loaded: said once
    path = _file(tmp_path, data)
    streamed = read_report_streamed(path)
    whole = read_report(path)[0]
    assert isinstance(streamed, StreamedReport)
    written = []
    for check in (
        engine.check_streamed(streamed.header, findings_read=streamed),
        engine.check_streamed(whole),
    ):
        out = io.BytesIO()
        write_json_streamed(check, out, warnings=whole.input_warnings)
        written.append(out.getvalue())
    assert written[0] == written[1]
    assert b"XYZ 123 is not loaded" in written[0]


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_read_a_few_bytes_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    # values, numbers and multi-byte characters cut at every place between two reads
    import engine.inputs.streamed as streamed_module

    monkeypatch.setattr(streamed_module, "_CHUNK", chunk)
    data = _report(12, id=12345678, client="Größe-ü")
    data["findings"][2]["clause"] = 7.25
    path = _file(tmp_path, data, indent=None)
    streamed = read_report_streamed(path)
    whole = read_report(path)[0]
    assert isinstance(streamed, StreamedReport)
    assert streamed.header.model_copy(update={"findings": list(streamed)}) == whole
    assert streamed.input_warnings == whole.input_warnings
