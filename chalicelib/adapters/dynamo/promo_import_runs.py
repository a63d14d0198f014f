"""Promo price import runs (P1) and their rejected rows in DynamoDB; both expire by TTL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.adapters.dynamo.batch_writes import BatchWriter
from chalicelib.adapters.dynamo.models import PromoImportRejectionModel, PromoImportRunModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.promo_import import ImportTrigger, PromoImportRun, RunOutcome
from chalicelib.domain.promo_price_csv import IdType, RejectedPromoRow, RejectionCode
from chalicelib.domain.tenant import ConnectionRef


def _run_from(item: PromoImportRunModel) -> PromoImportRun:
    return PromoImportRun(
        run_id=item.run_id,
        connection=ConnectionRef(item.tenant_id, item.connection_id),
        currency=item.currency,
        trigger=ImportTrigger(item.trigger),
        url=item.url,
        id_type=IdType(item.id_type),
        queued_at=aware(item.queued_at) or item.queued_at,
        started_by=item.started_by,
        outcome=RunOutcome(item.outcome),
        started_at=aware(item.started_at),
        finished_at=aware(item.finished_at),
        rows_read=int(item.rows_read or 0),
        accepted=int(item.accepted or 0),
        rejected=int(item.rejected or 0),
        duplicates=int(item.duplicates or 0),
        rejected_kept=int(item.rejected_kept or 0),
        message=item.message or "",
    )


def _run_key(tenant_id: str, run_id: str) -> str:
    return f"{tenant_id}#{run_id}"


class PromoImportRunRepository:
    def create(self, run: PromoImportRun, *, expires_epoch: int) -> bool:
        """Store a new run; False when a run of that id exists (a schedule slot delivered twice)."""
        c = run.connection
        item = PromoImportRunModel(
            c.tenant_id,
            run.run_id,
            connection_id=c.connection_id,
            currency=run.currency,
            trigger=run.trigger.value,
            url=run.url,
            id_type=run.id_type.value,
            started_by=run.started_by,
            outcome=run.outcome.value,
            queued_at=run.queued_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            rows_read=run.rows_read,
            accepted=run.accepted,
            rejected=run.rejected,
            duplicates=run.duplicates,
            rejected_kept=run.rejected_kept,
            message=run.message,
            ttl=expires_epoch,
        )
        with storage("create promo import run"):
            try:
                item.save(condition=PromoImportRunModel.run_id.does_not_exist())
            except PutError as exc:
                if condition_failed(exc):
                    return False
                raise
        return True

    def get(self, tenant_id: str, run_id: str) -> PromoImportRun | None:
        with storage("get promo import run"):
            try:
                return _run_from(PromoImportRunModel.get(tenant_id, run_id, consistent_read=True))
            except DoesNotExist:
                return None

    def recent(self, connection: ConnectionRef, *, currency: str | None, limit: int) -> list[PromoImportRun]:
        """The connection's runs (of ``currency`` if given), newest first."""
        model = PromoImportRunModel
        condition = model.connection_id == connection.connection_id
        if currency is not None:
            condition = condition & (model.currency == currency)
        runs: list[PromoImportRun] = []
        with storage("list promo import runs"):
            for item in model.query(
                connection.tenant_id, filter_condition=condition, scan_index_forward=False
            ):
                runs.append(_run_from(item))
                if len(runs) >= limit:
                    break
        return runs

    def started(self, run: PromoImportRun, at: datetime) -> None:
        model = PromoImportRunModel
        with storage("start promo import run"):
            model(run.connection.tenant_id, run.run_id).update(
                actions=[model.outcome.set(RunOutcome.RUNNING.value), model.started_at.set(at)]
            )

    def progress(self, run: PromoImportRun, *, rows_read: int, accepted: int, rejected: int) -> None:
        model = PromoImportRunModel
        with storage("promo import progress"):
            model(run.connection.tenant_id, run.run_id).update(
                actions=[
                    model.rows_read.set(rows_read),
                    model.accepted.set(accepted),
                    model.rejected.set(rejected),
                ]
            )

    def finished(self, run: PromoImportRun) -> None:
        """Store the outcome, the counts, the end time and the message of a finished run."""
        model = PromoImportRunModel
        with storage("finish promo import run"):
            finished_at = run.finished_at or datetime.now(UTC)
            model(run.connection.tenant_id, run.run_id).update(
                actions=[
                    model.outcome.set(run.outcome.value),
                    model.started_at.set(run.started_at or finished_at),
                    model.finished_at.set(finished_at),
                    model.rows_read.set(run.rows_read),
                    model.accepted.set(run.accepted),
                    model.rejected.set(run.rejected),
                    model.duplicates.set(run.duplicates),
                    model.rejected_kept.set(run.rejected_kept),
                    model.message.set(run.message),
                ]
            )

    def rejections_writer(self, run: PromoImportRun, *, expires_epoch: int) -> RejectionWriter:
        return RejectionWriter(_run_key(run.connection.tenant_id, run.run_id), expires_epoch)

    def rejections(self, tenant_id: str, run_id: str) -> Iterator[RejectedPromoRow]:
        """The run's rejected rows by line number (read page by page)."""
        with storage("read promo import rejections"):
            for item in PromoImportRejectionModel.query(_run_key(tenant_id, run_id)):
                yield RejectedPromoRow(
                    int(item.line), item.product_id or "", RejectionCode(item.code), item.reason
                )


class RejectionWriter:
    """Collects a run's rejected rows and writes them batched and in parallel."""

    def __init__(self, run_key: str, expires_epoch: int) -> None:
        self._run_key = run_key
        self._expires = expires_epoch
        self._batches = BatchWriter(PromoImportRejectionModel, threads=2)

    @property
    def written(self) -> int:
        return self._batches.written

    def add(self, row: RejectedPromoRow) -> None:
        self._batches.add(
            PromoImportRejectionModel(
                self._run_key,
                row.line,
                product_id=row.product_id,
                code=row.code.value,
                reason=row.reason,
                ttl=self._expires,
            )
        )

    def flush(self) -> None:
        self._batches.flush()
