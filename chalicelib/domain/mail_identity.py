"""Which addresses a tenant may send from and send support mail to (issue 15).

SES verifies an identity for the whole AWS account, so "SES says verified" does not mean "this
tenant owns it". A tenant uses an address only when *this* tenant proved it:

- by our own link, mailed to that address and opened (:class:`AddressProof`), or
- because it is the address of one of the tenant's active agents (who proved it with the link of
  their invitation or signup).

The sender also needs SES's verification (SES refuses others). The platform's own address
(``MAIL_FROM``) is no tenant's property: a tenant may choose it only as the platform default, and
mail from it carries the tenant's name as display name.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib.domain.tenant import Tenant
from chalicelib.errors import NotFoundError

PROOF_LIFETIME = timedelta(hours=48)
PROOF_VALID_FOR = "48h"
_TOKEN_BYTES = 32

PROOF_INVALID_MESSAGE = "Der Bestätigungslink ist abgelaufen, ersetzt oder ungültig."


class AddressRole(StrEnum):
    SENDER = "sender"
    SUPPORT = "support"


class AddressProofInvalidError(NotFoundError):
    code = "link_invalid"
    default_message = PROOF_INVALID_MESSAGE


@dataclass(frozen=True)
class AddressProof:
    """A link mailed to ``address``; only its hash is stored (on the tenant, one per role)."""

    tenant_id: str
    role: AddressRole
    address: str
    token_hash: str
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class IssuedProof:
    token: str
    """Goes into the mail only: ``<tenant_id>.<random>`` (the tenant names where the hash is kept)."""
    proof: AddressProof


def hash_proof_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_proof(tenant_id: str, role: AddressRole, address: str, *, now: datetime) -> IssuedProof:
    token = f"{tenant_id}.{secrets.token_urlsafe(_TOKEN_BYTES)}"
    proof = AddressProof(
        tenant_id=tenant_id,
        role=role,
        address=address,
        token_hash=hash_proof_token(token),
        expires_at=now + PROOF_LIFETIME,
    )
    return IssuedProof(token=token, proof=proof)


def tenant_of_token(token: str) -> str:
    """The tenant part of a proof token; ``AddressProofInvalidError`` for anything malformed."""
    tenant_id, _, secret = token.strip().partition(".")
    well_formed = (
        0 < len(tenant_id) <= 64
        and all(c.isalnum() or c in "-_" for c in tenant_id)
        and 32 <= len(secret) <= 128
        and all(c.isalnum() or c in "-_" for c in secret)
    )
    if not well_formed:
        raise AddressProofInvalidError(detail="malformed address proof token")
    return tenant_id


@dataclass(frozen=True)
class MailSender:
    """The From of a tenant's mail: an address and the display name shown with it."""

    address: str
    display_name: str


def is_platform_address(address: str, platform_address: str) -> bool:
    return address.strip().lower() == platform_address.strip().lower()


def proven(address: str, *, proven_address: str, agent_addresses: frozenset[str]) -> bool:
    """Did this tenant prove ``address`` (its own link, or one of its active agents' addresses)?"""
    address = address.strip().lower()
    return bool(address) and (address == proven_address.strip().lower() or address in agent_addresses)


def tenant_sender(
    tenant: Tenant, *, platform_address: str, sender_proven: bool, ses_verified: bool
) -> MailSender | None:
    """The sender of the tenant's support mail, or None when it has none it may use yet."""
    if is_platform_address(tenant.sender_address, platform_address):
        return MailSender(platform_address, tenant.name)
    if tenant.sender_address and sender_proven and ses_verified:
        return MailSender(tenant.sender_address, tenant.name)
    return None
