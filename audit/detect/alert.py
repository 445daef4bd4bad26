"""`Alert`: what a security officer reads, and the small helpers that write it.

An alert must be understandable without the log open ("a17 read 412 customer records between 02:00
and 02:20; usual is 35/h, 08:00-17:00"), carry the evidence to check it (sequence numbers, capped),
and never repeat customer data: subject references appear abbreviated, names never. `key` is stable
across re-scans so that the store can de-duplicate a batch run against the live stream.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["low", "medium", "high", "critical"]


def severity_of(score: int) -> Severity:
    """The severity band of a 0-100 score (one rule for every detector)."""
    if score >= 90:
        return "critical"
    if score >= 70:
        return "high"
    if score >= 45:
        return "medium"
    return "low"


@dataclass(frozen=True, slots=True)
class Alert:
    detector: str
    severity: Severity
    score: int
    actor: str | None
    message: str
    evidence: tuple[int, ...]
    at: float
    window_start: float
    window_end: float
    key: str
    source_ip: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["evidence"] = list(self.evidence)
        return out


def make_alert(detector: str, score: float, actor: str | None, message: str, evidence: Iterable[int], *,
               at: float, start: float, end: float, key: str, max_evidence: int,
               source_ip: str | None = None) -> Alert:
    """An `Alert` with the score clamped to 0-100, its severity, and evidence capped at *max_evidence*."""
    value = max(0, min(100, round(score)))
    seqs = tuple(sorted(set(evidence)))[:max_evidence]
    return Alert(detector, severity_of(value), value, actor, message, seqs, at, start, end, key, source_ip)


class Clock:
    """Local-time formatting of event times (the contact center's UTC offset from the policy)."""

    __slots__ = ("offset",)

    def __init__(self, utc_offset_hours: float) -> None:
        self.offset = utc_offset_hours * 3600.0

    def hm(self, at: float) -> str:
        return time.strftime("%H:%M", time.gmtime(at + self.offset))

    def day(self, at: float) -> str:
        return time.strftime("%Y-%m-%d", time.gmtime(at + self.offset))

    def stamp(self, at: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.gmtime(at + self.offset))

    def span(self, start: float, end: float) -> str:
        """'between 02:00 and 02:20' (same day) or 'between 2024-03-01 23:50 and 2024-03-02 00:20'."""
        if self.day(start) == self.day(end):
            return f"between {self.hm(start)} and {self.hm(end)} on {self.day(start)}"
        return f"between {self.stamp(start)} and {self.stamp(end)}"


def short_ref(ref: str) -> str:
    """A subject reference abbreviated for a message (enough to tell two apart, not to look one up)."""
    return ref[:6] + "…" if len(ref) > 8 else ref


def hour_ranges(hours: Iterable[int]) -> str:
    """{8,...,16} -> '08:00-17:00'; wraps midnight ('22:00-06:00'); several ranges joined by ', '."""
    present = sorted(set(hours))
    if not present:
        return "no usual hours yet"
    if len(present) == 24:
        return "around the clock"
    runs: list[list[int]] = []
    for h in present:
        if runs and runs[-1][1] == h - 1:
            runs[-1][1] = h
        else:
            runs.append([h, h])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == 23:
        runs[0][0] = runs.pop()[0]
    return ", ".join(f"{a:02d}:00-{(b + 1) % 24:02d}:00" for a, b in runs)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def refs_example(refs: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(short_ref(r) for r in refs[:limit])
    return shown + (", …" if len(refs) > limit else "")
