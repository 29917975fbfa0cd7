"""The one module that touches durable-rules (2.0.28, unmaintained since 2020), made safe.

What this module guarantees, and why:
- Durable's C engine is used directly, with the calls durable's own Python layer makes. That layer (Host,
  Ruleset, closures, promises) adds nothing we use and brings a timer thread that calls into the C engine
  from a second thread while we are using it; it is never imported (and never costs its import time).
- One ruleset per rule configuration per process, created on first use.
- One process-wide lock around every engine call: the C extension is not thread-safe.
- A fresh session id per run and `delete_state` in `finally`: at most 1024 live sessions per ruleset.
- Every fact has an explicit id, chosen so that no two of a session share its 32-bit FNV-1a hash: durable's
  message index compares only that hash, and takes a second message whose id hashes alike for the first
  (`MessageObservedException`). With the ids durable makes itself (a 64-bit hash of the content), that
  can happen at random: by the birthday bound ~22% of sessions at 46k facts, one in ~50,000 at 400.
  Should durable still say a fact was observed, the session's ready actions are drained (deleting a session
  with unfired actions crashes the process), it is deleted, and the chunk runs once more in a new session
  with other ids; a second refusal is an error.
- A catch-all rule for every finding, so no fact raises `MessageNotHandledException`. It fires (its action
  is skipped cheaply in `_fire`): a catch-all that holds facts without firing, a join with a kind never
  asserted, crashes `delete_state` for a session in which no action ran (tests/test_adapter.py).
- Facts are asserted (`assert_facts`), never posted: `post` fires only one rule.
- Durable's own action loop stores an exception inside an action in the session state instead of raising
  it; we drive the loop ourselves (`RuleRunner._fire`), so a failure abandons the action and raises
  `RuleEngineError`. The loop also skips what costs most and we never use (state write-back, closures).
- Facts carry only the fields some condition reads, and of those only the ones whose value some condition
  compares them with (every action message carries its fact), `fid` first.
- Conditions compare a field with a constant only. Joins with `>` or `!=` between facts segfault, so
  every comparison and aggregate is computed in Python and asserted as a plain field.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import durable_rules_engine as _C  # durable-rules' C engine; its Python host layer is not loaded (see below)

from engine.rulebook.rulebase import Rule, condition_fields, to_durable

CHUNK = 400  # findings per session
_LOCK = threading.Lock()
_SEEN = "_finding_seen"
_RESERVED = frozenset({"id", "sid", "kind"})  # set on every fact by this module
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


_RULESETS: dict[str, int] = {}  # ruleset name -> the C engine's handle
_NOT_HANDLED, _OBSERVED, _NO_STATE = 1, 2, 3  # the C engine's result codes for assert_facts (as durable reads them)


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
        # only the fields some condition reads travel to the engine (every action message carries its fact)
        self.fields = sorted(set().union(*(condition_fields(r.when) for r in self.rules)))
        for r in self.rules:
            reserved = condition_fields(r.when) & _RESERVED
            if reserved:
                raise RuleEngineError(
                    f"rule {r.id}: its condition reads {sorted(reserved)[0]!r}, a name durable reserves"
                )
        # and only with a value some condition compares it with: a field no condition could match is left out
        # (conditions here test equality, and a missing field matches no equality), so durable evaluates less
        self._values = _compared_values(self.rules)
        self._effects = {r.id: r.effect for r in self.rules}
        with _LOCK:
            if self.name not in _RULESETS:
                _RULESETS[self.name] = _C.create_ruleset(self.name, json.dumps(self._definition()))

    # -- the rule set -----------------------------------------------------------------------------

    def _definition(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for rule in self.rules:
            cond = [{"kind": "finding"}, *to_durable(rule.when)]
            # the action is taken by `_fire`, by rule id
            d[rule.id] = {"all": [{"m": {"$and": cond}}]}
        # catch-all: a finding no rule matches must not raise MessageNotHandledException
        d[_SEEN] = {"all": [{"m": {"kind": "finding"}}]}
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
        fields = self.fields
        values = self._values
        sent = []
        for f in facts:
            fact = {"fid": f["fid"]}  # first: see _rule_and_finding
            for k in fields:
                if k in f:
                    v = f[k]
                    wanted = values.get(k)
                    if wanted is None or _among(v, wanted):
                        fact[k] = v
            sent.append(fact)
        for attempt in range(2):
            sid = uuid.uuid4().hex
            ids = _distinct_ids([f"{attempt}:{n}" for n in range(len(sent))])
            batch = [{**fact, "kind": "finding", "sid": sid, "id": mid} for fact, mid in zip(sent, ids, strict=True)]
            outcomes: dict[str, FindingOutcome] = {}
            with _LOCK:
                engine = _RULESETS[self.name]
                try:
                    code, state = _C.assert_facts(engine, json.dumps(batch, ensure_ascii=False))
                    # the ready actions are taken even when a fact was refused: deleting a session with
                    # unfired actions crashes the process
                    self._fire(engine, 0 if code == _NO_STATE else state, outcomes)
                    if code == _NOT_HANDLED:
                        raise RuleEngineError("durable-rules refused a fact: MessageNotHandled")
                finally:
                    # a state that was never created has nothing to delete
                    with contextlib.suppress(Exception):
                        _C.delete_state(engine, sid)
            if code != _OBSERVED:
                return outcomes
        raise RuleEngineError("durable-rules refused a fact: MessageObserved (twice, with other ids)")

    def _fire(self, engine: int, state: int, outcomes: dict[str, FindingOutcome]) -> None:
        """Take every action the facts made ready, in durable's order, and record it.

        These are the C calls of durable's own action loop (`Ruleset._flush_actions`), without what we never
        use: the session state is never written back, no closure or promise objects, no action timers. An
        error is raised here, after the action is abandoned, instead of being stored in the session state.
        """
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


def _fnv1a_32(text: str) -> int:
    """The hash durable's message index keeps of a message id (`fnv1Hash32` in its state.c), for ASCII ids."""
    h = 0x811C9DC5
    for byte in text.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _distinct_ids(ids: list[str]) -> list[str]:
    """The ids, each made longer where needed so that no two share a 32-bit FNV-1a hash (see the module)."""
    taken: set[int] = set()
    out = []
    for mid in ids:
        while (h := _fnv1a_32(mid)) in taken:
            mid += "~"
        taken.add(h)
        out.append(mid)
    return out


def _compared_values(rules: Iterable[Rule]) -> dict[str, frozenset[Any]]:
    """Field -> the constants conditions compare it with for equality; a field any condition reads in another
    way (`not`, `exists`, an order) is absent: it always travels."""
    values: dict[str, set[Any]] = {}
    other: set[str] = set()

    def walk(cond: dict[str, Any]) -> None:
        for key, value in cond.items():
            if key == "any":
                for sub in value:
                    walk(sub)
            elif isinstance(value, dict):
                op, arg = next(iter(value.items()))
                if op == "in" and isinstance(arg, list | tuple):
                    values.setdefault(key, set()).update(arg)
                else:
                    other.add(key)
            else:
                values.setdefault(key, set()).add(value)

    for rule in rules:
        walk(rule.when)
    try:
        return {k: frozenset(v) for k, v in values.items() if k not in other}
    except TypeError:  # a constant that cannot be hashed: every field travels
        return {}


def _among(value: Any, wanted: frozenset[Any]) -> bool:
    try:
        return value in wanted
    except TypeError:  # a value that cannot be hashed: let durable compare it
        return True


def live_sessions(runner: RuleRunner, sids: Iterable[str]) -> int:
    """How many of these session ids still have state (for the soak test)."""
    n = 0
    with _LOCK:
        for sid in sids:
            try:
                _C.get_state(_RULESETS[runner.name], sid)
                n += 1
            except Exception:  # noqa: BLE001 - durable raises a bare error for unknown sessions
                pass
    return n
