from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.rate_limit import RateRule, retry_after_minutes, window_for

RULE = RateRule("signup-ip", 10, timedelta(hours=1), "x")


def test_attempts_in_one_hour_share_a_bucket_and_the_next_hour_gets_a_new_one():
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    a = window_for(RULE, "k", start + timedelta(minutes=1))
    b = window_for(RULE, "k", start + timedelta(minutes=59, seconds=59))
    c = window_for(RULE, "k", start + timedelta(hours=1))
    assert a == b and a.bucket != c.bucket and a.ends_at == start + timedelta(hours=1)
    assert window_for(RULE, "other", start).bucket != a.bucket
    assert window_for(RateRule("signup-email", 3, timedelta(hours=1), "x"), "k", start).bucket != a.bucket


def test_retry_after_rounds_up_to_whole_minutes():
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    window = window_for(RULE, "k", start)
    assert retry_after_minutes(window, start) == 60
    assert retry_after_minutes(window, start + timedelta(minutes=58, seconds=30)) == 2
    assert retry_after_minutes(window, start + timedelta(minutes=59, seconds=59)) == 1
