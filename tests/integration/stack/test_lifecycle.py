"""Starting and stopping the local stack leaves nothing behind; a persistent stack keeps its data.

Each test here starts its own stack (not the session one) on free ports in a temporary folder.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from devstack import LocalStack, PartFailedError
from devstack.readiness import port_in_use
from devstack.stack import PROJECT_ROOT

pytestmark = pytest.mark.integration


def process_group_alive(pgid: int) -> bool:
    """True while a live (not zombie) process of the group exists."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # Something of the group exists: zombies waiting for init to reap them do not count.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            return True
    return False


def assert_all_gone(pids: dict[str, int]) -> None:
    alive = {name: pid for name, pid in pids.items() if process_group_alive(pid)}
    assert alive == {}, f"left behind: {alive}"


@pytest.fixture
def stacks() -> Iterator[list[LocalStack]]:
    """Every stack a test appends is stopped afterwards, also when the test fails."""
    started: list[LocalStack] = []
    try:
        yield started
    finally:
        for stack in started:
            stack.stop()


def test_stop_leaves_no_process_and_frees_every_port(tmp_path: Path, stacks: list[LocalStack]) -> None:
    stack = LocalStack(ports="free", persistent=False, data_dir=tmp_path, seed=False)
    stacks.append(stack)
    stack.start()
    pids = stack.pids
    ports = vars(stack.ports)
    assert set(pids) == {"dynamodb", "moto", "simulator", "api", "web", "worker"}
    assert all(process_group_alive(pid) for pid in pids.values())

    stack.stop()

    assert_all_gone(pids)
    assert [name for name, port in ports.items() if port_in_use(port)] == []
    for part in pids:
        assert (tmp_path / "logs" / f"{part}.log").stat().st_size > 0
    stack.stop()  # a second stop is harmless


class _BrokenSimulatorStack(LocalStack):
    """The real stack, except that the simulator part dies at once."""

    def _simulator_argv(self, python: str) -> list[str]:
        return [python, "-c", "import sys; print('simulator: boom, no WSDL'); sys.exit(3)"]


def test_a_part_that_fails_stops_the_start_with_its_log_and_nothing_left(tmp_path: Path) -> None:
    stack = _BrokenSimulatorStack(ports="free", persistent=False, data_dir=tmp_path)
    try:
        with pytest.raises(PartFailedError) as failure:
            stack.start()
    finally:
        stack.stop()

    message = str(failure.value)
    assert "simulator ended with exit code 3" in message
    assert "simulator: boom, no WSDL" in message
    assert_all_gone(stack.pids)


def test_busy_port_is_refused_before_anything_starts(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        stack = LocalStack(ports="free", persistent=False, data_dir=tmp_path)
        stack.ports = dataclasses.replace(stack.ports, web=taken)
        with pytest.raises(PartFailedError, match=f"web {taken}"):
            stack.start()
    assert stack.pids == {}


def test_persistent_stack_keeps_tables_secrets_and_keys_across_a_restart(
    tmp_path: Path, stacks: list[LocalStack]
) -> None:
    # Given a persistent stack with a row, a secret and KMS ciphertext written by a client
    first = LocalStack(ports="free", persistent=True, data_dir=tmp_path)
    stacks.append(first)
    first.start()
    env = first.env
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=env["AWS_DEFAULT_REGION"]
    )
    kms = session.client("kms", endpoint_url=first.moto_url)
    key_id = kms.create_key(Description="pixi passwords")["KeyMetadata"]["KeyId"]
    ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"pixi-demo")["CiphertextBlob"]
    session.client("secretsmanager", endpoint_url=first.moto_url).create_secret(
        Name="pcc/local/test-restart", SecretString="kept"
    )
    tables = session.client("dynamodb", endpoint_url=first.dynamodb_url).list_tables()["TableNames"]
    first.stop()

    # When it is started again (on other ports)
    second = LocalStack(ports="free", persistent=True, data_dir=tmp_path)
    stacks.append(second)
    second.start()

    # Then DynamoDB data, secrets and KMS keys are all there
    assert session.client("dynamodb", endpoint_url=second.dynamodb_url).list_tables()["TableNames"] == tables
    kms = session.client("kms", endpoint_url=second.moto_url)
    assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"pixi-demo"
    secret = session.client("secretsmanager", endpoint_url=second.moto_url).get_secret_value(
        SecretId="pcc/local/test-restart"
    )
    assert secret["SecretString"] == "kept"
    assert second.logins == first.logins  # the demo seed is idempotent
    recording = (tmp_path / "moto" / "recording.jsonl").read_text()
    assert "GetSecretValue" not in recording  # reads are not recorded


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """Everything the process printed up to the line containing ``marker``."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} not printed within {timeout} s; got:\n{''.join(seen)}")


def test_run_command_prints_url_and_logins_and_sigint_stops_everything(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack", "run", "--free-ports", "--in-memory", "--data-dir", str(tmp_path)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        banner = _read_until(process, "Stop with Ctrl-C", timeout=240)
        state = json.loads((tmp_path / "devstack.json").read_text())
        pids: dict[str, int] = state["pids"]

        assert f"pixi Callcenter läuft / is running:  {state['web_url']}" in banner
        for login in ("admin@demo.example", "agent@nordlicht.example", "Demo-Passw0rd!"):
            assert login in banner
        assert str(tmp_path / "logs") in banner
        assert set(pids) == {"dynamodb", "moto", "simulator", "api", "web", "worker"}

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # the test failed early: stop it the polite way first
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    assert process.returncode == 0, rest
    assert "stopped." in rest
    assert_all_gone(pids)
    assert not (tmp_path / "devstack.json").exists()
