"""The rule catalogue, with each rule's documentation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from api.deps import EngineDep

router = APIRouter(prefix="/v1/rules", tags=["rules"])


@router.get("", summary="Every rule with its category, severity and documentation")
def list_rules(engine: EngineDep) -> list[dict[str, Any]]:
    return [r.docs() for r in engine.all_rules]


@router.get("/{rule_id}", summary="One rule by id or name")
def get_rule(rule_id: str, engine: EngineDep) -> dict[str, Any]:
    rule = engine.rule(rule_id)
    if rule is None:
        raise HTTPException(404, detail=f"no rule {rule_id!r}; see GET /v1/rules")
    return rule.docs()
