"""In-memory pixi circuit breakers (``ports.PixiBreakerRepository``), held to the DynamoDB
repository's behaviour by ``tests/integration/contracts/test_breaker_repository.py``."""

from __future__ import annotations

import threading

from chalicelib.domain.circuit_breaker import CLOSED, BreakerState
from chalicelib.errors import StorageUnavailableError


class InMemoryPixiBreakerRepository:
    def __init__(self) -> None:
        self.states: dict[tuple[str, str], BreakerState] = {}
        self.reads = 0
        self.writes = 0
        self._lock = threading.Lock()

    def get(self, tenant_id: str, connection_id: str) -> BreakerState:
        with self._lock:
            self.reads += 1
            return self.states.get((tenant_id, connection_id), CLOSED)

    def save(self, tenant_id: str, connection_id: str, state: BreakerState, *, expected_version: int) -> bool:
        with self._lock:
            stored = self.states.get((tenant_id, connection_id), CLOSED)
            if stored.version != expected_version:
                return False
            self.writes += 1
            self.states[(tenant_id, connection_id)] = state
            return True


class FailingPixiBreakerRepository:
    """DynamoDB is down: every read and write fails."""

    def get(self, tenant_id: str, connection_id: str) -> BreakerState:
        raise StorageUnavailableError(detail="dynamodb down (test)")

    def save(self, tenant_id: str, connection_id: str, state: BreakerState, *, expected_version: int) -> bool:
        raise StorageUnavailableError(detail="dynamodb down (test)")
