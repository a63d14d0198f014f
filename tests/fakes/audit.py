"""The audit trail in memory: the same paging, filters, cursors and append-only rule as DynamoDB."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.adapters.dynamo.audit import MAX_PAGE_SIZE, RECENT_WORK_EVENTS
from chalicelib.domain.audit import (
    AuditEvent,
    AuditFilter,
    AuditPage,
    EventKind,
    page_cursor,
    page_start,
    query_partition,
    timestamp,
)
from chalicelib.errors import ConflictError, StorageUnavailableError


def _matches(event: AuditEvent, wanted: AuditFilter) -> bool:
    customer_key = event.customer.customer_key if event.customer else None
    return (
        (wanted.agent_id is None or event.agent_id == wanted.agent_id)
        and (wanted.customer_key is None or customer_key == wanted.customer_key)
        and (wanted.kind is None or event.kind is wanted.kind)
        and wanted.connection_matches(event.customer)
        and (wanted.range.start is None or event.event_key >= wanted.range.start)
        and (wanted.range.end is None or event.event_key <= wanted.range.end)
    )


@dataclass
class InMemoryAuditRepository:
    """Satisfies ``services.ports.AuditRepository``."""

    events: dict[tuple[str, str], AuditEvent] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def append(self, event: AuditEvent) -> None:
        with self._lock:
            key = (event.tenant_id, event.event_key)
            if key in self.events:
                raise ConflictError(detail=f"audit event {event.event_key} exists")
            self.events[key] = event

    def _newest_first(self, tenant_id: str) -> list[AuditEvent]:
        with self._lock:
            found = [e for (tenant, _), e in self.events.items() if tenant == tenant_id]
        return sorted(found, key=lambda e: e.event_key, reverse=True)

    def query(
        self, tenant_id: str, wanted: AuditFilter, *, limit: int = 50, cursor: str | None = None
    ) -> AuditPage:
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        partition = query_partition(tenant_id, wanted)
        after = page_start(cursor, tenant_id, partition)["event_key"] if cursor else None
        found = [
            e for e in self._newest_first(tenant_id)
            if _matches(e, wanted) and (after is None or e.event_key < after)
        ]
        page = found[:limit]
        more = len(found) > limit
        return AuditPage(
            events=page,
            next_cursor=page_cursor(tenant_id, page[-1].event_key, partition) if more and page else None,
        )

    def recent_customer_events(self, tenant_id: str, agent_id: str, since: datetime) -> Iterator[AuditEvent]:
        wanted = AuditFilter(agent_id=agent_id, kind=EventKind.CUSTOMER)
        since_key = timestamp(since)
        found = [e for e in self._newest_first(tenant_id) if _matches(e, wanted) and e.event_key >= since_key]
        yield from found[:RECENT_WORK_EVENTS]

    def admin_events(self, tenant_id: str, limit: int) -> list[AuditEvent]:
        return self.query(tenant_id, AuditFilter(kind=EventKind.ADMIN), limit=limit).events


class FailingAuditRepository(InMemoryAuditRepository):
    """An audit store whose writes fail as DynamoDB's do when it is throttled."""

    def append(self, event: AuditEvent) -> None:
        raise StorageUnavailableError(detail="dynamodb put: ProvisionedThroughputExceededException")
