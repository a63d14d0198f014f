"""Background work with moto in-process: the queue adapter, the app's queue consumer and scheduled
handler through Chalice's test client, and the local worker loop moving a failing job to the
dead-letter queue."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from chalice.test import Client

from chalicelib import jobs
from chalicelib.adapters import queue
from chalicelib.domain.job import Job
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.log import logger
from chalicelib.settings import get_settings
from tests.functional.conftest import log_lines

DEMO = ConnectionRef("demo", "default")
handled: list[Job] = []


def remember(job: Job) -> None:
    logger.info("remembered")
    handled.append(job)


def always_fail(job: Job) -> None:
    raise RuntimeError("this job always fails")


@pytest.fixture
def work_queues(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Empty jobs queues and two test job kinds."""
    from chalicelib import bootstrap

    bootstrap.create_queues()
    bootstrap.create_queues()  # idempotent
    monkeypatch.setitem(jobs.JOB_KINDS, "test.remember", f"{__name__}:remember")
    monkeypatch.setitem(jobs.JOB_KINDS, "test.always_fail", f"{__name__}:always_fail")
    handled.clear()
    for url in (queue.queue_url(jobs.JOBS_QUEUE), queue.dead_letter_queue_url(jobs.JOBS_QUEUE)):
        while messages := queue.receive(url, wait_seconds=0):  # (PurgeQueue: once a minute only)
            for message in messages:
                queue.delete(message)
    yield


def test_the_jobs_queue_has_a_dead_letter_queue(work_queues: None) -> None:
    import json

    attributes = queue.aws.client("sqs").get_queue_attributes(
        QueueUrl=queue.queue_url(jobs.JOBS_QUEUE), AttributeNames=["All"]
    )["Attributes"]
    policy = json.loads(attributes["RedrivePolicy"])

    assert policy["maxReceiveCount"] == get_settings().job_max_receive_count == 5
    assert policy["deadLetterTargetArn"].endswith(get_settings().dead_letter_queue_name("jobs"))
    assert attributes["VisibilityTimeout"] == str(queue.VISIBILITY_TIMEOUT_SECONDS)


def test_a_sent_job_is_received_with_its_envelope(work_queues: None) -> None:
    job = Job.for_connection("test.remember", DEMO, correlation_id="req-1", payload={"order": "A-1"})

    message_id = queue.send(job)
    (received,) = queue.receive(queue.queue_url(jobs.JOBS_QUEUE), wait_seconds=0)
    queue.delete(received)

    assert received.message_id == message_id
    assert Job.from_message(received.body) == job
    assert received.attributes["ApproximateReceiveCount"] == "1"
    assert queue.receive(queue.queue_url(jobs.JOBS_QUEUE), wait_seconds=0) == []


def test_a_delayed_job_is_not_visible_at_once(work_queues: None) -> None:
    queue.create_work_queue("delayed")  # its own queue: the message must not show up in other tests
    queue.send(Job("test.remember", "req-2"), delay_seconds=60, queue="delayed")

    assert queue.receive(queue.queue_url("delayed"), wait_seconds=0) == []
    with pytest.raises(ValueError, match="delay_seconds"):
        queue.send(Job("test.remember", "req-2"), delay_seconds=901)


def test_the_apps_consumer_runs_a_job_by_its_kind(
    work_queues: None, client: Client, captured_logs: io.StringIO
) -> None:
    job = Job.for_connection("test.remember", DEMO, correlation_id="req-3", payload={"n": 1})
    event = client.events.generate_sqs_event(message_bodies=[job.to_message()], queue_name="jobs")

    client.lambda_.invoke("run-jobs", event)

    assert handled == [job]
    (line,) = [line for line in log_lines(captured_logs) if line["message"] == "remembered"]
    assert (line["tenant_id"], line["connection_id"], line["correlation_id"]) == ("demo", "default", "req-3")


def test_the_apps_consumer_fails_a_failing_job_so_sqs_delivers_it_again(
    work_queues: None, client: Client
) -> None:
    from chalicelib.background import JobsFailedError

    event = client.events.generate_sqs_event(
        message_bodies=[Job("test.always_fail", "req-4").to_message()], queue_name="jobs"
    )

    with pytest.raises(JobsFailedError):
        client.lambda_.invoke("run-jobs", event)


def test_the_worker_loop_runs_jobs_and_moves_a_failing_one_to_the_dead_letter_queue(
    work_queues: None,
) -> None:
    import app as app_module
    from devstack.worker import QueueConsumer, Worker

    # The queue by this test's settings (app.py names it at import, maybe under another stage's env).
    jobs_queue = get_settings().work_queue_name(jobs.JOBS_QUEUE)
    consumer = QueueConsumer("run-jobs", jobs_queue, 1, app_module.run_jobs)
    worker = Worker(
        [consumer], [], region="eu-central-1", retry_delay_seconds=0, wait_seconds=0, echo=lambda line: None
    )
    good = Job.for_connection("test.remember", DEMO, correlation_id="req-5", payload={})
    queue.send(good)
    bad_id = queue.send(Job("test.always_fail", "req-6"))

    for _ in range(12):  # receives: the good one once, the bad one until SQS gives up on it
        worker.poll_queues_once()

    assert handled == [good]
    assert queue.receive(queue.queue_url(jobs.JOBS_QUEUE), wait_seconds=0) == []
    (dead,) = queue.receive(queue.dead_letter_queue_url(jobs.JOBS_QUEUE), wait_seconds=0)
    assert dead.message_id == bad_id
    assert Job.from_message(dead.body).kind == "test.always_fail"


def test_the_scheduled_cleanup_runs_through_the_decorator(
    aws: None, client: Client, captured_logs: io.StringIO
) -> None:
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )

    result = client.lambda_.invoke("expire-unverified-signups", event)

    assert set(result.payload) == {"removed"}
    done = [line for line in log_lines(captured_logs) if line["message"] == "scheduled run done"]
    assert [line["schedule"] for line in done] == ["expire_unverified_signups"]
    assert done[0]["correlation_id"] == event["id"]
