"""Promo price import: write throughput into DynamoDB Local.

1. Baseline: one PutItem per price (``PromoPriceModel.save()``), one after the other.
2. The import's writer (``PromoPriceRepository.writer``): BatchWriteItem of 25 on a few threads.

Both write into a fresh generation of their own; the ratio is what batching and threads buy
(target: at least 10x). Servers: the local stack on free ports (DynamoDB Local is what matters:
moto accepts batches of any size and has no network hop).
"""

from __future__ import annotations

import time
import uuid
from decimal import Decimal

from bench.bench_console import local_stack
from chalicelib.domain.promo_import import PriceSet

BASELINE_ROWS = 2_000
BATCHED_ROWS = 40_000


def _price_set(label: str) -> PriceSet:
    from chalicelib.domain.tenant import ConnectionRef

    return PriceSet(ConnectionRef(f"bench-{uuid.uuid4().hex[:6]}", "default"), "EUR", label)


def one_at_a_time(rows: int) -> float:
    from chalicelib.adapters.dynamo.models import PromoPriceModel, configure_models

    configure_models()
    key = _price_set("baseline").key
    started = time.perf_counter()
    for n in range(rows):
        PromoPriceModel(key, f"{n:013d}", price="19.99").save()
    return rows / (time.perf_counter() - started)


def batched_and_parallel(rows: int, threads: int | None = None) -> float:
    """The import's writer; ``threads`` other than its default only to show what threads add."""
    from chalicelib.adapters.dynamo.batch_writes import THREADS
    from chalicelib.adapters.dynamo.promo_prices import PromoPriceRepository

    writer = PromoPriceRepository().writer(_price_set("batched"), threads=threads or THREADS)
    price = Decimal("19.99")
    started = time.perf_counter()
    for n in range(rows):
        writer.add(f"{n:013d}", price)
    writer.flush()
    elapsed = time.perf_counter() - started
    assert writer.written == rows
    return rows / elapsed


def main() -> None:
    from chalicelib.adapters.dynamo.batch_writes import BATCH_ITEMS, THREADS

    with local_stack() as servers:
        print(f"servers: {servers.kind}")
        one_at_a_time(100)  # warm up connections and the table
        baseline = one_at_a_time(BASELINE_ROWS)
        print(f"1) one PutItem per price, {BASELINE_ROWS} prices:             {baseline:8.0f} prices/s")
        single = batched_and_parallel(BATCHED_ROWS // 4, threads=1)
        print(f"   BatchWriteItem of {BATCH_ITEMS}, one thread:                 {single:8.0f} prices/s")
        batched = batched_and_parallel(BATCHED_ROWS)
        label = f"2) BatchWriteItem of {BATCH_ITEMS} on {THREADS} threads, {BATCHED_ROWS} prices:"
        print(f"{label} {batched:8.0f} prices/s")
        print(f"   ratio batched+parallel / one at a time: {batched / baseline:.1f}x (target >= 10x)")
        print(f"   a million prices: about {1_000_000 / batched:.0f} s")


if __name__ == "__main__":
    main()
