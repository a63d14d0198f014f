"""The feature package of a tenant: basic (search, details, support mail) plus booked options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.tenant import BASIC_PACKAGE, Feature
from chalicelib.errors import FeatureNotBookedError

OPTIONS: tuple[Feature, ...] = (Feature.ORDERING, Feature.PRODUCT_IMPORT)


@dataclass(frozen=True)
class Package:
    ordering: bool = False
    product_import: bool = False

    @property
    def features(self) -> tuple[Feature, ...]:
        chosen = {Feature.ORDERING: self.ordering, Feature.PRODUCT_IMPORT: self.product_import}
        return BASIC_PACKAGE + tuple(f for f in OPTIONS if chosen[f])


def package_of(features: Iterable[Feature]) -> Package:
    booked = set(features)
    return Package(ordering=Feature.ORDERING in booked, product_import=Feature.PRODUCT_IMPORT in booked)


def as_feature(feature: Feature | str) -> Feature:
    """``"order"`` is accepted as another name of the ordering option."""
    if isinstance(feature, Feature):
        return feature
    return Feature.ORDERING if feature == "order" else Feature(feature)


def ensure_booked(features: Iterable[Feature], feature: Feature | str) -> None:
    wanted = as_feature(feature)
    if wanted not in set(features):
        raise FeatureNotBookedError(detail=f"feature {wanted} not booked")
