"""Background work end to end on the real local stack: the stack's worker consumes the local jobs
queue (moto server), and the devstack loop runs app.py's consumer with the job's context bound;
a job that always fails ends in the dead-letter queue."""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib import jobs
from chalicelib.adapters import queue
from chalicelib.domain.job import Job
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.log import logger
from chalicelib.settings import get_settings
from devstack import LocalStack
from devstack.worker import QueueConsumer, Worker

pytestmark = pytest.mark.integration
DEMO = ConnectionRef("demo", "default")
handled: list[Job] = []


def remember(job: Job) -> None:
    logger.info("remembered", extra={"customer": job.payload.get("customer")})
    handled.append(job)


def always_fail(job: Job) -> None:
    raise RuntimeError("this job always fails")


def wait_for(condition: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout:.0f} s")


def dead_letter(name: str, message_id: str) -> Callable[[], Any]:
    def find() -> Any:
        for message in queue.receive(queue.dead_letter_queue_url(name), wait_seconds=1):
            queue.delete(message)
            if message.message_id == message_id:
                return message
        return None

    return find


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    underlying = logging.getLogger(logger.name)
    underlying.addHandler(handler)
    try:
        yield stream
    finally:
        underlying.removeHandler(handler)


def test_the_stack_runs_the_worker_with_its_own_log(local_stack: LocalStack) -> None:
    assert "worker" in local_stack.pids
    log = local_stack.log_path("worker").read_text()
    assert "[worker] ready" in log
    assert "queue pcc-local-jobs -> run-jobs" in log
    assert "schedule expire-unverified-signups: rate(1 hour)" in log


def test_the_stacks_worker_consumes_the_jobs_queue_and_gives_up_on_a_failing_job(
    local_stack: LocalStack,
) -> None:
    correlation_id = f"it-{uuid.uuid4().hex}"
    job = Job.for_connection("test.nobody_handles_this", DEMO, correlation_id=correlation_id, payload={})

    message_id = queue.send(job)
    dead = wait_for(dead_letter(jobs.JOBS_QUEUE, message_id))

    assert Job.from_message(dead.body) == job
    failures = [
        line
        for line in json_lines(local_stack.log_path("worker").read_text())
        if line.get("correlation_id") == correlation_id and line.get("message") == "job failed"
    ]
    assert len(failures) == get_settings().job_max_receive_count
    assert {(line["tenant_id"], line["connection_id"], line["job_kind"]) for line in failures} == {
        ("demo", "default", "test.nobody_handles_this")
    }
    assert failures[-1]["last_attempt"] is True


def test_the_devstack_loop_runs_the_apps_consumer_with_the_jobs_context(
    local_stack: LocalStack, monkeypatch: pytest.MonkeyPatch, captured_logs: io.StringIO
) -> None:
    import app as app_module

    name = f"it-{uuid.uuid4().hex[:8]}"  # a queue of this test's own: the stack's worker does not read it
    queue.create_work_queue(name)
    monkeypatch.setitem(jobs.JOB_KINDS, "test.remember", f"{__name__}:remember")
    monkeypatch.setitem(jobs.JOB_KINDS, "test.always_fail", f"{__name__}:always_fail")
    handled.clear()
    worker = Worker(
        [QueueConsumer("run-jobs", get_settings().work_queue_name(name), 1, app_module.run_jobs)],
        [],
        region=get_settings().aws_region,
        retry_delay_seconds=0,
        echo=lambda line: None,
    )
    good = Job.for_connection("test.remember", DEMO, correlation_id="it-good", payload={"customer": "K10001"})
    queue.send(good, queue=name)
    bad_id = queue.send(Job("test.always_fail", "it-bad", tenant_id="nordlicht"), queue=name)

    def bad_is_dead() -> Any:
        worker.poll_queues_once()
        return dead_letter(name, bad_id)()

    wait_for(bad_is_dead)

    assert handled == [good]
    lines = json_lines(captured_logs.getvalue())
    (remembered,) = [line for line in lines if line["message"] == "remembered"]
    assert (remembered["tenant_id"], remembered["connection_id"], remembered["correlation_id"]) == (
        "demo",
        "default",
        "it-good",
    )
    assert remembered["customer"] == "K10001"
    failed = [line for line in lines if line["message"] == "job failed"]
    assert len(failed) == get_settings().job_max_receive_count
    assert {(line["tenant_id"], line["correlation_id"]) for line in failed} == {("nordlicht", "it-bad")}
    assert "connection_id" not in failed[0]
