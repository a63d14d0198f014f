"""The local web server: static files, generated /config.js and the /api proxy.

Given the web server in front of a small echo server (both real, on free loopback ports), when a
request goes to /api/..., then the echo server sees it without the prefix and the answer comes back
unchanged.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from devstack.readiness import free_port
from devstack.web import make_server


class EchoHandler(BaseHTTPRequestHandler):
    """Answers with what it received; the status comes from the X-Want-Status header."""

    def _echo(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        payload = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode(),
            }
        ).encode()
        self.send_response(int(self.headers.get("X-Want-Status", "200")))
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Upstream", "echo")
        self.send_header("Set-Cookie", "a=1; HttpOnly")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _echo

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>Start</title>", encoding="utf-8")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    return tmp_path


@pytest.fixture
def web(site: Path) -> Iterator[tuple[int, int]]:
    """(web port, upstream port), both servers stopped afterwards."""
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    server = make_server(site, 0, upstream.server_port)
    threads = [_serve(upstream), _serve(server)]
    try:
        yield server.server_port, upstream.server_port
    finally:
        for srv in (server, upstream):
            srv.shutdown()
            srv.server_close()
        for thread in threads:
            thread.join(timeout=5)


def request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, response
    finally:
        conn.close()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_api_request_is_forwarded_with_method_body_and_headers(web: tuple[int, int], method: str) -> None:
    port, upstream_port = web
    body = json.dumps({"email": "agent@demo.example", "text": "Grüße"}).encode()

    status, headers, data, _ = request(
        port,
        method,
        "/api/customers/1?q=M%C3%BCller&x=1",
        body=body,
        headers={"Authorization": "Bearer abc", "Content-Type": "application/json", "X-Want-Status": "201"},
    )

    assert status == 201
    echoed = json.loads(data)
    assert echoed["method"] == method
    assert echoed["path"] == "/customers/1?q=M%C3%BCller&x=1"
    assert echoed["body"] == body.decode()
    assert echoed["headers"]["authorization"] == "Bearer abc"
    assert echoed["headers"]["content-type"] == "application/json"
    assert echoed["headers"]["host"] == f"127.0.0.1:{upstream_port}"
    assert echoed["headers"]["x-forwarded-host"] == f"127.0.0.1:{port}"
    assert headers["x-upstream"] == "echo"
    assert headers["set-cookie"] == "a=1; HttpOnly"
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(data)


@pytest.mark.parametrize("status", [400, 401, 404, 409, 429, 500, 502, 504])
def test_error_statuses_and_bodies_pass_through_unchanged(web: tuple[int, int], status: int) -> None:
    port, _ = web
    got, _, data, _ = request(port, "GET", "/api/health", headers={"X-Want-Status": str(status)})
    assert got == status
    assert json.loads(data)["path"] == "/health"


def test_bare_api_prefix_maps_to_the_api_root(web: tuple[int, int]) -> None:
    port, _ = web
    _, _, data, _ = request(port, "GET", "/api")
    assert json.loads(data)["path"] == "/"


def test_only_the_api_prefix_is_proxied(web: tuple[int, int]) -> None:
    port, _ = web
    status, _, _, _ = request(port, "GET", "/apiary")
    assert status == 404  # a static path, not a proxied one


def test_chunked_request_body_is_forwarded(web: tuple[int, int]) -> None:
    port, _ = web
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", "/api/orders", body=iter([b'{"a":', b"1}"]), encode_chunked=True)
        echoed = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    assert echoed["body"] == '{"a":1}'
    assert "transfer-encoding" not in echoed["headers"]


def test_api_down_gives_502_in_the_error_format(site: Path) -> None:
    server = make_server(site, 0, free_port())  # nothing listens on the API port
    thread = _serve(server)
    try:
        status, headers, data, _ = request(server.server_port, "GET", "/api/health")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert status == 502
    assert headers["content-type"] == "application/json"
    error = json.loads(data)
    assert error["code"] == "api_unavailable"
    assert error["message"]
    assert error["request_id"]


def test_config_js_is_generated_not_read_from_disk(web: tuple[int, int], site: Path) -> None:
    port, _ = web
    (site / "config.js").write_text("window.APP_CONFIG = {apiBase: 'https://elsewhere'};", encoding="utf-8")

    status, headers, data, _ = request(port, "GET", "/config.js")

    assert status == 200
    assert data == b'window.APP_CONFIG = {"apiBase": "/api", "stage": "local"};\n'
    assert headers["content-type"].startswith("text/javascript")
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "content_type", "no_store"),
    [
        ("/", "text/html", True),
        ("/index.html", "text/html", True),
        ("/css/app.css", "text/css", True),
        ("/logo.svg", "image/svg+xml", False),
    ],
)
def test_static_files_are_served(
    web: tuple[int, int], site: Path, path: str, content_type: str, no_store: bool
) -> None:
    port, _ = web
    status, headers, data, _ = request(port, "GET", path)
    assert status == 200
    assert headers["content-type"].startswith(content_type)
    expected = site / (path.strip("/") or "index.html")
    assert data == expected.read_bytes()
    assert (headers.get("cache-control") == "no-store") is no_store


@pytest.mark.parametrize("path", ["/css/", "/missing.js", "/../pyproject.toml", "/%2e%2e/pyproject.toml"])
def test_no_listings_and_nothing_outside_the_site(web: tuple[int, int], path: str) -> None:
    port, _ = web
    status, _, data, _ = request(port, "GET", path)
    assert status == 404
    assert b"[tool." not in data


def test_non_api_writes_are_refused(web: tuple[int, int]) -> None:
    port, _ = web
    status, _, _, _ = request(port, "POST", "/index.html", body=b"x")
    assert status == 405
