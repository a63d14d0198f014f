"""Shop routes: the shops (sales channels) of the tenant's pixi connection, for the search scope."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.api.openapi import endpoint
from chalicelib.api.orders import RefreshQuery
from chalicelib.domain.permissions import Principal
from chalicelib.services import shops

shop_routes = Blueprint(__name__)


class ShopOut(BaseModel):
    shop_id: str
    name: str


class ShopListOut(BaseModel):
    shops: list[ShopOut]


@endpoint(shop_routes, "/shops", summary="Shops der pixi-Verbindung", tag="shops",
          query=RefreshQuery, response=ShopListOut)
def list_shops(principal: Principal, query: RefreshQuery) -> ShopListOut:
    found = shops.list_shops(principal.tenant_id, refresh=query.refresh)
    return ShopListOut(shops=[ShopOut(shop_id=s.shop_id, name=s.name) for s in found])
