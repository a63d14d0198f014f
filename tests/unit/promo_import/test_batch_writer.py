"""The batch writer splits what waits into whole batches of 25, one slice per thread, and never
keeps more than threads x items_per_thread items."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.dynamo import batch_writes
from chalicelib.adapters.dynamo.batch_writes import BatchWriter


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    slices: list[list[Any]] = []
    monkeypatch.setattr(batch_writes, "_write", lambda model, items: slices.append(list(items)))
    monkeypatch.setattr(batch_writes, "storage", lambda operation: _NoStorage())
    return slices


class _NoStorage:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class _Model:
    class Meta:
        table_name = "t"


def test_full_rounds_are_written_in_slices_of_whole_batches(written: list[list[Any]]) -> None:
    writer: BatchWriter[Any] = BatchWriter(_Model, threads=4, items_per_thread=50)  # type: ignore[arg-type]

    for n in range(450):
        writer.add(n)
    assert [len(s) for s in written] == [50] * 8  # two rounds of 200, 50 still waiting
    writer.flush()
    assert [len(s) for s in written[8:]] == [25, 25]  # the rest: whole batches on two threads

    assert writer.written == 450
    assert sorted(n for s in written for n in s) == list(range(450))
    writer.flush()
    assert writer.written == 450  # nothing waits: nothing written twice
