"""When the local worker runs a scheduled handler: EventBridge rate and cron expressions (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from chalice import Cron, Rate

from devstack.schedules import ScheduleExpressionError, parse_schedule

START = datetime(2026, 3, 28, 10, 17, 30, tzinfo=UTC)  # a Saturday


def test_a_rate_fires_one_period_after_the_start_and_then_every_period() -> None:
    hourly = parse_schedule(Rate(1, unit=Rate.HOURS).to_string())

    first = hourly.next_after(START, START)
    assert first == START + timedelta(hours=1)
    assert hourly.next_after(first, START) == START + timedelta(hours=2)
    # a late check (the loop was busy) does not run the missed periods one after another
    assert hourly.next_after(START + timedelta(hours=5, minutes=1), START) == START + timedelta(hours=6)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("rate(5 minutes)", START + timedelta(minutes=5)),
        ("rate(1 minute)", START + timedelta(minutes=1)),
        ("rate(2 days)", START + timedelta(days=2)),
        # 06:00 and 14:00 Berlin in summer time are 04:00 and 12:00 UTC
        (Cron(0, "4,12", "*", "*", "?", "*").to_string(), datetime(2026, 3, 28, 12, 0, tzinfo=UTC)),
        ("cron(0/15 * * * ? *)", datetime(2026, 3, 28, 10, 30, tzinfo=UTC)),
        ("cron(0 9 ? * MON-FRI *)", datetime(2026, 3, 30, 9, 0, tzinfo=UTC)),
        ("cron(0 9 ? * 1 *)", datetime(2026, 3, 29, 9, 0, tzinfo=UTC)),  # 1 = Sunday
        ("cron(30 2 1 * ? *)", datetime(2026, 4, 1, 2, 30, tzinfo=UTC)),
        ("cron(0 0 1 JAN ? 2027)", datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
        ("cron(10-20/5 10 * * ? *)", datetime(2026, 3, 28, 10, 20, tzinfo=UTC)),
    ],
)
def test_the_next_run(expression: str, expected: datetime) -> None:
    assert parse_schedule(expression).next_after(START, START) == expected


def test_a_cron_run_is_strictly_later_than_the_last_one() -> None:
    every_quarter = parse_schedule("cron(0/15 * * * ? *)")
    at = datetime(2026, 3, 28, 10, 30, tzinfo=UTC)

    assert every_quarter.next_after(at, START) == datetime(2026, 3, 28, 10, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    "expression",
    [
        "every hour",
        "rate(0 minutes)",
        "rate(1 week)",
        "cron(0 4 * * *)",  # five fields
        "cron(0 4 * * * *)",  # neither day field is "?"
        "cron(0 4 ? * ? *)",  # both are
        "cron(0 4 L * ? *)",
        "cron(0 4 ? * 2#1 *)",
        "cron(0 4 15W * ? *)",
        "cron(0 24 * * ? *)",
        "cron(61 4 * * ? *)",
    ],
)
def test_expressions_the_local_worker_cannot_run_are_refused(expression: str) -> None:
    with pytest.raises(ScheduleExpressionError):
        parse_schedule(expression)


def test_a_cron_that_never_fires_says_so() -> None:
    with pytest.raises(ScheduleExpressionError, match="no run"):
        parse_schedule("cron(0 0 31 2 ? *)").next_after(START, START)
