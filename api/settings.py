"""The service's settings: one class, read from NCAUDIT_* environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    def keys(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    def origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def standards_dirs(self) -> list[str]:
        import os

        return [d for d in (self.standards_dir or "").split(os.pathsep) if d]
