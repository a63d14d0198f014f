"""The local stand-in for Lambda's event sources: queue consumers and schedules (``chalice local``
runs neither).

``python -m devstack.worker`` imports ``app.py``, finds its ``@app.on_sqs_message`` and
``@app.schedule`` handlers and calls the same Lambda entry points with the event shapes Lambda
gives them: it receives from the local queues (moto server), deletes a message when its handler
returns, and makes it visible again after ``retry_delay_seconds`` when the handler raises (Lambda
waits for the visibility timeout instead); after ``job_max_receive_count`` receives SQS moves the
message to the dead-letter queue, as in AWS. Scheduled handlers run when due (``devstack.schedules``;
the clock can be given, for tests).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import signal
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from devstack.schedules import Schedule, parse_schedule

LambdaEntry = Callable[[dict[str, Any], Any], Any]
Clock = Callable[[], datetime]
ACCOUNT = "000000000000"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LocalLambdaContext:
    """What a handler may ask of its Lambda context."""

    def __init__(self, function_name: str, timeout_seconds: int = 30) -> None:
        self.function_name = function_name
        self.aws_request_id = uuid.uuid4().hex
        self.memory_limit_in_mb = 1024
        self.invoked_function_arn = f"arn:aws:lambda:local:{ACCOUNT}:function:{function_name}"
        self._deadline = datetime.now(UTC).timestamp() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - datetime.now(UTC).timestamp()) * 1000))


@dataclass(frozen=True)
class QueueConsumer:
    name: str
    queue_name: str  # the full SQS queue name
    batch_size: int
    entry: LambdaEntry


@dataclass
class ScheduledTask:
    name: str
    expression: str
    schedule: Schedule
    entry: LambdaEntry
    next_run: datetime


class Worker:
    """Runs queue consumers and scheduled handlers of one Chalice app until stopped."""

    def __init__(
        self,
        consumers: list[QueueConsumer],
        scheduled: list[ScheduledTask],
        *,
        region: str,
        retry_delay_seconds: int = 2,
        wait_seconds: int = 1,
        clock: Clock = _utc_now,
        echo: Callable[[str], None] = lambda line: print(line, flush=True),
    ) -> None:
        self.consumers = consumers
        self.scheduled = scheduled
        self.region = region
        self.retry_delay_seconds = retry_delay_seconds
        self.wait_seconds = wait_seconds
        self.clock = clock
        self._echo = echo
        self._arns: dict[str, str] = {}

    @classmethod
    def for_app(cls, app_module: ModuleType, **options: Any) -> Worker:
        """Every queue consumer and schedule of ``app_module.app`` (a Chalice app)."""
        from chalice.app import ScheduledEventConfig, SQSEventConfig

        from chalicelib.settings import get_settings

        clock: Clock = options.get("clock", _utc_now)
        started = clock()
        consumers: list[QueueConsumer] = []
        scheduled: list[ScheduledTask] = []
        for source in app_module.app.event_sources:
            entry = getattr(app_module, source.handler_string.split(".", 1)[1])
            if isinstance(source, SQSEventConfig) and source.queue:
                consumers.append(QueueConsumer(source.name, source.queue, source.batch_size, entry))
            elif isinstance(source, ScheduledEventConfig):
                expression = source.schedule_expression
                text = expression if isinstance(expression, str) else expression.to_string()
                schedule = parse_schedule(text)
                scheduled.append(
                    ScheduledTask(source.name, text, schedule, entry, schedule.next_after(started, started))
                )
        return cls(consumers, scheduled, region=get_settings().aws_region, **options)

    # --- queues --------------------------------------------------------------------------------
    def poll_queues_once(self) -> int:
        """Receive from every queue once and hand each batch to its handler; the messages received."""
        return sum(self._poll(consumer) for consumer in self.consumers)

    def _poll(self, consumer: QueueConsumer) -> int:
        from chalicelib.adapters import queue

        url = queue.url_of_queue(consumer.queue_name)
        messages = queue.receive(url, max_messages=consumer.batch_size, wait_seconds=self.wait_seconds)
        if not messages:
            return 0
        event = {"Records": [self._record(message, consumer.queue_name) for message in messages]}
        ids = ", ".join(message.message_id for message in messages)
        try:
            consumer.entry(event, LocalLambdaContext(consumer.name))
        except Exception as exc:
            self._echo(f"[worker] {consumer.name}: {ids} failed ({type(exc).__name__}: {exc}); "
                       f"visible again in {self.retry_delay_seconds} s")
            for message in messages:
                queue.retry_later(message, self.retry_delay_seconds)
        else:
            self._echo(f"[worker] {consumer.name}: {ids} done")
            for message in messages:
                queue.delete(message)
        return len(messages)

    def _record(self, message: Any, queue_name: str) -> dict[str, Any]:
        from chalicelib.adapters import queue

        arn = self._arns.get(message.queue_url)
        if arn is None:
            arn = self._arns[message.queue_url] = queue.queue_arn(message.queue_url)
        return {
            "messageId": message.message_id,
            "receiptHandle": message.receipt_handle,
            "body": message.body,
            "attributes": message.attributes,
            "messageAttributes": {},
            "md5OfBody": hashlib.md5(message.body.encode(), usedforsecurity=False).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": arn,
            "awsRegion": self.region,
        }

    # --- schedules -----------------------------------------------------------------------------
    def run_due_schedules(self) -> list[str]:
        """Run every scheduled handler whose time has come; the names of those run."""
        now = self.clock()
        ran: list[str] = []
        for task in self.scheduled:
            if task.next_run > now:
                continue
            try:
                result = task.entry(self._scheduled_event(task, now), LocalLambdaContext(task.name))
                self._echo(f"[worker] schedule {task.name} ({task.expression}): {result!r}")
            except Exception as exc:
                self._echo(f"[worker] schedule {task.name} failed: {type(exc).__name__}: {exc}")
            task.next_run = task.schedule.next_after(now, task.next_run)
            ran.append(task.name)
        return ran

    def _scheduled_event(self, task: ScheduledTask, now: datetime) -> dict[str, Any]:
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": ACCOUNT,
            "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self.region,
            "resources": [f"arn:aws:events:{self.region}:{ACCOUNT}:rule/{task.name}"],
            "detail": {},
        }

    # --- the loop ------------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Poll and run schedules until ``stop`` is set (each poll waits up to ``wait_seconds``)."""
        while not stop.is_set():
            self.run_due_schedules()
            try:
                self.poll_queues_once()
            except Exception as exc:  # e.g. moto restarting: keep the loop alive
                self._echo(f"[worker] polling failed: {type(exc).__name__}: {exc}")
                stop.wait(self.wait_seconds)
            if not self.consumers:
                stop.wait(self.wait_seconds)

    def describe(self) -> str:
        lines = [f"  queue {c.queue_name} -> {c.name} (batch {c.batch_size})" for c in self.consumers]
        lines += [f"  schedule {t.name}: {t.expression}, next {t.next_run:%H:%M} UTC" for t in self.scheduled]
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.worker", description=__doc__)
    parser.add_argument("--project-root", type=Path, default=Path.cwd(), help="where app.py is")
    parser.add_argument("--retry-delay", type=int, default=2, help="seconds to a retry of a failed message")
    parser.add_argument("--ready-file", type=Path, help="written once the worker consumes")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.project_root.resolve()))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    worker = Worker.for_app(importlib.import_module("app"), retry_delay_seconds=args.retry_delay)
    from chalicelib.adapters import queue

    for consumer in worker.consumers:  # fail now, not later, when a queue is missing
        queue.url_of_queue(consumer.queue_name)
    print(f"[worker] ready:\n{worker.describe()}", flush=True)
    if args.ready_file:
        args.ready_file.write_text("ready\n")
    worker.run(stop)
    print("[worker] stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
