"""Admin-only routes refuse agents on the server (checked on a small app with one such route)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chalice import Blueprint, Chalice
from chalice.test import Client
from pydantic import BaseModel

from chalicelib.api import openapi
from chalicelib.api.authorizer import authorizer_blueprint
from chalicelib.api.errors import request_middleware
from chalicelib.domain.permissions import Principal
from tests.functional.conftest import Api


class WhoOut(BaseModel):
    agent_id: str
    role: str


@pytest.fixture
def admin_app(aws: None) -> Iterator[Api]:
    saved = dict(openapi._operations)
    try:
        routes = Blueprint("admin_test_routes")

        @openapi.endpoint(routes, "/test/admin-only", summary="x", tag="test", admin_only=True,
                          response=WhoOut)
        def admin_only(principal: Principal) -> WhoOut:
            return WhoOut(agent_id=principal.agent_id, role=principal.role.value)

        app = Chalice(app_name="admin-only-test")
        app.register_middleware(request_middleware, "http")
        app.register_blueprint(authorizer_blueprint)
        app.register_blueprint(routes)
        yield Api(Client(app, stage_name="test"))
    finally:
        openapi._operations.clear()
        openapi._operations.update(saved)


def test_agents_are_refused_and_admins_served(admin_app: Api, api: Api):
    agent_token = api.login("agent@demo.example")
    admin_token = api.login("admin@demo.example")
    status, body = admin_app.call("GET", "/test/admin-only", token=agent_token)
    assert status == 403 and body["code"] == "forbidden"
    assert body["message"] == "Diese Funktion ist Administratoren vorbehalten."
    status, body = admin_app.call("GET", "/test/admin-only", token=admin_token)
    assert status == 200 and body == {"agent_id": "admin", "role": "admin"}
    assert admin_app.call("GET", "/test/admin-only")[0] == 401
