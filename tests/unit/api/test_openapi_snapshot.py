"""The committed OpenAPI document (docs/openapi.json) is the generated one: an API change is a diff.

After a deliberate change of a route or schema: ``make openapi`` writes the new snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib.api.openapi import build_openapi_document, openapi_json

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_the_generated_document_equals_the_committed_snapshot() -> None:
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    generated = json.loads(openapi_json())
    assert generated == committed, "the API changed: run `make openapi` and commit docs/openapi.json"


def test_the_snapshot_text_is_exactly_what_make_openapi_writes() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_json()


def test_building_twice_gives_the_same_document() -> None:
    assert build_openapi_document() == build_openapi_document()
