"""The table of every route, registered with Chalice at import; each route module loads on first use.

Chalice must know every route when ``app.py`` is imported (``chalice deploy``, ``chalice local``
and API Gateway are built from ``app.routes``), but a request needs only its own route module
with its pydantic models and services. So ``app.py`` registers the routes of this table, each
with a small view that imports its module on the first request and calls the view that module
declared with ``endpoint(...)``. A cold Lambda thus pays for what its first request uses, not for
every model of the API.

The declarations (models, roles, feature, pixi connection, summary) stay in the route modules; this
table holds only where each route lives. ``tests/unit/api/test_route_table.py`` fails when the two
disagree (a route declared but not in the table, or the other way round).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass(frozen=True)
class RouteSpec:
    module: str  # under chalicelib.api
    method: Method
    path: str
    public: bool = False


Spec = tuple[Method, str] | tuple[Method, str, Literal["public"]]


def _routes(module: str, *specs: Spec) -> list[RouteSpec]:
    return [RouteSpec(module, spec[0], spec[1], public=len(spec) > 2) for spec in specs]


ROUTES: tuple[RouteSpec, ...] = tuple(
    _routes("system", ("GET", "/health", "public"), ("GET", "/openapi.json", "public"))
    + _routes("auth", ("POST", "/auth/login", "public"), ("POST", "/auth/refresh"), ("GET", "/me"))
    + _routes(
        "invitations",
        ("GET", "/invitations/{token}", "public"),
        ("POST", "/invitations/accept", "public"),
        ("POST", "/auth/password-reset", "public"),
        ("POST", "/auth/password-reset/confirm", "public"),
    )
    + _routes("signup", ("POST", "/signup", "public"), ("POST", "/signup/verify", "public"))
    + _routes("customers", ("GET", "/customers"), ("GET", "/customers/{customer_key}"))
    + _routes("orders", ("GET", "/customers/{customer_key}/orders"), ("GET", "/orders/{order_number}"))
    + _routes("shops", ("GET", "/shops"))
    + _routes("support", ("GET", "/support-requests/readiness"), ("POST", "/support-requests"))
    + _routes("audit", ("GET", "/audit"), ("GET", "/me/recent-customers"))
    + _routes(
        "order_config",
        ("GET", "/settings/order-config"),
        ("PUT", "/settings/order-config"),
        ("GET", "/order-config"),
    )
    + _routes("products", ("GET", "/products"))
    + _routes(
        "carts",
        ("POST", "/carts"),
        ("GET", "/carts"),
        ("GET", "/carts/{cart_id}"),
        ("PATCH", "/carts/{cart_id}"),
        ("POST", "/carts/{cart_id}/lines"),
        ("POST", "/carts/{cart_id}/lines/paste"),
        ("PATCH", "/carts/{cart_id}/lines/{line_id}"),
        ("DELETE", "/carts/{cart_id}/lines/{line_id}"),
        ("POST", "/carts/{cart_id}/park"),
        ("POST", "/carts/{cart_id}/take-over"),
        ("POST", "/address-matches"),
    )
    + _routes(
        "placed_orders",
        ("POST", "/carts/{cart_id}/order/preview"),
        ("POST", "/carts/{cart_id}/order"),
        ("GET", "/placed-orders"),
        ("GET", "/placed-orders/{order_id}"),
    )
    + _routes(
        "promo_imports",
        ("GET", "/settings/promo-imports"),
        ("PUT", "/settings/promo-imports"),
        ("POST", "/promo-imports/preview"),
        ("POST", "/promo-imports/run"),
        ("GET", "/promo-imports/runs"),
        ("GET", "/promo-imports/runs/{run_id}/rejected.csv"),
        ("GET", "/promo-prices"),
    )
    + _routes(
        "agents",
        ("GET", "/agents"),
        ("POST", "/agents"),
        ("POST", "/agents/{agent_id}/invitation"),
        ("DELETE", "/agents/{agent_id}/invitation"),
        ("POST", "/agents/{agent_id}/disable"),
        ("POST", "/agents/{agent_id}/enable"),
        ("PUT", "/agents/{agent_id}/role"),
        ("POST", "/agents/{agent_id}/unlock"),
    )
    + _routes(
        "settings",
        ("GET", "/settings"),
        ("GET", "/settings/pixi-connections"),
        ("POST", "/settings/pixi-connections"),
        ("POST", "/settings/pixi-connections/test"),
        ("PATCH", "/settings/pixi-connections/{connection_id}"),
        ("DELETE", "/settings/pixi-connections/{connection_id}"),
        ("POST", "/settings/pixi-connections/{connection_id}/default"),
        ("GET", "/pixi-connections"),
        ("GET", "/settings/email"),
        ("PUT", "/settings/email"),
        ("POST", "/settings/email/sender"),
        ("POST", "/mail-addresses/confirm", "public"),
        ("GET", "/settings/package"),
        ("PUT", "/settings/package"),
    )
)

ROUTE_MODULES: tuple[str, ...] = tuple(dict.fromkeys(spec.module for spec in ROUTES))

_import_lock = threading.Lock()
_handlers: dict[tuple[str, str], Callable[..., Any]] = {}


def declare_handler(path: str, method: str, handler: Callable[..., Any]) -> None:
    """Called by ``endpoint(...)`` as a route module loads: the function that serves the route."""
    if (path, method) in _handlers:
        raise RuntimeError(f"route declared twice: {method} {path}")
    _handlers[(path, method)] = handler


def declared_handler(path: str, method: str) -> Callable[..., Any]:
    """The function that ``endpoint`` built for ``method path`` (its module must be loaded)."""
    return _handlers[(path, method)]


def load_route_module(module: str) -> None:
    """Import a route module (its ``endpoint`` declarations record the operations)."""
    with _import_lock:
        importlib.import_module(f"chalicelib.api.{module}")


def load_all_route_modules() -> None:
    """Every route module: for the OpenAPI document and the table check."""
    for module in ROUTE_MODULES:
        load_route_module(module)


def lazy_view(spec: RouteSpec) -> Callable[..., Any]:
    """A Chalice view that loads ``spec.module`` on first use and calls the view it declared."""
    handler: Callable[..., Any] | None = None

    def view(**path_params: str) -> Any:
        nonlocal handler
        if handler is None:
            load_route_module(spec.module)
            handler = declared_handler(spec.path, spec.method)
        return handler(**path_params)

    view.__name__ = f"{spec.module}_{spec.method.lower()}_" + "".join(
        c if c.isalnum() else "_" for c in spec.path.strip("/")
    )
    return view


def register_routes(app: Any, authorizer: Any) -> None:
    """Register every route of the table with the Chalice app (``authorizer`` unless public)."""
    for spec in ROUTES:
        extra: dict[str, Any] = {} if spec.public else {"authorizer": authorizer}
        view = lazy_view(spec)
        app.route(spec.path, methods=[spec.method], name=view.__name__, **extra)(view)
