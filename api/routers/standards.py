"""Loaded standards and their clauses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from api.deps import EngineDep
from api.responses import ClauseDetail, StandardDetail, StandardSummary
from engine.standards.citation import find_clause
from engine.standards.model import Standard

router = APIRouter(prefix="/v1/standards", tags=["standards"])


def _standard(engine: Any, std_id: str) -> Standard:
    std: Standard | None = engine.library.resolve(std_id)
    if std is None:
        raise HTTPException(404, detail=f"no standard {std_id!r}; see GET /v1/standards")
    return std


@router.get(
    "", response_model=list[StandardSummary], response_model_exclude_unset=True, summary="Every loaded standard"
)
def list_standards(engine: EngineDep) -> list[StandardSummary]:
    return [StandardSummary.model_validate({**s.to_dict(), "status": engine.library.status(s)}) for s in engine.library]


@router.get(
    "/{std_id}",
    response_model=StandardDetail,
    response_model_exclude_unset=True,
    summary="One standard with its clause tree",
)
def get_standard(std_id: str, engine: EngineDep) -> StandardDetail:
    std = _standard(engine, std_id)
    return StandardDetail.model_validate({**std.to_dict(with_clauses=True), "status": engine.library.status(std)})


@router.get(
    "/{std_id}/clauses/{number}",
    response_model=ClauseDetail,
    response_model_exclude_unset=True,
    summary="One clause: requirement summaries, verbal forms, documented information",
)
def get_clause(std_id: str, number: str, engine: EngineDep) -> ClauseDetail:
    std = _standard(engine, std_id)
    clause = find_clause(std, number, engine.library)
    if clause is None:
        raise HTTPException(404, detail=f"{std.designation} has no clause {number!r}")
    return ClauseDetail.model_validate({"standard": std.id, **clause.to_dict()})
