"""Error vocabulary, input validation, OpenAPI coverage and structured logs, through the app."""

from __future__ import annotations

import dataclasses
import json

import pytest

from app import app
from chalicelib.services import wiring
from tests.functional.conftest import Api, log_lines


def test_malformed_json_is_a_400_with_a_clear_message(api: Api):
    status, body = api.call("POST", "/auth/login", raw_body=b'{"email": "agent@demo.example", "password": ')
    assert status == 400
    assert body["code"] == "validation_error"
    assert body["message"] == "Der Inhalt der Anfrage ist kein gültiges JSON."
    assert body["request_id"]


def test_wrong_fields_are_named_in_german(api: Api):
    status, body = api.call("POST", "/auth/login", json_body={"email": "agent@demo.example"})
    assert status == 400
    assert body["fields"] == {"password": "Pflichtangabe fehlt."}
    status, body = api.call("POST", "/auth/login", json_body=["not", "an", "object"])
    assert status == 400 and body["code"] == "validation_error"


def test_unknown_route_and_wrong_method_get_json_errors_without_traces(api: Api):
    status, body = api.call("GET", "/does-not-exist")
    assert status in (403, 404)
    assert "Traceback" not in json.dumps(body)
    status, body = api.call("GET", "/auth/login")
    assert status == 405
    assert body["code"] == "method_not_allowed" and body["request_id"]


def test_an_unexpected_failure_is_a_generic_500_with_the_request_id(api: Api, captured_logs,
                                                                    demo_agent_token):
    real = wiring.adapters()

    class BrokenTenants:
        def get(self, tenant_id: str):
            raise RuntimeError("database password is hunter2")

    wiring.use_adapters(dataclasses.replace(real, tenants=BrokenTenants()))  # type: ignore[arg-type]
    try:
        status, body = api.call("GET", "/me", token=demo_agent_token,
                                headers={"X-Request-Id": "req-500-test"})
    finally:
        wiring.use_adapters(real)
    assert status == 500
    assert body == {"code": "internal_error", "message": "Ein unerwarteter Fehler ist aufgetreten.",
                    "request_id": "req-500-test"}
    errors = [line for line in log_lines(captured_logs) if line["level"] == "ERROR"]
    assert errors and "hunter2" in errors[0]["exception"] and "Traceback" in errors[0]["exception"]


def test_every_route_is_in_the_openapi_document_with_security_and_roles(api: Api):
    status, document = api.call("GET", "/openapi.json")
    assert status == 200
    assert document["openapi"] == "3.1.0"
    declared = {(path, method.lower()) for path, methods in app.routes.items() for method in methods}
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert declared == documented
    for path, method in declared:
        operation = document["paths"][path][method]
        assert "security" in operation and "x-roles" in operation, (path, method)
        public = operation["security"] == []
        assert public == (operation["x-roles"] == []), (path, method)
        if not public:
            assert set(operation["x-roles"]) <= {"admin", "agent"} and operation["x-roles"]
            route = app.routes[path][method.upper()]
            assert route.authorizer is not None, f"{method} {path} is protected but has no authorizer"
        [success] = [answer for status, answer in operation["responses"].items() if status.startswith("2")]
        assert success["content"]["application/json"]["schema"]["$ref"]
    for public in ("/health", "/openapi.json", "/auth/login"):
        method = next(iter(document["paths"][public]))
        assert document["paths"][public][method]["security"] == []


def test_openapi_schemas_come_from_the_request_and_response_models(api: Api):
    _, document = api.call("GET", "/openapi.json")
    schemas = document["components"]["schemas"]
    assert set(schemas["LoginIn"]["required"]) == {"email", "password"}
    assert "customers" in schemas["CustomerSearchOut"]["properties"]
    search = document["paths"]["/customers"]["get"]
    names = [p["name"] for p in search["parameters"]]
    assert names[:2] == ["q", "name"] and {"order_number", "invoice_number", "shop"} <= set(names)
    assert not any(p["required"] for p in search["parameters"])  # q OR the advanced fields
    for total in ("total", "total_capped", "truncated", "limit"):
        assert total in schemas["CustomerSearchOut"]["required"]
    overview = document["paths"]["/customers/{customer_key}"]["get"]
    assert overview["parameters"][0] == {"name": "customer_key", "in": "path", "required": True,
                                         "schema": {"type": "string"}}
    assert {"addresses", "orders", "payment_method"} <= set(schemas["CustomerOverviewOut"]["properties"])
    details = schemas["OrderDetailsOut"]["properties"]
    assert {"lines", "invoices", "billing_address", "shipping_address", "customer"} <= set(details)
    assert schemas["InvoiceOut"]["properties"]["total"]["type"] == "string"  # exact amounts


def test_every_log_line_of_a_request_carries_tenant_agent_and_correlation_id(api: Api, captured_logs,
                                                                             demo_agent_token):
    status, _ = api.call("GET", "/me", token=demo_agent_token, headers={"X-Request-Id": "corr-123"})
    assert status == 200
    lines = [line for line in log_lines(captured_logs) if line.get("correlation_id") == "corr-123"]
    assert lines, captured_logs.getvalue()
    request_line = next(line for line in lines if line["message"] == "request")
    assert request_line["tenant_id"] == "demo" and request_line["agent_id"] == "agent"
    assert request_line["status"] == 200 and request_line["service"] == "pixi-callcenter"
    for line in lines:
        assert line["tenant_id"] == "demo" and line["agent_id"] == "agent"
    status, _ = api.call("GET", "/health")
    after = log_lines(captured_logs)[-1]
    assert after["correlation_id"] != "corr-123" and "tenant_id" not in after


@pytest.mark.parametrize("bad_id", ["x" * 200, "bad id with spaces", "<script>"])
def test_a_malformed_request_id_header_is_replaced(api: Api, bad_id: str):
    response = api.client.http.request("GET", "/health", headers={"X-Request-Id": bad_id})
    assert response.headers["X-Request-Id"] != bad_id and len(response.headers["X-Request-Id"]) == 32


def test_pixi_client_lines_carry_the_request_fields_too(api: Api, captured_logs, demo_agent_token, pixi):
    # One HTTP 500 makes the client retry the read and say so in the log.
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="http500", times=1)
    status, _ = api.call("GET", "/customers?q=Mustermann", token=demo_agent_token,
                         headers={"X-Request-Id": "corr-pixi"})
    assert status == 200
    retry_lines = [line for line in log_lines(captured_logs) if "retry" in str(line.get("message", ""))]
    assert retry_lines, captured_logs.getvalue()
    for line in retry_lines:
        assert line["correlation_id"] == "corr-pixi"
        assert line["tenant_id"] == "demo" and line["agent_id"] == "agent"
        assert "pixi-demo" not in json.dumps(line)  # never the password
