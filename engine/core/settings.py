"""The settings of both doors, the service and the command line: one class, read from NCAUDIT_* environment
variables, and what they decide: import limits, standards folders, how uvicorn runs."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.core.errors import validation_messages
from engine.core.limits import DEFAULT_LIMITS, Limits

ENV_PREFIX = "NCAUDIT_"


class Settings(BaseModel):
    """Each field from NCAUDIT_<FIELD> (any case), else its default; values given as arguments win. The
    variables are read here, as pydantic-settings read them before (strings validated by the fields), because
    importing pydantic-settings (asyncio, dotenv) took a tenth of a command's start-up."""

    model_config = ConfigDict(extra="ignore")

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment_values(), **values})

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = Field(
        None, ge=1, le=64, description="Worker processes; default: one per CPU core, at most 4."
    )
    standards_dir: str | None = Field(
        None, description="Extra standards folder(s), separated by the OS path separator."
    )
    rules_config: str | None = Field(None, description="Rules configuration file (YAML).")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS; empty disables CORS.")
    max_body_bytes: int = Field(2 * 1024 * 1024, ge=1024)
    max_findings: int = Field(1000, ge=1)
    api_keys: str = Field("", description="Comma-separated API keys; when set, every /v1 route needs one.")
    # imported files (.xlsx, .csv, pasted rows, .json): bounds decided before the work, each refusal names its own
    import_max_uncompressed_bytes: int = Field(32 * 1024 * 1024, ge=1024, description="An .xlsx archive, unpacked.")
    import_max_compression_ratio: float = Field(100.0, ge=2, description="Any .xlsx part over 1 MB unpacked.")
    import_max_rows: int = Field(5000, ge=1, description="Non-empty rows of a sheet or CSV file.")
    import_max_columns: int = Field(100, ge=1)
    import_max_cell_chars: int = Field(100_000, ge=100)
    import_max_pages: int = Field(300, ge=1, description="Pages of a PDF report.")
    import_max_lines: int = Field(50_000, ge=100, description="Lines and table rows of a PDF or Word report.")
    import_max_page_objects: int = Field(
        20_000, ge=100, description="Text and drawing operators in one content stream of a PDF report."
    )
    max_output_bytes: int = Field(8 * 1024 * 1024, ge=1024, description="A report read from a file, as JSON.")
    # slow clients and costly requests
    header_timeout_seconds: float = Field(10.0, gt=0, description="Time to send the request headers.")
    body_timeout_seconds: float = Field(30.0, gt=0, description="Time to send the request body.")
    keep_alive_seconds: int = Field(5, ge=1, description="Idle time before a kept-alive connection is closed.")
    max_connections: int = Field(
        2048, ge=1, description="Open connections per worker (at most the open-file limit); more get 503."
    )
    max_check_cpu_seconds: float = Field(20.0, gt=0, description="CPU time one request may take.")
    # who may post: cross-origin posts need an allowed origin or an API key; Host must be one of ours
    allowed_hosts: str = Field(
        "",
        description="Comma-separated host names accepted in `Host`; empty: localhost, 127.0.0.1, [::1], the bind host.",
    )

    def keys(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    def hosts(self) -> list[str]:
        given = [h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()]
        if given:
            return given
        bind = self.host.lower()
        names = ["localhost", "127.0.0.1", "[::1]", "::1"]
        if bind not in ("0.0.0.0", "::", ""):
            names.append(f"[{bind}]" if ":" in bind and not bind.startswith("[") else bind)
        return names

    def import_limits(self) -> Limits:
        """The service's: a file arrives in the request body, so it is bounded by NCAUDIT_MAX_BODY_BYTES."""
        return Limits(
            max_file_bytes=self.max_body_bytes,
            max_uncompressed_bytes=self.import_max_uncompressed_bytes,
            max_compression_ratio=self.import_max_compression_ratio,
            max_rows=self.import_max_rows,
            max_columns=self.import_max_columns,
            max_cell_chars=self.import_max_cell_chars,
            max_findings=self.max_findings,
            max_output_bytes=self.max_output_bytes,
            max_pages=self.import_max_pages,
            max_lines=self.import_max_lines,
            max_page_objects=self.import_max_page_objects,
        )

    def origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def file_limits(self) -> Limits:
        """The command line's: the same limits, but a file read from disk is bounded by NCAUDIT_MAX_BODY_BYTES
        only when that is set (else by the default `Limits`, 8 MB, not the service's 2 MB body)."""
        limits = self.import_limits()
        if "max_body_bytes" in self.model_fields_set:
            return limits
        return replace(limits, max_file_bytes=DEFAULT_LIMITS.max_file_bytes)

    def standards_dirs(self) -> list[str]:
        return [d for d in (self.standards_dir or "").split(os.pathsep) if d]

    def uvicorn_options(self) -> dict[str, Any]:
        """Keyword arguments for `uvicorn.run`: bounded keep-alive, header size, connections; guarded headers
        (the service's own h11 protocol, named by its import string: the engine imports nothing from api/)."""
        return {
            "http": "api.server:GuardedH11Protocol",
            "timeout_keep_alive": self.keep_alive_seconds,
            "h11_max_incomplete_event_size": 64 * 1024,
            "limit_concurrency": min(self.max_connections, open_file_limit() - 64),
            "backlog": 2048,
            "timeout_graceful_shutdown": 30,
        }


def environment_values() -> dict[str, str]:
    """The NCAUDIT_* variables that name a field of `Settings`, by field name."""
    fields = Settings.model_fields
    out = {}
    for key, value in os.environ.items():
        upper = key.upper()
        if upper.startswith(ENV_PREFIX) and (name := upper[len(ENV_PREFIX) :].lower()) in fields:
            out[name] = value
    return out


class SettingsError(ValueError):
    """NCAUDIT_* settings that cannot be used; the message names each variable and what is wrong."""


def load_settings() -> Settings:
    """The settings from the environment; a bad value raises SettingsError naming its variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError("; ".join(validation_messages(exc, where=_variable))) from None


def _variable(loc: tuple[Any, ...], data: Any) -> str:
    return ENV_PREFIX + "_".join(str(part) for part in loc).upper()


def raise_open_file_limit() -> None:
    """Soft limit on open files up to the hard one: more idle connections before accept() fails."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536, hard)
            )
    except (ImportError, ValueError, OSError):
        pass


def open_file_limit() -> int:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return soft if soft != resource.RLIM_INFINITY else 1 << 20
    except (ImportError, ValueError, OSError):
        return 1024
