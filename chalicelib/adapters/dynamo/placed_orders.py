"""Placed orders in DynamoDB: created once (conditional put), then updated as pixi answers."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.adapters.dynamo.models import PlacedOrderModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.placed_order import PlacedOrder, PlacedOrderStatus
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ConflictError


def _model(order: PlacedOrder) -> PlacedOrderModel:
    return PlacedOrderModel(
        order.connection.tenant_id,
        order.order_id,
        connection_id=order.connection.connection_id,
        cart_id=order.cart_id,
        customer_number=order.customer_number,
        agent_id=order.agent_id,
        agent_email=order.agent_email,
        channel=order.channel,
        document=order.document,
        status=order.status.value,
        created_at=order.created_at,
        updated_at=order.updated_at,
        xml_log_key=order.xml_log_key,
        pixi_order_number=order.pixi_order_number,
        reason=order.reason,
    )


def _order(item: PlacedOrderModel) -> PlacedOrder:
    return PlacedOrder(
        order_id=item.order_id,
        connection=ConnectionRef(item.tenant_id, item.connection_id),
        cart_id=item.cart_id,
        customer_number=item.customer_number,
        agent_id=item.agent_id,
        agent_email=item.agent_email,
        channel=int(item.channel),
        document=item.document,
        status=PlacedOrderStatus(item.status),
        created_at=aware(item.created_at) or datetime.now(UTC),
        updated_at=aware(item.updated_at) or datetime.now(UTC),
        xml_log_key=int(item.xml_log_key) if item.xml_log_key is not None else None,
        pixi_order_number=int(item.pixi_order_number) if item.pixi_order_number is not None else None,
        reason=item.reason or "",
    )


class PlacedOrderRepository:
    def create(self, order: PlacedOrder) -> None:
        """Store a new placed order; ``ConflictError`` when its order id exists already."""
        with storage("create placed order"):
            try:
                _model(order).save(condition=PlacedOrderModel.order_id.does_not_exist())
            except PutError as exc:
                if condition_failed(exc):
                    raise ConflictError(detail=f"placed order {order.order_id} exists") from exc
                raise

    def save(self, order: PlacedOrder) -> None:
        with storage("save placed order"):
            _model(order).save()

    def get(self, tenant_id: str, order_id: str) -> PlacedOrder | None:
        with storage("get placed order"):
            try:
                return _order(PlacedOrderModel.get(tenant_id, order_id))
            except DoesNotExist:
                return None

    def list_for_tenant(self, tenant_id: str) -> list[PlacedOrder]:
        with storage("list placed orders"):
            return [_order(item) for item in PlacedOrderModel.query(tenant_id)]
