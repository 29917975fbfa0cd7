"""How well the clause inference finds the requirement a correctly cited finding belongs to.

Selection (`right_cited`): a finding is measured when
- its case names an expectation for it (the case judged it);
- its standard (the finding's own, else the report's) is a loaded requirements standard;
- its `clause` field yields at least one citation and every citation resolves (`resolved`) in that standard;
- its expected `categories` name no citation defect (`uncited`, `unknown_standard`, `unknown_clause`,
  `wrong_edition`, `informative_clause`, `too_broad`, `citation_mismatch`) and none of `preference`,
  `out_of_scope`, `documented_procedure_not_required` (no requirement stands behind such a finding, so its
  citation is no answer to learn from);
- its expected verdict is not `withdraw` (nor `verdict_in` only `withdraw`): a withdrawn finding has no
  unmet requirement behind it, so its clause names no requirement that was not fulfilled.

Each selected finding's clause is removed; its statement and evidence are given to `infer_requirements`
(the evidence apart, as it counts less).
A hit: an inferred clause equals a cited one, or one is a sub-clause or item of the other (`8.4.1` and
`8.4.1 b)`; `7.1.5` and `7.1.5.2`). Top-1 counts the first inferred clause, top-3 the first three.

Run: `python -m engine.tools.inference_eval` prints the figures for the team, dev and real cases.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Protocol

from engine.check.requirement import NO_REQUIREMENT
from engine.core.models import CITATION_CATEGORIES, Report
from engine.facts.citation import lack_text
from engine.facts.reading import read_finding
from engine.standards.citation import resolve_citations
from engine.standards.inference import citation_fit, infer_requirements, related, requirement_index, without_purpose
from engine.standards.library import StandardLibrary
from engine.tools.cases import read_cases as read_case_files

CITATION_DEFECTS = frozenset(CITATION_CATEGORIES)


class _HasLibrary(Protocol):
    library: StandardLibrary


def same_requirement(inferred: str, cited: str) -> bool:
    """Equal, or one is a sub-clause of the other (`8.4` and `8.4.1`)."""
    return inferred == cited or inferred.startswith(cited + ".") or cited.startswith(inferred + ".")


def right_cited(cases: list[dict[str, Any]], lib: StandardLibrary) -> list[dict[str, Any]]:
    """The measured findings: `{"case", "finding", "standard", "cited": [numbers], "text"}` each."""
    out = []
    for case in cases:
        expect = case.get("expect") or {}
        report = Report.model_validate(case["report"])
        for i, f in enumerate(report.findings):
            e = expect.get(f.id or f"#{i + 1}")
            if e is None or not f.clause:
                continue
            cats = set(e.get("categories") or ())
            if cats & CITATION_DEFECTS or cats & NO_REQUIREMENT:
                continue
            if e.get("verdict") == "withdraw" or e.get("verdict_in") == ["withdraw"]:
                continue
            std = lib.resolve(f.standard or report.standard)
            if std is None or not std.is_requirements:
                continue
            cits = resolve_citations(f.clause, std, lib)
            if not cits or any(c.status != "resolved" or c.clause is None or c.standard is not std for c in cits):
                continue
            out.append(
                {
                    "case": case.get("id"),
                    "finding": f.id,
                    "standard": std.id,
                    "cited": [c.clause.number for c in cits if c.clause is not None],
                    "text": f.statement,
                    "evidence": f.evidence_text(),
                }
            )
    return out


def clause_inference_figures(cases: list[dict[str, Any]], engine: _HasLibrary, k: int = 3) -> dict[str, Any]:
    """`{"n", "top1", "top3", "top1_rate", "top3_rate", "misses": [...]}` over the right-cited findings."""
    lib = engine.library
    rows = right_cited(cases, lib)
    top1 = top3 = 0
    misses = []
    for r in rows:
        std = lib.get(r["standard"])
        assert std is not None
        text = without_purpose(r["text"])
        inferred = [m.number for m in infer_requirements(std, text, k=k, evidence=r["evidence"])]
        first = bool(inferred) and any(same_requirement(inferred[0], c) for c in r["cited"])
        any3 = any(same_requirement(n, c) for n in inferred[:3] for c in r["cited"])
        top1 += first
        top3 += any3
        if not first:
            misses.append({**r, "inferred": inferred, "top3": any3})
    n = len(rows)
    return {
        "n": n,
        "top1": top1,
        "top3": top3,
        "top1_rate": top1 / n if n else 0.0,
        "top3_rate": top3 / n if n else 0.0,
        "misses": misses,
    }


def citation_fit_figures(cases: list[dict[str, Any]], engine: _HasLibrary) -> dict[str, Any]:
    """How the citation-fit check (`citation_mismatch`) does on the right-cited findings: `false`, the right
    citations it calls a mismatch (each one a false `citation_mismatch`); `caught_far` and `caught_near`, the share
    of wrong citations put in their place that it calls one: a requirement from another main clause (far) and one
    from the same main clause outside the cited one's subject (near), each chosen by a fixed rule from the finding's
    position. A wrong citation may happen to fit the finding too, so the caught shares are a lower bound."""
    lib = engine.library
    rows = right_cited(cases, lib)
    false, far_n, far_caught, near_n, near_caught = [], 0, 0, 0, 0
    for pos, r in enumerate(rows):
        std = lib.get(r["standard"])
        assert std is not None
        text = without_purpose(r["text"])
        evidence = r["evidence"] or None
        cited = r["cited"][0]
        lack = lack_text(read_finding(r["text"], r["evidence"] or ""))
        fit = citation_fit(std, cited, text, evidence, lack)
        if not fit.fits:
            false.append({**r, "best": fit.best})
        pool = [c.number for c in requirement_index(std).clauses]
        head = cited.split(".")[0]
        unrelated = [n for n in pool if not any(same_requirement(n, c) or related(n, c, std) for c in r["cited"])]
        far = [n for n in unrelated if n.split(".")[0] != head]
        near = [n for n in unrelated if n.split(".")[0] == head]
        for options, kind in ((far, "far"), (near, "near")):
            if not options:
                continue
            wrong = options[(pos * 7919 + len(r["text"])) % len(options)]
            caught = not citation_fit(std, wrong, text, evidence, lack).fits
            if kind == "far":
                far_n, far_caught = far_n + 1, far_caught + caught
            else:
                near_n, near_caught = near_n + 1, near_caught + caught
    return {
        "n": len(rows),
        "false": false,
        "far": far_n,
        "caught_far": far_caught,
        "near": near_n,
        "caught_near": near_caught,
    }


def read_cases(path: str | Path) -> list[dict[str, Any]]:
    return read_case_files(Path(path))


DEFAULT_SETS = {
    "team": "tests/cases/team",
    "inference": "tests/cases/inference_cases.jsonl",
    "holdout": "tests/cases/inference_holdout.jsonl",
    "fresh": "tests/cases/inference_fresh.jsonl",
    "blind": "tests/cases/inference_blind2.jsonl",
    "dev": "/work/shared/corpus/dev_cases.jsonl",
    "real": "/work/shared/corpus/real_cases.jsonl",
}


def main(argv: list[str] | None = None) -> int:
    """Print the figures for each case file (`name=path` arguments, or the default sets)."""
    from types import SimpleNamespace

    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    fit = "--fit" in args
    pairs = [a.split("=", 1) for a in args if "=" in a] or [[k, v] for k, v in DEFAULT_SETS.items()]
    engine = SimpleNamespace(library=StandardLibrary.load())
    for name, path in pairs:
        if not Path(path).exists():
            print(f"{name}: {path} not found")
            continue
        if fit:
            ff = citation_fit_figures(read_cases(path), engine)
            print(
                f"{name}: fit n={ff['n']} false_mismatch={len(ff['false'])} "
                f"caught far {ff['caught_far']}/{ff['far']} ({ff['caught_far'] / max(ff['far'], 1):.0%}) "
                f"near {ff['caught_near']}/{ff['near']} ({ff['caught_near'] / max(ff['near'], 1):.0%})"
            )
            if verbose:
                for m in ff["false"]:
                    print(
                        f"  FALSE {m['case']}/{m['finding']} {m['standard']} cited {m['cited']} best {m['best'].number}"
                    )
            continue
        fig = clause_inference_figures(read_cases(path), engine)
        print(
            f"{name}: n={fig['n']} top1={fig['top1']} ({fig['top1_rate']:.0%}) "
            f"top3={fig['top3']} ({fig['top3_rate']:.0%})"
        )
        if verbose:
            for m in fig["misses"]:
                mark = "top3" if m["top3"] else "MISS"
                print(f"  {mark} {m['case']}/{m['finding']} {m['standard']} cited {m['cited']} got {m['inferred']}")
                print(f"       {m['text'][:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
