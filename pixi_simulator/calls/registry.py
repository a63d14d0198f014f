"""Which function answers which pixi call, and how a call is executed against one database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pixi_simulator.contract import CALLS
from pixi_simulator.params import SqlError, bind, procedure_name
from pixi_simulator.records import PixiDatabase
from pixi_simulator.rowset import CallResult, SqlMessage

Args = dict[str, Any]
Handler = Callable[[PixiDatabase, Args], CallResult]
HANDLERS: dict[str, Handler] = {}


def handles(call_name: str) -> Callable[[Handler], Handler]:
    """Register the function answering ``call_name`` (which must be in the contract)."""
    if call_name not in CALLS:
        raise KeyError(f"{call_name} is not in the contract")

    def register(handler: Handler) -> Handler:
        HANDLERS[call_name] = handler
        return handler

    return register


def execute(db: PixiDatabase, call_name: str, raw_params: dict[str, str | None]) -> CallResult:
    """Bind the parameters and run the call under the database lock.

    SQL-level errors (missing parameter, bad conversion, bad XML parameter) come back as an
    error ``SqlMessage`` with a non-zero ``SqlResultCode`` and no row set, as SQL Server does.
    """
    call = CALLS[call_name]
    try:
        args = bind(call, raw_params)
        with db.lock:
            return HANDLERS[call_name](db, args)
    except SqlError as exc:
        message = SqlMessage(
            exc.number, exc.message, klass=16, procedure=procedure_name(call_name), state=exc.state
        )
        return CallResult(messages=[message], result_code=1)
