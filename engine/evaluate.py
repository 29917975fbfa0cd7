"""`ncaudit eval`: accuracy on labelled cases (format of ../shared/corpus/README.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.errors import validation_messages
from engine.models import Report


def evaluate_file(path: Path, engine: Any) -> dict[str, Any]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: malformed JSON: {exc.msg}") from None
    return evaluate(cases, engine, str(path))


def evaluate(cases: list[dict[str, Any]], engine: Any, source: str = "cases") -> dict[str, Any]:
    met = total = 0
    failures: list[dict[str, str]] = []
    tp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    verdict_ok = verdict_n = grade_ok = grade_n = 0

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
            if "proposed_grade" in exp:
                grade_n += 1
                grade_ok += got.proposed_grade == exp["proposed_grade"]
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
    return {
        "source": source,
        "cases": len(cases),
        "expectations": {"met": met, "total": total, "rate": round(met / total, 4) if total else 1.0},
        "verdict_agreement": {"agree": verdict_ok, "judged": verdict_n},
        "grade_agreement": {"agree": grade_ok, "judged": grade_n},
        "categories": categories,
        "failures": failures,
    }


def _got(f: Any) -> str:
    if f is None:
        return "missing"
    cats = ",".join(sorted({i.category for i in f.issues})) or "-"
    return f"{f.verdict}/{f.proposed_grade} [{cats}]"


def format_eval(r: dict[str, Any]) -> str:
    lines = [f"{r['source']}: {r['cases']} cases"]
    lines.append(f"{'category':<36}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for c, m in r["categories"].items():
        p = "-" if m["precision"] is None else f"{m['precision']:.2f}"
        rc = "-" if m["recall"] is None else f"{m['recall']:.2f}"
        lines.append(f"{c:<36}{p:>10}{rc:>8}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}")
    for f in r["failures"]:
        lines.append(f"FAIL {f['case']} {f['finding']}: expected {f['expected']}, got {f['got']}")
    e, v, g = r["expectations"], r["verdict_agreement"], r["grade_agreement"]
    lines.append(f"verdicts agree {v['agree']}/{v['judged']}; proposed grades agree {g['agree']}/{g['judged']}")
    lines.append(f"expectations met: {e['met']}/{e['total']} ({e['rate']:.1%})")
    return "\n".join(lines)
