"""Fixtures of the outgoing-request tests: the recording server (tests/fakes), the local stage's
setting and a fake DNS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib.settings import get_settings
from tests.fakes.dns import dns
from tests.fakes.http_server import Seen, Serve, Server, serve

__all__ = ["Seen", "Serve", "Server", "dns", "serve"]


@pytest.fixture
def local_stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """``ALLOW_LOOPBACK_URLS=1`` as on the local stack: the test servers are on 127.0.0.1."""
    monkeypatch.setenv("ALLOW_LOOPBACK_URLS", "1")
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()
