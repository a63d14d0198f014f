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
