"""The shops (sales channels) of the tenant's pixi connection: the scope of a customer search."""

from __future__ import annotations

from chalicelib.domain.reference import Shop
from chalicelib.services.pixi_cache import tenant_pixi


def list_shops(tenant_id: str, *, refresh: bool = False) -> list[Shop]:
    """The connection's shops as pixi lists them, sorted by id (cached ~10 minutes per tenant)."""
    return sorted(tenant_pixi(tenant_id, refresh=refresh).shops(), key=lambda s: s.shop_id)
