"""Fault injection: make chosen calls slow, fail, hang or answer garbage (never on by default)."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

MODES = ("fault", "timeout", "garbage", "http500")
TIMEOUT_HOLD_SECONDS = 60.0
"""A ``timeout`` fault holds the connection this long (or until shutdown): longer than any client timeout."""


class FaultSpecError(ValueError):
    """A fault rule that makes no sense (unknown mode, negative latency, …)."""


@dataclass
class FaultRule:
    db: str = "*"
    call: str = "*"
    latency_ms: int = 0
    mode: str | None = None
    times: int | None = None
    """Only for the next N matching calls; None = until cleared."""

    def matches(self, db: str, call: str) -> bool:
        return self.db in ("*", db) and self.call in ("*", call)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def make_rule(
    db: str | None = None,
    call: str | None = None,
    latency_ms: int | float | None = None,
    mode: str | None = None,
    times: int | None = None,
) -> FaultRule:
    if mode is not None and mode not in MODES:
        raise FaultSpecError(f"mode must be one of {', '.join(MODES)}")
    latency = int(latency_ms or 0)
    if latency < 0:
        raise FaultSpecError("latency_ms must not be negative")
    if times is not None and int(times) < 1:
        raise FaultSpecError("times must be at least 1")
    if not latency and mode is None:
        raise FaultSpecError("give latency_ms and/or mode")
    return FaultRule(
        db=db or "*",
        call=call or "*",
        latency_ms=latency,
        mode=mode,
        times=int(times) if times is not None else None,
    )


@dataclass(frozen=True)
class FaultDecision:
    latency_ms: int = 0
    mode: str | None = None


class FaultRegistry:
    """Thread-safe list of rules; the most recently added matching rule with a mode wins."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return [FaultRule(**asdict(r)) for r in self._rules]

    def decide(self, db: str, call: str) -> FaultDecision:
        """What to do with this call; counts down ``times`` of every rule that applied."""
        with self._lock:
            latency = 0
            mode: str | None = None
            for rule in reversed(self._rules):
                if not rule.matches(db, call):
                    continue
                latency = max(latency, rule.latency_ms)
                if mode is None and rule.mode is not None:
                    mode = rule.mode
                if rule.times is not None:
                    rule.times -= 1
            self._rules = [r for r in self._rules if r.times is None or r.times > 0]
            return FaultDecision(latency, mode)
