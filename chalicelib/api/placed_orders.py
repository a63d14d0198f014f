"""Placing a cart's order in pixi and following it (O4): preview, place (``Idempotency-Key``), status.

Placing answers at once with the placed order's status (``sent``/``parsed`` while pixi's import job
has not run yet, which can take minutes); ``GET /placed-orders/{order_id}?refresh=true`` asks pixi again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.carts import CartOut, Version, _named, cart_out
from chalicelib.api.context import current_request_var
from chalicelib.api.openapi import endpoint
from chalicelib.domain.permissions import Principal
from chalicelib.domain.placed_order import PlacedOrder, PlacedOrderStatus
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.services import placed_orders

IDEMPOTENCY_HEADER = "Idempotency-Key"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrderVersionIn(_Strict):
    version: Version


class OrderPreviewOut(BaseModel):
    cart: CartOut
    comment: str = Field(description="the comment pixi gets (SHOP_NOTE): template, agent, customer wish")
    problems: dict[str, str] = Field(description="what is missing, by field; empty: ready to place")
    ready: bool


class PlacedOrderOut(BaseModel):
    order_id: str = Field(description="the order number with prefix (pixi OrderNrExternal)")
    status: Literal["sending", "sent", "parsed", "imported", "failed"]
    pixi_order_number: int | None
    reason: str = Field(description="why pixi refused the order (German), when failed")
    cart_id: str
    customer_number: str
    agent_email: str
    connection_id: str
    created_at: datetime
    updated_at: datetime


class PlacedOrderListOut(BaseModel):
    placed_orders: list[PlacedOrderOut]


class PlacedOrderQuery(_Strict):
    refresh: bool = False


class PlacedOrderListQuery(_Strict):
    mine: bool = False
    status: Literal["sending", "sent", "parsed", "imported", "failed"] | None = None


def placed_order_out(order: PlacedOrder) -> PlacedOrderOut:
    return PlacedOrderOut(
        order_id=order.order_id, status=order.status.value, pixi_order_number=order.pixi_order_number,
        reason=order.reason, cart_id=order.cart_id, customer_number=order.customer_number,
        agent_email=order.agent_email, connection_id=order.connection.connection_id,
        created_at=order.created_at, updated_at=order.updated_at,
    )


@endpoint("/carts/{cart_id}/order/preview", method="POST", summary="Bestellung: Vorschau des Gesendeten",
          body=OrderVersionIn, response=OrderPreviewOut, tag="placed-orders", feature=Feature.ORDERING,
          pixi=True)
def preview_order(principal: Principal, connection: ConnectionRef, body: OrderVersionIn,
                  cart_id: str) -> OrderPreviewOut:
    preview = placed_orders.preview_order(principal, cart_id, body.version, connection=_named(connection))
    return OrderPreviewOut(cart=cart_out(preview.view), comment=preview.comment, problems=preview.problems,
                           ready=not preview.problems)


@endpoint("/carts/{cart_id}/order", method="POST", summary="Bestellung in pixi anlegen (Idempotency-Key)",
          body=OrderVersionIn, response=PlacedOrderOut, status=201, tag="placed-orders",
          feature=Feature.ORDERING, pixi=True, errors=(422,))
def place_order(principal: Principal, connection: ConnectionRef, body: OrderVersionIn,
                cart_id: str) -> PlacedOrderOut:
    key = current_request_var.get().headers.get(IDEMPOTENCY_HEADER.lower()) or ""
    return placed_order_out(placed_orders.place_order(
        principal, cart_id, body.version, key, connection=_named(connection)
    ))


@endpoint("/placed-orders", summary="Gesendete Bestellungen (meine oder die des Teams)",
          query=PlacedOrderListQuery, response=PlacedOrderListOut, tag="placed-orders",
          feature=Feature.ORDERING)
def list_placed_orders(principal: Principal, query: PlacedOrderListQuery) -> PlacedOrderListOut:
    status = PlacedOrderStatus(query.status) if query.status else None
    found = placed_orders.list_placed_orders(principal, mine=query.mine, status=status)
    return PlacedOrderListOut(placed_orders=[placed_order_out(o) for o in found])


@endpoint("/placed-orders/{order_id}", summary="Gesendete Bestellung mit Status",
          query=PlacedOrderQuery, response=PlacedOrderOut, tag="placed-orders", feature=Feature.ORDERING)
def get_placed_order(principal: Principal, query: PlacedOrderQuery, order_id: str) -> PlacedOrderOut:
    return placed_order_out(placed_orders.get_placed_order(principal, order_id, refresh=query.refresh))
