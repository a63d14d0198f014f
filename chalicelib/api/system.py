"""Public routes: health and the API description."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.api.openapi import OpenApiDocumentOut, endpoint, openapi_document

system_routes = Blueprint(__name__)


class HealthOut(BaseModel):
    status: str


@endpoint(system_routes, "/health", summary="Lebenszeichen", tag="system", public=True, response=HealthOut)
def health() -> HealthOut:
    return HealthOut(status="ok")


@endpoint(system_routes, "/openapi.json", summary="OpenAPI-Beschreibung aller Routen", tag="system",
          public=True, response=OpenApiDocumentOut)
def openapi() -> OpenApiDocumentOut:
    return OpenApiDocumentOut.model_validate(openapi_document())
