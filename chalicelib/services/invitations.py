"""T2 invitations and password reset by mail.

An admin invites an address (unique in the whole system: the e-mail claim is written in the same
DynamoDB transaction as the invited agent), the mail links to the page where the agent sets a
password and is logged in. Resending issues a new link (the old one stops working), revoking
deletes the invited agent and frees the address.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.link_token import LinkPurpose, LinkUse
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language, normalise_address
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Tenant
from chalicelib.errors import ConflictError, NotFoundError
from chalicelib.log import logger
from chalicelib.services import auth, passwords, rate_limit
from chalicelib.services.links import issue_for, valid_link
from chalicelib.services.mail_templates import MailKind
from chalicelib.services.mailer import page_link, send_system_mail
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.signup import check_password
from chalicelib.services.steady_answer import steady_answer
from chalicelib.services.wiring import adapters

NOT_INVITED_MESSAGE = "Dieser Agent hat keine offene Einladung (mehr)."
PASSWORD_RESET_ACCEPTED_MESSAGE = (
    "Wenn es zu dieser E-Mail-Adresse ein Konto gibt, haben wir Ihnen eine E-Mail mit einem Link geschickt."
)
_VALID_FOR = {
    (LinkPurpose.INVITATION, Language.DE): "7 Tage",
    (LinkPurpose.INVITATION, Language.EN): "7 days",
    (LinkPurpose.PASSWORD_RESET, Language.DE): "1 Stunde",
    (LinkPurpose.PASSWORD_RESET, Language.EN): "1 hour",
}


@dataclass(frozen=True)
class InvitationInfo:
    tenant_name: str
    email: str
    name: str
    expires_at: datetime


def team_agent(tenant_id: str, agent_id: str) -> Agent:
    """An agent of this tenant; ``NotFoundError`` for any other id (also another tenant's)."""
    agent = adapters().agents.get(tenant_id, agent_id)
    if agent is None:
        raise NotFoundError("Diesen Agenten gibt es in diesem Konto nicht.", detail=f"agent {agent_id}")
    return agent


def _tenant(tenant_id: str) -> Tenant:
    tenant = adapters().tenants.get(tenant_id)
    if tenant is None:
        raise NotFoundError(detail=f"tenant {tenant_id} missing")
    return tenant


def _send_invitation(agent: Agent, inviter: str, language: Language) -> None:
    token = issue_for(agent, LinkPurpose.INVITATION, language)
    send_system_mail(
        agent.email,
        MailKind.INVITATION,
        language,
        name=agent.name,
        inviter=inviter,
        tenant_name=_tenant(agent.tenant_id).name,
        link=page_link("invitation", token),
        valid_for=_VALID_FOR[(LinkPurpose.INVITATION, language)],
    )


def _inviter(principal: Principal) -> str:
    admin = adapters().agents.get(principal.tenant_id, principal.agent_id)
    return admin.name if admin is not None and admin.name else principal.email


def invite(principal: Principal, *, email: str, name: str, role: Role, language: Language) -> Agent:
    """Invite an address into the admin's tenant; 400 (``fields.email``) for an address mail cannot
    go to (checked before anything is stored), 409 when it is used anywhere."""
    address = normalise_address(email)
    deps = adapters()
    agent = Agent(
        tenant_id=principal.tenant_id,
        agent_id=uuid.uuid4().hex,
        email=address,
        name=name.strip(),
        role=role,
        state=AgentState.INVITED,
        created_at=deps.now(),
    )
    deps.agents.create(agent)
    record_admin_action(
        principal.tenant_id,
        principal,
        "agent.invited",
        {"agent_id": agent.agent_id, "email": agent.email, "role": role.value},
    )
    _send_invitation(agent, _inviter(principal), language)
    return agent


def resend_invitation(principal: Principal, agent_id: str, language: Language | None = None) -> Agent:
    """A new link by mail; the previous link stops working."""
    agent = team_agent(principal.tenant_id, agent_id)
    if agent.state is not AgentState.INVITED:
        raise ConflictError(NOT_INVITED_MESSAGE, detail=f"agent {agent_id} is {agent.state}")
    if language is None:
        current = adapters().link_tokens.current_of(agent.tenant_id, agent.agent_id, LinkPurpose.INVITATION)
        language = current.language if current is not None else DEFAULT_LANGUAGE
    _send_invitation(agent, _inviter(principal), language)
    record_admin_action(
        principal.tenant_id,
        principal,
        "agent.invitation_resent",
        {"agent_id": agent.agent_id, "email": agent.email},
    )
    return agent


def revoke_invitation(principal: Principal, agent_id: str) -> None:
    """Delete the invited agent; its link stops working and the address is free again."""
    agent = team_agent(principal.tenant_id, agent_id)
    if agent.state is not AgentState.INVITED:
        raise ConflictError(NOT_INVITED_MESSAGE, detail=f"agent {agent_id} is {agent.state}")
    adapters().agents.remove_invited(agent)
    auth.forget_session_state(agent.tenant_id, agent.agent_id)
    record_admin_action(
        principal.tenant_id,
        principal,
        "agent.invitation_revoked",
        {"agent_id": agent.agent_id, "email": agent.email},
    )


def invitation_info(token: str) -> InvitationInfo:
    """What the invitation page shows before the password is set."""
    record = valid_link(token, LinkPurpose.INVITATION)
    agent = team_agent(record.tenant_id, record.agent_id)
    return InvitationInfo(
        tenant_name=_tenant(record.tenant_id).name,
        email=record.email,
        name=agent.name,
        expires_at=record.expires_at,
    )


def accept_invitation(token: str, *, password: str, name: str | None = None) -> auth.Session:
    """Set the password, activate the agent (single use) and log it in."""
    check_password(password)
    record = valid_link(token, LinkPurpose.INVITATION)
    password_hash = passwords.hash_password(password)
    adapters().link_tokens.use(
        record,
        LinkUse(
            password_hash=password_hash,
            name=(name or "").strip() or None,
            activate_agent=True,
            lift_lock=True,
        ),
    )
    logger.info("invitation accepted", extra={"tenant_id": record.tenant_id, "agent_id": record.agent_id})
    return auth.start_session(record.tenant_id, record.agent_id)


# --- password reset ---------------------------------------------------------------------------


def request_password_reset(email: str, *, client_ip: str, language: Language = DEFAULT_LANGUAGE) -> None:
    """Mail a reset link to an active agent of an active tenant; the answer is the same for every
    address, also in its time (only the owner of the mailbox learns whether there is an account)."""
    address = normalise_address(email)
    rate_limit.count_per_address_and_ip(
        rate_limit.PASSWORD_RESET_PER_IP,
        rate_limit.PASSWORD_RESET_PER_EMAIL,
        email=address,
        client_ip=client_ip,
    )
    with steady_answer():
        _send_password_reset(address, language)


def _send_password_reset(address: str, language: Language) -> None:
    deps = adapters()
    agent = deps.agents.find_by_email(address)
    tenant = deps.tenants.get(agent.tenant_id) if agent is not None else None
    if agent is None or tenant is None or not tenant.is_active or agent.state is not AgentState.ACTIVE:
        logger.info("password reset for no active account")
        return
    token = issue_for(agent, LinkPurpose.PASSWORD_RESET, language)
    send_system_mail(
        agent.email,
        MailKind.PASSWORD_RESET,
        language,
        name=agent.name,
        tenant_name=tenant.name,
        link=page_link("password-reset", token),
        valid_for=_VALID_FOR[(LinkPurpose.PASSWORD_RESET, language)],
    )
    logger.info("password reset sent", extra={"tenant_id": agent.tenant_id, "agent_id": agent.agent_id})


def confirm_password_reset(token: str, password: str) -> None:
    """Set the new password (single use); it ends every session of the old one and lifts a
    login lock."""
    check_password(password)
    record = valid_link(token, LinkPurpose.PASSWORD_RESET)
    adapters().link_tokens.use(
        record, LinkUse(password_hash=passwords.hash_password(password), lift_lock=True)
    )
    auth.forget_session_state(record.tenant_id, record.agent_id)
    logger.info("password reset", extra={"tenant_id": record.tenant_id, "agent_id": record.agent_id})
