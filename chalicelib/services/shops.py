"""The shops (sales channels) of a tenant's pixi connection: the scope of a customer search."""

from __future__ import annotations

from chalicelib.domain.reference import Shop
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services.pixi_cache import tenant_pixi


def list_shops(connection: ConnectionRef, *, refresh: bool = False) -> list[Shop]:
    """The connection's shops as pixi lists them, sorted by id (cached ~10 minutes per connection)."""
    return sorted(tenant_pixi(connection, refresh=refresh).shops(), key=lambda s: s.shop_id)
