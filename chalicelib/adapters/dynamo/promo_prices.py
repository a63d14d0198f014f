"""Promo prices (P1) in DynamoDB: the configuration per pixi connection and currency with its
active-generation pointer and import lease, and the prices of every generation.

Switching is one conditional UpdateItem on the configuration (``switch_to``): readers look the
pointer up first, so they see either the old generation or the complete new one. A generation's
prices are written before the switch and deleted after the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamo.batch_writes import THREADS, BatchWriter
from chalicelib.adapters.dynamo.models import PromoImportConfigModel, PromoPriceModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.promo_import import (
    ActivePriceSet,
    PriceSet,
    PromoImportConfig,
    price_text,
)
from chalicelib.domain.promo_price_csv import IdType
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import NotFoundError

CONFIG_NOT_FOUND_MESSAGE = "Für diese Währung ist kein Aktionspreis-Import eingerichtet."


def config_key(connection: ConnectionRef, currency: str) -> str:
    return f"{connection.connection_id}#{currency}"


def _config_from(item: PromoImportConfigModel) -> PromoImportConfig:
    active_set = None
    if item.active_generation and item.active_id_type and item.active_since:
        active_set = ActivePriceSet(
            generation=item.active_generation,
            id_type=IdType(item.active_id_type),
            since=aware(item.active_since) or item.active_since,
            prices=int(item.active_prices or 0),
        )
    return PromoImportConfig(
        connection=ConnectionRef(item.tenant_id, item.connection_id),
        currency=item.currency,
        url=item.url,
        id_type=IdType(item.id_type),
        active=bool(item.active),
        updated_at=aware(item.updated_at),
        updated_by=item.updated_by,
        active_set=active_set,
        running_run_id=item.running_run_id,
    )


class PromoImportConfigRepository:
    def get(
        self, connection: ConnectionRef, currency: str, *, consistent: bool = False
    ) -> PromoImportConfig | None:
        with storage("get promo import config"):
            try:
                item = PromoImportConfigModel.get(
                    connection.tenant_id, config_key(connection, currency), consistent_read=consistent
                )
            except DoesNotExist:
                return None
            return _config_from(item)

    def list_for_connection(self, connection: ConnectionRef) -> list[PromoImportConfig]:
        with storage("list promo import configs"):
            items = PromoImportConfigModel.query(
                connection.tenant_id,
                PromoImportConfigModel.config_key.startswith(f"{connection.connection_id}#"),
            )
            return sorted((_config_from(item) for item in items), key=lambda c: c.currency)

    def active_configurations(self) -> Iterator[PromoImportConfig]:
        """Every tenant's active configurations (the schedule's fan-out; a small table)."""
        with storage("scan active promo import configs"):
            for item in PromoImportConfigModel.scan(PromoImportConfigModel.active == True):  # noqa: E712
                yield _config_from(item)

    def save_settings(self, config: PromoImportConfig) -> None:
        """Create or change URL, id type and active; the pointer and the lease stay as they are."""
        model = PromoImportConfigModel
        with storage("save promo import config"):
            model(config.connection.tenant_id, config_key(config.connection, config.currency)).update(
                actions=[
                    model.connection_id.set(config.connection.connection_id),
                    model.currency.set(config.currency),
                    model.url.set(config.url),
                    model.id_type.set(config.id_type.value),
                    model.active.set(config.active),
                    model.updated_at.set(config.updated_at or datetime.now(UTC)),
                    model.updated_by.set(config.updated_by),
                ]
            )

    def _conditional_update(
        self, connection: ConnectionRef, currency: str, actions: list[Action], condition: object, what: str
    ) -> bool:
        with storage(what):
            try:
                PromoImportConfigModel(connection.tenant_id, config_key(connection, currency)).update(
                    actions=actions,
                    condition=condition,  # type: ignore[arg-type]
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    return False
                raise
        return True

    def claim(
        self, connection: ConnectionRef, currency: str, run_id: str, *, now: datetime, lease: timedelta
    ) -> bool:
        """Take the import lease for ``run_id`` unless another run holds it (and it has not expired);
        records ``run_id`` as a generation being written. False when taken."""
        model = PromoImportConfigModel
        condition = model.config_key.exists() & (
            model.running_run_id.does_not_exist()
            | (model.running_run_id == run_id)
            | (model.running_since < now - lease)
        )
        return self._conditional_update(
            connection,
            currency,
            [
                model.running_run_id.set(run_id),
                model.running_since.set(now),
                model.written_generations.add({run_id}),
            ],
            condition,
            "claim promo import",
        )

    def switch_to(self, price_set: PriceSet, active: ActivePriceSet) -> bool:
        """Make ``price_set`` the active generation and end the lease of its run, in one update.
        False when the run no longer holds the lease (nothing changed)."""
        model = PromoImportConfigModel
        return self._conditional_update(
            price_set.connection,
            price_set.currency,
            [
                model.active_generation.set(active.generation),
                model.active_id_type.set(active.id_type.value),
                model.active_since.set(active.since),
                model.active_prices.set(active.prices),
                model.running_run_id.remove(),
                model.running_since.remove(),
            ],
            model.running_run_id == price_set.generation,
            "switch promo prices",
        )

    def release(self, connection: ConnectionRef, currency: str, run_id: str) -> None:
        """End the lease of ``run_id`` without switching (a failed import)."""
        model = PromoImportConfigModel
        self._conditional_update(
            connection,
            currency,
            [model.running_run_id.remove(), model.running_since.remove()],
            model.running_run_id == run_id,
            "release promo import",
        )

    def written_generations(self, connection: ConnectionRef, currency: str) -> set[str]:
        with storage("get promo generations"):
            try:
                item = PromoImportConfigModel.get(
                    connection.tenant_id, config_key(connection, currency), consistent_read=True
                )
            except DoesNotExist as exc:
                raise NotFoundError(CONFIG_NOT_FOUND_MESSAGE) from exc
            return set(item.written_generations or ())

    def forget_generations(self, connection: ConnectionRef, currency: str, generations: set[str]) -> None:
        """The prices of ``generations`` are deleted: stop listing them."""
        if not generations:
            return
        model = PromoImportConfigModel
        with storage("forget promo generations"):
            model(connection.tenant_id, config_key(connection, currency)).update(
                actions=[model.written_generations.delete(generations)]
            )


class PromoPriceRepository:
    def price(self, price_set: PriceSet, product_id: str) -> Decimal | None:
        """One GetItem: the price of ``product_id`` in ``price_set``, None when it has none."""
        with storage("get promo price"):
            try:
                item = PromoPriceModel.get(price_set.key, product_id, attributes_to_get=["price"])
            except DoesNotExist:
                return None
            return Decimal(item.price)

    def writer(self, price_set: PriceSet, *, threads: int = THREADS) -> PromoPriceWriter:
        return PromoPriceWriter(price_set, threads=threads)

    def delete(self, price_set: PriceSet) -> int:
        """Remove every price of ``price_set``; returns how many."""
        with storage("list promo prices for deletion"):
            keys = PromoPriceModel.query(price_set.key, attributes_to_get=["price_set", "product_id"])
            deleter = BatchWriter(PromoPriceModel, delete=True)
            deleter.add_all(keys)
            deleter.flush()
        return deleter.written


class PromoPriceWriter:
    """Collects the prices of one generation and writes them batched and in parallel."""

    def __init__(self, price_set: PriceSet, *, threads: int = THREADS) -> None:
        self._key = price_set.key
        self._batches = BatchWriter(PromoPriceModel, threads=threads)

    @property
    def written(self) -> int:
        return self._batches.written

    def add(self, product_id: str, price: Decimal) -> None:
        self._batches.add(PromoPriceModel(self._key, product_id, price=price_text(price)))

    def flush(self) -> None:
        self._batches.flush()
