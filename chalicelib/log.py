"""The one shared structured logger (Powertools ``Logger``, JSON lines).

Request middleware and background handlers append ``tenant_id``, ``agent_id``, ``connection_id`` and
``correlation_id`` for the length of a request or job (``bind_request`` / ``clear_request``), so every
line of it carries them.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger

SERVICE_NAME = "pixi-callcenter"

logger = Logger(service=SERVICE_NAME)

_REQUEST_KEYS = ("tenant_id", "agent_id", "connection_id", "correlation_id")


def bind_request(
    *,
    correlation_id: str,
    tenant_id: str | None = None,
    agent_id: str | None = None,
    connection_id: str | None = None,
) -> None:
    clear_request()
    keys = {"correlation_id": correlation_id}
    if tenant_id:
        keys["tenant_id"] = tenant_id
    if agent_id:
        keys["agent_id"] = agent_id
    if connection_id:
        keys["connection_id"] = connection_id
    logger.append_keys(**keys)


def clear_request() -> None:
    logger.remove_keys(list(_REQUEST_KEYS))
