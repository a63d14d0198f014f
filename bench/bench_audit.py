"""What the audit trail costs an agent's screen.

1. The raw put of one audit event into DynamoDB Local (``AuditRepository.append``), p50 / p95.
2. ``GET /customers/1`` (served from the pixi cache, so only our code and the audit write remain)
   through ``chalice.test.Client``, interleaved: with the real audit store, and with a store that
   drops the event. The difference is what recording a view adds to the screen.
   (An earlier variant wrote the event on a second thread beside the response building; it saved
   nothing measurable, so the write happens in the request: see ``chalicelib/services/audit.py``.)

Servers: the local stack (DynamoDB Local, moto server, simulator) on free ports, else moto
in-process (the output says which).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from datetime import UTC, datetime

from bench.bench_console import InProcessApi, in_process, local_stack, ms, percentile, timed
from chalicelib.adapters.dynamo.audit import AuditRepository
from chalicelib.domain.audit import AuditEvent

REPEAT = 200


class DroppingStore(AuditRepository):
    """Takes an event and forgets it: the screen without an audit write (reads as the real one)."""

    def append(self, event: AuditEvent) -> None:
        return None


def raw_put(repeat: int = REPEAT) -> None:
    from chalicelib.domain.audit import Actor, CustomerRef, build_event

    repo = AuditRepository()
    actor = Actor("bench", "bench@demo.example")
    tenant = f"bench-{uuid.uuid4().hex[:6]}"

    def put() -> None:
        repo.append(
            build_event(
                tenant_id=tenant,
                event_id=uuid.uuid4().hex[:16],
                at=datetime.now(UTC),
                actor=actor,
                action="customer.viewed",
                customer=CustomerRef(1, "K10001", "Erika Mustermann"),
            )
        )

    for _ in range(10):
        put()
    values = [timed(put) for _ in range(repeat)]
    print(
        f"1) one audit put, {repeat} times:                 p50 {ms(percentile(values, 50))}"
        f"   p95 {ms(percentile(values, 95))}"
    )


def screen_cost(api: InProcessApi, repeat: int = REPEAT) -> None:
    from chalicelib.services import wiring

    real = wiring.adapters()
    dropping = dataclasses.replace(real, audit=DroppingStore())
    route = "/customers/1"
    api.get(route)  # fills the pixi cache
    with_audit, without = [], []
    try:
        for _ in range(repeat):
            wiring.use_adapters(real)
            with_audit.append(timed(lambda: api.get(route)))
            wiring.use_adapters(dropping)
            without.append(timed(lambda: api.get(route)))
    finally:
        wiring.use_adapters(real)
    print(f"2) GET {route} (pixi cache hit), {repeat} interleaved calls each")
    for label, values in (("without audit write", without), ("with audit write", with_audit)):
        print(f"   {label:44s} p50 {ms(percentile(values, 50))}   p95 {ms(percentile(values, 95))}")
    print(
        f"   {'added by recording the view (p50 / p95)':44s}"
        f" {ms(percentile(with_audit, 50) - percentile(without, 50))}"
        f" {ms(percentile(with_audit, 95) - percentile(without, 95))}"
    )


def main() -> None:
    logging.getLogger().setLevel(logging.WARNING)
    import os

    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    started = time.perf_counter()
    try:
        servers = local_stack()
        context = servers.__enter__()
    except Exception as exc:  # no Java / DynamoDB Local: measure against moto in-process
        print(f"local stack unavailable ({exc}); using moto in-process")
        servers = in_process()
        context = servers.__enter__()
    try:
        print(f"servers: {context.kind} (ready after {time.perf_counter() - started:.1f} s)")
        from chalicelib.log import logger

        logger.setLevel("WARNING")
        raw_put()
        api = InProcessApi()
        api.login()
        screen_cost(api)
    finally:
        servers.__exit__(None, None, None)


if __name__ == "__main__":
    main()
