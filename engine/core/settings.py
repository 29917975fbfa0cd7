"""The service's settings: one class, read from NCAUDIT_* environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from engine.inputs.importer import Limits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NCAUDIT_", extra="ignore")

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
        return Limits(
            max_file_bytes=self.max_body_bytes,
            max_uncompressed_bytes=self.import_max_uncompressed_bytes,
            max_compression_ratio=self.import_max_compression_ratio,
            max_rows=self.import_max_rows,
            max_columns=self.import_max_columns,
            max_cell_chars=self.import_max_cell_chars,
            max_findings=self.max_findings,
            max_output_bytes=self.max_output_bytes,
        )

    def origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def standards_dirs(self) -> list[str]:
        import os

        return [d for d in (self.standards_dir or "").split(os.pathsep) if d]
