"""The promo price schedule (P1): at 06:00 and 14:00 German time, one queued import per active
configuration of every tenant that booked the product import.

The rule fires at both UTC hours each import hour can be (``app.py``); ``import_due`` says which
one it is. Each configuration gets the run id of its slot, so a slot delivered twice queues each
import once. A configuration that cannot be queued is logged and the others go on.
"""

from __future__ import annotations

from chalicelib.background import ScheduledRun
from chalicelib.domain.promo_import import ImportTrigger, import_due, scheduled_run_id, scheduled_time
from chalicelib.domain.tenant import Feature
from chalicelib.errors import AppError
from chalicelib.log import logger
from chalicelib.services.package import booked_features
from chalicelib.services.promo_imports import SCHEDULE_ACTOR, new_run, queue_import
from chalicelib.services.wiring import adapters


def queue_scheduled_imports(run: ScheduledRun) -> dict[str, int]:
    """Queue the imports of this slot; the counts of what happened."""
    at = scheduled_time(run.time)
    counts = {"due": int(import_due(at)), "queued": 0, "already_queued": 0, "not_booked": 0, "failed": 0}
    if not counts["due"]:
        return counts
    slot = at.replace(minute=0, second=0, microsecond=0)
    deps = adapters()
    for config in deps.promo_import_configs.active_configurations():
        tenant_id = config.connection.tenant_id
        try:
            if Feature.PRODUCT_IMPORT not in booked_features(tenant_id):
                counts["not_booked"] += 1
                continue
            scheduled = new_run(
                config,
                trigger=ImportTrigger.SCHEDULE,
                run_id=scheduled_run_id(slot, config.connection, config.currency),
                by=SCHEDULE_ACTOR,
                at=deps.now(),
            )
            queued = queue_import(config, scheduled, correlation_id=run.correlation_id)
            counts["queued" if queued else "already_queued"] += 1
        except AppError:
            logger.exception(
                "promo import not queued",
                extra={
                    "tenant_id": tenant_id,
                    "connection_id": config.connection.connection_id,
                    "currency": config.currency,
                },
            )
            counts["failed"] += 1
    return counts
