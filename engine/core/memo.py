"""Answers computed once and kept with what they are about: a loaded standard, a report being checked."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def once(memo: dict[Any, Any], key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked of `memo`, the kept answer after (None is an answer too)."""
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]  # what compute() gave for this key
    value = memo[key] = compute()
    return value
