"""Links sent by mail: issue one for an agent, and check one that comes back."""

from __future__ import annotations

from chalicelib.domain.agent import Agent
from chalicelib.domain.link_token import (
    LinkInvalidError,
    LinkPurpose,
    LinkToken,
    hash_link_token,
    issue_link,
    looks_like_token,
)
from chalicelib.domain.mail import Language
from chalicelib.services.wiring import adapters


def issue_for(agent: Agent, purpose: LinkPurpose, language: Language) -> str:
    """A new link for the agent (its previous one of this purpose stops working); the token."""
    deps = adapters()
    issued = issue_link(
        purpose,
        tenant_id=agent.tenant_id,
        agent_id=agent.agent_id,
        email=agent.email,
        language=language,
        now=deps.now(),
    )
    deps.link_tokens.issue(issued.record)
    return issued.token


def valid_link(token: str, purpose: LinkPurpose) -> LinkToken:
    """The stored link of ``token``; ``LinkInvalidError`` when unknown, used, replaced or expired."""
    token = token.strip()
    if not looks_like_token(token):
        raise LinkInvalidError(detail="malformed token")
    deps = adapters()
    record = deps.link_tokens.find_current(hash_link_token(token))
    if record is None or record.purpose is not purpose:
        raise LinkInvalidError(detail=f"{purpose} link unknown, used or replaced")
    if record.is_expired(deps.now()):
        raise LinkInvalidError(detail=f"{purpose} link expired at {record.expires_at.isoformat()}")
    return record
