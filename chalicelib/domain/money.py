"""Money: an exact amount in cents with its currency.

Amounts are ``Decimal``, rounded to cents half-up (0.005 -> 0.01) whenever a ``Money`` is made,
so every sum and product is exact in cents. A float is refused: it has already lost the cents.
Adding, subtracting and comparing need the same currency (a ``ValueError`` otherwise).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_to_cents(amount: Decimal) -> Decimal:
    """``amount`` with two decimals, half-up: the one rounding rule for money."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"money needs a Decimal or int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"money must be a finite amount, not {value}")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@functools.total_ordering
@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", round_to_cents(self.amount))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def sum(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The total of ``amounts`` (all in ``currency``); zero when there are none."""
        total = cls.zero(currency)
        for amount in amounts:
            total = total + amount
        return total

    def _same_currency(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"money and {type(other).__name__} do not mix")
        if other.currency != self.currency:
            raise ValueError(f"{self.currency or '(none)'} and {other.currency or '(none)'} do not mix")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same_currency(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same_currency(other).amount, self.currency)

    def __mul__(self, quantity: Decimal | int) -> Money:
        if isinstance(quantity, bool) or not isinstance(quantity, (Decimal, int)):
            return NotImplemented
        return Money(self.amount * quantity, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def as_json(self) -> str:
        """The amount as a decimal string with two decimals, e.g. ``"49.90"``."""
        return str(self.amount)
