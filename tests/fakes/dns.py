"""A fake DNS for chosen names (socket.getaddrinfo patched); other names resolve as usual."""

from __future__ import annotations

import socket
from typing import Any

import pytest


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names the fake DNS answers (each lookup pops the first answer list while more than one is
    left, so a name can change its answer between lookups); other names resolve as usual.
    ``dns["lookups"]`` counts lookups per name."""
    answers: dict[str, Any] = {"lookups": {}}
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kw: Any) -> Any:
        if host in answers:
            answers["lookups"][host] = answers["lookups"].get(host, 0) + 1
            queue = answers[host]
            current = queue.pop(0) if len(queue) > 1 else queue[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in current]
        return real(host, port, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers
