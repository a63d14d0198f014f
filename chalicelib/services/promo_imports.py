"""Promo price import (P1), what admins do: configure a file per pixi connection and currency (saved
only after a successful preview of that URL), preview a file, start an import now, read the runs
and a run's rejected rows; and the active promo price of a product.

Imports themselves run in the background, one queued job per configuration
(``chalicelib.services.promo_import_job``); the schedule queues them
(``chalicelib.services.promo_import_schedule``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from chalicelib.cache import TtlCache
from chalicelib.domain.job import Job
from chalicelib.domain.permissions import Principal
from chalicelib.domain.promo_import import (
    ActivePriceSet,
    ImportTrigger,
    PriceSet,
    PromoFilePreview,
    PromoImportConfig,
    PromoImportRun,
    checked_currency,
    new_run_id,
    preview_price_file,
    rejected_rows_csv,
)
from chalicelib.domain.promo_price_csv import IdType
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import NotFoundError, PromoImportRunningError
from chalicelib.services.price_file import price_file_chunks
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.wiring import adapters, on_swap
from chalicelib.settings import get_settings

IMPORT_JOB = "promo_prices.import"
RUN_RETENTION_DAYS = 90
"""How long runs and their rejected rows are kept (DynamoDB removes them by TTL)."""
IMPORT_LEASE = timedelta(minutes=20)
"""How long a run holds its configuration; a run that died is taken over after this long."""
POINTER_CACHE_SECONDS = 30.0
"""How long a process reuses which generation is active (a switch applies after at most this)."""
PRICE_CACHE_SECONDS = 120.0
"""How long a looked-up price is reused (a generation's prices never change)."""
CONFIG_NOT_FOUND_MESSAGE = "Für diese Währung ist kein Aktionspreis-Import eingerichtet."
RUN_NOT_FOUND_MESSAGE = "Diesen Import gibt es nicht."
SCHEDULE_ACTOR = "schedule"

_lookups = TtlCache(max_entries=20_000)
on_swap(_lookups.clear)  # other adapters (tests): other stored prices


def forget_lookups(connection: ConnectionRef | None = None) -> None:
    """Drop cached pointers and prices (of one connection's tenant, or all)."""
    _lookups.forget((connection.tenant_id,) if connection else ())


def expires_epoch(now: datetime) -> int:
    return int((now + timedelta(days=RUN_RETENTION_DAYS)).timestamp())


# --- configuration ---------------------------------------------------------------------------


def configurations(connection: ConnectionRef) -> list[PromoImportConfig]:
    return adapters().promo_import_configs.list_for_connection(connection)


def configuration(connection: ConnectionRef, currency: str) -> PromoImportConfig:
    config = adapters().promo_import_configs.get(connection, checked_currency(currency))
    if config is None:
        raise NotFoundError(CONFIG_NOT_FOUND_MESSAGE, fields={"currency": CONFIG_NOT_FOUND_MESSAGE})
    return config


def preview(url: str, id_type: IdType) -> PromoFilePreview:
    """Download and parse the file without saving anything; 400/422/502 when it cannot be used."""
    with price_file_chunks(url, timeout_seconds=get_settings().promo_preview_timeout_seconds) as chunks:
        return preview_price_file(chunks, id_type)


def save_configuration(
    principal: Principal,
    connection: ConnectionRef,
    *,
    currency: str,
    url: str,
    id_type: IdType,
    active: bool,
) -> tuple[PromoImportConfig, PromoFilePreview]:
    """Preview ``url`` and, when the file is usable, save the configuration (change history)."""
    currency, url = checked_currency(currency), url.strip()
    checked = preview(url, id_type)
    return _store(principal, connection, currency=currency, url=url, id_type=id_type, active=active), checked


def seed_configuration(
    principal: Principal, connection: ConnectionRef, *, currency: str, url: str, id_type: IdType
) -> None:
    """The demo seed's configuration, saved unpreviewed (the file's web server may not be up yet);
    a later seed with another address (another port) moves it there."""
    stored = adapters().promo_import_configs.get(connection, currency)
    if stored is None or (stored.url, stored.id_type) != (url, id_type):
        _store(principal, connection, currency=currency, url=url, id_type=id_type, active=True)


def _store(
    principal: Principal, connection: ConnectionRef, *, currency: str, url: str, id_type: IdType, active: bool
) -> PromoImportConfig:
    deps = adapters()
    before = deps.promo_import_configs.get(connection, currency)
    config = PromoImportConfig(
        connection=connection,
        currency=currency,
        url=url,
        id_type=id_type,
        active=active,
        updated_at=deps.now(),
        updated_by=principal.email,
    )
    deps.promo_import_configs.save_settings(config)
    record_admin_action(
        connection.tenant_id,
        principal,
        "promo_import.saved",
        {
            "connection_id": connection.connection_id,
            "currency": currency,
            "url": url,
            "id_type": id_type.value,
            "active": active,
            "before": None
            if before is None
            else {"url": before.url, "id_type": before.id_type.value, "active": before.active},
        },
    )
    return deps.promo_import_configs.get(connection, currency, consistent=True) or config


# --- runs ------------------------------------------------------------------------------------


def queue_import(config: PromoImportConfig, run: PromoImportRun, *, correlation_id: str) -> bool:
    """Record ``run`` as queued and queue its job; False (nothing queued) when that run exists."""
    deps = adapters()
    if not deps.promo_import_runs.create(run, expires_epoch=expires_epoch(run.queued_at)):
        return False
    from chalicelib.adapters import queue

    queue.send(
        Job.for_connection(
            IMPORT_JOB,
            config.connection,
            correlation_id=correlation_id,
            payload={"currency": config.currency, "run_id": run.run_id},
        )
    )
    return True


def new_run(
    config: PromoImportConfig, *, trigger: ImportTrigger, run_id: str, by: str, at: datetime
) -> PromoImportRun:
    return PromoImportRun(
        run_id=run_id,
        connection=config.connection,
        currency=config.currency,
        trigger=trigger,
        url=config.url,
        id_type=config.id_type,
        queued_at=at,
        started_by=by,
    )


def start_import(
    principal: Principal, connection: ConnectionRef, currency: str, *, correlation_id: str
) -> PromoImportRun:
    """ "Jetzt importieren": queue an import of the configuration (409 while one is under way)."""
    config = configuration(connection, currency)
    now = adapters().now()
    under_way = [
        run
        for run in recent_runs(connection, currency=config.currency, limit=5)
        if not run.outcome.finished and now - run.queued_at < IMPORT_LEASE
    ]
    if under_way:
        raise PromoImportRunningError(detail=f"run {under_way[0].run_id} is {under_way[0].outcome}")
    run = new_run(
        config,
        trigger=ImportTrigger.MANUAL,
        run_id=new_run_id(now, secrets.token_hex(4)),
        by=principal.email,
        at=now,
    )
    queue_import(config, run, correlation_id=correlation_id or run.run_id)
    return run


def recent_runs(
    connection: ConnectionRef, *, currency: str | None = None, limit: int = 20
) -> list[PromoImportRun]:
    """The connection's runs, newest first (a running one with its rows so far)."""
    if currency is not None:
        currency = checked_currency(currency)
    return adapters().promo_import_runs.recent(connection, currency=currency, limit=limit)


def run_of(tenant_id: str, run_id: str) -> PromoImportRun:
    run = adapters().promo_import_runs.get(tenant_id, run_id)
    if run is None:
        raise NotFoundError(RUN_NOT_FOUND_MESSAGE)
    return run


def rejected_report(tenant_id: str, run_id: str) -> tuple[PromoImportRun, Iterator[str]]:
    """The run and its rejected rows as CSV text pieces (``domain.promo_import.rejected_rows_csv``)."""
    run = run_of(tenant_id, run_id)
    return run, rejected_rows_csv(adapters().promo_import_runs.rejections(tenant_id, run_id))


# --- active prices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivePromoPrice:
    product_id: str
    currency: str
    price: Decimal
    price_set: ActivePriceSet


def active_price_set(connection: ConnectionRef, currency: str) -> ActivePriceSet | None:
    """The generation in use for ``currency`` (cached for ``POINTER_CACHE_SECONDS``)."""

    def load() -> ActivePriceSet | None:
        config = adapters().promo_import_configs.get(connection, currency)
        return config.active_set if config else None

    key = (connection.tenant_id, connection.connection_id, currency, "active")
    return _lookups.get_or_load(key, POINTER_CACHE_SECONDS, load)


def active_promo_price(connection: ConnectionRef, currency: str, product_id: str) -> ActivePromoPrice | None:
    """The active promo price of ``product_id`` (as in the file: EAN or item number), or None.
    One GetItem when not cached."""
    active = active_price_set(connection, currency)
    product_id = product_id.strip()
    if active is None or not product_id:
        return None
    price_set = PriceSet(connection, currency, active.generation)
    key = (connection.tenant_id, connection.connection_id, currency, active.generation, product_id)
    price = _lookups.get_or_load(
        key, PRICE_CACHE_SECONDS, lambda: adapters().promo_prices.price(price_set, product_id)
    )
    if price is None:
        return None
    return ActivePromoPrice(product_id=product_id, currency=currency, price=price, price_set=active)
