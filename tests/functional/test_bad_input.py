"""Bad input never gives a 5xx: control characters, far-away dates and deeply nested JSON are 400s
that name the field (issue 15)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.functional.conftest import Api, Simulator


@pytest.fixture(scope="module")
def demo_admin_token(api: Api) -> str:
    return api.login("admin@demo.example")


@pytest.mark.parametrize("text", ["abc\x00def", "Muster\x1bmann", "abc\ufffedef", "abc\U0010ffff"])
def test_control_and_non_characters_in_a_search_field_are_a_400(
    api: Api, pixi: Simulator, demo_agent_token: str, text: str
):
    for field in ("q", "name", "email"):
        status, body = api.call("GET", f"/customers?{field}={quote(text)}", token=demo_agent_token)
        assert status == 400, (field, body)
        assert body["code"] == "validation_error" and field in body["fields"], body
        assert body["request_id"]


def test_ordinary_unicode_still_searches(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = api.call("GET", f"/customers?q={quote('Müller')}", token=demo_agent_token)
    assert status == 200, body


@pytest.mark.parametrize(("field", "value"), [
    ("from", "0001-01-01"), ("to", "0001-01-01"), ("from", "9999-12-31"), ("to", "9999-12-31T23:59:59-12:00"),
    ("from", "0001-01-01T00:00:00"),
])
def test_audit_dates_far_outside_the_trail_are_a_400(api: Api, demo_admin_token: str, field: str, value: str):
    status, body = api.call("GET", f"/audit?{field}={quote(value)}", token=demo_admin_token)
    assert status == 400, body
    assert body["fields"] == {field: "Bitte ein Datum zwischen 2000 und 2999 angeben."}


def test_deeply_nested_json_is_a_400(api: Api, pixi: Simulator, demo_agent_token: str):
    for depth in (40, 100_000):
        raw = ('{"customer_key": 1, "message": "x", "extra": ' + "[" * depth + "]" * depth + "}").encode()
        status, body = api.call("POST", "/support-requests", token=demo_agent_token, raw_body=raw)
        assert status == 400, (depth, body)
        assert body["code"] == "validation_error" and "body" in body["fields"], body


def test_control_characters_in_a_body_are_a_400_with_the_field(
    api: Api, pixi: Simulator, demo_agent_token: str
):
    status, body = api.call("POST", "/support-requests", token=demo_agent_token,
                            json_body={"customer_key": 1, "message": "Hallo\x00Welt"})
    assert status == 400, body
    assert set(body["fields"]) == {"message"}
