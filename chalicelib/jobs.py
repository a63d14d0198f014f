"""The job kinds of the ``jobs`` queue and the handler that runs each.

A feature adds a kind with one line in ``JOB_KINDS`` (e.g. the promo-price import:
``"promo_prices.import": "chalicelib.services.promo_import_job:import_configuration"``) and queues it with
``chalicelib.adapters.queue.send(Job(...))``; the plumbing (``chalicelib.background``) stays as it is.
Handlers are named by import path, so ``import app`` loads none of them. A handler takes the ``Job``
and uses ``job.connection``, never ambient request state; it raises to have the message retried.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from chalicelib.errors import AppError

if TYPE_CHECKING:
    from chalicelib.domain.job import Job

JOBS_QUEUE = "jobs"
"""The work queue of every kind below (its consumer is ``run-jobs`` in ``app.py``)."""

JobHandler = Callable[["Job"], None]


def deployed_queue_name(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The full name of work queue ``name`` for ``@app.on_sqs_message`` in ``app.py``.

    ``chalice deploy`` and the local worker read it at import, where building the settings would
    import pydantic (cold start); so this reads the same two variables by the same rule as
    ``Settings.work_queue_name`` (a unit test holds them together). Everything else asks the settings.
    """
    prefix = environ.get("QUEUE_PREFIX") or f"pcc-{environ.get('APP_STAGE') or 'local'}-"
    return f"{prefix}{name}"

JOB_KINDS: dict[str, str] = {
    "promo_prices.import": "chalicelib.services.promo_import_job:import_configuration",
    "promo_prices.remove_generations": "chalicelib.services.promo_import_job:remove_generations",
    "placed_order.check": "chalicelib.services.placed_orders:check_placed_order",
}
"""Job kind -> ``"module:function"`` of its handler."""


class UnknownJobKindError(AppError):
    code = "unknown_job_kind"
    default_message = "Für diesen Auftrag ist keine Verarbeitung hinterlegt."


def handler_for(kind: str) -> JobHandler:
    target = JOB_KINDS.get(kind)
    if target is None:
        raise UnknownJobKindError(detail=f"no handler for job kind {kind!r}")
    module_name, _, function_name = target.partition(":")
    handler: JobHandler = getattr(importlib.import_module(module_name), function_name)
    return handler


def run_job(job: Job) -> None:
    """Run ``job`` by the handler of its kind."""
    handler_for(job.kind)(job)
