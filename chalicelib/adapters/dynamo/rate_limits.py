"""Rate-limit counters and login-failure streaks: one conditional update per attempt, so concurrent
attempts are counted exactly (no read-then-write)."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.adapters.dynamo.models import RateLimitModel
from chalicelib.adapters.dynamo.storage import condition_failed, storage
from chalicelib.domain.login_throttle import FailureStreak


class RateLimitRepository:
    def hit(self, bucket: str, limit: int, expires_epoch: int) -> bool:
        """Count one attempt in ``bucket``; False (nothing counted) when ``limit`` is reached."""
        with storage("rate limit"):
            try:
                RateLimitModel(bucket).update(
                    actions=[RateLimitModel.attempts.add(1), RateLimitModel.ttl.set(expires_epoch)],
                    condition=RateLimitModel.attempts.does_not_exist() | (RateLimitModel.attempts < limit),
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    return False
                raise
        return True

    def streak(self, bucket: str) -> FailureStreak | None:
        with storage("read failure streak"):
            try:
                item = RateLimitModel.get(bucket, consistent_read=True)
            except DoesNotExist:
                return None
        if item.last_failed_at is None:
            return None
        return FailureStreak(int(item.attempts or 0), datetime.fromtimestamp(int(item.last_failed_at), UTC))

    def record_failure(
        self, bucket: str, *, now: datetime, forgotten_before: datetime, expires_epoch: int
    ) -> FailureStreak:
        """One more failure in the streak; a streak last failed before ``forgotten_before`` starts
        again at one. Returns the streak as it is now."""
        at = int(now.timestamp())
        item = RateLimitModel(bucket)
        with storage("record failure"):
            try:
                item.update(
                    actions=[RateLimitModel.attempts.add(1), RateLimitModel.last_failed_at.set(at),
                             RateLimitModel.ttl.set(expires_epoch)],
                    condition=RateLimitModel.last_failed_at >= int(forgotten_before.timestamp()),
                )
            except UpdateError as exc:
                if not condition_failed(exc):
                    raise
                item.update(actions=[RateLimitModel.attempts.set(1), RateLimitModel.last_failed_at.set(at),
                                     RateLimitModel.ttl.set(expires_epoch)])
        return FailureStreak(int(item.attempts or 0), datetime.fromtimestamp(at, UTC))

    def clear(self, bucket: str) -> None:
        with storage("clear failure streak"):
            RateLimitModel(bucket).delete()
