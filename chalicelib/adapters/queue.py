"""SQS work queues: send a job, and (for the local worker loop) receive, delete and retry messages.

Each work queue ``<queue_prefix><name>`` has a dead-letter queue ``…-dlq``: SQS moves a message
there after ``job_max_receive_count`` receives that did not delete it. The client is the shared,
lazily created boto3 client (``AWS_ENDPOINT_URL`` points it at moto locally); SQS errors become
``QueueUnavailableError``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from chalicelib.adapters import aws
from chalicelib.domain.job import Job
from chalicelib.errors import AppError
from chalicelib.jobs import JOBS_QUEUE
from chalicelib.settings import get_settings, on_reset

WORK_QUEUES: tuple[str, ...] = (JOBS_QUEUE,)
"""Every work queue of the app (each with its dead-letter queue)."""

MAX_DELAY_SECONDS = 900  # SQS allows at most 15 minutes
VISIBILITY_TIMEOUT_SECONDS = 180
"""How long a received message stays hidden: six times the Lambda timeout (30 s), as AWS
recommends for queues that trigger a Lambda."""


class QueueUnavailableError(AppError):
    status = 503
    code = "queue_unavailable"
    default_message = "Der Auftrag konnte nicht angenommen werden. Bitte gleich noch einmal versuchen."


@dataclass(frozen=True)
class ReceivedMessage:
    queue_url: str
    message_id: str
    receipt_handle: str
    body: str
    attributes: dict[str, str] = field(default_factory=dict)
    """SQS's system attributes (``ApproximateReceiveCount``, ``SentTimestamp``, ...)."""


_urls: dict[str, str] = {}
_lock = threading.Lock()


@contextmanager
def _translated(action: str) -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise QueueUnavailableError(detail=f"SQS {action}: {exc}") from exc


def queue_url(name: str) -> str:
    """The URL of work queue ``name``."""
    return url_of_queue(get_settings().work_queue_name(name))


def dead_letter_queue_url(name: str) -> str:
    return url_of_queue(get_settings().dead_letter_queue_name(name))


def url_of_queue(full_name: str) -> str:
    """The URL of the queue named ``full_name`` (prefix included), asked once per process."""
    found = _urls.get(full_name)
    if found is None:
        with _translated(f"get_queue_url {full_name}"):
            found = str(aws.client("sqs").get_queue_url(QueueName=full_name)["QueueUrl"])
        with _lock:
            _urls[full_name] = found
    return found


def queue_arn(url: str) -> str:
    with _translated("get_queue_attributes"):
        answer = aws.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(answer["Attributes"]["QueueArn"])


def send(job: Job, *, delay_seconds: int = 0, queue: str = JOBS_QUEUE) -> str:
    """Queue ``job``; it becomes visible after ``delay_seconds`` (0 to 900). Returns the message id."""
    if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
        raise ValueError(f"delay_seconds must be 0 to {MAX_DELAY_SECONDS}, not {delay_seconds}")
    with _translated(f"send_message to {queue}"):
        sent = aws.client("sqs").send_message(
            QueueUrl=queue_url(queue), MessageBody=job.to_message(), DelaySeconds=delay_seconds
        )
    return str(sent["MessageId"])


def receive(url: str, *, max_messages: int = 10, wait_seconds: int = 1) -> list[ReceivedMessage]:
    """Up to ``max_messages`` visible messages of the queue at ``url`` (long polling ``wait_seconds``);
    each stays hidden for ``VISIBILITY_TIMEOUT_SECONDS`` unless deleted or retried earlier."""
    with _translated("receive_message"):
        answer = aws.client("sqs").receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=max_messages,
            WaitTimeSeconds=wait_seconds,
            VisibilityTimeout=VISIBILITY_TIMEOUT_SECONDS,
            MessageSystemAttributeNames=["All"],
        )
    return [
        ReceivedMessage(
            queue_url=url,
            message_id=str(message["MessageId"]),
            receipt_handle=str(message["ReceiptHandle"]),
            body=str(message["Body"]),
            attributes={str(k): str(v) for k, v in message.get("Attributes", {}).items()},
        )
        for message in answer.get("Messages", [])
    ]


def delete(message: ReceivedMessage) -> None:
    """The message was handled: remove it from its queue."""
    with _translated("delete_message"):
        aws.client("sqs").delete_message(QueueUrl=message.queue_url, ReceiptHandle=message.receipt_handle)


def retry_later(message: ReceivedMessage, delay_seconds: int) -> None:
    """Make a failed message visible again after ``delay_seconds`` (instead of the full timeout)."""
    with _translated("change_message_visibility"):
        aws.client("sqs").change_message_visibility(
            QueueUrl=message.queue_url,
            ReceiptHandle=message.receipt_handle,
            VisibilityTimeout=delay_seconds,
        )


def create_work_queue(name: str) -> None:
    """Create work queue ``name`` and its dead-letter queue unless they exist (idempotent)."""
    settings = get_settings()
    sqs = aws.client("sqs")
    with _translated(f"create queues {name}"):
        dead_letter_url = sqs.create_queue(QueueName=settings.dead_letter_queue_name(name))["QueueUrl"]
        dead_letter_arn = queue_arn(dead_letter_url)
        attributes: dict[str, Any] = {
            "VisibilityTimeout": str(VISIBILITY_TIMEOUT_SECONDS),
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": settings.job_max_receive_count}
            ),
        }
        try:
            sqs.create_queue(QueueName=settings.work_queue_name(name), Attributes=attributes)
        except sqs.exceptions.QueueNameExists:  # created before with other attributes: bring it up to date
            sqs.set_queue_attributes(QueueUrl=queue_url(name), Attributes=attributes)


def _forget_urls() -> None:
    with _lock:
        _urls.clear()


on_reset(_forget_urls)
