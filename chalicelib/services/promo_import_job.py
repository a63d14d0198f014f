"""One promo price import (P1), run by the worker for one queued job: one configuration per message,
so one tenant's slow or broken file never delays another's.

1. Take the configuration's lease (one import per configuration at a time; a dead run's lease
   expires after ``IMPORT_LEASE``).
2. Stream the file through the parser; accepted prices are written as a new generation (batched,
   parallel), rejected rows kept for the report, the run's progress (rows so far) stored as it goes.
3. Only when the whole file was read: move the active pointer to the new generation, in one
   conditional update. A failed, empty or garbage file keeps the previous prices, deletes what it
   wrote, and its run says why.
4. The previous generation is deleted by a delayed job (``remove_generations``), once no process
   can still hold the old pointer in its cache.
"""

from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.job import Job
from chalicelib.domain.promo_import import (
    REPORT_REJECTED_MAX,
    ActivePriceSet,
    PriceSet,
    PromoImportRun,
    RunOutcome,
)
from chalicelib.domain.promo_price_csv import (
    AcceptedPromoPrice,
    PromoCsvSummary,
    PromoFileUnusableError,
    RejectedPromoRow,
    parse_promo_prices,
)
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.errors import AppError
from chalicelib.log import logger
from chalicelib.services.package import booked_features
from chalicelib.services.price_file import price_file_chunks
from chalicelib.services.promo_imports import (
    IMPORT_LEASE,
    POINTER_CACHE_SECONDS,
    expires_epoch,
    forget_lookups,
)
from chalicelib.services.wiring import adapters

REMOVE_JOB = "promo_prices.remove_generations"
PROGRESS_EVERY_ROWS = 5000
REMOVE_DELAY_SECONDS = int(2 * POINTER_CACHE_SECONDS)
"""Old prices stay this long after a switch: a process may still use the old pointer meanwhile."""
UNEXPECTED_MESSAGE = "Der Import ist unerwartet fehlgeschlagen; die bisherigen Aktionspreise gelten weiter."
BUSY_MESSAGE = "Es lief bereits ein anderer Import dieser Währung; dieser wurde nicht gestartet."
GONE_MESSAGE = "Die Konfiguration dieser Währung gibt es nicht mehr."
NOT_BOOKED_MESSAGE = "Die Option Produktimport ist nicht mehr gebucht."
SUPERSEDED_MESSAGE = "Ein anderer Import hat diesen abgelöst; seine Preise wurden verworfen."
KEPT_SUFFIX = " Die bisherigen Aktionspreise gelten weiter."


class ImportCounts:
    """The counts of a run while its file is read."""

    def __init__(self) -> None:
        self.accepted = 0
        self.rejected = 0
        self.rejected_kept = 0

    @property
    def rows_read(self) -> int:
        return self.accepted + self.rejected


def import_configuration(job: Job) -> None:
    """The job ``promo_prices.import``: payload ``currency`` and ``run_id`` (a queued run)."""
    connection = _connection_of(job)
    currency, run_id = str(job.payload["currency"]), str(job.payload["run_id"])
    deps = adapters()
    run = deps.promo_import_runs.get(connection.tenant_id, run_id)
    if run is None or run.outcome.finished:
        logger.info("promo import already done", extra={"run_id": run_id})
        return
    if Feature.PRODUCT_IMPORT not in booked_features(connection.tenant_id):
        _finish(run, RunOutcome.FAILED, ImportCounts(), NOT_BOOKED_MESSAGE)
        return
    if deps.promo_import_configs.get(connection, currency, consistent=True) is None:
        _finish(run, RunOutcome.FAILED, ImportCounts(), GONE_MESSAGE)
        return
    now = deps.now()
    if not deps.promo_import_configs.claim(connection, currency, run_id, now=now, lease=IMPORT_LEASE):
        _finish(run, RunOutcome.FAILED, ImportCounts(), BUSY_MESSAGE)
        return
    deps.promo_import_runs.started(run, now)
    run = replace(run, outcome=RunOutcome.RUNNING, started_at=now)
    price_set = PriceSet(connection, currency, run_id)
    counts = ImportCounts()
    try:
        summary = _read_into(run, price_set, counts)
        previous = deps.promo_import_configs.written_generations(connection, currency) - {run_id}
        active = ActivePriceSet(
            generation=run_id, id_type=run.id_type, since=deps.now(), prices=summary.accepted
        )
        if not deps.promo_import_configs.switch_to(price_set, active):
            _discard(price_set)
            _finish(run, RunOutcome.FAILED, counts, SUPERSEDED_MESSAGE)
            return
    except AppError as problem:
        _failed(run, price_set, counts, problem.message + KEPT_SUFFIX, problem)
        return
    except Exception as problem:
        logger.exception("promo import failed unexpectedly", extra={"run_id": run_id})
        _failed(run, price_set, counts, UNEXPECTED_MESSAGE, problem)
        return
    forget_lookups(connection)
    _remove_later(connection, currency, previous, correlation_id=job.correlation_id)
    _finish(run, RunOutcome.SUCCEEDED, counts, "", duplicates=summary.duplicates)
    logger.info(
        "promo prices switched",
        extra={
            "run_id": run_id,
            "currency": currency,
            "prices": summary.accepted,
            "rejected": summary.rejected,
        },
    )


def _read_into(run: PromoImportRun, price_set: PriceSet, counts: ImportCounts) -> PromoCsvSummary:
    """Parse the file into a new generation and the run's rejected rows; the summary at the end."""
    deps = adapters()
    prices = deps.promo_prices.writer(price_set)
    rejections = deps.promo_import_runs.rejections_writer(run, expires_epoch=expires_epoch(run.queued_at))
    try:
        with price_file_chunks(run.url) as chunks:
            for event in parse_promo_prices(chunks, run.id_type):
                if isinstance(event, AcceptedPromoPrice):
                    prices.add(event.product_id, event.price)
                    counts.accepted += 1
                elif isinstance(event, RejectedPromoRow):
                    counts.rejected += 1
                    if counts.rejected_kept < REPORT_REJECTED_MAX:
                        rejections.add(event)
                        counts.rejected_kept += 1
                else:
                    prices.flush()
                    return event
                if counts.rows_read % PROGRESS_EVERY_ROWS == 0:
                    deps.promo_import_runs.progress(
                        run, rows_read=counts.rows_read, accepted=counts.accepted, rejected=counts.rejected
                    )
    finally:
        rejections.flush()  # the report shows why, also for a file that failed halfway
    raise AssertionError("the parser ends with a summary or raises")  # pragma: no cover


def _failed(
    run: PromoImportRun, price_set: PriceSet, counts: ImportCounts, message: str, problem: BaseException
) -> None:
    """Keep the previous prices: delete what this run wrote, end its lease, say why."""
    deps = adapters()
    duplicates = problem.summary.duplicates if isinstance(problem, PromoFileUnusableError) else 0
    try:
        _discard(price_set)
    finally:
        deps.promo_import_configs.release(price_set.connection, price_set.currency, run.run_id)
        _finish(run, RunOutcome.FAILED, counts, message, duplicates=duplicates)
    logger.info("promo import failed", extra={"run_id": run.run_id, "reason": message})


def _discard(price_set: PriceSet) -> None:
    deps = adapters()
    deps.promo_prices.delete(price_set)
    deps.promo_import_configs.forget_generations(
        price_set.connection, price_set.currency, {price_set.generation}
    )


def _finish(
    run: PromoImportRun, outcome: RunOutcome, counts: ImportCounts, message: str, *, duplicates: int = 0
) -> None:
    deps = adapters()
    now = deps.now()
    deps.promo_import_runs.finished(
        replace(
            run,
            outcome=outcome,
            started_at=run.started_at or now,
            finished_at=now,
            rows_read=counts.rows_read,
            accepted=counts.accepted,
            rejected=counts.rejected,
            duplicates=duplicates,
            rejected_kept=counts.rejected_kept,
            message=message,
        )
    )


def _remove_later(
    connection: ConnectionRef, currency: str, generations: set[str], *, correlation_id: str
) -> None:
    if not generations:
        return
    from chalicelib.adapters import queue

    queue.send(
        Job.for_connection(
            REMOVE_JOB,
            connection,
            correlation_id=correlation_id,
            payload={"currency": currency, "generations": sorted(generations)},
        ),
        delay_seconds=REMOVE_DELAY_SECONDS,
    )


def remove_generations(job: Job) -> None:
    """The job ``promo_prices.remove_generations``: delete old generations (never the active one)."""
    connection = _connection_of(job)
    currency = str(job.payload["currency"])
    deps = adapters()
    config = deps.promo_import_configs.get(connection, currency, consistent=True)
    active = config.active_set.generation if config and config.active_set else None
    doomed = {str(g) for g in job.payload.get("generations", [])} - {active}
    for generation in sorted(doomed):
        removed = deps.promo_prices.delete(PriceSet(connection, currency, generation))
        logger.info("old promo prices removed", extra={"generation": generation, "prices": removed})
    if config is not None:
        deps.promo_import_configs.forget_generations(connection, currency, doomed)


def _connection_of(job: Job) -> ConnectionRef:
    if job.connection is None:
        raise ValueError(f"job {job.kind} needs a pixi connection")
    return job.connection
