"""The audit repository's contract, run against the in-memory fake and against DynamoDB Local.

``AuditRepositoryContract`` holds what every implementation promises (append-only puts, newest
first, paging without gaps, filters, cursors bound to their query and tenant); a subclass per
implementation provides ``repo``. So the fake the tests use cannot drift from the real table. What
only the real table has (indexes, the TTL attribute, the stored item) is tested in its subclass.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.audit import (
    Actor,
    AuditFilter,
    CustomerRef,
    EventKind,
    Outcome,
    build_event,
    time_range,
)
from chalicelib.errors import ConflictError, StorageUnavailableError, ValidationError
from chalicelib.services.ports import AuditRepository
from devstack import LocalStack
from tests.fakes.audit import FailingAuditRepository, InMemoryAuditRepository

START = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
ANNA = Actor("anna", "anna@shop.example")
BEN = Actor("ben", "ben@shop.example")


def event(tenant: str, minute: int, actor: Actor = ANNA, customer_key: int | None = 1, **kw):
    customer = (
        CustomerRef(customer_key, f"K{customer_key}", f"Kunde {customer_key}") if customer_key else None
    )
    return build_event(
        tenant_id=tenant,
        event_id=uuid.uuid4().hex[:16],
        at=START + timedelta(minutes=minute),
        actor=actor,
        action="customer.viewed" if customer else "agent.disabled",
        customer=customer,
        **kw,
    )


class AuditRepositoryContract:
    @pytest.fixture
    def repo(self) -> AuditRepository:
        raise NotImplementedError

    @pytest.fixture
    def trail(self, repo: AuditRepository) -> tuple[AuditRepository, str]:
        """A fresh tenant with 10 events: minutes 0..9; Anna even minutes, Ben odd; customers 1 and
        2 alternate in pairs; minute 9 is an admin change by Ben."""
        tenant = f"t-{uuid.uuid4().hex[:8]}"
        for minute in range(9):
            repo.append(
                event(tenant, minute, ANNA if minute % 2 == 0 else BEN, customer_key=1 + (minute // 2) % 2)
            )
        repo.append(event(tenant, 9, BEN, customer_key=None))
        return repo, tenant

    def test_an_event_comes_back_as_it_was_stored(self, trail):
        repo, tenant = trail
        stored = event(
            tenant, 30, customer_key=7, order_number=100123, retention_days=30,
            details={"password": "x", "note": "ok"},
        )
        repo.append(stored)
        back = repo.query(tenant, AuditFilter(customer_key=7)).events
        assert back == [stored] and back[0].details == {"password": "***", "note": "ok"}

    def test_a_customer_is_a_key_on_a_connection_and_older_events_count_as_the_default(self, trail):
        repo, tenant = trail  # the trail's events recorded no connection
        for minute, connection in ((50, "default"), (51, "nord")):
            repo.append(build_event(
                tenant_id=tenant, event_id=uuid.uuid4().hex[:16], at=START + timedelta(minutes=minute),
                actor=ANNA, action="customer.viewed", customer=CustomerRef(2, "K2", "Kunde 2", connection),
            ))
        nord = repo.query(tenant, AuditFilter(customer_key=2, connection_id="nord")).events
        assert [(e.at.minute, e.customer.connection_id) for e in nord] == [(51, "nord")]
        default = repo.query(
            tenant, AuditFilter(customer_key=2, connection_id="default", with_unrecorded_connection=True)
        ).events
        assert [e.at.minute for e in default] == [50, 7, 6, 3, 2]
        only_recorded = repo.query(tenant, AuditFilter(connection_id="default")).events
        assert [e.at.minute for e in only_recorded] == [50]

    def test_events_are_append_only(self, trail):
        repo, tenant = trail
        first = event(tenant, 40)
        repo.append(first)
        with pytest.raises(ConflictError):
            repo.append(first)  # the same key again is refused, nothing is overwritten
        assert not any(hasattr(repo, name) for name in ("update", "delete", "remove", "save"))

    def test_pages_newest_first_without_gaps_or_repeats(self, trail):
        repo, tenant = trail
        seen, cursor, pages = [], None, 0
        while True:
            page = repo.query(tenant, AuditFilter(), limit=4, cursor=cursor)
            seen += page.events
            pages += 1
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == 3 and [len(p) for p in (seen[:4], seen[4:8], seen[8:])] == [4, 4, 2]
        assert [e.at for e in seen] == sorted((e.at for e in seen), reverse=True)
        assert len({e.event_id for e in seen}) == 10

    def test_filters_by_agent_customer_kind_and_time(self, trail):
        repo, tenant = trail
        anna = repo.query(tenant, AuditFilter(agent_id="anna")).events
        assert [e.at.minute for e in anna] == [8, 6, 4, 2, 0]
        customer_2 = repo.query(tenant, AuditFilter(customer_key=2)).events
        assert [e.at.minute for e in customer_2] == [7, 6, 3, 2]
        both = repo.query(tenant, AuditFilter(customer_key=2, agent_id="ben")).events
        assert [e.at.minute for e in both] == [7, 3]
        admin = repo.query(tenant, AuditFilter(kind=EventKind.ADMIN)).events
        assert [(e.at.minute, e.action) for e in admin] == [(9, "agent.disabled")]
        window = time_range(START + timedelta(minutes=2), START + timedelta(minutes=5))
        assert [e.at.minute for e in repo.query(tenant, AuditFilter(range=window)).events] == [5, 4, 3, 2]
        ben_window = repo.query(tenant, AuditFilter(agent_id="ben", range=window)).events
        assert [e.at.minute for e in ben_window] == [5, 3]

    def test_paging_a_filtered_index_query(self, trail):
        repo, tenant = trail
        first = repo.query(tenant, AuditFilter(customer_key=2, agent_id="ben"), limit=1)
        assert [e.at.minute for e in first.events] == [7] and first.next_cursor
        second = repo.query(
            tenant, AuditFilter(customer_key=2, agent_id="ben"), limit=1, cursor=first.next_cursor
        )
        assert [e.at.minute for e in second.events] == [3] and second.next_cursor is None
        with pytest.raises(ValidationError):  # a cursor of one index does not fit another
            repo.query(tenant, AuditFilter(agent_id="ben"), limit=1, cursor=first.next_cursor)

    def test_tenants_never_see_each_other(self, trail):
        repo, tenant = trail
        other = f"t-{uuid.uuid4().hex[:8]}"
        repo.append(event(other, 0, customer_key=1))
        assert [e.tenant_id for e in repo.query(other, AuditFilter()).events] == [other]
        assert len(repo.query(other, AuditFilter(customer_key=1)).events) == 1
        cursor = repo.query(tenant, AuditFilter(), limit=2).next_cursor
        with pytest.raises(ValidationError):
            repo.query(other, AuditFilter(), cursor=cursor)

    def test_recent_customer_events_and_admin_events(self, trail):
        repo, tenant = trail
        repo.append(event(tenant, 20, customer_key=3, outcome=Outcome.FAILED))
        recent = list(repo.recent_customer_events(tenant, "anna", START))
        assert [e.at.minute for e in recent] == [20, 8, 6, 4, 2, 0]
        assert all(e.kind is EventKind.CUSTOMER for e in recent)
        later = list(repo.recent_customer_events(tenant, "anna", START + timedelta(minutes=10)))
        assert [e.customer.customer_key for e in later if e.customer] == [3]
        assert [e.action for e in repo.admin_events(tenant, 5)] == ["agent.disabled"]


class TestInMemoryAuditRepository(AuditRepositoryContract):
    @pytest.fixture
    def repo(self) -> AuditRepository:
        return InMemoryAuditRepository()

    def test_the_failing_variant_refuses_every_write_as_storage_trouble(self):
        failing = FailingAuditRepository()
        with pytest.raises(StorageUnavailableError):
            failing.append(event("t-failing", 0))
        assert failing.query("t-failing", AuditFilter()).events == []


@pytest.mark.integration
class TestDynamoDbAuditRepository(AuditRepositoryContract):
    @pytest.fixture
    def repo(self, local_stack: LocalStack) -> AuditRepository:
        from chalicelib.adapters.dynamo.audit import AuditRepository as DynamoAuditRepository

        return DynamoAuditRepository()

    def test_the_table_has_the_three_tenant_scoped_indexes_and_a_ttl(self, local_stack: LocalStack):
        from chalicelib.adapters import aws
        from chalicelib.adapters.dynamo.models import AuditEventModel, configure_models

        configure_models()
        client = aws.client("dynamodb")
        table = client.describe_table(TableName=AuditEventModel.Meta.table_name)["Table"]
        keys = {
            i["IndexName"]: [k["AttributeName"] for k in i["KeySchema"]]
            for i in table["GlobalSecondaryIndexes"]
        }
        assert keys == {
            "by-agent": ["agent_partition", "event_key"],
            "by-customer": ["customer_partition", "event_key"],
            "by-kind": ["kind_partition", "event_key"],
        }
        assert [k["AttributeName"] for k in table["KeySchema"]] == ["tenant_id", "event_key"]
        ttl = client.describe_time_to_live(TableName=AuditEventModel.Meta.table_name)["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] in ("ENABLED", "ENABLING") and ttl["AttributeName"] == "ttl"

    def test_an_event_is_stored_with_its_keys_and_expiry(self, trail):
        from chalicelib.adapters import aws
        from chalicelib.adapters.dynamo.models import AuditEventModel

        repo, tenant = trail
        stored = event(
            tenant, 30, customer_key=7, order_number=100123, retention_days=30,
            details={"password": "x", "note": "ok"},
        )
        repo.append(stored)
        item = aws.client("dynamodb").get_item(
            TableName=AuditEventModel.Meta.table_name,
            Key={"tenant_id": {"S": tenant}, "event_key": {"S": stored.event_key}},
        )["Item"]
        assert item["ttl"] == {"N": str(int((stored.at + timedelta(days=30)).timestamp()))}
        assert item["agent_partition"] == {"S": f"{tenant}#anna"}
        assert item["customer_partition"] == {"S": f"{tenant}#7"}
        assert item["kind_partition"] == {"S": f"{tenant}#customer"}
        back = repo.query(tenant, AuditFilter(customer_key=7)).events
        assert back == [stored] and back[0].details == {"password": "***", "note": "ok"}
