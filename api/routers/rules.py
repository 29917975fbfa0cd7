"""The rule catalogue, with each rule's documentation."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.deps import EngineDep
from api.responses import RuleDoc

router = APIRouter(prefix="/v1/rules", tags=["rules"])


@router.get(
    "",
    response_model=list[RuleDoc],
    response_model_exclude_unset=True,
    summary="Every rule with its category, severity and documentation",
)
def list_rules(engine: EngineDep) -> list[RuleDoc]:
    return [RuleDoc.model_validate(r.docs()) for r in engine.all_rules]


@router.get("/{rule_id}", response_model=RuleDoc, response_model_exclude_unset=True, summary="One rule by id or name")
def get_rule(rule_id: str, engine: EngineDep) -> RuleDoc:
    rule = engine.rule(rule_id)
    if rule is None:
        raise HTTPException(404, detail=f"no rule {rule_id!r}; see GET /v1/rules")
    return RuleDoc.model_validate(rule.docs())
