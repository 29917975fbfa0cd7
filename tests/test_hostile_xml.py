"""Hostile standards files: refused quickly and by name, never leaking a file, while the bundled ones load."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.standards import model as standards_module
from engine.standards.library import StandardLibrary, load_file
from engine.standards.model import StandardError, parse_xml

SECRET = "TOP-SECRET-7f3a9c"
NS = 'xmlns="urn:ncaudit:standard:1"'


def _bundled_count() -> int:
    return len(StandardLibrary.load().standards)


def _leaks(lib: StandardLibrary) -> bool:
    blob = "\n".join(lib.warnings)
    for std in lib.standards.values():
        blob += std.title + std.designation
        for c in std.clauses.values():
            blob += c.title + c.summary() + " ".join(n.text for n in c.notes) + (c.full_text or "")
    return SECRET in blob


@pytest.fixture()
def secret_file(tmp_path: Path) -> Path:
    p = tmp_path / "secret.txt"
    p.write_text(SECRET)
    return p


def _hostile(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "std"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("flavour", ["ours", "sts"])
def test_external_entity_is_refused_and_never_read(tmp_path: Path, secret_file: Path, flavour: str) -> None:
    root = f'<standard {NS} designation="X 1:2020" title="&x;">' if flavour == "ours" else "<standard><front/><body>"
    tail = (
        '<clause number="1" title="a"/></standard>'
        if flavour == "ours"
        else "<sec><label>1</label><title>&x;</title></sec></body></standard>"
    )
    path = _hostile(
        tmp_path,
        "xxe.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE standard [<!ENTITY x SYSTEM "file://{secret_file}">]>\n{root}{tail}',
    )
    with pytest.raises(StandardError, match="xxe.xml"):
        load_file(path)
    lib = StandardLibrary.load([path.parent])
    assert any("xxe.xml" in w for w in lib.warnings)
    assert not _leaks(lib)
    assert len(lib.standards) == _bundled_count()


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path = _hostile(
        tmp_path,
        "bomb.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE standard [{ents}]>\n'
        f'<standard {NS} designation="B 1:2020" title="&j;"><clause number="1" title="x"/></standard>',
    )
    with pytest.raises(StandardError, match=r"bomb\.xml:2: DOCTYPE"):
        parse_xml(path)
    lib = StandardLibrary.load([path.parent])
    assert lib.get("b-1-2020") is None and any("bomb.xml" in w for w in lib.warnings)


@pytest.mark.parametrize("dtd", ["http://127.0.0.1:9/evil.dtd", "local"])
def test_external_dtd_is_refused(tmp_path: Path, secret_file: Path, dtd: str) -> None:
    if dtd == "local":
        local = tmp_path / "evil.dtd"
        local.write_text(f'<!ENTITY x SYSTEM "file://{secret_file}">')
        dtd = f"file://{local}"
    path = _hostile(
        tmp_path,
        "dtd.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE standard SYSTEM "{dtd}">\n'
        f'<standard {NS} designation="D 1:2020" title="t"><clause number="1" title="x"/></standard>',
    )
    with pytest.raises(StandardError, match="dtd.xml"):
        parse_xml(path)
    assert not _leaks(StandardLibrary.load([path.parent]))


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standards_module, "MAX_FILE_BYTES", 2048)
    path = _hostile(
        tmp_path,
        "big.xml",
        f'<standard {NS} designation="G 1:2020" title="t">' + '<clause number="1" title="x"/>' * 200 + "</standard>",
    )
    with pytest.raises(StandardError, match=r"big\.xml: file is \d+ bytes, over the 2048-byte limit"):
        parse_xml(path)


def test_malformed_and_invalid_files_name_line_and_problem(tmp_path: Path) -> None:
    bad = _hostile(tmp_path, "broken.xml", f'<standard {NS} designation="Z 1:2020" title="t">\n<clause number="1"')
    invalid = _hostile(
        tmp_path,
        "invalid.xml",
        f'<standard {NS} designation="Z 2:2020" title="t">\n'
        '<clause number="1" title="x" normative="maybe"/></standard>',
    )
    lib = StandardLibrary.load([bad.parent])
    joined = "\n".join(lib.warnings)
    assert "broken.xml:2: not well-formed XML" in joined
    assert "invalid.xml:2:" in joined and "normative" in joined
    assert len(lib.standards) == _bundled_count()
    assert invalid.exists()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_encodings_with_an_external_dtd_fail_the_precheck(tmp_path: Path, codec: str) -> None:
    # with or without a byte order mark (the -le/-be codecs write none): the pre-check reads the text, not bytes
    name = codec.replace("-", "")
    text = (
        f'<?xml version="1.0" encoding="{name}"?>\n<!DOCTYPE standard SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
        f'<standard {NS} designation="D 1:2020" title="t"><clause number="1" title="x"/></standard>'
    )
    path = tmp_path / "wide.xml"
    path.write_bytes(text.encode(codec))
    with pytest.raises(StandardError, match=r"wide\.xml:2: DOCTYPE"):
        parse_xml(path)


def test_standards_import_of_a_refused_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from engine.cli import main

    path = tmp_path / "sts.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE standard [<!ENTITY x "y">]>\n<standard>&x;</standard>')
    assert main(["standards", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sts.xml:2: DOCTYPE" in err and "Traceback" not in err
    assert main(["standards", "import", str(tmp_path / "missing.xml")]) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_the_service_logs_a_skipped_standards_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from api.main import create_app
    from engine.core.settings import Settings

    (tmp_path / "broken.xml").write_text("<standard><unclosed></standard>")
    with caplog.at_level("WARNING", logger="ncaudit.api"):
        create_app(Settings(standards_dir=str(tmp_path)))
    assert any("broken.xml" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)
