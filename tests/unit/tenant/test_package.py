from __future__ import annotations

import pytest

from chalicelib.domain.package import OPTIONS, booked_package, ensure_booked
from chalicelib.domain.tenant import BASIC_PACKAGE, Feature
from chalicelib.errors import FeatureNotBookedError, ValidationError


def test_basic_is_always_included_and_options_are_added():
    assert booked_package([]) == BASIC_PACKAGE
    assert booked_package(["product_import", Feature.ORDERING]) == (
        *BASIC_PACKAGE,
        Feature.ORDERING,
        Feature.PRODUCT_IMPORT,
    )
    with_import = (*BASIC_PACKAGE, Feature.PRODUCT_IMPORT)
    assert booked_package([Feature.SEARCH, Feature.PRODUCT_IMPORT]) == with_import
    assert set(BASIC_PACKAGE + OPTIONS) == set(Feature)


def test_unknown_features_are_refused_with_a_field_message():
    with pytest.raises(ValidationError) as refused:
        booked_package(["ordering", "teleport"])
    message = refused.value.fields["features"]
    assert message.startswith("Unbekannte Funktion „teleport“.") and "product_import" in message
    with pytest.raises(ValidationError):
        booked_package(["order"])  # no alias names


def test_features_not_booked_are_refused():
    ensure_booked(BASIC_PACKAGE, Feature.SEARCH)
    with pytest.raises(FeatureNotBookedError) as refused:
        ensure_booked(BASIC_PACKAGE, Feature.ORDERING)
    assert refused.value.status == 403 and refused.value.code == "feature_not_booked"
    ensure_booked(booked_package([Feature.ORDERING]), Feature.ORDERING)
