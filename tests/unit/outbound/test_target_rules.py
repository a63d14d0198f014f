"""Which targets a tenant-given URL may reach (no network: the resolver is replaced)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from chalicelib.adapters import outbound
from chalicelib.domain.network import address_is_loopback, address_is_public
from chalicelib.errors import OutboundRefusedError
from chalicelib.settings import get_settings

INTERNAL = [
    "10.0.0.8", "172.16.0.1", "192.168.1.2", "127.0.0.1", "127.8.9.10", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd00::1", "ff02::1", "2001:db8::1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1",
    "2001:0:4136:e378:8000:63bf:f5ff:fffe", "fe80::1%eth0",
]  # fmt: skip
PUBLIC = ["93.184.216.34", "8.8.8.8", "2a00:1450:4001::1", "::ffff:93.184.216.34", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not address_is_public(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_public(address: str) -> None:
    assert address_is_public(address)


def test_loopback_forms() -> None:
    assert address_is_loopback("127.0.0.1") and address_is_loopback("::1")
    assert address_is_loopback("::ffff:127.0.0.1") and not address_is_loopback("10.0.0.1")
    assert not address_is_loopback("localhost")  # a name: resolved first, then judged


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """Host name -> the addresses the fake DNS gives; a name not in it does not resolve."""
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: object, *args: object, **kw: object) -> list[tuple]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield answers


@pytest.fixture
def stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.delenv("ALLOW_LOOPBACK_URLS", raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def refused(url: str, **kw: object) -> OutboundRefusedError:
    with pytest.raises(OutboundRefusedError) as info:
        outbound.check_target(url, **kw)  # type: ignore[arg-type]
    return info.value


def test_every_refused_target_gets_the_same_answer(resolver: dict[str, list[str]], stage: object) -> None:
    resolver["intern.example.com"] = ["10.1.2.3"]
    resolver["meta.example.com"] = ["169.254.169.254"]
    resolver["mixed.example.com"] = ["93.184.216.34", "192.168.0.1"]  # one internal answer is enough
    resolver["localhost"] = ["127.0.0.1"]
    errors = [
        refused("https://intern.example.com/x.csv"),
        refused("https://meta.example.com/latest/meta-data/"),
        refused("https://mixed.example.com/"),
        refused("https://gibt-es-nicht.example.com/"),  # does not resolve
        refused("https://localhost/"),  # loopback, not allowed on this stage
        refused("https://[::ffff:10.0.0.1]/"),
        refused("http://93.184.216.34/"),  # http outside the local stage
        refused("ftp://93.184.216.34/"),
        refused("file:///etc/passwd"),
        refused("https://user:pw@93.184.216.34/"),
        refused("kein-url"),
    ]
    assert {(e.status, e.code, e.message) for e in errors} == {
        (400, "target_refused", OutboundRefusedError.default_message)
    }
    assert "10.1.2.3" not in errors[0].message  # the detail (log only) says why, the message does not


def test_a_public_host_is_pinned_to_its_checked_address(
    resolver: dict[str, list[str]], stage: object
) -> None:
    resolver["pixi.example.com"] = ["93.184.216.34", "93.184.216.35"]
    target = outbound.check_target("https://pixi.example.com:8443/soap/pixiX/")
    assert (target.host, target.port, target.address) == ("pixi.example.com", 8443, "93.184.216.34")
    assert target.host_header == "pixi.example.com:8443"


def test_the_local_stage_allows_loopback_and_http_but_nothing_internal(
    resolver: dict[str, list[str]], stage: pytest.MonkeyPatch
) -> None:
    stage.setenv("ALLOW_LOOPBACK_URLS", "1")
    get_settings.cache_clear()
    resolver["localhost"] = ["127.0.0.1"]
    assert outbound.check_target("http://localhost:8090/soap/pixiDEM/").address == "127.0.0.1"
    assert outbound.check_target("http://127.0.0.1:8090/x").host_header == "127.0.0.1:8090"
    refused("http://10.0.0.1/")
    refused("http://169.254.169.254/")
