"""Time as pixi's SQL Server keeps it: Europe/Berlin wall time, ``datetime`` precision (1/300 s)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pixi_simulator.rowset import BERLIN


def sql_datetime(value: datetime) -> datetime:
    """Round to SQL Server ``datetime`` precision (milliseconds end in 0, 3 or 7)."""
    ticks = round(value.microsecond / 1_000_000 * 300)
    base = value.replace(microsecond=0)
    return base + timedelta(milliseconds=round(ticks * 1000 / 300))


def server_now() -> datetime:
    """The server's current wall clock in Europe/Berlin, without zone."""
    return sql_datetime(datetime.now(BERLIN).replace(tzinfo=None))
