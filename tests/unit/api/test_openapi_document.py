"""The OpenAPI document as a contract: every reference resolves, every status a route can answer
is documented, every date-time says it carries its offset (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.api.models import Moment
from chalicelib.api.openapi import ERROR_RESPONSES, build_openapi_document, error_statuses, operations


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_openapi_document()


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def resolve(document: dict[str, Any], reference: str) -> Any:
    assert reference.startswith("#/"), reference
    node: Any = document
    for part in reference[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_reference_of_the_document_resolves(document: dict[str, Any]) -> None:
    found = set(references(document))
    assert "#/components/schemas/EventKind" in found  # a query parameter's enum (was "#/$defs/…")
    for reference in found:
        resolve(document, reference)  # KeyError: unresolvable


def test_every_error_status_is_documented_with_the_error_shape(document: dict[str, Any]) -> None:
    for op in operations():
        answers = document["paths"][op.path][op.method.lower()]["responses"]
        for status in error_statuses(op):
            assert answers[str(status)]["$ref"] == "#/components/responses/Error", (op.path, status)
        assert set(answers) == {str(op.status), *(str(s) for s in error_statuses(op))}
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message", "request_id"}


def test_statuses_follow_from_the_declaration(document: dict[str, Any]) -> None:
    by_route = {(op.method, op.path): op for op in operations()}
    order = error_statuses(by_route[("GET", "/orders/{order_number}")])
    assert {401, 403, 404, 502, 503, 504, 429} <= set(order)
    login = error_statuses(by_route[("POST", "/auth/login")])
    assert 429 in login and 401 not in login
    assert 404 not in error_statuses(by_route[("GET", "/me/recent-customers")])
    assert set(ERROR_RESPONSES) >= {s for op in operations() for s in error_statuses(op)}


def test_an_undocumented_error_status_cannot_be_declared() -> None:
    from chalicelib.api.openapi import endpoint
    from chalicelib.api.system import HealthOut  # any response model

    with pytest.raises(ValueError, match="418"):
        endpoint("/teapot", summary="x", tag="x", response=HealthOut, errors=(418,))


def test_a_pixi_time_without_zone_is_answered_with_the_berlin_offset() -> None:
    from datetime import UTC, datetime

    from pydantic import BaseModel

    class Out(BaseModel):
        at: Moment

    def answered(at: datetime) -> str:
        return str(Out(at=at).model_dump(mode="json")["at"])

    assert answered(datetime(2026, 11, 14, 23, 44, 28)) == "2026-11-14T23:44:28+01:00"
    assert answered(datetime(2026, 7, 1, 12, 0)) == "2026-07-01T12:00:00+02:00"
    assert answered(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "2026-07-01T12:00:00Z"
