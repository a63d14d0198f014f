"""The local web server: ``static_site/`` plus a proxy of ``/api/...`` to ``chalice local``.

It plays CloudFront's part locally: one origin for the page and the API, so the page always calls
``/api/...`` and needs no CORS. ``/config.js`` is generated, never written to disk.

Run: ``python -m devstack.web --port 8080 --api-port 8000 --root static_site``
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import sys
import uuid
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

API_PREFIX = "/api"
LOOPBACK = "127.0.0.1"
DEMO_PREFIX = "/demo/"
DEMO_FILES = {"aktionspreise.csv": "text/csv; charset=utf-8"}
"""The merchant's files of the demo (``devstack/demo/``), e.g. the promo price file the demo tenant's
promo price import is configured with; served by the local stack only, never deployed."""
DEMO_DIR = Path(__file__).resolve().parent / "demo"

# Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded; Host is set for the upstream.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)
# send_response() writes Server and Date; Content-Length is set from the body read.
_SET_BY_US = frozenset({"server", "date", "content-length"})
_NO_STORE_SUFFIXES = (".html", ".js", ".mjs", ".css", ".json", ".map")


def config_js(stage: str = "local") -> bytes:
    config = {"apiBase": API_PREFIX, "stage": stage}
    return f"window.APP_CONFIG = {json.dumps(config)};\n".encode()


class WebHandler(SimpleHTTPRequestHandler):
    """Static files from ``directory``; ``/api/...`` forwarded to ``api_port`` with the prefix removed."""

    server_version = "devstack-web"
    api_port: int = 8000
    stage: str = "local"
    upstream_timeout: float = 60.0

    # --- routing -----------------------------------------------------------------------------
    def _is_api(self) -> bool:
        path = self.path.split("?", 1)[0]
        return path == API_PREFIX or path.startswith(API_PREFIX + "/")

    def do_GET(self) -> None:
        if self._is_api():
            self._proxy()
        elif self.path.split("?", 1)[0] == "/config.js":
            self._send_bytes(config_js(self.stage), "text/javascript; charset=utf-8")
        elif self.path.startswith(DEMO_PREFIX):
            self._demo_file(self.path.split("?", 1)[0][len(DEMO_PREFIX) :])
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._is_api():
            self._proxy()
        else:
            super().do_HEAD()

    def _api_only(self) -> None:
        if self._is_api():
            self._proxy()
        else:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _api_only

    # --- static files --------------------------------------------------------------------------
    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No directory listings: a folder without index.html is a 404."""
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def end_headers(self) -> None:
        if not self._is_api():
            path = self.path.split("?", 1)[0]
            if path.endswith("/") or path.endswith(_NO_STORE_SUFFIXES):
                self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _demo_file(self, name: str) -> None:
        content_type = DEMO_FILES.get(name)
        if content_type is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send_bytes((DEMO_DIR / name).read_bytes(), content_type)

    def _send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # --- proxy -----------------------------------------------------------------------------------
    def _request_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is not None:
            return self.rfile.read(int(length))
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        return None

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _proxy(self) -> None:
        upstream_path = self.path[len(API_PREFIX) :] or "/"
        if not upstream_path.startswith("/"):
            upstream_path = "/" + upstream_path
        body = self._request_body()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["Host"] = f"{LOOPBACK}:{self.api_port}"
        headers["X-Forwarded-For"] = self.client_address[0]
        headers["X-Forwarded-Host"] = self.headers.get("Host", "")
        headers["X-Forwarded-Proto"] = "http"
        if body is not None:
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection(LOOPBACK, self.api_port, timeout=self.upstream_timeout)
        try:
            conn.request(self.command, upstream_path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            self._upstream_error(exc)
            return
        conn.close()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP and name.lower() not in _SET_BY_US:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _upstream_error(self, exc: Exception) -> None:
        self.log_error("API upstream on port %s failed: %r", self.api_port, exc)
        body = json.dumps(
            {
                "code": "api_unavailable",
                "message": "Die API ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
                "request_id": str(uuid.uuid4()),
            }
        ).encode()
        self.send_response(HTTPStatus.BAD_GATEWAY)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")
        sys.stderr.flush()


def make_server(root: Path, port: int, api_port: int, stage: str = "local") -> ThreadingHTTPServer:
    handler = type("BoundWebHandler", (WebHandler,), {"api_port": api_port, "stage": stage})
    server = ThreadingHTTPServer((LOOPBACK, port), partial(handler, directory=str(root)))
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=Path("static_site"))
    parser.add_argument("--stage", default="local")
    args = parser.parse_args(argv)
    server = make_server(args.root.resolve(), args.port, args.api_port, args.stage)

    def shutdown(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    print(
        f"serving {args.root} on http://{LOOPBACK}:{server.server_port}, /api -> :{args.api_port}", flush=True
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
