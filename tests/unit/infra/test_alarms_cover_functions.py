"""Every Lambda function `chalice deploy` creates for app.py has its log group and its error and
throttle alarms in infra/alarms.yaml, and every dead-letter queue of infra/data.yaml its alarm."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.infra.conftest import resolve, resources_of

APP_NAME = "pixi-callcenter"


def deployed_function_names(stage: str) -> set[str]:
    """Chalice's names: ``<app>-<stage>`` for the API, ``<app>-<stage>-<name>`` for the others."""
    import app

    chalice_app = app.app
    assert chalice_app.app_name == APP_NAME
    names = [source.name for source in chalice_app.event_sources]
    names += [handler.name for handler in chalice_app.builtin_auth_handlers]
    names += [function.name for function in chalice_app.pure_lambda_functions]
    return {f"{APP_NAME}-{stage}"} | {f"{APP_NAME}-{stage}-{name}" for name in names}


def alarmed(alarms_template: dict[str, Any], stage: str, namespace: str, metric: str) -> set[str]:
    return {
        resolve(dimension["Value"], stage)
        for alarm in resources_of(alarms_template, "AWS::CloudWatch::Alarm").values()
        if alarm["Namespace"] == namespace and alarm["MetricName"] == metric
        for dimension in alarm.get("Dimensions", [])
        if not isinstance(dimension["Value"], dict) or "Fn::Sub" in dimension["Value"]
    }


@pytest.mark.parametrize("metric", ["Errors", "Throttles"])
def test_every_lambda_function_has_an_alarm(alarms_template, metric):
    functions = deployed_function_names("prod")
    assert len(functions) >= 4  # API, authorizer, the jobs consumer, the signup expiry
    assert alarmed(alarms_template, "prod", "AWS/Lambda", metric) == functions


def test_every_dead_letter_queue_has_a_message_alarm(alarms_template, data_template):
    queues = resources_of(data_template, "AWS::SQS::Queue")
    dead_letter_ids = {
        queue["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for queue in queues.values()
        if "RedrivePolicy" in queue
    }
    exported = {
        output["Export"]["Name"]["Fn::Sub"]: output["Value"]["Fn::GetAtt"][0]
        for output in data_template["Outputs"].values()
        if "Export" in output and isinstance(output["Value"], dict) and "Fn::GetAtt" in output["Value"]
    }
    watched = {
        exported[dimension["Value"]["Fn::ImportValue"]["Fn::Sub"]]
        for alarm in resources_of(alarms_template, "AWS::CloudWatch::Alarm").values()
        if alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
        for dimension in alarm["Dimensions"]
    }
    assert dead_letter_ids and watched == dead_letter_ids


def test_every_alarm_notifies_the_alarm_topic(alarms_template):
    for logical_id, alarm in resources_of(alarms_template, "AWS::CloudWatch::Alarm").items():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}], logical_id


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_lambda_function_has_its_log_group_with_retention_and_encryption(alarms_template, stage):
    groups = resources_of(alarms_template, "AWS::Logs::LogGroup").values()
    named = {resolve(group["LogGroupName"], stage): group for group in groups}
    assert set(named) == {f"/aws/lambda/{name}" for name in deployed_function_names(stage)}
    retention = alarms_template["Mappings"]["LogRetentionDays"][stage]["Days"]
    for group in named.values():
        assert group["RetentionInDays"] == {"Fn::FindInMap": ["LogRetentionDays", {"Ref": "Stage"}, "Days"]}
        assert "KmsKeyId" in group
    assert retention >= 30
