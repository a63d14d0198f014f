"""Everything an admin sees first under "Einstellungen": the tenant, its pixi connections, its
e-mail identity, its package and the latest changes."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.tenant import Feature, PixiApiConnection, Tenant
from chalicelib.services.connections import list_connections
from chalicelib.services.email_identity import EmailIdentity, email_identity
from chalicelib.services.settings_audit import recent_admin_actions
from chalicelib.services.tenants import tenant_of


@dataclass(frozen=True)
class SettingsOverview:
    tenant: Tenant
    connections: list[PixiApiConnection]
    email: EmailIdentity
    features: tuple[Feature, ...]
    recent_changes: list[AuditEvent]


def settings_overview(tenant_id: str) -> SettingsOverview:
    tenant = tenant_of(tenant_id)
    return SettingsOverview(
        tenant=tenant,
        connections=list_connections(tenant_id),
        email=email_identity(tenant_id),
        features=tenant.features,
        recent_changes=recent_admin_actions(tenant_id),
    )
