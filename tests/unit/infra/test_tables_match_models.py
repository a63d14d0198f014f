"""The tables of infra/data.yaml and the PynamoDB models (and Powertools' idempotency table) agree:
names, key schema, key attribute types, indexes and TTL. A change on one side only fails here.

The local stack creates its tables from the template (``bootstrap.create_tables``), so a model
that drifted from the template would break locally too; this test says where, before anything runs.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
from pynamodb.models import Model

from chalicelib.adapters.dynamo.models import ALL_MODELS, TTL_ATTRIBUTE
from chalicelib.adapters.dynamo.table_definitions import TableDefinition, table_definitions
from chalicelib.adapters.idempotency import EXPIRY_ATTRIBUTE, KEY_ATTRIBUTE
from chalicelib.settings import Settings

IDEMPOTENCY_TABLE = Settings(table_prefix="").idempotency_table_name
TEMPLATE_TABLES = table_definitions()


def _keys(key_schema: list[dict[str, str]]) -> dict[str, str]:
    return {key["KeyType"]: key["AttributeName"] for key in key_schema}


def _indexes(indexes: list[dict[str, Any]], name: str, keys: str, projection: str) -> dict[str, Any]:
    return {
        index[name]: {"keys": _keys(index[keys]), "projection": index[projection]["ProjectionType"]}
        for index in indexes
    }


def model_shape(model: type[Model]) -> dict[str, Any]:
    """What of a model DynamoDB must agree with, in one comparable form."""
    schema = model._get_schema()
    attributes = model.get_attributes()
    ttl = attributes.get(TTL_ATTRIBUTE)
    return {
        "keys": _keys(schema["key_schema"]),
        "attribute_types": {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]},
        "global_indexes": _indexes(
            schema["global_secondary_indexes"], "index_name", "key_schema", "projection"
        ),
        "local_indexes": _indexes(
            schema["local_secondary_indexes"], "index_name", "key_schema", "projection"
        ),
        "ttl": ({"attribute": TTL_ATTRIBUTE, "type": ttl.attr_type} if ttl is not None else None),
    }


def template_shape(table: TableDefinition) -> dict[str, Any]:
    types = {a["AttributeName"]: a["AttributeType"] for a in table.attribute_definitions}
    return {
        "keys": _keys(table.key_schema),
        "attribute_types": types,
        "global_indexes": _indexes(table.global_secondary_indexes, "IndexName", "KeySchema", "Projection"),
        "local_indexes": _indexes(table.local_secondary_indexes, "IndexName", "KeySchema", "Projection"),
        # DynamoDB's TTL reads a number (epoch seconds); every model's ttl attribute is one
        "ttl": {"attribute": table.ttl_attribute, "type": "N"} if table.ttl_attribute else None,
    }


def differences(model: type[Model], table: TableDefinition) -> list[str]:
    want, have = template_shape(table), model_shape(model)
    return [
        f"{part}: template {want[part]!r}, model {have[part]!r}" for part in want if want[part] != have[part]
    ]


def test_every_model_has_its_table_in_the_template_and_the_template_no_table_without_model():
    modelled = set(ALL_MODELS.values())
    assert modelled | {IDEMPOTENCY_TABLE} == set(TEMPLATE_TABLES)
    assert IDEMPOTENCY_TABLE not in modelled


@pytest.mark.parametrize("model", list(ALL_MODELS), ids=list(ALL_MODELS.values()))
def test_the_model_and_its_table_in_the_template_agree(model: type[Model]):
    table = TEMPLATE_TABLES[ALL_MODELS[model]]
    assert differences(model, table) == []


def test_the_idempotency_table_has_the_key_and_expiry_powertools_is_told_to_use():
    table = TEMPLATE_TABLES[IDEMPOTENCY_TABLE]
    assert _keys(table.key_schema) == {"HASH": KEY_ATTRIBUTE}
    assert table.attribute_definitions == [{"AttributeName": KEY_ATTRIBUTE, "AttributeType": "S"}]
    assert table.ttl_attribute == EXPIRY_ATTRIBUTE
    assert not table.global_secondary_indexes and not table.local_secondary_indexes


@pytest.mark.parametrize("name", list(TEMPLATE_TABLES))
def test_every_table_is_on_demand_encrypted_with_the_data_key_backed_up_and_kept(name: str):
    properties = TEMPLATE_TABLES[name].properties
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    data_key = {"Ref": "DataKey"}
    assert properties["SSESpecification"] == {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": data_key,
    }
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["DeletionProtectionEnabled"] is True


# The comparison itself must be able to fail: each drift below is one a real change could make.


def _drift(base_name: str, **changes: Any) -> list[str]:
    """The differences found when the template's table ``base_name`` had ``changes``."""
    model = next(model for model, name in ALL_MODELS.items() if name == base_name)
    return differences(model, replace(TEMPLATE_TABLES[base_name], **copy.deepcopy(changes)))


def _parts(found: list[str]) -> set[str]:
    return {d.split(":", 1)[0] for d in found}


def test_a_changed_range_key_is_found():
    assert _parts(_drift("audit-events", key_schema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}])) == {
        "keys"
    }


def test_a_changed_attribute_type_is_found():
    types = copy.deepcopy(TEMPLATE_TABLES["audit-events"].attribute_definitions)
    types[1]["AttributeType"] = "N"
    assert _parts(_drift("audit-events", attribute_definitions=types)) == {"attribute_types"}


def test_a_renamed_missing_or_reprojected_index_is_found():
    indexes = copy.deepcopy(TEMPLATE_TABLES["audit-events"].global_secondary_indexes)
    assert _parts(_drift("audit-events", global_secondary_indexes=indexes[1:])) == {"global_indexes"}
    indexes[0]["IndexName"] = "by-someone"
    indexes[2]["Projection"] = {"ProjectionType": "KEYS_ONLY"}
    assert _parts(_drift("audit-events", global_secondary_indexes=indexes)) == {"global_indexes"}


def test_a_local_index_on_one_side_only_is_found():
    keys = [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}]
    local = [{"IndexName": "by-time", "KeySchema": keys, "Projection": {"ProjectionType": "ALL"}}]
    assert _parts(_drift("audit-events", local_secondary_indexes=local)) == {"local_indexes"}


def test_a_ttl_on_one_side_only_is_found():
    assert _parts(_drift("audit-events", ttl_attribute=None)) == {"ttl"}
    assert _parts(_drift("pixi-connections", ttl_attribute="ttl")) == {"ttl"}
