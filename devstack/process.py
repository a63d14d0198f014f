"""One supervised child process of the local stack: its own process group, its own log file.

Every part is started in a new session (so a signal to its group reaches whatever it forks) and,
on Linux, asks the kernel to send it SIGTERM when its parent dies, so even a killed supervisor
leaves nothing behind. Stopping is: SIGTERM to the group, wait, SIGKILL to the group after a timeout.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """Runs in the child between fork and exec: SIGTERM when the starting thread's process dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


class PartFailedError(RuntimeError):
    """A part of the stack did not start or died; the message carries the tail of its log."""


class ManagedProcess:
    """A named child process whose output goes to ``log_path``."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        log_path: Path,
        env: Mapping[str, str],
        cwd: Path,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.env = dict(env)
        self.cwd = cwd
        self._popen: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self._log.write(f"--- devstack: starting {self.name}: {' '.join(self.argv)}\n".encode())
        self._log.flush()
        try:
            self._popen = self._spawn()
        except OSError as exc:
            raise PartFailedError(
                f"{self.name}: cannot run {self.argv[0]!r} ({exc.strerror}); "
                "`make deps` installs what is missing"
            ) from exc

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # only prctl(2) between fork and exec
        )

    def exit_code(self) -> int | None:
        """None while running; the exit code once it has ended."""
        return self._popen.poll() if self._popen else None

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the whole process group; kill it if it does not end within ``timeout``."""
        popen = self._popen
        if popen is not None:
            _signal_group(popen.pid, signal.SIGTERM)
            try:
                popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(popen.pid, signal.SIGKILL)
                popen.wait(timeout=timeout)
            # The leader is gone; anything it left in its group goes too.
            _signal_group(popen.pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def log_tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a log file (empty if it does not exist)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read()
    except FileNotFoundError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])


class LogFollower:
    """Prints the lines that parts add to their logs, prefixed with the part name (``--follow``)."""

    def __init__(self, logs: Mapping[str, Path], write: Callable[[str], None], interval: float = 0.3) -> None:
        self._offsets = {
            name: (path, path.stat().st_size if path.exists() else 0) for name, path in logs.items()
        }
        self._write = write
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="log-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        width = max(len(name) for name in self._offsets) if self._offsets else 0
        while not self._stop.wait(self._interval):
            for name, (path, offset) in list(self._offsets.items()):
                try:
                    with open(path, "rb") as handle:
                        handle.seek(offset)
                        data = handle.read()
                except FileNotFoundError:
                    continue
                complete = data[: data.rfind(b"\n") + 1]
                if complete:
                    self._offsets[name] = (path, offset + len(complete))
                    for line in complete.decode("utf-8", "replace").splitlines():
                        self._write(f"[{name:<{width}}] {line}")
