from __future__ import annotations

import pytest

from chalicelib.domain.package import Package, as_feature, ensure_booked, package_of
from chalicelib.domain.tenant import BASIC_PACKAGE, Feature
from chalicelib.errors import FeatureNotBookedError


def test_basic_is_always_included_and_options_are_added():
    assert Package().features == BASIC_PACKAGE
    assert Package(ordering=True, product_import=True).features == (
        *BASIC_PACKAGE,
        Feature.ORDERING,
        Feature.PRODUCT_IMPORT,
    )
    assert package_of([Feature.SEARCH, Feature.PRODUCT_IMPORT]) == Package(product_import=True)


def test_features_not_booked_are_refused():
    ensure_booked(BASIC_PACKAGE, "search")
    with pytest.raises(FeatureNotBookedError) as refused:
        ensure_booked(BASIC_PACKAGE, "order")
    assert refused.value.status == 403 and refused.value.code == "feature_not_booked"
    ensure_booked(Package(ordering=True).features, "order")
    assert as_feature("order") is as_feature("ordering") is Feature.ORDERING
    with pytest.raises(ValueError):
        as_feature("teleport")
