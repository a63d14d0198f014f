"""The two reset seams that keep settings and wiring free of import circles: modules that build on
the settings (``on_reset``) or cache from the adapters (``on_swap``) register how they forget."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib import settings
from chalicelib.services import wiring


@pytest.fixture
def no_registrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "_built_from_settings", [])
    monkeypatch.setattr(wiring, "_built_from_adapters", [])


def test_reset_settings_calls_every_registered_forget_once(no_registrations: None):
    calls: list[str] = []

    def forget() -> None:
        calls.append("forgot")

    settings.on_reset(forget)
    settings.on_reset(forget)  # registering twice changes nothing
    settings.reset_settings()
    assert calls == ["forgot"]


def test_use_adapters_calls_every_registered_forget(no_registrations: None):
    calls: list[str] = []
    wiring.on_swap(lambda: calls.append("swapped"))
    wiring.use_adapters(None)
    assert calls == ["swapped"]


def test_reset_settings_forgets_the_clients_and_the_adapters(monkeypatch: pytest.MonkeyPatch):
    from chalicelib.adapters import aws

    stand_in: Any = object()
    monkeypatch.setitem(aws._clients, "ses", stand_in)
    monkeypatch.setattr(wiring, "_adapters", stand_in)
    settings.reset_settings()
    assert "ses" not in aws._clients
    assert wiring._adapters is None


def test_swapping_adapters_forgets_the_resolved_pixi_connections():
    from chalicelib.services import pixi_connection

    assert pixi_connection.forget_connections in wiring._built_from_adapters
