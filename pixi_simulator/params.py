"""Binding the parameters of a request to a contract call, the way SQL Server does it."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pixi_simulator.contract import Call, Param
from pixi_simulator.rowset import BERLIN
from pixi_simulator.soap import normalise_name


class SqlError(Exception):
    """A SQL Server error raised by the procedure: answered as SqlMessage, no row set."""

    def __init__(self, number: int, message: str, state: int = 1) -> None:
        super().__init__(message)
        self.number = number
        self.message = message
        self.state = state


def procedure_name(call: str) -> str:
    """pixi's calls are backed by ``pipi…`` procedures (``pixiGetInvoice`` -> ``pipiGetInvoice``)."""
    return "pipi" + call[4:] if call.startswith("pixi") else call


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y%m%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
)


def parse_datetime(text: str) -> datetime:
    """``YYYY-MM-DD hh:mm:ss`` or ISO with ``T``/milliseconds/zone; zoned values become Berlin time."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise
    if value.tzinfo is not None:
        value = value.astimezone(BERLIN).replace(tzinfo=None)
    return value


def _convert(param: Param, text: str) -> Any:
    sqltype = param.sqltype
    try:
        if sqltype in ("int", "bigint"):
            return int(text.strip())
        if sqltype == "bit":
            lowered = text.strip().lower()
            if lowered in ("1", "true", "y", "yes"):
                return True
            if lowered in ("0", "false", "n", "no"):
                return False
            raise ValueError(text)
        if sqltype in ("money", "decimal", "float"):
            return Decimal(text.strip().replace(",", "."))
        if sqltype == "datetime":
            return parse_datetime(text)
    except (ValueError, InvalidOperation) as exc:
        if sqltype == "datetime":
            raise SqlError(
                241, "Conversion failed when converting date and/or time from character string."
            ) from exc
        target = {"money": "numeric", "decimal": "numeric", "float": "float"}.get(sqltype, sqltype)
        raise SqlError(8114, f"Error converting data type nvarchar to {target}.") from exc
    return text


_SIMPLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def bind(call: Call, raw: dict[str, str | None]) -> dict[str, Any]:
    """Typed arguments by contract parameter name; defaults applied, missing optional ones None.

    Empty values count as not given. Unknown names and missing required parameters raise the
    errors SQL Server raises for a procedure call (8145, 201).
    """
    by_name = {normalise_name(p.name): p for p in call.params}
    for key in raw:
        if key not in by_name:
            shown = key if _SIMPLE.match(key) else "?"
            raise SqlError(8145, f"@{shown} is not a parameter for procedure {procedure_name(call.name)}.")
    args: dict[str, Any] = {}
    for key, param in by_name.items():
        text = raw.get(key)
        if text is not None and not text.strip():
            text = None
        if text is not None:
            args[param.name] = _convert(param, text)
        elif param.required and key not in raw:
            raise SqlError(
                201,
                f"Procedure or function '{procedure_name(call.name)}' expects parameter '@{param.name}', "
                "which was not supplied.",
                state=4,
            )
        else:
            args[param.name] = _convert(param, param.default) if param.default is not None else None
    return args
