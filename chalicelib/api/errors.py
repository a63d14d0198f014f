"""The one mapping from errors to HTTP, applied by the request middleware to every route.

``AppError`` -> its status and ``{"code","message","fields"?,"request_id"}``; pydantic validation
errors -> 400 with German ``fields``; anything else -> 500 with a generic German message. The
stack trace goes to the log only.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from chalice import Response
from chalice.app import ChaliceUnhandledError, Request
from pydantic import ValidationError as PydanticValidationError

from chalicelib.api.context import authorizer_context, correlation_id_var, current_request_var
from chalicelib.errors import (
    AppError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from chalicelib.log import bind_request, clear_request, logger

INVALID_JSON_MESSAGE = "Der Inhalt der Anfrage ist kein gültiges JSON."
_REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class RouteFailedError(ChaliceUnhandledError):
    """Carries an exception out of a route so the middleware (not Chalice) turns it into HTTP."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


# --- pydantic errors in German -----------------------------------------------------------------

_GERMAN: dict[str, str] = {
    "missing": "Pflichtangabe fehlt.",
    "string_too_short": "Zu kurz (mindestens {min_length} Zeichen).",
    "string_too_long": "Zu lang (höchstens {max_length} Zeichen).",
    "string_type": "Hier wird Text erwartet.",
    "string_pattern_mismatch": "Das Format stimmt nicht.",
    "int_parsing": "Hier wird eine ganze Zahl erwartet.",
    "int_type": "Hier wird eine ganze Zahl erwartet.",
    "float_parsing": "Hier wird eine Zahl erwartet.",
    "decimal_parsing": "Hier wird eine Zahl erwartet.",
    "bool_parsing": "Hier wird ja oder nein erwartet.",
    "greater_than_equal": "Muss mindestens {ge} sein.",
    "less_than_equal": "Darf höchstens {le} sein.",
    "greater_than": "Muss größer als {gt} sein.",
    "less_than": "Muss kleiner als {lt} sein.",
    "literal_error": "Ungültiger Wert (erlaubt: {expected}).",
    "enum": "Ungültiger Wert (erlaubt: {expected}).",
    "extra_forbidden": "Dieses Feld ist unbekannt.",
    "model_type": "Hier wird ein JSON-Objekt erwartet.",
    "model_attributes_type": "Hier wird ein JSON-Objekt erwartet.",
    "list_type": "Hier wird eine Liste erwartet.",
    "too_short": "Zu wenige Einträge (mindestens {min_length}).",
    "too_long": "Zu viele Einträge (höchstens {max_length}).",
    "value_error": "Ungültiger Wert.",
}


def german_field_errors(exc: PydanticValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error.get("loc", ())) or "body"
        template = _GERMAN.get(error["type"], "Ungültiger Wert.")
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            message = "Ungültiger Wert."
        fields.setdefault(location, message)
    return fields


# --- the mapping --------------------------------------------------------------------------------


def error_body(error: AppError, request_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    fields = getattr(error, "fields", None)
    if fields:
        body["fields"] = fields
    body["request_id"] = request_id
    return body


def as_app_error(exc: BaseException) -> AppError:
    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, PydanticValidationError):
        fields = german_field_errors(exc)
        return ValidationError("Bitte die markierten Angaben prüfen.", fields=fields, detail=str(exc))
    return AppError(detail=f"{type(exc).__name__}: {exc}")


def error_response(exc: BaseException, request_id: str) -> Response:
    error = as_app_error(exc)
    # "try again later" (pixi's circuit open, its bulkhead full) is expected: a refusal, not a failure
    retry_after: int | None = getattr(error, "retry_after_seconds", None)
    if error.status >= 500 and not isinstance(exc, AppError):
        logger.exception("unhandled error", extra={"error_type": type(exc).__name__})
    elif error.status >= 500 and retry_after is None:
        logger.error("request failed", extra={"code": error.code, "detail": error.detail}, exc_info=exc)
    else:
        logger.info("request refused", extra={"code": error.code, "detail": error.detail})
    headers: dict[str, str | list[str]] = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Response(body=error_body(error, request_id), status_code=error.status, headers=headers)


# Chalice and API Gateway answer some requests themselves ({"Code","Message"}); same vocabulary.
_CHALICE_ERRORS: dict[int, type[AppError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}


def _normalised(response: Response, request_id: str) -> Response:
    body = response.body
    if response.status_code < 400 or not isinstance(body, dict) or "code" in body:
        return response
    error_class = _CHALICE_ERRORS.get(response.status_code, AppError)
    error = error_class(detail=str(body.get("Message", "")))
    return Response(
        body={"code": error.code if error_class is not AppError else _code_for(response.status_code),
              "message": error.message, "request_id": request_id},
        status_code=response.status_code,
        headers=response.headers,
    )


def _code_for(status: int) -> str:
    return {405: "method_not_allowed", 415: "unsupported_media_type"}.get(status, AppError.code)


def correlation_id_for(request: Request | None) -> str:
    """API Gateway's request id, else a well-formed ``X-Request-Id`` header, else a new id."""
    if request is not None:
        from_gateway = (getattr(request, "context", None) or {}).get("requestId")
        if from_gateway:
            return str(from_gateway)
        header = request.headers.get("x-request-id", "") if request.headers else ""
        if _REQUEST_ID_PATTERN.match(header):
            return header
    return uuid.uuid4().hex


def request_middleware(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Correlation id and principal on every log line; every error into one JSON shape."""
    request_id = correlation_id_for(event)
    auth = authorizer_context(event)
    bind_request(correlation_id=request_id, tenant_id=auth.get("tenant_id"), agent_id=auth.get("agent_id"))
    request_token = current_request_var.set(event)
    id_token = correlation_id_var.set(request_id)
    started = time.perf_counter()
    try:
        try:
            response = get_response(event)
        except RouteFailedError as failed:
            response = error_response(failed.error, request_id)
        except Exception as exc:
            response = error_response(exc, request_id)
        response = _normalised(response, request_id)
        response.headers["X-Request-Id"] = request_id
        logger.info(
            "request",
            extra={
                "method": getattr(event, "method", ""),
                "path": getattr(event, "path", ""),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        return response
    finally:
        current_request_var.reset(request_token)
        correlation_id_var.reset(id_token)
        clear_request()


def parse_json_body(raw: bytes | None) -> Any:
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(INVALID_JSON_MESSAGE, fields={"body": INVALID_JSON_MESSAGE}) from exc
    except RecursionError as exc:  # nested deeper than the parser can follow
        from chalicelib.api.input_checks import DEPTH_MESSAGE

        raise ValidationError(DEPTH_MESSAGE, fields={"body": DEPTH_MESSAGE}) from exc
