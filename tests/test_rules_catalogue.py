"""The rule catalogue guards itself: complete docs, unique ids, and every example behaves as documented."""

from __future__ import annotations

import re

import pytest

from engine.engine import Engine
from engine.lexicon import load_lexicons
from engine.models import CATEGORIES
from engine.rulebase import RuleError, condition_fields, load_rules, parse_rule, rules_folder
from tests.conftest import engine_for, report_from_example

RULES = load_rules()
FACT_FIELDS = {
    "nc",
    "ofi",
    "grade",
    "cit_status",
    "cit_guidance",
    "cit_multi_unrelated",
    "evidence_state",
    "statement_vague",
    "preference",
    "prescribes",
    "prescription_only",
    "specific_solution",
    "client_requirement",
    "states_cause",
    "statement_nonfulfilment",
    "evidence_nonfulfilment",
    "legacy_demand",
    "doc_demand_unsupported",
    "mismatch",
    "out_of_scope",
    "repeat",
    "amendment_early",
    "dispute_unrecorded",
    "grade_delta",
    "estimate",
    "records_nonfulfilment",
    "systemic",
    "scheme_no_ofi",
}


def test_ids_and_names_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z]{2}\d{2}", i) for i in ids)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", n) for n in names)


def test_every_contract_category_has_a_rule() -> None:
    assert {r.category for r in RULES} == set(CATEGORIES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_docs_complete(rule) -> None:
    assert rule.summary and rule.rationale
    assert rule.bad and rule.good
    assert rule.message and rule.basis.startswith("ISO/IEC 17021-1:2015")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_conditions_use_known_fact_fields(rule) -> None:
    assert condition_fields(rule.when) <= FACT_FIELDS


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_basis_resolves_in_17021_1(rule, engine: Engine) -> None:
    std = engine.library.get("iso-iec-17021-1-2015")
    assert std is not None, "ISO/IEC 17021-1:2015 is bundled"
    for number in re.findall(r"(?<![\d.])(\d+(?:\.\d+)+|\d+)(?![\d.])", rule.basis.split(";")[0].split("2015", 1)[1]):
        assert std.clause(number) is not None, f"{rule.id} basis cites 17021-1 {number}, which is not in the tree"


def test_lexicons_load_and_are_used() -> None:
    lex = load_lexicons(rules_folder() / "lexicons")
    spans = {name for r in RULES if r.span for name in r.span.lexicons}
    assert spans <= set(lex)


def test_a_span_names_one_lexicon_or_a_list_in_order() -> None:
    base = {
        "id": "X01",
        "name": "x-rule",
        "category": "preference",
        "severity": "warning",
        "effect": "revise",
        "basis": "ISO/IEC 17021-1:2015 9.4.5.3",
        "message": "m",
        "when": {"preference": True},
        "docs": {"summary": "s", "rationale": "r", "bad": [{}], "good": [{}]},
    }
    one = parse_rule({**base, "span": {"field": "statement", "lexicon": "preference"}}, "x.yaml")
    two = parse_rule({**base, "span": {"field": "statement", "lexicon": ["preference", "benchmark"]}}, "x.yaml")
    assert one.span is not None and one.span.lexicons == ("preference",)
    assert two.span is not None and two.span.lexicons == ("preference", "benchmark")
    with pytest.raises(RuleError, match=r"x\.yaml: field `span\.lexicon`"):
        parse_rule({**base, "span": {"field": "statement", "lexicon": 3}}, "x.yaml")


def test_bad_rule_file_names_file_and_field(tmp_path) -> None:
    with pytest.raises(RuleError, match=r"x\.yaml: field `severity`"):
        parse_rule({"id": "X", "name": "n-n", "category": "uncited", "severity": "fatal"}, str(tmp_path / "x.yaml"))
    with pytest.raises(RuleError, match=r"expected one of"):
        parse_rule({"id": "X", "name": "n-n", "category": "nope", "severity": "error"}, "x.yaml")


EXAMPLES = [(r, "bad", i, ex) for r in RULES for i, ex in enumerate(r.bad)] + [
    (r, "good", i, ex) for r in RULES for i, ex in enumerate(r.good)
]


@pytest.mark.parametrize(
    ("rule", "kind", "index", "example"), EXAMPLES, ids=[f"{r.id}-{k}-{i}" for r, k, i, _ in EXAMPLES]
)
def test_examples(rule, kind, index, example, engine: Engine) -> None:
    eng = engine_for(example, engine)
    report, fid = report_from_example(example)
    result = eng.check(report)
    findings = [f for f in result.findings if fid is None or f.id == fid]
    fired = [any(i.rule == rule.id for i in f.issues) for f in findings]
    if kind == "bad":
        assert any(fired), f"{rule.id} should flag: {example}"
    else:
        assert not any(fired), f"{rule.id} should stay silent: {example}"
