"""The audit service on the in-memory audit store (held to DynamoDB's behaviour by the contract
tests in tests/integration/contracts): what it records, "zuletzt bearbeitet", the failure path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.agent import Role
from chalicelib.domain.audit import CustomerRef, EventKind, Outcome
from chalicelib.domain.permissions import Principal
from chalicelib.services import audit, wiring
from tests.fakes.audit import FailingAuditRepository, InMemoryAuditRepository

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
ANNA = Principal(tenant_id="demo", agent_id="anna", role=Role.AGENT, email="anna@demo.example")
ANNA_ELSEWHERE = Principal(tenant_id="other", agent_id="anna", role=Role.AGENT, email="anna@other.example")


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def unused(*_: Any) -> Any:
    raise AssertionError("this test touches no other adapter")


@pytest.fixture
def clock() -> Clock:
    return Clock()


class NoConnections:
    """A tenant without pixi connections: events without a recorded one have no default either."""

    def list_for_tenant(self, tenant_id: str) -> list[Any]:
        return []


def wire(store: InMemoryAuditRepository, clock: Clock) -> Iterator[InMemoryAuditRepository]:
    stand_in: Any = unused
    no_connections: Any = NoConnections()
    wiring.use_adapters(wiring.Adapters(
        tenants=stand_in, agents=stand_in, connections=no_connections, secrets=stand_in,
        pixi_client_for=unused, now=clock, audit=store,
        link_tokens=stand_in, signups=stand_in, rate_limits=stand_in, mailer=stand_in,
    ))
    try:
        yield store
    finally:
        wiring.use_adapters(None)


@pytest.fixture
def store(clock: Clock) -> Iterator[InMemoryAuditRepository]:
    yield from wire(InMemoryAuditRepository(), clock)


def test_record_stamps_the_event_with_the_clock_and_the_agent(store: InMemoryAuditRepository, clock: Clock):
    event = audit.record("demo", ANNA, "customer.viewed", customer=CustomerRef(1, "K10001", "Erika"))
    assert (event.at, event.agent_id, event.agent_email, event.kind) == (
        NOW, "anna", "anna@demo.example", EventKind.CUSTOMER)
    assert audit.search("demo").events == [event]


def test_recent_work_lists_each_customer_once_newest_first_and_only_the_agents_own(
    store: InMemoryAuditRepository, clock: Clock
):
    for minute, key in enumerate([1, 2, 1, 3]):
        clock.now = NOW + timedelta(minutes=minute)
        audit.record("demo", ANNA, "customer.viewed", customer=CustomerRef(key, f"K{key}", f"Kunde {key}"))
    audit.record("other", ANNA_ELSEWHERE, "customer.viewed", customer=CustomerRef(9, "T9", "Fremd"))
    audit.record("demo", ANNA, "agent.disabled", kind=EventKind.ADMIN)
    recent = audit.recent_work(ANNA)
    assert [r.customer.customer_key for r in recent] == [3, 1, 2]
    assert [r.customer.customer_key for r in audit.recent_work(ANNA_ELSEWHERE)] == [9]
    assert [e.action for e in audit.admin_events("demo", 5)] == ["agent.disabled"]


def test_recent_work_looks_back_thirty_days(store: InMemoryAuditRepository, clock: Clock):
    audit.record("demo", ANNA, "customer.viewed", customer=CustomerRef(1, "K1", "Alt"))
    clock.now = NOW + timedelta(days=audit.RECENT_WORK_DAYS, minutes=1)
    assert audit.recent_work(ANNA) == []


def test_a_failing_store_is_reported_not_raised(clock: Clock):
    for _ in wire(FailingAuditRepository(), clock):
        event = audit.new_event("demo", ANNA, "customer.viewed", outcome=Outcome.FAILED)
        assert audit.record_safely(event) is False
