"""Golden file: the whole JSON answer for the bundled example, so any change in wording or order shows in review.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`.
"""

from __future__ import annotations

import json
import os

from engine.check.engine import Engine
from engine.core.models import Report
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def test_example_report_matches_golden(engine: Engine) -> None:
    source = ROOT / "examples" / "cb-2026-0142.json"
    result = engine.check(Report.model_validate_json(source.read_text())).model_dump(mode="json")
    result["engine"]["standards"] = sorted(result["engine"]["standards"])
    path = GOLDEN / "cb-2026-0142.json"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    assert path.exists(), "no golden file: run UPDATE_GOLDEN=1 pytest tests/test_golden.py and review it"
    assert result == json.loads(path.read_text())
