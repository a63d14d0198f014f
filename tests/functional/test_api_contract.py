"""Every error answer has the documented shape, the gateway's own refusals included (issue 15)."""

from __future__ import annotations

import pytest

from tests.functional.conftest import Api

SHAPE = {"code", "message", "request_id"}


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer abc.def.ghi"}, {"Authorization": "Basic x"}],
    ids=["no token", "garbage token", "other scheme"],
)
def test_the_authorizers_401_has_the_error_shape(api: Api, headers: dict[str, str]):
    for method, path in (("GET", "/customers?q=Mustermann"), ("GET", "/me"), ("POST", "/support-requests")):
        status, body = api.call(method, path, headers=headers, json_body={})
        assert status == 401, (path, body)
        assert set(body) == SHAPE and body["code"] == "unauthenticated" and body["request_id"], body
        assert body["message"] == "Die Anmeldung ist abgelaufen oder ungültig. Bitte neu anmelden."


def test_an_order_details_answer_carries_utc_offsets(api: Api, pixi, demo_agent_token: str):
    number = max(pixi.handle.database("pixiDEM").orders_by_customer[1])
    status, body = api.call("GET", f"/orders/{number}", token=demo_agent_token)
    assert status == 200, body
    for moment in [body["order_date"], *(i["invoice_date"] for i in body["invoices"])]:
        assert moment[-6:] in ("+01:00", "+02:00"), moment  # pixi's time is Europe/Berlin
