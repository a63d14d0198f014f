"""A tenant's pixi API connections (admins): list, test, add, change, remove, choose the default.

``add_connection`` is the one way to save a new connection: it tests it first (unless the caller
is the app itself, e.g. the demo seed before the simulator is up), keeps the password only in the
secret store and records the change. pixi passwords are write-only: nothing here returns them, and
a stored password is only ever sent to the endpoint it was saved with (a new endpoint needs the
password again, for a test too). Whether an endpoint may be reached at all is decided when it is
called (:mod:`chalicelib.adapters.outbound`, on the address actually used); here only its form is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from chalicelib.adapters.secrets import pixi_password_secret_name
from chalicelib.domain.connections import (
    check_removal,
    check_set_default,
    check_update,
    normalize_pixi_endpoint,
)
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import PixiApiConnection
from chalicelib.errors import NotFoundError, PixiConnectionCheckFailedError, ValidationError
from chalicelib.services.pixi_connection import forget_connections
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

CONNECTION_NOT_FOUND_MESSAGE = "Diese pixi-API-Verbindung gibt es in diesem Konto nicht."
PASSWORD_NEEDED_MESSAGE = "Bitte das Passwort angeben (für eine neue Verbindung ist es Pflicht)."
PASSWORD_AGAIN_MESSAGE = (
    "Bitte das Passwort erneut angeben: Das gespeicherte Passwort wird nur an die Adresse gesendet, "
    "für die es gespeichert wurde."
)
CHECK_CONNECT_TIMEOUT = 3.0
CHECK_READ_TIMEOUT = 10.0
_PROBLEM_FIELD = {
    "credentials": "password",
    "unreachable": "endpoint",
    "not_pixi": "endpoint",
    "timeout": "endpoint",
}


@dataclass(frozen=True)
class ConnectionTest:
    ok: bool
    problem: str | None
    message: str
    shop_count: int


def list_connections(tenant_id: str) -> list[PixiApiConnection]:
    return sorted(
        adapters().connections.list_for_tenant(tenant_id),
        key=lambda c: (not c.is_default, c.name.casefold(), c.connection_id),
    )


def active_connections(tenant_id: str) -> list[PixiApiConnection]:
    """What an agent may choose from (``X-Pixi-Connection``)."""
    return [c for c in list_connections(tenant_id) if c.active]


def connection_of(tenant_id: str, connection_id: str) -> PixiApiConnection:
    connection = adapters().connections.get(tenant_id, connection_id)
    if connection is None:
        raise NotFoundError(CONNECTION_NOT_FOUND_MESSAGE, detail=f"connection {connection_id}")
    return connection


def _endpoint(endpoint: str) -> str:
    """The endpoint in its stored form (https, a public host name or IP, ``/soap/<db>/``)."""
    return normalize_pixi_endpoint(endpoint, allow_loopback=get_settings().allow_loopback_urls)


def _password_again(connection_id: str, endpoint: str) -> ValidationError:
    return ValidationError(
        PASSWORD_AGAIN_MESSAGE,
        fields={"password": PASSWORD_AGAIN_MESSAGE},
        detail=f"stored password of {connection_id} asked for another endpoint {endpoint}",
    )


def try_connection(
    tenant_id: str, *, endpoint: str, username: str, password: str | None, connection_id: str | None = None
) -> ConnectionTest:
    """Run pixi's connection check; without a password, the stored one of ``connection_id`` is used,
    but only against the endpoint it was saved with."""
    from chalicelib.adapters.pixi import PixiConnection

    normalized = _endpoint(endpoint)
    if not password:
        if not connection_id:
            raise ValidationError(PASSWORD_NEEDED_MESSAGE, fields={"password": PASSWORD_NEEDED_MESSAGE})
        saved = connection_of(tenant_id, connection_id)
        if saved.endpoint != normalized:
            raise _password_again(connection_id, normalized)
        password = adapters().secrets.get(saved.password_secret_ref)
    client = adapters().pixi_client_for(
        PixiConnection(
            endpoint=normalized,
            username=username.strip(),
            password=password,
            connect_timeout=CHECK_CONNECT_TIMEOUT,
            read_timeout=CHECK_READ_TIMEOUT,
        )
    )
    check = client.check_connection()
    return ConnectionTest(
        ok=check.ok, problem=check.problem, message=check.message, shop_count=len(check.shops)
    )


def _must_work(
    tenant_id: str, *, endpoint: str, username: str, password: str | None, connection_id: str | None
) -> None:
    result = try_connection(
        tenant_id, endpoint=endpoint, username=username, password=password, connection_id=connection_id
    )
    if not result.ok:
        problem = result.problem or "not_pixi"
        raise PixiConnectionCheckFailedError(
            result.message,
            problem=problem,
            fields={_PROBLEM_FIELD.get(problem, "endpoint"): result.message},
            detail=f"connection test failed: {problem}",
        )


def add_connection(
    principal: Principal,
    *,
    name: str,
    endpoint: str,
    username: str,
    password: str,
    active: bool = True,
    is_default: bool = False,
    connection_id: str | None = None,
    test_first: bool = True,
) -> PixiApiConnection:
    """Test, then save; the first connection becomes the default.

    ``connection_id`` and ``test_first=False`` are for the app itself (the demo seed keeps the id
    ``default`` and may run before the simulator is up); the admin routes never pass them."""
    deps = adapters()
    tenant_id = principal.tenant_id
    normalized = _endpoint(endpoint)
    if test_first:
        _must_work(tenant_id, endpoint=normalized, username=username, password=password, connection_id=None)
    existing = deps.connections.list_for_tenant(tenant_id)
    connection_id = connection_id or uuid.uuid4().hex[:12]
    secret = pixi_password_secret_name(get_settings(), tenant_id, connection_id)
    deps.secrets.put(secret, password, description=f"pixi API password, tenant {tenant_id}")
    connection = PixiApiConnection(
        tenant_id=tenant_id,
        connection_id=connection_id,
        name=name.strip(),
        endpoint=normalized,
        username=username.strip(),
        password_secret_ref=secret,
        active=active or not existing,
        is_default=not existing,
        created_at=deps.now(),
    )
    deps.connections.save(connection)
    if is_default and existing:
        check_set_default(connection)
        deps.connections.set_default(tenant_id, connection_id)
    forget_connections(tenant_id)
    record_admin_action(
        tenant_id,
        principal,
        "pixi_connection.added",
        {
            "connection_id": connection_id,
            "name": connection.name,
            "endpoint": normalized,
            "username": connection.username,
            "active": connection.active,
            "is_default": connection.is_default or is_default,
        },
    )
    return connection_of(tenant_id, connection_id)


def update_connection(
    principal: Principal,
    connection_id: str,
    *,
    name: str | None = None,
    endpoint: str | None = None,
    username: str | None = None,
    password: str | None = None,
    active: bool | None = None,
    test_first: bool = True,
) -> PixiApiConnection:
    """Change what is given; a new endpoint, user or password is tested first (``test_first``,
    see ``add_connection``). No password: unchanged, which a new endpoint does not allow."""
    deps = adapters()
    tenant_id = principal.tenant_id
    current = connection_of(tenant_id, connection_id)
    new_endpoint = _endpoint(endpoint) if endpoint is not None else current.endpoint
    if new_endpoint != current.endpoint and not password:
        raise _password_again(connection_id, new_endpoint)
    new_username = username.strip() if username is not None else current.username
    if active is not None:
        check_update(current, active=active)
    access_changed = new_endpoint != current.endpoint or new_username != current.username or bool(password)
    if access_changed and test_first:
        _must_work(
            tenant_id,
            endpoint=new_endpoint,
            username=new_username,
            password=password or None,
            connection_id=connection_id,
        )
    if password:
        deps.secrets.put(
            current.password_secret_ref, password, description=f"pixi API password, tenant {tenant_id}"
        )
    updated = PixiApiConnection(
        tenant_id=tenant_id,
        connection_id=connection_id,
        name=name.strip() if name is not None else current.name,
        endpoint=new_endpoint,
        username=new_username,
        password_secret_ref=current.password_secret_ref,
        active=current.active if active is None else active,
        is_default=current.is_default,
        created_at=current.created_at,
    )
    deps.connections.save(updated)
    forget_connections(tenant_id)
    changed = {
        k: v
        for k, v in {
            "name": updated.name,
            "endpoint": updated.endpoint,
            "username": updated.username,
            "active": updated.active,
        }.items()
        if getattr(current, k) != v
    }
    if password:
        changed["password"] = "geändert"
    record_admin_action(
        tenant_id, principal, "pixi_connection.updated", {"connection_id": connection_id, "changed": changed}
    )
    return updated


def remove_connection(principal: Principal, connection_id: str) -> None:
    """Not the default one while others exist (409): set another default first."""
    deps = adapters()
    tenant_id = principal.tenant_id
    target = connection_of(tenant_id, connection_id)
    check_removal(target, deps.connections.list_for_tenant(tenant_id))
    deps.connections.delete(tenant_id, connection_id)
    deps.secrets.delete(target.password_secret_ref)
    forget_connections(tenant_id)
    record_admin_action(
        tenant_id,
        principal,
        "pixi_connection.removed",
        {"connection_id": connection_id, "name": target.name, "endpoint": target.endpoint},
    )


def set_default_connection(principal: Principal, connection_id: str) -> PixiApiConnection:
    deps = adapters()
    tenant_id = principal.tenant_id
    target = connection_of(tenant_id, connection_id)
    check_set_default(target)
    deps.connections.set_default(tenant_id, connection_id)
    forget_connections(tenant_id)
    record_admin_action(
        tenant_id,
        principal,
        "pixi_connection.default_set",
        {"connection_id": connection_id, "name": target.name},
    )
    return connection_of(tenant_id, connection_id)
