"""The durable-rules adapter under threads, in a subprocess, and with its failure modes provoked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.check.engine import Engine
from engine.core.models import Report
from engine.rulebook.durable_adapter import CHUNK, RuleEngineError, RuleRunner, live_sessions
from engine.rulebook.rulebase import Rule, parse_rule
from tests.conftest import ROOT

EXAMPLE = {"name": "an_example", "why": "rules are built from their files' schema, examples named"}


def _rule(rule_id: str, when: dict, effect: str = "revise") -> Rule:
    return parse_rule(
        {
            "id": rule_id,
            "name": f"test-{rule_id.lower()}-rule",
            "category": "uncited",
            "severity": "error",
            "effect": effect,
            "basis": "ISO/IEC 17021-1:2015 9.4.5.3",
            "message": "m",
            "when": when,
            "docs": {"summary": "s", "rationale": "r", "bad": [EXAMPLE], "good": [EXAMPLE]},
        },
        "test",
    )


def test_rules_fire_and_propose_their_verdicts() -> None:
    runner = RuleRunner([_rule("TA01", {"cit_status": "missing"}), _rule("TA02", {"n": {"gte": 3}}, "withdraw")])
    out = runner.run(
        [
            {"fid": "0", "cit_status": "missing", "n": 1},
            {"fid": "1", "cit_status": "resolved", "n": 5},
            {"fid": "2", "cit_status": "resolved", "n": 0},
        ]
    )
    assert out["0"].rules == ["TA01"] and out["0"].verdicts == ["revise"]
    assert out["1"].rules == ["TA02"] and out["1"].verdicts == ["withdraw"]
    assert out["2"].rules == [] and out["2"].verdicts == []


def test_identical_facts_are_not_merged() -> None:
    runner = RuleRunner([_rule("TB01", {"flag": True})])
    out = runner.run([{"fid": str(i), "flag": True} for i in range(5)])
    assert all(out[str(i)].rules == ["TB01"] for i in range(5))


def test_more_findings_than_one_session_holds() -> None:
    runner = RuleRunner([_rule("TC01", {"flag": True})])
    n = CHUNK * 2 + 7
    out = runner.run([{"fid": str(i), "flag": i % 2 == 0} for i in range(n)])
    assert len(out) == n
    assert sum(1 for o in out.values() if o.rules == ["TC01"]) == (n + 1) // 2


def test_action_failure_is_raised_and_the_engine_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = RuleRunner([_rule("TD01", {"boom": True})])
    monkeypatch.setattr(runner, "_effects", {})  # the action for TD01 now fails
    with pytest.raises(RuleEngineError, match="TD01"):
        runner.run([{"fid": "0", "boom": True}])
    monkeypatch.undo()
    assert runner.run([{"fid": "0", "boom": True}])["0"].verdicts == ["revise"]
    assert runner.run([{"fid": str(i), "boom": True} for i in range(50)])["49"].rules == ["TD01"]


def test_a_finding_no_rule_matches_is_seen_and_sound() -> None:
    # were the catch-all missing, durable would refuse the fact (RuleEngineError)
    runner = RuleRunner([_rule("TE01", {"flag": True})])
    out = runner.run([{"fid": "0", "flag": False}, {"fid": "1"}, {"fid": "2", "flag": True}])
    assert out["0"].rules == [] and out["1"].rules == [] and out["2"].rules == ["TE01"]


def test_sessions_in_which_no_rule_fires_do_not_crash_in_a_subprocess() -> None:
    """A catch-all that held facts without firing crashed delete_state when no action had run in a session:
    every report of sound findings. Run such sessions, and engine checks of sound findings, in a child."""
    code = textwrap.dedent(
        """
        from engine.rulebook.durable_adapter import RuleRunner
        from tests.test_adapter import _rule

        runner = RuleRunner([_rule("TS01", {"flag": True})])
        for i in range(200):
            assert runner.run([{"fid": "0", "flag": False}] * (1 + i % 3))["0"].rules == []

        from engine.check.engine import Engine
        from engine.core.models import Report

        engine = Engine()
        sound = {
            "standard": "ISO 14001:2015",
            "findings": [{"id": "N1", "grade": "minor", "clause": "6.1.2",
                "statement": "Environmental aspects of the new paint line were not determined.",
                "evidence": "Aspects register AR-3 rev 5 (2026-01-10) has no entry for paint line PL-2."}],
        }
        for _ in range(50):
            assert engine.check(Report.model_validate(sound)).findings[0].verdict == "sound"
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-2000:])


def test_only_fields_a_condition_reads_reach_the_engine() -> None:
    runner = RuleRunner([_rule("TF01", {"flag": True}), _rule("TF02", {"any": [{"n": {"gte": 2}}, {"tag": "x"}]})])
    assert runner.fields == ["flag", "n", "tag"]
    out = runner.run([{"fid": "0", "flag": True, "text": "é" * 10_000, "n": 3}])
    assert sorted(out["0"].rules) == ["TF01", "TF02"]


def test_sessions_are_deleted(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import uuid

    seen: list[str] = []
    real = uuid.uuid4

    def spy() -> uuid.UUID:
        u = real()
        seen.append(u.hex)
        return u

    monkeypatch.setattr(uuid, "uuid4", spy)
    for _ in range(30):
        engine.check(
            Report.model_validate({"standard": "ISO 9001:2015", "findings": [{"statement": "x", "clause": "7.2"}]})
        )
    assert seen and live_sessions(engine.runner, seen) == 0


def test_threads_give_the_same_answers_as_one_thread(engine: Engine) -> None:
    reports = [
        Report.model_validate(
            {
                "standard": "ISO 9001:2015",
                "findings": [
                    {"id": f"N{i}-{j}", "grade": "minor", "clause": c, "statement": s, "evidence": e}
                    for j, (c, s, e) in enumerate(
                        [
                            (
                                "7.1.5.2",
                                "Gauge G-4 was used after its calibration due date.",
                                "Gauge G-4 due 2026-01-05; used 2026-03-02.",
                            ),
                            (None, "It is best practice to have a register.", None),
                            ("8", "Records incomplete.", "Batch B-1 sign-off missing."),
                        ][: 1 + i % 3]
                    )
                ],
            }
        )
        for i in range(24)
    ]
    expected = [engine.check(r).model_dump() for r in reports]
    barrier = threading.Barrier(8)

    def work(i: int) -> dict:
        if i < 8:
            barrier.wait()
        return engine.check(reports[i]).model_dump()

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(work, range(len(reports))))
    assert got == expected


def test_hypothesis_reports_from_threads_in_a_subprocess() -> None:
    """A segfault in the C extension would kill the child; the parent sees it in the exit code."""
    script = textwrap.dedent(
        """
        import threading, sys
        from hypothesis import given, settings, strategies as st, HealthCheck
        from engine.check.engine import Engine
        from engine.core.models import Report

        engine = Engine()
        text = st.text(max_size=120)
        finding = st.fixed_dictionaries({
            "statement": text.filter(lambda s: s.strip()),
            "clause": st.one_of(st.none(), text, st.sampled_from(["7.1.5.2 a)", "8", "A.5.15", "4.2.3", "0.3"])),
            "evidence": st.one_of(st.none(), text, st.lists(text, max_size=3)),
            "grade": st.one_of(st.none(), st.sampled_from(["major", "minor", "ofi", "observation"])),
            "client_position": st.one_of(st.none(), text),
        })
        reports = st.fixed_dictionaries({
            "standard": st.sampled_from(["ISO 9001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018", "nope"]),
            "findings": st.lists(finding, min_size=1, max_size=12),
        })
        errors = []

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(reports, min_size=4, max_size=4))
        def run(batch):
            parsed = [Report.model_validate(r) for r in batch]
            def go(r):
                try:
                    res = engine.check(r)
                    assert len(res.findings) == len(r.findings)
                except Exception as exc:
                    errors.append(repr(exc))
            threads = [threading.Thread(target=go, args=(r,)) for r in parsed]
            for t in threads: t.start()
            for t in threads: t.join()

        run()
        print("errors", len(errors), errors[:3])
        sys.exit(1 if errors else 0)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"


def test_action_messages_are_read_without_decoding_the_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.rulebook import durable_adapter

    runner = RuleRunner([_rule("TG01", {"flag": True})])

    def no_json(_: str) -> object:
        raise AssertionError("an action message was decoded as JSON")

    monkeypatch.setattr(durable_adapter.json, "loads", no_json)
    out = runner.run([{"fid": str(i), "flag": i % 2 == 0, "grade": "minor"} for i in range(10)])
    assert [fid for fid in sorted(out, key=int) if out[fid].rules == ["TG01"]] == ["0", "2", "4", "6", "8"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('{"PP01":{"m":{"fid": "17", "nc": true}}}', ("PP01", "17")),
        ('{"PP01": {"m": {"nc": true, "fid": "17"}}}', ("PP01", "17")),  # another shape: decoded as JSON
        ('{"PP01":{"m":{"nc": true}}}', ("PP01", None)),
    ],
)
def test_rule_and_finding_of_a_message(message: str, expected: tuple[str, str | None]) -> None:
    from engine.rulebook.durable_adapter import _rule_and_finding

    assert _rule_and_finding(message) == expected


@pytest.mark.parametrize(("code", "name"), [(1, "MessageNotHandled"), (2, "MessageObserved")])
def test_a_refused_fact_is_an_error_and_its_session_is_deleted(
    monkeypatch: pytest.MonkeyPatch, code: int, name: str
) -> None:
    from engine.rulebook import durable_adapter

    runner = RuleRunner([_rule("TH01", {"flag": True})])
    deleted: list[str] = []
    real_delete, real_assert = durable_adapter._C.delete_state, durable_adapter._C.assert_facts
    # the facts are asserted; durable is made to answer that one was refused
    monkeypatch.setattr(durable_adapter._C, "assert_facts", lambda handle, facts: (code, real_assert(handle, facts)[1]))

    def delete(handle: int, sid: str) -> None:
        deleted.append(sid)
        real_delete(handle, sid)

    monkeypatch.setattr(durable_adapter._C, "delete_state", delete)
    with pytest.raises(RuleEngineError, match=name):
        runner.run([{"fid": "0", "flag": True}])
    assert len(deleted) == (2 if name == "MessageObserved" else 1)  # an observed fact: once more, then an error


# two ids with one 32-bit FNV-1a hash (found by search): durable's message index takes them for one message
_COLLIDING = ("id522789", "id739192")


def test_ids_are_chosen_with_distinct_hashes_as_durable_keeps_them() -> None:
    from engine.rulebook.durable_adapter import _distinct_ids, _fnv1a_32

    assert _fnv1a_32("") == 0x811C9DC5 and _fnv1a_32("a") == 0xE40C292C  # FNV-1a's published test vectors
    assert _fnv1a_32(_COLLIDING[0]) == _fnv1a_32(_COLLIDING[1])
    ids = _distinct_ids([*_COLLIDING, *_COLLIDING])
    assert ids[0] == _COLLIDING[0] and len(set(ids)) == 4 and len({_fnv1a_32(i) for i in ids}) == 4


def test_facts_durable_takes_for_one_run_again_in_a_new_session_in_a_subprocess() -> None:
    """Durable refuses the second of two facts whose ids hash alike (MessageObserved): once, the chunk runs again
    with other ids and both findings are judged; twice, an error, and the process does not crash."""
    code = textwrap.dedent(
        """
        from engine.rulebook import durable_adapter as d
        from tests.test_adapter import _COLLIDING, _rule

        runner = d.RuleRunner([_rule("TC01", {"flag": True})])
        facts = [{"fid": "0", "flag": True}, {"fid": "1", "flag": True}]
        real, calls = d._distinct_ids, []

        def colliding_first(ids):
            calls.append(ids)
            return list(_COLLIDING) if len(calls) == 1 else real(ids)

        d._distinct_ids = colliding_first
        out = runner.run(facts)
        assert out["0"].rules == ["TC01"] and out["1"].rules == ["TC01"], out
        assert len(calls) == 2, calls  # durable refused the first session (our hash is the one it keeps)
        d._distinct_ids = lambda ids: list(_COLLIDING)
        try:
            runner.run(facts)
        except d.RuleEngineError as e:
            assert "MessageObserved" in str(e), e
        else:
            raise AssertionError("refused twice, yet no error")
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-2000:])


def test_a_condition_on_a_name_durable_reserves_is_refused() -> None:
    with pytest.raises(RuleEngineError, match="'id'"):
        RuleRunner([_rule("TR01", {"id": "x"})])
