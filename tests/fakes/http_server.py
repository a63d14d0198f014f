"""A small HTTP(S) server on 127.0.0.1 that answers what a test tells them and records every
request: a stand-in for a tenant-given URL (a pixi endpoint, a CSV file, an attacker's host)."""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    url: str
    port: int
    seen: list[Seen] = field(default_factory=list)


Serve = Callable[..., Server]


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading (a size or time limit) is what the tests want


@pytest.fixture
def serve() -> Iterator[Serve]:
    """``serve(answer, tls=None)``: a server that calls ``answer(seen) -> (status, headers, body)``
    (``body`` may be an iterator of chunks, sent chunked) and records every request."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(answer: Callable[[Seen], Any], tls: ssl.SSLContext | None = None) -> Server:
        server_info = Server(url="", port=0)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length))
                server_info.seen.append(seen)
                status, headers, body = answer(seen)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if isinstance(body, bytes):
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in body:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass  # the client gave up (size or time limit)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        httpd = _QuietServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        if tls is not None:
            httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
        servers.append(httpd)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        port = httpd.server_address[1]
        server_info.port = port
        server_info.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        return server_info

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()
