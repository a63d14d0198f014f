"""Order and customer numbers for pixi: the configured prefix in front of a counter.

The counter itself is kept atomically per tenant by an adapter; here are only the rules: which
prefixes are allowed, how a number is written, and which text may serve as the order document's
id (``ORDER_ID``, which pixi stores as ``OrderNrExternal`` and finds the import log entry by).
"""

from __future__ import annotations

import re

ORDER_NUMBER_MAX_LENGTH = 50  # pixi OrderNrExternal / ORDER_ID: varchar(50)
CUSTOMER_NUMBER_MAX_LENGTH = 60  # pixi CustomerNrExternal: varchar(60)
COUNTER_MAX = 10**12 - 1  # at most 12 digits after the prefix
PREFIX_MAX_LENGTH = 20  # with 12 digits, fits both fields
PREFIX_CHARACTERS = "Buchstaben A–Z, Ziffern sowie - _ / und Punkt"

_PREFIX = re.compile(r"\A[A-Za-z0-9_./-]*\Z")
_DOCUMENT_ID = re.compile(r"\A[A-Za-z0-9_./-]+\Z")


def prefix_problem(prefix: str) -> str | None:
    """Why ``prefix`` cannot be used in front of order or customer numbers (German), or None.

    No spaces or wildcards (``*``/``%`` would turn a search for the number into a pattern), and
    short enough that the prefix and a 12-digit counter fit pixi's fields."""
    if len(prefix) > PREFIX_MAX_LENGTH:
        return f"Höchstens {PREFIX_MAX_LENGTH} Zeichen."
    if not _PREFIX.match(prefix):
        return f"Erlaubt sind nur {PREFIX_CHARACTERS}."
    return None


def format_number(prefix: str, counter: int, *, max_length: int = ORDER_NUMBER_MAX_LENGTH) -> str:
    """The number ``counter`` with ``prefix`` in front: ``format_number("CC-", 1042) == "CC-1042"``."""
    if prefix_problem(prefix) is not None:
        raise ValueError(f"invalid number prefix {prefix!r}")
    if isinstance(counter, bool) or not 1 <= counter <= COUNTER_MAX:
        raise ValueError(f"counter out of range: {counter!r}")
    number = f"{prefix}{counter}"
    if len(number) > max_length:
        raise ValueError(f"{number!r} is longer than {max_length} characters")
    return number


def document_id(order_number: str) -> str:
    """The ``ORDER_ID`` of the order document for ``order_number``: the order number itself.

    pixi refuses a second import of the same ``ORDER_ID`` on a channel, so a double submit cannot
    create two orders; a document that failed to import is corrected and sent again with the same id
    (pixi finds the newest import log entry by it, case-insensitively)."""
    if not _DOCUMENT_ID.match(order_number) or len(order_number) > ORDER_NUMBER_MAX_LENGTH:
        raise ValueError(f"not a usable order document id: {order_number!r}")
    return order_number


def same_document(a: str, b: str) -> bool:
    """Whether two document ids name the same pixi import (pixi compares them case-insensitively)."""
    return a.casefold() == b.casefold()
