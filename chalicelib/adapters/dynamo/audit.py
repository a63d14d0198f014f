"""The audit trail in DynamoDB: one append-only item per event, in one table.

The table's partition is the tenant, sorted by ``<UTC time>#<event id>``; three global secondary
indexes answer "by agent", "by customer" and "by kind" (admin changes vs. customer actions), each
keyed by ``<tenant>#<agent|customer|kind>``, so every query starts with the tenant. Items are only
ever put (with ``attribute_not_exists``): this module has no update and no delete. DynamoDB removes
an event after the retention time through its ``ttl`` attribute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.adapters.dynamo.models import AuditEventModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.audit import (
    AuditEvent,
    AuditFilter,
    AuditPage,
    CustomerRef,
    EventKind,
    Outcome,
    TimeRange,
    agent_partition,
    customer_partition,
    kind_partition,
    page_cursor,
    page_start,
    query_partition,
    timestamp,
)
from chalicelib.errors import ConflictError

MAX_PAGE_SIZE = 100
RECENT_WORK_EVENTS = 500
"""How many of an agent's latest customer events "zuletzt bearbeitet" reads at most."""


def _to_item(event: AuditEvent) -> AuditEventModel:
    customer = event.customer
    return AuditEventModel(
        event.tenant_id,
        event.event_key,
        event_id=event.event_id,
        at=event.at,
        agent_id=event.agent_id,
        agent_email=event.agent_email,
        action=event.action,
        outcome=event.outcome.value,
        kind=event.kind.value,
        agent_partition=agent_partition(event.tenant_id, event.agent_id),
        kind_partition=kind_partition(event.tenant_id, event.kind),
        customer_partition=customer_partition(event.tenant_id, customer.customer_key) if customer else None,
        customer_key=customer.customer_key if customer else None,
        customer_number=customer.customer_number if customer else None,
        customer_name=customer.name if customer else None,
        connection_id=(customer.connection_id or None) if customer else None,
        order_number=event.order_number,
        details=json.dumps(event.details, ensure_ascii=False, default=str),
        ttl=event.expires_at,
    )


def _from_item(item: AuditEventModel) -> AuditEvent:
    customer = None
    if item.customer_key is not None:
        customer = CustomerRef(
            customer_key=int(item.customer_key),
            customer_number=item.customer_number or "",
            name=item.customer_name or "",
            connection_id=item.connection_id or "",
        )
    return AuditEvent(
        tenant_id=item.tenant_id,
        event_id=item.event_id,
        at=aware(item.at) or item.at,
        agent_id=item.agent_id,
        agent_email=item.agent_email,
        action=item.action,
        outcome=Outcome(item.outcome),
        kind=EventKind(item.kind),
        customer=customer,
        order_number=int(item.order_number) if item.order_number is not None else None,
        details=json.loads(item.details or "{}"),
        expires_at=int(item.ttl or 0),
    )


@dataclass(frozen=True)
class _Query:
    """Which index answers a filter, its partition, and what is left to filter on."""

    index: Any  # the model (table) or one of its indexes
    partition: tuple[str, str]  # (key attribute, value), see ``query_partition``
    filter_condition: Any


def _plan(tenant_id: str, wanted: AuditFilter) -> _Query:
    m = AuditEventModel
    partition = query_partition(tenant_id, wanted)
    index: Any = {
        "customer_partition": m.by_customer,
        "agent_partition": m.by_agent,
        "kind_partition": m.by_kind,
        "tenant_id": m,
    }[partition[0]]
    conditions = []
    if wanted.agent_id is not None and partition[0] == "customer_partition":
        conditions.append(m.agent_id == wanted.agent_id)
    if wanted.kind is not None and partition[0] != "kind_partition":
        conditions.append(m.kind == wanted.kind.value)
    if wanted.connection_id is not None:
        on_connection = m.connection_id == wanted.connection_id
        if wanted.with_unrecorded_connection:
            on_connection = on_connection | (m.customer_key.exists() & m.connection_id.does_not_exist())
        conditions.append(on_connection)
    condition = None
    for c in conditions:
        condition = c if condition is None else condition & c
    return _Query(index=index, partition=partition, filter_condition=condition)


def _range_condition(wanted: TimeRange) -> Any:
    key = AuditEventModel.event_key
    if wanted.start is not None and wanted.end is not None:
        return key.between(wanted.start, wanted.end)
    if wanted.start is not None:
        return key >= wanted.start
    if wanted.end is not None:
        return key <= wanted.end
    return None


class AuditRepository:
    def append(self, event: AuditEvent) -> None:
        """Put a new event; never overwrites one (``attribute_not_exists``)."""
        with storage("append audit event"):
            try:
                _to_item(event).save(condition=AuditEventModel.event_key.does_not_exist())
            except PutError as exc:
                if condition_failed(exc):
                    raise ConflictError(detail=f"audit event {event.event_key} exists") from exc
                raise

    def query(
        self, tenant_id: str, wanted: AuditFilter, *, limit: int = 50, cursor: str | None = None
    ) -> AuditPage:
        """The tenant's events that match, newest first, ``limit`` at a time."""
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        plan = _plan(tenant_id, wanted)
        start = page_start(cursor, tenant_id, plan.partition) if cursor else None
        with storage("query audit events"):
            found = list(
                plan.index.query(
                    plan.partition[1],
                    range_key_condition=_range_condition(wanted.range),
                    filter_condition=plan.filter_condition,
                    scan_index_forward=False,
                    limit=limit + 1,
                    page_size=limit + 1,
                    last_evaluated_key={k: {"S": v} for k, v in start.items()} if start else None,
                )
            )
        more = len(found) > limit
        page = found[:limit]
        return AuditPage(
            events=[_from_item(item) for item in page],
            next_cursor=page_cursor(tenant_id, page[-1].event_key, plan.partition) if more and page else None,
        )

    def recent_customer_events(self, tenant_id: str, agent_id: str, since: datetime) -> Iterator[AuditEvent]:
        """The agent's customer events since ``since``, newest first, at most ``RECENT_WORK_EVENTS``."""
        with storage("query recent work"):
            items = AuditEventModel.by_agent.query(
                agent_partition(tenant_id, agent_id),
                range_key_condition=AuditEventModel.event_key >= timestamp(since),
                filter_condition=AuditEventModel.kind == EventKind.CUSTOMER.value,
                scan_index_forward=False,
                limit=RECENT_WORK_EVENTS,
                page_size=100,
            )
            for item in items:
                yield _from_item(item)

    def admin_events(self, tenant_id: str, limit: int) -> list[AuditEvent]:
        """The tenant's latest admin changes (team, settings), newest first."""
        return self.query(tenant_id, AuditFilter(kind=EventKind.ADMIN), limit=limit).events
