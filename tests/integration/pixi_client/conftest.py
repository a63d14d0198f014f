"""The pixi simulator, started in-process on a free port for the pixi client's integration tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib.adapters.pixi import PixiClient, PixiConnection

USER, PASSWORD = "pixiDEM", "pixi-demo"


@pytest.fixture(scope="module")
def sim() -> Iterator[Any]:
    server = pytest.importorskip("pixi_simulator.server", reason="pixi simulator server not available")
    simulator = server.start_in_thread(host="127.0.0.1", port=0, config=server.SimulatorConfig())
    try:
        yield simulator
    finally:
        simulator.shutdown()


@pytest.fixture(autouse=True)
def _loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The simulator listens on 127.0.0.1, which only the local stages may reach (outbound.py)."""
    from chalicelib.settings import get_settings

    monkeypatch.setenv("ALLOW_LOOPBACK_URLS", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _no_faults(sim: Any) -> Iterator[None]:
    sim.clear_faults()
    yield
    sim.clear_faults()


@pytest.fixture(scope="module")
def endpoint(sim: Any) -> str:
    return str(sim.endpoint("pixiDEM"))


@pytest.fixture(scope="module")
def client(endpoint: str) -> PixiClient:
    return PixiClient(PixiConnection(endpoint, USER, PASSWORD), backoff=0.01)


MakeClient = Callable[..., PixiClient]


@pytest.fixture
def make_client() -> MakeClient:
    """A fresh client: ``make_client(endpoint, password=…, read_timeout=…, retries=…)``."""

    def make(endpoint: str, password: str = PASSWORD, *, retries: int = 2, **timeouts: float) -> PixiClient:
        return PixiClient(PixiConnection(endpoint, USER, password, **timeouts), retries=retries, backoff=0.01)

    return make
