"""The pixi connections' circuit breakers in DynamoDB: one item per tenant connection.

A write names the version it replaces (``expected_version``); when another instance stored a
change first, the write is refused (``False``) and the caller reads again. No item reads as the
closed breaker (version 0).
"""

from __future__ import annotations

import time

from pynamodb.exceptions import PutError

from chalicelib.adapters.dynamo.models import PixiBreakerModel
from chalicelib.adapters.dynamo.storage import condition_failed, storage
from chalicelib.domain.circuit_breaker import CLOSED, BreakerPhase, BreakerState

IDLE_LIFETIME_SECONDS = 7 * 24 * 3600
"""A breaker not written for this long is removed by DynamoDB's TTL (it then reads as closed)."""


class PixiBreakerRepository:
    def get(self, tenant_id: str, connection_id: str) -> BreakerState:
        with storage("pixi breaker get"):
            try:
                item = PixiBreakerModel.get(tenant_id, connection_id, consistent_read=True)
            except PixiBreakerModel.DoesNotExist:
                return CLOSED
        return BreakerState(
            phase=BreakerPhase(item.phase),
            failures=int(item.failures),
            window_started=float(item.window_started),
            retry_at=float(item.retry_at),
            version=int(item.version),
        )

    def save(self, tenant_id: str, connection_id: str, state: BreakerState, *, expected_version: int) -> bool:
        """Store ``state`` if the stored one still has ``expected_version``; False otherwise."""
        item = PixiBreakerModel(
            tenant_id,
            connection_id,
            phase=state.phase.value,
            failures=state.failures,
            window_started=state.window_started,
            retry_at=state.retry_at,
            version=state.version,
            ttl=int(time.time()) + IDLE_LIFETIME_SECONDS,
        )
        if expected_version == 0:
            condition = PixiBreakerModel.version.does_not_exist() | (PixiBreakerModel.version == 0)
        else:
            condition = PixiBreakerModel.version == expected_version
        with storage("pixi breaker save"):
            try:
                item.save(condition=condition)
            except PutError as exc:
                if condition_failed(exc):
                    return False
                raise
        return True
