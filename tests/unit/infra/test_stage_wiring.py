"""The environment of each deployed stage (.chalice/config.json) names exactly what infra/data.yaml
creates for it: tables, work queues with their dead-letter queues, the token signing key."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.queue import VISIBILITY_TIMEOUT_SECONDS, WORK_QUEUES
from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.settings import Settings, settings_from_env
from tests.unit.infra.conftest import STAGES, resolve, resources_of, stage_environment


def stage_settings(config: dict[str, Any], stage: str) -> Settings:
    return settings_from_env(stage_environment(config, stage))


@pytest.mark.parametrize("stage", STAGES)
def test_the_stage_environment_holds_the_data_stack_outputs(stage, chalice_config, data_template):
    environment = stage_environment(chalice_config, stage)
    outputs = data_template["Outputs"]
    assert environment["APP_STAGE"] == stage
    assert environment["TABLE_PREFIX"] == resolve(outputs["TablePrefix"]["Value"], stage)
    assert environment["QUEUE_PREFIX"] == resolve(outputs["QueuePrefix"]["Value"], stage)
    assert chalice_config["stages"][stage]["iam_policy_file"] == f"policy-{stage}.json"


@pytest.mark.parametrize("stage", STAGES)
def test_the_app_of_the_stage_finds_every_table_of_the_template(stage, chalice_config, data_template):
    settings = stage_settings(chalice_config, stage)
    tables = resources_of(data_template, "AWS::DynamoDB::Table")
    names = {resolve(table["TableName"], stage) for table in tables.values()}
    from chalicelib.adapters.dynamo.models import ALL_MODELS

    assert {settings.table_prefix + base for base in ALL_MODELS.values()} <= names
    assert settings.idempotency_table_name in names


@pytest.mark.parametrize("stage", STAGES)
def test_every_work_queue_is_in_the_template_with_its_dead_letter_queue(stage, chalice_config, data_template):
    settings = stage_settings(chalice_config, stage)
    queues = {
        resolve(queue["QueueName"], stage): (logical_id, queue)
        for logical_id, queue in resources_of(data_template, "AWS::SQS::Queue").items()
    }
    expected = {settings.work_queue_name(n) for n in WORK_QUEUES} | {
        settings.dead_letter_queue_name(n) for n in WORK_QUEUES
    }
    assert set(queues) == expected
    for name in WORK_QUEUES:
        _, queue = queues[settings.work_queue_name(name)]
        dead_letter_id, _ = queues[settings.dead_letter_queue_name(name)]
        assert queue["VisibilityTimeout"] == VISIBILITY_TIMEOUT_SECONDS
        assert queue["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dead_letter_id, "Arn"]},
            "maxReceiveCount": settings.job_max_receive_count,
        }
    assert all("KmsMasterKeyId" in queue for _, queue in queues.values())


@pytest.mark.parametrize("stage", STAGES)
def test_the_token_signing_key_is_the_secret_the_app_reads(stage, chalice_config, data_template):
    settings = stage_settings(chalice_config, stage)
    (secret,) = resources_of(data_template, "AWS::SecretsManager::Secret").values()
    assert resolve(secret["Name"], stage) == token_signing_key_secret_name(settings)
    assert secret["KmsKeyId"] == {"Ref": "DataKey"}
