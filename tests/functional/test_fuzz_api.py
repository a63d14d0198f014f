"""Property-based fuzzing of every route of the OpenAPI document (schemathesis): whatever the
input, the API never answers with a 5xx, every answer has a documented status, every error has the
error shape and every date-time its UTC offset (issue 15).

The run works on a tenant of its own ("fuzz", an admin and an agent, every option booked) on a
simulator of its own,
so what the fuzzer changes (settings, carts, orders in pixi) touches no other test. Public writes
(login, password reset, signup, invitations) are left out: they are throttled per client IP, and
every test shares one IP; their bad input is covered by their own tests.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.functional.conftest import Api

EXAMPLES_PER_OPERATION = 6
"""Bounded: about 2 x 80 routes x 6 examples per run of ``make test``."""
FUZZ_TENANT = "fuzz"
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?P<zone>Z|[+-]\d{2}:\d{2})?$")


@pytest.fixture(scope="module")
def fuzz_logins(api: Api) -> Iterator[dict[str, str]]:
    """Tokens of the fuzz tenant's admin and agent, whose pixi is a simulator of its own."""
    from chalicelib import bootstrap
    from chalicelib.domain.tenant import Feature
    from chalicelib.services.wiring import adapters
    from pixi_simulator.server import SimulatorConfig, start_in_thread

    handle = start_in_thread("127.0.0.1", 0, SimulatorConfig())
    try:
        bootstrap._seed_tenant(
            tenant_id=FUZZ_TENANT, name="Fuzz GmbH", endpoint=f"{handle.base_url}/soap/pixiDEM/",
            pixi_user="pixiDEM", pixi_password="pixi-demo", admin_email="admin@fuzz.example",
            agent_email="agent@fuzz.example",
        )
        tenants = adapters().tenants
        tenant = tenants.get(FUZZ_TENANT)
        assert tenant is not None
        tenants.save(dataclasses.replace(tenant, features=tuple(Feature)))  # every route in reach
        yield {"admin": api.login("admin@fuzz.example"), "agent": api.login("agent@fuzz.example")}
    finally:
        handle.shutdown()


def _fuzzed_operations() -> list[Any]:
    from chalicelib.api.openapi import build_openapi_document

    document = build_openapi_document()
    schema = schemathesis.openapi.from_dict(document)
    chosen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        info = document["paths"][operation.path][operation.method.lower()]
        if info["security"] == [] and operation.method.upper() != "GET":
            continue  # public writes: throttled per IP (see the module docstring)
        chosen.append(operation)
    return chosen


OPERATIONS = _fuzzed_operations()


def _request(case: Any, token: str) -> tuple[str, str, dict[str, str], bytes]:
    sent = case.as_transport_kwargs(base_url="http://api")
    parts = urlsplit(sent["url"])
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if sent.get("params"):
        path += ("&" if "?" in path else "?") + urlencode(sent["params"], doseq=True)
    headers = {k: str(v) for k, v in (sent.get("headers") or {}).items()
               if k.lower() not in ("authorization", "accept-encoding", "connection", "user-agent")}
    headers["Authorization"] = f"Bearer {token}"
    if "json" in sent:
        body = json.dumps(sent["json"]).encode()
        headers["Content-Type"] = "application/json"
    else:
        data = sent.get("data") or b""
        body = data.encode() if isinstance(data, str) else bytes(data)
    return sent["method"], path, headers, body


def _moments_without_offset(value: Any, where: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _moments_without_offset(child, f"{where}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _moments_without_offset(child, f"{where}[{index}]")
    elif isinstance(value, str):
        match = _DATE_TIME.match(value)
        if match and not match.group("zone"):
            yield f"{where}={value}"


def _problems(api: Api, operation: Any, case: Any, token: str) -> list[str]:
    method, path, headers, body = _request(case, token)
    response = api.client.http.request(method, path, headers=headers, body=body)
    status = response.status_code
    label = f"{method} {path[:160]} -> {status}"
    try:
        payload = json.loads(response.body) if response.body else None
    except ValueError:
        payload = None
    problems = []
    if status >= 500:
        problems.append(f"{label}: {response.body[:300]!r}")
    documented = operation.definition.raw.get("responses", {})
    if str(status) not in documented:
        problems.append(f"{label}: status not in the document ({sorted(documented)})")
    shaped = isinstance(payload, dict) and {"code", "message", "request_id"} <= set(payload)
    if status >= 400 and not shaped:
        problems.append(f"{label}: error without the documented shape: {response.body[:200]!r}")
    if status < 400 and payload is not None:
        problems += [f"{label}: date-time without offset {m}" for m in _moments_without_offset(payload)]
    return problems


def _fuzz(api: Api, operation: Any, token: str) -> list[str]:
    """The problems found in a bounded number of generated requests to ``operation``."""
    found: list[str] = []

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), _=st.just(None))
    def run(case: Any, _: None) -> None:
        found.extend(_problems(api, operation, case, token))

    run()
    return found


@pytest.mark.parametrize("role", ["admin", "agent"])
def test_no_input_gives_a_5xx_an_undocumented_status_or_a_date_time_without_offset(
    api: Api, fuzz_logins: dict[str, str], fresh_pixi_cache: None, role: str
) -> None:
    token = fuzz_logins[role]
    problems: list[str] = []
    for operation in OPERATIONS:
        problems += _fuzz(api, operation, token)[:3]  # a few per route are enough to see what is wrong
    assert not problems, "\n".join(problems)
