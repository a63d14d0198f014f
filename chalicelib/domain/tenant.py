"""Tenants (the merchants) and their pixi API connections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class TenantStatus(StrEnum):
    PENDING = "pending"  # signed up, first admin not verified yet
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Feature(StrEnum):
    """What a tenant's package includes; the page shows only booked functions."""

    SEARCH = "search"
    DETAILS = "details"
    SUPPORT_MAIL = "support_mail"
    ORDERING = "ordering"
    PRODUCT_IMPORT = "product_import"


BASIC_PACKAGE: tuple[Feature, ...] = (Feature.SEARCH, Feature.DETAILS, Feature.SUPPORT_MAIL)


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str
    status: TenantStatus
    features: tuple[Feature, ...] = BASIC_PACKAGE
    support_address: str = ""
    sender_address: str = ""
    created_at: datetime | None = None
    support_proven: str = ""
    """The support address this tenant proved it owns (a link mailed to it was opened)."""
    sender_proven: str = ""
    """The sender address this tenant proved it owns (see :mod:`chalicelib.domain.mail_identity`)."""

    @property
    def is_active(self) -> bool:
        return self.status is TenantStatus.ACTIVE


@dataclass(frozen=True)
class PixiApiConnection:
    """A stored pixi API connection. The password itself lives only in the secret store."""

    tenant_id: str
    connection_id: str
    name: str
    endpoint: str
    username: str
    password_secret_ref: str
    active: bool = True
    is_default: bool = False
    created_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ConnectionRef:
    """Names one pixi connection of one tenant. Services that talk to pixi take it as an argument;
    carts, placed orders, import jobs and queue messages store it (never ambient request state)."""

    tenant_id: str
    connection_id: str

    def as_dict(self) -> dict[str, str]:
        return {"tenant_id": self.tenant_id, "connection_id": self.connection_id}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> ConnectionRef:
        return cls(tenant_id=str(data["tenant_id"]), connection_id=str(data["connection_id"]))


def choose_default_connection(connections: list[PixiApiConnection]) -> PixiApiConnection | None:
    """The tenant's default API: the active one marked default, else the only active one."""
    active = [c for c in connections if c.active]
    for connection in active:
        if connection.is_default:
            return connection
    return active[0] if len(active) == 1 else None
