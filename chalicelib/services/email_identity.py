"""The tenant's e-mail identity (admins): where support requests go and the sender they come from.

A tenant sends only from an address it has proven to own and SES has verified, and sends support
mail only to a support address it has proven (:mod:`chalicelib.domain.mail_identity`): a new
address gets a confirmation link mailed to it; the addresses of the tenant's own active agents
count as proven (their invitation or signup link went there). The platform's address is only the
platform default, shown with the tenant's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.agent import AgentState
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language, SenderState, normalise_address
from chalicelib.domain.mail_identity import (
    PROOF_VALID_FOR,
    AddressProofInvalidError,
    AddressRole,
    MailSender,
    hash_proof_token,
    is_platform_address,
    issue_proof,
    proven,
    tenant_of_token,
    tenant_sender,
)
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Tenant
from chalicelib.log import logger
from chalicelib.services.mail_templates import VALID_FOR, MailKind
from chalicelib.services.mailer import page_link, send_system_mail
from chalicelib.services.settings_audit import record_admin_action, system_actor
from chalicelib.services.tenants import tenant_of
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

CONFIRM_ROUTE = "confirm-address"
_ROLE_TEXT = {
    (AddressRole.SENDER, Language.DE): "Absenderadresse",
    (AddressRole.SENDER, Language.EN): "sender address",
    (AddressRole.SUPPORT, Language.DE): "Support-Adresse",
    (AddressRole.SUPPORT, Language.EN): "support address",
}
_FIELD = {AddressRole.SENDER: "sender_address", AddressRole.SUPPORT: "support_address"}


@dataclass(frozen=True)
class EmailIdentity:
    support_address: str
    sender_address: str
    sender_state: SenderState
    """SES's live verification state of the sender (the platform default counts as verified)."""
    support_confirmed: bool
    """This tenant proved it owns the support address."""
    sender_confirmed: bool
    """This tenant proved it owns the sender address (always for the platform default)."""


@dataclass(frozen=True)
class SupportMailRoute:
    """Where a tenant's support mail may go and from whom; None where it has none it may use."""

    sender: MailSender | None
    to: str | None


@dataclass(frozen=True)
class ConfirmedAddress:
    tenant_name: str
    role: AddressRole
    address: str


def _agent_addresses(tenant_id: str) -> frozenset[str]:
    return frozenset(
        a.email.lower() for a in adapters().agents.list_for_tenant(tenant_id) if a.state is AgentState.ACTIVE
    )


def _platform_address() -> str:
    return get_settings().mail_from


def _confirmed(tenant: Tenant, agents: frozenset[str]) -> tuple[bool, bool]:
    """(support confirmed, sender confirmed) of ``tenant``."""
    support = proven(tenant.support_address, proven_address=tenant.support_proven, agent_addresses=agents)
    sender = is_platform_address(tenant.sender_address, _platform_address()) or proven(
        tenant.sender_address, proven_address=tenant.sender_proven, agent_addresses=agents
    )
    return support, sender


def _ses_state(address: str) -> SenderState:
    if not address:
        return SenderState.NOT_STARTED
    if is_platform_address(address, _platform_address()):
        return SenderState.VERIFIED
    return adapters().mailer.sender_state(address)


def email_identity(tenant_id: str) -> EmailIdentity:
    """Support address, sender, the sender's live SES state and what this tenant has proven."""
    tenant = tenant_of(tenant_id)
    support_confirmed, sender_confirmed = _confirmed(tenant, _agent_addresses(tenant_id))
    return EmailIdentity(
        support_address=tenant.support_address,
        sender_address=tenant.sender_address,
        sender_state=_ses_state(tenant.sender_address),
        support_confirmed=support_confirmed,
        sender_confirmed=sender_confirmed,
    )


def support_mail_route(tenant: Tenant) -> SupportMailRoute:
    """The sender and recipient a support request of ``tenant`` may use right now."""
    support_confirmed, sender_confirmed = _confirmed(tenant, _agent_addresses(tenant.tenant_id))
    sender = tenant_sender(
        tenant,
        platform_address=_platform_address(),
        sender_proven=sender_confirmed,
        ses_verified=sender_confirmed and _ses_state(tenant.sender_address) is SenderState.VERIFIED,
    )
    return SupportMailRoute(sender=sender, to=tenant.support_address if support_confirmed else None)


def _ask_for_proof(tenant: Tenant, role: AddressRole, address: str, language: Language) -> None:
    """Mail a confirmation link to ``address`` unless this tenant has proven it already."""
    proven_address = tenant.sender_proven if role is AddressRole.SENDER else tenant.support_proven
    if proven(address, proven_address=proven_address, agent_addresses=_agent_addresses(tenant.tenant_id)):
        return
    deps = adapters()
    issued = issue_proof(tenant.tenant_id, role, address, now=deps.now())
    deps.address_proofs.issue(issued.proof)
    send_system_mail(
        address,
        MailKind.ADDRESS_CONFIRMATION,
        language,
        tenant_name=tenant.name,
        address=address,
        role_text=_ROLE_TEXT[(role, language)],
        link=page_link(CONFIRM_ROUTE, issued.token),
        valid_for=VALID_FOR[(PROOF_VALID_FOR, language)],
    )


def set_support_address(
    principal: Principal, address: str, language: Language = DEFAULT_LANGUAGE
) -> EmailIdentity:
    """Save the support address; support mail goes there once this tenant has proven it (a link is
    mailed to a new address)."""
    address = normalise_address(address, field="support_address")
    adapters().tenants.update_settings(principal.tenant_id, support_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.support_address_set", {"support_address": address}
    )
    _ask_for_proof(tenant_of(principal.tenant_id), AddressRole.SUPPORT, address, language)
    return email_identity(principal.tenant_id)


def start_sender_verification(
    principal: Principal, address: str, language: Language = DEFAULT_LANGUAGE
) -> EmailIdentity:
    """Save the sender, ask SES to verify it (SES mails its own link) and, for an address this
    tenant has not proven, mail our confirmation link too. The platform's address is the platform
    default: no verification, mail from it carries the tenant's name."""
    address = normalise_address(address, field="sender_address")
    deps = adapters()
    platform = is_platform_address(address, _platform_address())
    if not platform:
        deps.mailer.start_sender_verification(address)
    deps.tenants.update_settings(principal.tenant_id, sender_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.sender_verification_started", {"sender_address": address}
    )
    if not platform:
        _ask_for_proof(tenant_of(principal.tenant_id), AddressRole.SENDER, address, language)
    return email_identity(principal.tenant_id)


def confirm_address(token: str) -> ConfirmedAddress:
    """The link of a confirmation mail: the address becomes this tenant's proven one (once;
    ``AddressProofInvalidError`` for an unknown, used, replaced or expired link)."""
    tenant_id = tenant_of_token(token)
    deps = adapters()
    proof = deps.address_proofs.find(tenant_id, hash_proof_token(token.strip()))
    if proof is None:
        raise AddressProofInvalidError(detail="address proof unknown, used or replaced")
    if proof.is_expired(deps.now()):
        raise AddressProofInvalidError(detail=f"address proof expired at {proof.expires_at.isoformat()}")
    deps.address_proofs.confirm(proof)
    tenant = tenant_of(tenant_id)
    record_admin_action(
        tenant_id, system_actor(tenant_id), f"email.{proof.role.value}_address_confirmed",
        {_FIELD[proof.role]: proof.address},
    )
    logger.info("mail address confirmed", extra={"role": proof.role.value})
    return ConfirmedAddress(tenant_name=tenant.name, role=proof.role, address=proof.address)
