"""The tenant's pixi API connections: which one a request works on, and opening it.

Only the HTTP layer turns the ``X-Pixi-Connection`` header (or its absence) into a
``ConnectionRef`` with ``resolve_connection``; services, carts, jobs and queue messages carry that
ref, and ``open_connection`` makes it a ``PixiConnection`` (stored record plus the password from
the secret store). Both read through one cache, keyed by tenant first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.cache import TtlCache
from chalicelib.domain.connections import CONNECTION_HEADER
from chalicelib.domain.tenant import ConnectionRef, PixiApiConnection, choose_default_connection
from chalicelib.errors import PixiNotConfiguredError, SecretNotFoundError, ValidationError
from chalicelib.services.wiring import adapters, on_swap

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import PixiConnection


CONNECTION_CACHE_SECONDS = 30.0
"""How long a tenant's stored connections and an opened connection are reused (per process): saves
a DynamoDB query and a secret read per request; a change made in another process applies after at
most this long."""

UNKNOWN_CONNECTION_MESSAGE = "Diese pixi-API-Verbindung gibt es nicht oder sie ist nicht aktiv."

_connections = TtlCache(max_entries=1000)


def forget_connections(tenant_id: str | None = None) -> None:
    """Drop cached connections (of one tenant, or all) after a change."""
    _connections.forget(() if tenant_id is None else (tenant_id,))


on_swap(forget_connections)  # other adapters (tests): other stored connections


def _stored_connections(tenant_id: str) -> tuple[PixiApiConnection, ...]:
    return _connections.get_or_load(
        (tenant_id, "stored"), CONNECTION_CACHE_SECONDS,
        lambda: tuple(adapters().connections.list_for_tenant(tenant_id)),
    )


def resolve_connection(tenant_id: str, chosen: str | None) -> ConnectionRef:
    """The connection a request works on: ``chosen`` (must be an active connection of the tenant,
    else 400 on the header), or without a choice the tenant's default active connection."""
    connections = _stored_connections(tenant_id)
    if chosen:
        stored = next((c for c in connections if c.connection_id == chosen and c.active), None)
        if stored is None:
            raise ValidationError(UNKNOWN_CONNECTION_MESSAGE,
                                  fields={CONNECTION_HEADER: UNKNOWN_CONNECTION_MESSAGE},
                                  detail=f"tenant {tenant_id}: no active connection {chosen!r}")
    else:
        stored = choose_default_connection(list(connections))
    if stored is None:
        raise PixiNotConfiguredError(detail=f"tenant {tenant_id}: no default active pixi connection")
    return ConnectionRef(tenant_id=tenant_id, connection_id=stored.connection_id)


def open_connection(ref: ConnectionRef) -> PixiConnection:
    """Endpoint, user and decrypted password of an active connection; ``PixiNotConfiguredError``
    when it is gone, inactive or its password is missing."""
    return _connections.get_or_load(
        (ref.tenant_id, "open", ref.connection_id), CONNECTION_CACHE_SECONDS, lambda: _open(ref)
    )


def _open(ref: ConnectionRef) -> PixiConnection:
    from chalicelib.adapters.pixi import PixiConnection

    stored = next(
        (c for c in _stored_connections(ref.tenant_id) if c.connection_id == ref.connection_id and c.active),
        None,
    )
    if stored is None:
        raise PixiNotConfiguredError(
            detail=f"tenant {ref.tenant_id}: no active connection {ref.connection_id!r}"
        )
    try:
        password = adapters().secrets.get(stored.password_secret_ref)
    except SecretNotFoundError as exc:
        raise PixiNotConfiguredError(
            detail=f"tenant {ref.tenant_id}: password of connection {stored.connection_id} missing"
        ) from exc
    return PixiConnection(endpoint=stored.endpoint, username=stored.username, password=password,
                          connection_id=stored.connection_id, tenant_id=ref.tenant_id)

