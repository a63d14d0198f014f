"""The order configuration of a pixi connection (O5): read, checked against pixi and saved with its
change history; and what agents' screens read of it.

A saved configuration applies at once: carts read it on every change (one DynamoDB read), nothing
caches it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.order_config import OrderConfig, order_config_as_raw, parse_order_config
from chalicelib.domain.payment import PaymentKind, payment_kind, provider_reason
from chalicelib.domain.permissions import Principal
from chalicelib.domain.reference import Country, Currency, PaymentType
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import OrderingNotConfiguredError
from chalicelib.services.pixi_cache import tenant_pixi
from chalicelib.services.settings_audit import recent_admin_actions, record_admin_action
from chalicelib.services.wiring import adapters

CHANGED_ACTION = "order_config.changed"
HISTORY_SCAN = 200
"""How many of the tenant's latest admin changes are searched for this connection's history."""


@dataclass(frozen=True)
class PaymentTypeChoice:
    """A pixi payment type as the admin sees it: whether it can be offered to agents, and why not."""

    code: str
    text: str
    xml_tag: str
    kind: PaymentKind
    reason: str | None  # None: can be chosen

    @property
    def choosable(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class OrderConfigAdmin:
    connection: ConnectionRef
    config: OrderConfig
    payment_types: tuple[PaymentTypeChoice, ...]
    currencies: tuple[Currency, ...]
    countries: tuple[Country, ...]
    changes: tuple[AuditEvent, ...]


@dataclass(frozen=True)
class AgentOrderConfig:
    config: OrderConfig
    currencies: tuple[str, ...]  # active in pixi and usable for carts
    countries: tuple[Country, ...]


def stored_config(connection: ConnectionRef) -> OrderConfig | None:
    return adapters().order_configs.get(connection)


def config_for_ordering(connection: ConnectionRef) -> OrderConfig:
    """The configuration carts work with: 409 ``ordering_not_configured`` when there is none or it is
    switched off."""
    config = stored_config(connection)
    if config is None or not config.enabled:
        raise OrderingNotConfiguredError(detail=f"{connection.tenant_id}/{connection.connection_id}")
    return config


def admin_view(connection: ConnectionRef) -> OrderConfigAdmin:
    """The stored configuration (the defaults when none is saved) with pixi's choices beside it."""
    pixi = tenant_pixi(connection)
    payment_types, currencies, countries = run_concurrently(
        pixi.payment_types, pixi.currencies, pixi.countries
    )
    return OrderConfigAdmin(
        connection=connection,
        config=stored_config(connection) or OrderConfig(),
        payment_types=tuple(
            PaymentTypeChoice(p.code, p.text, p.xml_tag, payment_kind(p), provider_reason(p))
            for p in payment_types
        ),
        currencies=currencies,
        countries=countries,
        changes=_history(connection),
    )


def save_config(principal: Principal, connection: ConnectionRef, raw: Mapping[str, Any]) -> OrderConfigAdmin:
    """Check ``raw`` against pixi's payment types and currencies (``ValidationError`` per field), store
    it, and record what changed (old -> new per field) in the change history."""
    pixi = tenant_pixi(connection)
    payment_types, currencies = run_concurrently(pixi.payment_types, pixi.currencies)
    _save(principal, connection, raw, payment_types, currencies)
    return admin_view(connection)


def seed_config(
    principal: Principal,
    connection: ConnectionRef,
    raw: Mapping[str, Any],
    *,
    payment_types: tuple[PaymentType, ...],
    currencies: tuple[Currency, ...],
) -> bool:
    """Save ``raw`` (checked against the given reference data, no pixi call) unless the connection
    has a configuration already (the demo seed never overwrites an admin's changes)."""
    if stored_config(connection) is not None:
        return False
    _save(principal, connection, raw, payment_types, currencies)
    return True


def _save(
    principal: Principal,
    connection: ConnectionRef,
    raw: Mapping[str, Any],
    payment_types: tuple[PaymentType, ...],
    currencies: tuple[Currency, ...],
) -> None:
    config = parse_order_config(raw, payment_types=payment_types, currencies=currencies)
    before = stored_config(connection) or OrderConfig()
    adapters().order_configs.save(
        connection, config, payment_types=payment_types, currencies=currencies,
        at=adapters().now(), by=principal.email,
    )
    changed = config_changes(before, config)
    if changed:
        record_admin_action(
            principal.tenant_id, principal, CHANGED_ACTION,
            {"connection_id": connection.connection_id, "changed": changed},
        )


def config_changes(before: OrderConfig, after: OrderConfig) -> dict[str, dict[str, Any]]:
    """``{field: {"from": old, "to": new}}`` of every field that changed; lists as compact JSON."""
    old, new = order_config_as_raw(before), order_config_as_raw(after)
    return {
        name: {"from": _shown(old[name]), "to": _shown(new[name])}
        for name in new
        if old.get(name) != new[name]
    }


def _shown(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _history(connection: ConnectionRef) -> tuple[AuditEvent, ...]:
    return tuple(
        event for event in recent_admin_actions(connection.tenant_id, HISTORY_SCAN)
        if event.action == CHANGED_ACTION and event.details.get("connection_id") == connection.connection_id
    )


def agent_config(connection: ConnectionRef) -> AgentOrderConfig:
    """What the order form needs: the configuration (409 when ordering is off), currencies, countries."""
    config = config_for_ordering(connection)
    pixi = tenant_pixi(connection)
    currencies, countries = run_concurrently(pixi.currencies, pixi.countries)
    return AgentOrderConfig(
        config=config,
        currencies=tuple(sorted(c.code.upper() for c in currencies if c.active)),
        countries=countries,
    )
