"""Login throttling: progressive delays per address and client, and per client, never a lock of
the account itself that a stranger could cause at will.

Per address *and* client IP: after 5 wrong passwords in a row each further try has to wait longer
(5 s, 10 s, 20 s, 40 s, 80 s); from the 10th that client waits 15 minutes between tries. Another
client (the agent at its own desk) is not slowed down by a stranger's tries. A successful login
from that client ends its streak, and so does an admin's unlock or a new password (the agent's
``unlocks`` is part of the key). Per client IP over every address (one machine trying many
accounts): 50 failures within an hour are free, then 5 s doubling up to 15 minutes.

Unknown addresses are throttled exactly like known ones, so the answers tell nothing about who
has an account. A try while a delay runs is refused (429 with ``Retry-After``) without checking
the password.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

SLOW_DOWN_AFTER = 5
LOCK_AFTER = 10
FIRST_DELAY = timedelta(seconds=5)
LOCK_DURATION = timedelta(minutes=15)
CLIENT_SLOW_DOWN_AFTER = 50
"""A whole call center may sit behind one address: its typos must not slow it down."""


def delay_after_failures(failed_logins: int) -> timedelta | None:
    """How long the next login of one address from one client waits after ``failed_logins``."""
    if failed_logins >= LOCK_AFTER:
        return LOCK_DURATION
    if failed_logins >= SLOW_DOWN_AFTER:
        return FIRST_DELAY * (2 ** (failed_logins - SLOW_DOWN_AFTER))
    return None


def client_delay_after_failures(failures: int) -> timedelta | None:
    """How long the next login from one client IP waits after ``failures`` over every address."""
    if failures < CLIENT_SLOW_DOWN_AFTER:
        return None
    return min(FIRST_DELAY * (2 ** min(failures - CLIENT_SLOW_DOWN_AFTER, 16)), LOCK_DURATION)


def locked_until_after_failure(failed_logins: int, now: datetime) -> datetime | None:
    delay = delay_after_failures(failed_logins)
    return now + delay if delay is not None else None


def is_locked_out(failed_logins: int) -> bool:
    """Locked (not only slowed down): what the admin sees as "gesperrt"."""
    return failed_logins >= LOCK_AFTER


@dataclass(frozen=True)
class FailureStreak:
    """Wrong passwords in a row under one key, and when the last one came."""

    failures: int
    last_failed_at: datetime


@dataclass(frozen=True)
class StreakRule:
    name: str
    """Part of the streak's key, e.g. ``login-client``."""
    delay: Callable[[int], timedelta | None]
    forgotten_after: timedelta
    """A streak whose last failure is older starts again at zero."""


PER_ADDRESS_AND_CLIENT = StreakRule("login-address-client", delay_after_failures, timedelta(days=1))
PER_CLIENT = StreakRule("login-client", client_delay_after_failures, timedelta(hours=1))


def address_and_client_key(address: str, client_ip: str, unlocks: int) -> str:
    return f"{address}#{client_ip}#{unlocks}"


def is_forgotten(rule: StreakRule, streak: FailureStreak, now: datetime) -> bool:
    return now - streak.last_failed_at >= rule.forgotten_after


def blocked_until(rule: StreakRule, streak: FailureStreak | None, now: datetime) -> datetime | None:
    """Until when the next try under this streak is refused; None when it may go ahead."""
    if streak is None or is_forgotten(rule, streak, now):
        return None
    delay = rule.delay(streak.failures)
    until = streak.last_failed_at + delay if delay is not None else None
    return until if until is not None and until > now else None


def retry_after_seconds(until: datetime, now: datetime) -> int:
    """Whole seconds until ``until`` (at least 1), for ``Retry-After``."""
    return max(1, -(-int((until - now).total_seconds() * 1000) // 1000))


def wait_text(seconds: int) -> str:
    """German, for the 429 message: "30 Sekunden", "2 Minuten"."""
    if seconds < 120:
        return f"{seconds} Sekunden" if seconds != 1 else "1 Sekunde"
    return f"{-(-seconds // 60)} Minuten"
