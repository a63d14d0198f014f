"""Does the time of a public account route tell whether an address has an account? (issue 15)

Interleaved samples of the services behind the routes, known against unknown address, medians
and p95, and their difference:

1. login with a wrong password: a known address against an unknown one (a new client address per
   sample, so no throttle delay kicks in);
2. password reset: an active agent's address against an unknown one, without the answer floor
   (``steady_answer_seconds`` = 0, the raw difference) and with the setting's floor;
3. signup: a new address against one in use, with the floor.

The rate-limit counters answer "allowed" here (the same for both sides), else the per-address
limits would stop the samples. Servers: the local stack, else moto in-process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import time
import uuid
from collections.abc import Callable
from typing import Any
from unittest import mock

from bench.bench_console import in_process, local_stack, ms, percentile, timed

REPEAT = 60
KNOWN = "agent@demo.example"


class AllowingRateLimits:
    """The real store, except that every fixed-window limit lets the attempt through."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def hit(self, bucket: str, limit: int, expires_epoch: int) -> bool:
        self._inner.hit(bucket, 10**9, expires_epoch)
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def compare(label: str, known: Callable[[], Any], unknown: Callable[[], Any], repeat: int = REPEAT) -> None:
    for _ in range(3):
        known()
        unknown()
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(known))
        b.append(timed(unknown))
    print(f"{label}, {repeat} interleaved samples each")
    for side, values in (("known address", a), ("unknown address", b)):
        print(f"   {side:28s} p50 {ms(percentile(values, 50))}   p95 {ms(percentile(values, 95))}")
    print(f"   {'difference (p50 / p95)':28s}     {ms(percentile(a, 50) - percentile(b, 50))}"
          f"       {ms(percentile(a, 95) - percentile(b, 95))}")


def _client() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _refused(call: Callable[[], Any]) -> Callable[[], None]:
    from chalicelib.errors import AppError

    def run() -> None:
        with contextlib.suppress(AppError):
            call()

    return run


def measure() -> None:
    from chalicelib.domain.mail import Language
    from chalicelib.services import auth, invitations, signup, steady_answer, wiring
    from chalicelib.settings import get_settings

    real = wiring.adapters()
    wiring.use_adapters(dataclasses.replace(real, rate_limits=AllowingRateLimits(real.rate_limits)))
    floor = get_settings().steady_answer_seconds
    try:
        compare(
            "1) login, wrong password",
            _refused(lambda: auth.login(KNOWN, "falsch", client_ip=_client())),
            _refused(lambda: auth.login(f"nobody-{uuid.uuid4().hex[:8]}@demo.example", "falsch",
                                        client_ip=_client())),
        )
        raw = get_settings().model_copy(update={"steady_answer_seconds": 0.0})
        with mock.patch.object(steady_answer, "get_settings", lambda: raw):
            compare(
                "2a) password reset, no answer floor",
                lambda: invitations.request_password_reset(KNOWN, client_ip=_client()),
                lambda: invitations.request_password_reset(f"nobody-{uuid.uuid4().hex[:8]}@demo.example",
                                                           client_ip=_client()),
            )
        compare(
            f"2b) password reset, answer floor {floor:.2f} s",
            lambda: invitations.request_password_reset(KNOWN, client_ip=_client()),
            lambda: invitations.request_password_reset(f"nobody-{uuid.uuid4().hex[:8]}@demo.example",
                                                       client_ip=_client()),
            repeat=REPEAT // 2,
        )

        def sign_up(email: str) -> None:
            signup.sign_up(company_name="Bench GmbH", admin_name="Bench", email=email,
                           password="Bench-Passw0rt!", language=Language.DE, client_ip=_client())

        compare(
            f"3) signup, answer floor {floor:.2f} s (known: an address in use)",
            lambda: sign_up(KNOWN),
            lambda: sign_up(f"new-{uuid.uuid4().hex[:8]}@demo.example"),
            repeat=REPEAT // 2,
        )
    finally:
        wiring.use_adapters(real)


def main() -> None:
    logging.getLogger().setLevel(logging.WARNING)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    started = time.perf_counter()
    try:
        servers = local_stack()
        context = servers.__enter__()
    except Exception as exc:  # no Java / DynamoDB Local: measure against moto in-process
        print(f"local stack unavailable ({exc}); using moto in-process")
        servers = in_process()
        context = servers.__enter__()
    try:
        print(f"servers: {context.kind} (ready after {time.perf_counter() - started:.1f} s)")
        from chalicelib.log import logger

        logger.setLevel("WARNING")
        measure()
    finally:
        servers.__exit__(None, None, None)


if __name__ == "__main__":
    main()
