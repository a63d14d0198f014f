"""The built-in Chalice authorizer: verifies the bearer token on every non-public route.

On success the tenant, agent, role and e-mail go into the authorizer context, the only place
routes take them from (``current_principal()``).

A refused token must be answered with 401: API Gateway does that when a TOKEN authorizer raises
an error whose message is exactly ``Unauthorized``. ``chalice local`` does not emulate that, so
there (and only where ``chalice.local`` can be imported) we raise its own 401 exception.
"""

from __future__ import annotations

import json

from chalice import AuthResponse
from chalice.app import AuthRequest

from chalicelib.errors import AuthenticationError

AUTHORIZER_CACHE_SECONDS = 60


def _unauthorized() -> Exception:
    from chalicelib.services.tokens import TOKEN_INVALID_MESSAGE

    try:
        from chalice.local import NotAuthorizedError
    except ImportError:  # in Lambda: API Gateway maps this exact message to 401
        return Exception("Unauthorized")
    body = {"code": AuthenticationError.code, "message": TOKEN_INVALID_MESSAGE}
    return NotAuthorizedError(
        {"x-amzn-ErrorType": "UnauthorizedException", "Content-Type": "application/json"},
        json.dumps(body).encode(),
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
        },
    )
