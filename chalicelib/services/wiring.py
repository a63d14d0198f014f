"""The one place where adapters are wired. Tests swap them with ``use_adapters``.

Built lazily on first use, so importing ``app.py`` does not import PynamoDB, boto3 or zeep.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.adapters.dynamo.repositories import (
        AgentRepository,
        PixiConnectionRepository,
        TenantRepository,
    )
    from chalicelib.adapters.pixi import PixiClient, PixiConnection
    from chalicelib.adapters.secrets import SecretStore


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Adapters:
    tenants: TenantRepository
    agents: AgentRepository
    connections: PixiConnectionRepository
    secrets: SecretStore
    pixi_client_for: Callable[[PixiConnection], PixiClient]
    now: Callable[[], datetime] = _utc_now


_adapters: Adapters | None = None
_lock = threading.Lock()


def _real_pixi_client_for(connection: PixiConnection) -> PixiClient:
    from chalicelib.adapters.pixi import pixi_client_for

    return pixi_client_for(connection)


def build_adapters() -> Adapters:
    from chalicelib.adapters.dynamo.repositories import (
        AgentRepository,
        PixiConnectionRepository,
        TenantRepository,
    )
    from chalicelib.adapters.secrets import SecretStore

    return Adapters(
        tenants=TenantRepository(),
        agents=AgentRepository(),
        connections=PixiConnectionRepository(),
        secrets=SecretStore(ttl_seconds=get_settings().secret_cache_seconds),
        pixi_client_for=_real_pixi_client_for,
    )


def adapters() -> Adapters:
    global _adapters
    if _adapters is None:
        with _lock:
            if _adapters is None:
                _adapters = build_adapters()
    return _adapters


def use_adapters(replacement: Adapters | None) -> None:
    """Swap the adapters (tests); ``None`` rebuilds the real ones on next use."""
    global _adapters
    from chalicelib.services.pixi_connection import forget_connections

    with _lock:
        _adapters = replacement
    forget_connections()
