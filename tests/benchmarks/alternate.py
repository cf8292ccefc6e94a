"""Timing two commands fairly on a noisy machine: warm up both, then run them in turn."""

from __future__ import annotations

import statistics
from collections.abc import Callable


def alternate(baseline: Callable[[], float], target: Callable[[], float], n: int, warmup: int = 2):
    """Return (baseline times, target times, pairwise-median ratio target/baseline)."""
    for _ in range(warmup):
        baseline()
        target()
    a, b = [], []
    for _ in range(n):
        a.append(baseline())
        b.append(target())
    return a, b, statistics.median(y / x for x, y in zip(a, b, strict=True))
