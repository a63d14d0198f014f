"""The one way the app fetches a URL a tenant gave us (pixi endpoints, the promo-price CSV).

Server-side request forgery is stopped at connect time, on the address actually used:

- the host is resolved once; every address it resolves to must be public
  (:func:`chalicelib.domain.network.address_is_public`), loopback only where the stage allows it
  (``ALLOW_LOOPBACK_URLS=1``, the local stack, which also allows ``http``); a host that does not
  resolve is refused;
- the connection goes to exactly the checked address (the pool is built for the IP, with the host
  name as TLS SNI and for certificate verification, and as ``Host`` header): no second resolution;
- :func:`post` (pixi SOAP, with credentials) never follows a redirect; :func:`open_stream` (plain
  GET, no credentials) follows at most :data:`MAX_REDIRECTS`, checking each hop the same way;
- time is limited (connect timeout and a total deadline) and size too (streamed, a byte limit);
- errors never contain what the foreign server sent; every refused target gets the same message.
"""

from __future__ import annotations

import base64
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from chalicelib.domain.network import address_is_loopback, address_is_public, parse_address
from chalicelib.errors import OutboundFailedError, OutboundRefusedError

if TYPE_CHECKING:
    from urllib3 import HTTPConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = [
    "OutboundFailedError",
    "OutboundRefusedError",
    "OutboundResponse",
    "PinnedSession",
    "open_stream",
    "post",
]

USER_AGENT = "pixi-callcenter/1.0"
DEFAULT_CONNECT_TIMEOUT = 5.0
MAX_REDIRECTS = 3
RESOLVE_TTL_SECONDS = 60.0
"""How long a :class:`PinnedSession` keeps a checked address before it resolves (and checks) again."""
POOL_SIZE = 10
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECTS = (301, 302, 303, 307, 308)

FAILED_MESSAGES = {
    "connect_timeout": "Der Server hat den Verbindungsaufbau nicht rechtzeitig angenommen.",
    "timeout": "Der Server hat nicht rechtzeitig geantwortet.",
    "tls": "Die sichere Verbindung ist fehlgeschlagen (Zertifikat oder TLS).",
    "unreachable": "Der Server ist nicht erreichbar.",
    "redirect": "Die Adresse leitet auf eine andere Adresse weiter; Weiterleitungen werden nicht "
    "verfolgt. Bitte die endgültige Adresse angeben.",
    "too_many_redirects": "Die Adresse leitet zu oft weiter.",
    "too_large": "Die Antwort des Servers ist zu groß.",
}


def _failed(reason: str, detail: str = "", **context: Any) -> OutboundFailedError:
    return OutboundFailedError(FAILED_MESSAGES[reason], reason=reason, detail=detail, **context)


# --- the target: checked once, then pinned ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A URL whose host resolved to ``address``, which passed the checks."""

    url: str
    scheme: str
    host: str
    port: int
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def _loopback_allowed() -> bool:
    from chalicelib.settings import get_settings  # here: importing this module stays cheap (no pydantic)

    return get_settings().allow_loopback_urls


def _resolve(host: str, port: int) -> list[str]:
    literal = parse_address(host)
    if literal is not None:
        return [str(literal)]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_target(url: str, *, allowed_schemes: tuple[str, ...] = ("https",)) -> Target:
    """Resolve ``url``'s host once and check every address; ``OutboundRefusedError`` otherwise."""
    loopback_allowed = _loopback_allowed()
    schemes = set(allowed_schemes) | ({"http"} if loopback_allowed else set())
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        raise OutboundRefusedError(detail="unparsable url") from None
    if scheme not in schemes or scheme not in _DEFAULT_PORTS:
        raise OutboundRefusedError(detail=f"scheme {scheme!r}")
    if not host or parts.username or parts.password:
        raise OutboundRefusedError(detail="no host, or credentials in the url")
    addresses = _resolve(host, port)
    if not addresses:
        raise OutboundRefusedError(detail=f"{host} does not resolve")
    for address in addresses:
        if not (address_is_public(address) or (loopback_allowed and address_is_loopback(address))):
            raise OutboundRefusedError(detail=f"{host} -> {address}")
    return Target(url=url.strip(), scheme=scheme, host=host, port=port, address=addresses[0])


def _pool(target: Target, *, maxsize: int = 1) -> HTTPConnectionPool:
    """A urllib3 pool that connects to the checked address only, verifying TLS for the host name."""
    import certifi
    import urllib3

    address = target.address.split("%")[0]
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            maxsize=maxsize,
            block=False,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(address, target.port, maxsize=maxsize, block=False, retries=False)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


# --- the answer --------------------------------------------------------------------------------


class OutboundResponse:
    """A foreign server's answer; its body is read through :meth:`chunks` within the limits."""

    def __init__(
        self,
        raw: BaseHTTPResponse,
        *,
        final_url: str,
        max_bytes: int,
        deadline: float,
    ) -> None:
        self._raw = raw
        self.status: int = raw.status
        content_type = raw.headers.get("Content-Type", "")
        media, _, params = content_type.partition(";")
        self.content_type: str = media.strip().lower()
        """The media type only (``text/csv``); see :attr:`charset` for the parameter."""
        self.charset: str | None = next(
            (
                value.strip().strip('"')
                for key, _, value in (p.partition("=") for p in params.split(";"))
                if key.strip().lower() == "charset"
            ),
            None,
        )
        self.final_url = final_url
        self.max_bytes = max_bytes
        self._deadline = deadline
        self._complete = False
        length = raw.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raw.close()
            raise _failed("too_large", f"Content-Length {length} > {max_bytes}")

    def chunks(self, size: int = 65536) -> Iterator[bytes]:
        """The (decoded) body in pieces; ``OutboundFailedError`` past ``max_bytes`` or the deadline."""
        from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError

        received = 0
        try:
            for chunk in self._raw.stream(size, decode_content=True):
                received += len(chunk)
                if received > self.max_bytes:
                    raise _failed("too_large", f"more than {self.max_bytes} bytes")
                if time.monotonic() > self._deadline:
                    raise _failed("timeout", "total time limit exceeded while reading")
                yield chunk
            self._complete = True
        except ReadTimeoutError:
            raise _failed("timeout", "read timeout while reading the body") from None
        except (ProtocolError, HTTPError) as exc:
            raise _failed("unreachable", f"connection broken while reading: {type(exc).__name__}") from None

    def read(self) -> bytes:
        """The whole body (within ``max_bytes``)."""
        return b"".join(self.chunks())

    def close(self) -> None:
        """Give the connection back for keep-alive, or drop it when the body was not read to its end."""
        if not self._complete:
            self._raw.close()
        self._raw.release_conn()


@dataclass(frozen=True)
class BufferedResponse:
    """An answer read completely (what :func:`post` returns)."""

    status: int
    content_type: str
    final_url: str
    content: bytes

    def chunks(self, size: int = 65536) -> Iterator[bytes]:
        for start in range(0, len(self.content), size):
            yield self.content[start : start + size]


def _send(
    pool: HTTPConnectionPool,
    target: Target,
    method: str,
    *,
    headers: Mapping[str, str],
    body: bytes | None,
    connect_timeout: float,
    deadline: float,
    read_timeout: float | None = None,
) -> BaseHTTPResponse:
    from urllib3 import Timeout
    from urllib3.exceptions import (
        ConnectTimeoutError,
        HTTPError,
        NewConnectionError,
        ReadTimeoutError,
        SSLError,
    )

    remaining = max(deadline - time.monotonic(), 0.001)
    wait = min(read_timeout or remaining, remaining)
    timeout = Timeout(connect=min(connect_timeout, remaining), read=wait)
    sent = {"User-Agent": USER_AGENT, **headers, "Host": target.host_header}
    where = f"{method} {target.scheme}://{target.host_header} ({target.address})"
    try:
        return pool.urlopen(
            method,
            _path(target.url),
            body=body,
            headers=sent,
            timeout=timeout,
            retries=False,
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except NewConnectionError as exc:  # before ConnectTimeoutError: urllib3 derives one from the other
        raise _failed("unreachable", f"{where}: {type(exc).__name__}") from None
    except ConnectTimeoutError:
        raise _failed("connect_timeout", f"{where}: no connection within {connect_timeout:g} s") from None
    except ReadTimeoutError:
        raise _failed("timeout", f"{where}: no answer within {wait:g} s") from None
    except SSLError as exc:
        raise _failed("tls", f"{where}: {exc}") from None
    except HTTPError as exc:
        raise _failed("unreachable", f"{where}: {type(exc).__name__}") from None


# --- GET a file --------------------------------------------------------------------------------


@contextmanager
def open_stream(
    url: str,
    *,
    max_bytes: int,
    timeout_seconds: float,
    accept: str = "*/*",
    allowed_schemes: tuple[str, ...] = ("https",),
) -> Iterator[OutboundResponse]:
    """GET ``url`` (a file a tenant named, e.g. a CSV). Redirects are followed (at most
    :data:`MAX_REDIRECTS`), each hop checked like the first. An answer other than 2xx is an
    ``OutboundFailedError`` (``reason="http_status"``, the status in words, never the body).
    ``timeout_seconds`` limits everything, connect and body included."""
    deadline = time.monotonic() + timeout_seconds
    connect_timeout = min(DEFAULT_CONNECT_TIMEOUT, timeout_seconds)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_target(current, allowed_schemes=allowed_schemes)
        pool = _pool(target)
        try:
            raw = _send(
                pool, target, "GET", headers={"Accept": accept}, body=None,
                connect_timeout=connect_timeout, deadline=deadline,
            )
            location = raw.headers.get("Location")
            if raw.status in _REDIRECTS and location:
                raw.close()  # a redirect's body is never read
                current = urljoin(current, location)
                continue
            if not 200 <= raw.status < 300:
                raw.close()
                raise OutboundFailedError(
                    f"Der Server antwortet mit HTTP {raw.status} statt mit der Datei.",
                    reason="http_status",
                    http_status=raw.status,
                    detail=f"GET {target.host_header}: HTTP {raw.status}",
                )
            response = OutboundResponse(raw, final_url=current, max_bytes=max_bytes, deadline=deadline)
            try:
                yield response
            finally:
                response.close()
            return
        finally:
            pool.close()
    raise _failed("too_many_redirects", f"more than {MAX_REDIRECTS} redirects from {url}")


# --- POST (pixi SOAP) ----------------------------------------------------------------------------


def _basic_auth(auth: tuple[str, str]) -> str:
    user, password = auth
    raw = f"{user}:{password}"
    try:
        encoded = raw.encode("latin-1")  # what requests and most servers expect
    except UnicodeEncodeError:
        encoded = raw.encode("utf-8")
    return "Basic " + base64.b64encode(encoded).decode("ascii")


class PinnedSession:
    """Keep-alive connections for :func:`post`-style calls to one kind of endpoint (one per pixi
    connection). Each host is resolved and checked once per :data:`RESOLVE_TTL_SECONDS`; its pool
    connects to that checked address only. Thread-safe."""

    def __init__(self, *, pool_size: int = POOL_SIZE, allowed_schemes: tuple[str, ...] = ("https",)) -> None:
        self._pool_size = pool_size
        self._allowed_schemes = allowed_schemes
        self._pools: dict[tuple[str, str, int], tuple[float, Target, HTTPConnectionPool]] = {}
        self._lock = threading.Lock()

    def _pool_for(self, url: str) -> tuple[Target, HTTPConnectionPool]:
        try:
            parts = urlsplit(url.strip())
            key = (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or 0)
        except ValueError:
            key = ("", url, 0)
        now = time.monotonic()
        with self._lock:
            cached = self._pools.get(key)
        if cached is not None and now - cached[0] < RESOLVE_TTL_SECONDS:
            _, checked, pool = cached
            return dataclasses.replace(checked, url=url.strip()), pool
        target = check_target(url, allowed_schemes=self._allowed_schemes)
        pool = _pool(target, maxsize=self._pool_size)
        with self._lock:
            previous = self._pools.get(key)
            self._pools[key] = (now, target, pool)
        if previous is not None:
            previous[2].close()
        return target, pool

    def post(
        self,
        url: str,
        *,
        body: bytes,
        headers: Mapping[str, str],
        auth: tuple[str, str] | None,
        timeout_seconds: float,
        max_bytes: int,
        connect_timeout_seconds: float | None = None,
        read_timeout_seconds: float | None = None,
    ) -> BufferedResponse:
        """POST and read the whole answer within ``timeout_seconds`` (connecting within
        ``connect_timeout_seconds``, each wait for data at most ``read_timeout_seconds``); a redirect
        is an ``OutboundFailedError`` (``reason="redirect"``): credentials go to the given endpoint
        and nowhere else."""
        deadline = time.monotonic() + timeout_seconds
        connect_timeout = min(connect_timeout_seconds or DEFAULT_CONNECT_TIMEOUT, timeout_seconds)
        target, pool = self._pool_for(url)
        sent = dict(headers)
        if auth is not None:
            sent["Authorization"] = _basic_auth(auth)
        raw = _send(
            pool, target, "POST", headers=sent, body=body, connect_timeout=connect_timeout,
            deadline=deadline, read_timeout=read_timeout_seconds,
        )
        if raw.status in _REDIRECTS:
            raw.close()  # a redirect's body is never read
            raw.release_conn()
            raise _failed("redirect", f"POST {target.host_header}: HTTP {raw.status}", http_status=raw.status)
        response = OutboundResponse(raw, final_url=target.url, max_bytes=max_bytes, deadline=deadline)
        try:
            content = response.read()
        finally:
            response.close()
        return BufferedResponse(response.status, response.content_type, target.url, content)

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for _, _, pool in pools:
            pool.close()


def post(
    url: str,
    *,
    body: bytes,
    headers: Mapping[str, str],
    auth: tuple[str, str] | None,
    timeout_seconds: float,
    max_bytes: int,
    connect_timeout_seconds: float | None = None,
    read_timeout_seconds: float | None = None,
) -> BufferedResponse:
    """One POST without keep-alive (see :meth:`PinnedSession.post`)."""
    session = PinnedSession(pool_size=1)
    try:
        return session.post(
            url, body=body, headers=headers, auth=auth, timeout_seconds=timeout_seconds,
            max_bytes=max_bytes, connect_timeout_seconds=connect_timeout_seconds,
            read_timeout_seconds=read_timeout_seconds,
        )
    finally:
        session.close()
