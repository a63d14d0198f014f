"""Powertools Idempotency on DynamoDB: run an operation once per key, replay its stored result.

``idempotent(tenant_id=..., operation=..., key=..., run=...)`` runs ``run()`` the first time a key is
seen and stores its (JSON) result in ``<table_prefix>idempotency``; the same key again returns the
stored result without running it. While the first call is still running, a second one gets
``OperationInProgressError`` (409); the same key with another ``payload`` gets
``IdempotencyKeyReusedError`` (422). If ``run()`` raises, nothing is stored and the key can be used
again. Records start with the tenant (``<tenant>#<operation>#<hash>``) and expire after
``expires_after_seconds``.

Powertools is imported on first use, not with ``import app`` (cold start).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from chalicelib.adapters import aws
from chalicelib.errors import ConflictError, StorageUnavailableError, ValidationError
from chalicelib.settings import get_settings

KEY_ATTRIBUTE = "id"
EXPIRY_ATTRIBUTE = "expiration"
"""Powertools' expiry attribute (epoch seconds); DynamoDB removes expired records by TTL."""
IN_PROGRESS_SECONDS = 60
"""After this long an unfinished call (a crashed process) no longer blocks its key: twice the
Lambda timeout."""

Result = TypeVar("Result")


class OperationInProgressError(ConflictError):
    code = "operation_in_progress"
    default_message = "Dieser Vorgang läuft bereits. Bitte warten Sie einen Moment und laden Sie dann neu."


class IdempotencyKeyReusedError(ValidationError):
    status = 422
    code = "idempotency_key_reused"
    default_message = "Dieser Idempotency-Key wurde schon für eine andere Anfrage verwendet."


class _InProgressDeadline:
    """Stands in for the Lambda context: Powertools asks it how long an in-progress record holds."""

    def get_remaining_time_in_millis(self) -> int:
        return IN_PROGRESS_SECONDS * 1000


def idempotent(
    *,
    tenant_id: str,
    operation: str,
    key: str,
    run: Callable[[], Result],
    payload: Mapping[str, Any] | None = None,
    expires_after_seconds: int = 24 * 3600,
) -> Result:
    """Run ``run()`` once for (tenant, operation, key); later calls return its stored result.

    ``run()`` must return JSON (a dict, list, str, number); ``payload`` (JSON) is compared on every
    later call with the same key.
    """
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="payload",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=expires_after_seconds,
        lambda_context=_InProgressDeadline(),  # type: ignore[arg-type]
    )
    # A layer per call: Powertools keeps the key prefix on the layer, so a shared one would mix the
    # prefixes of concurrent calls. The DynamoDB client is the shared one.
    persistence = DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table_name,
        key_attr=KEY_ATTRIBUTE,
        expiry_attr=EXPIRY_ATTRIBUTE,
        boto3_client=aws.client("dynamodb"),
    )

    @idempotent_function(
        data_keyword_argument="request",
        persistence_store=persistence,
        config=config,
        key_prefix=f"{tenant_id}#{operation}",
    )
    def once(request: dict[str, Any]) -> Any:
        return run()

    try:
        result: Result = once(request={"key": key, "payload": dict(payload or {})})
    except IdempotencyAlreadyInProgressError as exc:
        raise OperationInProgressError(detail=f"{operation} {key!r}: {exc}") from exc
    except IdempotencyValidationError as exc:
        raise IdempotencyKeyReusedError(detail=f"{operation} {key!r}: {exc}") from exc
    except IdempotencyPersistenceLayerError as exc:
        raise StorageUnavailableError(detail=f"idempotency store: {exc}") from exc
    return result
