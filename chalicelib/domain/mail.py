"""Mail vocabulary: the languages a mail can be written in, an outgoing mail, a sender's state, and
the one check and normal form of an e-mail address (``normalise_address``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from chalicelib.errors import ValidationError


class Language(StrEnum):
    DE = "de"
    EN = "en"


DEFAULT_LANGUAGE = Language.DE


class SenderState(StrEnum):
    """SES's verification state of an address; ``not_started`` when SES does not know it."""

    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class OutgoingMail:
    sender: str
    to: tuple[str, ...]
    subject: str
    html: str
    text: str
    reply_to: tuple[str, ...] = ()
    sender_name: str = ""
    """Display name of the From (the tenant's name when the platform address sends for it)."""


_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def header_line(value: str) -> str:
    """A header value on one line: CR, LF and every other control character become one space, so
    no value (a subject from pixi data, a tenant's name) can start a header of its own."""
    return " ".join(_HEADER_BREAKS.sub(" ", value).split())


# --- e-mail addresses --------------------------------------------------------------------------

ADDRESS_INVALID_MESSAGE = "Bitte geben Sie eine gültige E-Mail-Adresse an."
ADDRESS_INVISIBLE_MESSAGE = "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."
ADDRESS_NOT_ASCII_MESSAGE = "Vor dem @ sind keine Umlaute und keine anderen Sonderbuchstaben möglich."
ADDRESS_MIXED_SCRIPT_MESSAGE = "Die Domain der E-Mail-Adresse mischt verschiedene Schriften."
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})
"""Control, format (zero-width, bidi overrides and isolates, soft hyphen), unassigned, private use,
surrogates and line/paragraph separators: nothing a person types into an address on purpose."""


def normalise_address(raw: str, *, field: str = "email") -> str:
    """The one form under which an address is stored, compared and mailed to.

    NFC first (a decomposed umlaut is the same address as a composed one); invisible characters
    and mixed-script domain labels (a Cyrillic "а" in "pаypal.de") are refused, so one person
    cannot be two agents; then email-validator checks the syntax the way SES will (no SMTPUTF8:
    the local part is ASCII; an international domain becomes its IDNA ``xn--`` form). Lower case.
    ``ValidationError`` with ``fields[field]`` for anything else, never a 5xx later at SES.
    """
    text = unicodedata.normalize("NFC", raw.strip())
    if any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text):
        raise _refused(ADDRESS_INVISIBLE_MESSAGE, field, "invisible character")
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        local = text.rpartition("@")[0]
        message = ADDRESS_NOT_ASCII_MESSAGE if local and not local.isascii() else ADDRESS_INVALID_MESSAGE
        raise _refused(message, field, str(exc)) from exc
    if any(len(_scripts(label)) > 1 for label in result.domain.split(".")):
        raise _refused(ADDRESS_MIXED_SCRIPT_MESSAGE, field, f"mixed scripts in {result.domain!r}")
    address: str = result.ascii_email or result.normalized
    return address.lower()


def _scripts(label: str) -> set[str]:
    """The scripts of a label's letters, by the first word of their Unicode names (LATIN, CYRILLIC,
    GREEK, ...); digits and hyphens belong to none."""
    return {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in label if ch.isalpha()}


def _refused(message: str, field: str, detail: str) -> ValidationError:
    return ValidationError(message, fields={field: message}, detail=f"address refused: {detail}")
