"""Mail vocabulary: the languages a mail can be written in, an outgoing mail, a sender's state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
