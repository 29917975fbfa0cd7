"""Request examples shown in the OpenAPI documentation."""

from __future__ import annotations

from typing import Any

FINDING_EXAMPLE: dict[str, Any] = {
    "id": "NC-3",
    "grade": "minor",
    "standard": "ISO 9001:2015",
    "clause": "7.1.5.2 a)",
    "statement": "Measuring equipment was not verified at specified intervals.",
    "evidence": (
        "Caliper C-118 (production cell 4) calibration label due 2026-03-01; no calibration record after 2025-03-01."
    ),
}
REPORT_EXAMPLE: dict[str, Any] = {
    "id": "CB-2026-0142",
    "standard": "ISO 9001:2015",
    "audit": {"type": "surveillance", "date": "2026-10-14", "scope": "Design and manufacture of valves"},
    "findings": [
        {k: v for k, v in FINDING_EXAMPLE.items() if k != "standard"},
        {
            "id": "NC-4",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "It is best practice to keep an electronic document register.",
            "evidence": "Paper register DR-1 lists all 46 controlled documents with current revisions.",
        },
    ],
}
