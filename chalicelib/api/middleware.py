"""The request middleware as ``app.py`` registers it: loads the error mapping on the first request.

``chalicelib.api.errors`` needs pydantic and the logger; importing it here lazily keeps ``import
app`` light (see ``chalicelib/api/routes.py``), while every request still goes through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def request_middleware(event: Any, get_response: Callable[[Any], Any]) -> Any:
    from chalicelib.api.errors import request_middleware as handle

    return handle(event, get_response)
