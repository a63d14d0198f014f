"""The order configuration of each pixi connection (O5).

Stored in the raw form (``order_config_as_raw``) together with pixi's payment types and currencies
it was checked against when saved, so reading it back needs no pixi call and gives the same
configuration, whatever pixi changes later.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.models import OrderConfigModel
from chalicelib.adapters.dynamo.storage import storage
from chalicelib.domain.order_config import OrderConfig, order_config_as_raw, parse_order_config
from chalicelib.domain.reference import Currency, PaymentType
from chalicelib.domain.tenant import ConnectionRef


class OrderConfigRepository:
    def get(self, connection: ConnectionRef) -> OrderConfig | None:
        with storage("get order configuration"):
            try:
                item = OrderConfigModel.get(connection.tenant_id, connection.connection_id)
            except DoesNotExist:
                return None
        return parse_order_config(
            json.loads(item.config),
            payment_types=[PaymentType(**p) for p in json.loads(item.payment_types)],
            currencies=[Currency(**c) for c in json.loads(item.currencies)],
        )

    def save(
        self,
        connection: ConnectionRef,
        config: OrderConfig,
        *,
        payment_types: tuple[PaymentType, ...],
        currencies: tuple[Currency, ...],
        at: datetime,
        by: str,
    ) -> None:
        with storage("save order configuration"):
            OrderConfigModel(
                connection.tenant_id,
                connection.connection_id,
                config=json.dumps(order_config_as_raw(config)),
                payment_types=json.dumps([asdict(p) for p in payment_types]),
                currencies=json.dumps([asdict(c) for c in currencies]),
                updated_at=at,
                updated_by=by,
            ).save()
