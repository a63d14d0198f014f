"""The handler decorators: context bound while a job or scheduled run works, cleared afterwards,
and only failed records reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chalice.app import CloudWatchEvent, SQSEvent

from chalicelib import jobs
from chalicelib.background import JobsFailedError, ScheduledRun, queue_handler, scheduled_handler
from chalicelib.domain.job import Job
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.log import logger
from tests.unit.background.conftest import CapturedLogs

DEMO = ConnectionRef("demo", "shop-2")


def sqs_event(*bodies: str, receive_count: int = 1) -> SQSEvent:
    records = [
        {
            "messageId": f"m-{number}",
            "receiptHandle": f"r-{number}",
            "body": body,
            "attributes": {"ApproximateReceiveCount": str(receive_count)},
            "messageAttributes": {},
            "eventSource": "aws:sqs",
        }
        for number, body in enumerate(bodies, start=1)
    ]
    return SQSEvent({"Records": records}, context=None)


def job_message(kind: str = "test.work", **payload: Any) -> str:
    return Job.for_connection(kind, DEMO, correlation_id="req-42", payload=payload).to_message()


def test_the_handler_runs_with_the_jobs_tenant_connection_and_correlation_id(logs: CapturedLogs) -> None:
    seen: list[Job] = []

    @queue_handler
    def work(job: Job) -> None:
        seen.append(job)
        logger.info("working")

    work(sqs_event(job_message(customer="K10001")))

    assert [(job.connection, job.payload) for job in seen] == [(DEMO, {"customer": "K10001"})]
    working = logs.message("working")
    assert (working["tenant_id"], working["connection_id"], working["correlation_id"]) == (
        "demo",
        "shop-2",
        "req-42",
    )
    done = logs.message("job done")
    assert (done["job_kind"], done["message_id"], done["correlation_id"]) == ("test.work", "m-1", "req-42")


def test_the_context_is_cleared_after_the_job(logs: CapturedLogs) -> None:
    @queue_handler
    def work(job: Job) -> None:
        logger.info("working")

    work(sqs_event(job_message()))
    logger.info("afterwards")

    afterwards = logs.message("afterwards")
    assert not {"tenant_id", "connection_id", "correlation_id"} & set(afterwards)


def test_only_the_failed_records_are_reported(logs: CapturedLogs) -> None:
    @queue_handler
    def work(job: Job) -> None:
        if job.payload.get("fail"):
            raise RuntimeError("pixi said no")

    with pytest.raises(JobsFailedError) as failed:
        work(sqs_event(job_message(), job_message(fail=True), job_message()))

    assert failed.value.message_ids == ["m-2"]
    failure = logs.message("job failed")
    assert (failure["message_id"], failure["tenant_id"], failure["last_attempt"]) == ("m-2", "demo", False)
    assert "pixi said no" in failure["exception"]
    assert len([line for line in logs.lines() if line["message"] == "job done"]) == 2
    logger.info("afterwards")
    assert "tenant_id" not in logs.message("afterwards")


def test_a_malformed_message_is_logged_and_failed_so_it_ends_in_the_dead_letter_queue(
    logs: CapturedLogs,
) -> None:
    calls: list[Job] = []

    @queue_handler
    def work(job: Job) -> None:
        calls.append(job)

    with pytest.raises(JobsFailedError) as failed:
        work(sqs_event('{"kind": "test.work"}', receive_count=5))

    assert failed.value.message_ids == ["m-1"] and calls == []
    malformed = logs.message("job message malformed")
    assert (malformed["correlation_id"], malformed["last_attempt"]) == ("m-1", True)
    assert "envelope version" in malformed["reason"]


def test_a_job_of_an_unknown_kind_fails(logs: CapturedLogs) -> None:
    with pytest.raises(JobsFailedError):
        queue_handler(jobs.run_job)(sqs_event(job_message("test.nobody_knows")))

    failure = logs.message("job failed")
    assert (failure["exception_name"], failure["job_kind"]) == ("UnknownJobKindError", "test.nobody_knows")


def record_payload(job: Job) -> None:
    RECORDED.append(job)


RECORDED: list[Job] = []


def test_the_registry_runs_the_handler_of_the_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.JOB_KINDS, "test.record", f"{__name__}:record_payload")
    RECORDED.clear()

    queue_handler(jobs.run_job)(sqs_event(job_message("test.record", n=1)))

    assert [job.payload for job in RECORDED] == [{"n": 1}]


def cloudwatch_event(event_id: str = "evt-7") -> CloudWatchEvent:
    return CloudWatchEvent(
        {
            "version": "0",
            "id": event_id,
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": "000000000000",
            "time": "2026-03-29T04:00:00Z",
            "region": "eu-central-1",
            "resources": ["arn:aws:events:eu-central-1:000000000000:rule/x"],
            "detail": {},
        },
        context=None,
    )


def test_a_scheduled_run_carries_the_event_id_as_correlation_id(logs: CapturedLogs) -> None:
    runs: list[ScheduledRun] = []

    @scheduled_handler
    def import_promo_prices(run: ScheduledRun) -> dict[str, int]:
        runs.append(run)
        logger.info("fanning out")
        return {"queued": 2}

    assert import_promo_prices(cloudwatch_event()) == {"queued": 2}
    assert runs == [ScheduledRun("import_promo_prices", "evt-7", "2026-03-29T04:00:00Z")]
    assert logs.message("fanning out")["correlation_id"] == "evt-7"
    assert logs.message("scheduled run done")["schedule"] == "import_promo_prices"
    logger.info("afterwards")
    assert "correlation_id" not in logs.message("afterwards")


def test_a_failed_scheduled_run_is_logged_and_raised(logs: CapturedLogs) -> None:
    @scheduled_handler
    def broken(run: ScheduledRun) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        broken(cloudwatch_event())

    failure = logs.message("scheduled run failed")
    assert (failure["schedule"], failure["correlation_id"]) == ("broken", "evt-7")
    logger.info("afterwards")
    assert "correlation_id" not in logs.message("afterwards")


def test_the_app_wires_the_jobs_queue_with_one_message_per_invocation() -> None:
    from chalice.app import SQSEventConfig

    from app import app

    (consumer,) = [source for source in app.event_sources if isinstance(source, SQSEventConfig)]
    assert (consumer.name, consumer.batch_size) == ("run-jobs", 1)
    assert consumer.queue.endswith("-jobs")


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"APP_STAGE": "prod"},
        {"APP_STAGE": "dev", "QUEUE_PREFIX": "acme-dev-"},
        {"APP_STAGE": "", "QUEUE_PREFIX": ""},
    ],
)
def test_the_queue_name_app_py_deploys_is_the_one_the_settings_use(environ: dict[str, str]) -> None:
    from chalicelib.jobs import deployed_queue_name
    from chalicelib.settings import settings_from_env

    assert deployed_queue_name("jobs", environ) == settings_from_env(environ).work_queue_name("jobs")


def test_importing_the_plumbing_loads_neither_logger_nor_settings() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, chalicelib.background, chalicelib.jobs\n"
        "print([m for m in ('pydantic', 'botocore', 'aws_lambda_powertools', 'chalicelib.log',\n"
        "                   'chalicelib.settings', 'chalicelib.domain.job') if m in sys.modules])\n"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
