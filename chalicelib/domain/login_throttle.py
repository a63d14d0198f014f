"""Login throttling: after 5 wrong passwords in a row each further try has to wait longer
(5 s, 10 s, 20 s, 40 s, 80 s); from the 10th the account is locked for 15 minutes.

The wait is enforced through ``locked_until`` (a login before it is refused like a wrong password);
a successful login resets the count, and an admin can lift a lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

SLOW_DOWN_AFTER = 5
LOCK_AFTER = 10
FIRST_DELAY = timedelta(seconds=5)
LOCK_DURATION = timedelta(minutes=15)


def delay_after_failures(failed_logins: int) -> timedelta | None:
    """How long the next login has to wait after ``failed_logins`` failures in a row."""
    if failed_logins >= LOCK_AFTER:
        return LOCK_DURATION
    if failed_logins >= SLOW_DOWN_AFTER:
        return FIRST_DELAY * (2 ** (failed_logins - SLOW_DOWN_AFTER))
    return None


def locked_until_after_failure(failed_logins: int, now: datetime) -> datetime | None:
    delay = delay_after_failures(failed_logins)
    return now + delay if delay is not None else None


def is_locked_out(failed_logins: int) -> bool:
    """Locked (not only slowed down): what the admin sees as "gesperrt"."""
    return failed_logins >= LOCK_AFTER
