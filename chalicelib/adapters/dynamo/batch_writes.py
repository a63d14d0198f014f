"""Many items into one table fast: BatchWriteItem (25 items a request, PynamoDB retries what DynamoDB
left unprocessed) on a few threads at once (``chalicelib.concurrency``).

``BatchWriter`` keeps at most ``threads * items_per_thread`` items in memory: when that many are
waiting, each thread writes its share and ``add`` returns after the slowest one. So a stream of
any length is written with constant memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from pynamodb.models import Model

from chalicelib.adapters.dynamo.storage import storage
from chalicelib.concurrency import run_concurrently

BATCH_ITEMS = 25
"""DynamoDB's limit per BatchWriteItem (DynamoDB Local refuses more; moto does not)."""
THREADS = 4
ITEMS_PER_THREAD = 8 * BATCH_ITEMS

M = TypeVar("M", bound=Model)


def _write(model: type[Model], items: list[Model]) -> None:
    with model.batch_write() as batch:  # flushes every 25 items
        for item in items:
            batch.save(item)


def _delete(model: type[Model], items: list[Model]) -> None:
    with model.batch_write() as batch:
        for item in items:
            batch.delete(item)


class BatchWriter(Generic[M]):
    """Puts (or deletes) items of ``model`` in batches on ``threads`` threads; ``flush()`` at the end."""

    def __init__(
        self,
        model: type[M],
        *,
        threads: int = THREADS,
        items_per_thread: int = ITEMS_PER_THREAD,
        delete: bool = False,
    ) -> None:
        self._model = model
        self._threads = max(1, threads)
        self._per_thread = max(1, items_per_thread)
        self._pending: list[Model] = []
        self._operation: Callable[[type[Model], list[Model]], None] = _delete if delete else _write
        self.written = 0

    def add(self, item: M) -> None:
        self._pending.append(item)
        if len(self._pending) >= self._threads * self._per_thread:
            self.flush()

    def add_all(self, items: Iterable[M]) -> None:
        for item in items:
            self.add(item)

    def flush(self) -> None:
        """Write what is waiting, each thread a slice (of whole batches, so no request is half full)."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        share = -(-len(pending) // self._threads)
        share = -(-share // BATCH_ITEMS) * BATCH_ITEMS
        slices = [pending[start : start + share] for start in range(0, len(pending), share)]
        model, operation = self._model, self._operation
        with storage(f"batch write {model.Meta.table_name}"):
            run_concurrently(*[lambda part=part: operation(model, part) for part in slices])
        self.written += len(pending)
