"""The outgoing-request module against real sockets: pinning, redirects, TLS for the host name,
limits, and errors that never echo the foreign server (issue 15)."""

from __future__ import annotations

import datetime as dt
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from chalicelib.adapters import outbound
from chalicelib.adapters.pixi import PixiClient, PixiConnection
from chalicelib.errors import OutboundFailedError, OutboundRefusedError
from tests.integration.outbound.conftest import Seen, Serve

SECRET_TEXT = "INTERN-GEHEIM-4711"
FAULT = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    f"<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>{SECRET_TEXT}</faultstring>"
    "</soap:Fault></soap:Body></soap:Envelope>"
).encode()

pytestmark = pytest.mark.usefixtures("local_stage")

E = TypeVar("E", bound=Exception)


def stream_error(
    kind: type[E],
    url: str,
    *,
    max_bytes: int = 100,
    timeout_seconds: float = 5,
    into: list[bytes] | None = None,
) -> E:
    """The error ``open_stream`` raises for ``url`` (while opening or reading it)."""
    with pytest.raises(kind) as info, outbound.open_stream(
        url, max_bytes=max_bytes, timeout_seconds=timeout_seconds
    ) as response:
        for chunk in response.chunks(256):
            (into if into is not None else []).append(chunk)
    return info.value


def test_a_soap_call_is_not_redirected_to_an_internal_address(serve: Serve) -> None:
    """The attack of issue 15: a host answers ``307 -> internal``; the request (with the pixi
    password) must not go there and nothing the internal server says may come back."""
    internal = serve(lambda seen: (500, {"Content-Type": "text/xml"}, FAULT))
    public = serve(lambda seen: (307, {"Location": f"{internal.url}/soap/pixiDEM/"}, b"moved"))
    client = PixiClient(PixiConnection(f"{public.url}/soap/pixiDEM/", "pixiDEM", "geheim"), retries=0)
    check = client.check_connection()
    assert not check.ok and check.problem == "unreachable"
    assert SECRET_TEXT not in check.message and "moved" not in check.message
    assert "Weiterleitungen werden nicht verfolgt" in check.message
    assert internal.seen == []  # not one request reached the internal server
    assert public.seen[0].headers["Authorization"].startswith("Basic ")  # only the saved endpoint


def test_a_soap_fault_text_of_a_foreign_server_is_not_echoed(serve: Serve) -> None:
    foreign = serve(lambda seen: (500, {"Content-Type": "text/xml"}, FAULT))
    check = PixiClient(PixiConnection(f"{foreign.url}/soap/pixiDEM/", "u", "p"), retries=0).check_connection()
    assert not check.ok and SECRET_TEXT not in check.message


def test_the_host_is_resolved_once_and_the_checked_address_is_used(
    serve: Serve, dns: dict[str, list[list[str]]]
) -> None:
    """DNS rebinding: the second answer would be internal; the connection uses the first, checked one."""
    server = serve(lambda seen: (200, {"Content-Type": "text/plain"}, b"ok"))
    dns["pixi.rebind.test"] = [["127.0.0.1"], ["10.0.0.1"]]
    response = outbound.post(
        f"http://pixi.rebind.test:{server.port}/soap/pixiX/", body=b"<x/>", headers={}, auth=("u", "p"),
        timeout_seconds=5, max_bytes=1000,
    )
    assert (response.status, response.content) == (200, b"ok")
    assert dns["lookups"]["pixi.rebind.test"] == 1  # type: ignore[index]
    assert server.seen[0].headers["Host"] == f"pixi.rebind.test:{server.port}"
    with pytest.raises(OutboundRefusedError):  # the next lookup (a new session) gets the internal answer
        outbound.post(
            f"http://pixi.rebind.test:{server.port}/", body=b"", headers={}, auth=None,
            timeout_seconds=5, max_bytes=1000,
        )


def test_a_session_keeps_its_checked_address_and_connection(serve: Serve, dns: dict) -> None:
    server = serve(lambda seen: (200, {}, b"ok"))
    dns["pixi.keep.test"] = [["127.0.0.1"], ["10.0.0.1"]]
    session = outbound.PinnedSession()
    try:
        for _ in range(3):
            answer = session.post(
                f"http://pixi.keep.test:{server.port}/a", body=b"", headers={}, auth=None,
                timeout_seconds=5, max_bytes=10,
            )
            assert answer.content == b"ok"
    finally:
        session.close()
    assert dns["lookups"]["pixi.keep.test"] == 1 and len(server.seen) == 3


# --- TLS: connect to the pinned IP, verify the certificate for the host name ---------------------


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ssl.SSLContext, list[str]]]:
    """A server context with a certificate for ``pixi.tls.test`` from a CA the client trusts (and
    the server names the client asked for, by SNI)."""
    import certifi
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(1).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pixi.tls.test")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("pixi.tls.test")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption())
    )
    monkeypatch.setattr(certifi, "where", lambda: str(tmp_path / "ca.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    names: list[str] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment,misc,func-returns-value]
    yield context, names


def test_tls_goes_to_the_pinned_address_with_sni_and_verification_for_the_host(
    serve: Serve, dns: dict, tls: tuple[ssl.SSLContext, list[str]]
) -> None:
    context, names = tls
    server = serve(lambda seen: (200, {"Content-Type": "text/csv; charset=utf-8"}, b"a;b\n"), tls=context)
    dns["pixi.tls.test"] = [["127.0.0.1"]]
    dns["other.tls.test"] = [["127.0.0.1"]]
    url = f"https://pixi.tls.test:{server.port}/p.csv"
    with outbound.open_stream(url, max_bytes=100, timeout_seconds=5) as r:
        assert (r.status, r.content_type, r.charset, r.read()) == (200, "text/csv", "utf-8", b"a;b\n")
    assert names[0] == "pixi.tls.test"
    failed = stream_error(OutboundFailedError, f"https://other.tls.test:{server.port}/p.csv")
    assert failed.reason == "tls" and failed.status == 502  # the certificate is not for this name


# --- GET with redirects, limits, status -----------------------------------------------------------


def test_open_stream_checks_every_redirect_hop(serve: Serve, dns: dict) -> None:
    dns["intern.redirect.test"] = [["10.0.0.1"]]
    final = serve(lambda seen: (200, {"Content-Type": "text/csv"}, b"ean;preis\n"))
    hop = serve(lambda seen: (302, {"Location": f"{final.url}/datei.csv"}, b""))
    with outbound.open_stream(f"{hop.url}/start", max_bytes=100, timeout_seconds=5) as response:
        assert response.final_url == f"{final.url}/datei.csv" and response.read() == b"ean;preis\n"
    bad = serve(lambda seen: (301, {"Location": "http://intern.redirect.test/latest/meta-data/"}, b""))
    refused = stream_error(OutboundRefusedError, f"{bad.url}/x.csv")
    assert refused.message == OutboundRefusedError.default_message
    loop: list[str] = []
    looping = serve(lambda seen: (307, {"Location": loop[0]}, b""))
    loop.append(f"{looping.url}/again")
    failed = stream_error(OutboundFailedError, f"{looping.url}/x")
    assert failed.reason == "too_many_redirects" and len(looping.seen) == outbound.MAX_REDIRECTS + 1


def test_an_error_status_is_named_but_its_body_never_shown(serve: Serve) -> None:
    server = serve(lambda seen: (404, {"Content-Type": "text/html"}, f"<h1>{SECRET_TEXT}</h1>".encode()))
    failed = stream_error(OutboundFailedError, f"{server.url}/x.csv")
    assert failed.reason == "http_status" and "HTTP 404" in failed.message
    assert SECRET_TEXT not in failed.message and SECRET_TEXT not in failed.detail


def test_size_is_limited_with_and_without_content_length(serve: Serve) -> None:
    big = serve(lambda seen: (200, {}, b"x" * 5000))
    assert stream_error(OutboundFailedError, f"{big.url}/x", max_bytes=1000).reason == "too_large"
    endless = serve(lambda seen: (200, {}, iter([b"y" * 600] * 100)))
    received: list[bytes] = []
    failed = stream_error(OutboundFailedError, f"{endless.url}/x", max_bytes=1000, into=received)
    assert failed.reason == "too_large" and sum(map(len, received)) <= 1000


def test_time_is_limited_for_the_answer_and_for_the_whole_body(serve: Serve) -> None:
    def slow(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.5)
        return 200, {}, b"late"

    def dripping() -> Iterator[bytes]:
        for _ in range(40):
            time.sleep(0.1)
            yield b"z"

    silent = serve(slow)
    started = time.monotonic()
    with pytest.raises(OutboundFailedError) as info:
        outbound.post(f"{silent.url}/", body=b"", headers={}, auth=None, timeout_seconds=0.4, max_bytes=10)
    assert info.value.reason == "timeout" and time.monotonic() - started < 1.2
    drip = serve(lambda seen: (200, {}, dripping()))
    started = time.monotonic()
    failed = stream_error(OutboundFailedError, f"{drip.url}/", max_bytes=1000, timeout_seconds=0.5)
    assert failed.reason == "timeout" and time.monotonic() - started < 1.5


def test_unreachable_and_connection_refused_are_failures_not_echoes() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(OutboundFailedError) as info:
        outbound.post(f"http://127.0.0.1:{port}/", body=b"", headers={}, auth=None, timeout_seconds=2,
                      max_bytes=10)
    assert info.value.reason == "unreachable"


def test_without_the_local_stage_setting_loopback_is_refused(
    serve: Serve, local_stage: pytest.MonkeyPatch
) -> None:
    from chalicelib.settings import get_settings

    server = serve(lambda seen: (200, {}, b"ok"))
    local_stage.delenv("ALLOW_LOOPBACK_URLS")
    get_settings.cache_clear()
    with pytest.raises(OutboundRefusedError):
        outbound.post(f"{server.url}/", body=b"", headers={}, auth=None, timeout_seconds=2, max_bytes=10)
    with pytest.raises(OutboundRefusedError):
        outbound.post(f"https://127.0.0.1:{server.port}/", body=b"", headers={}, auth=None,
                      timeout_seconds=2, max_bytes=10)
    assert server.seen == []
