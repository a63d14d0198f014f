"""The built-in Chalice authorizer: verifies the bearer token on every non-public route.

On success the tenant, agent, role, e-mail and the token's session (version, start) go into the
authorizer context, the only place routes take them from (``current_principal()``).

Whether the session still holds is NOT decided here but in the request path
(``services.auth.require_live_session``, run by every non-public route of ``api.openapi.endpoint``):
API Gateway caches this authorizer's answer per token for ``AUTHORIZER_CACHE_SECONDS`` and that
cache cannot be emptied when an agent is disabled. Verifying the signature is safe to cache (a
token's claims never change); the comparison with the stored agent runs in the API function
through a cache of a few seconds that the process making a change forgets at once. So a disabled,
demoted or reset agent is refused within seconds on every route, the 401 carries our error codes
(``session_expired``), and no request pays for an extra authorizer invocation (TTL 0 would).

A refused token must be answered with 401: API Gateway does that when a TOKEN authorizer raises
an error whose message is exactly ``Unauthorized``. ``chalice local`` does not emulate that, so
there (and only where ``chalice.local`` can be imported) we raise its own 401 exception.

Every error answer has the API's shape (``code``, ``message``, ``request_id``), also those the
gateway gives before any of our code runs (no ``Authorization`` header, an unknown route): in AWS
the GatewayResponses of ``infra/web.yaml``, locally (``chalice local`` and ``chalice.test``)
``answer_gateway_refusals_in_our_shape``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalice import AuthResponse
from chalice.app import AuthRequest

from chalicelib.errors import AppError, AuthenticationError, NotFoundError, PermissionDeniedError

AUTHORIZER_CACHE_SECONDS = 60
_GATEWAY_CODES: dict[int, type[AppError]] = {
    401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
}


def _gateway_body(status: int, request_id: str) -> bytes:
    """The body of an error the gateway answers itself, as ``infra/web.yaml`` words it."""
    from chalicelib.services.tokens import TOKEN_INVALID_MESSAGE

    error = _GATEWAY_CODES.get(status, AppError)()
    message = TOKEN_INVALID_MESSAGE if status == 401 else error.message
    return json.dumps({"code": error.code, "message": message, "request_id": request_id}).encode()


def answer_gateway_refusals_in_our_shape() -> None:
    """Make the local gateway (``chalice local``, ``chalice.test``) answer its own refusals, such as
    a request without ``Authorization`` header, in the API's error shape, as API Gateway does with
    the GatewayResponses. Does nothing where ``chalice.local`` is not installed (Lambda)."""
    try:
        from chalice import local
    except ImportError:
        return
    gateway: Any = local.LocalGateway
    if getattr(gateway.handle_request, "answers_in_our_shape", False):
        return
    original = gateway.handle_request

    def handle_request(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except local.LocalGatewayException as exc:
            body = exc.body if isinstance(exc.body, bytes) else b""
            if b'"code"' in body and b'"request_id"' in body:
                raise
            request_id = str(exc.headers.get("x-amzn-RequestId") or uuid.uuid4().hex)
            headers = {**exc.headers, "Content-Type": "application/json"}
            raise type(exc)(headers, _gateway_body(exc.CODE, request_id)) from None

    handle_request.answers_in_our_shape = True  # type: ignore[attr-defined]
    gateway.handle_request = handle_request


def _unauthorized() -> Exception:
    try:
        from chalice.local import NotAuthorizedError
    except ImportError:  # in Lambda: API Gateway maps this exact message to 401
        return Exception("Unauthorized")
    return NotAuthorizedError(
        {"x-amzn-ErrorType": "UnauthorizedException", "Content-Type": "application/json"},
        _gateway_body(401, uuid.uuid4().hex),
    )


def token_authorizer(auth_request: AuthRequest) -> AuthResponse:
    """Registered in ``app.py`` with ``app.authorizer(ttl_seconds=AUTHORIZER_CACHE_SECONDS)``."""
    from chalicelib.log import logger
    from chalicelib.services.auth import authenticate_token

    scheme, _, token = (auth_request.token or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized()
    try:
        principal = authenticate_token(token.strip())
    except AuthenticationError as exc:
        logger.info("token refused", extra={"detail": exc.detail})
        raise _unauthorized() from None
    return AuthResponse(
        routes=["*"],
        principal_id=principal.agent_id,
        context={
            "tenant_id": principal.tenant_id,
            "agent_id": principal.agent_id,
            "role": principal.role.value,
            "email": principal.email,
            "session_version": str(principal.session_version),
            "session_started_at": str(
                int(principal.session_started_at.timestamp()) if principal.session_started_at else 0
            ),
        },
    )
