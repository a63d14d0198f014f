from datetime import UTC, datetime, timedelta

import jwt
import pytest

from chalicelib.domain.agent import Role
from chalicelib.domain.permissions import Principal
from chalicelib.errors import AuthenticationError
from chalicelib.services.tokens import issue_token, verify_token

KEY = "k" * 64
LOGGED_IN_AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
PRINCIPAL = Principal(tenant_id="t1", agent_id="a1", role=Role.AGENT, email="a@x.example",
                      session_version=4, session_started_at=LOGGED_IN_AT)


def test_issued_token_verifies_to_the_same_principal_with_all_claims():
    issued = issue_token(PRINCIPAL, key=KEY, ttl_seconds=900)
    assert verify_token(issued.token, key=KEY) == PRINCIPAL
    claims = jwt.decode(issued.token, KEY, algorithms=["HS256"], issuer="pixi-callcenter")
    assert {"sub", "tid", "role", "email", "iat", "exp", "jti", "ver", "sst"} <= set(claims)
    assert claims["ver"] == 4 and claims["sst"] == int(LOGGED_IN_AT.timestamp())
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"] == issued.token_id
    assert issued.expires_at == datetime.fromtimestamp(claims["exp"], UTC)


def test_expired_token_is_refused():
    issued = issue_token(PRINCIPAL, key=KEY, ttl_seconds=60, now=datetime.now(UTC) - timedelta(minutes=5))
    with pytest.raises(AuthenticationError):
        verify_token(issued.token, key=KEY)


def test_token_signed_with_another_key_is_refused():
    issued = issue_token(PRINCIPAL, key="another-key-" * 6, ttl_seconds=60)
    with pytest.raises(AuthenticationError):
        verify_token(issued.token, key=KEY)


def test_tampered_payload_is_refused():
    token = issue_token(PRINCIPAL, key=KEY, ttl_seconds=60).token
    header, _payload, signature = token.split(".")
    forged_claims = jwt.decode(token, KEY, algorithms=["HS256"], issuer="pixi-callcenter") | {"tid": "t2"}
    forged_payload = jwt.encode(forged_claims, "x" * 64, algorithm="HS256").split(".")[1]
    with pytest.raises(AuthenticationError):
        verify_token(f"{header}.{forged_payload}.{signature}", key=KEY)


def test_unsigned_token_is_refused():
    claims = {"sub": "a1", "tid": "t1", "role": "admin", "email": "e", "iat": 1, "exp": 2**31, "jti": "j",
              "iss": "pixi-callcenter"}
    token = jwt.encode(claims, key="", algorithm="none")
    with pytest.raises(AuthenticationError):
        verify_token(token, key=KEY)


def test_token_without_tenant_or_with_unknown_role_is_refused():
    base = {"sub": "a1", "email": "e", "iat": 1, "exp": 2**31, "jti": "j", "iss": "pixi-callcenter"}
    for claims in (base | {"role": "agent"}, base | {"tid": "t1", "role": "owner"}):
        with pytest.raises(AuthenticationError):
            verify_token(jwt.encode(claims, KEY, algorithm="HS256"), key=KEY)


def test_garbage_is_refused():
    with pytest.raises(AuthenticationError):
        verify_token("not-a-token", key=KEY)


def test_a_new_session_starts_when_its_first_token_is_issued():
    now = datetime.now(UTC).replace(microsecond=0)
    fresh = Principal(tenant_id="t1", agent_id="a1", role=Role.AGENT, email="a@x.example")
    verified = verify_token(issue_token(fresh, key=KEY, ttl_seconds=60, now=now).token, key=KEY)
    assert verified.session_started_at == now and verified.session_version == 0


def test_a_token_without_its_session_is_refused():
    """Tokens from before sessions had versions: their agent logs in once more."""
    claims = {"sub": "a1", "tid": "t1", "role": "agent", "email": "e", "iat": 1, "exp": 2**31, "jti": "j",
              "iss": "pixi-callcenter"}
    for extra in ({}, {"ver": 0}, {"sst": 1}, {"ver": "x", "sst": 1}):
        with pytest.raises(AuthenticationError):
            verify_token(jwt.encode(claims | extra, KEY, algorithm="HS256"), key=KEY)
