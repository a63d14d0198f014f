"""Secrets Manager (KMS-encrypted at rest): pixi passwords and the token signing key.

Reads go through a small per-process cache with a short lifetime. The cache key is the secret
name, and every tenant secret's name contains the tenant (``pcc/<stage>/tenants/<tenant>/...``),
so one tenant's value can never be served for another.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from chalicelib.adapters import aws
from chalicelib.errors import NotFoundError, StorageUnavailableError
from chalicelib.settings import Settings


def pixi_password_secret_name(settings: Settings, tenant_id: str, connection_id: str) -> str:
    return f"{settings.secret_prefix}/tenants/{tenant_id}/pixi/{connection_id}"


def token_signing_key_secret_name(settings: Settings) -> str:
    return f"{settings.secret_prefix}/token-signing-key"


class SecretNotFoundError(NotFoundError):
    default_message = "Ein benötigter geheimer Schlüssel fehlt."


class SecretStore:
    def __init__(self, ttl_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str:
        now = self._clock()
        cached = self._cache.get(name)
        if cached is not None and cached[1] > now:
            return cached[0]
        value = self._fetch(name)
        with self._lock:
            self._cache[name] = (value, now + self._ttl)
        return value

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

    def forget(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._cache.clear()
            else:
                self._cache.pop(name, None)

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
