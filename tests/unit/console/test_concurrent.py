"""run_concurrently: results in order, about the slowest task's time, errors without waiting."""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable

import pytest

from chalicelib.concurrency import MAX_WORKERS, run_concurrently, shared_pool
from chalicelib.errors import PixiError, PixiTimeoutError


def sleeper(seconds: float, value: object) -> Callable[[], object]:
    def task() -> object:
        time.sleep(seconds)
        return value

    return task


def failing(seconds: float, error: Exception) -> Callable[[], object]:
    def task() -> object:
        time.sleep(seconds)
        raise error

    return task


def test_results_come_in_the_order_given():
    assert run_concurrently(sleeper(0.05, "a"), sleeper(0.0, "b"), sleeper(0.02, "c")) == ("a", "b", "c")
    assert run_concurrently(lambda: 1) == (1,)
    assert run_concurrently() == ()


def test_the_time_is_that_of_the_slowest_task_not_the_sum():
    started = time.perf_counter()
    run_concurrently(*(sleeper(0.2, n) for n in range(4)))
    elapsed = time.perf_counter() - started
    assert 0.2 <= elapsed < 0.6  # the sum would be 0.8 s


def test_an_error_is_raised_without_waiting_for_slow_tasks():
    started = time.perf_counter()
    with pytest.raises(PixiTimeoutError):
        run_concurrently(sleeper(1.0, "slow"), failing(0.05, PixiTimeoutError()))
    assert time.perf_counter() - started < 0.8


def test_the_error_that_happens_first_is_raised():
    early, late = PixiTimeoutError("früh"), PixiError("spät")
    with pytest.raises(PixiError) as caught:
        run_concurrently(failing(0.3, late), failing(0.01, early))
    assert caught.value is early


def test_a_failure_of_the_only_task_is_raised_as_is():
    error = PixiError("kaputt")
    with pytest.raises(PixiError) as caught:
        run_concurrently(failing(0, error))
    assert caught.value is error


def test_tasks_see_the_callers_context():
    var: contextvars.ContextVar[str] = contextvars.ContextVar("request", default="none")
    var.set("req-1")
    assert run_concurrently(var.get, var.get) == ("req-1", "req-1")


def test_nested_use_runs_inline_and_cannot_exhaust_the_pool():
    def screen() -> tuple[object, ...]:
        return run_concurrently(sleeper(0.01, 1), sleeper(0.01, 2))

    results = run_concurrently(*(screen for _ in range(MAX_WORKERS * 2)))
    assert results == tuple((1, 2) for _ in range(MAX_WORKERS * 2))
    assert shared_pool()._max_workers == MAX_WORKERS


def eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    """A worker gives its place back just after its result is handed over."""
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.005)
    return check()


def test_a_task_never_waits_for_a_worker_it_runs_in_the_callers_thread_instead():
    from chalicelib.concurrency import workers_in_use

    release = threading.Event()
    hanging = [threading.Thread(target=run_concurrently, args=(release.wait, release.wait))
               for _ in range(MAX_WORKERS // 2)]
    for thread in hanging:
        thread.start()
    try:
        assert eventually(lambda: workers_in_use() == MAX_WORKERS)  # every worker hangs
        started = time.perf_counter()
        assert run_concurrently(lambda: threading.current_thread().name, lambda: 2)[1] == 2
        assert time.perf_counter() - started < 0.5
    finally:
        release.set()
        for thread in hanging:
            thread.join(5)
    assert eventually(lambda: workers_in_use() == 0)


def test_one_lane_holds_at_most_its_share_of_the_workers():
    from chalicelib.concurrency import LANE_WORKERS, lane, workers_in_use

    release = threading.Event()
    names: list[str] = []

    def hang() -> None:
        names.append(threading.current_thread().name)
        release.wait(0.3)

    def tenant_screen() -> None:
        with lane("broken-tenant"):
            run_concurrently(*(hang for _ in range(LANE_WORKERS + 2)))

    thread = threading.Thread(target=tenant_screen)
    thread.start()
    assert eventually(lambda: workers_in_use("broken-tenant") == LANE_WORKERS)
    started = time.perf_counter()
    run_concurrently(sleeper(0.01, 1), sleeper(0.01, 2))  # another tenant's calls get workers
    assert time.perf_counter() - started < 0.2
    release.set()
    thread.join(5)
    assert sum(not n.startswith("pixi-call") for n in names) == 2  # the rest ran in the caller's thread
    assert eventually(lambda: workers_in_use() == 0)
