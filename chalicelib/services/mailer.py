"""System mails (invitation, signup verification, password reset): rendered from the templates and
sent through SES from ``MAIL_FROM``. Links point at the web page (``WEB_BASE_URL``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.domain.mail import Language, OutgoingMail
from chalicelib.log import logger
from chalicelib.services.mail_templates import MailKind, render_mail
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings


def page_link(route: str, token: str | None = None) -> str:
    """A link into the single-page app, e.g. ``<WEB_BASE_URL>/#/invitation?token=...``."""
    base = get_settings().web_base_url.rstrip("/")
    link = f"{base}/#/{route}"
    return f"{link}?token={quote(token, safe='')}" if token is not None else link


def send_system_mail(to: str, kind: MailKind, language: Language, **context: Any) -> str:
    """Render and send; returns SES's message id (``MailNotSentError`` when SES refuses)."""
    mail = render_mail(kind, language, **context)
    message_id = adapters().mailer.send(
        OutgoingMail(
            sender=get_settings().mail_from, to=(to,), subject=mail.subject, html=mail.html, text=mail.text
        )
    )
    logger.info("mail sent", extra={"mail_kind": kind.value, "message_id": message_id})
    return message_id
