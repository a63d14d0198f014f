"""Shop routes: the shops (sales channels) of the tenant's pixi connection, for the search scope."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.api.models import RefreshQuery
from chalicelib.api.openapi import endpoint
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services import shops


class ShopOut(BaseModel):
    shop_id: str
    name: str


class ShopListOut(BaseModel):
    shops: list[ShopOut]


@endpoint("/shops", summary="Shops der pixi-Verbindung", tag="shops",
          query=RefreshQuery, response=ShopListOut, pixi=True)
def list_shops(principal: Principal, connection: ConnectionRef, query: RefreshQuery) -> ShopListOut:
    found = shops.list_shops(connection, refresh=query.refresh)
    return ShopListOut(shops=[ShopOut(shop_id=s.shop_id, name=s.name) for s in found])
