"""Property-based run over the OpenAPI (schemathesis): no 5xx, and no answer the OpenAPI does not document.

Bounded: 25 examples an operation (a few hundred in all), on FastAPI's in-process ASGI transport."""

from __future__ import annotations

import tempfile

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    status_code_conformance,
)

from api.main import create_app  # noqa: E402
from engine.core.settings import Settings  # noqa: E402

# its own store: the run makes API keys (POST /v1/desk/keys), which would then guard every other test's app
APP = create_app(Settings(max_findings=20, data_dir=tempfile.mkdtemp(prefix="ncaudit-schemathesis-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_5xx_and_no_undocumented_answer(case: schemathesis.Case) -> None:
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance])
