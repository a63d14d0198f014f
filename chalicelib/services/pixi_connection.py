"""The tenant's pixi API connection: stored settings plus the password from the secret store."""

from __future__ import annotations

import threading
import time
import uuid
from contextvars import ContextVar
from typing import TYPE_CHECKING

from chalicelib.adapters.secrets import SecretNotFoundError, pixi_password_secret_name
from chalicelib.domain.tenant import PixiApiConnection, choose_default_connection
from chalicelib.errors import PixiNotConfiguredError, ValidationError
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import PixiClient, PixiConnection


CONNECTION_CACHE_SECONDS = 30.0
"""How long a resolved connection is reused (per process, keyed by tenant and chosen connection):
saves a DynamoDB query and a secret read per request; a change made in another process applies
after at most this long."""

UNKNOWN_CONNECTION_MESSAGE = "Diese pixi-API-Verbindung gibt es nicht oder sie ist nicht aktiv."
CONNECTION_HEADER = "X-Pixi-Connection"

chosen_connection_var: ContextVar[str | None] = ContextVar("chosen_pixi_connection", default=None)
"""The connection the agent chose for this request (header ``X-Pixi-Connection``), set by the API
layer; None: the tenant's default connection."""

_resolved: dict[tuple[str, str], tuple[PixiConnection, float]] = {}
_resolved_lock = threading.Lock()


def forget_connections(tenant_id: str | None = None) -> None:
    """Drop cached connections (of one tenant, or all) after a change."""
    with _resolved_lock:
        if tenant_id is None:
            _resolved.clear()
        else:
            for key in [k for k in _resolved if k[0] == tenant_id]:
                del _resolved[key]


def default_connection(tenant_id: str) -> PixiConnection:
    """The connection this request works on, with its decrypted password: the one the agent chose
    (``X-Pixi-Connection``, must be an active connection of the tenant, else 400), else the
    tenant's default active connection."""
    chosen = chosen_connection_var.get() or ""
    key = (tenant_id, chosen)
    now = time.monotonic()
    cached = _resolved.get(key)
    if cached is not None and cached[1] > now:
        return cached[0]
    connection = _load_connection(tenant_id, chosen)
    with _resolved_lock:
        _resolved[key] = (connection, now + CONNECTION_CACHE_SECONDS)
    return connection


def _load_connection(tenant_id: str, chosen: str) -> PixiConnection:
    from chalicelib.adapters.pixi import PixiConnection

    deps = adapters()
    connections = deps.connections.list_for_tenant(tenant_id)
    if chosen:
        stored = next((c for c in connections if c.connection_id == chosen and c.active), None)
        if stored is None:
            raise ValidationError(UNKNOWN_CONNECTION_MESSAGE,
                                  fields={CONNECTION_HEADER: UNKNOWN_CONNECTION_MESSAGE},
                                  detail=f"tenant {tenant_id}: no active connection {chosen!r}")
    else:
        stored = choose_default_connection(connections)
    if stored is None:
        raise PixiNotConfiguredError(detail=f"tenant {tenant_id}: no default active pixi connection")
    try:
        password = deps.secrets.get(stored.password_secret_ref)
    except SecretNotFoundError as exc:
        raise PixiNotConfiguredError(
            detail=f"tenant {tenant_id}: password of connection {stored.connection_id} missing"
        ) from exc
    return PixiConnection(endpoint=stored.endpoint, username=stored.username, password=password,
                          connection_id=stored.connection_id)


def default_pixi_client(tenant_id: str) -> PixiClient:
    return adapters().pixi_client_for(default_connection(tenant_id))


def store_connection(
    tenant_id: str,
    *,
    name: str,
    endpoint: str,
    username: str,
    password: str,
    is_default: bool,
    active: bool = True,
    connection_id: str | None = None,
) -> PixiApiConnection:
    """Save a connection; the password goes only to the secret store, the record keeps a reference."""
    deps = adapters()
    connection_id = connection_id or uuid.uuid4().hex
    secret_name = pixi_password_secret_name(get_settings(), tenant_id, connection_id)
    deps.secrets.put(secret_name, password, description=f"pixi API password, tenant {tenant_id}")
    connection = PixiApiConnection(
        tenant_id=tenant_id,
        connection_id=connection_id,
        name=name,
        endpoint=endpoint,
        username=username,
        password_secret_ref=secret_name,
        active=active,
        is_default=is_default,
    )
    deps.connections.save(connection)
    forget_connections(tenant_id)
    return connection
