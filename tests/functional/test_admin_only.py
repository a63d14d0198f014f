"""Admin-only routes refuse agents on the server (checked on a small app with one such route)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from chalicelib.api import openapi
from chalicelib.domain.permissions import Principal
from tests.functional.conftest import Api
from tests.functional.probe import probe_client


class WhoOut(BaseModel):
    agent_id: str
    role: str


@pytest.fixture
def admin_app(aws: None) -> Iterator[Api]:
    @openapi.endpoint("/test/admin-only", summary="x", tag="test", admin_only=True, response=WhoOut)
    def admin_only(principal: Principal) -> WhoOut:
        return WhoOut(agent_id=principal.agent_id, role=principal.role.value)

    with probe_client("admin-only-test", ("GET", "/test/admin-only")) as client:
        yield Api(client)


def test_agents_are_refused_and_admins_served(admin_app: Api, api: Api):
    agent_token = api.login("agent@demo.example")
    admin_token = api.login("admin@demo.example")
    status, body = admin_app.call("GET", "/test/admin-only", token=agent_token)
    assert status == 403 and body["code"] == "forbidden"
    assert body["message"] == "Diese Funktion ist Administratoren vorbehalten."
    status, body = admin_app.call("GET", "/test/admin-only", token=admin_token)
    assert status == 200 and body == {"agent_id": "admin", "role": "admin"}
    assert admin_app.call("GET", "/test/admin-only")[0] == 401
