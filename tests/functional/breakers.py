"""Test helper: remove every stored pixi circuit breaker (they then read as closed)."""

from __future__ import annotations


def close_all_breakers() -> None:
    from chalicelib.adapters.dynamo.models import PixiBreakerModel, configure_models

    configure_models()
    for item in PixiBreakerModel.scan():
        item.delete()
