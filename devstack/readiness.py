"""Free ports and readiness polling (never fixed sleeps)."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Callable

from devstack.process import ManagedProcess, PartFailedError

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port the OS reports free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOOPBACK, port)) == 0


def http_status(port: int, path: str, *, method: str = "GET", timeout: float = 2.0) -> int | None:
    """The HTTP status of one request, or None if nothing answers (yet)."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request(method, path, headers={"Connection": "close"})
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def http_answers(port: int, path: str, *, expect: int | None = 200) -> Callable[[], bool]:
    """A probe: true once ``path`` answers with ``expect`` (any HTTP answer if ``expect`` is None)."""

    def probe() -> bool:
        status = http_status(port, path)
        return status is not None and (expect is None or status == expect)

    return probe


def wait_until_ready(part: ManagedProcess, probe: Callable[[], bool], timeout: float) -> float:
    """Poll ``probe`` until true; fail with the log tail if the part dies or the time runs out.

    Returns the seconds it took.
    """
    started = time.monotonic()
    delay = 0.05
    while True:
        if probe():
            return time.monotonic() - started
        code = part.exit_code()
        if code is not None:
            raise PartFailedError(
                f"{part.name} ended with exit code {code} before it was ready "
                f"(log: {part.log_path}):\n{part.log_tail()}"
            )
        if time.monotonic() - started > timeout:
            raise PartFailedError(
                f"{part.name} was not ready after {timeout:.0f} s (log: {part.log_path}):\n{part.log_tail()}"
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)
