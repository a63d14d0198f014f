"""``python -m pixi_simulator [--host 127.0.0.1] [--port 8090] [--seed N] [--import-delay SECONDS]``."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from types import FrameType

from pixi_simulator import CREDENTIALS
from pixi_simulator.faults import MODES, FaultSpecError, make_rule
from pixi_simulator.server import RunningSimulator, SimulatorConfig, serve_forever


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pixi_simulator",
        description="Local pixi SOAP simulator (test double) with German demo data.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8090, help="port (default 8090, 0 = any free port)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the demo data (default 42)")
    parser.add_argument(
        "--import-delay",
        type=float,
        default=3.0,
        help="seconds until an added order document is imported in the background "
        "(default 3; negative = only on pixiImportProcessXML)",
    )
    fault = parser.add_argument_group("fault injection (off by default)")
    fault.add_argument("--fault-db", default="*", help="database the fault applies to (default all)")
    fault.add_argument("--fault-call", default="*", help="call name the fault applies to (default all)")
    fault.add_argument("--latency-ms", type=int, default=0, help="added latency per call")
    fault.add_argument("--fault-mode", choices=MODES, help="fault | timeout | garbage | http500")
    fault.add_argument("--fault-times", type=int, help="only for the next N matching calls")
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request")
    return parser.parse_args(argv)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM (e.g. from the local stack) shuts down like Ctrl+C


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    faults = []
    if args.latency_ms or args.fault_mode:
        try:
            faults.append(
                make_rule(
                    db=args.fault_db,
                    call=args.fault_call,
                    latency_ms=args.latency_ms,
                    mode=args.fault_mode,
                    times=args.fault_times,
                )
            )
        except FaultSpecError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    config = SimulatorConfig(
        seed=args.seed,
        import_delay=args.import_delay if args.import_delay >= 0 else None,
        faults=faults,
        verbose=args.verbose,
    )

    def ready(sim: RunningSimulator) -> None:
        print(f"pixi simulator (test double) listening on {sim.base_url}", flush=True)
        for db, password in CREDENTIALS.items():
            print(
                f"  {db}: endpoint {sim.endpoint(db)}  user {db}  password {password}  "
                f"WSDL {sim.endpoint(db)}?wsdl",
                flush=True,
            )
        print(
            f"  admin (loopback only): {sim.base_url}/_admin/health | /_admin/faults | /_admin/reset",
            flush=True,
        )
        for rule in faults:
            print(f"  fault active: {rule.to_json()}", flush=True)

    signal.signal(signal.SIGTERM, _stop)
    serve_forever(args.host, args.port, config, ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
