"""SOAP plumbing: the bundled WSDL (parsed once per process), one zeep service per connection,
and the translation of HTTP/transport outcomes into our pixi errors.

pixi wants the request's method element in the namespace equal to the endpoint URL and
``SOAPAction: <endpoint><call>`` (pixi-api.md §1). The bundled WSDL has one fixed namespace, so
:class:`EndpointNamespacePlugin` rewrites both per call from the service's address. zeep builds
the envelope (parameters in the WSDL's positional order, ``None`` omitted); answers come back raw
(``Settings(raw_response=True)``) and are parsed by :mod:`chalicelib.adapters.pixi.result`.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from chalicelib.adapters.pixi.connection import PixiConnection
from chalicelib.adapters.pixi.result import SqlResult, escape_name, parse_envelope, parse_response
from chalicelib.errors import (
    PixiAuthError,
    PixiError,
    PixiResponseError,
    PixiTimeoutError,
    PixiUnavailableError,
)
from chalicelib.log import logger

if TYPE_CHECKING:
    import requests
    from zeep.wsdl import Document


WSDL_PATH = Path(__file__).with_name("pixi.wsdl")
WSDL_NAMESPACE = "urn:pixi-callcenter:pixi"
BINDING = f"{{{WSDL_NAMESPACE}}}PixiBinding"
POOL_SIZE = 10  # ~8 concurrent calls per connection (one screen's calls run in parallel)
USER_AGENT = "pixi-callcenter/1.0"

_document: Document | None = None
_document_lock = threading.Lock()


def wsdl_document() -> Document:
    """The bundled WSDL, parsed on first use and then shared by every connection."""
    global _document
    if _document is None:
        with _document_lock:
            if _document is None:
                from zeep import Settings
                from zeep.transports import Transport
                from zeep.wsdl import Document

                transport: Any = Transport()  # zeep's stub wants the class; an instance is right
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
    """One tenant connection: its own session (Basic auth, pool, timeouts) and zeep service."""

    def __init__(self, connection: PixiConnection) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from zeep import Client, Settings
        from zeep.transports import Transport

        self.endpoint = normalized_endpoint(connection.endpoint)
        parts = urlsplit(self.endpoint)
        self.host = parts.netloc.rpartition("@")[2] or self.endpoint
        self.connect_timeout = connection.connect_timeout
        self.read_timeout = connection.read_timeout
        self.session = requests.Session()
        self.session.auth = (connection.username, connection.password)
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=POOL_SIZE, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        transport = Transport(
            session=self.session,
            timeout=connection.connect_timeout,
            operation_timeout=(connection.connect_timeout, connection.read_timeout),
        )
        self.session.headers["User-Agent"] = USER_AGENT
        client = Client(
            wsdl=wsdl_document(),
            transport=transport,
            settings=Settings(raw_response=True, strict=False),
            plugins=[_plugin_class()()],
        )
        self._service = client.create_service(BINDING, self.endpoint)
        self._client = client

    def post(self, call: str, params: dict[str, Any]) -> requests.Response:
        """Send one call; raises requests' exceptions unchanged."""
        args = {escape_name(k): v for k, v in params.items() if v is not None}
        response: requests.Response = self._service[call](**args)
        return response

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
        self.session.close()

    # --- one call, translated into our errors -----------------------------------------------

    def call(self, call: str, params: dict[str, Any]) -> SqlResult:
        """Send ``call`` once and parse the answer; every failure is a PixiError subclass.

        PixiUnavailableError / PixiTimeoutError carry ``retryable`` in their context.
        """
        import requests

        where = f"{call} @ {self.host}"
        try:
            response = self.post(call, params)
        except requests.exceptions.ConnectTimeout as exc:
            raise self._logged(
                PixiUnavailableError(
                    detail=f"{where}: Verbindungsaufbau nach {self.connect_timeout:g} s abgebrochen ({exc})",
                    call=call, host=self.host, retryable=True,
                )
            ) from None
        except requests.exceptions.Timeout as exc:
            raise self._logged(
                PixiTimeoutError(
                    detail=f"{where}: keine Antwort innerhalb von {self.read_timeout:g} s ({exc})",
                    call=call, host=self.host, retryable=True,
                )
            ) from None
        except requests.exceptions.SSLError as exc:
            raise self._logged(
                PixiUnavailableError(
                    "Die sichere Verbindung zu pixi ist fehlgeschlagen (Zertifikat). "
                    "Bitte die pixi-Adresse prüfen.",
                    detail=f"{where}: TLS-Fehler ({exc})", call=call, host=self.host, retryable=False,
                )
            ) from None
        except requests.exceptions.ConnectionError as exc:
            raise self._logged(
                PixiUnavailableError(
                    detail=f"{where}: keine Verbindung ({_short(exc)})", call=call, host=self.host,
                    retryable=True,
                )
            ) from None
        except requests.exceptions.RequestException as exc:  # invalid URL, bad scheme, …
            raise self._logged(
                PixiUnavailableError(
                    "Die pixi-Adresse ist ungültig. Bitte die pixi-API-Verbindung prüfen.",
                    detail=f"{where}: {exc}", call=call, host=self.host, retryable=False,
                )
            ) from None
        return self._result(call, response)

    def _result(self, call: str, response: requests.Response) -> SqlResult:
        status = response.status_code
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


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "…"
