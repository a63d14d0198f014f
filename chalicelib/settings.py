"""The one settings object, read once from the environment.

Every module asks ``get_settings()``; nothing else reads ``os.environ`` for configuration. Tests that
change the environment call ``get_settings.cache_clear()`` (``reset_settings()`` does that and also
forgets the clients and models built from the old values).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Stage = Literal["local", "test", "dev", "prod"]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: Stage = "local"
    aws_region: str = "eu-central-1"
    aws_endpoint_url: str | None = None
    dynamodb_endpoint_url: str | None = None
    table_prefix: str = ""
    web_base_url: str = "http://127.0.0.1:8080"
    allow_loopback_urls: bool = False
    token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    session_lifetime_seconds: int = Field(default=12 * 3600, ge=300, le=7 * 86400)
    """A session's absolute lifetime from the login (a working day): refresh does not extend it."""
    steady_answer_seconds: float = Field(default=0.5, ge=0, le=5)
    """Password reset and signup answer after at least this long, whatever they found (see
    ``services.steady_answer``); above the slower way's time (link stored, mail sent)."""
    mail_from: str = "noreply@callcenter.example"
    secret_cache_seconds: float = Field(default=60.0, ge=0)
    audit_retention_days: int = Field(default=365, ge=1, le=3650)
    """How long the audit trail keeps an event (DynamoDB removes it afterwards by TTL)."""
    queue_prefix: str = ""
    """Work queues are named ``<queue_prefix><name>`` (default ``pcc-<stage>-``), each beside its
    dead-letter queue ``<queue_prefix><name>-dlq``."""
    job_max_receive_count: int = Field(default=5, ge=1, le=1000)
    """Receives of a job message before SQS moves it to the dead-letter queue."""
    promo_file_max_bytes: int = Field(default=100_000_000, ge=1000)
    """The largest promo price file a download may bring (a million rows are about 30 MB)."""
    promo_file_timeout_seconds: float = Field(default=120.0, gt=0, le=900)
    """How long an import may take to download its promo price file."""
    promo_preview_timeout_seconds: float = Field(default=20.0, gt=0, le=28)
    """How long a preview may download (it answers an API request: API Gateway waits 29 s)."""

    @field_validator("aws_endpoint_url", "dynamodb_endpoint_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @property
    def secret_prefix(self) -> str:
        """Every secret of this deployment lives below ``pcc/<stage>/``."""
        return f"pcc/{self.stage}"

    @property
    def dynamodb_endpoint(self) -> str | None:
        return self.dynamodb_endpoint_url or self.aws_endpoint_url

    def work_queue_name(self, name: str) -> str:
        return f"{self.queue_prefix or f'pcc-{self.stage}-'}{name}"

    def dead_letter_queue_name(self, name: str) -> str:
        return f"{self.work_queue_name(name)}-dlq"

    @property
    def idempotency_table_name(self) -> str:
        """Powertools Idempotency's records (see ``chalicelib.adapters.idempotency``)."""
        return f"{self.table_prefix}idempotency"


_ENV_NAMES: dict[str, str] = {
    "APP_STAGE": "stage",
    "AWS_DEFAULT_REGION": "aws_region",
    "AWS_ENDPOINT_URL": "aws_endpoint_url",
    "AWS_ENDPOINT_URL_DYNAMODB": "dynamodb_endpoint_url",
    "TABLE_PREFIX": "table_prefix",
    "WEB_BASE_URL": "web_base_url",
    "ALLOW_LOOPBACK_URLS": "allow_loopback_urls",
    "TOKEN_TTL_SECONDS": "token_ttl_seconds",
    "SESSION_LIFETIME_SECONDS": "session_lifetime_seconds",
    "STEADY_ANSWER_SECONDS": "steady_answer_seconds",
    "MAIL_FROM": "mail_from",
    "AUDIT_RETENTION_DAYS": "audit_retention_days",
    "QUEUE_PREFIX": "queue_prefix",
    "JOB_MAX_RECEIVE_COUNT": "job_max_receive_count",
    "PROMO_FILE_MAX_BYTES": "promo_file_max_bytes",
    "PROMO_FILE_TIMEOUT_SECONDS": "promo_file_timeout_seconds",
}


def settings_from_env(environ: Mapping[str, str]) -> Settings:
    """Build settings from an environment mapping; a bad value fails loudly at start."""
    values: dict[str, str] = {
        field: environ[name] for name, field in _ENV_NAMES.items() if environ.get(name, "") != ""
    }
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        raise RuntimeError(f"Invalid environment configuration: {exc}") from exc
    if not settings.table_prefix:
        settings = settings.model_copy(update={"table_prefix": f"pcc-{settings.stage}-"})
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from_env(os.environ)


_built_from_settings: list[Callable[[], None]] = []


def on_reset(forget: Callable[[], None]) -> None:
    """Register how a module forgets what it built from the settings (its clients, its adapters).

    The modules that build from the settings register themselves, so this module imports none of
    them (no import circle settings -> wiring -> adapters -> settings)."""
    if forget not in _built_from_settings:
        _built_from_settings.append(forget)


def reset_settings() -> None:
    """Forget the settings and everything built from them (for tests that change the environment)."""
    get_settings.cache_clear()
    for forget in _built_from_settings:
        forget()
