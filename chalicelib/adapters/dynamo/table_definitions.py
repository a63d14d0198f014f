"""The tables as ``infra/data.yaml`` defines them: the one source of keys, indexes and TTL.

CloudFormation creates the tables of a deployed stage from that template; ``bootstrap.create_tables``
creates the same tables locally (DynamoDB Local, moto) from the same definitions, and a unit test
holds the PynamoDB models to them. A table of the template is named ``pcc-${Stage}-<base name>``;
locally and in tests it gets the settings' ``table_prefix`` instead.

Only the local stack and the tests read the template (PyYAML is a development dependency); the
deployed Lambda never imports this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_TEMPLATE = Path(__file__).resolve().parents[3] / "infra" / "data.yaml"
TABLE_NAME = re.compile(r"^pcc-\$\{Stage\}-(?P<base_name>[a-z0-9-]+)$")
"""How the template names a table: ``!Sub "pcc-${Stage}-<base name>"``."""


class TemplateError(Exception):
    """The template does not say what this module needs (a table without ``!Sub`` name, ...)."""


def load_template(path: Path) -> dict[str, Any]:
    """A CloudFormation YAML template as plain data; intrinsic tags become their JSON form
    (``!Ref X`` -> ``{"Ref": "X"}``, ``!Sub s`` -> ``{"Fn::Sub": s}``, ``!GetAtt A.B`` ->
    ``{"Fn::GetAtt": ["A", "B"]}``)."""
    import yaml

    class CloudFormationLoader(yaml.SafeLoader):
        pass

    def intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if suffix == "Ref":
            return {"Ref": value}
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {f"Fn::{suffix}": value}

    CloudFormationLoader.add_multi_constructor("!", intrinsic)
    loaded: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=CloudFormationLoader)  # noqa: S506
    return loaded


@dataclass(frozen=True)
class TableDefinition:
    """One ``AWS::DynamoDB::Table`` of the template, in the shape of DynamoDB's own API."""

    logical_id: str
    base_name: str
    key_schema: list[dict[str, str]]
    attribute_definitions: list[dict[str, str]]
    global_secondary_indexes: list[dict[str, Any]] = field(default_factory=list)
    local_secondary_indexes: list[dict[str, Any]] = field(default_factory=list)
    ttl_attribute: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    """Everything else the template sets (billing, encryption, point-in-time recovery, ...)."""

    def create_table_request(self, table_name: str) -> dict[str, Any]:
        """The arguments of DynamoDB ``CreateTable`` for this table under ``table_name``, on demand.

        Encryption and point-in-time recovery are left to CloudFormation (DynamoDB Local has
        neither); the TTL is a separate call (``UpdateTimeToLive``)."""
        request: dict[str, Any] = {
            "TableName": table_name,
            "KeySchema": self.key_schema,
            "AttributeDefinitions": self.attribute_definitions,
            "BillingMode": "PAY_PER_REQUEST",
        }
        if self.global_secondary_indexes:
            request["GlobalSecondaryIndexes"] = self.global_secondary_indexes
        if self.local_secondary_indexes:
            request["LocalSecondaryIndexes"] = self.local_secondary_indexes
        return request


def table_definitions(template: Path = DATA_TEMPLATE) -> dict[str, TableDefinition]:
    """Every table of the template by base name (``tenants``, ``agents``, ...)."""
    resources: dict[str, Any] = load_template(template).get("Resources", {})
    found: dict[str, TableDefinition] = {}
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::DynamoDB::Table":
            continue
        definition = _table_definition(logical_id, resource.get("Properties", {}))
        if definition.base_name in found:
            raise TemplateError(f"{template}: two tables named {definition.base_name!r}")
        found[definition.base_name] = definition
    return found


def _table_definition(logical_id: str, properties: dict[str, Any]) -> TableDefinition:
    name = properties.get("TableName")
    sub = name.get("Fn::Sub") if isinstance(name, dict) else None
    matched = TABLE_NAME.match(sub) if isinstance(sub, str) else None
    if matched is None:
        raise TemplateError(f'{logical_id}: TableName must be !Sub "pcc-${{Stage}}-<name>", not {name!r}')
    ttl = properties.get("TimeToLiveSpecification") or {}
    return TableDefinition(
        logical_id=logical_id,
        base_name=matched["base_name"],
        key_schema=properties["KeySchema"],
        attribute_definitions=properties["AttributeDefinitions"],
        global_secondary_indexes=properties.get("GlobalSecondaryIndexes", []),
        local_secondary_indexes=properties.get("LocalSecondaryIndexes", []),
        ttl_attribute=ttl.get("AttributeName") if ttl.get("Enabled") is True else None,
        properties=properties,
    )
