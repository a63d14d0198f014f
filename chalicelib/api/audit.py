"""Audit trail routes (B1): the tenant's trail for admins, and an agent's own recent customers."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.models import Moment
from chalicelib.api.openapi import endpoint
from chalicelib.domain.audit import AuditEvent, EventKind, Outcome, RecentCustomer, day_bounds
from chalicelib.domain.customer import MAX_PIXI_INT
from chalicelib.domain.permissions import Principal
from chalicelib.errors import ValidationError
from chalicelib.services import audit

DATE_MESSAGE = "Bitte ein Datum (JJJJ-MM-TT) oder einen Zeitpunkt (JJJJ-MM-TTThh:mm) angeben."
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _moment(value: str | None, field_name: str) -> date | datetime | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(DATE_MESSAGE, fields={field_name: DATE_MESSAGE}) from exc


class AuditQuery(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    agent_id: str | None = Field(None, max_length=64, description="nur Ereignisse dieses Agenten")
    customer_key: int | None = Field(
        None, ge=1, le=MAX_PIXI_INT,
        description="nur Ereignisse zu diesem Kunden (ein Kundenschlüssel gilt in einer pixi-Verbindung: "
                    "mit connection_id)",
    )
    connection_id: str | None = Field(
        None, max_length=64,
        description="nur Kunden dieser pixi-Verbindung (ältere Ereignisse ohne Verbindung zählen zur "
                    "Standard-Verbindung)",
    )
    kind: EventKind | None = Field(
        None, description="customer (Kundenaktionen) oder admin (Einstellungen, Team)"
    )
    from_: str | None = Field(
        None,
        alias="from",
        max_length=40,
        description="ab (Datum JJJJ-MM-TT = ab Tagesbeginn, deutsche Zeit; oder ISO-Zeitpunkt)",
    )
    to: str | None = Field(
        None,
        max_length=40,
        description="bis einschließlich (Datum = bis Tagesende, deutsche Zeit; oder ISO-Zeitpunkt)",
    )
    cursor: str | None = Field(None, max_length=2000, description="next_cursor der vorigen Seite")
    limit: int = Field(50, ge=1, le=100)


class AuditEventOut(BaseModel):
    event_id: str
    at: Moment = Field(description="UTC")
    agent_id: str
    agent_email: str
    action: str = Field(
        description="stable name, e.g. customer.viewed, order.viewed, support_request.sent, "
        "agent.disabled, pixi_connection.added"
    )
    outcome: Outcome
    kind: EventKind
    customer_key: int | None
    customer_number: str = Field(description="as it was when the event was recorded")
    customer_name: str = Field(description="as it was when the event was recorded")
    connection_id: str | None = Field(
        description="the pixi connection of the customer; for events that recorded none: the default "
                    "connection (connection_recorded false); null without a customer"
    )
    connection_recorded: bool = Field(description="false: an older event, its connection is assumed")
    order_number: int | None
    details: dict[str, Any]

    @classmethod
    def of(cls, event: AuditEvent, default_connection_id: str) -> AuditEventOut:
        customer = event.customer
        return cls(
            event_id=event.event_id,
            at=event.at,
            agent_id=event.agent_id,
            agent_email=event.agent_email,
            action=event.action,
            outcome=event.outcome,
            kind=event.kind,
            customer_key=customer.customer_key if customer else None,
            customer_number=customer.customer_number if customer else "",
            customer_name=customer.name if customer else "",
            connection_id=(customer.on_connection(default_connection_id).connection_id or None)
            if customer else None,
            connection_recorded=bool(customer and customer.connection_id),
            order_number=event.order_number,
            details=event.details,
        )


class AuditPageOut(BaseModel):
    events: list[AuditEventOut] = Field(description="newest first")
    next_cursor: str | None = Field(description="for the next page (?cursor=), null on the last page")


@endpoint("/audit",
    summary="Audit-Trail des Kontos (neueste zuerst, filterbar, seitenweise)",
    tag="audit",
    admin_only=True,
    query=AuditQuery,
    response=AuditPageOut,
)
def list_audit_events(principal: Principal, query: AuditQuery) -> AuditPageOut:
    page = audit.search(
        principal.tenant_id,
        agent_id=query.agent_id or None,
        customer_key=query.customer_key,
        kind=query.kind,
        period=day_bounds(_moment(query.from_, "from"), _moment(query.to, "to")),
        limit=query.limit,
        cursor=query.cursor or None,
        connection_id=query.connection_id or None,
    )
    default = audit.default_connection_id(principal.tenant_id)
    return AuditPageOut(events=[AuditEventOut.of(e, default) for e in page.events],
                        next_cursor=page.next_cursor)


class RecentCustomerOut(BaseModel):
    customer_key: int
    connection_id: str = Field(
        description="the pixi connection the customer key belongs to (\"\" when the tenant has none)"
    )
    connection_recorded: bool = Field(
        description="false: older events without a connection, taken as the default connection"
    )
    customer_number: str
    name: str
    last_action: str = Field(description="e.g. customer.viewed, order.viewed, support_request.sent")
    last_outcome: Outcome
    at: Moment = Field(description="when (UTC)")
    order_number: int | None = Field(description="the order of the last action, if any")

    @classmethod
    def of(cls, recent: RecentCustomer) -> RecentCustomerOut:
        return cls(
            customer_key=recent.customer.customer_key,
            connection_id=recent.customer.connection_id,
            connection_recorded=recent.connection_recorded,
            customer_number=recent.customer.customer_number,
            name=recent.customer.name,
            last_action=recent.last_action,
            last_outcome=recent.last_outcome,
            at=recent.at,
            order_number=recent.order_number,
        )


class RecentCustomersOut(BaseModel):
    customers: list[RecentCustomerOut] = Field(description="newest first, at most 20")


@endpoint("/me/recent-customers",
    summary="Zuletzt bearbeitete Kunden des angemeldeten Agenten",
    tag="audit",
    response=RecentCustomersOut,
)
def recent_customers(principal: Principal) -> RecentCustomersOut:
    return RecentCustomersOut(customers=[RecentCustomerOut.of(r) for r in audit.recent_work(principal)])
