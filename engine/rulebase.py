"""Rules as data: one YAML file per rule in rules/, validated, with its documentation attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from engine.models import CATEGORIES
from engine.startup_cache import cached
from engine.yamlio import YamlError, load_yaml

SEVERITIES = ("error", "warning", "info")
EFFECTS = ("withdraw", "regrade", "revise", "none")
SPAN_FIELDS = ("statement", "evidence", "clause", "client_position")
_OPS = {"in", "not", "gte", "lte", "gt", "lt", "exists"}
RULESET_VERSION = "2026.11.4"  # bumped whenever a rule, lexicon or clause tree changes what a verdict says


class RuleError(ValueError):
    """A rule file that cannot be used: names the file, the field and the expected form."""


@dataclass(frozen=True, slots=True)
class SpanSpec:
    field: str
    lexicons: tuple[str, ...] = ()  # the first of these with a hit in `field` (else in any field) marks the words
    fact: str | None = None  # a span a fact computed (FindingFacts.spans), in whichever field it found the words


@dataclass(slots=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    basis: str
    effect: str
    message: str
    when: dict[str, Any]
    summary: str
    rationale: str
    bad: list[dict[str, Any]]
    good: list[dict[str, Any]]
    suggestion: str | None = None
    span: SpanSpec | None = None
    aliases: tuple[str, ...] = ()
    source: str = ""
    enabled: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def render(self, template: str | None, ctx: dict[str, Any]) -> str | None:
        if template is None:
            return None
        return template.format_map(_Defaulting(ctx)).strip()

    def docs(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "effect": self.effect,
            "basis": self.basis,
            "message": self.message,
            "suggestion": self.suggestion,
            "summary": self.summary,
            "rationale": self.rationale,
            "bad": self.bad,
            "good": self.good,
            "aliases": list(self.aliases),
            "enabled": self.enabled,
        }


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _need(data: dict[str, Any], key: str, src: str, kind: type | tuple[type, ...] = str) -> Any:
    if key not in data:
        raise RuleError(f"{src}: missing field `{key}`")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleError(f"{src}: field `{key}` must be {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


def _check_condition(cond: Any, src: str, path: str = "when") -> None:
    if not isinstance(cond, dict) or not cond:
        raise RuleError(f"{src}: `{path}` must be a non-empty mapping of fact field to value")
    for key, value in cond.items():
        if key == "any":
            if not isinstance(value, list) or not value:
                raise RuleError(f"{src}: `{path}.any` must be a list of conditions")
            for i, sub in enumerate(value):
                _check_condition(sub, src, f"{path}.any[{i}]")
        elif isinstance(value, dict):
            bad = set(value) - _OPS
            if bad or len(value) != 1:
                raise RuleError(f"{src}: `{path}.{key}` takes one of {sorted(_OPS)}, got {sorted(value)}")
        elif not isinstance(value, (str, int, float, bool)):
            raise RuleError(f"{src}: `{path}.{key}` must be a scalar or an operator mapping")


def parse_rule(data: Any, src: str) -> Rule:
    if not isinstance(data, dict):
        raise RuleError(f"{src}: a rule file holds one mapping with id, name, category, ...")
    category = _need(data, "category", src)
    if category not in CATEGORIES:
        raise RuleError(f"{src}: field `category` is {category!r}; expected one of {', '.join(CATEGORIES)}")
    severity = _need(data, "severity", src)
    if severity not in SEVERITIES:
        raise RuleError(f"{src}: field `severity` is {severity!r}; expected one of {', '.join(SEVERITIES)}")
    effect = data.get("effect", "none")
    if effect not in EFFECTS:
        raise RuleError(f"{src}: field `effect` is {effect!r}; expected one of {', '.join(EFFECTS)}")
    when = _need(data, "when", src, dict)
    _check_condition(when, src)
    docs = _need(data, "docs", src, dict)
    for key in ("summary", "rationale"):
        _need(docs, key, f"{src}: docs")
    bad, good = _need(docs, "bad", f"{src}: docs", list), _need(docs, "good", f"{src}: docs", list)
    if not bad or not good:
        raise RuleError(f"{src}: docs.bad and docs.good each need at least one example")
    span = None
    if "span" in data:
        sp = _need(data, "span", src, dict)
        if "fact" in sp:
            if not isinstance(sp["fact"], str) or set(sp) != {"fact"}:
                raise RuleError(f"{src}: field `span.fact` names one span a fact computes, alone (e.g. evidence_gap)")
            sp = {"field": "statement", "fact": sp["fact"]}
        if sp.get("field") not in SPAN_FIELDS:
            raise RuleError(f"{src}: field `span.field` must be one of {', '.join(SPAN_FIELDS)}")
        lexicons = sp.get("lexicon") or ()
        if isinstance(lexicons, str):
            lexicons = (lexicons,)
        if not isinstance(lexicons, (list, tuple)) or not all(isinstance(x, str) for x in lexicons):
            raise RuleError(f"{src}: field `span.lexicon` must be a lexicon id or a list of them")
        span = SpanSpec(sp["field"], tuple(lexicons), sp.get("fact"))
    return Rule(
        id=_need(data, "id", src),
        name=_need(data, "name", src),
        category=category,
        severity=severity,
        basis=_need(data, "basis", src),
        effect=effect,
        message=_need(data, "message", src),
        suggestion=data.get("suggestion"),
        when=when,
        summary=docs["summary"].strip(),
        rationale=docs["rationale"].strip(),
        bad=bad,
        good=good,
        span=span,
        aliases=tuple(data.get("aliases") or ()),
        source=src,
    )


def rules_folder() -> Path:
    with resources.as_file(resources.files("rules")) as d:
        return Path(d)


def load_rules(folder: Path | None = None) -> list[Rule]:
    folder = folder or rules_folder()
    files = sorted(folder.glob("*.yaml"))
    return cached("rules", files, lambda: _parse_rules(files), extra=[str(folder.resolve())])


def _parse_rules(files: list[Path]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except YamlError as exc:
            raise RuleError(f"{path}: not valid YAML: {exc}") from None
        rule = parse_rule(data, str(path))
        if path.stem != rule.id:
            raise RuleError(f"{path}: field `id` is {rule.id!r} but the file is named {path.name}")
        for key in (rule.id, rule.name, *rule.aliases):
            if key in seen:
                raise RuleError(f"{path}: {key!r} is already used by {seen[key]}")
            seen[key] = str(path)
        rules.append(rule)
    return rules


def to_durable(cond: dict[str, Any]) -> list[dict[str, Any]]:
    """Translate a rule's `when` mapping to durable-rules' JSON condition terms."""
    terms: list[dict[str, Any]] = []
    for key, value in cond.items():
        if key == "any":
            terms.append({"$or": [_and(to_durable(sub)) for sub in value]})
        elif isinstance(value, dict):
            op, arg = next(iter(value.items()))
            if op == "in":
                terms.append({"$or": [{key: v} for v in arg]})
            elif op == "not":
                terms.append({"$neq": {key: arg}})
            elif op == "exists":
                terms.append({"$ex" if arg else "$nex": {key: 1}})
            else:
                terms.append({f"${op}": {key: arg}})
        else:
            terms.append({key: value})
    return terms


def _and(terms: list[dict[str, Any]]) -> dict[str, Any]:
    return terms[0] if len(terms) == 1 else {"$and": terms}


def condition_fields(cond: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for key, value in cond.items():
        if key == "any":
            for sub in value:
                out |= condition_fields(sub)
        else:
            out.add(key)
    return out


def matches(cond: dict[str, Any], fact: dict[str, Any]) -> bool:
    """The same semantics as the durable-rules translation, in Python (used by meta-tests)."""
    for key, value in cond.items():
        if key == "any":
            if not any(matches(sub, fact) for sub in value):
                return False
            continue
        have = fact.get(key)
        if isinstance(value, dict):
            op, arg = next(iter(value.items()))
            if not _op_holds(op, arg, key, have, fact):
                return False
        elif have != value:
            return False
    return True


def _op_holds(op: str, arg: Any, key: str, have: Any, fact: dict[str, Any]) -> bool:
    if op == "in":
        return have in arg
    if op == "not":
        return bool(have != arg)
    if op == "exists":
        return (key in fact) == bool(arg)
    if have is None:
        return False
    return bool({"gte": have >= arg, "lte": have <= arg, "gt": have > arg, "lt": have < arg}[op])
