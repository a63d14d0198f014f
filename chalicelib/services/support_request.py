"""T1: an agent's question about a customer (and an order) goes by e-mail to the tenant's support
address, from the tenant's proven sender (or the platform default with the tenant's name), with the
agent as Reply-To.

The server reads the context itself from pixi (cached reads). The page also sends what it shows
about the customer and the order: used only while pixi cannot be asked (down, slow, refusing), so
the agent can still send; the mail then says the context is not verified against pixi. The attempt
is recorded in the audit trail (``ok`` or ``failed``) as part of the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.audit import AuditAction, CustomerRef, EventKind, Outcome, excerpt
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language, OutgoingMail
from chalicelib.domain.order import Order
from chalicelib.domain.permissions import Principal
from chalicelib.domain.support_request import (
    MAIL_FAILED_MESSAGE,
    Readiness,
    ShownContext,
    SupportContext,
    clean_message,
    header_text,
    mail_address,
    readiness,
    support_context,
    template_values,
    unverified_context,
)
from chalicelib.domain.tenant import ConnectionRef, Tenant
from chalicelib.errors import AppError, MailNotSentError, NotFoundError, PixiError
from chalicelib.log import logger
from chalicelib.services import audit
from chalicelib.services.email_identity import SupportMailRoute, support_mail_route
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
    verified: bool = True


def _tenant(tenant_id: str) -> Tenant:
    tenant = adapters().tenants.get(tenant_id)
    if tenant is None:
        raise NotFoundError(detail=f"tenant {tenant_id} missing")
    return tenant


def _readiness_of(route: SupportMailRoute) -> Readiness:
    """Ready when the tenant has a proven support address and a sender it may use (its own proven,
    SES-verified one, or the platform default): see ``email_identity.support_mail_route``."""
    return readiness(
        support_address=route.to or "",
        sender_address=route.sender.address if route.sender else "",
        sender_verified=route.sender is not None,
    )


def support_readiness(principal: Principal) -> Readiness:
    """Can this tenant send support requests, and if not, what must an admin set up?"""
    return _readiness_of(support_mail_route(_tenant(principal.tenant_id)))


def _load_context(connection: ConnectionRef, customer_key: int, order_number: int | None) -> SupportContext:
    pixi = tenant_pixi(connection)
    if order_number is None:
        return support_context(pixi.customer_profile(customer_key), None)
    number = order_number

    def order() -> Order:
        return pixi.order(number)

    customer, found = run_concurrently(lambda: pixi.customer_profile(customer_key), order)
    return support_context(customer, found)


def _context(
    connection: ConnectionRef, customer_key: int, order_number: int | None, shown: ShownContext | None
) -> SupportContext:
    """From pixi; while pixi cannot be asked, from what the page showed (not verified)."""
    try:
        return _load_context(connection, customer_key, order_number)
    except PixiError as exc:
        if shown is None:
            raise
        logger.warning("support request without pixi: the page's context is sent, not verified",
                       extra={"code": exc.code, "customer_key": customer_key, "order_number": order_number})
        return unverified_context(customer_key, order_number, shown)


def send_support_request(
    principal: Principal,
    connection: ConnectionRef,
    *,
    customer_key: int,
    order_number: int | None,
    message: str,
    language: Language = DEFAULT_LANGUAGE,
    shown: ShownContext | None = None,
) -> SentSupportRequest:
    """Validate, check the setup, read the context from pixi over ``connection`` (one of the
    principal's tenant), send, record.

    400 ``fields.message`` (empty, too long), 409 ``setup_required``,
    404 (no such customer, or the order is another customer's), 502 ``mail_not_sent``; a pixi
    error only when the page sent no ``shown`` context."""
    text = clean_message(message)
    reply_to = mail_address(principal.email, "reply_to")
    tenant = _tenant(principal.tenant_id)
    route = support_mail_route(tenant)
    _readiness_of(route).require()
    assert route.sender is not None and route.to is not None  # require() says so
    to = mail_address(route.to, "support_address")
    sender = mail_address(route.sender.address, "sender_address")
    customer = CustomerRef(customer_key, connection_id=connection.connection_id)
    details: dict[str, object] = {"to": to, "message_excerpt": excerpt(text), "message_length": len(text)}
    try:
        context = _context(connection, customer_key, order_number, shown)
        if not context.verified:
            details["verified_against_pixi"] = False
        customer = CustomerRef(context.customer_key, context.customer_number, context.customer_name,
                               connection.connection_id)
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
                sender=sender, sender_name=route.sender.display_name, to=(to,), reply_to=(reply_to,),
                subject=subject, html=mail.html, text=mail.text,
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
        message_id=message_id, sent_at=event.at, to=to, subject=subject, event_id=event.event_id,
        verified=context.verified,
    )
