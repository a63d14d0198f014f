"""Shipping methods: pixi vendor code, destinations, cost and free-shipping threshold per currency (C4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.domain.money import Money


@dataclass(frozen=True)
class ShippingPrice:
    cost: Money
    free_from: Money | None = None  # goods total (after discounts) from which shipping is free

    def __post_init__(self) -> None:
        if self.free_from is not None and self.free_from.currency != self.cost.currency:
            raise ValueError("cost and free-shipping threshold must be in the same currency")

    def cost_for(self, goods: Money) -> Money:
        """The cost for a goods total after discounts: free at or above the threshold."""
        if self.free_from is not None and goods >= self.free_from:
            return Money.zero(self.cost.currency)
        return self.cost


@dataclass(frozen=True)
class ShippingMethod:
    vendor_code: str  # pixi's shipping vendor code, varchar(3), e.g. "DHL"
    name: str
    countries: tuple[str, ...] = ()  # ISO2 destinations; empty = every country
    prices: tuple[ShippingPrice, ...] = ()  # at most one per currency

    def serves(self, country: str) -> bool:
        """Whether the method ships to ``country`` (an unknown destination, "", rules nothing out)."""
        return not self.countries or not country or country.upper() in self.countries

    def price_in(self, currency: str) -> ShippingPrice | None:
        return next((p for p in self.prices if p.cost.currency == currency), None)

    def fits(self, country: str, currency: str) -> bool:
        return self.serves(country) and self.price_in(currency) is not None


def reconcile_shipping(current_code: str, options: Sequence[ShippingMethod]) -> tuple[str | None, str | None]:
    """The shipping method a cart keeps after its destination, currency or lines changed.

    ``options`` are the methods that fit now. The current one stays when it fits; one that no longer
    fits is dropped with a German message (never silently kept); a cart without a method gets the
    only option there is. Answers ``(code or None, message or None)``."""
    codes = [o.vendor_code for o in options]
    if current_code and current_code in codes:
        return current_code, None
    if current_code:
        return None, (
            f"Die Versandart {current_code} ist für dieses Lieferland oder diese Währung nicht möglich "
            "und wurde entfernt. Bitte eine andere Versandart wählen."
            if codes
            else f"Die Versandart {current_code} wurde entfernt: Für dieses Lieferland und diese Währung "
            "ist keine Versandart eingerichtet."
        )
    return (codes[0], None) if len(codes) == 1 else (None, None)
