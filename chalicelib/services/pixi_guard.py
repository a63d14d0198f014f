"""One merchant's broken pixi must not slow down the others (issue 17): the guard of every pixi read.

``PixiGuard.call(connection, load)`` runs one pixi read (``TenantPixi`` sends every load through
it) behind two protections:

- a **bulkhead** per tenant and process: at most ``BULKHEAD_LIMIT`` reads in flight; one more is
  refused at once with ``PixiBusyError`` (429), not queued behind a hanging pixi. The read runs in
  the tenant's lane of the shared pool (``concurrency.lane``), so its concurrent calls cannot take
  the workers other tenants need.
- a **circuit breaker** per connection (``domain.circuit_breaker``): after repeated timeouts or
  unavailability, reads fail fast with ``PixiCircuitOpenError`` (503, ``Retry-After``) until one
  probe finds pixi answering again. The state is stored in DynamoDB, so every instance (a cold one
  too) knows it; each instance keeps it ``STATE_CACHE_SECONDS``, and an open breaker until its
  retry time, so the healthy path costs no write and about one read per connection every few
  seconds. When the state cannot be read or written, the guard carries on with what it knows
  locally: a DynamoDB hiccup never blocks pixi.

Opening and closing are announced once (by the instance whose write made the change): a log
line, an event in the tenant's audit trail (so the admin sees it in the change history) and a
metric. Writes to pixi (the order import) do not go through the guard: a placed order is never
dropped by it; it stays recorded and is sent when pixi is back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from chalicelib import concurrency, metrics
from chalicelib.domain.circuit_breaker import (
    CLOSED,
    BreakerEvent,
    BreakerPhase,
    BreakerPolicy,
    BreakerState,
    Transition,
    Verdict,
    admit,
    after_answer,
    after_failure,
)
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import (
    AppError,
    PixiBusyError,
    PixiCircuitOpenError,
    PixiTimeoutError,
    PixiUnavailableError,
    StorageUnavailableError,
)
from chalicelib.log import logger
from chalicelib.services.ports import PixiBreakerRepository
from chalicelib.services.wiring import adapters

T = TypeVar("T")

BULKHEAD_LIMIT = 16
"""pixi reads one tenant may have in flight per process (five screens at once, each with its
concurrent calls); a Lambda instance serves one request, so it matters where one process serves
many (``chalice local``, the bench) and bounds a runaway fan-out."""
STATE_CACHE_SECONDS = 5.0
"""How long an instance trusts the breaker state it read (a change elsewhere shows after this)."""
SAVE_ATTEMPTS = 3
"""Conditional writes tried when other instances change the same breaker at the same moment."""

_Key = tuple[str, str]


class Bulkhead:
    """At most ``limit`` pixi reads in flight per tenant (this process); one more is refused."""

    def __init__(self, limit: int = BULKHEAD_LIMIT) -> None:
        self.limit = limit
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()

    def in_flight(self, tenant_id: str) -> int:
        with self._lock:
            return self._in_flight.get(tenant_id, 0)

    def enter(self, tenant_id: str) -> bool:
        """Take a place for one read; False (nothing taken) when the tenant's places are all taken."""
        with self._lock:
            taken = self._in_flight.get(tenant_id, 0)
            if taken >= self.limit:
                return False
            self._in_flight[tenant_id] = taken + 1
            return True

    def leave(self, tenant_id: str) -> None:
        with self._lock:
            left = self._in_flight[tenant_id] - 1
            if left:
                self._in_flight[tenant_id] = left
            else:
                del self._in_flight[tenant_id]


def _stored_breakers() -> PixiBreakerRepository:
    return adapters().pixi_breakers


class PixiGuard:
    """Bulkhead and circuit breaker around pixi reads; see the module docstring."""

    def __init__(
        self,
        *,
        breakers: Callable[[], PixiBreakerRepository] = _stored_breakers,
        policy: BreakerPolicy | None = None,
        bulkhead: Bulkhead | None = None,
        clock: Callable[[], float] = time.time,
        state_cache_seconds: float = STATE_CACHE_SECONDS,
        announce: Callable[[ConnectionRef, BreakerEvent, BreakerState], None] | None = None,
    ) -> None:
        self._breakers = breakers
        self._announce = announce_change if announce is None else announce
        self.policy = policy or BreakerPolicy()
        self.bulkhead = bulkhead or Bulkhead()
        self._clock = clock
        self._state_cache_seconds = state_cache_seconds
        self._known: dict[_Key, tuple[BreakerState, float]] = {}
        self._lock = threading.Lock()

    def call(self, connection: ConnectionRef, load: Callable[[], T]) -> T:
        """``load()`` if the connection's breaker and the tenant's bulkhead let it go to pixi."""
        tenant_id = connection.tenant_id
        if not self.bulkhead.enter(tenant_id):
            self._count_refusal(connection, PixiBusyError.code)
            raise PixiBusyError(detail=f"tenant {tenant_id}: {self.bulkhead.limit} pixi reads in flight")
        key = (tenant_id, connection.connection_id)
        try:
            self._admit(connection, key)
            with concurrency.lane(tenant_id):
                try:
                    value = load()
                except (PixiTimeoutError, PixiUnavailableError):
                    self._record(connection, key, lambda s: after_failure(s, self._clock(), self.policy))
                    raise
                except AppError:
                    self._record(connection, key, after_answer)  # pixi answered with an error: alive
                    raise
            self._record(connection, key, after_answer)
            return value
        finally:
            self.bulkhead.leave(tenant_id)

    def state(self, connection: ConnectionRef) -> BreakerState:
        """The breaker state this instance goes by now."""
        return self._state((connection.tenant_id, connection.connection_id))

    def forget(self) -> None:
        """Drop the locally known states (they are read again from the store)."""
        with self._lock:
            self._known.clear()

    # --- the breaker ------------------------------------------------------------------------

    def _admit(self, connection: ConnectionRef, key: _Key) -> None:
        state = self._state(key)
        admission = admit(state, self._clock(), self.policy)
        if admission.verdict is Verdict.PROBE:
            if self._save(key, state, admission.state):
                logger.info("pixi circuit probe", extra=_fields(connection, admission.state))
                return
            state = self._read(key)  # another instance changed it first: go by its state
            admission = admit(state, self._clock(), self.policy)
            if admission.verdict is not Verdict.REFUSE:
                return  # closed meanwhile, or its probe's lease is over already
        if admission.verdict is Verdict.REFUSE:
            self._count_refusal(connection, PixiCircuitOpenError.code)
            raise PixiCircuitOpenError(
                retry_after_seconds=admission.retry_in_seconds,
                detail=f"connection {connection.connection_id}: circuit {state.phase.value}",
            )

    def _record(
        self, connection: ConnectionRef, key: _Key, change: Callable[[BreakerState], Transition]
    ) -> None:
        current = self._state(key)
        for attempt in range(SAVE_ATTEMPTS):
            transition = change(current)
            if not transition.changes(current):
                return
            if self._save(key, current, transition.state):
                if transition.event is not None:
                    self._announce(connection, transition.event, transition.state)
                return
            if attempt + 1 < SAVE_ATTEMPTS:
                current = self._read(key)
        logger.info("pixi circuit: state changed elsewhere meanwhile", extra=_fields(connection, current))

    # --- the state: known locally, stored in DynamoDB -----------------------------------------

    def _state(self, key: _Key) -> BreakerState:
        now = self._clock()
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            state, read_at = known
            if now - read_at < self._state_cache_seconds:
                return state
            if state.phase is BreakerPhase.OPEN and now < state.retry_at:
                return state  # nobody asks pixi before then, on any instance
        return self._read(key)

    def _read(self, key: _Key) -> BreakerState:
        try:
            state = self._breakers().get(*key)
        except StorageUnavailableError as exc:
            logger.warning("pixi circuit state unreadable; going by the local one",
                           extra={"detail": exc.detail})
            with self._lock:
                known = self._known.get(key)
            state = known[0] if known is not None else CLOSED
        self._remember(key, state)
        return state

    def _save(self, key: _Key, before: BreakerState, after: BreakerState) -> bool:
        try:
            stored = self._breakers().save(*key, after, expected_version=before.version)
        except StorageUnavailableError as exc:
            logger.warning("pixi circuit state not stored; kept locally", extra={"detail": exc.detail})
            stored = True
        if stored:
            self._remember(key, after)
        return stored

    def _remember(self, key: _Key, state: BreakerState) -> None:
        with self._lock:
            self._known[key] = (state, self._clock())

    @staticmethod
    def _count_refusal(connection: ConnectionRef, code: str) -> None:
        metrics.count("PixiReadRefused", dimensions={"reason": code},
                      metadata={"tenant_id": connection.tenant_id, "connection_id": connection.connection_id})


def _fields(connection: ConnectionRef, state: BreakerState) -> dict[str, object]:
    return {
        "tenant_id": connection.tenant_id,
        "connection_id": connection.connection_id,
        "circuit": state.phase.value,
        "failures": state.failures,
        "retry_at": state.retry_at,
    }


def announce_change(connection: ConnectionRef, event: BreakerEvent, state: BreakerState) -> None:
    """Log line, audit event (kind admin, by the app itself) and metric for an opening/closing."""
    from chalicelib.domain.audit import EventKind
    from chalicelib.services import audit
    from chalicelib.services.settings_audit import system_actor

    opened = event is BreakerEvent.OPENED
    if opened:
        logger.warning("pixi circuit opened: pixi is not asked for a while", extra=_fields(connection, state))
    else:
        logger.info("pixi circuit closed: pixi answers again", extra=_fields(connection, state))
    details: dict[str, object] = {"connection_id": connection.connection_id}
    if opened:
        details["failures"] = state.failures
    tenant_id = connection.tenant_id
    audit.record_safely(audit.new_event(tenant_id, system_actor(tenant_id), event.value, details=details,
                                        kind=EventKind.ADMIN))
    metrics.count("PixiCircuitOpened" if opened else "PixiCircuitClosed",
                  metadata={"tenant_id": tenant_id, "connection_id": connection.connection_id})


_guard = PixiGuard()


def pixi_guard() -> PixiGuard:
    """The process's one guard."""
    return _guard
