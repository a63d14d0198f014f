"""Throw-away apps for tests that declare a route of their own (e.g. an option's route before the
real one exists): wired exactly like ``app.py`` (middleware, authorizer), served by ``chalice.test``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalice import Chalice
from chalice.test import Client

from chalicelib.api import openapi, routes
from chalicelib.api.authorizer import AUTHORIZER_CACHE_SECONDS, token_authorizer
from chalicelib.api.middleware import request_middleware


@contextmanager
def probe_client(name: str, *declared: tuple[str, str]) -> Iterator[Client]:
    """A client of an app with the routes ``(method, path)`` that the test declared with ``endpoint``;
    the declarations are forgotten afterwards, so the real API document stays as it is."""
    app = Chalice(app_name=name)
    app.register_middleware(request_middleware, "http")
    authorizer = app.authorizer(name="token_authorizer", ttl_seconds=AUTHORIZER_CACHE_SECONDS)(
        token_authorizer
    )
    try:
        for method, path in declared:
            operation = openapi._operations[(path, method)]
            extra = {} if operation.public else {"authorizer": authorizer}
            handler = routes.declared_handler(path, method)
            app.route(path, methods=[method], name=operation.name, **extra)(handler)
        with Client(app, stage_name="test") as client:
            yield client
    finally:
        for method, path in declared:
            openapi._operations.pop((path, method), None)
            routes._handlers.pop((path, method), None)
