"""The rules configuration file (`--config`, `NCAUDIT_RULES_CONFIG`): severities, switches, scheme options."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from engine.core.bounded_read import SOURCE_MAX_BYTES, NotAFile, TooLarge, read_bytes_bounded
from engine.core.errors import field_error
from engine.core.vocabulary import Severity
from engine.core.yamlio import YamlError, load_yaml
from engine.rulebook.rulebase import Rule


@dataclass(slots=True)
class Options:
    """What the facts read from the configuration (`RulesConfig.options`)."""

    systemic_k: int = 3
    ofi_allowed: bool = True
    mismatch_ratio: float = 2.0


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: Severity | None = None


class SchemeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    ofi_allowed: bool = Field(True, description="False where the certification scheme prohibits OFIs (9.4.5.2).")
    systemic_k: int = Field(3, ge=2, le=100, description="Findings on one requirement that suggest a systemic failure.")


_DURATION = re.compile(
    r"^\s*(\d{1,4})\s*(days?|d|calendar days?|working days?|business days?|weeks?|w|months?|m)?\s*$", re.I
)


def _duration(value: Any) -> Any:
    """`30`, `30 days`, `10 working days`, `13 weeks`, `6 months`: checked here, counted by engine/outputs/plan.py."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return f"{value} days"
    if isinstance(value, str) and _DURATION.match(value):
        return " ".join(value.split()).lower()
    raise ValueError("a duration is a number of days, or `N days`, `N working days`, `N weeks` or `N months`")


Duration = Annotated[str | None, BeforeValidator(_duration)]


class GradeDeadlines(BaseModel):
    """What the certification body gives for one grade, counted from the audit's last day (9.4.9 "defined time")."""

    model_config = ConfigDict(extra="forbid")
    response: Duration = Field(None, description="Correction, cause analysis and corrective action (plan) submitted.")
    evidence: Duration = Field(None, description="Evidence that the corrective action is implemented and effective.")


class PlanSettings(BaseModel):
    """Deadlines for `ncaudit plan`: a certification body's policy, not the standard's (17021-1 sets no days)."""

    model_config = ConfigDict(extra="forbid")
    dispute: Duration = Field("14 days", description="Window to contest a finding (dispute or appeal).")
    major: GradeDeadlines = Field(default_factory=lambda: GradeDeadlines(response="14 days", evidence="60 days"))
    minor: GradeDeadlines = Field(default_factory=lambda: GradeDeadlines(response="30 days", evidence="90 days"))
    initial_major_limit: Duration = Field(
        "6 months",
        description="At initial certification, majors verified within this of stage 2's last day (9.5.3.2).",
    )
    schemes: dict[str, PlanSettings] = Field(
        default_factory=dict, description="A scheme's own deadlines, by scheme name (audit.scheme or scheme.name)."
    )


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
    plan:                               # deadlines of `ncaudit plan`, from the audit's last day
      dispute: 14 days
      major: {response: 10 working days, evidence: 60 days}
      minor: {response: 30 days, evidence: 90 days}
      schemes:
        IATF 16949: {major: {response: 15 days, evidence: 90 days}}
    ```
    """

    model_config = ConfigDict(extra="forbid")
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    scheme: SchemeSettings = Field(default_factory=lambda: SchemeSettings())
    plan: PlanSettings = Field(default_factory=lambda: PlanSettings())

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
        data: Any = load_yaml(read_bytes_bounded(p, SOURCE_MAX_BYTES).decode("utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the rules configuration ({exc.strerror})") from None
    except (NotAFile, TooLarge) as exc:
        raise ConfigError(f"{p}: cannot read the rules configuration: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: the rules configuration is not UTF-8 text") from None
    except YamlError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from None
    try:
        return RulesConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{p}: {field_error(exc)}") from None
