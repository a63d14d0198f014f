"""The 06:00 / 14:00 German-time schedule on a UTC cron, across both daylight saving switches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from chalice import Cron

from chalicelib.domain.promo_import import (
    GERMAN_TIME,
    SCHEDULE_UTC_HOURS,
    import_due,
    scheduled_time,
)
from devstack.schedules import parse_schedule

RULE_HOURS = [int(hour) for hour in SCHEDULE_UTC_HOURS.split(",")]


def due_hours(day: date) -> list[int]:
    """The UTC hours of ``day`` at which the rule fires and the import is due."""
    return [
        hour for hour in RULE_HOURS if import_due(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    ("day", "utc_hours"),
    [
        (date(2026, 1, 15), [5, 13]),  # winter, CET = UTC+1
        (date(2026, 3, 28), [5, 13]),  # the day before the spring switch
        (date(2026, 3, 29), [4, 12]),  # clocks go 02:00 -> 03:00: 06:00 is already CEST
        (date(2026, 7, 1), [4, 12]),  # summer, CEST = UTC+2
        (date(2026, 10, 24), [4, 12]),
        (date(2026, 10, 25), [5, 13]),  # clocks go 03:00 -> 02:00: 06:00 is CET again
        (date(2026, 10, 26), [5, 13]),
    ],
)
def test_exactly_the_utc_hours_of_06_and_14_german_time_are_due(day: date, utc_hours: list[int]) -> None:
    assert due_hours(day) == utc_hours
    for hour in utc_hours:
        local = datetime(day.year, day.month, day.day, hour, tzinfo=UTC).astimezone(GERMAN_TIME)
        assert (local.date(), local.hour, local.minute) in ((day, 6, 0), (day, 14, 0))


def test_every_day_of_two_years_has_one_import_at_06_and_one_at_14() -> None:
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        local_hours = [
            datetime(day.year, day.month, day.day, hour, tzinfo=UTC).astimezone(GERMAN_TIME).hour
            for hour in due_hours(day)
        ]
        assert local_hours == [6, 14], day
        day += timedelta(days=1)


def test_other_hours_are_not_due_and_a_naive_time_is_refused() -> None:
    assert not import_due(datetime(2026, 3, 29, 5, tzinfo=UTC))  # 07:00 CEST
    assert not import_due(datetime(2026, 10, 25, 4, tzinfo=UTC))  # 05:00 CET
    assert not import_due(datetime(2026, 10, 25, 12, tzinfo=UTC))  # 13:00 CET
    with pytest.raises(ValueError):
        import_due(datetime(2026, 3, 29, 4))


def test_the_events_time_is_read_as_utc() -> None:
    assert scheduled_time("2026-03-29T04:00:00Z") == datetime(2026, 3, 29, 4, tzinfo=UTC)
    assert scheduled_time("2026-10-25T05:00:00+00:00") == datetime(2026, 10, 25, 5, tzinfo=UTC)


def test_the_rule_of_app_py_fires_at_those_utc_hours() -> None:
    import app

    (rule,) = [
        event.schedule_expression
        for event in app.app.event_sources
        if getattr(event, "name", "") == "import-promo-prices"
    ]
    expression = rule.to_string() if isinstance(rule, Cron) else str(rule)
    schedule = parse_schedule(expression)
    assert expression == f"cron(0 {SCHEDULE_UTC_HOURS} * * ? *)"
    start = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    fired = [schedule.next_after(start, start)]
    while len(fired) < 4:
        fired.append(schedule.next_after(fired[-1], start))
    assert [at.hour for at in fired] == RULE_HOURS
    assert [import_due(at) for at in fired] == [True, False, True, False]  # 2026-03-29: CEST
