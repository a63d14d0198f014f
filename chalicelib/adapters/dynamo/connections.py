"""The tenant's pixi API connections (the password itself lives in the secret store)."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamo.models import PixiConnectionModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.tenant import PixiApiConnection
from chalicelib.errors import ConflictError, NotFoundError

CONNECTION_NOT_FOUND_MESSAGE = "Diese pixi-API-Verbindung gibt es in diesem Konto nicht."


def _connection_from(item: PixiConnectionModel) -> PixiApiConnection:
    return PixiApiConnection(
        tenant_id=item.tenant_id,
        connection_id=item.connection_id,
        name=item.name,
        endpoint=item.endpoint,
        username=item.username,
        password_secret_ref=item.password_secret_ref,
        active=bool(item.active),
        is_default=bool(item.is_default),
        created_at=aware(item.created_at),
    )


class PixiConnectionRepository:
    def list_for_tenant(self, tenant_id: str) -> list[PixiApiConnection]:
        with storage("list pixi connections"):
            return [_connection_from(item) for item in PixiConnectionModel.query(tenant_id)]

    def get(self, tenant_id: str, connection_id: str) -> PixiApiConnection | None:
        with storage("get pixi connection"):
            try:
                return _connection_from(PixiConnectionModel.get(tenant_id, connection_id))
            except DoesNotExist:
                return None

    def delete(self, tenant_id: str, connection_id: str) -> None:
        with storage("delete pixi connection"):
            PixiConnectionModel(tenant_id, connection_id).delete()

    def set_default(self, tenant_id: str, connection_id: str) -> None:
        """Make one connection the default and every other one not, in one transaction."""
        with storage("set default pixi connection"):
            items = list(PixiConnectionModel.query(tenant_id))
            if not any(item.connection_id == connection_id for item in items):
                raise NotFoundError(CONNECTION_NOT_FOUND_MESSAGE, detail=connection_id)
            try:
                with TransactWrite(connection=PixiConnectionModel._get_connection().connection) as tx:
                    for item in items:
                        wanted = item.connection_id == connection_id
                        if bool(item.is_default) != wanted or wanted:
                            tx.update(
                                PixiConnectionModel(tenant_id, item.connection_id),
                                actions=[PixiConnectionModel.is_default.set(wanted)],
                                condition=PixiConnectionModel.connection_id.exists(),
                            )
            except TransactWriteError as exc:
                if condition_failed(exc):
                    raise ConflictError(detail=f"connections of {tenant_id} changed meanwhile") from exc
                raise

    def save(self, connection: PixiApiConnection) -> None:
        with storage("save pixi connection"):
            PixiConnectionModel(
                connection.tenant_id,
                connection.connection_id,
                name=connection.name,
                endpoint=connection.endpoint,
                username=connection.username,
                password_secret_ref=connection.password_secret_ref,
                active=connection.active,
                is_default=connection.is_default,
                created_at=connection.created_at or datetime.now(UTC),
            ).save()
