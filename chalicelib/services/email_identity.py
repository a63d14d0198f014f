"""The tenant's e-mail identity (admins): where support requests go and the sender they come from.

A tenant sends only from an address SES has verified; the verification state is read live.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.agent import normalize_email
from chalicelib.domain.mail import SenderState
from chalicelib.domain.permissions import Principal
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.tenants import tenant_of
from chalicelib.services.wiring import adapters


@dataclass(frozen=True)
class EmailIdentity:
    support_address: str
    sender_address: str
    sender_state: SenderState


def email_identity(tenant_id: str) -> EmailIdentity:
    """Support address, sender and the sender's live verification state in SES."""
    tenant = tenant_of(tenant_id)
    state = (
        adapters().mailer.sender_state(tenant.sender_address)
        if tenant.sender_address
        else SenderState.NOT_STARTED
    )
    return EmailIdentity(
        support_address=tenant.support_address, sender_address=tenant.sender_address, sender_state=state
    )


def set_support_address(principal: Principal, address: str) -> EmailIdentity:
    address = normalize_email(address)
    adapters().tenants.update_settings(principal.tenant_id, support_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.support_address_set", {"support_address": address}
    )
    return email_identity(principal.tenant_id)


def start_sender_verification(principal: Principal, address: str) -> EmailIdentity:
    """Save the sender and ask SES to verify it (SES mails a confirmation link to that address)."""
    address = normalize_email(address)
    deps = adapters()
    deps.mailer.start_sender_verification(address)
    deps.tenants.update_settings(principal.tenant_id, sender_address=address)
    record_admin_action(
        principal.tenant_id, principal, "email.sender_verification_started", {"sender_address": address}
    )
    return email_identity(principal.tenant_id)
