"""Lazily created, cached boto3 clients: the one place that builds them.

boto3 is imported on first use, not at import time (cold start). Endpoints come from the settings
(``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_DYNAMODB``), so the local stack and moto need no other
switch.
"""

from __future__ import annotations

import threading
from typing import Any

from chalicelib.settings import get_settings, on_reset

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def client(service: str) -> Any:
    """A shared boto3 client for ``service`` (thread-safe to create, cached per process)."""
    found = _clients.get(service)
    if found is not None:
        return found
    with _lock:
        found = _clients.get(service)
        if found is None:
            import boto3
            from botocore.config import Config

            settings = get_settings()
            endpoint = settings.dynamodb_endpoint if service == "dynamodb" else settings.aws_endpoint_url
            found = boto3.session.Session().client(
                service,  # type: ignore[call-overload]
                region_name=settings.aws_region,
                endpoint_url=endpoint,
                config=Config(connect_timeout=3, read_timeout=10, retries={"mode": "standard"}),
            )
            _clients[service] = found
    return found


def reset_clients() -> None:
    """Forget every client (tests that switch endpoints or start a new moto mock)."""
    with _lock:
        _clients.clear()


on_reset(reset_clients)
