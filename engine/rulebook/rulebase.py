"""Rules as data: one YAML file per rule in rules/, validated, with its documentation attached."""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.core.errors import loc_path
from engine.core.models import CATEGORIES, Category
from engine.core.startup_cache import cached
from engine.core.vocabulary import EFFECTS, SEVERITIES, Effect, Severity
from engine.core.yamlio import YamlError, load_yaml

SpanField = Literal["statement", "evidence", "clause", "client_position"]
SPAN_FIELDS: tuple[str, ...] = get_args(SpanField)
_OPS = {"in", "not", "gte", "lte", "gt", "lt", "exists"}
RULESET_VERSION = "2026.12.12"  # bumped whenever a rule, lexicon or clause tree changes what a verdict says


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


# ---- the schema of a rule file: each field's description is the expected form an error message quotes -------------

ExampleName = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(_[a-z0-9]+)+$",
        description="a snake_case name that reads as a sentence, e.g. opinion_as_whole_finding",
    ),
]
_ONE_LINE = r"^[^\n]*\S[^\n]*$"


class BadExample(BaseModel):
    """A finding the rule flags: `name`, `why`, then the finding's fields (or `report:`), run by the tests."""

    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)
    name: ExampleName
    why: str = Field(pattern=_ONE_LINE, description="a one-line reason the example is flagged")


class GoodExample(BaseModel):
    """A finding the rule leaves alone: `name`, `why`, then the finding's fields (or `report:`)."""

    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)
    name: ExampleName
    why: str = Field(pattern=_ONE_LINE, description="a one-line reason the example is not flagged")


class RuleDocs(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    summary: str = Field(description="one sentence: what the rule flags")
    rationale: str = Field(description="why it is a problem, with the 17021-1 clause")
    bad: list[BadExample] = Field(
        min_length=1, description="a list of at least one flagged example, each with name and why"
    )
    good: list[GoodExample] = Field(
        min_length=1, description="a list of at least one example not flagged, each with name and why"
    )


class RuleSpan(BaseModel):
    """Where the words that triggered the rule are: a field and the lexicons to look for, or a span a fact computed."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    field: SpanField | None = Field(None, description=f"one of {', '.join(SPAN_FIELDS)}")
    lexicon: list[str] = Field(default_factory=list, description="a lexicon id or a list of them")
    fact: str | None = Field(None, description="one span a fact computes, alone (e.g. evidence_gap)")

    @field_validator("lexicon", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else [] if value is None else value

    @model_validator(mode="after")
    def _one_form(self) -> RuleSpan:
        if self.fact is not None and (self.field is not None or self.lexicon):
            raise ValueError("span.fact: names one span a fact computes, alone (e.g. {fact: evidence_gap})")
        if self.fact is None and self.field is None:
            raise ValueError(f"span.field: field required (one of {', '.join(SPAN_FIELDS)})")
        return self


class RuleFile(BaseModel):
    """One rule file, `rules/XX00.yaml`. Its models are built when a rule file is first read, not at import: a
    start-up from the cache reads none (defer_build)."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    id: str = Field(description="the rule's code, also the file's name (PP01)")
    name: str = Field(description="the pattern flagged, in kebab-case (preference-stated-as-finding)")
    category: Category = Field(description=f"one of the contract's categories: {', '.join(CATEGORIES)}")
    severity: Severity = Field(description=f"one of {', '.join(SEVERITIES)}")
    effect: Effect = Field("none", description=f"the rule's effect on the verdict, one of {', '.join(EFFECTS)}")
    basis: str = Field(description="the 17021-1 clause behind the rule (ISO/IEC 17021-1:2015 9.4.5.3)")
    message: str = Field(description="the message template; {placeholders} are facts or the span's words")
    suggestion: str | None = Field(None, description="the suggestion template, or left out")
    span: RuleSpan | None = Field(None, description="{field: statement, lexicon: [...]} or {fact: NAME}")
    when: dict[str, Any] = Field(
        description="a non-empty mapping of fact name to a value, an operator ({in|not|gte|lte|gt|lt|exists: X}) "
        "or `any: [conditions]`"
    )
    docs: RuleDocs = Field(description="summary, rationale, bad and good")
    aliases: list[str] = Field(default_factory=list, description="a list of earlier codes or names")

    @field_validator("when")
    @classmethod
    def _condition(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_condition(value)
        return value


def _check_condition(cond: Any, path: str = "when") -> None:
    if not isinstance(cond, dict) or not cond:
        raise ValueError(f"{path}: must be a non-empty mapping of fact name to value")
    for key, value in cond.items():
        if key == "any":
            if not isinstance(value, list) or not value:
                raise ValueError(f"{path}.any: must be a non-empty list of conditions")
            for i, sub in enumerate(value):
                _check_condition(sub, f"{path}.any[{i}]")
        elif isinstance(value, dict):
            bad = set(value) - _OPS
            if bad or len(value) != 1:
                raise ValueError(f"{path}.{key}: takes one operator of {', '.join(sorted(_OPS))}, got {sorted(value)}")
        elif not isinstance(value, (str, int, float, bool)):
            raise ValueError(f"{path}.{key}: must be a scalar or an operator mapping")


def _expected(loc: tuple[Any, ...]) -> str | None:
    """The description of the field at `loc` in the rule file's schema: the form it expects."""
    tp: Any = RuleFile
    desc: str | None = None
    for part in loc:
        while get_origin(tp) in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        if isinstance(part, int):
            tp = get_args(tp)[0] if get_origin(tp) is list else None
            continue
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
            return desc
        if part not in tp.model_fields:
            return f"one of the fields {', '.join(tp.model_fields)}"
        info = tp.model_fields[part]
        desc, tp = info.description, info.annotation
    return desc


def schema_errors(exc: ValidationError, src: str) -> str:
    """`rules/PP01.yaml: docs.bad[2].why: field required (a one-line reason the example is flagged)`, a line each."""
    lines = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        where = loc_path(loc)
        if err.get("type") == "extra_forbidden":
            msg = f"unknown field {str(loc[-1])!r}"
        elif err.get("type") == "literal_error":
            msg = f"unexpected value {err.get('input')!r}"
        elif err.get("type") == "string_pattern_mismatch":
            msg = f"unexpected form {err.get('input')!r}"
        elif err.get("type") == "value_error" and msg.startswith(where):
            where, _, msg = msg.partition(": ")  # the check names the path inside the field itself
        else:
            msg = msg[:1].lower() + msg[1:]
        expected = None if "(" in msg else _expected(loc)
        lines.append(f"{src}: {where}: {msg}" + (f" ({expected})" if expected else ""))
    return "\n".join(lines)


def parse_rule(data: Any, src: str) -> Rule:
    if not isinstance(data, dict):
        raise RuleError(f"{src}: a rule file holds one mapping with id, name, category, ...")
    try:
        spec = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleError(schema_errors(exc, src)) from None
    span = None
    if spec.span is not None:
        if spec.span.fact is not None:
            span = SpanSpec("statement", (), spec.span.fact)
        else:
            span = SpanSpec(spec.span.field or "statement", tuple(spec.span.lexicon), None)
    docs = data["docs"]
    return Rule(
        id=spec.id,
        name=spec.name,
        category=spec.category,
        severity=spec.severity,
        basis=spec.basis,
        effect=spec.effect,
        message=spec.message,
        suggestion=spec.suggestion,
        when=data["when"],
        summary=spec.docs.summary.strip(),
        rationale=spec.docs.rationale.strip(),
        bad=list(docs["bad"]),
        good=list(docs["good"]),
        span=span,
        aliases=tuple(spec.aliases),
        source=src,
    )


def rules_folder() -> Path:
    with resources.as_file(resources.files("rules")) as d:
        return Path(d)


def load_rules(folder: Path | None = None) -> list[Rule]:
    folder = folder or rules_folder()
    files = sorted(folder.glob("*.yaml"))
    return cached("rules", files, lambda: _parse_rules(files), extra=[str(folder.resolve())], of=list, items=Rule)


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
