"""``python -m devstack run``: the whole app on this machine (what ``make run`` calls).

Starts DynamoDB Local, moto server, the pixi simulator, ``chalice local``, the web server and the
worker (queue consumers and schedules) on 127.0.0.1, creates the tables and queues, seeds the demo,
prints the URL and the demo logins, and supervises the parts until Ctrl-C / SIGTERM (or until one of
them dies), then stops every one of them.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from pathlib import Path

from devstack.process import LogFollower, PartFailedError
from devstack.stack import FREE_PORTS, PARTS, LocalStack, Ports


class _StopRequestedError(Exception):
    """Raised in the main thread by SIGINT/SIGTERM."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devstack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the local stack and supervise it until Ctrl-C")
    defaults = Ports.from_env()
    for name, help_text in (
        ("web", "the web page and /api proxy"),
        ("api", "chalice local"),
        ("dynamodb", "DynamoDB Local"),
        ("moto", "the moto server"),
        ("simulator", "the pixi simulator"),
    ):
        run.add_argument(
            f"--{name}-port",
            type=int,
            default=getattr(defaults, name),
            help=f"port of {help_text} (env PCC_{name.upper()}_PORT, default %(default)s, 0 = free)",
        )
    run.add_argument(
        "--follow", action="store_true", help="also print every part's log lines here, prefixed with its name"
    )
    run.add_argument("--free-ports", action="store_true", help="let the OS choose every port")
    run.add_argument(
        "--in-memory",
        action="store_true",
        help="keep no data: DynamoDB in memory, no moto recording (env PCC_IN_MEMORY=1)",
    )
    run.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ["PCC_DATA_DIR"]) if os.environ.get("PCC_DATA_DIR") else None,
        help="DynamoDB data, moto recording and logs (env PCC_DATA_DIR, default .local in the project)",
    )
    return parser


def _print_banner(stack: LocalStack) -> None:
    lines = [
        "",
        "=" * 72,
        f"  pixi Callcenter läuft / is running:  {stack.web_url}",
        "",
        "  Demo-Logins (Mandant / tenant, E-Mail, Passwort / password):",
    ]
    lines += [f"    {tenant:<24} {email:<28} {password}" for tenant, email, password in stack.logins]
    if not stack.logins:
        lines.append("    (none: seed_demo returned no logins)")
    lines += [
        "",
        f"  API (chalice local): {stack.api_url}   (the page uses {stack.web_url}/api)",
        f"  pixi simulator:      {stack.simulator_url}",
        f"  moto (SES, ...):     {stack.moto_url}   sent mail: {stack.moto_url}/moto-api/data.json",
        f"  DynamoDB Local:      {stack.dynamodb_url}",
        "  Worker:              queue consumers and schedules of app.py (log: worker.log)",
        f"  Logs:                {stack.log_dir}/<part>.log  (parts: {', '.join(PARTS)})",
        f"  Data:                {stack.data_dir if stack.persistent else 'in memory only (--in-memory)'}",
        f"  Started in {stack.timings.get('total', 0):.1f} s. Stop with Ctrl-C.",
        "=" * 72,
        "",
    ]
    print("\n".join(lines), flush=True)


def run(args: argparse.Namespace) -> int:
    if args.free_ports:
        ports = FREE_PORTS
    else:
        ports = Ports(
            web=args.web_port,
            api=args.api_port,
            dynamodb=args.dynamodb_port,
            moto=args.moto_port,
            simulator=args.simulator_port,
        )
    in_memory = args.in_memory or os.environ.get("PCC_IN_MEMORY", "") == "1"
    stop_event = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        if not stop_event.is_set():
            stop_event.set()
            raise _StopRequestedError(signal.Signals(signum).name)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        stack = LocalStack(
            ports,
            persistent=not in_memory,
            data_dir=args.data_dir.resolve() if args.data_dir else None,
            echo=lambda message: print(f"[devstack] {message}", flush=True),
        )
    except PartFailedError as exc:
        print(f"[devstack] cannot start: {exc}", file=sys.stderr, flush=True)
        return 1
    print(f"[devstack] starting; logs in {stack.log_dir}", flush=True)
    exit_code = 0
    follower: LogFollower | None = None
    try:
        stack.start()
        stack.write_state()
        _print_banner(stack)
        if args.follow:
            follower = LogFollower(
                {name: stack.log_path(name) for name in stack.pids}, lambda line: print(line, flush=True)
            )
            follower.start()
        while not stop_event.wait(0.5):
            died = stack.failed_parts()
            if died:
                for name, code in died.items():
                    print(
                        f"[devstack] {name} ended unexpectedly (exit code {code}); last lines of "
                        f"{stack.log_path(name)}:\n{stack.part_log_tail(name)}",
                        file=sys.stderr,
                        flush=True,
                    )
                exit_code = 1
                break
    except _StopRequestedError as exc:
        print(f"[devstack] {exc}: stopping ...", flush=True)
    except PartFailedError as exc:
        print(f"[devstack] start failed: {exc}", file=sys.stderr, flush=True)
        exit_code = 1
    except Exception:  # e.g. create_tables()/seed_demo() raised: show where
        traceback.print_exc()
        print(f"[devstack] start failed; logs in {stack.log_dir}", file=sys.stderr, flush=True)
        exit_code = 1
    finally:
        # A second Ctrl-C while stopping must not abort the clean-up.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if follower is not None:
            follower.stop()
        stack.stop()
        state = stack.data_dir / "devstack.json"
        state.unlink(missing_ok=True)
        print("[devstack] stopped.", flush=True)
    return exit_code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
