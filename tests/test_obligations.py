"""The obligation layer of the clause trees: read, inherited, extended, shown, and complete in every tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.cli import main
from engine.standards.library import StandardLibrary
from engine.standards.model import Standard

NEW = """<standard xmlns="urn:ncaudit:standard:1" designation="XS 1:2020" title="New edition">
  <clause number="7" title="Support"><clause number="7.1" title="Records">
    <req di="retain">Keep records of the checks.</req>
    <obligation>
      <obliges di="retain" unit="each line">records of the checks are kept</obliges>
      <leaves aspect="medium" examples="paper, software">where the records are held</leaves>
      <not-required>a records procedure</not-required>
      <process>record keeping</process>
    </obligation>
  </clause>
  <clause number="7.2" title="Checks"><req>Check the lines.</req></clause></clause>
</standard>
"""
OLD = """<standard xmlns="urn:ncaudit:standard:1" designation="XS 1:2010" title="Old edition" successor="xs-1-2020">
  <clause number="4" title="Support">
    <clause number="4.1" title="Records" successor="7.1">
      <req di="both">Keep records by a procedure.</req>
      <obligation from="successor"/>
    </clause>
    <clause number="4.2" title="Checks" successor="7.2">
      <req>Check the lines.</req>
      <obligation from="successor"/>
    </clause>
  </clause>
</standard>
"""
EXT = """<standard xmlns="urn:ncaudit:standard:1" designation="XS 1X:2021" title="Sector" extends="xs-1-2020">
  <clause number="7.1" title="Records">
    <item label="a">keep them ten years;</item>
    <obligation><obliges item="a">records are kept for ten years</obliges></obligation>
  </clause>
</standard>
"""


def _lib(tmp_path: Path, **files: str) -> StandardLibrary:
    paths = []
    for name, text in files.items():
        p = tmp_path / f"{name}.xml"
        p.write_text(text, encoding="utf-8")
        paths.append((p, "user"))
    return StandardLibrary._parse(paths, [])


def test_obligation_read_with_every_part(tmp_path: Path) -> None:
    lib = _lib(tmp_path, new=NEW)
    obl = lib.get("xs-1-2020").clause("7.1").obligation  # type: ignore[union-attr]
    assert obl is not None
    assert [(o.text, o.di, o.unit) for o in obl.obliges] == [("records of the checks are kept", "retain", "each line")]
    assert obl.leaves_open == ["medium"] and obl.leaves[0].examples == ("paper", "software")
    assert obl.not_required == ("a records procedure",) and obl.processes == ("record keeping",)
    assert not obl.inherited_from


def test_old_edition_takes_its_successors_obligations_and_says_so(tmp_path: Path) -> None:
    lib = _lib(tmp_path, new=NEW, old=OLD)
    obl = lib.get("xs-1-2010").clause("4.1").obligation  # type: ignore[union-attr]
    assert obl is not None and obl.inherited_from == ("xs-1-2020 7.1",)
    assert obl.obliges[0].text == "records of the checks are kept"
    # 7.2 has no obligation of its own: the old clause that points to it is reported, not silently empty
    assert any("4.2" in w and "successor" in w for w in lib.warnings)


def test_extending_standard_appends_its_obligations_to_a_reopened_clause(tmp_path: Path) -> None:
    lib = _lib(tmp_path, new=NEW, ext=EXT)
    obl = lib.get("xs-1x-2021").clause("7.1").obligation  # type: ignore[union-attr]
    assert obl is not None
    assert [o.text for o in obl.obliges] == ["records of the checks are kept", "records are kept for ten years"]
    assert lib.get("xs-1-2020").clause("7.1").obligation.obliges[-1].item is None  # type: ignore[union-attr]


EXT_PROCEDURE = """<standard xmlns="urn:ncaudit:standard:1" designation="XS 1P:2022" title="Sector" extends="xs-1-2020">
  <clause number="7.3" title="Records procedure" added="true">
    <req di="maintain">Keep a records procedure.</req>
    <obligation><obliges di="maintain">a documented records procedure exists</obliges>
      <process>records procedures</process></obligation>
  </clause>
</standard>
"""


def test_an_extending_standard_does_not_inherit_as_not_required_what_it_makes_mandatory(tmp_path: Path) -> None:
    lib = _lib(tmp_path, new=NEW, ext=EXT_PROCEDURE)
    assert lib.get("xs-1p-2022").clause("7.1").obligation.not_required == ()  # type: ignore[union-attr]
    assert lib.get("xs-1-2020").clause("7.1").obligation.not_required == ("a records procedure",)  # type: ignore[union-attr]
    # an extension that makes nothing of the kind mandatory inherits the entry as it is
    kept = _lib(tmp_path, new=NEW, ext=EXT).get("xs-1x-2021").clause("7.1").obligation  # type: ignore[union-attr]
    assert kept.not_required == ("a records procedure",)


def test_iatf_requires_the_quality_manual_and_control_plans_that_iso_9001_does_not(bundled: StandardLibrary) -> None:
    def not_required(sid: str, number: str) -> str:
        return " | ".join(bundled.get(sid).clause(number).obligation.not_required)  # type: ignore[union-attr]

    assert "quality manual" in not_required("iso-9001-2015", "7.5.1")
    assert "quality manual" not in not_required("iatf-16949-2016", "7.5.1")
    assert "control plan" in not_required("iso-9001-2015", "8.1")
    assert "control plan" not in not_required("iatf-16949-2016", "8.1")
    assert "documented procedure for internal audit" not in not_required("iatf-16949-2016", "9.2.2")
    assert "documented procedure for nonconforming outputs" not in not_required("as9100d-2016", "8.7.1")
    # what the sector standard leaves as ISO 9001 does stays not required
    assert "organisation chart" in not_required("iatf-16949-2016", "5.3")


def test_show_prints_what_a_clause_obliges_and_leaves_open(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards", "show", "iso-9001-2015", "9.2.2"]) == 0
    out = capsys.readouterr().out
    assert "obliges:" in out and "leaves to the organization:" in out and "frequency:" in out
    assert "does not require:" in out


@pytest.fixture(scope="module")
def bundled() -> StandardLibrary:
    return StandardLibrary.load()


def _requirement_trees(lib: StandardLibrary) -> list[Standard]:
    return [s for s in lib if s.is_requirements and s.origin == "bundled"]


def test_every_normative_requirement_of_every_tree_states_its_obligations(bundled: StandardLibrary) -> None:
    missing = [
        f"{s.id} {c.number}"
        for s in _requirement_trees(bundled)
        for c in s.clauses.values()
        if c.normative and c.kind != "term" and c.has_shall and not (c.obligation and c.obligation.obliges)
    ]
    assert not missing, f"{len(missing)} requirements without obligations: {', '.join(missing[:40])}"
    assert not [w for w in bundled.warnings if "obligation" in w]


def test_obligations_are_our_words_and_well_formed(bundled: StandardLibrary) -> None:
    for s in _requirement_trees(bundled):
        for c in s.clauses.values():
            obl = c.obligation
            if obl is None:
                continue
            for o in obl.obliges:
                assert o.text.strip(), f"{s.id} {c.number}: an empty obliges"
                # an inherited obligation's items are the successor clause's, checked in its own tree
                own = not obl.inherited_from
                assert not own or o.item is None or o.item in c.items, f"{s.id} {c.number}: no item {o.item!r}"
            for text in [o.text for o in obl.obliges] + list(obl.not_required):
                assert not re.search(r"\bshall\b", text), f"{s.id} {c.number}: write it in our words, not 'shall'"


def test_old_editions_keep_their_own_obligation_where_the_requirement_differs(bundled: StandardLibrary) -> None:
    """ISO 9001:2008 asked for documented procedures that 2015 dropped: those clauses cannot take 2015's words."""
    old = bundled.get("iso-9001-2008")
    assert old is not None
    with_procedure = [c for c in old.clauses.values() if any("procedure" in p.text for p in c.all_provisions())]
    assert with_procedure
    for c in with_procedure:
        assert c.obligation is not None and not c.obligation.inherited_from, c.number
    inherited = [c for c in old.clauses.values() if c.obligation and c.obligation.inherited_from]
    assert inherited, "no clause of ISO 9001:2008 takes its successor's obligations"
