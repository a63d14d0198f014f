"""The job envelope: what a queue message carries, validated when read."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.job import Job, MalformedJobError
from chalicelib.domain.tenant import ConnectionRef

DEMO = ConnectionRef("demo", "default")


def test_a_job_survives_the_queue_message_unchanged() -> None:
    job = Job.for_connection("promo_prices.import", DEMO, correlation_id="req-1", payload={"currency": "EUR"})

    read = Job.from_message(job.to_message())

    assert read == job
    assert (read.tenant_id, read.connection, read.payload) == ("demo", DEMO, {"currency": "EUR"})


def test_a_platform_job_has_neither_tenant_nor_connection() -> None:
    job = Job("promo_prices.fan_out", "evt-1")

    assert Job.from_message(job.to_message()) == job
    assert json.loads(job.to_message())["connection"] is None


def _message(**changes: object) -> str:
    body: dict[str, object] = {
        "version": 1,
        "kind": "order.check_status",
        "tenant_id": "demo",
        "connection": {"tenant_id": "demo", "connection_id": "default"},
        "correlation_id": "req-1",
        "payload": {},
    }
    body.update(changes)
    return json.dumps({k: v for k, v in body.items() if v != "<drop>"})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (_message(version=2), "envelope version"),
        (_message(version="<drop>"), "envelope version"),
        (_message(extra=1), "unknown fields: extra"),
        (_message(kind=""), "kind"),
        (_message(kind="Has Spaces"), "kind"),
        (_message(kind=7), "kind and correlation_id must be strings"),
        (_message(correlation_id="<drop>"), "kind and correlation_id must be strings"),
        (_message(correlation_id="a b"), "correlation_id"),
        (_message(tenant_id=""), "tenant_id is empty"),
        (_message(tenant_id=5), "tenant_id must be a string"),
        (_message(payload=[1]), "payload must be a JSON object"),
        (_message(payload="<drop>"), "payload must be a JSON object"),
        (_message(connection={"tenant_id": "demo"}), "connection must be"),
        (_message(connection={"tenant_id": "demo", "connection_id": ""}), "connection must be"),
        (_message(connection={"tenant_id": "nordlicht", "connection_id": "default"}), "another tenant"),
        (_message(tenant_id=None), "another tenant"),
    ],
)
def test_a_malformed_message_is_refused_with_the_reason(body: str, reason: str) -> None:
    with pytest.raises(MalformedJobError) as refused:
        Job.from_message(body)

    assert reason in refused.value.detail


def test_a_job_cannot_be_built_with_another_tenants_connection() -> None:
    with pytest.raises(MalformedJobError) as refused:
        Job("order.check_status", "req-1", tenant_id="nordlicht", connection=DEMO)

    assert "another tenant" in refused.value.detail
