"""The one module that touches durable-rules (2.0.28, unmaintained since 2020), made safe.

What this module guarantees, and why:
- One host per process, created on first use, with durable's background dispatch timers switched off:
  those timers call into the C engine from a second thread while we are using it.
- One process-wide lock around every engine call: the C extension is not thread-safe.
- A fresh session id per run and `delete_state` in `finally`: at most 1024 live sessions per ruleset,
  and a spurious `MessageObservedException` after ~46k facts in one session; runs are chunked well below.
- A nonce on every fact, so two identical facts are never taken for one.
- Catch-all rules for every fact kind, so no fact raises `MessageNotHandledException`.
- Facts are asserted (`assert_facts`), never posted: `post` fires only one rule.
- An exception inside an action is stored in the session state by durable, not raised: we check the
  state after each run and raise `RuleEngineError`.
- Conditions compare a field with a constant only. Joins with `>` or `!=` between facts segfault, so
  every comparison and aggregate is computed in Python and asserted as a plain field.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import durable.engine as _durable

from engine.rulebase import Rule, condition_fields, to_durable

CHUNK = 400  # findings per session: each brings at most a few dozen facts, far below durable's ~46k limit
_LOCK = threading.Lock()
_NONCE = itertools.count()


class RuleEngineError(RuntimeError):
    """The rule engine failed on a run; never swallowed."""


def _noop(c: Any) -> None:
    return None


class _QuietHost(_durable.Host):
    """A host without durable's background dispatch threads (we run every action synchronously)."""

    def _run(self) -> None:  # noqa: D401 - replaces durable's timer loop
        return None


_HOST: _QuietHost | None = None
_RUNS: dict[str, _Run] = {}  # live runs by session id; only touched under _LOCK


def _host() -> _QuietHost:
    global _HOST
    if _HOST is None:
        _HOST = _QuietHost()
    return _HOST


@dataclass(slots=True)
class FindingOutcome:
    """What the rules concluded for one finding: the rules that fired and the verdicts their issues propose."""

    rules: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    outcomes: dict[str, FindingOutcome] = field(default_factory=dict)

    def outcome(self, fid: str) -> FindingOutcome:
        out = self.outcomes.get(fid)
        if out is None:
            out = self.outcomes[fid] = FindingOutcome()
        return out


class RuleRunner:
    """A compiled rule set: finding facts in, rules fired and verdict candidates out."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = [r for r in rules if r.enabled]
        # the name covers everything the actions depend on, so two configurations never share a ruleset
        signature = [(r.id, r.effect, r.when) for r in self.rules]
        digest = hashlib.sha1(json.dumps(signature, sort_keys=True).encode()).hexdigest()[:12]
        self.name = f"ncaudit_{digest}"
        # only the fields some condition reads travel to the engine: every action decodes its fact from JSON
        self.fields = sorted(set().union(*(condition_fields(r.when) for r in self.rules)))
        with _LOCK:
            host = _host()
            if self.name not in host._ruleset_directory:
                host.register_rulesets({self.name: self._definition()})

    # -- the rule set -----------------------------------------------------------------------------

    def _definition(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for rule in self.rules:
            cond = [{"kind": "finding"}, *to_durable(rule.when)]
            d[rule.id] = {"all": [{"m": {"$and": cond}}], "run": self._raise_issue(rule)}
        # catch-all: a finding no rule matches must not raise MessageNotHandledException. A join with a kind
        # of fact never asserted holds every finding without ever running an action (an equality-free join).
        d["_finding_held"] = {"all": [{"m": {"kind": "finding"}}, {"never": {"kind": "_never_asserted"}}], "run": _noop}
        return d

    @staticmethod
    def _raise_issue(rule: Rule) -> Callable[[Any], None]:
        rule_id, effect = rule.id, rule.effect

        def action(c: Any) -> None:
            m = c.m
            out = _RUNS[m["sid"]].outcome(m["fid"])
            out.rules.append(rule_id)
            if effect != "none":  # each effect proposes a verdict; the engine takes the strongest
                out.verdicts.append(effect)

        action.__name__ = f"raise_{rule.id}"
        return action

    # -- running ----------------------------------------------------------------------------------

    def run(self, facts: list[dict[str, Any]]) -> dict[str, FindingOutcome]:
        """Assert one fact per finding (each with a unique `fid`); return every finding's outcome."""
        out: dict[str, FindingOutcome] = {}
        for start in range(0, len(facts), CHUNK):
            out.update(self._run_chunk(facts[start : start + CHUNK]))
        for f in facts:
            out.setdefault(f["fid"], FindingOutcome())
        return out

    def _run_chunk(self, facts: list[dict[str, Any]]) -> dict[str, FindingOutcome]:
        sid = uuid.uuid4().hex
        fields = self.fields
        batch = []
        for f in facts:
            fact = {k: f[k] for k in fields if k in f}
            fact.update(kind="finding", sid=sid, fid=f["fid"], nonce=next(_NONCE))
            batch.append(fact)
        with _LOCK:
            host = _host()
            _RUNS[sid] = _Run()
            try:
                host.assert_facts(self.name, batch)
                state = host.get_state(self.name, sid)
                if state and state.get("exception"):
                    raise RuleEngineError(f"a rule action failed: {str(state['exception'])[:500]}")
                return _RUNS[sid].outcomes
            except (_durable.MessageNotHandledException, _durable.MessageObservedException) as exc:
                raise RuleEngineError(f"durable-rules refused a fact: {type(exc).__name__}") from exc
            finally:
                _RUNS.pop(sid, None)
                # a state that was never created has nothing to delete
                with contextlib.suppress(Exception):
                    host.delete_state(self.name, sid)


def live_sessions(runner: RuleRunner, sids: Iterable[str]) -> int:
    """How many of these session ids still have state (for the soak test)."""
    n = 0
    with _LOCK:
        for sid in sids:
            try:
                _host().get_state(runner.name, sid)
                n += 1
            except Exception:  # noqa: BLE001 - durable raises a bare error for unknown sessions
                pass
    return n
