"""Run a screen's independent pixi calls at the same time, on one shared, bounded thread pool.

``run_concurrently(a, b, c)`` returns ``(a(), b(), c())`` once the slowest call is done, so a
screen costs about its slowest pixi call, not the sum. When a call fails, its error (one of our
domain errors, e.g. ``PixiTimeoutError``) is raised as soon as it is known, without waiting for
the others; when several fail, the one given first wins. Each call runs in a copy of the caller's
context (correlation id, request). A call made from inside a pool thread runs its tasks inline, so
nested use can never exhaust the pool and deadlock.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar, overload

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
T = TypeVar("T")

MAX_WORKERS = 16
"""About five screens' calls at once per process; a Lambda serves one request at a time."""

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_inside = threading.local()


def shared_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(
                    max_workers=MAX_WORKERS, thread_name_prefix="pixi-call", initializer=_mark_worker
                )
    return _pool


def _mark_worker() -> None:
    _inside.worker = True


def _in_worker() -> bool:
    return bool(getattr(_inside, "worker", False))


@overload
def run_concurrently(a: Callable[[], A], /) -> tuple[A]: ...
@overload
def run_concurrently(a: Callable[[], A], b: Callable[[], B], /) -> tuple[A, B]: ...
@overload
def run_concurrently(a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], /) -> tuple[A, B, C]: ...
@overload
def run_concurrently(
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], d: Callable[[], D], /
) -> tuple[A, B, C, D]: ...
@overload
def run_concurrently(*tasks: Callable[[], T]) -> tuple[T, ...]: ...


def run_concurrently(*tasks: Callable[[], Any]) -> tuple[Any, ...]:
    """Every task's result, in the order given; see the module docstring for errors."""
    if len(tasks) <= 1 or _in_worker():
        return tuple(task() for task in tasks)
    pool = shared_pool()
    futures: list[Future[Any]] = [
        pool.submit(contextvars.copy_context().run, task) for task in tasks
    ]
    done, pending = wait(futures, return_when=FIRST_EXCEPTION)
    failed = [f for f in futures if f in done and f.exception() is not None]
    if failed:
        for future in pending:
            future.cancel()  # not started yet: never started; running: its result is dropped
        error = failed[0].exception()
        assert error is not None
        raise error
    return tuple(f.result() for f in futures)
