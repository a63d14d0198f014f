"""Wiring only: the Chalice app, its authorizer, the route table, the request middleware and the
queue and scheduled handlers (plumbing: chalicelib/background.py; job kinds: chalicelib/jobs.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Chalice, Cron, Rate

from chalicelib.api.authorizer import (
    AUTHORIZER_CACHE_SECONDS,
    answer_gateway_refusals_in_our_shape,
    token_authorizer,
)
from chalicelib.api.middleware import request_middleware
from chalicelib.api.routes import register_routes
from chalicelib.background import JOB_BATCH_SIZE, ScheduledRun, queue_handler, scheduled_handler
from chalicelib.jobs import JOBS_QUEUE, deployed_queue_name

if TYPE_CHECKING:
    from chalicelib.domain.job import Job

app = Chalice(app_name="pixi-callcenter")
app.register_middleware(request_middleware, "http")
authorizer = app.authorizer(name="token_authorizer", ttl_seconds=AUTHORIZER_CACHE_SECONDS)(
    token_authorizer
)
register_routes(app, authorizer)  # every route; each route module is imported on its first request
answer_gateway_refusals_in_our_shape()  # chalice local / chalice.test only: no-op in Lambda


@app.schedule(Rate(1, unit=Rate.HOURS), name="expire-unverified-signups")
@scheduled_handler
def expire_unverified_signups(run: ScheduledRun) -> dict[str, int]:
    """Remove signups not verified within 48 hours and free their e-mail addresses."""
    from chalicelib.services.signup import expire_unverified_signups as expire

    return {"removed": len(expire())}


@app.schedule(Cron(0, "4,5,12,13", "*", "*", "?", "*"), name="import-promo-prices")
@scheduled_handler
def import_promo_prices(run: ScheduledRun) -> dict[str, int]:
    """At 06:00 and 14:00 German time: one queued import per active promo price configuration (the
    rule fires at both UTC hours each can be; ``domain.promo_import.import_due`` picks the right one)."""
    from chalicelib.services.promo_import_schedule import queue_scheduled_imports

    return queue_scheduled_imports(run)


@app.on_sqs_message(
    queue=deployed_queue_name(JOBS_QUEUE), batch_size=JOB_BATCH_SIZE, name="run-jobs"
)
@queue_handler
def run_jobs(job: Job) -> None:
    """Every job of the jobs queue, run by the handler of its kind."""
    from chalicelib.jobs import run_job

    run_job(job)
