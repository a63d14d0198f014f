"""When a scheduled handler is due: EventBridge's ``rate(...)`` and ``cron(...)`` expressions, in UTC.

Chalice's ``Rate`` and ``Cron`` render to these strings (``to_string()``). A rate fires first one
period after the start (as a new EventBridge rule does), a cron at every matching minute. Cron fields:
minutes, hours, day of month, month, day of week (1 = SUN … 7 = SAT, or SUN-SAT), year; ``*``, ``?``,
lists, ranges and steps. ``L``, ``W`` and ``#`` are refused: the local worker does not know them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
_SEARCH_DAYS = 5 * 366


class ScheduleExpressionError(ValueError):
    """An expression the local worker cannot evaluate."""


@dataclass(frozen=True)
class RateSchedule:
    period: timedelta

    def next_after(self, after: datetime, started: datetime) -> datetime:
        """The first start + n * period (n >= 1) later than ``after``."""
        periods = max(1, (after - started) // self.period + 1)
        return started + periods * self.period


@dataclass(frozen=True)
class CronSchedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None: "?" (the day of week decides)
    months: frozenset[int]
    days_of_week: frozenset[int] | None  # 1 = Sunday ... 7 = Saturday; None: "?"
    years: frozenset[int]

    def next_after(self, after: datetime, started: datetime) -> datetime:
        """The first matching minute later than ``after`` (UTC)."""
        after = after.astimezone(UTC)
        day = after.date()
        for _ in range(_SEARCH_DAYS):
            if self._day_matches(day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
                        if candidate > after:
                            return candidate
            day += timedelta(days=1)
        raise ScheduleExpressionError(f"no run within {_SEARCH_DAYS} days after {after.isoformat()}")

    def _day_matches(self, day: date) -> bool:
        if day.year not in self.years or day.month not in self.months:
            return False
        if self.days_of_month is not None:
            return day.day in self.days_of_month
        assert self.days_of_week is not None
        return day.isoweekday() % 7 + 1 in self.days_of_week


Schedule = RateSchedule | CronSchedule


def parse_schedule(expression: str) -> Schedule:
    """``rate(1 hour)`` or ``cron(0 4,12 * * ? *)``; ``ScheduleExpressionError`` otherwise."""
    text = expression.strip()
    rate = _RATE.match(text)
    if rate:
        value, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        if value < 1:
            raise ScheduleExpressionError(f"{expression}: a rate needs a positive value")
        return RateSchedule(timedelta(seconds=value * _UNIT_SECONDS[unit]))
    cron = _CRON.match(text)
    if not cron:
        raise ScheduleExpressionError(f"{expression}: neither rate(...) nor cron(...)")
    fields = cron.group(1).split()
    if len(fields) != 6:
        raise ScheduleExpressionError(f"{expression}: a cron expression has 6 fields")
    minutes, hours, days_of_month, months, days_of_week, years = fields
    if (days_of_month == "?") == (days_of_week == "?"):
        raise ScheduleExpressionError(f"{expression}: exactly one of day-of-month and day-of-week is '?'")
    return CronSchedule(
        minutes=_field(minutes, 0, 59, expression),
        hours=_field(hours, 0, 23, expression),
        days_of_month=None if days_of_month == "?" else _field(days_of_month, 1, 31, expression),
        months=_field(months, 1, 12, expression, names=_MONTHS),
        days_of_week=None if days_of_week == "?" else _field(days_of_week, 1, 7, expression, names=_DAYS),
        years=_field(years, 1970, 2199, expression),
    )


def _field(text: str, low: int, high: int, expression: str, names: list[str] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = _number(step_text, expression, None) if step_text else 1
        if span == "*":
            first, last = low, high
        elif "-" in span:
            first_text, _, last_text = span.partition("-")
            first, last = _number(first_text, expression, names), _number(last_text, expression, names)
        else:
            first = _number(span, expression, names)
            last = high if step_text else first
        if not low <= first <= last <= high or step < 1:
            raise ScheduleExpressionError(f"{expression}: {part!r} is outside {low}-{high}")
        values.update(range(first, last + 1, step))
    return frozenset(values)


def _number(text: str, expression: str, names: list[str] | None) -> int:
    if names and text.upper() in names:
        return names.index(text.upper()) + 1
    if not text.isdigit():
        raise ScheduleExpressionError(f"{expression}: {text!r} is not supported by the local worker")
    return int(text)
