"""The request being served and who sent it (set by the request middleware)."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from chalicelib.domain.agent import Role
from chalicelib.domain.permissions import Principal
from chalicelib.errors import AuthenticationError

current_request_var: ContextVar[Any] = ContextVar("current_request", default=None)
correlation_id_var: ContextVar[str] = ContextVar("correlation_id", default="")


def correlation_id() -> str:
    return correlation_id_var.get()


def client_ip() -> str:
    """The caller's address as API Gateway saw it (never a header the caller could set)."""
    request = current_request_var.get()
    identity = (getattr(request, "context", None) or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def authorizer_context(request: Any) -> dict[str, Any]:
    context = getattr(request, "context", None) or {}
    authorizer = context.get("authorizer") or {}
    return authorizer if isinstance(authorizer, dict) else {}


def current_principal() -> Principal:
    """The signed-in agent, ONLY from what the authorizer verified (never body, path or query)."""
    auth = authorizer_context(current_request_var.get())
    try:
        return Principal(
            tenant_id=str(auth["tenant_id"]),
            agent_id=str(auth["agent_id"]),
            role=Role(auth["role"]),
            email=str(auth["email"]),
            session_version=int(auth["session_version"]),
            session_started_at=datetime.fromtimestamp(int(auth["session_started_at"]), UTC),
        )
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise AuthenticationError(detail="route reached without authorizer context") from exc
