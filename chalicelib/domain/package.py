"""The feature package of a tenant: a set of ``Feature``s, the basic ones always included.

Basic (search, details, support mail) comes with every account; the options are booked on top.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.domain.tenant import BASIC_PACKAGE, Feature
from chalicelib.errors import FeatureNotBookedError, ValidationError

OPTIONS: tuple[Feature, ...] = (Feature.ORDERING, Feature.PRODUCT_IMPORT)
"""What a tenant may book on top of ``BASIC_PACKAGE``."""

UNKNOWN_FEATURE_MESSAGE = "Unbekannte Funktion „{name}“. Möglich sind: {known}."


def booked_package(wanted: Iterable[Feature | str]) -> tuple[Feature, ...]:
    """The features a tenant has when it books ``wanted``: basic always, then the options wanted,
    in a fixed order. An unknown name is a ``ValidationError`` on ``features``."""
    chosen: set[Feature] = set(BASIC_PACKAGE)
    for name in wanted:
        try:
            chosen.add(Feature(name))
        except ValueError:
            message = UNKNOWN_FEATURE_MESSAGE.format(
                name=name, known=", ".join(f.value for f in BASIC_PACKAGE + OPTIONS)
            )
            raise ValidationError(message, fields={"features": message}, detail=f"feature {name!r}") from None
    return tuple(f for f in BASIC_PACKAGE + OPTIONS if f in chosen)


def ensure_booked(features: Iterable[Feature], feature: Feature) -> None:
    """403 ``feature_not_booked`` unless ``feature`` is among ``features``."""
    if feature not in set(features):
        raise FeatureNotBookedError(detail=f"feature {feature} not booked")
