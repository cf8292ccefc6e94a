"""Small statistics for the simulation report: intervals for shares and means, and quantiles of
a counted distribution. Pure functions over counts (no numpy)."""

from __future__ import annotations

import math
from collections import Counter

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a share k/n (well-behaved at 0 and n)."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_interval(counts: Counter[int], z: float = Z95) -> tuple[float, float, float]:
    """Mean of a counted distribution with its normal-approximation 95% interval."""
    n = sum(counts.values())
    if n == 0:
        return (0.0, 0.0, 0.0)
    mean = sum(v * c for v, c in counts.items()) / n
    if n == 1:
        return (mean, mean, mean)
    var = sum(c * (v - mean) ** 2 for v, c in counts.items()) / (n - 1)
    half = z * math.sqrt(var / n)
    return (mean, mean - half, mean + half)


def quantile(counts: Counter[int], q: float) -> int:
    """The smallest value whose cumulative share reaches q."""
    n = sum(counts.values())
    if n == 0:
        return 0
    need = q * n
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= need:
            return value
    return max(counts)
