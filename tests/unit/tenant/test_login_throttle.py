from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.login_throttle import delay_after_failures, is_locked_out, locked_until_after_failure

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_no_delay_for_the_first_four_failures_then_doubling_then_a_lock():
    assert [delay_after_failures(n) for n in range(5)] == [None] * 5
    assert [delay_after_failures(n) for n in range(5, 10)] == [
        timedelta(seconds=s) for s in (5, 10, 20, 40, 80)
    ]
    assert delay_after_failures(10) == delay_after_failures(25) == timedelta(minutes=15)
    assert [is_locked_out(n) for n in (9, 10, 11)] == [False, True, True]


def test_locked_until_is_relative_to_now():
    assert locked_until_after_failure(3, NOW) is None
    assert locked_until_after_failure(6, NOW) == NOW + timedelta(seconds=10)
    assert locked_until_after_failure(10, NOW) == NOW + timedelta(minutes=15)


def test_one_client_over_many_addresses_gets_fifty_free_failures_then_doubling_up_to_15_minutes():
    from chalicelib.domain.login_throttle import client_delay_after_failures

    assert client_delay_after_failures(49) is None
    assert [client_delay_after_failures(n) for n in (50, 51, 52)] == [
        timedelta(seconds=s) for s in (5, 10, 20)
    ]
    assert client_delay_after_failures(60) == client_delay_after_failures(10_000) == timedelta(minutes=15)


def test_a_streak_blocks_until_its_delay_ran_and_is_forgotten_after_a_while():
    from chalicelib.domain.login_throttle import (
        PER_ADDRESS_AND_CLIENT,
        PER_CLIENT,
        FailureStreak,
        blocked_until,
        retry_after_seconds,
        wait_text,
    )

    six = FailureStreak(failures=6, last_failed_at=NOW)
    ten_seconds_later = NOW + timedelta(seconds=10)
    assert blocked_until(PER_ADDRESS_AND_CLIENT, six, NOW + timedelta(seconds=3)) == ten_seconds_later
    assert blocked_until(PER_ADDRESS_AND_CLIENT, six, NOW + timedelta(seconds=10)) is None
    assert blocked_until(PER_ADDRESS_AND_CLIENT, FailureStreak(4, NOW), NOW) is None
    assert blocked_until(PER_ADDRESS_AND_CLIENT, None, NOW) is None
    many = FailureStreak(failures=80, last_failed_at=NOW)
    assert blocked_until(PER_CLIENT, many, NOW + timedelta(minutes=5)) == NOW + timedelta(minutes=15)
    forgotten = FailureStreak(failures=80, last_failed_at=NOW - timedelta(hours=1))
    assert blocked_until(PER_CLIENT, forgotten, NOW) is None
    assert retry_after_seconds(NOW + timedelta(seconds=9.2), NOW) == 10
    assert retry_after_seconds(NOW, NOW) == 1
    assert [wait_text(s) for s in (1, 30, 119, 120, 900)] == [
        "1 Sekunde", "30 Sekunden", "119 Sekunden", "2 Minuten", "15 Minuten"
    ]
