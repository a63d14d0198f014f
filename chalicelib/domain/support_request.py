"""T1 support requests by e-mail: the pure rules.

Whether a tenant is ready to send them (support address + verified sender), what an agent may
write (not empty, at most 5,000 characters), header values that can never carry a second header
(CR/LF), and the customer/order context the mail shows: built from pixi's records, or, when pixi
cannot be asked, from what the agent's page showed, and then marked as not verified against pixi.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.customer import Customer
from chalicelib.domain.mail import Language
from chalicelib.domain.money import round_to_cents
from chalicelib.domain.order import Order
from chalicelib.errors import NotFoundError, SetupRequiredError, ValidationError

MAX_MESSAGE_LENGTH = 5000
MESSAGE_EMPTY = "Bitte eine Nachricht eingeben."
MESSAGE_TOO_LONG = "Die Nachricht ist zu lang (höchstens 5.000 Zeichen)."
ADDRESS_INVALID = "Diese E-Mail-Adresse kann nicht als Absender oder Empfänger verwendet werden."
ORDER_NOT_OF_CUSTOMER = "Diesen Auftrag gibt es bei diesem Kunden nicht."
MAIL_FAILED_MESSAGE = (
    "Die E-Mail konnte nicht gesendet werden. Ihr Text ist noch da: bitte gleich noch einmal senden."
)

MISSING_SUPPORT_ADDRESS = "support_address"
MISSING_VERIFIED_SENDER = "verified_sender"
_MISSING_TEXT = {
    MISSING_SUPPORT_ADDRESS: (
        "Es ist keine Support-Adresse hinterlegt (Einstellungen → E-Mail → Support-Adresse)."
    ),
    MISSING_VERIFIED_SENDER: (
        "Es gibt noch keinen bestätigten Absender (Einstellungen → E-Mail → Absender-Adresse "
        "eintragen und den Link in der Bestätigungs-E-Mail von Amazon SES öffnen)."
    ),
}
READY_MESSAGE = "Support-Anfragen können gesendet werden."
NOT_READY_INTRO = "Support-Anfragen sind noch nicht eingerichtet. Ein Administrator muss das erledigen:"

# Characters that end a header line or look like one to some mail software.
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_ORDER_STATUS = {
    Language.DE: {"OPEN": "offen", "CLOSED": "abgeschlossen", "HOLD": "angehalten"},
    Language.EN: {"OPEN": "open", "CLOSED": "closed", "HOLD": "on hold"},
}


# --- readiness --------------------------------------------------------------------------------


class SupportMailNotSetUpError(SetupRequiredError):
    """409 ``setup_required``: ``fields`` names each missing piece and where an admin sets it up."""

    def __init__(self, message: str, *, missing: tuple[str, ...], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.missing = missing
        self.fields = {m: _MISSING_TEXT[m] for m in missing}


@dataclass(frozen=True)
class Readiness:
    ready: bool
    missing: tuple[str, ...]
    message: str

    def require(self) -> None:
        """409 ``setup_required`` naming what the admin must set up (``fields`` per missing item)."""
        if not self.ready:
            raise SupportMailNotSetUpError(
                self.message, missing=self.missing, detail=f"support mail not ready: {','.join(self.missing)}"
            )


def readiness(*, support_address: str, sender_address: str, sender_verified: bool) -> Readiness:
    """Ready when the tenant has a support address and a sender that SES has verified."""
    missing: list[str] = []
    if not support_address.strip():
        missing.append(MISSING_SUPPORT_ADDRESS)
    if not sender_address.strip() or not sender_verified:
        missing.append(MISSING_VERIFIED_SENDER)
    if not missing:
        return Readiness(True, (), READY_MESSAGE)
    return Readiness(False, tuple(missing), " ".join([NOT_READY_INTRO, *(_MISSING_TEXT[m] for m in missing)]))


# --- what the agent wrote ---------------------------------------------------------------------


def clean_message(text: str) -> str:
    """The agent's text with line breaks kept (as ``\\n``) and control characters removed;
    400 ``fields.message`` when empty or longer than 5,000 characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.replace("\u2028", "\n").replace("\u2029", "\n")).strip()
    if not text:
        raise ValidationError(MESSAGE_EMPTY, fields={"message": MESSAGE_EMPTY})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            MESSAGE_TOO_LONG,
            fields={"message": MESSAGE_TOO_LONG},
            detail=f"message has {len(text)} characters",
        )
    return text


# --- header values ----------------------------------------------------------------------------


def header_text(value: str) -> str:
    """A value that goes into a header (the subject) on one line: line breaks and control
    characters become spaces, so pixi data can never start a header of its own."""
    return " ".join(_CONTROL.sub(" ", _LINE_BREAKS.sub(" ", value)).split())


def mail_address(value: str, field_name: str) -> str:
    """An address for To/From/Reply-To: exactly one plain address, else 400 ``fields.<field>``."""
    if _LINE_BREAKS.search(value) or _CONTROL.search(value) or not _ADDRESS.match(value.strip()):
        raise ValidationError(
            ADDRESS_INVALID,
            fields={field_name: ADDRESS_INVALID},
            detail=f"{field_name} is not a single plain address",
        )
    return value.strip()


# --- the context of the mail ------------------------------------------------------------------


@dataclass(frozen=True)
class SupportContext:
    """What the support team needs to know: read from pixi by the server (``verified``), or taken
    from the agent's page while pixi cannot be asked (not ``verified``, and the mail says so)."""

    customer_key: int
    customer_number: str
    customer_name: str
    customer_email: str
    order_number: int | None = None
    external_order_number: str = ""
    order_date: datetime | None = None
    order_total: Decimal | None = None
    currency: str = ""
    order_status: str = ""
    verified: bool = True


@dataclass(frozen=True)
class ShownContext:
    """What the agent's page showed about the customer (and the order) when the request was written."""

    customer_number: str = ""
    customer_name: str = ""
    customer_email: str = ""
    external_order_number: str = ""
    order_date: datetime | None = None
    order_total: Decimal | None = None
    currency: str = ""
    order_status: str = ""


def unverified_context(customer_key: int, order_number: int | None, shown: ShownContext) -> SupportContext:
    """The context of a request sent while pixi cannot be asked: the keys and what the page showed."""
    has_order = order_number is not None
    return SupportContext(
        customer_key=customer_key,
        customer_number=header_text(shown.customer_number),
        customer_name=header_text(shown.customer_name),
        customer_email=header_text(shown.customer_email),
        order_number=order_number,
        external_order_number=header_text(shown.external_order_number) if has_order else "",
        order_date=shown.order_date if has_order else None,
        order_total=shown.order_total if has_order else None,
        currency=header_text(shown.currency) if has_order else "",
        order_status=header_text(shown.order_status) if has_order else "",
        verified=False,
    )


def ensure_order_of_customer(order: Order, customer_key: int) -> None:
    """404 when the order belongs to another customer (the agent asked about the wrong one)."""
    if order.header.customer_key != customer_key:
        raise NotFoundError(
            ORDER_NOT_OF_CUSTOMER,
            detail=f"order {order.header.order_number} of customer {order.header.customer_key}, "
            f"not {customer_key}",
        )


def support_context(customer: Customer, order: Order | None) -> SupportContext:
    if order is None:
        return SupportContext(
            customer_key=customer.customer_key,
            customer_number=customer.customer_number,
            customer_name=customer.display_name,
            customer_email=customer.email,
        )
    ensure_order_of_customer(order, customer.customer_key)
    header = order.header
    return SupportContext(
        customer_key=customer.customer_key,
        customer_number=customer.customer_number,
        customer_name=customer.display_name,
        customer_email=customer.email,
        order_number=header.order_number,
        external_order_number=header.external_order_number,
        order_date=header.order_date,
        order_total=header.total,
        currency=header.currency,
        order_status=header.status,
    )


def order_reference(context: SupportContext, language: Language) -> str:
    """The order part of the subject, e.g. ", Auftrag 100123 (WEB-2024-000123)"; "" without order."""
    if context.order_number is None:
        return ""
    word = "Auftrag" if language is Language.DE else "order"
    external = header_text(context.external_order_number)
    return f", {word} {context.order_number}" + (f" ({external})" if external else "")


def format_money(amount: Decimal | None, currency: str, language: Language) -> str:
    if amount is None:
        return ""
    text = f"{round_to_cents(amount):,.2f}"
    if language is Language.DE:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} {currency}".strip()


def format_date(value: datetime | None, language: Language) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if language is Language.DE else value.strftime("%Y-%m-%d")


def order_status_text(status: str, language: Language) -> str:
    return _ORDER_STATUS[language].get(status.upper(), status)


def template_values(
    context: SupportContext, *, message: str, agent_email: str, tenant_name: str, language: Language
) -> dict[str, object]:
    """Everything the mail templates show; texts go in raw (the HTML template escapes them)."""
    return {
        "tenant_name": tenant_name,
        "agent_email": agent_email,
        "customer_key": context.customer_key,
        "customer_number": header_text(context.customer_number),
        "customer_name": context.customer_name,
        "customer_email": context.customer_email,
        "has_order": context.order_number is not None,
        "order_number": context.order_number if context.order_number is not None else "",
        "external_order_number": context.external_order_number,
        "order_date": format_date(context.order_date, language),
        "order_total": format_money(context.order_total, context.currency, language),
        "order_status": order_status_text(context.order_status, language),
        "order_reference": order_reference(context, language),
        "message": message,
        "message_lines": message.split("\n"),
        "verified": context.verified,
    }
