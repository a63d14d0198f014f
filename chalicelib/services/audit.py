"""The audit trail (B1): one way to record what an agent or admin did, and to read it back.

``record`` is generic: views, support requests, admin changes (``settings_audit.record_admin_action``
calls it) and, later, orders and vouchers. Every event is tenant-scoped, append-only and kept for
``AUDIT_RETENTION_DAYS``.

What an audit write costs a screen (measured in ``bench/bench_audit.py`` against DynamoDB Local:
one put p50 ~5 ms; ``GET /customers/1`` from the pixi cache about +4 ms p50):

- Views (customer overview, order) are recorded after pixi answered, with outcome ``ok`` or
  ``failed``, in the request and before the response leaves. Not "after the response": Lambda
  freezes background threads once a response is returned, so such an event could be lost. Not on a
  second thread beside the response either: building the response takes well under a millisecond,
  and the measured overlap saved nothing (it was slightly slower). A failed write is logged at ERROR
  level with the whole event (so it can be recovered from the logs) and never fails the view.
- Support requests (and later orders and vouchers): the write is part of the action (``record``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any

from chalicelib.domain.audit import (
    OPEN_RANGE,
    Actor,
    AuditAction,
    AuditEvent,
    CustomerRef,
    EventKind,
    Outcome,
    RecentCustomer,
    TimeRange,
    build_event,
    recent_customers,
)
from chalicelib.domain.permissions import Principal
from chalicelib.errors import AppError
from chalicelib.log import logger
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.domain.audit import AuditPage

RECENT_WORK_DAYS = 30
""""Zuletzt bearbeitet" looks back this far."""


def actor_of(principal: Principal) -> Actor:
    return Actor(agent_id=principal.agent_id, email=principal.email)


def new_event(
    tenant_id: str,
    agent: Principal,
    action: str,
    *,
    outcome: Outcome = Outcome.OK,
    customer: CustomerRef | None = None,
    order_number: int | None = None,
    details: Mapping[str, Any] | None = None,
    kind: EventKind | None = None,
) -> AuditEvent:
    """An event stamped now, with a new id and this deployment's retention."""
    return build_event(
        tenant_id=tenant_id,
        event_id=uuid.uuid4().hex[:16],
        at=adapters().now(),
        actor=actor_of(agent),
        action=action,
        outcome=outcome,
        customer=customer,
        order_number=order_number,
        details=details,
        kind=kind,
        retention_days=get_settings().audit_retention_days,
    )


def _log_recorded(event: AuditEvent) -> None:
    logger.info(
        "audit event",
        extra={
            "action": event.action,
            "outcome": event.outcome.value,
            "customer_key": event.customer.customer_key if event.customer else None,
            "connection_id": event.customer.connection_id if event.customer else None,
            "order_number": event.order_number,
            "details": event.details,
        },
    )


def _log_lost(event: AuditEvent, error: BaseException) -> None:
    """Loud: the event itself goes to the log so it can be recovered."""
    payload = asdict(event)
    payload["at"] = event.at.isoformat()
    logger.error(
        "AUDIT WRITE FAILED: event not stored",
        extra={"audit_event": payload, "error": f"{type(error).__name__}: {error}"},
    )


def append(event: AuditEvent) -> AuditEvent:
    """Store ``event`` (raises ``StorageUnavailableError`` when DynamoDB fails)."""
    adapters().audit.append(event)
    _log_recorded(event)
    return event


def record(
    tenant_id: str,
    agent: Principal,
    action: str,
    *,
    outcome: Outcome = Outcome.OK,
    customer: CustomerRef | None = None,
    order_number: int | None = None,
    details: Mapping[str, Any] | None = None,
    kind: EventKind | None = None,
) -> AuditEvent:
    """Record that ``agent`` did ``action`` (a stable name, e.g. ``support_request.sent`` or
    ``agent.disabled``) for ``customer``/``order_number`` with ``outcome``; synchronous.

    ``details`` are small facts (never a password, token or a whole text: use ``excerpt``)."""
    return append(
        new_event(
            tenant_id,
            agent,
            action,
            outcome=outcome,
            customer=customer,
            order_number=order_number,
            details=details,
            kind=kind,
        )
    )


def record_safely(event: AuditEvent) -> bool:
    """Store ``event``; a failure is logged loudly and reported as ``False``, never raised."""
    try:
        append(event)
    except Exception as exc:
        _log_lost(event, exc)
        return False
    return True


# --- views ------------------------------------------------------------------------------------


class ViewRecorder:
    """Records one view of a customer or an order::

        with audit.customer_viewed(principal, customer_key) as view:
            overview = customer_overview(...)           # pixi's answer
            view.seen(CustomerRef(...))                  # recorded: outcome "ok"
            return CustomerOverviewOut(...)
        # a pixi error raised inside the block is recorded as outcome "failed" (and re-raised)

    A failed write is logged loudly and never fails the view.
    """

    def __init__(
        self,
        principal: Principal,
        action: AuditAction,
        *,
        customer_key: int | None = None,
        order_number: int | None = None,
        connection_id: str = "",
    ) -> None:
        self.principal = principal
        self.action = action
        self.customer_key = customer_key
        self.order_number = order_number
        self.connection_id = connection_id
        self.recorded: AuditEvent | None = None
        self.stored = False

    def __enter__(self) -> ViewRecorder:
        return self

    def seen(self, customer: CustomerRef | None, *, details: Mapping[str, Any] | None = None) -> None:
        """pixi answered: record the ``ok`` event."""
        self._record(self._event_for(Outcome.OK, customer, details))

    def _event_for(
        self, outcome: Outcome, customer: CustomerRef | None, details: Mapping[str, Any] | None
    ) -> AuditEvent:
        if customer is None and self.customer_key is not None:
            customer = CustomerRef(self.customer_key)
        if customer is not None and not customer.connection_id:
            customer = replace(customer, connection_id=self.connection_id)
        return new_event(
            self.principal.tenant_id,
            self.principal,
            self.action.value,
            outcome=outcome,
            customer=customer,
            order_number=self.order_number,
            details=details,
            kind=EventKind.CUSTOMER,
        )

    def _record(self, event: AuditEvent) -> None:
        if self.recorded is None:
            self.recorded = event
            self.stored = record_safely(event)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is not None and self.recorded is None:
            code = exc.code if isinstance(exc, AppError) else "internal_error"
            self._record(self._event_for(Outcome.FAILED, None, {"error": code}))


def customer_viewed(principal: Principal, customer_key: int, connection_id: str) -> ViewRecorder:
    """A view of a customer on the pixi connection ``connection_id``."""
    return ViewRecorder(principal, AuditAction.CUSTOMER_VIEWED, customer_key=customer_key,
                        connection_id=connection_id)


def order_viewed(principal: Principal, order_number: int, connection_id: str) -> ViewRecorder:
    """A view of an order on the pixi connection ``connection_id``."""
    return ViewRecorder(principal, AuditAction.ORDER_VIEWED, order_number=order_number,
                        connection_id=connection_id)


# --- reading the trail ------------------------------------------------------------------------


def search(
    tenant_id: str,
    *,
    agent_id: str | None = None,
    customer_key: int | None = None,
    kind: EventKind | None = None,
    period: TimeRange = OPEN_RANGE,
    limit: int = 50,
    cursor: str | None = None,
    connection_id: str | None = None,
) -> AuditPage:
    """The tenant's events, newest first, filtered and paged (``next_cursor`` for the next page).

    ``connection_id``: only customers on that pixi connection (events that recorded none count as
    the default connection's)."""
    from chalicelib.domain.audit import AuditFilter

    wanted = AuditFilter(
        agent_id=agent_id, customer_key=customer_key, kind=kind, range=period, connection_id=connection_id,
        with_unrecorded_connection=(
            connection_id is not None and connection_id == default_connection_id(tenant_id)
        ),
    )
    return adapters().audit.query(tenant_id, wanted, limit=limit, cursor=cursor)


def default_connection_id(tenant_id: str) -> str:
    """The tenant's default pixi connection: what events without a recorded connection refer to
    ("" when the tenant has none)."""
    from chalicelib.services.pixi_connection import resolve_connection

    try:
        return resolve_connection(tenant_id, None).connection_id
    except AppError:
        return ""


def recent_work(principal: Principal, limit: int = 20) -> list[RecentCustomer]:
    """The customers the agent worked on lately ("zuletzt bearbeitet"), newest first: a customer is
    a key on a pixi connection."""
    since: datetime = adapters().now() - timedelta(days=RECENT_WORK_DAYS)
    events = adapters().audit.recent_customer_events(principal.tenant_id, principal.agent_id, since)
    default = default_connection_id(principal.tenant_id)
    return recent_customers(events, limit, default_connection_id=default)


def admin_events(tenant_id: str, limit: int) -> list[AuditEvent]:
    """The latest changes of the tenant's team and settings, newest first."""
    return adapters().audit.admin_events(tenant_id, limit)
