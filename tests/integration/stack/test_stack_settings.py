"""Pure parts of the local stack: port settings and which moto requests are recorded."""

from __future__ import annotations

import json

import pytest

from devstack.moto_server import is_read_only
from devstack.stack import FREE_PORTS, Ports


def test_default_ports() -> None:
    assert Ports.from_env({}) == Ports(web=8080, api=8000, dynamodb=8001, moto=5001, simulator=8090)


def test_ports_from_environment() -> None:
    ports = Ports.from_env({"PCC_WEB_PORT": "9080", "PCC_DYNAMODB_PORT": "0"})
    assert (ports.web, ports.dynamodb, ports.api) == (9080, 0, 8000)


def test_free_ports_are_distinct_and_nonzero() -> None:
    ports = vars(FREE_PORTS.resolved())
    assert 0 not in ports.values()
    assert len(set(ports.values())) == 5


def test_explicit_ports_stay_as_given() -> None:
    given = Ports(web=18080, api=18000, dynamodb=18001, moto=15001, simulator=18090)
    assert given.resolved() == given


def _json_call(target: str) -> tuple[str, dict[str, str], bytes, str]:
    return "POST", {"X-Amz-Target": target}, json.dumps({}).encode(), "http://127.0.0.1:5001/"


@pytest.mark.parametrize(
    ("request_parts", "read_only"),
    [
        (_json_call("secretsmanager.GetSecretValue"), True),
        (_json_call("TrentService.Decrypt"), True),
        (_json_call("TrentService.ListAliases"), True),
        (_json_call("AmazonSQS.ReceiveMessage"), True),
        (_json_call("secretsmanager.CreateSecret"), False),
        (_json_call("secretsmanager.PutSecretValue"), False),
        (_json_call("TrentService.CreateKey"), False),
        (_json_call("TrentService.Encrypt"), False),
        (("POST", {}, b"Action=ListIdentities&Version=2010-12-01", "http://h/"), True),
        (("POST", {}, b"Action=SendEmail&Version=2010-12-01", "http://h/"), False),
        (("POST", {}, b"", "http://h/?Action=VerifyEmailIdentity&EmailAddress=a%40b"), False),
        (("GET", {}, b"", "http://h/bucket/key.csv"), True),
        (("HEAD", {}, b"", "http://h/bucket/key.csv"), True),
        (("PUT", {}, b"a;b", "http://h/bucket/key.csv"), False),
        (("DELETE", {}, b"", "http://h/bucket/key.csv"), False),
    ],
)
def test_only_state_changing_moto_requests_are_recorded(
    request_parts: tuple[str, dict[str, str], bytes, str], read_only: bool
) -> None:
    method, headers, body, url = request_parts
    assert is_read_only(method, headers, body, url) is read_only


@pytest.mark.parametrize(
    ("target", "recorded"),
    [
        ("AmazonSQS.CreateQueue", True),
        ("AmazonSQS.SetQueueAttributes", True),
        ("AmazonSQS.SendMessage", False),
        ("AmazonSQS.DeleteMessage", False),
        ("AmazonSQS.ChangeMessageVisibility", False),
        ("AmazonSQS.ReceiveMessage", False),
        ("secretsmanager.CreateSecret", True),
    ],
)
def test_queues_are_recorded_but_their_messages_are_not(target: str, recorded: bool) -> None:
    """A replayed SendMessage would run old jobs again on every start of the stack."""
    from devstack.moto_server import is_recorded

    assert is_recorded(*_json_call(target)) is recorded
