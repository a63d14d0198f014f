"""Mail texts: Jinja2 templates in ``chalicelib/templates/mail`` (German and English, HTML and text).

HTML is rendered with autoescape on, so a tenant or agent name like ``<b>`` arrives as text. The
text part is rendered without HTML escaping (it is not HTML). Jinja2 is imported on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.domain.mail import Language

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "mail"


class MailKind(StrEnum):
    INVITATION = "invitation"
    VERIFICATION = "verification"
    PASSWORD_RESET = "password_reset"
    ALREADY_REGISTERED = "already_registered"
    SUPPORT_REQUEST = "support_request"
    ADDRESS_CONFIRMATION = "address_confirmation"


SUBJECTS: dict[tuple[MailKind, Language], str] = {
    (MailKind.INVITATION, Language.DE): "Einladung: {tenant_name} in der pixi Callcenter App",
    (MailKind.INVITATION, Language.EN): "Invitation: {tenant_name} in the pixi call center app",
    (MailKind.VERIFICATION, Language.DE): "Bitte bestätigen Sie Ihre E-Mail-Adresse für {tenant_name}",
    (MailKind.VERIFICATION, Language.EN): "Please confirm your e-mail address for {tenant_name}",
    (MailKind.PASSWORD_RESET, Language.DE): "Neues Passwort für {tenant_name}",
    (MailKind.PASSWORD_RESET, Language.EN): "New password for {tenant_name}",
    (MailKind.ALREADY_REGISTERED, Language.DE): "Registrierung bei der pixi Callcenter App",
    (MailKind.ALREADY_REGISTERED, Language.EN): "Signing up for the pixi call center app",
    # order_reference: ", Auftrag 100123 (WEB-2024-000123)" or "" (domain.support_request)
    (MailKind.SUPPORT_REQUEST, Language.DE): "Support-Anfrage zu Kunde {customer_number}{order_reference}",
    (MailKind.SUPPORT_REQUEST, Language.EN): (
        "Support request about customer {customer_number}{order_reference}"
    ),
    (MailKind.ADDRESS_CONFIRMATION, Language.DE): "Bitte bestätigen Sie {address} für {tenant_name}",
    (MailKind.ADDRESS_CONFIRMATION, Language.EN): "Please confirm {address} for {tenant_name}",
}

VALID_FOR: dict[tuple[str, Language], str] = {
    ("7d", Language.DE): "7 Tage",
    ("7d", Language.EN): "7 days",
    ("48h", Language.DE): "48 Stunden",
    ("48h", Language.EN): "48 hours",
    ("1h", Language.DE): "1 Stunde",
    ("1h", Language.EN): "1 hour",
}


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    html: str
    text: str


@lru_cache(maxsize=2)
def _environment(html: bool) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=html,  # noqa: S701 - the HTML part escapes; the text part is not HTML
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_mail(kind: MailKind, language: Language, **context: Any) -> RenderedMail:
    """Subject, HTML and text of a mail; every name used by the template must be given."""
    subject = SUBJECTS[(kind, language)].format(**context).replace("\n", " ").strip()
    values = {**context, "lang": language.value, "subject": subject}
    html = _environment(True).get_template(f"{kind.value}.{language.value}.html").render(**values)
    text = _environment(False).get_template(f"{kind.value}.{language.value}.txt").render(**values)
    return RenderedMail(subject=subject, html=html, text=text)
