"""Applying effects: deltas to variables, clamped to each variable's range."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Delta = tuple[str, float]


def apply(
    env: dict[str, Any],
    ranges: dict[str, tuple[float, float, bool]],
    deltas: Iterable[Delta],
    scale: float = 1.0,
    changes: dict[str, float] | None = None,
) -> dict[str, float]:
    """Add each delta (times `scale`) to its variable, clamp, and return the actual changes."""
    out = {} if changes is None else changes
    if not deltas:
        return out
    for name, delta in deltas:
        lo, hi, integer = ranges[name]
        old = env[name]
        new = old + delta * scale
        if integer:
            new = round(new)
        new = lo if new < lo else hi if new > hi else new
        if new != old:
            env[name] = new
            out[name] = out.get(name, 0.0) + (new - old)
    return out


def set_value(env: dict[str, Any], ranges: dict[str, tuple[float, float, bool]], name: str, value: float) -> float:
    """Set a variable to a value within its range; return the value actually set."""
    lo, hi, integer = ranges[name]
    if integer:
        value = round(value)
    value = lo if value < lo else hi if value > hi else value
    env[name] = value
    return value


def decay(env: dict[str, Any], rules: Iterable[tuple[str, float, float]]) -> dict[str, float]:
    """Relax decaying variables toward their default by their rate."""
    out: dict[str, float] = {}
    for name, default, rate in rules:
        old = env[name]
        if old == default:  # already there: nothing to relax
            continue
        new = old + (default - old) * rate
        if abs(new - old) > 1e-12:
            env[name] = new
            out[name] = new - old
    return out
