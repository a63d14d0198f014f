import pytest

from chalicelib.settings import settings_from_env


def test_defaults():
    settings = settings_from_env({})
    assert settings.stage == "local"
    assert settings.aws_region == "eu-central-1"
    assert settings.table_prefix == "pcc-local-"
    assert settings.token_ttl_seconds == 900
    assert settings.web_base_url == "http://127.0.0.1:8080"
    assert settings.mail_from == "noreply@callcenter.example"
    assert settings.allow_loopback_urls is False
    assert settings.aws_endpoint_url is None and settings.dynamodb_endpoint is None
    assert settings.secret_prefix == "pcc/local"


def test_values_from_environment():
    settings = settings_from_env({
        "APP_STAGE": "prod",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
        "TOKEN_TTL_SECONDS": "600",
        "ALLOW_LOOPBACK_URLS": "1",
        "MAIL_FROM": "info@shop.example",
    })
    assert settings.stage == "prod"
    assert settings.table_prefix == "pcc-prod-"
    assert settings.aws_region == "eu-west-1"
    assert settings.dynamodb_endpoint == "http://127.0.0.1:8000"
    assert settings.token_ttl_seconds == 600
    assert settings.allow_loopback_urls is True
    assert settings.mail_from == "info@shop.example"


def test_dynamodb_falls_back_to_the_general_endpoint_and_empty_means_unset():
    settings = settings_from_env({"AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
                                  "AWS_ENDPOINT_URL_DYNAMODB": ""})
    assert settings.dynamodb_endpoint == "http://127.0.0.1:5000"


def test_explicit_table_prefix_wins():
    assert settings_from_env({"APP_STAGE": "dev", "TABLE_PREFIX": "x-"}).table_prefix == "x-"


@pytest.mark.parametrize("env", [{"APP_STAGE": "staging"}, {"TOKEN_TTL_SECONDS": "abc"},
                                 {"TOKEN_TTL_SECONDS": "5"}, {"ALLOW_LOOPBACK_URLS": "maybe"}])
def test_bad_values_fail_loudly(env):
    with pytest.raises(RuntimeError, match="Invalid environment configuration"):
        settings_from_env(env)
