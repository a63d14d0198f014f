"""T3 signup: a merchant creates its tenant and first admin, confirms the address, and can log in.

What the requester is told never depends on whether the address is known: a new address gets the
verification mail, an address already in use gets a mail saying so (to the owner of the mailbox,
with a link to reset the password), and a signup not verified yet gets a fresh verification link.
The answer is the same 202 in every case. Unverified signups expire after 48 hours.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.link_token import LIFETIMES, LinkPurpose, LinkUse, issue_link
from chalicelib.domain.mail import Language, normalise_address
from chalicelib.domain.password_policy import password_problem
from chalicelib.domain.tenant import BASIC_PACKAGE, Tenant, TenantStatus
from chalicelib.errors import ConflictError, EmailAlreadyRegisteredError, ValidationError
from chalicelib.log import logger
from chalicelib.services import passwords, rate_limit
from chalicelib.services.links import issue_for, valid_link
from chalicelib.services.mail_templates import MailKind
from chalicelib.services.mailer import page_link, send_system_mail
from chalicelib.services.steady_answer import steady_answer
from chalicelib.services.wiring import adapters

SIGNUP_LIFETIME = LIFETIMES[LinkPurpose.VERIFICATION]
SIGNUP_ACCEPTED_MESSAGE = (
    "Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie darin Ihre E-Mail-Adresse, "
    "dann können Sie sich anmelden."
)


@dataclass(frozen=True)
class VerifiedSignup:
    tenant_id: str
    tenant_name: str
    email: str


def check_password(password: str, field: str = "password") -> None:
    problem = password_problem(password)
    if problem is not None:
        raise ValidationError(problem, fields={field: problem})


def sign_up(
    *, company_name: str, admin_name: str, email: str, password: str, language: Language, client_ip: str
) -> None:
    """Start a signup (see the module docstring); raises only for bad input or too many attempts.
    A new and a known address take the same time (``steady_answer``)."""
    check_password(password)
    address = normalise_address(email)
    rate_limit.count_per_address_and_ip(
        rate_limit.SIGNUP_PER_IP, rate_limit.SIGNUP_PER_EMAIL, email=address, client_ip=client_ip
    )
    with steady_answer():
        _start_signup(company_name, admin_name, address, password, language)


def _start_signup(
    company_name: str, admin_name: str, address: str, password: str, language: Language
) -> None:
    deps = adapters()
    now = deps.now()
    tenant = Tenant(
        tenant_id=uuid.uuid4().hex,
        name=company_name.strip(),
        status=TenantStatus.PENDING,
        features=BASIC_PACKAGE,
        support_address=address,
        created_at=now,
    )
    admin = Agent(
        tenant_id=tenant.tenant_id,
        agent_id=uuid.uuid4().hex,
        email=address,
        name=admin_name.strip(),
        role=Role.ADMIN,
        state=AgentState.INVITED,
        password_hash=passwords.hash_password(password),
        created_at=now,
    )
    link = issue_link(
        LinkPurpose.VERIFICATION,
        tenant_id=tenant.tenant_id,
        agent_id=admin.agent_id,
        email=address,
        language=language,
        now=now,
    )
    try:
        deps.signups.create(tenant, admin, link.record, expires_at=now + SIGNUP_LIFETIME)
    except EmailAlreadyRegisteredError:
        _address_in_use(address, language)
        return
    logger.info("signup started", extra={"tenant_id": tenant.tenant_id, "agent_id": admin.agent_id})
    _send_verification(admin, tenant.name, link.token, language)


def _send_verification(admin: Agent, tenant_name: str, token: str, language: Language) -> None:
    send_system_mail(
        admin.email,
        MailKind.VERIFICATION,
        language,
        name=admin.name,
        tenant_name=tenant_name,
        link=page_link("verify", token),
        valid_for=_valid_for(language),
    )


def _valid_for(language: Language) -> str:
    return "48 Stunden" if language is Language.DE else "48 hours"


def _address_in_use(address: str, language: Language) -> None:
    """Tell the mailbox's owner, not the requester: a fresh verification link for a signup still
    waiting for it, else a note that the address has an account."""
    deps = adapters()
    existing = deps.agents.find_by_email(address)
    tenant = deps.tenants.get(existing.tenant_id) if existing is not None else None
    if existing is not None and tenant is not None and tenant.status is TenantStatus.PENDING:
        token = issue_for(existing, LinkPurpose.VERIFICATION, language)
        logger.info("signup repeated, verification sent again", extra={"tenant_id": tenant.tenant_id})
        _send_verification(existing, tenant.name, token, language)
        return
    logger.info("signup with an address in use", extra={"tenant_id": existing.tenant_id if existing else ""})
    send_system_mail(address, MailKind.ALREADY_REGISTERED, language, reset_page=page_link("password-reset"))


def verify_signup(token: str) -> VerifiedSignup:
    """Activate the tenant and its first admin (single use); then login works."""
    deps = adapters()
    record = valid_link(token, LinkPurpose.VERIFICATION)
    deps.link_tokens.use(record, LinkUse(activate_agent=True, activate_tenant=True))
    tenant = deps.tenants.get(record.tenant_id)
    logger.info("signup verified", extra={"tenant_id": record.tenant_id, "agent_id": record.agent_id})
    return VerifiedSignup(
        tenant_id=record.tenant_id, tenant_name=tenant.name if tenant else "", email=record.email
    )


def expire_unverified_signups(now: datetime | None = None) -> list[str]:
    """Remove signups not verified within 48 hours and free their e-mail addresses (run hourly by
    the scheduler; DynamoDB's TTL on the same items is the backstop). Returns the removed tenants."""
    deps = adapters()
    cutoff = (now or deps.now()) - SIGNUP_LIFETIME
    removed: list[str] = []
    for tenant_id in deps.signups.pending_created_before(cutoff):
        try:
            freed = deps.signups.remove_pending(tenant_id)
        except ConflictError:  # verified at this very moment: keep it
            continue
        removed.append(tenant_id)
        logger.info(
            "unverified signup expired", extra={"tenant_id": tenant_id, "freed_addresses": len(freed)}
        )
    return removed
