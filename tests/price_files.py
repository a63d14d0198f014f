"""A merchant's web server for promo price files, in a thread on 127.0.0.1 (tests only).

``server.publish("/preise.csv", body, content_type="text/csv")`` serves a file; ``broken_after``
sends that many bytes of a longer announced body and closes the connection (a download that
breaks off midway). ``server.url(path)`` is its address.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class PublishedFile:
    body: bytes
    content_type: str
    broken_after: int | None = None


class PriceFileServer:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self.files: dict[str, PublishedFile] = {}
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def publish(
        self, path: str, body: bytes | str, *, content_type: str = "text/csv", broken_after: int | None = None
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.files[path] = PublishedFile(data, content_type, broken_after)
        return self.url(path)


def _handler(files: PriceFileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            files.requests.append(self.path)
            published = files.files.get(self.path)
            if published is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", published.content_type)
            self.send_header("Content-Length", str(len(published.body)))
            self.end_headers()
            if published.broken_after is None:
                self.wfile.write(published.body)
            else:
                self.wfile.write(published.body[: published.broken_after])
                self.wfile.flush()
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def price_file_server() -> Iterator[PriceFileServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    files = PriceFileServer(server)
    server.RequestHandlerClass = _handler(files)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield files
    finally:
        server.shutdown()
        server.server_close()
