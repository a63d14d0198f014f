"""The circuit breaker of one pixi connection: its state and the rules that change it (pure).

``closed``: calls go to pixi; timeouts and unavailability are counted within a short window, a
call that pixi answered resets the count. At ``failure_threshold`` failures in the window the
breaker opens. ``open``: calls are refused at once until ``retry_at``; then one caller becomes the
probe (``probing``, with a lease so a probe that never reports back does not block for ever) and
its outcome decides: answered -> closed, failed -> open again. Only the first opening and the
closing are events (a pixi that stays down for hours is announced once, not every half minute).

Time is epoch seconds given by the caller, so every instance that shares the stored state agrees
on it; ``version`` counts stored changes, for conditional writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum


class BreakerPhase(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PROBING = "probing"


class BreakerEvent(StrEnum):
    """What is announced (log, audit trail, metric); stable names, the page translates them."""

    OPENED = "pixi_connection.circuit_opened"
    CLOSED = "pixi_connection.circuit_closed"


class Verdict(StrEnum):
    CALL = "call"
    PROBE = "probe"
    REFUSE = "refuse"


@dataclass(frozen=True)
class BreakerPolicy:
    failure_threshold: int = 5
    failure_window_seconds: float = 30.0
    open_seconds: float = 30.0
    """How long pixi is not asked after it stopped answering."""
    probe_seconds: float = 25.0
    """The probe's lease: a read takes at most the pixi client's retry budget (25 s)."""
    probing_retry_seconds: float = 5.0
    """While a probe runs, other callers are told to try again this soon (it may answer at once)."""


@dataclass(frozen=True)
class BreakerState:
    phase: BreakerPhase = BreakerPhase.CLOSED
    failures: int = 0
    window_started: float = 0.0
    """When the first failure of the current count happened."""
    retry_at: float = 0.0
    """``open``: when the probe may go; ``probing``: when the probe's lease ends."""
    version: int = 0


CLOSED = BreakerState()


@dataclass(frozen=True)
class Admission:
    verdict: Verdict
    state: BreakerState
    """With ``PROBE``: the state that claims the probe (store it before calling pixi)."""
    retry_in_seconds: int = 0
    """With ``REFUSE``: whole seconds until pixi is asked again (at least 1)."""


@dataclass(frozen=True)
class Transition:
    state: BreakerState
    event: BreakerEvent | None = None

    def changes(self, before: BreakerState) -> bool:
        return self.state != before


def _seconds_until(moment: float, now: float) -> int:
    return max(1, math.ceil(moment - now))


def admit(state: BreakerState, now: float, policy: BreakerPolicy) -> Admission:
    """May a call go to pixi now?"""
    if state.phase is BreakerPhase.CLOSED:
        return Admission(Verdict.CALL, state)
    if now < state.retry_at:
        retry_at = state.retry_at
        if state.phase is BreakerPhase.PROBING:
            retry_at = min(retry_at, now + policy.probing_retry_seconds)
        return Admission(Verdict.REFUSE, state, _seconds_until(retry_at, now))
    probing = replace(state, phase=BreakerPhase.PROBING, retry_at=now + policy.probe_seconds,
                      version=state.version + 1)
    return Admission(Verdict.PROBE, probing)


def after_failure(state: BreakerState, now: float, policy: BreakerPolicy) -> Transition:
    """pixi timed out or could not be reached."""
    if state.phase is BreakerPhase.PROBING:
        reopened = replace(state, phase=BreakerPhase.OPEN, retry_at=now + policy.open_seconds,
                           version=state.version + 1)
        return Transition(reopened)
    if state.phase is BreakerPhase.OPEN:
        return Transition(state)  # a call admitted before the breaker opened
    in_window = state.failures > 0 and now - state.window_started <= policy.failure_window_seconds
    failures = state.failures + 1 if in_window else 1
    window_started = state.window_started if in_window else now
    if failures >= policy.failure_threshold:
        opened = replace(state, phase=BreakerPhase.OPEN, failures=failures, window_started=window_started,
                         retry_at=now + policy.open_seconds, version=state.version + 1)
        return Transition(opened, BreakerEvent.OPENED)
    counted = replace(state, failures=failures, window_started=window_started, version=state.version + 1)
    return Transition(counted)


def after_answer(state: BreakerState) -> Transition:
    """pixi answered (with data or with an error of its own: it is alive)."""
    if state.phase is BreakerPhase.PROBING:
        return Transition(replace(CLOSED, version=state.version + 1), BreakerEvent.CLOSED)
    if state.phase is BreakerPhase.CLOSED and state.failures:
        return Transition(replace(state, failures=0, window_started=0.0, version=state.version + 1))
    return Transition(state)  # open: a late answer of a call admitted before it opened
