"""Links sent by mail (invitation, signup verification, password reset): random, single use,
expiring, stored only as a sha256 hash.

The token is ``secrets.token_urlsafe(32)`` (32 random bytes); only ``hash_link_token(token)`` is
ever stored. The agent record keeps the hash of its one current link per purpose, so issuing a new
link (resend) makes the old one stop working, and using a link clears it (single use).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib.domain.mail import Language
from chalicelib.errors import NotFoundError

TOKEN_BYTES = 32


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    VERIFICATION = "verification"
    PASSWORD_RESET = "password_reset"


LIFETIMES: dict[LinkPurpose, timedelta] = {
    LinkPurpose.INVITATION: timedelta(days=7),
    LinkPurpose.VERIFICATION: timedelta(hours=48),
    LinkPurpose.PASSWORD_RESET: timedelta(hours=1),
}

LINK_INVALID_MESSAGE = "Der Link ist abgelaufen oder ungültig."


class LinkInvalidError(NotFoundError):
    """The link is unknown, used, replaced by a newer one, or expired."""

    code = "link_invalid"
    default_message = LINK_INVALID_MESSAGE


@dataclass(frozen=True)
class LinkToken:
    """What the store knows about a link: never the token itself."""

    token_hash: str
    purpose: LinkPurpose
    tenant_id: str
    agent_id: str
    email: str
    language: Language
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class LinkUse:
    """What using a link changes besides clearing it (in the same transaction)."""

    password_hash: str | None = None
    """A new password (invitation accepted, password reset)."""
    name: str | None = None
    activate_agent: bool = False
    """The agent becomes active and no longer expires (invitation accepted, signup verified)."""
    lift_lock: bool = False
    """Failed logins and a login lock are reset."""
    activate_tenant: bool = False
    """Signup verification: the pending tenant becomes active, its expiry is removed."""


@dataclass(frozen=True)
class IssuedLink:
    token: str
    """Goes into the mail only."""
    record: LinkToken


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    purpose: LinkPurpose, *, tenant_id: str, agent_id: str, email: str, language: Language, now: datetime
) -> IssuedLink:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    record = LinkToken(
        token_hash=hash_link_token(token),
        purpose=purpose,
        tenant_id=tenant_id,
        agent_id=agent_id,
        email=email,
        language=language,
        expires_at=now + LIFETIMES[purpose],
    )
    return IssuedLink(token=token, record=record)


def looks_like_token(token: str) -> bool:
    """Cheap shape check before any lookup (url-safe base64 of 32 bytes is 43 characters)."""
    return 32 <= len(token) <= 128 and all(c.isalnum() or c in "-_" for c in token)
