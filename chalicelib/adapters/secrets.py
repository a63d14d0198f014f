"""Secrets Manager (KMS-encrypted at rest): pixi passwords and the token signing key.

Reads go through the app's one TTL cache with a short lifetime. The cache key starts with the
secret name, and every tenant secret's name contains the tenant (``pcc/<stage>/tenants/<tenant>/...``),
so one tenant's value can never be served for another.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from chalicelib.adapters import aws
from chalicelib.cache import TtlCache
from chalicelib.errors import SecretNotFoundError, StorageUnavailableError
from chalicelib.settings import Settings


def pixi_password_secret_name(settings: Settings, tenant_id: str, connection_id: str) -> str:
    return f"{settings.secret_prefix}/tenants/{tenant_id}/pixi/{connection_id}"


def token_signing_key_secret_name(settings: Settings) -> str:
    return f"{settings.secret_prefix}/token-signing-key"


class SecretStore:
    def __init__(self, ttl_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._cache = TtlCache(clock=clock)

    def get(self, name: str) -> str:
        """The secret's value (``SecretNotFoundError`` when there is none), cached for a short time."""
        return self._cache.get_or_load((name,), self._ttl, lambda: self._fetch(name))

    def put(self, name: str, value: str, *, description: str = "") -> None:
        """Create the secret or store a new version of it."""
        from botocore.exceptions import BotoCoreError, ClientError

        sm = aws.client("secretsmanager")
        try:
            try:
                sm.create_secret(Name=name, SecretString=value, Description=description)
            except ClientError as exc:
                if _error_code(exc) != "ResourceExistsException":
                    raise
                sm.put_secret_value(SecretId=name, SecretString=value)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailableError(detail=f"secretsmanager put {name}: {exc}") from exc
        self.forget(name)

    def delete(self, name: str) -> None:
        """Remove the secret at once (no recovery window); a missing secret is fine."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            aws.client("secretsmanager").delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
        except ClientError as exc:
            if _error_code(exc) != "ResourceNotFoundException":
                raise StorageUnavailableError(detail=f"secretsmanager delete {name}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailableError(detail=f"secretsmanager delete {name}: {exc}") from exc
        self.forget(name)

    def exists(self, name: str) -> bool:
        try:
            self._fetch(name)
        except SecretNotFoundError:
            return False
        return True

    def forget(self, name: str) -> None:
        """Drop the cached value of one secret (after it changed)."""
        self._cache.forget((name,))

    def _fetch(self, name: str) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = aws.client("secretsmanager").get_secret_value(SecretId=name)
        except ClientError as exc:
            if _error_code(exc) == "ResourceNotFoundException":
                raise SecretNotFoundError(detail=f"secret {name} not found") from exc
            raise StorageUnavailableError(detail=f"secretsmanager get {name}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailableError(detail=f"secretsmanager get {name}: {exc}") from exc
        return str(answer["SecretString"])


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
