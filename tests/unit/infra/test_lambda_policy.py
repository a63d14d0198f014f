"""The Lambda role's policy (.chalice/policy-<stage>.json) is least privilege: each grant names
resources of the stage's templates (or the app's own names), and everything the stage has is granted.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any

import pytest

from chalicelib.adapters.secrets import pixi_password_secret_name, token_signing_key_secret_name
from chalicelib.settings import settings_from_env
from tests.unit.infra.conftest import STAGES, lambda_policy, resolve, resources_of, stage_environment

WITHOUT_RESOURCE_LEVEL = {"ses:VerifyEmailIdentity", "ses:GetIdentityVerificationAttributes"}
"""Actions IAM cannot limit to a resource: the only ones allowed on ``*``."""
ARN = "arn:aws:{service}:eu-central-1:123456789012:{resource}"
SECRET_SUFFIX = "-AbC123"  # Secrets Manager appends six random characters to a secret's ARN


def statements(stage: str) -> dict[str, dict[str, Any]]:
    return {statement["Sid"]: statement for statement in lambda_policy(stage)["Statement"]}


def grants(stage: str, sid: str, arn: str) -> bool:
    resources = statements(stage)[sid]["Resource"]
    return any(
        fnmatchcase(arn, pattern) for pattern in ([resources] if isinstance(resources, str) else resources)
    )


def stage_resources(stage: str, config, data_template, mail_template) -> dict[str, list[str]]:
    """Per statement, the ARNs of real resources of the stage it must grant."""
    settings = settings_from_env(stage_environment(config, stage))
    tables = resources_of(data_template, "AWS::DynamoDB::Table").values()
    queues = resources_of(data_template, "AWS::SQS::Queue").values()
    (configuration_set,) = resources_of(mail_template, "AWS::SES::ConfigurationSet").values()
    functions = ["", "-token_authorizer", "-run-jobs", "-expire-unverified-signups"]
    return {
        "Logs": [
            ARN.format(
                service="logs", resource=f"log-group:/aws/lambda/pixi-callcenter-{stage}{f}:log-stream:x"
            )
            for f in functions
        ],
        "Tables": [
            ARN.format(service="dynamodb", resource=f"table/{resolve(t['TableName'], stage)}") for t in tables
        ]
        + [
            ARN.format(
                service="dynamodb", resource=f"table/{resolve(t['TableName'], stage)}/index/{i['IndexName']}"
            )
            for t in tables
            for i in t.get("GlobalSecondaryIndexes", [])
        ],
        "WorkQueues": [ARN.format(service="sqs", resource=resolve(q["QueueName"], stage)) for q in queues],
        "TokenSigningKey": [
            ARN.format(
                service="secretsmanager",
                resource=f"secret:{token_signing_key_secret_name(settings)}{SECRET_SUFFIX}",
            )
        ],
        "PixiPasswords": [
            ARN.format(
                service="secretsmanager",
                resource=f"secret:{pixi_password_secret_name(settings, 'demo', 'default')}{SECRET_SUFFIX}",
            )
        ],
        "SendMail": [
            ARN.format(service="ses", resource="identity/callcenter.example"),
            ARN.format(
                service="ses", resource=f"configuration-set/{resolve(configuration_set['Name'], stage)}"
            ),
        ],
    }


def test_dev_and_prod_have_one_policy_that_differs_only_by_the_stage():
    assert json.dumps(lambda_policy("prod")).replace("prod", "dev") == json.dumps(lambda_policy("dev"))


@pytest.mark.parametrize("stage", STAGES)
def test_every_resource_of_the_stage_is_granted(stage, chalice_config, data_template, mail_template):
    for sid, arns in stage_resources(stage, chalice_config, data_template, mail_template).items():
        missing = [arn for arn in arns if not grants(stage, sid, arn)]
        assert missing == [], f"{sid} does not grant {missing}"


@pytest.mark.parametrize("stage", STAGES)
def test_no_grant_reaches_the_other_stage(stage, chalice_config, data_template, mail_template):
    other = next(s for s in STAGES if s != stage)
    for sid, arns in stage_resources(other, chalice_config, data_template, mail_template).items():
        if sid == "SendMail":  # identities are the account's, shared by design
            continue
        assert not any(grants(stage, sid, arn) for arn in arns), f"{stage}: {sid} grants {other}"


@pytest.mark.parametrize("stage", STAGES)
def test_only_actions_without_resource_level_permissions_are_allowed_on_everything(stage):
    for statement in statements(stage).values():
        assert statement["Effect"] == "Allow"
        if statement["Resource"] == "*":
            assert set(statement["Action"]) <= WITHOUT_RESOURCE_LEVEL, statement["Sid"]
        assert not any(action.endswith("*") for action in statement["Action"]), statement["Sid"]


@pytest.mark.parametrize("stage", STAGES)
def test_the_signing_key_is_read_only_and_the_data_key_only_the_stages(stage, data_template):
    assert statements(stage)["TokenSigningKey"]["Action"] == ["secretsmanager:GetSecretValue"]
    (alias,) = resources_of(data_template, "AWS::KMS::Alias").values()
    condition = statements(stage)["DataKey"]["Condition"]
    assert condition == {
        "ForAnyValue:StringEquals": {"kms:ResourceAliases": resolve(alias["AliasName"], stage)}
    }


def test_the_check_sees_a_missing_grant():
    assert grants("prod", "Tables", ARN.format(service="dynamodb", resource="table/pcc-prod-tenants"))
    assert not grants("prod", "Tables", ARN.format(service="dynamodb", resource="table/pcc-dev-tenants"))
    assert not grants("prod", "WorkQueues", ARN.format(service="sqs", resource="other-jobs"))
