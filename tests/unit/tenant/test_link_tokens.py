"""Links by mail: random, hashed, expiring."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from chalicelib.domain.link_token import (
    LIFETIMES,
    LinkPurpose,
    hash_link_token,
    issue_link,
    looks_like_token,
)
from chalicelib.domain.mail import Language

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def issue(purpose: LinkPurpose = LinkPurpose.INVITATION):
    return issue_link(
        purpose, tenant_id="t", agent_id="a", email="a@x.example", language=Language.DE, now=NOW
    )


def test_a_token_has_32_random_bytes_and_only_its_sha256_is_kept():
    issued = issue()
    assert len(base64.urlsafe_b64decode(issued.token + "=")) == 32
    assert issued.record.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in repr(issued.record)
    assert looks_like_token(issued.token)
    assert len({issue().token for _ in range(200)}) == 200


def test_lifetimes_per_purpose():
    assert {
        LinkPurpose.INVITATION: timedelta(days=7),
        LinkPurpose.VERIFICATION: timedelta(hours=48),
        LinkPurpose.PASSWORD_RESET: timedelta(hours=1),
    } == LIFETIMES
    for purpose, lifetime in LIFETIMES.items():
        record = issue(purpose).record
        assert record.expires_at == NOW + lifetime
        assert not record.is_expired(NOW + lifetime - timedelta(seconds=1))
        assert record.is_expired(NOW + lifetime)


def test_hashing_is_stable_and_shapes_are_checked_before_any_lookup():
    assert hash_link_token("abc") == hash_link_token("abc") != hash_link_token("abd")
    assert not looks_like_token("short")
    assert not looks_like_token("x" * 40 + "/../")
    assert not looks_like_token("x" * 129)
