"""SOAP plumbing: the bundled WSDL (parsed once per process), one zeep service per connection,
and the translation of HTTP/transport outcomes into our pixi errors.

pixi wants the request's method element in the namespace equal to the endpoint URL and
``SOAPAction: <endpoint><call>`` (pixi-api.md §1). The bundled WSDL has one fixed namespace, so
:class:`EndpointNamespacePlugin` rewrites both per call from the service's address. zeep builds
the envelope (parameters in the WSDL's positional order, ``None`` omitted); answers come back raw
(``Settings(raw_response=True)``) and are parsed by :mod:`chalicelib.adapters.pixi.result`.

zeep only builds the envelope; :mod:`chalicelib.adapters.outbound` sends it, so every call is
checked at connect time (public address only, pinned, no redirects: the pixi password goes to the
saved endpoint and nowhere else) and limited in time and size.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from chalicelib.adapters import outbound
from chalicelib.adapters.outbound import BufferedResponse
from chalicelib.adapters.pixi.connection import PixiConnection
from chalicelib.adapters.pixi.result import SqlResult, escape_name, parse_envelope, parse_response
from chalicelib.errors import (
    OutboundFailedError,
    OutboundRefusedError,
    PixiAuthError,
    PixiError,
    PixiResponseError,
    PixiTimeoutError,
    PixiUnavailableError,
)
from chalicelib.log import logger

if TYPE_CHECKING:
    from zeep.transports import Transport
    from zeep.wsdl import Document


WSDL_PATH = Path(__file__).with_name("pixi.wsdl")
WSDL_NAMESPACE = "urn:pixi-callcenter:pixi"
BINDING = f"{{{WSDL_NAMESPACE}}}PixiBinding"
POOL_SIZE = 10  # ~8 concurrent calls per connection (one screen's calls run in parallel)
MAX_ANSWER_BYTES = 50 * 1024 * 1024
"""The largest pixi answer read (decoded); a bigger one is a bad response, not an out-of-memory."""

_document: Document | None = None
_document_lock = threading.Lock()


@functools.cache
def _unused_transport() -> Transport:
    """zeep wants a transport; it only reads the bundled WSDL file with it (nothing is sent)."""
    from zeep.transports import Transport

    return Transport()


def wsdl_document() -> Document:
    """The bundled WSDL, parsed on first use and then shared by every connection."""
    global _document
    if _document is None:
        with _document_lock:
            if _document is None:
                from zeep import Settings
                from zeep.wsdl import Document

                transport: Any = _unused_transport()  # zeep's stub wants the class; an instance is right
                _document = Document(str(WSDL_PATH), transport, settings=Settings(strict=False))
    return _document


@functools.cache
def _plugin_class() -> type:
    from lxml import etree
    from zeep import Plugin

    class EndpointNamespacePlugin(Plugin):
        """Puts the body's method element into the endpoint's namespace and sets SOAPAction."""

        def egress(
            self, envelope: Any, http_headers: dict[str, str], operation: Any, binding_options: dict[str, Any]
        ) -> tuple[Any, dict[str, str]]:
            address = binding_options["address"]
            body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
            if body is not None and len(body):
                method = body[0]
                method.tag = f"{{{address}}}{etree.QName(method).localname}"
                etree.cleanup_namespaces(envelope)
            http_headers["SOAPAction"] = f'"{address}{operation.name}"'
            return envelope, http_headers

    return EndpointNamespacePlugin


def normalized_endpoint(endpoint: str) -> str:
    """pixi endpoints end in ``/`` (``…/soap/pixiXYZ/``); namespace and SOAPAction rely on it."""
    endpoint = endpoint.strip()
    return endpoint if endpoint.endswith("/") else endpoint + "/"


class SoapChannel:
    """One tenant connection: its keep-alive connections (checked and pinned by
    :mod:`chalicelib.adapters.outbound`, Basic auth, timeouts) and zeep service."""

    def __init__(self, connection: PixiConnection) -> None:
        from zeep import Client, Settings

        self.endpoint = normalized_endpoint(connection.endpoint)
        parts = urlsplit(self.endpoint)
        self.host = parts.netloc.rpartition("@")[2] or self.endpoint
        self.connect_timeout = connection.connect_timeout
        self.read_timeout = connection.read_timeout
        self._auth = (connection.username, connection.password)
        self._session = outbound.PinnedSession(pool_size=POOL_SIZE)
        client = Client(
            wsdl=wsdl_document(),
            transport=_unused_transport(),  # zeep builds the envelope; outbound sends it
            settings=Settings(raw_response=True, strict=False),
            plugins=[_plugin_class()()],
        )
        self._service = client.create_service(BINDING, self.endpoint)
        self._client = client

    def post(self, call: str, params: dict[str, Any]) -> BufferedResponse:
        """Send one call (exactly what :meth:`request` builds); raises outbound's errors unchanged."""
        body, headers = self.request(call, params)
        return self._session.post(
            self.endpoint,
            body=body,
            headers={"Accept-Encoding": "gzip, deflate", **headers},
            auth=self._auth,
            timeout_seconds=self.connect_timeout + self.read_timeout,
            connect_timeout_seconds=self.connect_timeout,
            read_timeout_seconds=self.read_timeout,
            max_bytes=MAX_ANSWER_BYTES,
        )

    def request(self, call: str, params: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """The exact body and HTTP headers :meth:`post` sends, without sending (tests, bench)."""
        from zeep.wsdl.utils import etree_to_string

        args = {escape_name(k): v for k, v in params.items() if v is not None}
        binding = self._service._binding
        envelope, headers = binding._create(
            call, (), args, client=self._client, options=self._service._binding_options
        )
        body: bytes = etree_to_string(envelope)
        return body, dict(headers)

    def close(self) -> None:
        self._session.close()

    # --- one call, translated into our errors -----------------------------------------------

    def call(self, call: str, params: dict[str, Any]) -> SqlResult:
        """Send ``call`` once and parse the answer; every failure is a PixiError subclass.

        PixiUnavailableError / PixiTimeoutError carry ``retryable`` in their context. A refused
        target (internal, unresolvable, wrong scheme) and a redirect are not retryable; their
        messages are outbound's, the same for every refused target.
        """
        where = f"{call} @ {self.host}"
        context: dict[str, Any] = {"call": call, "host": self.host}
        try:
            response = self.post(call, params)
        except OutboundRefusedError as exc:
            raise self._logged(
                PixiUnavailableError(exc.message, detail=f"{where}: {exc.detail}", retryable=False, **context)
            ) from None
        except OutboundFailedError as exc:
            raise self._logged(self._failed(where, exc, context)) from None
        return self._result(call, response)

    def _failed(self, where: str, exc: OutboundFailedError, context: dict[str, Any]) -> PixiError:
        if exc.reason == "connect_timeout":
            return PixiUnavailableError(
                detail=f"{where}: Verbindungsaufbau nach {self.connect_timeout:g} s abgebrochen",
                retryable=True, **context,
            )
        if exc.reason == "timeout":
            return PixiTimeoutError(
                detail=f"{where}: keine Antwort innerhalb von {self.read_timeout:g} s ({exc.detail})",
                retryable=True, **context,
            )
        if exc.reason == "tls":
            return PixiUnavailableError(
                "Die sichere Verbindung zu pixi ist fehlgeschlagen (Zertifikat). "
                "Bitte die pixi-Adresse prüfen.",
                detail=f"{where}: TLS-Fehler ({exc.detail})", retryable=False, **context,
            )
        if exc.reason == "too_large":
            return PixiResponseError(detail=f"{where}: {exc.detail}", **context)
        if exc.reason == "redirect":
            return PixiUnavailableError(
                exc.message, detail=f"{where}: {exc.detail}", retryable=False, **context
            )
        return PixiUnavailableError(
            detail=f"{where}: keine Verbindung ({_short(exc.detail)})", retryable=True, **context
        )

    def _result(self, call: str, response: BufferedResponse) -> SqlResult:
        status = response.status
        where = f"{call} @ {self.host} HTTP {status}"
        context: dict[str, Any] = {"call": call, "host": self.host, "http_status": status}
        if status in (401, 403):
            raise self._logged(PixiAuthError(detail=f"{where}: Zugangsdaten abgelehnt", **context))
        content = response.content
        try:
            if status == 200:
                return parse_response(content, call)
            parse_envelope(content, call)  # raises for a SOAP Fault (SOAP 1.1 sends them with 500)
        except PixiResponseError as exc:
            if status >= 500:  # a proxy's error page: pixi is (temporarily) not there
                raise self._logged(
                    PixiUnavailableError(
                        detail=f"{where}: {exc.detail}", retryable=True, **context
                    )
                ) from None
            exc.detail = f"{where}: {exc.detail}"
            exc.context.update(context)
            raise self._logged(exc) from None
        except PixiError as exc:
            exc.detail = f"{where}: {exc.detail}"
            exc.context.update(context)
            raise self._logged(exc) from None
        # A non-200 SOAP envelope that is not a fault.
        if status >= 500:
            raise self._logged(
                PixiUnavailableError(
                    detail=f"{where}: Serverfehler ohne SOAP-Fault", retryable=True, **context
                )
            )
        raise self._logged(PixiResponseError(detail=f"{where}: unerwarteter HTTP-Status", **context))

    def _logged(self, error: PixiError) -> PixiError:
        logger.warning(
            "pixi call failed: %s",
            error.detail,
            extra={"pixi_call": error.context.get("call"), "pixi_host": self.host,
                   "http_status": error.context.get("http_status"), "error_code": error.code},
        )
        return error


def _short(text: str) -> str:
    return text if len(text) < 300 else text[:300] + "…"
