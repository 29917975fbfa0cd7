"""The one module that touches durable-rules (2.0.28, unmaintained since 2020), made safe.

What this module guarantees, and why:
- One host per process, created on first use, with durable's background dispatch timers switched off:
  those timers call into the C engine from a second thread while we are using it.
- One process-wide lock around every engine call: the C extension is not thread-safe.
- A fresh session id per run and `delete_state` in `finally`: at most 1024 live sessions per ruleset,
  and a spurious `MessageObservedException` after ~46k facts in one session; runs are chunked well below.
- A nonce on every fact, so two identical facts are never taken for one.
- A catch-all rule for every finding, so no fact raises `MessageNotHandledException`. It fires (its action
  is skipped cheaply in `_fire`): a catch-all that holds facts without firing, a join with a kind never
  asserted, crashes `delete_state` for a session in which no action ran (tests/test_adapter.py).
- Facts are asserted (`assert_facts`), never posted: `post` fires only one rule.
- Durable's own action loop stores an exception inside an action in the session state instead of raising
  it; we drive the loop ourselves (`RuleRunner._fire`), so a failure abandons the action and raises
  `RuleEngineError`. The loop also skips what costs most and we never use (state write-back, closures).
- Facts carry only the fields some condition reads (every action message carries its fact), `fid` first.
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import durable.engine as _durable
import durable_rules_engine as _C  # durable's C extension: the action loop is driven from here (see _fire)

from engine.rulebase import Rule, condition_fields, to_durable

CHUNK = 400  # findings per session: each brings at most a few dozen facts, far below durable's ~46k limit
_LOCK = threading.Lock()
_NONCE = itertools.count()
_SEEN = "_finding_seen"
_FID = '{"m":{"fid": "'


def _rule_and_finding(message: str) -> tuple[str, str | None]:
    """The rule and the finding of an action message, '{"RULE":{"m":{"fid": "7", ...}}}'. `fid` leads every
    fact and the other fields are our own flags and enumerations, never a user's text, so two string
    searches do what decoding the whole fact would (a third of the adapter's time); JSON if the shape differs."""
    if message.startswith('{"'):
        end = message.find('":', 2)
        if end > 2 and message.startswith(_FID, end + 2):
            start = end + 2 + len(_FID)
            stop = message.find('"', start)
            if stop > start:
                return message[2:end], message[start:stop]
    name, frame = next(iter(json.loads(message).items()))
    return name, (frame.get("m") or {}).get("fid")


class RuleEngineError(RuntimeError):
    """The rule engine failed on a run; never swallowed."""


def _noop(c: Any) -> None:
    return None


class _QuietHost(_durable.Host):
    """A host without durable's background dispatch threads (we run every action synchronously)."""

    def _run(self) -> None:  # noqa: D401 - replaces durable's timer loop
        return None


_HOST: _QuietHost | None = None


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
        self._effects = {r.id: r.effect for r in self.rules}
        with _LOCK:
            host = _host()
            if self.name not in host._ruleset_directory:
                host.register_rulesets({self.name: self._definition()})

    # -- the rule set -----------------------------------------------------------------------------

    def _definition(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for rule in self.rules:
            cond = [{"kind": "finding"}, *to_durable(rule.when)]
            # the action is taken by `_fire`, by rule id; durable's own action loop is never entered
            d[rule.id] = {"all": [{"m": {"$and": cond}}], "run": _noop}
        # catch-all: a finding no rule matches must not raise MessageNotHandledException
        d[_SEEN] = {"all": [{"m": {"kind": "finding"}}], "run": _noop}
        return d

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
            fact = {"fid": f["fid"]}  # first: see _rule_and_finding
            fact.update((k, f[k]) for k in fields if k in f)
            fact.update(kind="finding", sid=sid, nonce=next(_NONCE))
            batch.append(fact)
        outcomes: dict[str, FindingOutcome] = {}
        with _LOCK:
            ruleset = _host().get_ruleset(self.name)
            try:
                self._fire(ruleset, ruleset.assert_facts(batch), outcomes)
            except (_durable.MessageNotHandledException, _durable.MessageObservedException) as exc:
                raise RuleEngineError(f"durable-rules refused a fact: {type(exc).__name__}") from exc
            finally:
                # a state that was never created has nothing to delete
                with contextlib.suppress(Exception):
                    ruleset.delete_state(sid)
        return outcomes

    def _fire(self, ruleset: Any, state: int, outcomes: dict[str, FindingOutcome]) -> None:
        """Take every action the facts made ready, in durable's order, and record it.

        This is durable's own action loop (`Ruleset._flush_actions`) without what we never use: the session
        state is never written back, no closure or promise objects, no action timers. An error is raised
        here, after the action is abandoned, instead of being stored in the session state.
        """
        engine = ruleset._handle
        started = _C.start_action_for_state(engine, state)
        message = started[1] if started else None
        while message:
            name, fid = _rule_and_finding(message)
            if name == _SEEN:  # the catch-all: nothing to record
                message = _C.complete_and_start_action(engine, state)
                continue
            try:
                if fid is None:
                    raise KeyError("fid")
                effect = self._effects[name]
                out = outcomes.get(fid)
                if out is None:
                    out = outcomes[fid] = FindingOutcome()
                out.rules.append(name)
                if effect != "none":  # each effect proposes a verdict; the engine takes the strongest
                    out.verdicts.append(effect)
            except Exception as exc:
                _C.abandon_action(engine, state)
                raise RuleEngineError(f"rule action {name!r} failed: {exc!r}"[:500]) from exc
            message = _C.complete_and_start_action(engine, state)


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
