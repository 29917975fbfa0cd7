"""The command line reads no file without a bound (issue 29): reports, `--config`, standards folders and
standard input; a device, a named pipe or a file over the limit is refused by one line and exit code 2 before
it is read, and a write that fails is one line and exit code 2, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.core.bounded_read import NotAFile, TooLarge, read_bytes_bounded, read_stream_bounded
from engine.core.limits import LimitError
from engine.inputs.reader import read_report_data
from engine.rulebook.config import ConfigError, load_config
from engine.standards.library import StandardLibrary
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "cb-2026-0142.json"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)  # no blocks written: the size is all there is
    return path


def test_the_reader_takes_regular_files_only_and_checks_the_size_first(tmp_path: Path, fifo: Path) -> None:
    small = tmp_path / "a.json"
    small.write_bytes(b"{}")
    assert read_bytes_bounded(small, 10) == b"{}"
    with pytest.raises(NotAFile, match="character device"):
        read_bytes_bounded("/dev/zero", 10)
    with pytest.raises(NotAFile, match="named pipe"):
        read_bytes_bounded(fifo, 10)  # opened without waiting for a writer
    with pytest.raises(NotAFile, match="folder"):
        read_bytes_bounded(tmp_path, 10)
    with pytest.raises(TooLarge) as exc:
        read_bytes_bounded(_sparse(tmp_path / "big.json", 1 << 40), 1024)  # a terabyte: refused by its size
    assert exc.value.size == 1 << 40


def test_a_stream_is_read_up_to_the_limit_and_no_further() -> None:
    assert read_stream_bounded(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    endless = io.BytesIO(b"y" * 1000)
    with pytest.raises(TooLarge):
        read_stream_bounded(endless, 10)
    assert endless.tell() == 11  # the limit and one byte more, not the whole stream


def test_json_is_refused_over_the_limit_like_csv_and_xlsx(tmp_path: Path) -> None:
    from engine.core.limits import Limits

    limits = Limits(max_file_bytes=4096)
    for suffix in (".json", ".csv", ".xlsx"):
        path = _sparse(tmp_path / f"big{suffix}", 1 << 31)
        with pytest.raises(LimitError, match=r"2,147,483,648 bytes.*max_file_bytes, setting NCAUDIT_MAX_BODY_BYTES"):
            read_report_data(path, limits=limits)
    with pytest.raises(LimitError, match="max_file_bytes"):  # bytes already read, as from standard input
        read_report_data(b" " * 5000, "stdin.json", limits=limits)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "/dev/zero"],
        ["check", "/dev/urandom"],
        ["challenge", "/dev/zero"],
        ["plan", "/dev/zero"],
        ["check", "--config", "/dev/zero", str(EXAMPLE)],
        ["check", "{fifo}"],
        ["check", "{sparse}"],
    ],
)
def test_devices_pipes_and_huge_files_are_one_line_and_exit_2(
    argv: list[str], fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sparse = _sparse(tmp_path / "huge.json", 2 << 30)
    argv = [a.format(fifo=fifo, sparse=sparse) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ncaudit: ")
    assert any(w in err for w in ("not a regular file", "over the limit")), err
    assert "Traceback" not in err


def test_a_standards_folder_with_a_pipe_or_a_device_skips_it_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "standards"
    folder.mkdir()
    os.mkfifo(folder / "pipe.xml")
    os.symlink("/dev/zero", folder / "zero.xml")
    library = StandardLibrary.load([folder], bundled=False)
    assert not library.standards
    text = " ".join(library.warnings)
    assert "pipe.xml: not a regular file (a named pipe)" in text
    assert "zero.xml: not a regular file (a character device)" in text


def test_a_configuration_that_is_not_a_regular_file_names_it(fifo: Path) -> None:
    with pytest.raises(ConfigError, match="pipe.json: cannot read the rules configuration: not a regular file"):
        load_config(fifo)


def _run(args: list[str], stdin: bytes | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "engine.cli", *args], cwd=ROOT, input=stdin, timeout=120, **kwargs
    )


def test_endless_standard_input_is_refused_at_the_limit() -> None:
    env = {**os.environ, "NCAUDIT_MAX_BODY_BYTES": "65536"}
    done = _run(["check", "-"], stdin=b"y\n" * 100_000, env=env)
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "ncaudit: <stdin>: the input is over the limit of 65,536 bytes (max_file_bytes, setting "
        "NCAUDIT_MAX_BODY_BYTES); split the report into smaller files"
    )


@pytest.mark.parametrize("command", ["check", "plan", "challenge"])
def test_a_failed_write_is_one_line_and_exit_2(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, str(EXAMPLE), "-o", "/dev/full"]) == 2
    err = capsys.readouterr().err
    # the command's own warnings (deadlines passed, lines to fill) may come first; the failure is one line
    errors = [line for line in err.splitlines() if not line.startswith("ncaudit: warning:")]
    assert errors == ["ncaudit: /dev/full: cannot write the output (No space left on device)"]


def test_standard_output_full_or_closed_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        done = _run(["check", "--format", "json", str(EXAMPLE)], stdout=full)
    assert done.returncode == 2
    assert done.stderr.decode() == "ncaudit: cannot write the output (No space left on device)\n"
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write meets a closed pipe
    try:
        done = _run(["rules", "--json"], stdout=writer)
    finally:
        os.close(writer)
    assert done.returncode == 2
    assert done.stderr.decode() == "ncaudit: cannot write the output: the reading end of the pipe was closed\n"


def test_eval_refuses_a_device_as_its_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "/dev/zero"]) == 2
    assert capsys.readouterr().err == "ncaudit: /dev/zero: not a regular file (a character device)\n"
