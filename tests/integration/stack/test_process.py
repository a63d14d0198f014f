"""Supervised child processes: missing programs, parts that never get ready, log tails."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from devstack.process import ManagedProcess, PartFailedError, log_tail
from devstack.readiness import wait_until_ready


def part(tmp_path: Path, *argv: str) -> ManagedProcess:
    return ManagedProcess("demo", argv, log_path=tmp_path / "demo.log", env=dict(os.environ), cwd=tmp_path)


def test_a_missing_program_is_a_clear_start_failure(tmp_path: Path) -> None:
    missing = part(tmp_path, str(tmp_path / "no-such-java"))
    with pytest.raises(PartFailedError, match=r"demo: cannot run .*no-such-java"):
        missing.start()
    missing.stop()


def test_a_part_that_never_gets_ready_fails_with_its_log_tail(tmp_path: Path) -> None:
    script = "import time; print('listening soon ...', flush=True); time.sleep(60)"
    slow = part(tmp_path, sys.executable, "-c", script)
    slow.start()
    try:
        with pytest.raises(PartFailedError) as failure:
            wait_until_ready(slow, lambda: False, timeout=1.0)
        message = str(failure.value)
        assert "demo was not ready after 1 s" in message
        assert "listening soon ..." in message
    finally:
        slow.stop(timeout=5)
    assert slow.exit_code() is not None


def test_stop_kills_what_ignores_sigterm_and_its_children(tmp_path: Path) -> None:
    script = (
        "import signal, subprocess, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    stubborn = part(tmp_path, sys.executable, "-c", script)
    stubborn.start()
    wait_until_ready(stubborn, lambda: log_tail(stubborn.log_path, 1).strip().isdigit(), timeout=30)
    grandchild = int(log_tail(stubborn.log_path, 1))
    assert stubborn.pid is not None

    stubborn.stop(timeout=1)

    assert stubborn.exit_code() is not None  # ended and reaped
    # The orphaned grandchild is killed too; it may stay a zombie until init reaps it.
    deadline = time.monotonic() + 5
    while _running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(grandchild)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_log_tail_gives_the_last_lines(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {n}\n" for n in range(100)), encoding="utf-8")
    assert log_tail(log, 3) == "line 97\nline 98\nline 99"
    assert log_tail(tmp_path / "missing.log") == ""
