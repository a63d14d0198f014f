"""The envelope of a background job: what a queue message carries.

A job names its ``kind`` (which handler runs it), the tenant and the pixi connection it belongs to
(``None`` for platform jobs, e.g. a fan-out over every tenant), the correlation id of the request
or scheduled run that caused it, and a JSON ``payload``. A worker uses the connection stored here,
never ambient request state. Reading a message validates it: a malformed one raises
``MalformedJobError`` (the consumer fails it, so it ends in the dead-letter queue).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ValidationError

ENVELOPE_VERSION = 1
_KIND = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
_FIELDS = frozenset({"version", "kind", "tenant_id", "connection", "correlation_id", "payload"})


class MalformedJobError(ValidationError):
    """A queue message that is not a job envelope of ours (the reason says what is wrong)."""

    code = "malformed_job"
    default_message = "Die Nachricht ist kein gültiger Auftrag."


@dataclass(frozen=True)
class Job:
    kind: str
    correlation_id: str
    tenant_id: str | None = None
    connection: ConnectionRef | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _KIND.match(self.kind):
            raise MalformedJobError(detail=f"kind {self.kind!r} is not a job kind name")
        if not _CORRELATION_ID.match(self.correlation_id):
            raise MalformedJobError(detail=f"correlation_id {self.correlation_id!r} is not well-formed")
        if self.tenant_id is not None and not self.tenant_id:
            raise MalformedJobError(detail="tenant_id is empty (use null for a platform job)")
        if self.connection is not None and self.connection.tenant_id != self.tenant_id:
            raise MalformedJobError(detail="the connection belongs to another tenant than the job")

    @classmethod
    def for_connection(
        cls, kind: str, connection: ConnectionRef, *, correlation_id: str, payload: Mapping[str, Any]
    ) -> Job:
        """A job that talks to one pixi connection of one tenant."""
        return cls(kind, correlation_id, connection.tenant_id, connection, payload)

    def to_message(self) -> str:
        """The queue message body (JSON)."""
        return json.dumps(
            {
                "version": ENVELOPE_VERSION,
                "kind": self.kind,
                "tenant_id": self.tenant_id,
                "connection": self.connection.as_dict() if self.connection else None,
                "correlation_id": self.correlation_id,
                "payload": dict(self.payload),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_message(cls, body: str) -> Job:
        """Read and validate a queue message body; ``MalformedJobError`` says what is wrong."""
        try:
            data = json.loads(body)
        except (TypeError, ValueError) as exc:
            raise MalformedJobError(detail=f"not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise MalformedJobError(detail="not a JSON object")
        unknown = set(data) - _FIELDS
        if unknown:
            raise MalformedJobError(detail=f"unknown fields: {', '.join(sorted(unknown))}")
        if data.get("version") != ENVELOPE_VERSION:
            raise MalformedJobError(detail=f"envelope version {data.get('version')!r} is unknown")
        kind, correlation_id = data.get("kind"), data.get("correlation_id")
        tenant_id, connection, payload = data.get("tenant_id"), data.get("connection"), data.get("payload")
        if not isinstance(kind, str) or not isinstance(correlation_id, str):
            raise MalformedJobError(detail="kind and correlation_id must be strings")
        if tenant_id is not None and not isinstance(tenant_id, str):
            raise MalformedJobError(detail="tenant_id must be a string or null")
        if not isinstance(payload, dict):
            raise MalformedJobError(detail="payload must be a JSON object")
        return cls(kind, correlation_id, tenant_id, _connection(connection), payload)


def _connection(data: object) -> ConnectionRef | None:
    if data is None:
        return None
    if (
        not isinstance(data, dict)
        or set(data) != {"tenant_id", "connection_id"}
        or not all(isinstance(value, str) and value for value in data.values())
    ):
        raise MalformedJobError(detail="connection must be null or {tenant_id, connection_id} (strings)")
    return ConnectionRef.from_dict(data)
