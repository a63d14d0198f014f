"""Short-lived access tokens (JWT, HS256) for agents.

Claims: ``sub`` agent id, ``tid`` tenant id, ``role``, ``email``, ``iat``, ``exp``, ``jti``, and the
session: ``ver`` the agent's session version it was issued under, ``sst`` when the session began
(login; a refresh keeps it). PyJWT is imported on first use.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.domain.agent import Role
from chalicelib.domain.permissions import Principal
from chalicelib.errors import AuthenticationError

ALGORITHM = "HS256"
ISSUER = "pixi-callcenter"
LEEWAY_SECONDS = 5
TOKEN_INVALID_MESSAGE = "Die Anmeldung ist abgelaufen oder ungültig. Bitte neu anmelden."


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    token_id: str


def issue_token(
    principal: Principal, *, key: str, ttl_seconds: int, now: datetime | None = None
) -> IssuedToken:
    import jwt

    issued_at = (now or datetime.now(UTC)).replace(microsecond=0)
    expires_at = issued_at + timedelta(seconds=ttl_seconds)
    started_at = principal.session_started_at or issued_at
    token_id = uuid.uuid4().hex
    claims = {
        "iss": ISSUER,
        "sub": principal.agent_id,
        "tid": principal.tenant_id,
        "role": principal.role.value,
        "email": principal.email,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": token_id,
        "ver": principal.session_version,
        "sst": int(started_at.timestamp()),
    }
    return IssuedToken(jwt.encode(claims, key, algorithm=ALGORITHM), expires_at, token_id)


def verify_token(token: str, *, key: str) -> Principal:
    """The principal of a valid token; ``AuthenticationError`` for anything else."""
    import jwt

    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": ["sub", "tid", "role", "email", "iat", "exp", "jti", "iss", "ver", "sst"]},
        )
        return Principal(
            tenant_id=str(claims["tid"]),
            agent_id=str(claims["sub"]),
            role=Role(claims["role"]),
            email=str(claims["email"]),
            session_version=int(claims["ver"]),
            session_started_at=datetime.fromtimestamp(int(claims["sst"]), UTC),
        )
    except (jwt.PyJWTError, ValueError, KeyError, TypeError, OverflowError, OSError) as exc:
        raise AuthenticationError(TOKEN_INVALID_MESSAGE, detail=f"token rejected: {exc}") from exc
