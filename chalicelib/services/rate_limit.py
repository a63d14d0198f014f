"""Abuse guards for the public routes: attempts per e-mail address and per client IP, and the
login throttle (``domain.login_throttle``: failure streaks per address and client, per client).

Counters live in DynamoDB (one conditional update per attempt, a TTL removes old windows), so the
limit holds across every Lambda instance. Keys are stored as hashes, never the address or IP.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from chalicelib.domain.agent import normalize_email
from chalicelib.domain.login_throttle import (
    PER_ADDRESS_AND_CLIENT,
    PER_CLIENT,
    FailureStreak,
    StreakRule,
    address_and_client_key,
    blocked_until,
    retry_after_seconds,
    wait_text,
)
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
        minutes = retry_after_minutes(window, now)
        raise TooManyRequestsError(
            rule.message.format(minutes=minutes),
            retry_after_seconds=int((window.ends_at - now).total_seconds()),
            detail=f"rule {rule.name}",
        )


def count_per_address_and_ip(per_ip: RateRule, per_email: RateRule, *, email: str, client_ip: str) -> None:
    count_attempt(per_ip, client_ip or "unknown")
    count_attempt(per_email, normalize_email(email))


# --- login throttle ---------------------------------------------------------------------------

LOGIN_THROTTLED_MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in {wait} erneut."
)


def _login_streaks(address: str, client_ip: str, unlocks: int) -> tuple[tuple[StreakRule, str], ...]:
    client = client_ip or "unknown"
    return (
        (PER_ADDRESS_AND_CLIENT, _key(f"{PER_ADDRESS_AND_CLIENT.name}#"
                                      f"{address_and_client_key(address, client, unlocks)}")),
        (PER_CLIENT, _key(f"{PER_CLIENT.name}#{client}")),
    )


def refuse_throttled_login(address: str, client_ip: str, unlocks: int) -> None:
    """``TooManyRequestsError`` (429, ``Retry-After``) while a delay of this address from this
    client, or of this client, runs."""
    deps = adapters()
    now = deps.now()
    ends = [
        until
        for rule, bucket in _login_streaks(address, client_ip, unlocks)
        if (until := blocked_until(rule, deps.rate_limits.streak(bucket), now)) is not None
    ]
    if ends:
        seconds = retry_after_seconds(max(ends), now)
        logger.info("login throttled", extra={"retry_after": seconds})
        raise TooManyRequestsError(
            LOGIN_THROTTLED_MESSAGE.format(wait=wait_text(seconds)),
            retry_after_seconds=seconds,
            detail="login throttled",
        )


def count_login_failure(address: str, client_ip: str, unlocks: int) -> datetime | None:
    """Count a wrong password; returns until when this address is now slowed down for this client."""
    deps = adapters()
    now = deps.now()
    until: datetime | None = None
    for rule, bucket in _login_streaks(address, client_ip, unlocks):
        streak: FailureStreak = deps.rate_limits.record_failure(
            bucket,
            now=now,
            forgotten_before=now - rule.forgotten_after,
            expires_epoch=int((now + rule.forgotten_after).timestamp()) + 3600,
        )
        if rule is PER_ADDRESS_AND_CLIENT:
            until = blocked_until(rule, streak, now)
    return until


def forget_login_failures(address: str, client_ip: str, unlocks: int) -> None:
    """A successful login ends the streak of this address from this client (not the client's own)."""
    _, bucket = _login_streaks(address, client_ip, unlocks)[0]
    adapters().rate_limits.clear(bucket)
