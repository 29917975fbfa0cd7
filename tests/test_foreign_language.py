"""A finding not written in English is not read with English word lists or the English clause inference: it
gets the language note, citation checks only, and a requirement taken from its citation alone."""

from __future__ import annotations

import pytest

from engine.check.engine import Engine
from engine.core.models import CITATION_CATEGORIES, Report

FOREIGN = [
    (  # German: "die" is an article here, not the English verb
        "German",
        "Die Wartung der Druckluftanlage wurde nicht wie geplant durchgeführt, weil der Techniker die Firma "
        "verlassen hat. Die Anlage muss ersetzt werden.",
        "Wartungsplan WP-3: Intervall drei Monate; letzte Wartung am 2026-01-12.",
    ),
    (
        "Spanish",
        "No se evaluó a los proveedores nuevos y la empresa debería comprar un programa informático para ello, "
        "debido a la falta de personal.",
        "Lista de proveedores LP-4: los proveedores P-17 y P-21 sin evaluación en 2026.",
    ),
    (
        "French",
        "Les enregistrements de formation ne sont pas disponibles pour les opérateurs de la ligne 2 et la direction "
        "devrait installer un logiciel de gestion des compétences.",
        "Dossiers du personnel des opérateurs O-3 et O-9 sans attestation.",
    ),
]


def _check(engine: Engine, statement: str, evidence: str | None, clause: str | None):
    report = Report.model_validate(
        {
            "standard": "ISO 9001:2015",
            "findings": [
                {"id": "F1", "grade": "minor", "clause": clause, "statement": statement, "evidence": evidence}
            ],
        }
    )
    return engine.check(report).findings[0]


@pytest.mark.parametrize(("language", "statement", "evidence"), FOREIGN, ids=[f[0] for f in FOREIGN])
@pytest.mark.parametrize("clause", ["7.1.3", "8.4.1", "7.2 d)", "7.5", None])
def test_no_english_derived_issue(
    engine: Engine, language: str, statement: str, evidence: str, clause: str | None
) -> None:
    finding = _check(engine, statement, evidence, clause)
    assert any(language in note for note in finding.notes)
    assert {i.category for i in finding.issues} <= set(CITATION_CATEGORIES) - {"citation_mismatch"}
    assert finding.verdict != "withdraw"
    req = finding.requirement
    assert req is not None
    if clause is None:  # nothing to take it from: the words are not read for it
        assert req.source == "none" and not req.alternatives
    else:
        assert req.source in ("cited", "none") or (req.source == "inferred" and finding.citation.status == "too_broad")
        assert not req.alternatives or finding.citation.status == "too_broad"


def test_the_same_finding_in_english_is_read(engine: Engine) -> None:
    finding = _check(
        engine,
        "Maintenance of the compressed-air plant was not done as planned, because the technician left the company.",
        "Maintenance plan MP-3: interval three months; last maintenance on 2026-01-12.",
        "7.1.3",
    )
    assert not finding.notes
    assert "suggests_cause" in {i.category for i in finding.issues}
