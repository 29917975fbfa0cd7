"""The fact catalogue: each fact is a small named function, registered with the values it takes and what it reads.

A rule's `when` reads facts by name. Facts are computed in the order their `reads` imply (a fact that reads
another runs after it), one module per subject (finding, citation, evidence, statement, demand, grading,
history). Facts that only say "this lexicon matched in this field" are generated from the lexicon files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.facts.context import FindingFacts
    from engine.rulebook.lexicon import Lexicon

# what a fact may read besides other facts: named inputs, shown in the catalogue
INPUTS = ("finding", "audit", "previous", "tree", "options", "rules:withdraw", "report")


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    subject: str
    values: tuple[Any, ...] | str
    reads: tuple[str, ...]
    doc: str
    fn: Callable[[FindingFacts], Any]
    scope: str = "finding"  # "report": computed once over every finding's facts (fn takes the list)

    def describe_values(self) -> str:
        if isinstance(self.values, str):
            return self.values
        return " | ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in self.values)


REGISTRY: dict[str, FactSpec] = {}


def fact(
    name: str, *, values: tuple[Any, ...] | str = (True, False), reads: Iterable[str] = (), scope: str = "finding"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a fact function under `name`; its docstring's first line is the catalogue's description."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        if name in REGISTRY and REGISTRY[name].fn is not fn:
            raise ValueError(f"fact {name!r} is registered twice ({REGISTRY[name].subject} and {fn.__module__})")
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        REGISTRY[name] = FactSpec(name, fn.__module__.rsplit(".", 1)[-1], values, tuple(reads), doc, fn, scope)
        return fn

    return register


def lexicon_fact_name(lexicon: str, field: str) -> str:
    return f"{lexicon}_in_{field}"


def lexicon_facts(lexicons: dict[str, Lexicon]) -> list[FactSpec]:
    """One fact per lexicon and field it reads: true when a (non-negated) phrase of the lexicon is there."""
    out = []
    for lex in lexicons.values():
        for fld in lex.fields:

            def has(ff: FindingFacts, _lex: str = lex.id, _fld: str = fld) -> bool:
                # what ff.has(_lex, _fld) answers, inline: 37 of these run for every finding
                hits = ff.hits.get(_lex)
                return hits is not None and any(f == _fld for f, _ in hits)

            out.append(
                FactSpec(
                    lexicon_fact_name(lex.id, fld),
                    "lexicon",
                    (True, False),
                    (f"lexicon:{lex.id}",),
                    f"a phrase of the `{lex.id}` lexicon occurs in the {fld}: {lex.description.strip()}",
                    has,
                )
            )
    return out


def ordered(specs: Iterable[FactSpec], expand: dict[str, set[str]] | None = None) -> list[FactSpec]:
    """Facts in an order where each comes after every fact it reads (a cycle is a programming error)."""
    by_name = {s.name: s for s in specs}
    expand = expand or {}

    def deps(s: FactSpec) -> set[str]:
        out: set[str] = set()
        for r in s.reads:
            out |= expand.get(r, {r})
        return {d for d in out if d in by_name and d != s.name}

    done: list[FactSpec] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError("facts read each other in a circle: " + " -> ".join((*path, name)))
        state[name] = 1
        for d in sorted(deps(by_name[name])):
            visit(d, (*path, name))
        state[name] = 2
        done.append(by_name[name])

    for name in by_name:  # registration order where the reads leave it free
        visit(name, ())
    return done
