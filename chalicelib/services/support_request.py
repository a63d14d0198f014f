"""T1: an agent's question about a customer (and an order) goes by e-mail to the tenant's support
address, from the tenant's verified sender, with the agent as Reply-To.

The server reads the context itself from pixi (cached reads); the page sends only the customer
key, the order number and the text. The attempt is recorded in the audit trail (``ok`` or
``failed``) as part of the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.audit import AuditAction, CustomerRef, EventKind, Outcome, excerpt
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language, OutgoingMail, SenderState
from chalicelib.domain.order import Order
from chalicelib.domain.permissions import Principal
from chalicelib.domain.support_request import (
    MAIL_FAILED_MESSAGE,
    Readiness,
    SupportContext,
    clean_message,
    header_text,
    mail_address,
    readiness,
    support_context,
    template_values,
)
from chalicelib.domain.tenant import ConnectionRef, Tenant
from chalicelib.errors import AppError, MailNotSentError, NotFoundError
from chalicelib.log import logger
from chalicelib.services import audit
from chalicelib.services.mail_templates import MailKind, render_mail
from chalicelib.services.pixi_cache import tenant_pixi
from chalicelib.services.wiring import adapters


@dataclass(frozen=True)
class SentSupportRequest:
    message_id: str
    sent_at: datetime
    to: str
    subject: str
    event_id: str


def _tenant(tenant_id: str) -> Tenant:
    tenant = adapters().tenants.get(tenant_id)
    if tenant is None:
        raise NotFoundError(detail=f"tenant {tenant_id} missing")
    return tenant


def _readiness_of(tenant: Tenant) -> Readiness:
    verified = bool(tenant.sender_address) and (
        adapters().mailer.sender_state(tenant.sender_address) is SenderState.VERIFIED
    )
    return readiness(
        support_address=tenant.support_address, sender_address=tenant.sender_address, sender_verified=verified
    )


def support_readiness(principal: Principal) -> Readiness:
    """Can this tenant send support requests, and if not, what must an admin set up?"""
    return _readiness_of(_tenant(principal.tenant_id))


def _load_context(connection: ConnectionRef, customer_key: int, order_number: int | None) -> SupportContext:
    pixi = tenant_pixi(connection)
    if order_number is None:
        return support_context(pixi.customer(customer_key), None)
    number = order_number

    def order() -> Order:
        return pixi.order(number)

    customer, found = run_concurrently(lambda: pixi.customer(customer_key), order)
    return support_context(customer, found)


def send_support_request(
    principal: Principal,
    connection: ConnectionRef,
    *,
    customer_key: int,
    order_number: int | None,
    message: str,
    language: Language = DEFAULT_LANGUAGE,
) -> SentSupportRequest:
    """Validate, check the setup, read the context from pixi over ``connection`` (one of the
    principal's tenant), send, record.

    400 ``fields.message`` (empty, too long), 409 ``setup_required``,
    404 (no such customer, or the order is another customer's), 502 ``mail_not_sent``."""
    text = clean_message(message)
    reply_to = mail_address(principal.email, "reply_to")
    tenant = _tenant(principal.tenant_id)
    _readiness_of(tenant).require()
    to = mail_address(tenant.support_address, "support_address")
    sender = mail_address(tenant.sender_address, "sender_address")
    customer = CustomerRef(customer_key)
    details: dict[str, object] = {"to": to, "message_excerpt": excerpt(text), "message_length": len(text)}
    try:
        context = _load_context(connection, customer_key, order_number)
        customer = CustomerRef(context.customer_key, context.customer_number, context.customer_name)
        mail = render_mail(
            MailKind.SUPPORT_REQUEST,
            language,
            **template_values(
                context, message=text, agent_email=reply_to, tenant_name=tenant.name, language=language
            ),
        )
        details["subject"] = subject = header_text(mail.subject)
        message_id = adapters().mailer.send(
            OutgoingMail(
                sender=sender, to=(to,), reply_to=(reply_to,), subject=subject, html=mail.html, text=mail.text
            )
        )
    except AppError as exc:
        audit.record_safely(
            audit.new_event(
                principal.tenant_id,
                principal,
                AuditAction.SUPPORT_REQUEST_SENT.value,
                outcome=Outcome.FAILED,
                customer=customer,
                order_number=order_number,
                details={**details, "error": exc.code},
                kind=EventKind.CUSTOMER,
            )
        )
        if isinstance(exc, MailNotSentError):
            raise MailNotSentError(MAIL_FAILED_MESSAGE, detail=exc.detail) from exc
        raise
    event = audit.new_event(
        principal.tenant_id,
        principal,
        AuditAction.SUPPORT_REQUEST_SENT.value,
        customer=customer,
        order_number=context.order_number,
        details={**details, "message_id": message_id},
        kind=EventKind.CUSTOMER,
    )
    # The mail is out: a failed audit write must not make the agent send it twice (logged loudly).
    audit.record_safely(event)
    logger.info("support request sent", extra={"message_id": message_id, "customer_key": customer_key})
    return SentSupportRequest(
        message_id=message_id, sent_at=event.at, to=to, subject=subject, event_id=event.event_id
    )
