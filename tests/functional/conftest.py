"""Functional fixtures: the Chalice app through ``chalice.test.Client``, AWS by moto in-process,
pixi by the real simulator on a free port. Everything is set up once per session."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from chalice.test import Client

FUNCTIONAL_ENV = {
    "APP_STAGE": "test",
    "AWS_DEFAULT_REGION": "eu-central-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "TABLE_PREFIX": "pcc-functional-",
    "ALLOW_LOOPBACK_URLS": "1",
    "TOKEN_TTL_SECONDS": "900",
    "STEADY_ANSWER_SECONDS": "0",  # the floor itself: tests/unit/auth/test_steady_answer.py, bench/
}
UNSET = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE")
PASSWORD = "Demo-Passw0rd!"
UNREACHABLE_PIXI = "http://127.0.0.1:9"  # until the simulator fixture re-seeds the real address


@pytest.fixture(scope="session")
def aws() -> Iterator[None]:
    """moto for every AWS call, the tables created and the demo tenants seeded."""
    from moto import mock_aws

    from chalicelib import bootstrap
    from chalicelib.settings import reset_settings

    with pytest.MonkeyPatch.context() as env:
        for name, value in FUNCTIONAL_ENV.items():
            env.setenv(name, value)
        for name in UNSET:
            env.delenv(name, raising=False)
        reset_settings()
        with mock_aws():
            bootstrap.create_tables()
            bootstrap.seed_demo(UNREACHABLE_PIXI)
            try:
                yield
            finally:
                reset_settings()


@pytest.fixture(autouse=True)
def closed_pixi_breakers(aws: None) -> Iterator[None]:
    """Every test starts with closed pixi circuit breakers (a test's pixi faults stay its own)."""
    from chalicelib.services.pixi_guard import pixi_guard
    from tests.functional.breakers import close_all_breakers

    close_all_breakers()
    pixi_guard().forget()
    yield


@dataclass
class Simulator:
    url: str
    handle: Any

    def fault(self, **spec: Any) -> None:
        import requests

        requests.post(f"{self.url}/_admin/faults", json=spec, timeout=5).raise_for_status()

    def clear_faults(self) -> None:
        import requests

        requests.delete(f"{self.url}/_admin/faults", timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def simulator(aws: None) -> Iterator[Simulator]:
    """The pixi simulator on a free port; the demo connections point at it."""
    from chalicelib import bootstrap
    from pixi_simulator.server import SimulatorConfig, start_in_thread

    handle = start_in_thread("127.0.0.1", 0, SimulatorConfig())
    try:
        bootstrap.seed_demo(handle.base_url)
        yield Simulator(url=handle.base_url, handle=handle)
    finally:
        handle.shutdown()


@pytest.fixture
def pixi(simulator: Simulator) -> Iterator[Simulator]:
    """The simulator with no faults before and after the test."""
    simulator.clear_faults()
    try:
        yield simulator
    finally:
        simulator.clear_faults()


SHORT_READ_TIMEOUT = 1.0


@pytest.fixture
def short_pixi_timeouts(aws: None) -> Iterator[float]:
    """pixi clients with a 1 s read timeout (swapped in the one wiring place)."""
    import dataclasses

    from chalicelib.adapters.pixi import pixi_client_for
    from chalicelib.services import wiring

    real = wiring.adapters()
    def impatient_client_for(connection: Any) -> Any:
        return pixi_client_for(dataclasses.replace(connection, read_timeout=SHORT_READ_TIMEOUT))

    wiring.use_adapters(dataclasses.replace(real, pixi_client_for=impatient_client_for))
    try:
        yield SHORT_READ_TIMEOUT
    finally:
        wiring.use_adapters(real)


@pytest.fixture(scope="session")
def client(aws: None) -> Client:
    from app import app

    return Client(app, stage_name="test")


class Api:
    """Small helpers over the test client: JSON in and out, bearer tokens, logins."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, *, token: str | None = None, json_body: Any = None,
             raw_body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        body = raw_body if raw_body is not None else b""
        if json_body is not None:
            body = json.dumps(json_body).encode()
        response = self.client.http.request(method, path, headers=all_headers, body=body)
        try:
            payload = json.loads(response.body) if response.body else None
        except ValueError:
            payload = response.body.decode(errors="replace")
        return response.status_code, payload

    def login(self, email: str, password: str = PASSWORD) -> str:
        status, body = self.call("POST", "/auth/login", json_body={"email": email, "password": password})
        assert status == 200, body
        return str(body["token"])


@pytest.fixture(scope="session")
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture(scope="session")
def demo_agent_token(api: Api) -> str:
    return api.login("agent@demo.example")


@pytest.fixture(scope="session")
def nordlicht_agent_token(api: Api) -> str:
    return api.login("agent@nordlicht.example")


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every JSON line the shared logger writes during the test."""
    from chalicelib.log import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    underlying = logging.getLogger(logger.name)
    underlying.addHandler(handler)
    try:
        yield stream
    finally:
        underlying.removeHandler(handler)


def log_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.fixture
def fresh_pixi_cache() -> Iterator[None]:
    """An empty per-tenant pixi cache before and after the test."""
    from chalicelib.services.pixi_cache import pixi_cache

    pixi_cache().clear()
    try:
        yield
    finally:
        pixi_cache().clear()


class CountingPixiClient:
    """A real pixi client that counts the calls made through it (by client method name)."""

    def __init__(self, inner: Any, counts: dict[str, int], lock: Any) -> None:
        self._inner = inner
        self._counts = counts
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self._counts[name] = self._counts.get(name, 0) + 1
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def pixi_calls(aws: None, fresh_pixi_cache: None) -> Iterator[dict[str, int]]:
    """Counts of the pixi client calls made during the test (swapped in the one wiring place)."""
    import dataclasses
    import threading

    from chalicelib.services import wiring

    counts: dict[str, int] = {}
    lock = threading.Lock()
    real = wiring.adapters()
    wiring.use_adapters(dataclasses.replace(
        real, pixi_client_for=lambda c: CountingPixiClient(real.pixi_client_for(c), counts, lock)  # type: ignore[arg-type,return-value]
    ))
    try:
        yield counts
    finally:
        wiring.use_adapters(real)
