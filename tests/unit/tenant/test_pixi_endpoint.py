from __future__ import annotations

import pytest

from chalicelib.domain.connections import (
    NOT_A_URL,
    NOT_HTTPS,
    NOT_PUBLIC,
    NOT_SOAP_PATH,
    DefaultConnectionError,
    check_removal,
    check_set_default,
    check_update,
    normalize_pixi_endpoint,
)
from chalicelib.domain.tenant import PixiApiConnection
from chalicelib.errors import ValidationError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.pixi.eu/soap/pixiXYZ/", "https://api.pixi.eu/soap/pixiXYZ/"),
        (" https://API.pixi.eu/soap/pixiXYZ ", "https://api.pixi.eu/soap/pixiXYZ/"),
        ("https://pixi.example:8443/api/soap/pixi_DB-1/", "https://pixi.example:8443/api/soap/pixi_DB-1/"),
        ("https://93.184.216.34/soap/pixiX/", "https://93.184.216.34/soap/pixiX/"),
    ],
)
def test_good_endpoints_are_normalised(url: str, expected: str):
    assert normalize_pixi_endpoint(url, allow_loopback=False) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.pixi.eu/soap/pixiXYZ/", NOT_HTTPS),
        ("ftp://api.pixi.eu/soap/pixiXYZ/", NOT_HTTPS),
        ("https://127.0.0.1/soap/pixiX/", NOT_PUBLIC),
        ("https://localhost/soap/pixiX/", NOT_PUBLIC),
        ("https://10.0.0.8/soap/pixiX/", NOT_PUBLIC),
        ("https://192.168.1.2/soap/pixiX/", NOT_PUBLIC),
        ("https://172.16.0.1/soap/pixiX/", NOT_PUBLIC),
        ("https://169.254.169.254/soap/pixiX/", NOT_PUBLIC),
        ("https://100.64.0.1/soap/pixiX/", NOT_PUBLIC),
        ("https://[::1]/soap/pixiX/", NOT_PUBLIC),
        ("https://[fe80::1]/soap/pixiX/", NOT_PUBLIC),
        ("https://[::ffff:10.0.0.1]/soap/pixiX/", NOT_PUBLIC),
        ("https://0.0.0.0/soap/pixiX/", NOT_PUBLIC),
        ("https://intranet/soap/pixiX/", NOT_PUBLIC),
        ("https://api.pixi.eu/pixiXYZ/", NOT_SOAP_PATH),
        ("https://api.pixi.eu/soap/", NOT_SOAP_PATH),
        ("https://api.pixi.eu/soap/a/b/", NOT_SOAP_PATH),
        ("https://user:pw@api.pixi.eu/soap/pixiX/", NOT_A_URL),
        ("https://api.pixi.eu/soap/pixiX/?wsdl", NOT_A_URL),
        ("kein url", NOT_A_URL),
        ("https://api.pixi.eu:99999/soap/pixiX/", NOT_A_URL),
    ],
)
def test_bad_endpoints_are_refused_on_the_endpoint_field(url: str, message: str):
    with pytest.raises(ValidationError) as refused:
        normalize_pixi_endpoint(url, allow_loopback=False)
    assert refused.value.fields == {"endpoint": message}


def test_the_local_stack_may_use_http_on_loopback_only():
    assert (
        normalize_pixi_endpoint("http://127.0.0.1:8090/soap/pixiDEM/", allow_loopback=True)
        == "http://127.0.0.1:8090/soap/pixiDEM/"
    )
    assert (
        normalize_pixi_endpoint("http://localhost:8090/soap/pixiDEM", allow_loopback=True)
        == "http://localhost:8090/soap/pixiDEM/"
    )
    for url in ("http://10.0.0.8/soap/pixiX/", "http://api.pixi.eu/soap/pixiX/"):
        with pytest.raises(ValidationError):
            normalize_pixi_endpoint(url, allow_loopback=True)


def conn(cid: str, *, active: bool = True, default: bool = False) -> PixiApiConnection:
    return PixiApiConnection(
        "t", cid, cid, "https://e/soap/x/", "u", "ref", active=active, is_default=default
    )


def test_default_connection_rules():
    with pytest.raises(DefaultConnectionError):
        check_update(conn("a", default=True), active=False)
    check_update(conn("b"), active=False)
    with pytest.raises(DefaultConnectionError):
        check_set_default(conn("b", active=False))
    with pytest.raises(DefaultConnectionError):
        check_removal(conn("a", default=True), [conn("a", default=True), conn("b")])
    check_removal(conn("a", default=True), [conn("a", default=True)])
    check_removal(conn("b"), [conn("a", default=True), conn("b")])
