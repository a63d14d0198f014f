"""Route declarations that both validate requests and describe the API (OpenAPI 3.1).

Every route is declared with ``endpoint(...)``: its query/body/response pydantic models, whether
it is public, and whether it is admin-only. The decorator registers the Chalice route (with the
token authorizer unless public), parses and validates the input into the declared models, enforces
the role, and records the operation; ``openapi_document()`` is generated from those records.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal

from chalice import Response
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from chalicelib import concurrency
from chalicelib.api.context import current_principal, current_request_var
from chalicelib.api.errors import RouteFailedError, parse_json_body
from chalicelib.api.input_checks import check_body, check_parameters
from chalicelib.api.routes import declare_handler, load_all_route_modules
from chalicelib.domain.connections import CONNECTION_HEADER
from chalicelib.domain.permissions import Principal, allowed_roles, require_role
from chalicelib.domain.tenant import Feature

API_TITLE = "pixi Callcenter API"
API_VERSION = "1.0.0"
SECURITY_SCHEME = "bearerAuth"


class ErrorOut(BaseModel):
    """Every error has this shape."""

    code: str
    message: str
    fields: dict[str, str] | None = None
    request_id: str


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    name: str
    module: str
    summary: str
    tag: str
    response: type[BaseModel]
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    public: bool
    admin_only: bool
    feature: Feature | None = None
    pixi: bool = False
    status: int = 200
    errors: tuple[int, ...] = ()


_operations: dict[tuple[str, str], Operation] = {}
_document: dict[str, Any] | None = None


def operations() -> list[Operation]:
    return list(_operations.values())


def _query_values(request: Any) -> dict[str, str]:
    params = getattr(request, "query_params", None) or {}
    return {key: params[key] for key in params}


def _chosen_connection(request: Any) -> str | None:
    """The pixi connection an agent chose for this request (``X-Pixi-Connection``), if any."""
    headers = getattr(request, "headers", None) or {}
    value = str(headers.get(CONNECTION_HEADER.lower(), "") or "").strip()
    return value or None


def _require_live_session(principal: Principal, admin_only: bool) -> None:
    """Every signed-in route: the token's session still holds (not reset, disabled, demoted,
    expired); admin routes check against the stored agent of this very moment."""
    from chalicelib.services.auth import require_live_session

    require_live_session(principal, fresh=admin_only)


def _require_feature(principal: Principal, feature: Feature) -> None:
    """Routes of a booked option refuse a tenant without it (403 ``feature_not_booked``)."""
    from chalicelib.services.package import require_feature

    require_feature(principal.tenant_id, feature)


def _connection_for(principal: Principal, request: Any) -> Any:
    """The pixi connection this request works on: the chosen one (header) or the default."""
    from chalicelib.services.pixi_connection import resolve_connection

    return resolve_connection(principal.tenant_id, _chosen_connection(request))


def endpoint(
    path: str,
    *,
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET",
    summary: str,
    tag: str,
    response: type[BaseModel],
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    public: bool = False,
    admin_only: bool = False,
    feature: Feature | None = None,
    pixi: bool = False,
    status: int = 200,
    errors: Collection[int] = (),
) -> Callable[[Callable[..., BaseModel]], Callable[..., Any]]:
    """Declare and register a route. The view gets ``principal`` (unless public), ``query`` and
    ``body`` (when declared) as parsed models, plus the path parameters; it returns ``response``.

    ``feature``: the route belongs to a booked option; a tenant without it gets 403.
    ``pixi``: the view also gets ``connection`` (a ``ConnectionRef``): the pixi connection chosen
    with the ``X-Pixi-Connection`` header, else the tenant's default one. Only this layer reads
    the header; services take the connection as an argument.
    ``errors``: error statuses the route answers beyond those derived from the declaration (see
    ``error_statuses``), e.g. 422 for a reused idempotency key or 429 for a throttled action."""
    unknown = set(errors) - set(ERROR_RESPONSES)
    if unknown:
        raise ValueError(f"undocumented error statuses: {sorted(unknown)}")
    if public and (feature is not None or pixi):
        raise ValueError("a public route has no tenant: no feature, no pixi connection")

    roles = () if public else allowed_roles(admin_only)

    def decorate(view: Callable[..., BaseModel]) -> Callable[..., Any]:
        @functools.wraps(view)
        def route(**path_params: str) -> Any:
            try:
                request = current_request_var.get()
                kwargs: dict[str, Any] = dict(path_params)
                if not public:
                    principal = current_principal()
                    require_role(principal, roles)
                    _require_live_session(principal, admin_only)
                    if feature is not None:
                        _require_feature(principal, feature)
                    kwargs["principal"] = principal
                check_parameters(path_params)
                if query is not None:
                    values = _query_values(request)
                    check_parameters(values)
                    kwargs["query"] = query.model_validate(values)
                if body is not None:
                    parsed = parse_json_body(getattr(request, "raw_body", b""))
                    check_body(parsed)
                    kwargs["body"] = body.model_validate(parsed)
                if pixi:
                    kwargs["connection"] = _connection_for(kwargs["principal"], request)
                # the tenant's pixi calls share its lane of the pool (issue 17: no tenant takes it all)
                lane = concurrency.lane(kwargs["principal"].tenant_id) if pixi else contextlib.nullcontext()
                with lane:
                    result = view(**kwargs)
                if isinstance(result, Response):  # a file (e.g. a CSV report), not JSON
                    return result
                payload = result.model_dump(mode="json")
                return payload if status == 200 else Response(body=payload, status_code=status)
            except Exception as exc:
                raise RouteFailedError(exc) from exc

        key = (path, method)
        if key in _operations:
            raise RuntimeError(f"route declared twice: {method} {path}")
        _operations[key] = Operation(
            path=path, method=method, name=view.__name__, module=view.__module__, summary=summary,
            tag=tag, response=response, query=query, body=body, public=public, admin_only=admin_only,
            feature=feature, pixi=pixi, status=status, errors=tuple(sorted(set(errors))),
        )
        declare_handler(path, method, route)
        return route

    return decorate


# --- the document -----------------------------------------------------------------------------


_REF_TEMPLATE = "#/components/schemas/{model}"


def _parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """The path, query and header parameters; schemas the query refers to go into ``schemas``."""
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", op.path)
    ]
    if op.query is not None:
        schema = op.query.model_json_schema(ref_template=_REF_TEMPLATE)
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            params.append({"name": name, "in": "query", "required": name in required, "schema": prop,
                           **({"description": prop["description"]} if "description" in prop else {})})
    if op.pixi:
        params.append({"name": CONNECTION_HEADER, "in": "header", "required": False,
                       "schema": {"type": "string"},
                       "description": "Id einer aktiven pixi-API-Verbindung (GET /pixi-connections); "
                                      "ohne: die Standard-Verbindung"})
    return params


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


ERROR_RESPONSES: dict[int, str] = {
    400: "Eingabe ungültig (code validation_error, fields: Feld -> Meldung)",
    401: "nicht angemeldet oder Sitzung abgelaufen (code unauthenticated, session_expired)",
    403: "Rolle fehlt (code forbidden)",
    404: "nicht gefunden (code not_found)",
    409: "Konflikt mit dem aktuellen Stand oder noch nicht eingerichtet (code conflict, setup_required, …)",
    422: "verständlich, aber nicht verwendbar (z. B. Idempotency-Key mit anderem Inhalt)",
    429: "zu viele Versuche oder pixi ausgelastet (Header Retry-After)",
    500: "unerwarteter Fehler (code internal_error)",
    502: "pixi oder der Mail-Versand hat fehlerhaft geantwortet (code pixi_error, pixi_bad_response, …)",
    503: "pixi oder der Speicher ist gerade nicht erreichbar (code pixi_unavailable, storage_unavailable)",
    504: "pixi hat nicht rechtzeitig geantwortet (code pixi_timeout)",
}
"""Every error status a route of this API can answer, as the document describes it."""


def error_statuses(op: Operation) -> list[int]:
    """The error statuses of a route: from its declaration, plus its declared ``errors``.

    Every route: 400 (input), 500 (unexpected), 503 (storage). A route with a token: 401, 403. A
    path parameter: 404. A write: 409. A public write: 429 (throttled per address and IP). A route
    on a pixi connection: 404, 409 (not configured), 429 (pixi busy), 502, 503, 504.
    """
    statuses = {400, 500, 503, *op.errors}
    if not op.public:
        statuses |= {401, 403}
    if "{" in op.path:
        statuses.add(404)
    if op.method != "GET":
        statuses.add(409)
        if op.public:
            statuses.add(429)
    if op.pixi:
        statuses |= {404, 409, 429, 502, 503, 504}
    return sorted(statuses)


def _operation_doc(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    roles = [] if op.public else [r.value for r in allowed_roles(op.admin_only)]
    responses: dict[str, Any] = {
        str(op.status): {"description": "OK", "content": {"application/json": {"schema": _ref(op.response)}}},
    }
    for status in error_statuses(op):
        responses[str(status)] = {"$ref": "#/components/responses/Error",
                                  "description": ERROR_RESPONSES[status]}
    if op.feature is not None:
        responses["403"] = {"$ref": "#/components/responses/Error",
                            "description": f"Rolle fehlt oder Option '{op.feature.value}' nicht gebucht "
                                           "(code feature_not_booked)"}
    doc: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.summary,
        "tags": [op.tag],
        "security": [] if op.public else [{SECURITY_SCHEME: []}],
        "x-roles": roles,
        "x-admin-only": op.admin_only,
        "x-feature": op.feature.value if op.feature is not None else None,
        "x-pixi-connection": op.pixi,
        "parameters": _parameters(op, schemas),
        "responses": responses,
    }
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(op.body)}}}
    return doc


def build_openapi_document() -> dict[str, Any]:
    load_all_route_modules()
    ops = sorted(_operations.values(), key=lambda o: (o.path, o.method))
    models: dict[str, tuple[type[BaseModel], Literal["validation", "serialization"]]] = {}
    models[ErrorOut.__name__] = (ErrorOut, "serialization")
    for op in ops:
        models.setdefault(op.response.__name__, (op.response, "serialization"))
        if op.body is not None:
            models.setdefault(op.body.__name__, (op.body, "validation"))
    _, definitions = models_json_schema(list(models.values()), ref_template=_REF_TEMPLATE)
    schemas: dict[str, Any] = definitions.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation_doc(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": API_TITLE, "version": API_VERSION},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {SECURITY_SCHEME: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "responses": {
                "Error": {
                    "description": "Fehler (code, message, fields?, request_id)",
                    "content": {"application/json": {"schema": _ref(ErrorOut)}},
                }
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    global _document
    if _document is None:
        _document = build_openapi_document()
    return _document


def openapi_json() -> str:
    """The document as committed in ``docs/openapi.json`` (``make openapi``): sorted, indented."""
    return json.dumps(build_openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class OpenApiDocumentOut(BaseModel):
    """An OpenAPI 3.1 document."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


if __name__ == "__main__":  # make openapi (the routes record into the imported module, not __main__)
    import sys

    from chalicelib.api import openapi as declared

    sys.stdout.write(declared.openapi_json())
