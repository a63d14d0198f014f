"""Abuse guards for the public routes: attempts per e-mail address and per client IP.

Counters live in DynamoDB (one conditional update per attempt, a TTL removes old windows), so the
limit holds across every Lambda instance. Keys are stored as hashes, never the address or IP.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from chalicelib.domain.agent import normalize_email
from chalicelib.domain.rate_limit import RateRule, retry_after_minutes, window_for
from chalicelib.errors import TooManyRequestsError
from chalicelib.log import logger
from chalicelib.services.wiring import adapters

SIGNUP_PER_EMAIL = RateRule(
    "signup-email",
    3,
    timedelta(hours=1),
    "Zu viele Registrierungen für diese E-Mail-Adresse. Bitte in {minutes} Minuten erneut versuchen.",
)
SIGNUP_PER_IP = RateRule(
    "signup-ip",
    10,
    timedelta(hours=1),
    "Zu viele Registrierungen von diesem Anschluss. Bitte in {minutes} Minuten erneut versuchen.",
)
PASSWORD_RESET_PER_EMAIL = RateRule(
    "reset-email",
    3,
    timedelta(hours=1),
    "Für diese E-Mail-Adresse wurden zu oft neue Passwörter angefordert. "
    "Bitte in {minutes} Minuten erneut versuchen.",
)
PASSWORD_RESET_PER_IP = RateRule(
    "reset-ip",
    20,
    timedelta(hours=1),
    "Von diesem Anschluss wurden zu oft neue Passwörter angefordert. "
    "Bitte in {minutes} Minuten erneut versuchen.",
)


def _key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def count_attempt(rule: RateRule, key: str) -> None:
    """Count one attempt; ``TooManyRequestsError`` (429) when the window's limit is reached."""
    deps = adapters()
    now = deps.now()
    window = window_for(rule, _key(key), now)
    expires = int(window.ends_at.timestamp()) + 3600
    if not deps.rate_limits.hit(window.bucket, rule.limit, expires):
        logger.info("rate limited", extra={"rule": rule.name})
        raise TooManyRequestsError(
            rule.message.format(minutes=retry_after_minutes(window, now)), detail=f"rule {rule.name}"
        )


def count_per_address_and_ip(per_ip: RateRule, per_email: RateRule, *, email: str, client_ip: str) -> None:
    count_attempt(per_ip, client_ip or "unknown")
    count_attempt(per_email, normalize_email(email))
