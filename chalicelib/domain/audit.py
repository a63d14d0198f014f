"""The audit trail (B1): who did what, when, for which customer or order, and with what outcome.

Pure rules only: how an event is built (stable action names, outcome, the customer as it was named
at record time, small details without secrets), how long it is kept, the keys that make every
query start with the tenant, the paging cursor, and the agent's recent customers.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.errors import ValidationError

DEFAULT_RETENTION_DAYS = 365
MAX_DETAIL_TEXT = 200
"""Longer detail texts are cut: the trail keeps facts, not documents."""
EXCERPT_LENGTH = 120
"""How much of a free text (e.g. a support request) the trail keeps."""
MAX_DETAILS = 20
RECENT_CUSTOMERS_LIMIT = 20
CURSOR_INVALID_MESSAGE = "Der Blätter-Verweis (cursor) ist ungültig. Bitte die Liste neu laden."
RANGE_INVALID_MESSAGE = "Das Ende des Zeitraums liegt vor seinem Anfang."
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999
"""The years an audit query may name: the trail starts after 2000; far-away dates are typos."""
YEAR_MESSAGE = f"Bitte ein Datum zwischen {EARLIEST_YEAR} und {LATEST_YEAR} angeben."
_SECRET_KEY = re.compile(
    r"(^|_)(pass|password|passwort|token|secret|credentials?|authorization|api_?key)($|_)", re.IGNORECASE
)
_REDACTED = "***"
BERLIN = ZoneInfo("Europe/Berlin")
"""Dates an admin picks in the page are German calendar days."""


class AuditAction(StrEnum):
    """Stable names of the actions taken for a customer (admin actions name themselves, e.g.
    ``agent.disabled``). The page translates them; never rename one that was ever written."""

    CUSTOMER_VIEWED = "customer.viewed"
    ORDER_VIEWED = "order.viewed"
    SUPPORT_REQUEST_SENT = "support_request.sent"
    ORDER_PLACED = "order.placed"
    VOUCHER_SENT = "voucher.sent"


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"


class EventKind(StrEnum):
    """``customer``: taken for a customer (views, support requests, orders, vouchers);
    ``admin``: a change of the tenant's team or settings."""

    CUSTOMER = "customer"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """Who acted: from the verified token."""

    agent_id: str
    email: str


@dataclass(frozen=True)
class CustomerRef:
    """The customer as the agent saw it when the event was recorded (pixi may rename it later).

    A customer key means something only in one pixi: ``connection_id`` names the tenant's pixi
    connection. Events recorded before connections were recorded have "" (read: the default
    connection, see ``on_connection``)."""

    customer_key: int
    customer_number: str = ""
    name: str = ""
    connection_id: str = ""

    def on_connection(self, default_connection_id: str) -> CustomerRef:
        """This reference with its connection, an unrecorded one taken as the default connection."""
        return self if self.connection_id else replace(self, connection_id=default_connection_id)


@dataclass(frozen=True)
class AuditEvent:
    tenant_id: str
    event_id: str
    at: datetime
    agent_id: str
    agent_email: str
    action: str
    outcome: Outcome
    kind: EventKind
    customer: CustomerRef | None = None
    order_number: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    expires_at: int = 0
    """Epoch seconds after which DynamoDB removes the event (its TTL attribute)."""

    @property
    def event_key(self) -> str:
        return event_key(self.at, self.event_id)


# --- building an event ------------------------------------------------------------------------


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a free text on one line, cut at ``length`` characters with "…"."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1].rstrip() + "…"


def _detail_value(key: str, value: Any, depth: int = 0) -> Any:
    if _SECRET_KEY.search(key):
        return _REDACTED
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_DETAIL_TEXT else value[: MAX_DETAIL_TEXT - 1] + "…"
    if isinstance(value, Mapping) and depth < 2:
        return safe_details(value, depth + 1)
    if isinstance(value, list | tuple | set | frozenset) and depth < 2:
        return [_detail_value(key, v, depth + 1) for v in list(value)[:MAX_DETAILS]]
    return _detail_value(key, str(value), depth + 2)


def safe_details(details: Mapping[str, Any] | None, depth: int = 0) -> dict[str, Any]:
    """Details small enough for the trail and free of secrets: keys that name a password, token or
    secret are masked (a changed password shows as ``***``), texts cut, nesting limited."""
    result: dict[str, Any] = {}
    for key, value in list((details or {}).items())[:MAX_DETAILS]:
        result[str(key)] = _detail_value(str(key), value, depth)
    return result


def retention_expiry(at: datetime, retention_days: int) -> int:
    """Epoch seconds at which an event recorded ``at`` may be removed."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    return int((at + timedelta(days=retention_days)).timestamp())


def build_event(
    *,
    tenant_id: str,
    event_id: str,
    at: datetime,
    actor: Actor,
    action: str,
    outcome: Outcome = Outcome.OK,
    customer: CustomerRef | None = None,
    order_number: int | None = None,
    details: Mapping[str, Any] | None = None,
    kind: EventKind | None = None,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> AuditEvent:
    """One event; its kind is ``customer`` when it names a customer, else ``admin``."""
    if not tenant_id or not actor.agent_id:
        raise ValueError("an audit event needs a tenant and an agent")
    if not action or len(action) > 64 or not re.fullmatch(r"[a-z][a-z0-9_.]*", action):
        raise ValueError(f"not a stable action name: {action!r}")
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    if customer is not None:
        customer = CustomerRef(
            customer_key=customer.customer_key,
            customer_number=customer.customer_number.strip()[:64],
            name=" ".join(customer.name.split())[:MAX_DETAIL_TEXT],
            connection_id=customer.connection_id.strip()[:64],
        )
    return AuditEvent(
        tenant_id=tenant_id,
        event_id=event_id,
        at=at.astimezone(UTC),
        agent_id=actor.agent_id,
        agent_email=actor.email,
        action=action,
        outcome=outcome,
        kind=kind or (EventKind.CUSTOMER if customer is not None else EventKind.ADMIN),
        customer=customer,
        order_number=order_number,
        details=safe_details(details),
        expires_at=retention_expiry(at, retention_days),
    )


# --- keys: every partition starts with the tenant ---------------------------------------------


def timestamp(at: datetime) -> str:
    """Sortable UTC time with microseconds, e.g. ``2024-05-01T08:15:00.000000Z``."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_key(at: datetime, event_id: str) -> str:
    """The sort key: time first (newest-first queries), the id makes it unique."""
    return f"{timestamp(at)}#{event_id}"


def agent_partition(tenant_id: str, agent_id: str) -> str:
    return f"{tenant_id}#{agent_id}"


def customer_partition(tenant_id: str, customer_key: int) -> str:
    return f"{tenant_id}#{customer_key}"


def kind_partition(tenant_id: str, kind: EventKind) -> str:
    return f"{tenant_id}#{kind.value}"


@dataclass(frozen=True)
class TimeRange:
    """Inclusive bounds as sort-key values (``None``: open)."""

    start: str | None
    end: str | None


OPEN_RANGE = TimeRange(None, None)


@dataclass(frozen=True)
class AuditFilter:
    """What an audit query asks for; every part is optional (all: the tenant's whole trail).

    ``connection_id`` narrows to events of customers on that pixi connection;
    ``with_unrecorded_connection`` also keeps events that recorded no connection (older ones: they
    count as the default connection's)."""

    agent_id: str | None = None
    customer_key: int | None = None
    kind: EventKind | None = None
    range: TimeRange = OPEN_RANGE
    connection_id: str | None = None
    with_unrecorded_connection: bool = False

    def connection_matches(self, customer: CustomerRef | None) -> bool:
        if self.connection_id is None:
            return True
        if customer is None:
            return False
        if not customer.connection_id:
            return self.with_unrecorded_connection
        return customer.connection_id == self.connection_id


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    next_cursor: str | None


def time_range(start: datetime | None, end: datetime | None) -> TimeRange:
    """Sort-key bounds for events from ``start`` up to and including ``end``."""
    if start is not None and end is not None and end < start:
        raise ValidationError(RANGE_INVALID_MESSAGE, fields={"to": RANGE_INVALID_MESSAGE})
    return TimeRange(
        start=timestamp(start) if start is not None else None,
        end=timestamp(end) + "#\uffff" if end is not None else None,
    )


def day_bounds(start: date | datetime | None, end: date | datetime | None) -> TimeRange:
    """The range an admin asked for: a date means the whole German calendar day (``from`` at its
    start, ``to`` at its end); a date-time without zone is German time. Years outside
    ``EARLIEST_YEAR``..``LATEST_YEAR`` are a ``ValidationError`` on ``from``/``to``."""

    def moment(value: date | datetime | None, *, end_of_day: bool) -> datetime | None:
        if value is None:
            return None
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            field_name = "to" if end_of_day else "from"
            raise ValidationError(YEAR_MESSAGE, fields={field_name: YEAR_MESSAGE})
        if not isinstance(value, datetime):
            value = datetime.combine(value, time.max if end_of_day else time.min)
        return value if value.tzinfo is not None else value.replace(tzinfo=BERLIN)

    return time_range(moment(start, end_of_day=False), moment(end, end_of_day=True))


# --- the paging cursor ------------------------------------------------------------------------


def encode_cursor(key: Mapping[str, str]) -> str:
    """An opaque cursor for the next page: the last event's key attributes (strings)."""
    raw = json.dumps(dict(sorted(key.items())), separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, expected: Mapping[str, str | None]) -> dict[str, str]:
    """The key of a cursor made by ``encode_cursor`` for the same query.

    ``expected`` names every key attribute of the query's index; a value that is not ``None``
    must match exactly (the partition: tenant, agent, customer). Anything else is a 400.
    """
    error = ValidationError(
        CURSOR_INVALID_MESSAGE, fields={"cursor": CURSOR_INVALID_MESSAGE}, detail="bad audit cursor"
    )
    if len(cursor) > 2000:
        raise error
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise error from exc
    if not isinstance(key, dict) or set(key) != set(expected):
        raise error
    for name, value in key.items():
        wanted = expected[name]
        if not isinstance(value, str) or not value or (wanted is not None and value != wanted):
            raise error
    return {str(k): str(v) for k, v in key.items()}


def query_partition(tenant_id: str, wanted: AuditFilter) -> tuple[str, str]:
    """Which partition answers a filter, as (key attribute, value): the customer's, else the
    agent's, else the kind's, else the tenant's whole trail. The rest of the filter narrows it."""
    if wanted.customer_key is not None:
        return "customer_partition", customer_partition(tenant_id, wanted.customer_key)
    if wanted.agent_id is not None:
        return "agent_partition", agent_partition(tenant_id, wanted.agent_id)
    if wanted.kind is not None:
        return "kind_partition", kind_partition(tenant_id, wanted.kind)
    return "tenant_id", tenant_id


def page_cursor(tenant_id: str, last_event_key: str, partition: tuple[str, str]) -> str:
    """The cursor after an event of a query on ``partition`` (see ``query_partition``)."""
    attribute, value = partition
    key = {"tenant_id": tenant_id, "event_key": last_event_key}
    if attribute != "tenant_id":
        key[attribute] = value
    return encode_cursor(key)


def page_start(cursor: str, tenant_id: str, partition: tuple[str, str]) -> dict[str, str]:
    """The key a cursor continues after; a 400 when it was made for another tenant or partition."""
    attribute, value = partition
    expected: dict[str, str | None] = {"tenant_id": tenant_id, "event_key": None}
    if attribute != "tenant_id":
        expected[attribute] = value
    return decode_cursor(cursor, expected=expected)


# --- "zuletzt bearbeitet" ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecentCustomer:
    customer: CustomerRef
    last_action: str
    last_outcome: Outcome
    at: datetime
    order_number: int | None
    connection_recorded: bool = True
    """False: the events recorded no connection; ``customer.connection_id`` is the default one."""


def recent_customers(
    newest_first: Iterable[AuditEvent],
    limit: int = RECENT_CUSTOMERS_LIMIT,
    *,
    default_connection_id: str = "",
) -> list[RecentCustomer]:
    """The distinct customers of these events, newest first, each with its latest action.

    A customer is a key on a pixi connection: the same key on two connections is two customers.
    Events without a connection count as the default connection's. A customer's number and name
    come from its latest event that knew them (a failed view may not).
    """
    found: dict[tuple[str, int], RecentCustomer] = {}
    for event in newest_first:
        if event.customer is None:
            continue
        recorded = bool(event.customer.connection_id)
        customer = event.customer.on_connection(default_connection_id)
        key = (customer.connection_id, customer.customer_key)
        known = found.get(key)
        if known is None:
            if len(found) >= limit:
                continue
            found[key] = RecentCustomer(
                customer=customer,
                last_action=event.action,
                last_outcome=event.outcome,
                at=event.at,
                order_number=event.order_number,
                connection_recorded=recorded,
            )
        elif not known.customer.name and customer.name:
            named = replace(known.customer, customer_number=customer.customer_number, name=customer.name)
            found[key] = replace(known, customer=named)
    return list(found.values())
