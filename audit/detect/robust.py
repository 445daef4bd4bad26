"""Median and MAD: baselines that a few extreme hours (including past misuse) cannot drag along.

A mean and standard deviation learnt from a history that contains one night of bulk reading are
inflated by it, and the next bulk read then looks normal. The median and the median absolute
deviation ignore up to half of the history being odd, which is why every baseline here uses them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: MAD * 1.4826 estimates the standard deviation of normally distributed data.
MAD_TO_SIGMA = 1.4826


def median(values: Sequence[float]) -> float:
    """Median of *values* (which must not be empty)."""
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0


def robust(values: Sequence[float], *, floor_ratio: float = 0.0, floor: float = 1.0) -> tuple[float, float]:
    """(median, robust sigma) of *values*; sigma is at least ``floor`` and ``floor_ratio * median``.

    The floors stop an actor with a very regular history (MAD of 0) from alerting on one extra record.
    """
    med = median(values)
    sigma = MAD_TO_SIGMA * median([abs(v - med) for v in values])
    return med, max(sigma, floor_ratio * med, floor)


def excess_score(value: float, threshold: float, *, base: int = 50, per_doubling: int = 25) -> int:
    """Score of a value above its threshold: *base* at the threshold, +*per_doubling* per doubling, 0-100."""
    if value <= 0 or threshold <= 0:
        return base
    return max(0, min(100, round(base + per_doubling * math.log2(max(value / threshold, 1.0)))))
