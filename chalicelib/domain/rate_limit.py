"""Rate limits as fixed windows: at most ``limit`` attempts per ``window`` per key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RateRule:
    name: str
    """e.g. ``signup-email``; part of the counter's key."""
    limit: int
    window: timedelta
    message: str
    """German, shown with the 429."""


@dataclass(frozen=True)
class Window:
    bucket: str
    """The counter's key: rule, key and window start."""
    ends_at: datetime


def window_for(rule: RateRule, key: str, now: datetime) -> Window:
    seconds = int(rule.window.total_seconds())
    start = int(now.timestamp()) // seconds * seconds
    return Window(
        bucket=f"{rule.name}#{key}#{start}", ends_at=datetime.fromtimestamp(start + seconds, now.tzinfo)
    )


def retry_after_minutes(window: Window, now: datetime) -> int:
    """Whole minutes until the window ends (at least 1)."""
    return max(1, -(-int((window.ends_at - now).total_seconds()) // 60))
