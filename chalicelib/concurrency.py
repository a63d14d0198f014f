"""Run a screen's independent pixi calls at the same time, on one shared, bounded thread pool.

``run_concurrently(a, b, c)`` returns ``(a(), b(), c())`` once the slowest call is done, so a
screen costs about its slowest pixi call, not the sum. When a call fails, its error (one of our
domain errors, e.g. ``PixiTimeoutError``) is raised as soon as it is known, without waiting for
the others; when several fail, the one given first wins. Each call runs in a copy of the caller's
context (correlation id, request). A call made from inside a pool thread runs its tasks inline, so
nested use can never exhaust the pool and deadlock.

No task ever waits in the pool's queue behind another tenant's hanging pixi (issue 17): a task
goes to a worker only when one is free, and the calls made in a tenant's ``lane`` (a route on a
pixi connection and the pixi guard open it) hold at most ``LANE_WORKERS`` workers at once. A task that gets
no worker runs in the calling thread, right away.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar, overload

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
T = TypeVar("T")

MAX_WORKERS = 32
"""About ten screens' calls at once per process (``chalice local`` serves every tenant from one
process; a Lambda one request at a time). Threads are started only when needed."""
LANE_WORKERS = 8
"""Workers one tenant's pixi calls may hold at once: a hanging pixi holds a quarter of the pool."""

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_inside = threading.local()
_lane: contextvars.ContextVar[str | None] = contextvars.ContextVar("pixi_lane", default=None)
_claims_lock = threading.Lock()
_claimed = 0
_claimed_by_lane: dict[str, int] = {}


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


@contextmanager
def lane(name: str) -> Iterator[None]:
    """Count the pool workers used by concurrent calls made inside the block under ``name``."""
    token = _lane.set(name)
    try:
        yield
    finally:
        _lane.reset(token)


def workers_in_use(lane_name: str | None = None) -> int:
    """Workers claimed now, in all (``None``) or by one lane."""
    with _claims_lock:
        return _claimed if lane_name is None else _claimed_by_lane.get(lane_name, 0)


def _claim_worker(lane_name: str | None) -> bool:
    global _claimed
    with _claims_lock:
        if _claimed >= MAX_WORKERS:
            return False
        if lane_name is not None and _claimed_by_lane.get(lane_name, 0) >= LANE_WORKERS:
            return False
        _claimed += 1
        if lane_name is not None:
            _claimed_by_lane[lane_name] = _claimed_by_lane.get(lane_name, 0) + 1
        return True


def _release_worker(lane_name: str | None) -> None:
    global _claimed
    with _claims_lock:
        _claimed -= 1
        if lane_name is not None:
            left = _claimed_by_lane.get(lane_name, 0) - 1
            if left > 0:
                _claimed_by_lane[lane_name] = left
            else:
                _claimed_by_lane.pop(lane_name, None)


def _submit(pool: ThreadPoolExecutor, lane_name: str | None, task: Callable[[], Any]) -> Future[Any]:
    future = pool.submit(contextvars.copy_context().run, task)
    future.add_done_callback(lambda _: _release_worker(lane_name))  # also when cancelled
    return future


def _run_here(task: Callable[[], Any]) -> Future[Any]:
    future: Future[Any] = Future()
    try:
        future.set_result(contextvars.copy_context().run(task))
    except Exception as exc:  # handed on like a worker's failure
        future.set_exception(exc)
    return future


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
    lane_name = _lane.get()
    futures: list[Future[Any] | None] = [
        _submit(pool, lane_name, task) if _claim_worker(lane_name) else None for task in tasks
    ]
    for index, task in enumerate(tasks):  # no free worker: run it here, while the others run
        if futures[index] is None:
            here = futures[index] = _run_here(task)
            if here.exception() is not None:
                break
    started = [f for f in futures if f is not None]
    done, pending = wait(started, return_when=FIRST_EXCEPTION)
    failed = [f for f in started if f in done and f.exception() is not None]
    if failed:
        for future in pending:
            future.cancel()  # not started yet: never started; running: its result is dropped
        error = failed[0].exception()
        assert error is not None
        raise error
    return tuple(f.result() for f in started)
