"""The deployment files as data: the CloudFormation templates of infra/ and .chalice/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from chalicelib.adapters.dynamo.table_definitions import load_template

ROOT = Path(__file__).resolve().parents[3]
INFRA = ROOT / "infra"
CHALICE = ROOT / ".chalice"
STAGES = ("dev", "prod")


def resolve(value: Any, stage: str) -> str:
    """A name the template writes as ``!Sub "...${Stage}..."`` (or plainly), for one stage."""
    text = value["Fn::Sub"] if isinstance(value, dict) else value
    assert isinstance(text, str), f"not a plain !Sub: {value!r}"
    resolved = text.replace("${Stage}", stage)
    assert not re.search(r"\$\{", resolved), f"{text!r} needs more than the stage"
    return resolved


def resources_of(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource.get("Properties", {})
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


@pytest.fixture(scope="session")
def data_template() -> dict[str, Any]:
    return load_template(INFRA / "data.yaml")


@pytest.fixture(scope="session")
def mail_template() -> dict[str, Any]:
    return load_template(INFRA / "mail.yaml")


@pytest.fixture(scope="session")
def alarms_template() -> dict[str, Any]:
    return load_template(INFRA / "alarms.yaml")


@pytest.fixture(scope="session")
def chalice_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads((CHALICE / "config.json").read_text(encoding="utf-8"))
    return config


def stage_environment(config: dict[str, Any], stage: str) -> dict[str, str]:
    """The environment chalice gives the stage's Lambda functions (top level, then the stage's)."""
    return {**config.get("environment_variables", {}), **config["stages"][stage]["environment_variables"]}


def lambda_policy(stage: str) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads((CHALICE / f"policy-{stage}.json").read_text(encoding="utf-8"))
    return policy
