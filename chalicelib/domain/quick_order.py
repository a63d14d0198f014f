"""Quick order (C2): a pasted block of ``ID<sep>quantity`` lines read into rows.

The separator is a tab, ``;``, ``,`` or whitespace; a missing quantity is 1; empty lines are
skipped. A row that cannot be read is reported with its line number and the reason, never dropped.
Quantities are whole pieces: "1,5" (a German decimal comma) or "1.5" is refused, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.cart import quantity_problem
from chalicelib.errors import ValidationError

MAX_ROWS = 200
ID_MAX_LENGTH = 50  # pixi's shop item number is varchar(50); an EAN has 8 to 13 digits

_ROW = re.compile(r"\A(?P<id>[^\t;,\s]+)(?:[\t;,\s]+(?P<quantity>.*?))?[\t;,\s]*\Z")
_WHOLE = re.compile(r"\A[+-]?\d+\Z")
_DECIMAL = re.compile(r"\A[+-]?\d+[.,]\d+\Z")


@dataclass(frozen=True)
class QuickOrderRow:
    line_number: int  # 1-based, counting empty lines too
    identifier: str  # an item number or an EAN, as typed
    quantity: int


@dataclass(frozen=True)
class QuickOrderProblem:
    line_number: int
    text: str  # the line as pasted
    reason: str  # German


@dataclass(frozen=True)
class QuickOrderPaste:
    rows: tuple[QuickOrderRow, ...]
    problems: tuple[QuickOrderProblem, ...]


def _read_quantity(text: str) -> int | str:
    """The quantity typed, or why it cannot be used (German)."""
    if not text:
        return 1
    if _DECIMAL.match(text):
        return f"Menge „{text}“: bitte eine ganze Stückzahl ohne Komma angeben."
    if not _WHOLE.match(text):
        return f"Menge „{text}“ ist keine Zahl."
    quantity = int(text)
    return quantity_problem(quantity) or quantity


def parse_quick_order(text: str) -> QuickOrderPaste:
    """The rows of a pasted block; raises ``ValidationError`` for more than ``MAX_ROWS`` filled lines."""
    lines = text.splitlines()
    filled = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if len(filled) > MAX_ROWS:
        message = f"Höchstens {MAX_ROWS} Zeilen auf einmal einfügen ({len(filled)} eingefügt)."
        raise ValidationError(message, fields={"lines": message})
    rows: list[QuickOrderRow] = []
    problems: list[QuickOrderProblem] = []
    for number, line in filled:
        match = _ROW.match(line.strip())
        if match is None:  # the line starts with a separator
            problems.append(QuickOrderProblem(number, line, "Artikelnummer oder EAN fehlt."))
            continue
        identifier, quantity_text = match.group("id"), (match.group("quantity") or "").strip()
        if len(identifier) > ID_MAX_LENGTH:
            reason = f"Artikelnummer oder EAN mit mehr als {ID_MAX_LENGTH} Zeichen."
            problems.append(QuickOrderProblem(number, line, reason))
            continue
        quantity = _read_quantity(quantity_text)
        if isinstance(quantity, str):
            problems.append(QuickOrderProblem(number, line, quantity))
        else:
            rows.append(QuickOrderRow(number, identifier, quantity))
    return QuickOrderPaste(tuple(rows), tuple(problems))
