"""What every DynamoDB repository shares: the error translation and the datetime fix-up.

PynamoDB/botocore errors become our vocabulary: a failed condition is for the caller to name
(``condition_failed``), anything else is ``StorageUnavailableError`` (the detail goes to the log,
never to the client).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pynamodb.exceptions import PynamoDBException, TransactWriteError

from chalicelib.adapters.dynamo.models import configure_models
from chalicelib.errors import AppError, StorageUnavailableError


def condition_failed(exc: PynamoDBException) -> bool:
    """True when DynamoDB refused a write because its condition did not hold."""
    if exc.cause_response_code == "ConditionalCheckFailedException":
        return True
    if isinstance(exc, TransactWriteError) and exc.cause_response_code == "TransactionCanceledException":
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in exc.cancellation_reasons)
    return False


@contextmanager
def storage(operation: str) -> Iterator[None]:
    """Run one repository operation on the current tables; storage failures become
    ``StorageUnavailableError``, our own errors pass through."""
    configure_models()
    try:
        yield
    except AppError:
        raise
    except PynamoDBException as exc:
        raise StorageUnavailableError(
            detail=f"dynamodb {operation}: {exc.cause_response_code}: {exc.cause_response_message or exc}"
        ) from exc


def aware(value: datetime | None) -> datetime | None:
    """PynamoDB may hand back naive UTC datetimes; ours are always aware."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
