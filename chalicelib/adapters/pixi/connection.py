"""A tenant's pixi connection settings and the result of checking them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from chalicelib.domain.reference import Shop

ConnectionProblem = Literal["unreachable", "timeout", "credentials", "not_pixi"]


@dataclass(frozen=True)
class PixiConnection:
    """Where a tenant's pixi answers (e.g. ``https://api.pixi.eu/soap/pixiXYZ/``) and how to log in."""

    endpoint: str
    username: str
    password: str = field(repr=False)
    connect_timeout: float = 3.0
    read_timeout: float = 20.0
    connection_id: str = ""
    """The stored connection's id (empty for an admin's unsaved connection test)."""
    tenant_id: str = ""
    """The tenant whose connection this is; empty only for an admin's unsaved connection test.
    It starts the key of the client cache, so tenants never share a client."""


@dataclass(frozen=True)
class ConnectionCheck:
    """Outcome of :meth:`PixiClient.check_connection`; ``message`` is German, for the admin."""

    ok: bool
    problem: ConnectionProblem | None
    message: str
    shops: list[Shop] = field(default_factory=list)
