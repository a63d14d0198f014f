"""The plumbing of background work: decorators for queue and scheduled Lambda handlers.

Both bind the job's (or run's) tenant, connection and correlation id to the shared logger, as the
HTTP middleware does for a request, log the outcome and clear the context afterwards.

``queue_handler`` runs each SQS record as a ``Job`` (validated envelope, see
``chalicelib.domain.job``). A record that fails (malformed, unknown kind, the handler raised) is
reported by raising ``JobsFailedError`` after the batch: Chalice cannot switch on SQS partial batch
responses (``ReportBatchItemFailures``), so consumers use ``JOB_BATCH_SIZE`` (one message per
invocation) and only the failed message is retried; after ``job_max_receive_count`` receives SQS moves
it to the dead-letter queue.

``import app`` imports this module: the logger, the settings and the envelope are imported when a
handler first runs (cold start).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from chalice.app import CloudWatchEvent, SQSEvent, SQSRecord

    from chalicelib.domain.job import Job

JOB_BATCH_SIZE = 1
"""Messages per invocation of a queue consumer (see the module docstring for why one)."""

Result = TypeVar("Result")


class JobsFailedError(RuntimeError):
    """Some records of an SQS batch failed; raising it makes SQS deliver them again."""

    def __init__(self, message_ids: list[str]) -> None:
        super().__init__(f"{len(message_ids)} job message(s) failed: {', '.join(message_ids)}")
        self.message_ids = message_ids


@dataclass(frozen=True)
class ScheduledRun:
    """One run of a scheduled handler (an EventBridge event)."""

    schedule: str
    correlation_id: str
    time: str


@contextmanager
def job_context(
    *, correlation_id: str, tenant_id: str | None = None, connection_id: str | None = None
) -> Iterator[None]:
    """Every log line inside carries these ids; they are cleared afterwards."""
    from chalicelib.log import bind_request, clear_request

    bind_request(correlation_id=correlation_id, tenant_id=tenant_id, connection_id=connection_id)
    try:
        yield
    finally:
        clear_request()


def queue_handler(handle: Callable[[Job], None]) -> Callable[[SQSEvent], None]:
    """Wrap ``handle(job)`` as the consumer of an SQS queue (``@app.on_sqs_message``)."""

    @functools.wraps(handle)
    def consume(event: SQSEvent) -> None:
        failed = [_message_id(record) for record in event if not _ran(handle, record)]
        if failed:
            raise JobsFailedError(failed)

    return consume


def _message_id(record: SQSRecord) -> str:
    return str(record.to_dict().get("messageId", ""))


def _ran(handle: Callable[[Job], None], record: SQSRecord) -> bool:
    """Run one record; False if it failed (and was logged)."""
    from chalicelib.domain.job import Job, MalformedJobError
    from chalicelib.log import logger
    from chalicelib.settings import get_settings

    message_id = _message_id(record)
    receive_count = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount", "1"))
    facts: dict[str, Any] = {
        "message_id": message_id,
        "receive_count": receive_count,
        "last_attempt": receive_count >= get_settings().job_max_receive_count,
    }
    try:
        job = Job.from_message(record.body)
    except MalformedJobError as exc:
        with job_context(correlation_id=message_id or "unknown"):
            logger.error("job message malformed", extra={**facts, "reason": exc.detail})
        return False
    connection_id = job.connection.connection_id if job.connection else None
    with job_context(correlation_id=job.correlation_id, tenant_id=job.tenant_id, connection_id=connection_id):
        started = time.perf_counter()
        try:
            handle(job)
        except Exception:
            logger.exception("job failed", extra={**facts, "job_kind": job.kind})
            return False
        logger.info("job done", extra={**facts, "job_kind": job.kind, "duration_ms": _since(started)})
    return True


def scheduled_handler(run: Callable[[ScheduledRun], Result]) -> Callable[[CloudWatchEvent], Result]:
    """Wrap ``run(scheduled_run)`` as a scheduled handler (``@app.schedule``); the EventBridge event
    id is the correlation id. A platform run has no tenant: per-tenant work is queued as jobs."""

    @functools.wraps(run)
    def scheduled(event: CloudWatchEvent) -> Result:
        from chalicelib.log import logger

        this_run = ScheduledRun(schedule=run.__name__, correlation_id=event.event_id, time=event.time)
        with job_context(correlation_id=this_run.correlation_id):
            started = time.perf_counter()
            try:
                result = run(this_run)
            except Exception:
                logger.exception("scheduled run failed", extra={"schedule": this_run.schedule})
                raise
            logger.info(
                "scheduled run done", extra={"schedule": this_run.schedule, "duration_ms": _since(started)}
            )
            return result

    return scheduled


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
