"""The rule catalogue guards itself: complete docs, unique ids, and every example behaves as documented."""

from __future__ import annotations

import re

import pytest

from engine.check.engine import Engine
from engine.core.models import CATEGORIES, Report
from engine.core.yamlio import load_yaml
from engine.rulebook.lexicon import load_lexicons
from engine.rulebook.rulebase import RuleError, condition_fields, load_rules, parse_rule, rules_folder
from tests.conftest import engine_for, report_from_example

RULES = load_rules()
ENGINE_FACTS = {spec.name for spec in Engine().facts.catalogue} | {"fid"}


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
def test_every_condition_field_is_declared_by_a_fact(rule) -> None:
    assert condition_fields(rule.when) <= ENGINE_FACTS, sorted(condition_fields(rule.when) - ENGINE_FACTS)


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
        "docs": {
            "summary": "s",
            "rationale": "r",
            "bad": [{"name": "a_bad_one", "why": "w"}],
            "good": [{"name": "a_good_one", "why": "w"}],
        },
    }
    one = parse_rule({**base, "span": {"field": "statement", "lexicon": "preference"}}, "x.yaml")
    two = parse_rule({**base, "span": {"field": "statement", "lexicon": ["preference", "benchmark"]}}, "x.yaml")
    assert one.span is not None and one.span.lexicons == ("preference",)
    assert two.span is not None and two.span.lexicons == ("preference", "benchmark")
    with pytest.raises(RuleError, match=r"x\.yaml: span\.lexicon: .*\(a lexicon id or a list of them\)"):
        parse_rule({**base, "span": {"field": "statement", "lexicon": 3}}, "x.yaml")


def test_bad_rule_file_names_file_field_and_expected_form(tmp_path) -> None:
    with pytest.raises(RuleError, match=r"x\.yaml: severity: unexpected value 'fatal' \(one of error, warning, info\)"):
        parse_rule({"id": "X", "name": "n-n", "category": "uncited", "severity": "fatal"}, str(tmp_path / "x.yaml"))
    with pytest.raises(RuleError, match=r"x\.yaml: category: unexpected value 'nope' \(one of the contract's"):
        parse_rule({"id": "X", "name": "n-n", "category": "nope", "severity": "error"}, "x.yaml")
    data = load_yaml((rules_folder() / "PP01.yaml").read_text(encoding="utf-8"))
    del data["docs"]["bad"][2]["why"]
    data["docs"]["good"][0]["name"] = "Not Snake Case"
    data["colour"] = "red"
    with pytest.raises(RuleError) as err:
        parse_rule(data, "rules/PP01.yaml")
    lines = str(err.value).splitlines()
    assert "rules/PP01.yaml: docs.bad[2].why: field required (a one-line reason the example is flagged)" in lines
    text = str(err.value)
    assert "rules/PP01.yaml: docs.good[0].name: unexpected form 'Not Snake Case' (a snake_case name" in text
    assert "rules/PP01.yaml: colour: unknown field 'colour' (one of the fields id, name, category" in text


def test_a_condition_is_checked_to_its_path() -> None:
    base = load_yaml((rules_folder() / "PP01.yaml").read_text(encoding="utf-8"))
    with pytest.raises(RuleError, match=r"x\.yaml: when\.any\[0\]: must be a non-empty mapping"):
        parse_rule({**base, "when": {"any": [{}]}}, "x.yaml")
    with pytest.raises(RuleError, match=r"x\.yaml: when\.nc: takes one operator of exists, gt, gte"):
        parse_rule({**base, "when": {"nc": {"above": 1}}}, "x.yaml")


EXAMPLES = [(r, "bad", ex["name"], ex) for r in RULES for ex in r.bad] + [
    (r, "good", ex["name"], ex) for r in RULES for ex in r.good
]


def test_examples_are_named_as_sentences_once_per_rule() -> None:
    for rule in RULES:
        names = [ex["name"] for ex in rule.bad + rule.good]
        assert len(names) == len(set(names)), f"{rule.id}: an example name is used twice"
        for ex in rule.bad + rule.good:
            assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", ex["name"]), f"{rule.id}: {ex['name']!r} is not snake_case"
            assert ex["why"].strip() and "\n" not in ex["why"].strip(), f"{rule.id} {ex['name']}: why is one line"


@pytest.mark.parametrize(
    ("rule", "kind", "name", "example"), EXAMPLES, ids=[f"{r.id}-{k}-{n}" for r, k, n, _ in EXAMPLES]
)
def test_examples(rule, kind, name, example, engine: Engine) -> None:
    eng = engine_for(example, engine)
    report, fid = report_from_example(example)
    result = eng.check(report)
    findings = [f for f in result.findings if fid is None or f.id == fid]
    fired = [any(i.rule == rule.id for i in f.issues) for f in findings]
    if kind == "bad":
        assert any(fired), f"{rule.id} should flag {name} ({example['why']}): {example}"
        for f in findings:
            for issue in f.issues:
                for text in (issue.message, issue.suggestion or ""):
                    assert not re.search(r"\{\w+\}", text), f"{issue.rule}: placeholder left unfilled: {text}"
    else:
        assert not any(fired), f"{rule.id} should stay silent on {name} ({example['why']}): {example}"


def test_fact_catalogue_is_complete_and_ordered(engine: Engine) -> None:
    """Every fact is documented, declares its values, and comes after every fact it reads."""
    seen: set[str] = set()
    names = {s.name for s in engine.facts.catalogue}
    for spec in engine.facts.catalogue:
        assert spec.doc, f"fact {spec.name} has no description"
        assert spec.describe_values()
        for read in spec.reads:
            if read in names:
                assert read in seen, f"{spec.name} reads {read} before it is computed"
            else:
                assert ":" in read or read in ("finding", "audit", "previous", "tree", "options", "report"), read
        seen.add(spec.name)


def test_grade_estimate_asks_the_withdraw_rules(engine: Engine) -> None:
    """'Invalid' for grading is exactly 'a withdraw rule holds': a sound finding never carries its reason."""
    from tests.conftest import check_one

    sound = check_one(
        engine,
        {
            "grade": "minor",
            "clause": "7.1.5.2",
            "statement": "Caliper C-118 in cell 4 was "
            "used on 2026-10-02 although its calibration fell due on 2026-09-01.",
        },
    )
    assert sound.verdict == "sound"
    assert not any("no nonfulfilment" in r for r in sound.grade_reasons)
    withdrawn = check_one(
        engine,
        {
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "Best practice is to keep drawings in a colour-coded filing system, as most companies do.",
        },
    )
    assert withdrawn.verdict == "withdraw" and withdrawn.proposed_grade == "none"


# ---- every rule reads only what the fact catalogue declares -------------------------------------------------------

CATALOGUE = {spec.name: spec for spec in Engine().facts.catalogue}


def _compared_values(cond: dict) -> list[tuple[str, object]]:
    """(fact, value) for every value a condition compares a fact with: `x: v`, `x: {in: [...]}`, `x: {not: v}`."""
    out: list[tuple[str, object]] = []
    for key, value in cond.items():
        if key == "any":
            for sub in value:
                out += _compared_values(sub)
        elif not isinstance(value, dict):
            out.append((key, value))
        elif "in" in value:
            out += [(key, v) for v in value["in"]]
        elif "not" in value:
            out.append((key, value["not"]))
    return out


def _declares(values: tuple, value: object) -> bool:
    return any(v == value and type(v) is type(value) for v in values)  # True is not 1


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_condition_value_is_one_the_fact_declares(rule) -> None:
    for name, value in _compared_values(rule.when):
        spec = CATALOGUE.get(name)
        if spec is None or isinstance(spec.values, str):  # `fid`, or a fact whose values are described, not listed
            continue
        takes = spec.describe_values()
        assert _declares(spec.values, value), f"{rule.id}: when.{name} is {value!r}; {name} takes {takes}"


def _placeholders(rule) -> set[str]:
    return {m for text in (rule.message, rule.suggestion or "") for m in re.findall(r"\{(\w+)\}", text)}


def _span_values(rule) -> set[str]:
    return ({"span_words"} | {f"{lex}_words" for lex in rule.span.lexicons}) if rule.span else set()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_placeholder_is_a_fact_the_span_or_filled_by_the_facts(rule, engine: Engine) -> None:
    """A placeholder names a fact of the catalogue, the span's words, or a message value the facts fill for the
    finding the rule flags (seen on each of the rule's bad examples)."""
    rest = _placeholders(rule) - set(CATALOGUE) - _span_values(rule)
    if not rest:
        return
    for example in rule.bad:
        report, fid = report_from_example(example)
        result, built = _check_with_facts(engine_for(example, engine), report)
        flagged = [
            ff
            for ff, f in zip(built, result.findings, strict=True)
            if (fid is None or f.id == fid) and any(i.rule == rule.id for i in f.issues)
        ]
        assert flagged, f"{rule.id} should flag {example['name']}"
        for ff in flagged:
            unfilled = sorted(p for p in rest if p not in ff.ctx and p not in ff.fact)
            assert not unfilled, f"{rule.id} {example['name']}: no fact fills {unfilled}"


def _check_with_facts(eng: Engine, report) -> tuple:
    """The verdict and the facts the engine computed for it, finding by finding."""
    built: list = []
    build = eng.facts.build

    def recording(*args, **kwargs):
        out = build(*args, **kwargs)
        built.extend(out)
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(eng.facts, "build", recording)
        result = eng.check(report)
    return result, built


def test_a_rule_on_a_new_phrase_list_needs_only_the_two_files(tmp_path) -> None:
    """The catalogue's promise (ARCHITECTURE.md): a new lexicon file and a new rule file, and nothing else, give
    a working rule: its fact `<lexicon>_in_statement` is generated, its condition and placeholder are checked,
    and it fires on a finding with the phrase and on no other."""
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(rules_folder(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "lexicons" / "hearsay_from_a_blog.yaml").write_text(
        "id: hearsay_from_a_blog\n"
        "description: A finding that rests on what a blog or a forum said.\n"
        "phrases:\n"
        "  - (?:a|an|the)\\s+(?:blog|forum|online)\\s+(?:post|thread|article)\n",
        encoding="utf-8",
    )
    (folder / "ZZ01.yaml").write_text(
        """id: ZZ01
name: blog-cited-as-requirement
category: preference
severity: info
effect: none
basis: ISO/IEC 17021-1:2015 9.4.5.1
message: "The finding leans on '{span_words}', which is no requirement."
suggestion: "Cite the requirement of the standard instead."
span: {field: statement, lexicon: hearsay_from_a_blog}
when:
  hearsay_from_a_blog_in_statement: true
docs:
  summary: Flags a blog or forum post cited where a requirement should be.
  rationale: A requirement is in the standard or the client's documents, never in a blog post.
  bad:
    - {name: cites_a_blog_post, why: "A blog post is no requirement.", grade: minor, clause: "7.5.1",
       statement: "Per a blog post on lean documentation, the quality manual is too long.",
       evidence: "Manual QM-1 rev 4."}
  good:
    - {name: cites_the_standard, why: "The requirement is the standard's.", grade: minor, clause: "7.5.3.2",
       statement: "Obsolete procedure QP-4 rev 2 was in use at the press.", evidence: "QP-4 rev 2 at press 3."}
""",
        encoding="utf-8",
    )
    rules = load_rules(folder)
    lexicons = load_lexicons(folder / "lexicons")
    new = next(r for r in rules if r.id == "ZZ01")
    engine = Engine(rules=rules, lexicons=lexicons)
    assert "hearsay_from_a_blog_in_statement" in {s.name for s in engine.facts.catalogue}
    assert condition_fields(new.when) <= {s.name for s in engine.facts.catalogue}

    def issues(statement: str) -> list[str]:
        report = {
            "id": "R",
            "standard": "ISO 9001:2015",
            "findings": [
                {
                    "id": "N1",
                    "grade": "minor",
                    "clause": "7.5.1",
                    "statement": statement,
                    "evidence": "Manual QM-1 rev 4.",
                }
            ],
        }
        return [i.message for i in engine.check(Report.model_validate(report)).findings[0].issues if i.rule == "ZZ01"]

    assert issues("Per an online article on lean documentation, the quality manual is too long.") == [
        "The finding leans on 'an online article', which is no requirement."
    ]
    assert issues("The quality manual QM-1 does not describe the interaction of the processes.") == []


def test_a_withdrawn_findings_reasons_are_the_withdraw_rules_only(engine: Engine) -> None:
    """Uncited and unidentified evidence are put right (revise), never reasons a finding is invalid: a withdrawn
    finding's grade reasons name only the rules that withdraw it."""
    report = Report.model_validate(
        {
            "id": "R",
            "standard": "ISO 9001:2015",
            "findings": [
                {"id": "N1", "grade": "minor", "statement": "It would be nicer to survey suppliers twice a year."}
            ],
        }
    )
    verdict = engine.check(report).findings[0]
    assert verdict.verdict == "withdraw"
    withdrawing = {i.rule for i in verdict.issues if engine.rules[i.rule].effect == "withdraw"}
    others = {i.rule for i in verdict.issues if i.severity == "error"} - withdrawing
    assert withdrawing and others  # the case matters: an error-level issue that does not withdraw (uncited)
    assert verdict.grade_reasons == [
        f"not a valid nonconformity: {i.category.replace('_', ' ')} ({i.rule})"
        for i in verdict.issues
        if i.rule in withdrawing
    ]
