"""`ncaudit eval`: accuracy on labelled cases (format of ../shared/corpus/README.md)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core.errors import validation_messages
from engine.core.models import Report
from engine.core.vocabulary import FACT_GRADES, INVALID_VERDICTS, PROPOSED_GRADES
from engine.core.yamlio import load_yaml
from engine.rulebook.rulebase import rules_folder
from engine.tools.cases import read_cases
from engine.tools.inference_eval import clause_inference_figures


def amendments() -> dict[tuple[str, str], dict[str, Any]]:
    """Corpus expectations a later contract superseded (rules/contract/amendments.yaml), by (case, finding)."""
    path = rules_folder() / "contract" / "amendments.yaml"
    if not path.is_file():
        return {}
    return {(a["case"], a["finding"]): a for a in load_yaml(path.read_text(encoding="utf-8")) or []}


def evaluate_file(path: Path, engine: Any) -> dict[str, Any]:
    cases = read_cases(path)
    result = evaluate(cases, engine, str(path))
    fig = clause_inference_figures(cases, engine)
    result["inference"] = {"citations removed": {"n": fig["n"], "first": fig["top1"], "top3": fig["top3"]}}
    return result


def _validity(exp: dict[str, Any]) -> str | None:
    """`valid` (must not be withdrawn), `invalid` (must be withdrawn or regraded), or None when not judged."""
    allowed = set(exp.get("verdict_in") or ([exp["verdict"]] if "verdict" in exp else []))
    if not allowed:
        return None
    if "withdraw" not in allowed:
        return "valid"
    if allowed <= INVALID_VERDICTS:
        return "invalid"
    return None


def evaluate(cases: list[dict[str, Any]], engine: Any, source: str = "cases") -> dict[str, Any]:
    met = total = 0
    failures: list[dict[str, str]] = []
    tp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    verdict_ok = verdict_n = grade_ok = grade_n = 0
    valid_n = valid_kept = invalid_n = invalid_flagged = invalid_caught = 0
    kept_invalid: list[str] = []
    withdrawn_valid: list[str] = []
    amended = amendments()
    amended_used: list[str] = []
    grades: list[tuple[str, str, str]] = []  # (raised, expected, proposed) of each finding whose grade is judged

    for case in cases:
        cid = str(case.get("id", "?"))
        try:
            report = Report.model_validate(case["report"])
        except KeyError:
            raise ValueError(f"{source}: case {cid}: no `report`") from None
        except ValidationError as exc:
            msg = "; ".join(validation_messages(exc, case.get("report")))
            raise ValueError(f"{source}: case {cid}: {msg}") from None
        result = engine.check(report)
        by_id = {f.id: f for f in result.findings}
        for fid, exp in (case.get("expect") or {}).items():
            got = by_id.get(fid)
            if (cid, fid) in amended:
                exp = {**exp, **amended[(cid, fid)]["replace"]}
                amended_used.append(f"{cid}/{fid}")

            def check(ok: bool, what: str, cid: str = cid, fid: str = fid, got: Any = got) -> None:
                nonlocal met, total
                total += 1
                met += ok
                if not ok:
                    failures.append({"case": cid, "finding": fid, "expected": what, "got": _got(got)})

            if got is None:
                check(False, "the finding in the output")
                continue
            cats = {i.category for i in got.issues}
            for c in exp.get("categories", []):
                check(c in cats, f"category {c}")
                if c in cats:
                    tp[c] += 1
                else:
                    fn[c] += 1
            for c in exp.get("absent_categories", []):
                check(c not in cats, f"no {c}")
                if c in cats:
                    fp[c] += 1
            if "verdict" in exp:
                verdict_n += 1
                verdict_ok += got.verdict == exp["verdict"]
                check(got.verdict == exp["verdict"], f"verdict {exp['verdict']}")
                if exp["verdict"] == "sound":
                    errors = [i for i in got.issues if i.severity == "error"]
                    check(not errors, "no error issue (sound)")
                    for i in errors:
                        if i.category not in exp.get("categories", []):
                            fp[i.category] += 1
            if "verdict_in" in exp:
                verdict_n += 1
                verdict_ok += got.verdict in exp["verdict_in"]
                check(got.verdict in exp["verdict_in"], f"verdict in {'/'.join(exp['verdict_in'])}")
            validity = _validity(exp)
            if validity == "valid":
                valid_n += 1
                valid_kept += got.verdict != "withdraw"
                if got.verdict == "withdraw":
                    withdrawn_valid.append(f"{cid}/{fid}")
            elif validity == "invalid":
                invalid_n += 1
                invalid_flagged += got.verdict in INVALID_VERDICTS
                if caught(got):
                    invalid_caught += 1
                else:
                    kept_invalid.append(f"{cid}/{fid}")
            if "proposed_grade" in exp:
                grade_n += 1
                grade_ok += got.proposed_grade == exp["proposed_grade"]
                grades.append((got.raised_grade or "ungraded", exp["proposed_grade"], got.proposed_grade))
                check(got.proposed_grade == exp["proposed_grade"], f"proposed_grade {exp['proposed_grade']}")

    categories = {}
    for c in sorted(set(tp) | set(fn) | set(fp)):
        p_den, r_den = tp[c] + fp[c], tp[c] + fn[c]
        categories[c] = {
            "tp": tp[c],
            "fp": fp[c],
            "fn": fn[c],
            "precision": round(tp[c] / p_den, 3) if p_den else None,
            "recall": round(tp[c] / r_den, 3) if r_den else None,
        }
    problems_n = sum(tp.values()) + sum(fn.values())
    return {
        "source": source,
        "cases": len(cases),
        "expectations": {"met": met, "total": total, "rate": round(met / total, 4) if total else 1.0},
        "verdict_agreement": {"agree": verdict_ok, "judged": verdict_n},
        "grade_agreement": {"agree": grade_ok, "judged": grade_n},
        **grade_figures(grades),
        "valid_kept": {"kept": valid_kept, "judged": valid_n, "withdrawn": withdrawn_valid},
        "invalid_flagged": {"flagged": invalid_flagged, "judged": invalid_n},
        "invalid_caught": {"caught": invalid_caught, "judged": invalid_n, "kept": kept_invalid},
        "problems_found": {"found": sum(tp.values()), "named": problems_n},
        "amended": amended_used,
        "categories": categories,
        "failures": failures,
    }


def caught(f: Any) -> bool:
    """An invalid finding is caught when it is withdrawn or its proposed grade is below a nonconformity (`ofi`,
    `none`); `revise` keeps it, and so does a regrade to minor (contract.md)."""
    return bool(f.verdict == "withdraw" or f.proposed_grade in ("ofi", "none"))


def _got(f: Any) -> str:
    if f is None:
        return "missing"
    cats = ",".join(sorted({i.category for i in f.issues})) or "-"
    return f"{f.verdict}/{f.proposed_grade} [{cats}]"


def _share(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.0%})" if b else "-"


def format_eval(r: dict[str, Any]) -> str:
    lines = [f"{r['source']}: {r['cases']} cases"]
    lines.append(f"{'category':<36}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for c, m in r["categories"].items():
        p = "-" if m["precision"] is None else f"{m['precision']:.2f}"
        rc = "-" if m["recall"] is None else f"{m['recall']:.2f}"
        lines.append(f"{c:<36}{p:>10}{rc:>8}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}")
    for f in r["failures"]:
        lines.append(f"FAIL {f['case']} {f['finding']}: expected {f['expected']}, got {f['got']}")
    if r.get("amended"):
        lines.append(
            f"expectations amended by a later contract (rules/contract/amendments.yaml): {', '.join(r['amended'])}"
        )
    e, v, g = r["expectations"], r["verdict_agreement"], r["grade_agreement"]
    vk, inv, pr = r["valid_kept"], r["invalid_flagged"], r["problems_found"]
    for name, fig in (r.get("inference") or {}).items():
        lines.append(
            f"clause inference ({name}): first {_share(fig['first'], fig['n'])}, "
            f"top three {_share(fig['top3'], fig['n'])}"
        )
    lines.append(
        f"valid findings kept (not withdrawn): {_share(vk['kept'], vk['judged'])}"
        + (f"; withdrawn: {', '.join(vk['withdrawn'])}" if vk["withdrawn"] else "")
    )
    ca = r["invalid_caught"]
    lines.append(
        f"invalid findings caught (withdrawn, or proposed ofi/none): {_share(ca['caught'], ca['judged'])}"
        + (f"; kept: {', '.join(ca['kept'])}" if ca["kept"] else "")
    )
    lines.append(f"invalid findings flagged (withdraw or regrade): {_share(inv['flagged'], inv['judged'])}")
    lines.append(f"problems named by the labels found: {_share(pr['found'], pr['named'])}")
    lines.append(f"verdicts agree {v['agree']}/{v['judged']}; proposed grades agree {_share(g['agree'], g['judged'])}")
    lines.extend(format_grades(r))
    lines.append(f"expectations met: {e['met']}/{e['total']} ({e['rate']:.1%})")
    return "\n".join(lines)


RAISED_ORDER = FACT_GRADES  # the grades raised, `ungraded` when none was given
PROPOSED_ORDER = PROPOSED_GRADES
BELOW_MAJOR = PROPOSED_GRADES[PROPOSED_GRADES.index("major") + 1 :]  # what the label may call a finding short of major


def grade_figures(grades: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Grade agreement by the grade raised, and the confusion of raised against proposed, over the findings
    whose grade is judged ((raised, expected, proposed) each)."""
    by_raised: dict[str, dict[str, int]] = {}
    confusion: dict[str, dict[str, int]] = {}
    for raised, expected, proposed in grades:
        row = by_raised.setdefault(raised, {"agree": 0, "judged": 0})
        row["judged"] += 1
        row["agree"] += expected == proposed
        cells = confusion.setdefault(raised, {})
        cells[proposed] = cells.get(proposed, 0) + 1
    order = {g: i for i, g in enumerate(RAISED_ORDER)}
    majors = [proposed for _, expected, proposed in grades if expected == "major"]
    return {
        "grade_by_raised": {g: by_raised[g] for g in sorted(by_raised, key=lambda g: order.get(g, len(order)))},
        "grade_confusion": {g: confusion[g] for g in sorted(confusion, key=lambda g: order.get(g, len(order)))},
        # issue 24's two figures: majors the label calls major proposed major, and majors proposed where the label
        # calls the finding a minor or less
        "majors_found": {"found": majors.count("major"), "judged": len(majors)},
        "major_where_not": sum(
            1 for _, expected, proposed in grades if proposed == "major" and expected in BELOW_MAJOR
        ),
    }


def format_grades(r: dict[str, Any]) -> list[str]:
    """The grade figures as lines: agreement by raised grade, then raised (rows) against proposed (columns)."""
    by_raised, confusion = r.get("grade_by_raised") or {}, r.get("grade_confusion") or {}
    if not by_raised:
        return []
    rows = [g for g in RAISED_ORDER if g != "ungraded" or g in by_raised] + [
        g for g in by_raised if g not in RAISED_ORDER
    ]
    none = {"agree": 0, "judged": 0}
    lines = [
        "proposed grades agree, by raised grade: "
        + "; ".join(f"{g} {_share(by_raised.get(g, none)['agree'], by_raised.get(g, none)['judged'])}" for g in rows)
    ]
    found = r.get("majors_found") or {"found": 0, "judged": 0}
    if found["judged"]:
        lines.append(
            f"majors found (labelled major, proposed major): {_share(found['found'], found['judged'])}; "
            f"proposed major where the label says minor or less: {r.get('major_where_not', 0)}"
        )
    lines.append(f"{'raised / proposed':<20}" + "".join(f"{p:>8}" for p in PROPOSED_ORDER))
    for raised in rows:
        cells = confusion.get(raised, {})
        lines.append(f"{raised:<20}" + "".join(f"{cells.get(p, 0):>8}" for p in PROPOSED_ORDER))
    return lines
