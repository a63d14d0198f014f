"""Tenant settings routes (T3) under ``/settings``, admins only: pixi connections, e-mail identity,
feature package, the overview; plus the list of connections an agent may choose."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from chalicelib.api.models import EMAIL_PATTERN
from chalicelib.api.openapi import endpoint
from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language, SenderState
from chalicelib.domain.mail_identity import AddressRole
from chalicelib.domain.package import OPTIONS
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import BASIC_PACKAGE, Feature, PixiApiConnection, TenantStatus
from chalicelib.services import connections, email_identity, package
from chalicelib.services.settings_overview import settings_overview as overview_of

# --- pixi API connections ---------------------------------------------------------------------


class ConnectionOut(BaseModel):
    """A pixi API connection; the password is never returned (``has_password``)."""

    connection_id: str
    name: str
    endpoint: str
    username: str
    active: bool
    is_default: bool
    has_password: bool
    created_at: datetime | None

    @classmethod
    def of(cls, c: PixiApiConnection) -> ConnectionOut:
        return cls(
            connection_id=c.connection_id,
            name=c.name,
            endpoint=c.endpoint,
            username=c.username,
            active=c.active,
            is_default=c.is_default,
            has_password=bool(c.password_secret_ref),
            created_at=c.created_at,
        )


class ConnectionsOut(BaseModel):
    connections: list[ConnectionOut]


class ConnectionIn(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    endpoint: str = Field(min_length=8, max_length=500, description="z. B. https://api.pixi.eu/soap/pixiXYZ/")
    username: str = Field(min_length=1, max_length=120, description="meist der Datenbankname, z. B. pixiXYZ")
    password: str = Field(min_length=1, max_length=500, description="wird nie wieder angezeigt")
    active: bool = True
    is_default: bool = False


class ConnectionUpdateIn(BaseModel):
    """Only what is given changes; no password: the stored one stays."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    endpoint: str | None = Field(default=None, min_length=8, max_length=500)
    username: str | None = Field(default=None, min_length=1, max_length=120)
    password: str | None = Field(default=None, max_length=500)
    active: bool | None = None


class ConnectionTestIn(BaseModel):
    endpoint: str = Field(min_length=8, max_length=500)
    username: str = Field(min_length=1, max_length=120)
    password: str | None = Field(default=None, max_length=500)
    connection_id: str | None = Field(
        default=None, max_length=64, description="ohne Passwort: das gespeicherte dieser Verbindung"
    )


class ConnectionTestOut(BaseModel):
    ok: bool
    problem: str | None = Field(description="unreachable | credentials | not_pixi | timeout")
    message: str
    shop_count: int


class RemovedOut(BaseModel):
    connection_id: str
    removed: bool


class ChoosableConnectionOut(BaseModel):
    connection_id: str
    name: str
    is_default: bool


class ChoosableConnectionsOut(BaseModel):
    connections: list[ChoosableConnectionOut]


@endpoint("/settings/pixi-connections",
    summary="pixi-API-Verbindungen",
    tag="settings",
    admin_only=True,
    response=ConnectionsOut,
)
def list_connections(principal: Principal) -> ConnectionsOut:
    return ConnectionsOut(
        connections=[ConnectionOut.of(c) for c in connections.list_connections(principal.tenant_id)]
    )


@endpoint("/settings/pixi-connections",
    method="POST",
    summary="pixi-API-Verbindung anlegen (wird vorher getestet)",
    tag="settings",
    admin_only=True,
    body=ConnectionIn,
    response=ConnectionOut,
)
def add_connection(principal: Principal, body: ConnectionIn) -> ConnectionOut:
    return ConnectionOut.of(
        connections.add_connection(
            principal,
            name=body.name,
            endpoint=body.endpoint,
            username=body.username,
            password=body.password,
            active=body.active,
            is_default=body.is_default,
        )
    )


@endpoint("/settings/pixi-connections/test",
    method="POST",
    summary="Verbindung testen",
    tag="settings",
    admin_only=True,
    body=ConnectionTestIn,
    response=ConnectionTestOut,
)
def test_connection(principal: Principal, body: ConnectionTestIn) -> ConnectionTestOut:
    result = connections.try_connection(
        principal.tenant_id,
        endpoint=body.endpoint,
        username=body.username,
        password=body.password,
        connection_id=body.connection_id,
    )
    return ConnectionTestOut(
        ok=result.ok, problem=result.problem, message=result.message, shop_count=result.shop_count
    )


@endpoint("/settings/pixi-connections/{connection_id}",
    method="PATCH",
    summary="pixi-API-Verbindung ändern (neue Zugangsdaten werden vorher getestet)",
    tag="settings",
    admin_only=True,
    body=ConnectionUpdateIn,
    response=ConnectionOut,
)
def update_connection(principal: Principal, connection_id: str, body: ConnectionUpdateIn) -> ConnectionOut:
    return ConnectionOut.of(
        connections.update_connection(
            principal,
            connection_id,
            name=body.name,
            endpoint=body.endpoint,
            username=body.username,
            password=body.password,
            active=body.active,
        )
    )


@endpoint("/settings/pixi-connections/{connection_id}",
    method="DELETE",
    summary="pixi-API-Verbindung entfernen",
    tag="settings",
    admin_only=True,
    response=RemovedOut,
)
def remove_connection(principal: Principal, connection_id: str) -> RemovedOut:
    connections.remove_connection(principal, connection_id)
    return RemovedOut(connection_id=connection_id, removed=True)


@endpoint("/settings/pixi-connections/{connection_id}/default",
    method="POST",
    summary="Als Konto-Standard-API festlegen",
    tag="settings",
    admin_only=True,
    response=ConnectionOut,
)
def set_default_connection(principal: Principal, connection_id: str) -> ConnectionOut:
    return ConnectionOut.of(connections.set_default_connection(principal, connection_id))


@endpoint("/pixi-connections",
    summary="Aktive pixi-API-Verbindungen zur Auswahl",
    tag="settings",
    response=ChoosableConnectionsOut,
)
def choosable_connections(principal: Principal) -> ChoosableConnectionsOut:
    return ChoosableConnectionsOut(
        connections=[
            ChoosableConnectionOut(connection_id=c.connection_id, name=c.name, is_default=c.is_default)
            for c in connections.active_connections(principal.tenant_id)
        ]
    )


# --- e-mail configuration ---------------------------------------------------------------------


class EmailSettingsOut(BaseModel):
    support_address: str
    sender_address: str
    sender_state: SenderState = Field(description="Bestätigungsstand der Absenderadresse in SES (live)")
    support_confirmed: bool = Field(
        description="dieses Konto hat die Support-Adresse bestätigt (Link in der Bestätigungs-E-Mail)"
    )
    sender_confirmed: bool = Field(
        description="dieses Konto hat die Absenderadresse bestätigt (die Plattform-Adresse immer)"
    )

    @classmethod
    def of(cls, e: email_identity.EmailIdentity) -> EmailSettingsOut:
        return cls(
            support_address=e.support_address,
            sender_address=e.sender_address,
            sender_state=e.sender_state,
            support_confirmed=e.support_confirmed,
            sender_confirmed=e.sender_confirmed,
        )


class SupportAddressIn(BaseModel):
    support_address: str = Field(min_length=5, max_length=254, pattern=EMAIL_PATTERN)
    language: Language = Field(default=DEFAULT_LANGUAGE, description="Sprache der Bestätigungs-E-Mail")


class SenderIn(BaseModel):
    sender_address: str = Field(min_length=5, max_length=254, pattern=EMAIL_PATTERN)
    language: Language = Field(default=DEFAULT_LANGUAGE, description="Sprache der Bestätigungs-E-Mail")


class ConfirmAddressIn(BaseModel):
    token: str = Field(min_length=1, max_length=300)


class ConfirmedAddressOut(BaseModel):
    tenant_name: str
    role: AddressRole
    address: str


@endpoint("/settings/email",
    summary="E-Mail-Konfiguration",
    tag="settings",
    admin_only=True,
    response=EmailSettingsOut,
)
def email_settings(principal: Principal) -> EmailSettingsOut:
    return EmailSettingsOut.of(email_identity.email_identity(principal.tenant_id))


@endpoint("/settings/email",
    method="PUT",
    summary="Support-Adresse festlegen (eine neue Adresse wird per Link bestätigt)",
    tag="settings",
    admin_only=True,
    body=SupportAddressIn,
    response=EmailSettingsOut,
)
def set_support_address(principal: Principal, body: SupportAddressIn) -> EmailSettingsOut:
    return EmailSettingsOut.of(
        email_identity.set_support_address(principal, body.support_address, body.language)
    )


@endpoint("/settings/email/sender",
    method="POST",
    summary="Absenderadresse festlegen, in SES und per Link bestätigen lassen",
    tag="settings",
    admin_only=True,
    body=SenderIn,
    response=EmailSettingsOut,
)
def set_sender(principal: Principal, body: SenderIn) -> EmailSettingsOut:
    return EmailSettingsOut.of(
        email_identity.start_sender_verification(principal, body.sender_address, body.language)
    )


@endpoint("/mail-addresses/confirm",
    method="POST",
    summary="Support- oder Absenderadresse bestätigen (Link aus der Bestätigungs-E-Mail)",
    tag="settings",
    public=True,
    body=ConfirmAddressIn,
    response=ConfirmedAddressOut,
)
def confirm_mail_address(body: ConfirmAddressIn) -> ConfirmedAddressOut:
    confirmed = email_identity.confirm_address(body.token)
    return ConfirmedAddressOut(
        tenant_name=confirmed.tenant_name, role=confirmed.role, address=confirmed.address
    )


# --- the feature package ----------------------------------------------------------------------


class PackageOut(BaseModel):
    """The booked features; the basic ones are always among them."""

    features: list[Feature]


class PackageIn(BaseModel):
    features: list[str] = Field(
        max_length=20,
        description="the options wanted; the basic features may be given or not and are always kept",
        json_schema_extra={"items": {"type": "string", "enum": [f.value for f in BASIC_PACKAGE + OPTIONS]}},
    )


@endpoint("/settings/package",
    summary="Gebuchtes Paket",
    tag="settings",
    admin_only=True,
    response=PackageOut,
)
def get_package(principal: Principal) -> PackageOut:
    return PackageOut(features=list(package.package(principal.tenant_id)))


@endpoint("/settings/package",
    method="PUT",
    summary="Paket-Optionen ändern",
    tag="settings",
    admin_only=True,
    body=PackageIn,
    response=PackageOut,
)
def set_package(principal: Principal, body: PackageIn) -> PackageOut:
    return PackageOut(features=list(package.set_package(principal, body.features)))


# --- the overview -----------------------------------------------------------------------------


class ChangeOut(BaseModel):
    at: datetime
    agent_id: str
    agent_email: str
    action: str
    details: dict[str, Any]

    @classmethod
    def of(cls, a: AuditEvent) -> ChangeOut:
        return cls(
            at=a.at, agent_id=a.agent_id, agent_email=a.agent_email, action=a.action, details=a.details
        )


class SettingsOut(BaseModel):
    tenant_id: str
    tenant_name: str
    status: TenantStatus
    connections: list[ConnectionOut]
    email: EmailSettingsOut
    package: PackageOut
    recent_changes: list[ChangeOut] = Field(description="die letzten Änderungen, neueste zuerst")


@endpoint("/settings",
    summary="Einstellungen im Überblick",
    tag="settings",
    admin_only=True,
    response=SettingsOut,
)
def settings_overview(principal: Principal) -> SettingsOut:
    o = overview_of(principal.tenant_id)
    return SettingsOut(
        tenant_id=o.tenant.tenant_id,
        tenant_name=o.tenant.name,
        status=o.tenant.status,
        connections=[ConnectionOut.of(c) for c in o.connections],
        email=EmailSettingsOut.of(o.email),
        package=PackageOut(features=list(o.features)),
        recent_changes=[ChangeOut.of(a) for a in o.recent_changes],
    )
