"""The running local stack (session fixture ``local_stack``): every part answers on loopback,
the web server proxies to chalice local, the tables exist, the demo is seeded."""

from __future__ import annotations

import http.client
import json
import os
from urllib.parse import urlsplit

import boto3
import pytest

from devstack import LocalStack

pytestmark = pytest.mark.integration


def call(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path or "/", body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_every_part_has_its_own_free_loopback_port(local_stack: LocalStack) -> None:
    urls = [
        local_stack.web_url,
        local_stack.api_url,
        local_stack.simulator_url,
        local_stack.moto_url,
        local_stack.dynamodb_url,
    ]
    assert all(url.startswith("http://127.0.0.1:") for url in urls)
    assert len({urlsplit(url).port for url in urls}) == 5
    assert set(local_stack.pids) == {"dynamodb", "moto", "simulator", "api", "web", "worker"}
    assert local_stack.failed_parts() == {}


def test_health_through_the_proxy_equals_chalice_local(local_stack: LocalStack) -> None:
    direct = call(f"{local_stack.api_url}/health")
    proxied = call(f"{local_stack.web_url}/api/health")

    assert proxied[0] == direct[0] == 200
    assert json.loads(proxied[2]) == json.loads(direct[2]) == {"status": "ok"}
    assert proxied[1]["content-type"] == direct[1]["content-type"]


def test_proxy_passes_status_and_error_body_of_the_api(local_stack: LocalStack) -> None:
    direct = call(f"{local_stack.api_url}/me")
    proxied = call(f"{local_stack.web_url}/api/me")

    assert proxied[0] == direct[0] == 401  # no token
    assert proxied[1]["content-type"] == direct[1]["content-type"]
    assert _without_request_id(json.loads(proxied[2])) == _without_request_id(json.loads(direct[2]))


def _without_request_id(answer: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in answer.items() if key != "request_id"}


def test_demo_login_works_through_the_proxy(local_stack: LocalStack) -> None:
    tenant, email, password = next(login for login in local_stack.logins if login[1] == "admin@demo.example")

    status, _, body = call(
        f"{local_stack.web_url}/api/auth/login",
        "POST",
        json.dumps({"email": email, "password": password}).encode(),
        {"Content-Type": "application/json"},
    )

    assert status == 200, body
    answer = json.loads(body)
    assert answer["token"]
    assert answer["agent"]["tenant_name"] == tenant == "Demo GmbH"
    assert answer["agent"]["role"] == "admin"


def test_seed_demo_logins_are_reported(local_stack: LocalStack) -> None:
    emails = {email for _, email, _ in local_stack.logins}
    assert {
        "admin@demo.example",
        "agent@demo.example",
        "admin@nordlicht.example",
        "agent@nordlicht.example",
    } <= emails
    assert {tenant for tenant, _, _ in local_stack.logins} == {"Demo GmbH", "Nordlicht Handels AG"}


def test_config_js_and_page_come_from_the_web_server(local_stack: LocalStack) -> None:
    status, headers, body = call(f"{local_stack.web_url}/config.js")
    assert status == 200
    assert body == b'window.APP_CONFIG = {"apiBase": "/api", "stage": "local"};\n'
    assert headers["cache-control"] == "no-store"

    status, headers, body = call(f"{local_stack.web_url}/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"/config.js" in body


def test_dynamodb_local_has_the_tables(local_stack: LocalStack) -> None:
    dynamodb = boto3.client("dynamodb", endpoint_url=local_stack.dynamodb_url)
    tables = dynamodb.list_tables()["TableNames"]
    assert tables
    assert all(name.startswith("pcc-local-") for name in tables)
    # It is DynamoDB Local, not moto: moto's DynamoDB has no tables at all.
    assert boto3.client("dynamodb", endpoint_url=local_stack.moto_url).list_tables()["TableNames"] == []


def test_moto_has_the_verified_sender(local_stack: LocalStack) -> None:
    identities = boto3.client("ses", endpoint_url=local_stack.moto_url).list_identities()["Identities"]
    assert "noreply@callcenter.example" in identities


def test_simulator_is_healthy(local_stack: LocalStack) -> None:
    status, _, _ = call(f"{local_stack.simulator_url}/_admin/health")
    assert status == 200


_seen_stack_env: dict[str, str] = {}


def test_environment_points_default_clients_at_the_stack(local_stack: LocalStack) -> None:
    _seen_stack_env.update(local_stack.env)
    for name, value in local_stack.env.items():
        assert os.environ[name] == value
    # A client built without any endpoint argument reaches the local servers.
    assert boto3.client("dynamodb").list_tables()["TableNames"]
    assert "noreply@callcenter.example" in boto3.client("ses").list_identities()["Identities"]


def test_tests_without_the_stack_do_not_see_its_endpoints(request: pytest.FixtureRequest) -> None:
    # Runs after the test above (file order), which recorded the stack's environment.
    if not _seen_stack_env:
        pytest.skip("run on its own: the stack's environment was not recorded")
    assert "local_stack" not in request.fixturenames
    assert os.environ.get("AWS_ENDPOINT_URL") != _seen_stack_env["AWS_ENDPOINT_URL"]
    assert os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") != _seen_stack_env["AWS_ENDPOINT_URL_DYNAMODB"]
