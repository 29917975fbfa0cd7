"""YAML reading with libyaml's C loader when present. PyYAML is imported on first use: a start-up served
from the cache (engine/core/startup_cache.py) reads no YAML at all."""

from __future__ import annotations

from typing import Any


class YamlError(ValueError):
    """Text that is not valid YAML; the message says where."""


def load_yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from None
