"""The tenant (the merchant's account) as the services read it."""

from __future__ import annotations

from chalicelib.domain.tenant import Tenant
from chalicelib.errors import NotFoundError
from chalicelib.services.wiring import adapters


def tenant_of(tenant_id: str) -> Tenant:
    """The stored tenant; ``NotFoundError`` when it is gone."""
    tenant = adapters().tenants.get(tenant_id)
    if tenant is None:
        raise NotFoundError(detail=f"tenant {tenant_id} missing")
    return tenant
