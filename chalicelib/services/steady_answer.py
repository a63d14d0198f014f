"""Public account routes answer in the same time whatever they found (password reset, signup).

Their work differs by nature: a known address gets a link stored and a mail sent, an unknown one
nothing; so their answer is held back to a fixed floor (``steady_answer_seconds``), well above
the slower way, and the time tells nobody whether an address has an account.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from chalicelib.settings import get_settings


@contextmanager
def steady_answer(
    seconds: float | None = None,
    *,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """The block takes at least ``seconds`` (default: the setting), also when it raises."""
    floor = get_settings().steady_answer_seconds if seconds is None else seconds
    started = clock()
    try:
        yield
    finally:
        rest = floor - (clock() - started)
        if rest > 0:
            sleep(rest)
