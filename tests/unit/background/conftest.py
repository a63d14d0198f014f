"""Log capture for the background plumbing's tests."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest


class CapturedLogs:
    def __init__(self, stream: io.StringIO) -> None:
        self._stream = stream

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self._stream.getvalue().splitlines() if line.strip()]

    def message(self, text: str) -> dict[str, Any]:
        found = [line for line in self.lines() if line.get("message") == text]
        assert found, f"no log line {text!r} in {self.lines()}"
        return found[-1]


@pytest.fixture
def logs() -> Iterator[CapturedLogs]:
    """Every JSON line the shared logger writes during the test."""
    from chalicelib.log import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    underlying = logging.getLogger(logger.name)
    underlying.addHandler(handler)
    try:
        yield CapturedLogs(stream)
    finally:
        underlying.removeHandler(handler)
