"""Public routes: health and the API description."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.api.openapi import OpenApiDocumentOut, endpoint, openapi_document


class HealthOut(BaseModel):
    status: str


@endpoint("/health", summary="Lebenszeichen", tag="system", public=True, response=HealthOut)
def health() -> HealthOut:
    return HealthOut(status="ok")


@endpoint("/openapi.json", summary="OpenAPI-Beschreibung aller Routen", tag="system",
          public=True, response=OpenApiDocumentOut)
def openapi() -> OpenApiDocumentOut:
    return OpenApiDocumentOut.model_validate(openapi_document())
