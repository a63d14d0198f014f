"""Promo price import routes (P1, option ``product_import``): the configuration per currency of the
chosen pixi connection (admins; saved only after a successful preview), preview, "Jetzt
importieren", the runs with their rejected-rows report, and the active promo price of a product."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalice import Response
from pydantic import BaseModel, Field

from chalicelib.api.context import correlation_id
from chalicelib.api.models import Amount
from chalicelib.api.openapi import endpoint
from chalicelib.domain.permissions import Principal
from chalicelib.domain.promo_import import (
    PREVIEW_ACCEPTED,
    PREVIEW_REJECTED_MAX,
    ImportTrigger,
    PromoFilePreview,
    PromoImportConfig,
    PromoImportRun,
    RunOutcome,
)
from chalicelib.domain.promo_price_csv import IdType
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.errors import NotFoundError
from chalicelib.services import promo_imports

TAG = "promo-prices"
CURRENCY_FIELD = Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$", description="ISO 4217, z. B. EUR")
URL_FIELD = Field(min_length=8, max_length=2000, description="https-Adresse der CSV- oder TXT-Datei")
ID_TYPE_FIELD = Field(description="ean = EAN (GTIN), item_number = pixi-Shop-Artikelnummer")
NO_PROMO_PRICE_MESSAGE = "Für dieses Produkt gibt es in dieser Währung keinen Aktionspreis."


# --- models ----------------------------------------------------------------------------------


class ActivePricesOut(BaseModel):
    generation: str = Field(description="the run whose prices are in use")
    id_type: IdType
    since: datetime
    prices: int


class PromoImportConfigOut(BaseModel):
    currency: str
    url: str
    id_type: IdType
    active: bool = Field(description="imported at 06:00 and 14:00 German time")
    updated_at: datetime | None
    updated_by: str
    active_prices: ActivePricesOut | None = Field(description="null until an import succeeded")
    running: bool = Field(description="an import of this currency is under way")

    @classmethod
    def of(cls, config: PromoImportConfig) -> PromoImportConfigOut:
        active = config.active_set
        return cls(
            currency=config.currency,
            url=config.url,
            id_type=config.id_type,
            active=config.active,
            updated_at=config.updated_at,
            updated_by=config.updated_by,
            active_prices=None
            if active is None
            else ActivePricesOut(
                generation=active.generation, id_type=active.id_type, since=active.since, prices=active.prices
            ),
            running=config.running_run_id is not None,
        )


class PromoImportConfigsOut(BaseModel):
    connection_id: str
    configurations: list[PromoImportConfigOut]


class PromoImportConfigIn(BaseModel):
    currency: str = CURRENCY_FIELD
    url: str = URL_FIELD
    id_type: IdType = ID_TYPE_FIELD
    active: bool = True


class PreviewIn(BaseModel):
    url: str = URL_FIELD
    id_type: IdType = ID_TYPE_FIELD


class FileFormatOut(BaseModel):
    encoding: str = Field(description="ascii, utf-8 or cp1252")
    byte_order_mark: bool
    separator: str | None = Field(description=", ; or |")
    header: list[str] | None = Field(description="the header row's labels, null without one")


class PreviewCountsOut(BaseModel):
    rows_read: int
    accepted: int
    rejected: int = Field(description="duplicates included")
    duplicates: int


class AcceptedRowOut(BaseModel):
    line: int
    product_id: str
    price: Amount


class RejectedRowOut(BaseModel):
    line: int
    product_id: str
    code: str
    reason: str


class PreviewOut(BaseModel):
    format: FileFormatOut
    counts: PreviewCountsOut
    accepted: list[AcceptedRowOut] = Field(description=f"the first {PREVIEW_ACCEPTED} accepted rows")
    rejected: list[RejectedRowOut] = Field(description=f"every rejected row (at most {PREVIEW_REJECTED_MAX})")
    rejected_truncated: bool

    @classmethod
    def of(cls, preview: PromoFilePreview) -> PreviewOut:
        s = preview.summary
        return cls(
            format=FileFormatOut(
                encoding=s.encoding.value,
                byte_order_mark=s.byte_order_mark,
                separator=s.separator,
                header=list(s.header) if s.header is not None else None,
            ),
            counts=PreviewCountsOut(
                rows_read=s.rows_read, accepted=s.accepted, rejected=s.rejected, duplicates=s.duplicates
            ),
            accepted=[
                AcceptedRowOut(line=r.line, product_id=r.product_id, price=r.price) for r in preview.accepted
            ],
            rejected=[
                RejectedRowOut(line=r.line, product_id=r.product_id, code=r.code.value, reason=r.reason)
                for r in preview.rejected
            ],
            rejected_truncated=preview.rejected_truncated,
        )


class SavedConfigOut(BaseModel):
    configuration: PromoImportConfigOut
    preview: PreviewOut


class RunIn(BaseModel):
    currency: str = CURRENCY_FIELD


class RunOut(BaseModel):
    run_id: str
    currency: str
    trigger: ImportTrigger
    outcome: RunOutcome = Field(description="queued, running (rows_read grows), succeeded, failed")
    url: str
    id_type: IdType
    started_by: str = Field(description="the agent's e-mail, or 'schedule'")
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    rows_read: int
    accepted: int
    rejected: int
    duplicates: int
    rejected_report: bool = Field(description="GET /promo-imports/runs/{run_id}/rejected.csv has rows")
    message: str = Field(description="why it failed (the previous prices stay in use)")

    @classmethod
    def of(cls, run: PromoImportRun) -> RunOut:
        return cls(
            run_id=run.run_id,
            currency=run.currency,
            trigger=run.trigger,
            outcome=run.outcome,
            url=run.url,
            id_type=run.id_type,
            started_by=run.started_by,
            queued_at=run.queued_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            duration_seconds=run.duration_seconds,
            rows_read=run.rows_read,
            accepted=run.accepted,
            rejected=run.rejected,
            duplicates=run.duplicates,
            rejected_report=run.rejected_kept > 0,
            message=run.message,
        )


class RunsQuery(BaseModel):
    currency: str | None = Field(None, min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")
    limit: int = Field(20, ge=1, le=100)


class RunsOut(BaseModel):
    runs: list[RunOut]


class RejectedCsvOut(BaseModel):
    """Not JSON: the rejected rows as ``text/csv`` (UTF-8 with BOM, ``;``): Zeile;Produkt-ID;Grund;Code."""


class PromoPriceQuery(BaseModel):
    id: str = Field(min_length=1, max_length=50, description="EAN or pixi shop item number, as in the file")
    currency: str = CURRENCY_FIELD


class PromoPriceOut(BaseModel):
    product_id: str
    currency: str
    price: Amount
    id_type: IdType
    since: datetime = Field(description="when these prices became active")


# --- routes ----------------------------------------------------------------------------------


@endpoint(
    "/settings/promo-imports",
    summary="Aktionspreis-Importe der pixi-Verbindung (je Währung)",
    tag=TAG,
    response=PromoImportConfigsOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
    pixi=True,
)
def list_configurations(principal: Principal, connection: ConnectionRef) -> PromoImportConfigsOut:
    return PromoImportConfigsOut(
        connection_id=connection.connection_id,
        configurations=[PromoImportConfigOut.of(c) for c in promo_imports.configurations(connection)],
    )


@endpoint(
    "/settings/promo-imports",
    method="PUT",
    summary="Aktionspreis-Import einer Währung speichern (nur nach erfolgreicher Vorschau der Datei)",
    tag=TAG,
    body=PromoImportConfigIn,
    response=SavedConfigOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
    pixi=True,
)
def save_configuration(
    principal: Principal, connection: ConnectionRef, body: PromoImportConfigIn
) -> SavedConfigOut:
    config, preview = promo_imports.save_configuration(
        principal, connection, currency=body.currency, url=body.url, id_type=body.id_type, active=body.active
    )
    return SavedConfigOut(configuration=PromoImportConfigOut.of(config), preview=PreviewOut.of(preview))


@endpoint(
    "/promo-imports/preview",
    method="POST",
    summary="Preisdatei prüfen, ohne etwas zu speichern",
    tag=TAG,
    body=PreviewIn,
    response=PreviewOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
)
def preview(principal: Principal, body: PreviewIn) -> PreviewOut:
    return PreviewOut.of(promo_imports.preview(body.url.strip(), body.id_type))


@endpoint(
    "/promo-imports/run",
    method="POST",
    summary="Jetzt importieren (läuft im Hintergrund)",
    tag=TAG,
    body=RunIn,
    response=RunOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
    pixi=True,
    status=202,
)
def start_import(principal: Principal, connection: ConnectionRef, body: RunIn) -> RunOut:
    run = promo_imports.start_import(principal, connection, body.currency, correlation_id=correlation_id())
    return RunOut.of(run)


@endpoint(
    "/promo-imports/runs",
    summary="Importläufe, neueste zuerst (ein laufender mit den bisher gelesenen Zeilen)",
    tag=TAG,
    query=RunsQuery,
    response=RunsOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
    pixi=True,
)
def list_runs(principal: Principal, connection: ConnectionRef, query: RunsQuery) -> RunsOut:
    runs = promo_imports.recent_runs(connection, currency=query.currency, limit=query.limit)
    return RunsOut(runs=[RunOut.of(run) for run in runs])


@endpoint(
    "/promo-imports/runs/{run_id}/rejected.csv",
    summary="Abgelehnte Zeilen eines Imports als CSV (text/csv)",
    tag=TAG,
    response=RejectedCsvOut,
    admin_only=True,
    feature=Feature.PRODUCT_IMPORT,
)
def rejected_report(principal: Principal, run_id: str) -> Any:  # a chalice Response (text/csv)
    run, lines = promo_imports.rejected_report(principal.tenant_id, run_id)
    filename = f"aktionspreise-{run.currency}-{run.run_id}-abgelehnt.csv"
    return Response(
        body="".join(lines),
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@endpoint(
    "/promo-prices",
    summary="Aktiver Aktionspreis eines Produkts (EAN oder Artikelnummer, wie in der Datei)",
    tag=TAG,
    query=PromoPriceQuery,
    response=PromoPriceOut,
    feature=Feature.PRODUCT_IMPORT,
    pixi=True,
)
def promo_price(principal: Principal, connection: ConnectionRef, query: PromoPriceQuery) -> PromoPriceOut:
    found = promo_imports.active_promo_price(connection, query.currency, query.id)
    if found is None:
        raise NotFoundError(NO_PROMO_PRICE_MESSAGE)
    return PromoPriceOut(
        product_id=found.product_id,
        currency=found.currency,
        price=found.price,
        id_type=found.price_set.id_type,
        since=found.price_set.since,
    )
