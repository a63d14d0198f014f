"""The pixi guard (issue 17): circuit breaker per connection, bulkhead per tenant, shared state.

Given/When/Then with a fake clock, breakers in memory (the DynamoDB repository keeps the same
contract, see tests/integration/contracts) and the announcements recorded instead of sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from chalicelib import concurrency
from chalicelib.domain.circuit_breaker import BreakerEvent, BreakerPhase, BreakerPolicy, BreakerState
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import (
    NotFoundError,
    PixiBusyError,
    PixiCircuitOpenError,
    PixiError,
    PixiTimeoutError,
    PixiUnavailableError,
)
from chalicelib.services.pixi_guard import Bulkhead, PixiGuard
from tests.fakes.breakers import FailingPixiBreakerRepository, InMemoryPixiBreakerRepository

DEMO = ConnectionRef("demo", "c1")
NORD = ConnectionRef("nord", "c1")
POLICY = BreakerPolicy(failure_threshold=3, failure_window_seconds=10, open_seconds=30, probe_seconds=20)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


class Announced(list[tuple[str, BreakerEvent, BreakerPhase]]):
    def __call__(self, connection: ConnectionRef, event: BreakerEvent, state: BreakerState) -> None:
        self.append((connection.tenant_id, event, state.phase))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> InMemoryPixiBreakerRepository:
    return InMemoryPixiBreakerRepository()


@pytest.fixture
def announced() -> Announced:
    return Announced()


@pytest.fixture
def instance(clock: Clock, store: InMemoryPixiBreakerRepository, announced: Announced
             ) -> Callable[..., PixiGuard]:
    """A guard as one Lambda instance has it; several share the store (and the clock)."""
    def make(bulkhead_limit: int = 6) -> PixiGuard:
        return PixiGuard(breakers=lambda: store, policy=POLICY, bulkhead=Bulkhead(bulkhead_limit),
                         clock=clock, state_cache_seconds=5, announce=announced)

    return make


class Pixi:
    """A pixi that answers, or fails with the error given."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: Exception | None = None

    def read(self) -> str:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return "answer"


def fail_times(guard: PixiGuard, pixi: Pixi, times: int, error: Exception | None = None) -> None:
    pixi.error = error or PixiTimeoutError()
    for _ in range(times):
        with pytest.raises(type(pixi.error)):
            guard.call(DEMO, pixi.read)


def test_repeated_timeouts_open_the_breaker_and_then_calls_fail_fast(instance, clock, announced):
    guard, pixi = instance(), Pixi()
    fail_times(guard, pixi, 3)
    assert announced == [("demo", BreakerEvent.OPENED, BreakerPhase.OPEN)]
    clock.now += 5
    started = time.perf_counter()
    with pytest.raises(PixiCircuitOpenError) as refused:
        guard.call(DEMO, pixi.read)
    assert time.perf_counter() - started < 0.05
    assert pixi.calls == 3  # pixi was not asked
    assert refused.value.status == 503 and refused.value.retry_after_seconds == 25
    assert refused.value.message == "pixi antwortet nicht – neuer Versuch in 25 s."


def test_unavailability_counts_like_a_timeout_but_an_answer_of_pixi_does_not(instance, announced):
    guard, pixi = instance(), Pixi()
    fail_times(guard, pixi, 2, PixiUnavailableError())
    fail_times(guard, pixi, 1, NotFoundError())  # pixi answered: alive, the count starts again
    fail_times(guard, pixi, 2, PixiError())
    fail_times(guard, pixi, 2, PixiUnavailableError())
    assert announced == [] and guard.state(DEMO).phase is BreakerPhase.CLOSED
    fail_times(guard, pixi, 1, PixiUnavailableError())
    assert guard.state(DEMO).phase is BreakerPhase.OPEN


def test_the_state_is_shared_so_another_instance_does_not_ask_a_dead_pixi(instance, store):
    first, cold = instance(), instance()
    fail_times(first, Pixi(), 3)
    pixi = Pixi()
    with pytest.raises(PixiCircuitOpenError):
        cold.call(DEMO, pixi.read)
    assert pixi.calls == 0


def test_an_open_breaker_is_trusted_locally_until_its_retry_time(instance, store, clock):
    guard = instance()
    fail_times(guard, Pixi(), 3)
    reads = store.reads
    for _ in range(20):
        clock.now += 1
        with pytest.raises(PixiCircuitOpenError):
            guard.call(DEMO, Pixi().read)
    assert store.reads == reads  # no DynamoDB read per refused call


def test_a_healthy_pixi_costs_no_write_and_one_read_per_cache_interval(instance, store, clock):
    guard, pixi = instance(), Pixi()
    for _ in range(10):
        assert guard.call(DEMO, pixi.read) == "answer"
        clock.now += 1
    assert store.writes == 0 and store.reads == 2  # at 0 s and after 5 s


def test_after_the_pause_one_probe_closes_it_and_everybody_learns(instance, clock, announced):
    guard, other = instance(), instance()
    fail_times(guard, Pixi(), 3)
    with pytest.raises(PixiCircuitOpenError):
        other.call(DEMO, Pixi().read)
    clock.now += 30
    pixi = Pixi()
    assert guard.call(DEMO, pixi.read) == "answer"
    assert announced[-1] == ("demo", BreakerEvent.CLOSED, BreakerPhase.CLOSED)
    clock.now += 5  # the other instance's cached state expired
    assert other.call(DEMO, pixi.read) == "answer"
    assert len(announced) == 2


def test_while_the_probe_runs_the_others_are_refused_and_a_failed_probe_opens_again(instance, clock,
                                                                                     announced):
    prober, other = instance(), instance()
    fail_times(prober, Pixi(), 3)
    clock.now += 30
    probe_started, release = threading.Event(), threading.Event()

    def hanging() -> str:
        probe_started.set()
        release.wait(5)
        raise PixiTimeoutError()

    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: _catch(outcome, lambda: prober.call(DEMO, hanging)))
    thread.start()
    assert probe_started.wait(5)
    with pytest.raises(PixiCircuitOpenError) as refused:
        other.call(DEMO, Pixi().read)
    assert refused.value.retry_after_seconds == 5
    release.set()
    thread.join(5)
    assert isinstance(outcome[0], PixiTimeoutError)
    assert prober.state(DEMO).phase is BreakerPhase.OPEN and prober.state(DEMO).retry_at == clock.now + 30
    assert [event for _, event, _ in announced] == [BreakerEvent.OPENED]  # announced once


def _catch(into: list[BaseException], call: Callable[[], object]) -> None:
    try:
        call()
    except BaseException as exc:
        into.append(exc)


def test_failures_on_several_instances_add_up(instance, announced):
    guards = [instance() for _ in range(3)]
    for guard in guards:
        fail_times(guard, Pixi(), 1)
    assert announced == [("demo", BreakerEvent.OPENED, BreakerPhase.OPEN)]


def test_one_tenant_broken_leaves_the_others_alone(instance):
    guard = instance()
    fail_times(guard, Pixi(), 3)
    assert guard.call(NORD, Pixi().read) == "answer"
    assert guard.call(ConnectionRef("demo", "c2"), Pixi().read) == "answer"  # another connection


def test_without_dynamodb_reads_still_go_and_the_breaker_works_locally(clock, announced):
    guard = PixiGuard(breakers=FailingPixiBreakerRepository, policy=POLICY, clock=clock, announce=announced)
    assert guard.call(DEMO, Pixi().read) == "answer"
    fail_times(guard, Pixi(), 3)
    with pytest.raises(PixiCircuitOpenError):
        guard.call(DEMO, Pixi().read)


def test_the_bulkhead_refuses_one_read_too_many_at_once_and_frees_its_places(instance):
    guard = instance(bulkhead_limit=2)
    inside, release = threading.Barrier(3), threading.Event()

    def slow() -> str:
        inside.wait(5)
        release.wait(5)
        return "late"

    threads = [threading.Thread(target=guard.call, args=(DEMO, slow)) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait(5)
    started = time.perf_counter()
    with pytest.raises(PixiBusyError) as busy:
        guard.call(DEMO, Pixi().read)
    assert time.perf_counter() - started < 0.05
    assert busy.value.status == 429 and busy.value.retry_after_seconds == 1
    assert guard.call(NORD, Pixi().read) == "answer"  # another tenant has its own places
    release.set()
    for thread in threads:
        thread.join(5)
    assert guard.bulkhead.in_flight("demo") == 0
    fail_times(guard, Pixi(), 2, NotFoundError())
    assert guard.bulkhead.in_flight("demo") == 0  # a failed read gives its place back


def test_a_read_runs_in_its_tenants_lane_of_the_shared_pool(instance):
    guard = instance()
    seen: list[int] = []

    def read() -> str:
        hold = threading.Event()
        concurrency.run_concurrently(*(lambda: (seen.append(concurrency.workers_in_use("demo")),
                                                hold.wait(0.05)) for _ in range(6)))
        return "answer"

    assert guard.call(DEMO, read) == "answer"
    assert 1 <= max(seen) <= concurrency.LANE_WORKERS
