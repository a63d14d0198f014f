"""Rate-limit counters: one conditional update per attempt, so concurrent attempts are counted
exactly (no read-then-write)."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.dynamo.models import RateLimitModel
from chalicelib.adapters.dynamo.storage import condition_failed, storage


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
