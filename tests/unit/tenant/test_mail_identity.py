"""Whose addresses a tenant may use (pure rules of chalicelib.domain.mail_identity)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.mail_identity import (
    AddressProofInvalidError,
    AddressRole,
    MailSender,
    hash_proof_token,
    issue_proof,
    proven,
    tenant_of_token,
    tenant_sender,
)
from chalicelib.domain.tenant import Tenant, TenantStatus

PLATFORM = "noreply@callcenter.example"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def tenant(**kw: str) -> Tenant:
    return Tenant(tenant_id="t1", name="Shop GmbH", status=TenantStatus.ACTIVE, **kw)  # type: ignore[arg-type]


def test_proof_tokens_name_their_tenant_and_are_stored_as_hashes() -> None:
    issued = issue_proof("t1", AddressRole.SENDER, "info@shop.example", now=NOW)
    assert tenant_of_token(issued.token) == "t1"
    assert issued.proof.token_hash == hash_proof_token(issued.token)
    assert issued.token not in issued.proof.token_hash
    assert issued.proof.is_expired(NOW.replace(day=3, hour=12)) and not issued.proof.is_expired(NOW)
    for bad in ("", "t1", "t1.kurz", ".x" + "y" * 40, "t/1." + "y" * 43):
        with pytest.raises(AddressProofInvalidError):
            tenant_of_token(bad)


def test_proven_by_the_tenants_own_link_or_its_agents() -> None:
    agents = frozenset({"anna@shop.example"})
    assert proven("Info@Shop.example", proven_address="info@shop.example", agent_addresses=agents)
    assert proven("anna@shop.example", proven_address="", agent_addresses=agents)
    assert not proven("info@shop.example", proven_address="", agent_addresses=agents)
    assert not proven("", proven_address="", agent_addresses=frozenset({""}))


@pytest.mark.parametrize(
    ("sender", "sender_proven", "ses_verified", "expected"),
    [
        (PLATFORM, False, False, MailSender(PLATFORM, "Shop GmbH")),  # the platform default
        ("NoReply@CallCenter.example", False, False, MailSender(PLATFORM, "Shop GmbH")),
        ("info@shop.example", True, True, MailSender("info@shop.example", "Shop GmbH")),
        ("info@shop.example", False, True, None),  # SES verified it for someone: not proven here
        ("info@shop.example", True, False, None),  # proven, SES not yet
        ("", False, False, None),
    ],
)
def test_the_sender_a_tenant_may_use(
    sender: str, sender_proven: bool, ses_verified: bool, expected: MailSender | None
) -> None:
    chosen = tenant_sender(
        tenant(sender_address=sender), platform_address=PLATFORM, sender_proven=sender_proven,
        ses_verified=ses_verified,
    )
    assert chosen == expected
