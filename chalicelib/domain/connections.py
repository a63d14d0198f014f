"""Rules for a tenant's pixi API connections: the endpoint form and which one is the default.

Endpoints must be ``https://<public host>/.../soap/<database>/``. Private, loopback, link-local and
other non-public addresses are refused (server-side request forgery), except loopback when the
stage allows it (``ALLOW_LOOPBACK_URLS=1``, the local stack), where ``http://127.0.0.1`` is fine.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from chalicelib.domain.network import address_is_loopback, address_is_public
from chalicelib.domain.tenant import PixiApiConnection
from chalicelib.errors import ConflictError, ValidationError

CONNECTION_HEADER = "X-Pixi-Connection"
"""The request header with which an agent chooses one of the tenant's active pixi connections."""

EXAMPLE = "https://api.pixi.eu/soap/pixiXYZ/"
_SOAP_PATH = re.compile(r"^(/[^?#]*)?/soap/[A-Za-z0-9_.-]+/?$")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

NOT_HTTPS = f"Die Adresse muss mit https:// beginnen (z. B. {EXAMPLE})."
NOT_PUBLIC = "Die Adresse zeigt auf ein internes Netz. Bitte die öffentliche Adresse der pixi-API angeben."
NOT_SOAP_PATH = f"Die Adresse muss auf /soap/<Datenbank>/ enden (z. B. {EXAMPLE})."
NOT_A_URL = f"Das ist keine gültige Adresse (z. B. {EXAMPLE})."


def _invalid(message: str, detail: str) -> ValidationError:
    return ValidationError(message, fields={"endpoint": message}, detail=detail)


def host_is_loopback(host: str) -> bool:
    return host.lower() in _LOOPBACK_NAMES or address_is_loopback(host)


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def normalize_pixi_endpoint(url: str, *, allow_loopback: bool) -> str:
    """The endpoint in its stored form (trailing slash), or ``ValidationError`` on ``endpoint``."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        raise _invalid(NOT_A_URL, f"unparsable url: {exc}") from exc
    if not host or parts.username or parts.password or parts.query or parts.fragment:
        raise _invalid(NOT_A_URL, "no host, or credentials/query/fragment in url")
    loopback = host_is_loopback(host)
    if loopback and allow_loopback:
        if parts.scheme not in ("http", "https"):
            raise _invalid(NOT_HTTPS, f"scheme {parts.scheme}")
    else:
        if parts.scheme != "https":
            raise _invalid(NOT_HTTPS, f"scheme {parts.scheme}")
        literal = _ip_literal(host)
        if loopback or (literal is not None and not address_is_public(literal)) or "." not in host:
            raise _invalid(NOT_PUBLIC, f"host {host} is not public")
    if not _SOAP_PATH.match(parts.path):
        raise _invalid(NOT_SOAP_PATH, f"path {parts.path}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, path, "", ""))


# --- the default connection --------------------------------------------------------------------

DEFAULT_MUST_BE_ACTIVE = (
    "Die Standard-Verbindung kann nicht deaktiviert werden. Bitte zuerst eine andere aktive "
    "Verbindung als Standard festlegen."
)
INACTIVE_CANNOT_BE_DEFAULT = "Eine inaktive Verbindung kann nicht Standard sein. Bitte sie zuerst aktivieren."
DEFAULT_CANNOT_BE_REMOVED = (
    "Die Standard-Verbindung kann nicht entfernt werden, solange es weitere Verbindungen gibt. "
    "Bitte zuerst eine andere Verbindung als Standard festlegen."
)


class DefaultConnectionError(ConflictError):
    code = "default_connection"


def check_update(current: PixiApiConnection, *, active: bool) -> None:
    if current.is_default and not active:
        raise DefaultConnectionError(DEFAULT_MUST_BE_ACTIVE, detail=current.connection_id)


def check_set_default(target: PixiApiConnection) -> None:
    if not target.active:
        raise DefaultConnectionError(INACTIVE_CANNOT_BE_DEFAULT, detail=target.connection_id)


def check_removal(target: PixiApiConnection, all_connections: Iterable[PixiApiConnection]) -> None:
    others = [c for c in all_connections if c.connection_id != target.connection_id]
    if target.is_default and others:
        raise DefaultConnectionError(DEFAULT_CANNOT_BE_REMOVED, detail=target.connection_id)

