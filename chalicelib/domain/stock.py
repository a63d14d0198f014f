"""Stock in the cart: may a quantity be ordered, and how is the stock shown to the agent."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StockVerdict(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # beyond the available stock, and the configuration allows no more
    MARKED = "marked"  # beyond the available stock, allowed, and the line says so


@dataclass(frozen=True)
class StockCheck:
    verdict: StockVerdict
    message: str = ""  # German; empty when OK

    @property
    def allowed(self) -> bool:
        return self.verdict is not StockVerdict.REFUSED


def stock_check(quantity: int, available: int, *, allow_without_stock: bool) -> StockCheck:
    """Whether ``quantity`` pieces may go into the cart with ``available`` in stock.

    pixi's available stock can be negative (open orders beyond the physical stock); it counts as 0."""
    if quantity < 1:
        raise ValueError(f"a quantity is at least 1, not {quantity}")
    in_stock = max(available, 0)
    if quantity <= in_stock:
        return StockCheck(StockVerdict.OK)
    if allow_without_stock:
        return StockCheck(
            StockVerdict.MARKED,
            f"Nicht genug Bestand: {in_stock} verfügbar, {quantity} bestellt "
            f"({quantity - in_stock} ohne Bestand).",
        )
    return StockCheck(
        StockVerdict.REFUSED,
        f"Nicht genug Bestand: {in_stock} verfügbar, {quantity} angefragt. "
        "Artikel ohne Bestand können laut Bestellkonfiguration nicht bestellt werden.",
    )


class StockLevel(StrEnum):
    AVAILABLE = "available"
    FEW = "few"
    NONE = "none"


def stock_indicator(available: int, few: int) -> StockLevel:
    """The indicator shown instead of the number: none (0 or less), few (up to ``few``), available."""
    if available <= 0:
        return StockLevel.NONE
    return StockLevel.FEW if available <= few else StockLevel.AVAILABLE
