"""The features a tenant has booked: read (cached briefly per process), required by routes, changed
by admins.

Routes of a booked option declare it (``endpoint(..., feature=Feature.X)``), which calls
``require_feature``; nothing else checks features.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.cache import TtlCache
from chalicelib.domain.package import booked_package, ensure_booked
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Feature
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.tenants import tenant_of
from chalicelib.services.wiring import adapters, on_swap

FEATURE_CACHE_SECONDS = 30.0
"""How long a process reuses a tenant's booked features; a change made in another process applies
after at most this long."""

_booked = TtlCache(max_entries=1000)
on_swap(_booked.clear)  # other adapters (tests): other stored tenants


def booked_features(tenant_id: str) -> tuple[Feature, ...]:
    """The tenant's booked features (``package``, cached for ``FEATURE_CACHE_SECONDS``)."""
    return _booked.get_or_load((tenant_id, "features"), FEATURE_CACHE_SECONDS, lambda: package(tenant_id))


def require_feature(tenant_id: str, feature: Feature) -> None:
    """403 ``feature_not_booked`` when the tenant has not booked ``feature``."""
    ensure_booked(booked_features(tenant_id), feature)


def package(tenant_id: str) -> tuple[Feature, ...]:
    """The booked features as stored now (every write went through ``booked_package``)."""
    return tenant_of(tenant_id).features


def set_package(principal: Principal, features: Iterable[Feature | str]) -> tuple[Feature, ...]:
    """Book exactly ``features`` (basic is always kept; an unknown name is a 400 on ``features``)."""
    wanted = booked_package(features)
    before = package(principal.tenant_id)
    adapters().tenants.update_settings(principal.tenant_id, features=wanted)
    _booked.forget((principal.tenant_id,))
    record_admin_action(
        principal.tenant_id,
        principal,
        "package.changed",
        {"from": [f.value for f in before], "to": [f.value for f in wanted]},
    )
    return package(principal.tenant_id)
