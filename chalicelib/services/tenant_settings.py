"""T3 tenant settings (admins only): pixi API connections, e-mail configuration, feature package.

Every change is recorded with ``record_admin_action``. pixi passwords are write-only: they go to
the secret store and no function here returns them.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from chalicelib.adapters.secrets import pixi_password_secret_name
from chalicelib.adapters.ses import SenderState
from chalicelib.domain.agent import normalize_email
from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.package import Package, ensure_booked, package_of
from chalicelib.domain.permissions import Principal
from chalicelib.domain.pixi_settings import (
    NOT_PUBLIC,
    check_removal,
    check_set_default,
    check_update,
    host_is_loopback,
    host_is_public,
    normalize_pixi_endpoint,
)
from chalicelib.domain.tenant import Feature, PixiApiConnection, Tenant
from chalicelib.errors import NotFoundError, PixiConnectionCheckFailedError, ValidationError
from chalicelib.services.pixi_connection import forget_connections
from chalicelib.services.settings_audit import recent_admin_actions, record_admin_action
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

CONNECTION_NOT_FOUND_MESSAGE = "Diese pixi-API-Verbindung gibt es in diesem Konto nicht."
PASSWORD_NEEDED_MESSAGE = "Bitte das Passwort angeben (für eine neue Verbindung ist es Pflicht)."
CHECK_CONNECT_TIMEOUT = 3.0
CHECK_READ_TIMEOUT = 10.0
FEATURE_CACHE_SECONDS = 30.0
_PROBLEM_FIELD = {
    "credentials": "password",
    "unreachable": "endpoint",
    "not_pixi": "endpoint",
    "timeout": "endpoint",
}


# --- the tenant -------------------------------------------------------------------------------


def _tenant(tenant_id: str) -> Tenant:
    tenant = adapters().tenants.get(tenant_id)
    if tenant is None:
        raise NotFoundError(detail=f"tenant {tenant_id} missing")
    return tenant


# --- pixi API connections ---------------------------------------------------------------------


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


def _public_endpoint(endpoint: str) -> str:
    """The normalized endpoint; its host must not resolve to an internal address either."""
    allow_loopback = get_settings().allow_loopback_urls
    normalized = normalize_pixi_endpoint(endpoint, allow_loopback=allow_loopback)
    host = urlsplit(normalized).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError):
        return normalized  # not resolvable: the connection test reports "unreachable"
    for address in addresses:
        address = str(address).split("%")[0]
        if not host_is_public(address) and not (allow_loopback and host_is_loopback(address)):
            raise ValidationError(NOT_PUBLIC, fields={"endpoint": NOT_PUBLIC}, detail=f"{host} -> {address}")
    return normalized


def try_connection(
    tenant_id: str, *, endpoint: str, username: str, password: str | None, connection_id: str | None = None
) -> ConnectionTest:
    """Run pixi's connection check; without a password, the stored one of ``connection_id`` is used."""
    from chalicelib.adapters.pixi import PixiConnection

    normalized = _public_endpoint(endpoint)
    if not password:
        if not connection_id:
            raise ValidationError(PASSWORD_NEEDED_MESSAGE, fields={"password": PASSWORD_NEEDED_MESSAGE})
        password = adapters().secrets.get(connection_of(tenant_id, connection_id).password_secret_ref)
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
) -> PixiApiConnection:
    """Test, then save; the first connection becomes the default."""
    deps = adapters()
    tenant_id = principal.tenant_id
    normalized = _public_endpoint(endpoint)
    _must_work(tenant_id, endpoint=normalized, username=username, password=password, connection_id=None)
    existing = deps.connections.list_for_tenant(tenant_id)
    connection_id = uuid.uuid4().hex[:12]
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
) -> PixiApiConnection:
    """Change what is given; a new endpoint, user or password is tested first. No password: unchanged."""
    deps = adapters()
    tenant_id = principal.tenant_id
    current = connection_of(tenant_id, connection_id)
    new_endpoint = _public_endpoint(endpoint) if endpoint is not None else current.endpoint
    new_username = username.strip() if username is not None else current.username
    if active is not None:
        check_update(current, active=active)
    access_changed = new_endpoint != current.endpoint or new_username != current.username or bool(password)
    if access_changed:
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


# --- e-mail configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class EmailSettings:
    support_address: str
    sender_address: str
    sender_state: SenderState


def email_settings(tenant_id: str) -> EmailSettings:
    """Support address, sender and the sender's live verification state in SES."""
    tenant = _tenant(tenant_id)
    state = (
        adapters().mailer.sender_state(tenant.sender_address)
        if tenant.sender_address
        else SenderState.NOT_STARTED
    )
    return EmailSettings(
        support_address=tenant.support_address, sender_address=tenant.sender_address, sender_state=state
    )


def set_support_address(principal: Principal, address: str) -> EmailSettings:
    address = normalize_email(address)
    adapters().tenants.update_settings(principal.tenant_id, support_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.support_address_set", {"support_address": address}
    )
    return email_settings(principal.tenant_id)


def start_sender_verification(principal: Principal, address: str) -> EmailSettings:
    """Save the sender and ask SES to verify it (SES mails a confirmation link to that address)."""
    address = normalize_email(address)
    deps = adapters()
    deps.mailer.start_sender_verification(address)
    deps.tenants.update_settings(principal.tenant_id, sender_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.sender_verification_started", {"sender_address": address}
    )
    return email_settings(principal.tenant_id)


# --- the feature package ----------------------------------------------------------------------

_features: dict[str, tuple[tuple[Feature, ...], float]] = {}
_features_lock = threading.Lock()


def tenant_features(tenant_id: str) -> tuple[Feature, ...]:
    """The tenant's booked features (cached per process for a short while)."""
    now = time.monotonic()
    cached = _features.get(tenant_id)
    if cached is not None and cached[1] > now:
        return cached[0]
    features = _tenant(tenant_id).features
    with _features_lock:
        _features[tenant_id] = (features, now + FEATURE_CACHE_SECONDS)
    return features


def forget_features(tenant_id: str | None = None) -> None:
    with _features_lock:
        if tenant_id is None:
            _features.clear()
        else:
            _features.pop(tenant_id, None)


def require_feature(principal: Principal, feature: Feature | str) -> None:
    """For routes of an option (e.g. ``require_feature(principal, "order")``): 403
    ``feature_not_booked`` when the tenant has not booked it."""
    ensure_booked(tenant_features(principal.tenant_id), feature)


def package(tenant_id: str) -> Package:
    return package_of(_tenant(tenant_id).features)


def set_package(principal: Principal, wanted: Package) -> Package:
    before = package(principal.tenant_id)
    adapters().tenants.update_settings(principal.tenant_id, features=wanted.features)
    forget_features(principal.tenant_id)
    record_admin_action(
        principal.tenant_id,
        principal,
        "package.changed",
        {"from": [f.value for f in before.features], "to": [f.value for f in wanted.features]},
    )
    return package(principal.tenant_id)


# --- the overview -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsOverview:
    tenant: Tenant
    connections: list[PixiApiConnection]
    email: EmailSettings
    package: Package
    recent_changes: list[AuditEvent]


def overview(tenant_id: str) -> SettingsOverview:
    tenant = _tenant(tenant_id)
    return SettingsOverview(
        tenant=tenant,
        connections=list_connections(tenant_id),
        email=email_settings(tenant_id),
        package=package_of(tenant.features),
        recent_changes=recent_admin_actions(tenant_id),
    )
