"""The API on the real local servers: chalice local, DynamoDB Local, moto server, the simulator."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from devstack import LocalStack

pytestmark = pytest.mark.integration

PASSWORD = "Demo-Passw0rd!"


def call(base_url: str, method: str, path: str, *, body: Any = None, token: str | None = None,
         raw: bytes | None = None) -> tuple[int, dict[str, str], Any]:
    parts = urlsplit(base_url)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        headers_out = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    try:
        return response.status, headers_out, json.loads(data) if data else None
    except ValueError:
        return response.status, headers_out, data.decode(errors="replace")


def login(stack: LocalStack, email: str) -> dict[str, Any]:
    status, _, body = call(stack.api_url, "POST", "/auth/login", body={"email": email, "password": PASSWORD})
    assert status == 200, body
    return body


def test_seed_logins_are_reported(local_stack: LocalStack):
    emails = {email for _, email, _ in local_stack.logins}
    assert {"admin@demo.example", "agent@demo.example", "admin@nordlicht.example",
            "agent@nordlicht.example"} <= emails
    assert {password for _, _, password in local_stack.logins} == {PASSWORD}


def test_login_me_and_search_on_dynamodb_local(local_stack: LocalStack):
    session = login(local_stack, "agent@demo.example")
    assert session["agent"]["tenant_name"] == "Demo GmbH" and session["agent"]["role"] == "agent"
    status, headers, me = call(local_stack.api_url, "GET", "/me", token=session["token"])
    assert status == 200 and me["email"] == "agent@demo.example" and headers.get("x-request-id")
    status, _, found = call(local_stack.api_url, "GET", f"/customers?q={quote('Mustermann')}",
                            token=session["token"])
    assert status == 200, found
    assert [c["customer_number"] for c in found["customers"]] == ["K10001"]


def test_tenants_are_isolated(local_stack: LocalStack):
    session = login(local_stack, "agent@nordlicht.example")
    status, _, found = call(local_stack.api_url, "GET", "/customers?q=Mustermann", token=session["token"])
    assert status == 200
    assert all(c["last_name"] != "Mustermann" for c in found["customers"])


def test_wrong_password_and_missing_token_are_401(local_stack: LocalStack):
    status, _, body = call(local_stack.api_url, "POST", "/auth/login",
                           body={"email": "agent@demo.example", "password": "wrong"})
    assert status == 401 and body["code"] == "unauthenticated"
    status, _, _ = call(local_stack.api_url, "GET", "/me")
    assert status == 401
    status, _, _ = call(local_stack.api_url, "GET", "/me", token="abc.def.ghi")
    assert status == 401


def test_validation_and_malformed_json_are_400(local_stack: LocalStack):
    token = login(local_stack, "agent@demo.example")["token"]
    status, _, body = call(local_stack.api_url, "GET", "/customers?q=ab", token=token)
    assert status == 400 and "q" in body["fields"]
    status, _, body = call(local_stack.api_url, "POST", "/auth/login", raw=b"{not json")
    assert status == 400 and body["code"] == "validation_error"


def test_openapi_is_public(local_stack: LocalStack):
    status, _, document = call(local_stack.api_url, "GET", "/openapi.json")
    assert status == 200 and "/customers" in document["paths"]
