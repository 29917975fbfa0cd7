"""The rules configuration file (`--config`, `NCAUDIT_RULES_CONFIG`): severities, switches, scheme options."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.facts import Options
from engine.rulebase import Rule
from engine.yamlio import YamlError, load_yaml


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: Literal["error", "warning", "info"] | None = None


class SchemeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    ofi_allowed: bool = Field(True, description="False where the certification scheme prohibits OFIs (9.4.5.2).")
    systemic_k: int = Field(3, ge=2, le=100, description="Findings on one requirement that suggest a systemic failure.")


class RulesConfig(BaseModel):
    """
    ```yaml
    rules:
      CT10: {severity: info}            # by id or by name
      preference-stated-as-finding: {enabled: false}
    scheme:
      name: Example scheme
      ofi_allowed: false
      systemic_k: 4
    ```
    """

    model_config = ConfigDict(extra="forbid")
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    scheme: SchemeSettings = Field(default_factory=lambda: SchemeSettings())

    def options(self) -> Options:
        return Options(systemic_k=self.scheme.systemic_k, ofi_allowed=self.scheme.ofi_allowed)

    def apply(self, rules: list[Rule]) -> list[Rule]:
        """Rules with this configuration's severities and switches; unknown rule names are an error."""
        by_key = {k: r for r in rules for k in (r.id, r.name, *r.aliases)}
        unknown = sorted(set(self.rules) - set(by_key))
        if unknown:
            raise ConfigError(f"rules: unknown rule {', '.join(unknown)}; see `ncaudit rules` for ids and names")
        out = []
        for r in rules:
            setting = next((s for k, s in self.rules.items() if by_key[k] is r), None)
            if setting is None:
                out.append(r)
                continue
            severity = setting.severity or r.severity
            # an `info` flag is advice: it never changes a verdict
            effect = "none" if severity == "info" else r.effect
            out.append(replace(r, severity=severity, effect=effect, enabled=setting.enabled))
        return out


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and field."""


def load_config(path: str | Path | None) -> RulesConfig:
    if path is None:
        return RulesConfig()
    p = Path(path)
    try:
        data: Any = load_yaml(p.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the rules configuration ({exc.strerror})") from None
    except YamlError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from None
    try:
        return RulesConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"{p}: field `{where}`: {first['msg']}") from None
